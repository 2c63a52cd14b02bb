"""Store figures: put_document throughput, re-ingest skipping, named query medians, load memory.

    .venv/bin/python benchmarks/bench_store.py [--docs 1000] [--store PATH] [--repeat 7]
    .venv/bin/python benchmarks/bench_store.py --docs 0 --load /tmp/fkg-bench/graph-1000000.nq

Writes N small synthetic documents (3 facts each, ~60 triples) into a fresh store and reports
documents/second; then measures a re-ingest pass (document_hashes() once, skip unchanged);
then the median time of every named query (parameters from the hand-made test store, or,
with --store, against an existing store such as one built from ../shared/corpus). With
--load, `Store.load` imports a file into a fresh store in a child process, whose peak
resident memory (getrusage of the child) and time are reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from graph.model import Document, Fact  # noqa: E402
from graph.query import list_queries  # noqa: E402
from graph.store import Store, open_store  # noqa: E402

#: Parameters for each named query (names that exist in the test store and in the corpus).
PARAMS: dict[str, dict[str, str]] = {
    "members": {"foundation": "Rust Foundation", "date": "2022-10-01"},
    "membership-history": {"organization": "JFrog"},
    "shared-members": {"foundation": "Rust Foundation"},
    "funders": {"organization": "Rust Foundation"},
    "funded-by": {"funder": "Google"},
    "roles": {"organization": "Rust Foundation"},
    "part-of-tree": {"root": "Linux Foundation"},
    "tier-changes": {"since": "2021-01-01", "until": "2023-12-31"},
    "document-facts": {"document": "rust/news/2022-09-13-alpha-omega.md"},
    "fact-sources": {"fact": "0000000000000000"},
    "entity-search": {"text": "foundation"},
    "documents": {"publisher": "Rust Foundation"},
}


def synthetic(i: int) -> tuple[Document, list[Fact]]:
    """A small document: a join, a grant and a role."""
    doc = Document(
        id=f"bench/{i:05d}.md",
        path=f"bench/{i:05d}.md",
        title=f"News {i}",
        date=date(2020, 1, 1) + timedelta(days=i % 1500),
        publisher="Rust Foundation",
        content_hash=f"{i:064x}",
    )
    facts = [
        Fact(
            "membership",
            doc.id,
            {
                "member": f"Company {i % 300}",
                "organization": "Rust Foundation",
                "tier": ("Platinum", "Gold", "Silver")[i % 3],
                "event": "join",
                "date": doc.date.isoformat() if doc.date else None,
            },
            evidence=f"Company {i} joins",
        ),
        Fact(
            "funding",
            doc.id,
            {
                "funder": f"Company {i % 300}",
                "recipient": "Rust Foundation",
                "amount": 1000 * i,
                "currency": "USD",
                "kind": "grant",
                "purpose": None,
                "date": None,
            },
            evidence="grant",
        ),
        Fact(
            "role",
            doc.id,
            {"person": f"Person {i}", "title": "Board Member", "organization": "Rust Foundation"},
        ),
    ]
    return doc, facts


def bench_puts(n: int) -> None:
    docs = [synthetic(i) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s") as store:
        started = time.perf_counter()
        for doc, facts in docs:
            store.put_document(doc, facts)
        first = time.perf_counter() - started
        started = time.perf_counter()
        known = store.document_hashes()
        skipped = sum(1 for doc, _ in docs if known.get(doc.id) == doc.content_hash)
        second = time.perf_counter() - started
        started = time.perf_counter()
        unchanged = sum(1 for doc, facts in docs[:200] if not store.put_document(doc, facts))
        per_doc = (time.perf_counter() - started) / 200
        print(
            f"put_document: {n} docs, {store.count_triples()} triples in {first:.1f} s "
            f"= {n / first:.0f} docs/s"
        )
        print(
            f"re-ingest skip via document_hashes(): {skipped}/{n} skipped ({100 * skipped / n:.0f}%) "
            f"in {second * 1000:.0f} ms"
        )
        print(
            f"put_document on an unchanged doc (has_document check): {unchanged}/200 skipped, "
            f"{per_doc * 1000:.2f} ms each"
        )


def bench_queries(store: Store, repeat: int) -> None:
    for info in list_queries():
        params = dict(PARAMS.get(info.name, {}))
        if info.name == "fact-sources":
            row = next(
                iter(
                    store.query("SELECT ?f WHERE { ?f a <https://w3id.org/foundation-kg/ns#Fact> } LIMIT 1")
                ),
                None,
            )
            params = {"fact": str(row[0])} if row else params  # type: ignore[index]
        times, count = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            count = len(list(store.named_query(info.name, params)))
            times.append(time.perf_counter() - started)
        print(f"  {info.name:26s} {statistics.median(times) * 1000:8.1f} ms  ({count} rows)")


LOAD_CHILD = """
import json, sys, time
from graph.store import open_store
started = time.perf_counter()
with open_store(sys.argv[1]) as store:
    store.load(sys.argv[2])
    loaded = time.perf_counter() - started
    counts = [store.count_triples(), store.count_distinct_triples()]
print(json.dumps({"seconds": loaded, "counts": counts}))
"""


def bench_load(file: Path) -> None:
    """`Store.load(file)` into a fresh store in a child process: time and the child's peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        root = str(Path(__file__).resolve().parents[1])
        run = subprocess.run(
            [sys.executable, "-c", LOAD_CHILD, str(Path(tmp) / "s"), str(file)],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        )
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = json.loads(run.stdout)
    named, distinct = out["counts"]
    print(
        f"load {file.name}: {out['seconds']:.1f} s, peak RSS {peak_mib:.0f} MiB; "
        f"{named} triples in named graphs, {distinct} distinct triples (default graph)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--store", help="an existing store to time the named queries on")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--load", type=Path, help="an N-Quads/TriG file to time Store.load on")
    args = parser.parse_args()
    if args.load:
        bench_load(args.load)
        return
    if args.docs:
        bench_puts(args.docs)
    if args.store:
        with open_store(args.store, read_only=True) as store:
            print(
                f"named queries on {args.store} ({store.count_triples()} triples), median of {args.repeat}:"
            )
            bench_queries(store, args.repeat)
    else:
        import store_fixtures

        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s") as store:
            for doc, facts in store_fixtures.corpus():
                store.put_document(doc, facts)
            print(
                f"named queries on the hand-made test store ({store.count_triples()} triples), "
                f"median of {args.repeat}:"
            )
            bench_queries(store, args.repeat)


if __name__ == "__main__":
    main()
