"""Extraction throughput on the real corpus: documents and sentences per second, one core.

    .venv/bin/python benchmarks/bench_extract.py [CORPUS_DIR] [--runs N] [--profile]

Each run is a fresh process: it reads the documents (reading is the sources stage, measured
elsewhere), loads the gazetteer and the pattern files on one document, then times
`graph.extract.extract(doc)` over every document once. That first pass is what new documents
cost: no per-text cache has seen them. The figure reported is the best and the median of the
runs, in CPU time (`time.process_time`, which a busy shared machine inflates less than the wall
clock); the goal of issue #3 is 300 documents a second.

Each run then makes a second pass over the same documents. It is reported apart, as "repeat
pass": the per-sentence caches answer part of it, so it overstates what new documents cost.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # ../shared beside the repo
GOAL = 300  # documents per second, issue #3


def one_run(corpus: Path, profile: bool) -> dict[str, float]:
    """Read the corpus, then time one cold and one repeat extraction pass (CPU and wall seconds)."""
    from graph.extract import extract
    from graph.extract.text import sentences
    from graph.sources import SourceError, iter_documents

    docs = [d for d in iter_documents([corpus]) if not isinstance(d, SourceError)]
    n_sent = sum(len(sentences(d)) for d in docs)
    started = time.process_time()
    extract(docs[0])  # loads the gazetteer and compiles the patterns
    startup = time.process_time() - started
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    cpu, wall = time.process_time(), time.perf_counter()
    facts = sum(len(extract(doc)) for doc in docs)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if prof:
        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    repeat = time.process_time()
    for doc in docs:
        extract(doc)
    repeat = time.process_time() - repeat
    return {
        "docs": len(docs),
        "sentences": n_sent,
        "facts": facts,
        "cpu": cpu,
        "wall": wall,
        "repeat_cpu": repeat,
        "startup_cpu": startup,
    }


def main() -> None:
    """Run N fresh processes, print docs/s and sentences/s of the cold pass (best, median)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to run (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile the cold pass of one run")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args()
    if args.one or args.profile:
        result = one_run(args.corpus, args.profile)
        print(json.dumps(result))
        return
    runs = []
    for n in range(max(1, args.runs)):
        out = subprocess.run(
            [sys.executable, __file__, str(args.corpus), "--one"], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
        print(f"run {n + 1}: cold pass {runs[-1]['cpu']:.2f} s CPU", file=sys.stderr)
    first = runs[0]
    cpu = sorted(r["cpu"] for r in runs)
    best, median = cpu[0], statistics.median(cpu)
    wall = min(r["wall"] for r in runs)
    repeat = min(r["repeat_cpu"] for r in runs)
    rate = first["docs"] / best
    print(f"documents: {first['docs']}  sentences: {first['sentences']}  facts: {first['facts']}")
    print(
        f"cold pass, {len(runs)} fresh processes (cpu): best {best:.2f} s -> {rate:,.0f} docs/s, "
        f"{first['sentences'] / best:,.0f} sentences/s; median {median:.2f} s -> "
        f"{first['docs'] / median:,.0f} docs/s  (goal {GOAL} docs/s: {'met' if rate >= GOAL else 'not met'})"
    )
    print(f"cold pass (wall, best): {wall:.2f} s -> {first['docs'] / wall:,.0f} docs/s")
    print(
        f"repeat pass, caches warm (cpu, best): {repeat:.2f} s -> {first['docs'] / repeat:,.0f} docs/s "
        "(overstates new documents)"
    )
    print(f"start-up (gazetteer, patterns; cpu): {first['startup_cpu']:.2f} s")


if __name__ == "__main__":
    main()
