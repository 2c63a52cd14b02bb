"""Reading throughput on the real corpus: documents, errors and seconds for `iter_documents`.

    .venv/bin/python benchmarks/bench_sources.py [CORPUS_DIR] [--repeat N] [--profile]

Prints the documents read, the errors (each with its file and reason), records found, and the
best wall and CPU time of N passes (CPU time is the fairer figure on a shared machine).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import Counter
from pathlib import Path

from graph.model import Document
from graph.sources import SourceError, iter_documents

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def one_pass(corpus: Path) -> tuple[list[Document], list[SourceError], float, float]:
    """Read everything once; returns documents, errors, wall seconds and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    docs: list[Document] = []
    errors: list[SourceError] = []
    for item in iter_documents([corpus]):
        (errors if isinstance(item, SourceError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    """Time `iter_documents` over the corpus and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(one_pass, args.corpus)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    runs = [one_pass(args.corpus) for _ in range(args.repeat)]
    docs, errors, _, _ = runs[0]
    wall = min(r[2] for r in runs)
    cpu = min(r[3] for r in runs)
    formats = Counter(d.format for d in docs)
    print(f"documents  {len(docs)}  ({', '.join(f'{k} {v}' for k, v in formats.most_common())})")
    print(f"records    {sum(len(d.records) for d in docs)}")
    print(f"blocks     {sum(len(d.blocks) for d in docs)}")
    print(f"errors     {len(errors)}")
    for error in errors:
        print(f"  {error}")
    print(f"seconds    wall {wall:.2f}  cpu {cpu:.2f}  (best of {args.repeat})")
    print(f"docs/s     {len(docs) / cpu:.0f} per CPU second")


if __name__ == "__main__":
    main()
