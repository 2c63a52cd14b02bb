"""Extraction throughput, end-to-end ingest, re-ingest of unchanged documents, ingest memory.

    .venv/bin/python -m benchmarks.bench_ingest [CORPUS] [--jobs 1 2]
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.figures import Figure, Results, dir_size, run_child

#: The shared corpus beside the repository (CI clones the repository with ../shared next to it).
REAL_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@contextmanager
def tree_cpu() -> Iterator[list[float]]:
    """CPU seconds of this process and every process below it (ingest workers are forked from a
    fork server, so `RUSAGE_CHILDREN` never sees them): /proc is polled every 0.1 s while the
    block runs. Yields a list that holds [this process, the others] once the block is done."""
    tick = os.sysconf("SC_CLK_TCK")
    seen: dict[int, int] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid, used in _descendants(os.getpid()).items():
                seen[pid] = max(seen.get(pid, 0), used)
            done.wait(0.1)

    figures: list[float] = []
    start = time.process_time()
    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        yield figures
    finally:
        done.set()
        watcher.join()
        figures[:] = [time.process_time() - start, sum(seen.values()) / tick]


def _descendants(root: int) -> dict[int, int]:
    """pid -> user+system clock ticks of every live process below `root` (Linux /proc)."""
    parents, used = {}, {}
    for name in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)], used[int(name)] = int(fields[1]), int(fields[11]) + int(fields[12])
    below, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in below}
        below |= frontier
    return {pid: used[pid] for pid in below}


def _documents(root: Path) -> tuple[list, int]:
    from graph.sources import SourceError, iter_documents

    docs, failed = [], 0
    for item in iter_documents([root]):
        if isinstance(item, SourceError):
            failed += 1
        else:
            docs.append(item)
    return docs, failed


def extraction(results: Results, label: str, root: Path) -> None:
    """Documents and sentences per second of `extract` alone (documents read beforehand), one process."""
    from graph.extract import extract
    from graph.extract.text import sentences

    started = time.perf_counter()
    docs, failed = _documents(root)
    read_seconds = time.perf_counter() - started
    count = sum(len(sentences(doc)) for doc in docs)
    extract(docs[0])  # load patterns and gazetteer outside the timing
    started = time.perf_counter()
    facts = sum(len(extract(doc)) for doc in docs)
    seconds = time.perf_counter() - started
    rate = len(docs) / seconds
    note = f"{len(docs)} docs, {count / seconds:,.0f} sentences/s, {facts} facts, {seconds:.1f} s"
    results.add(Figure("extract", f"extraction, {label}", rate, "docs/s", "≥ 500 docs/s", rate >= 500, note))
    results.add(Figure("extract", f"reading (sources), {label}", len(docs) / read_seconds, "docs/s",
                       note=f"{failed} files refused"))


def ingest(results: Results, label: str, root: Path, jobs: int | None = None) -> None:
    """End-to-end ingest into a fresh persistent store (`jobs` processes, default one per core),
    the store's size, and a re-ingest of the same files. CPU time covers the worker processes."""
    from graph.pipeline import ingest_paths
    from graph.pipeline_pool import default_jobs
    from graph.store import open_store

    jobs = jobs or default_jobs()
    tmp = Path(tempfile.mkdtemp(prefix="fkg-ingest-"))
    try:
        with open_store(tmp / "store") as store, tree_cpu() as cpu:
            first = ingest_paths([root], store, jobs=jobs)
        with open_store(tmp / "store") as store:
            triples = store.count_triples()
        rate = first.documents / first.seconds
        name = f"ingest, {label}, {jobs} job(s)"
        results.add(Figure("ingest", name, rate, "docs/s", "≥ 200 docs/s", rate >= 200,
                           f"{first.stored} stored, {len(first.failed)} failed, {first.facts} facts, "
                           f"{triples:,} triples, {first.seconds:.1f} s wall, CPU {cpu[0]:.1f} s storing "
                           f"process + {cpu[1]:.1f} s workers, load {os.getloadavg()[0]:.1f}"))
        size = dir_size(tmp / "store")
        results.add(Figure("ingest", f"store size on disk, {label}", size / 2**20, "MiB",
                           note=f"{size / max(triples, 1):.0f} bytes/triple"))
        with open_store(tmp / "store") as store:
            started = time.process_time()
            again = ingest_paths([root], store, jobs=jobs)
            cpu_again = time.process_time() - started
        rate = again.unchanged / again.seconds
        results.add(Figure("ingest", f"re-ingest unchanged, {label}", rate, "docs/s", "≥ 5,000 docs/s",
                           rate >= 5000, f"{again.unchanged} unchanged, {again.stored} stored, "
                           f"{again.seconds:.2f} s wall, {cpu_again:.2f} s CPU (in-process: start-up and "
                           f"opening the store not included)"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_INGEST_MEMORY = """
import resource, sys
from pathlib import Path
from graph.pipeline import ingest_paths
from graph.store import open_store
with open_store(sys.argv[2]) as store:
    report = ingest_paths([Path(sys.argv[1])], store)
    n = store.count_triples()
    again = ingest_paths([Path(sys.argv[1])], store)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n, report.documents, report.seconds, again.seconds)
"""


def ingest_memory(results: Results, label: str, root: Path) -> None:
    """Ingest and re-ingest rates, and peak RSS, of a fresh process ingesting `root` into a new store."""
    tmp = Path(tempfile.mkdtemp(prefix="fkg-mem-"))
    try:
        kib, triples, docs, first, again = run_child(_INGEST_MEMORY, str(root), str(tmp / "store")).split()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rate, rate_again = int(docs) / float(first), int(docs) / float(again)
    results.add(Figure("ingest", f"ingest, {label}", rate, "docs/s", "≥ 200 docs/s", rate >= 200,
                       f"{int(triples):,} triples, {float(first):.1f} s"))
    results.add(Figure("ingest", f"re-ingest unchanged, {label}", rate_again, "docs/s", "≥ 5,000 docs/s",
                       rate_again >= 5000))
    results.add(Figure("memory", f"peak RSS, ingest {label}", int(kib) / 1024, "MiB", "≤ 1 GiB",
                       int(kib) <= 1024 * 1024, f"{int(docs):,} documents, {int(triples):,} triples"))


def main() -> None:
    """`python -m benchmarks.bench_ingest [CORPUS] [--jobs N ...]`: ingest and re-ingest figures."""
    import argparse

    parser = argparse.ArgumentParser(description="End-to-end ingest and re-ingest of a corpus.")
    parser.add_argument("corpus", nargs="?", type=Path, default=REAL_CORPUS)
    parser.add_argument("--jobs", type=int, nargs="+", default=[0], help="0 = one per core")
    args = parser.parse_args()
    results = Results()
    for jobs in args.jobs:
        ingest(results, args.corpus.name, args.corpus, jobs or None)
    for figure in results.figures:
        print(f"{figure.name}: {figure.shown()}  ({figure.note})")


if __name__ == "__main__":
    main()
