"""Synthetic inputs for the benchmarks: announcements, directories and large RDF graphs."""
