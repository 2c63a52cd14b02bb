"""Extraction throughput on the real corpus: documents and sentences per second, one core.

    .venv/bin/python benchmarks/bench_extract.py [CORPUS_DIR] [--repeat N] [--profile]

Documents are read first (reading is the sources stage, measured elsewhere); the timed part is
`graph.extract.extract(doc)` over every document. The first pass warms the caches (gazetteer,
compiled patterns, resolved names, the mentions of sentences already read), as a long-running
ingest would; the figure is the best of the following passes. The first pass is reported too
("cold"): it is what a fresh process pays for documents it has never seen. Both wall-clock and
CPU time (`time.process_time`, which a busy shared machine inflates far less) are reported.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from graph.extract import extract
from graph.extract.text import sentences
from graph.sources import SourceError, iter_documents

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # ../shared beside the repo


def main() -> None:
    """Read the corpus, time extraction, print docs/s and sentences/s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()

    docs = [d for d in iter_documents([args.corpus]) if not isinstance(d, SourceError)]
    n_sent = sum(len(sentences(d)) for d in docs)
    extract(docs[0])  # loads the gazetteer and compiles the patterns
    start_cpu = time.process_time()
    for doc in docs:  # warm-up pass
        extract(doc)
    cold = time.process_time() - start_cpu
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
    best = cpu = float("inf")
    facts = 0
    for _ in range(max(1, args.repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        facts = sum(len(extract(doc)) for doc in docs)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    if args.profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    print(f"documents: {len(docs)}  sentences: {n_sent}  facts: {facts}")
    print(
        f"extract (wall): {best:.2f} s  ->  {len(docs) / best:,.0f} docs/s, {n_sent / best:,.0f} sentences/s"
    )
    print(f"extract (cpu):  {cpu:.2f} s  ->  {len(docs) / cpu:,.0f} docs/s, {n_sent / cpu:,.0f} sentences/s")
    print(
        f"first pass, cold caches (cpu): {cold:.2f} s  ->  {len(docs) / cold:,.0f} docs/s, "
        f"{n_sent / cold:,.0f} sentences/s"
    )


if __name__ == "__main__":
    main()
