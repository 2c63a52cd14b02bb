"""Imported once by the ingest pool's fork server (`multiprocessing.set_forkserver_preload`):
it loads the parsers, extraction patterns and gazetteer there, so every worker forked from
the server starts with them already in memory instead of loading them itself."""

from graph.pipeline_worker import warm

warm()
