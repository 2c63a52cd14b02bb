"""Child process that times SPARQL queries against one backend, so the parent can stop a runaway query.

    query_worker.py rdflib  GRAPH.nq   # rdflib's in-memory Dataset (default graph = union)
    query_worker.py api     STORE_DIR  # the project's store (rdflib on Oxigraph, read-only)
    query_worker.py native  STORE_DIR  # pyoxigraph directly, plain default graph

The store keeps the deduplicated union of the document graphs in its default graph, and the
queries run on that plain default graph (no union flag). rdflib gets the same quads with
`default_union=True`: its default graph is then the set union of the named graphs, the same
triples the store's default graph holds, so both sides answer the same query on the same data.

It prints {"loaded": seconds}, then reads JSON lines {"name", "sparql", "repeat"} from stdin
and answers each with {"name", "times", "rows", "maxrss_kib"}. A first run slower than 2 s is not repeated.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable


def _backend(mode: str, location: str) -> Callable[[str], int]:
    if mode == "rdflib":
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(location, format="nquads")
        return lambda sparql: len(list(ds.query(sparql)))
    if mode == "api":
        from graph.store import open_store

        store = open_store(location, read_only=True)
        return lambda sparql: len(list(store.query(sparql)))
    import pyoxigraph

    ox = pyoxigraph.Store.read_only(location)
    return lambda sparql: len(list(ox.query(sparql)))  # type: ignore[arg-type]


def main(mode: str, location: str) -> None:
    """Open the backend, then answer timing jobs from stdin until it closes."""
    started = time.perf_counter()
    run = _backend(mode, location)
    print(json.dumps({"loaded": time.perf_counter() - started}), flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        times, rows = [], 0
        for _ in range(job["repeat"]):
            t0 = time.perf_counter()
            rows = run(job["sparql"])
            times.append(time.perf_counter() - t0)
            if times[-1] > 2.0:
                break
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"name": job["name"], "times": times, "rows": rows, "maxrss_kib": peak}), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    main(sys.argv[1], sys.argv[2])
