"""Extraction throughput, end-to-end ingest, re-ingest of unchanged documents, ingest memory."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.figures import Figure, Results, dir_size, run_child

REAL_CORPUS = Path("/work/shared/corpus")


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
    results.add(Figure("extract", f"extraction, {label}", rate, "docs/s", "≥ 500 docs/s", rate >= 500,
                       f"{len(docs)} docs, {count / seconds:,.0f} sentences/s, {facts} facts, {seconds:.1f} s"))
    results.add(Figure("extract", f"reading (sources), {label}", len(docs) / read_seconds, "docs/s",
                       note=f"{failed} files refused"))


def ingest(results: Results, label: str, root: Path) -> None:
    """End-to-end ingest into a fresh persistent store, the store's size, and a re-ingest of the same files."""
    from graph.pipeline import ingest_paths
    from graph.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="fkg-ingest-"))
    try:
        with open_store(tmp / "store") as store:
            first = ingest_paths([root], store)
            triples = store.count_triples()
        rate = first.documents / first.seconds
        results.add(Figure("ingest", f"ingest, {label}", rate, "docs/s", "≥ 200 docs/s", rate >= 200,
                           f"{first.stored} stored, {len(first.failed)} failed, {first.facts} facts, "
                           f"{triples:,} triples, {first.seconds:.1f} s"))
        size = dir_size(tmp / "store")
        results.add(Figure("ingest", f"store size on disk, {label}", size / 2**20, "MiB",
                           note=f"{size / max(triples, 1):.0f} bytes/triple"))
        with open_store(tmp / "store") as store:
            again = ingest_paths([root], store)
        rate = again.unchanged / again.seconds
        results.add(Figure("ingest", f"re-ingest unchanged, {label}", rate, "docs/s", "≥ 5,000 docs/s",
                           rate >= 5000, f"{again.unchanged} unchanged, {again.stored} stored, {again.seconds:.2f} s"))
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
