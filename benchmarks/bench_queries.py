"""Named queries at scale: the project's store against rdflib's in-memory Dataset, open time, memory."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.figures import PYTHON, ROOT, Figure, Results, median, p95, run_child
from benchmarks.named_queries import load_all, parameter_values

TARGET_MEDIAN = 0.100  # seconds, issue 7
TARGET_RATIO = 10.0


def _timings(
    mode: str, location: Path, jobs: list[tuple[str, str]], repeat: int, limit: float
) -> tuple[dict, float]:
    """Run each query in a query_worker child; one past `limit` seconds is killed and marked None."""
    out: dict[str, dict | None] = {}
    load_seconds = 0.0
    pending = list(jobs)
    while pending:
        proc = subprocess.Popen(
            [PYTHON, str(ROOT / "benchmarks" / "query_worker.py"), mode, str(location)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        load_seconds = json.loads(proc.stdout.readline())["loaded"]  # type: ignore[union-attr]
        while pending:
            name, sparql = pending.pop(0)
            proc.stdin.write(json.dumps({"name": name, "sparql": sparql, "repeat": repeat}) + "\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            line = _readline_within(proc, limit + 2.0 * repeat)
            if line is None:
                out[name] = None
                proc.kill()
                proc.wait()
                break
            out[name] = json.loads(line)
        else:
            proc.stdin.close()  # type: ignore[union-attr]
            proc.wait()
    return out, load_seconds


def _readline_within(proc: subprocess.Popen, seconds: float) -> str | None:
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
    ready = sel.select(timeout=seconds)
    sel.close()
    return proc.stdout.readline() if ready else None  # type: ignore[union-attr]


def _cell(timing: dict | None, limit: float) -> str:
    return f"> {limit:.0f} s (stopped)" if timing is None else f"{median(timing['times']) * 1000:,.1f} ms"


def named_queries(results: Results, store_dir: Path, nquads: Path, quick: bool) -> None:
    """Median and p95 of every named query at this size, with the rdflib ratio from the same run."""
    from graph.store import open_store

    queries = load_all()
    with open_store(store_dir, read_only=True) as store:

        def first(sparql: str) -> str | None:
            rows = list(store.oxigraph.query(sparql))
            return rows[0][0].value if rows else None

        values = parameter_values(first)
    jobs = [(q.name, q.bound(values)) for q in queries]
    limit = 20.0 if quick else 30.0
    api, _ = _timings("api", store_dir, jobs, 5 if quick else 20, limit)
    native, _ = _timings("native", store_dir, jobs, 5 if quick else 20, limit)
    # rdflib only where ours finished: a ratio needs both, and each stopped rdflib query costs a reload.
    rdf, load = _timings("rdflib", nquads, [j for j in jobs if api.get(j[0])], 1 if quick else 3, limit)
    results.notes.append(f"rdflib's in-memory Dataset loaded the N-Quads in {load:.1f} s.")
    lines = [
        "| query | rows | median (API) | p95 (API) | median (pyoxigraph) | rdflib median | ratio | targets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for q in queries:
        mine, raw, other = api.get(q.name), native.get(q.name), rdf.get(q.name)
        med = median(mine["times"]) if mine else None
        rd = median(other["times"]) if other else None
        if med and rd:
            ratio = f"{rd / med:,.1f}×"
        elif med:
            ratio = f"> {limit / med:,.0f}×"
        else:
            ratio = "n/a"
        ok = bool(med is not None and med <= TARGET_MEDIAN and (rd is None or rd / med >= TARGET_RATIO))
        rows = mine["rows"] if mine else (other["rows"] if other else "?")
        if mine and other and other["rows"] != mine["rows"]:
            rows = f"{mine['rows']} (rdflib {other['rows']})"
        p95_text = f"{p95(mine['times']) * 1000:,.1f} ms" if mine else "n/a"
        theirs = _cell(other, limit) if mine else "not run (ours stopped)"
        lines.append(
            f"| {q.name} | {rows} | {_cell(mine, limit)} | {p95_text} | {_cell(raw, limit)} | "
            f"{theirs} | {ratio} | {'met' if ok else 'NOT met'} |"
        )
        results.add(
            Figure(
                "queries",
                f"{q.name} median",
                None if med is None else med * 1000,
                "ms",
                "≤ 100 ms and ≥ 10× rdflib",
                ok,
                f"{_cell(mine, limit)}; rdflib {theirs}, ratio {ratio}",
            )
        )
    results.tables["named queries"] = "\n".join(lines)
    peaks = {
        mode: max((t["maxrss_kib"] for t in found.values() if t), default=0)
        for mode, found in (("API", api), ("rdflib", rdf))
    }
    results.add(
        Figure(
            "memory",
            "peak RSS, named queries through the store API",
            peaks["API"] / 1024,
            "MiB",
            "≤ 1 GiB",
            peaks["API"] <= 1024 * 1024,
            "stopped queries not counted",
        )
    )
    results.add(
        Figure(
            "memory", "peak RSS, the same on rdflib in memory (load + queries)", peaks["rdflib"] / 1024, "MiB"
        )
    )


_OPEN_AND_QUERY = """
import sys, time
t0 = time.perf_counter()
from graph.store import open_store
t1 = time.perf_counter()
store = open_store(sys.argv[1], read_only=True)
rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?m a <http://www.w3.org/ns/org#Membership> }"))
t2 = time.perf_counter()
store.close()
print(t1 - t0, t2 - t1, rows[0][0])
"""


def open_and_query(results: Results, store_dir: Path) -> None:
    """A fresh process opens the store and answers one query: in-process time and whole-process wall time."""
    inner, wall = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        imports, opened, _n = run_child(_OPEN_AND_QUERY, str(store_dir)).split()
        wall.append(time.perf_counter() - t0)
        inner.append(float(opened))
    results.add(
        Figure(
            "open",
            "open store + one query (in process)",
            median(inner) * 1000,
            "ms",
            "≤ 1 s",
            median(inner) <= 1.0,
            f"median of 5 fresh processes; imports {float(imports) * 1000:.0f} ms",
        )
    )
    results.add(
        Figure(
            "open",
            "whole fresh process (python start, imports, open, query)",
            median(wall) * 1000,
            "ms",
            "≤ 1 s",
            median(wall) <= 1.0,
        )
    )


_LOAD_MEMORY = """
import resource, sys
from graph.store import open_store
with open_store(sys.argv[2]) as store:
    store.load(sys.argv[1])
    n = store.count_triples()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n)
"""


def load_memory(results: Results, nquads: Path) -> None:
    """Peak RSS of a process importing the whole graph through the store API."""
    tmp = Path(tempfile.mkdtemp(prefix="fkg-load-"))
    try:
        t0 = time.perf_counter()
        kib_text, triples = run_child(_LOAD_MEMORY, str(nquads), str(tmp / "store")).split()
        seconds = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results.add(
        Figure(
            "memory",
            "peak RSS, importing the graph (Store.load of N-Quads)",
            int(kib_text) / 1024,
            "MiB",
            "≤ 1 GiB",
            int(kib_text) <= 1024 * 1024,
            f"{int(triples):,} triples in {seconds:.1f} s",
        )
    )


def _main() -> None:
    """`bench_queries.py --store S --nquads G.nq`: the named-query table alone, printed."""
    import click

    @click.command()
    @click.option(
        "--store",
        "store_dir",
        required=True,
        type=click.Path(exists=True, path_type=Path),
        help="A store in the current layout (default graph = union of the document graphs).",
    )
    @click.option(
        "--nquads",
        required=True,
        type=click.Path(exists=True, path_type=Path),
        help="The same graph as N-Quads, loaded into rdflib's in-memory Dataset for the ratio.",
    )
    @click.option("--quick", is_flag=True, help="Fewer repeats and a 20 s limit per query.")
    def cli(store_dir: Path, nquads: Path, quick: bool) -> None:
        """Median and p95 of every named query (store API and pyoxigraph, plain default graph)
        against the same queries on rdflib's in-memory Dataset of the same quads (default_union)."""
        results = Results()
        named_queries(results, store_dir, nquads, quick)
        click.echo(results.tables["named queries"])
        for note in results.notes:
            click.echo(note)

    cli()


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    _main()
