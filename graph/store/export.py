"""Whole-store exports: RDF (named graphs kept where the format can) and CSV for spreadsheets.

TriG, N-Quads and JSON-LD carry the named graphs only, not the default-graph copy of their
union: `Store.load` rebuilds that copy, so an export loads back into the same store. Turtle
and N-Triples carry the default graph, which is that union.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef

from graph.namespaces import PREFIXES

if TYPE_CHECKING:
    from graph.store.base import Store

RDF_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
CSV_FORMATS = ("csv-memberships", "csv-grants")
FORMATS = RDF_FORMATS + CSV_FORMATS

ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } }"  # named graphs only
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # the default graph = their union


def export(store: Store, fmt: str, dest: Path) -> Path:
    """Write the store to `dest` in `fmt` (one of FORMATS); returns `dest`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if fmt in CSV_FORMATS:
        _csv(store, fmt.removeprefix("csv-"), dest)
    elif fmt in ("trig", "nq") and hasattr(store, "dump"):
        store.dump(fmt, dest)
    elif fmt in ("ttl", "nt") and hasattr(store, "dump_union"):
        store.dump_union(fmt, dest)
    elif fmt in ("ttl", "nt"):
        graph = store.query(ALL_TRIPLES).graph
        assert graph is not None
        _bind(graph)
        graph.serialize(destination=str(dest), format={"ttl": "turtle", "nt": "nt"}[fmt], encoding="utf-8")
    else:
        ds = to_dataset(store)
        if fmt == "jsonld":
            _jsonld(ds, dest)
        else:
            ds.serialize(
                destination=str(dest), format={"trig": "trig", "nq": "nquads"}[fmt], encoding="utf-8"
            )
    return dest


def to_dataset(store: Store) -> Dataset:
    """The whole store as an in-memory rdflib Dataset (named graphs kept)."""
    ds = Dataset()
    _bind(ds)
    for row in store.query(ALL_QUADS):
        g, s, p, o = row  # type: ignore[misc]
        ds.graph(URIRef(g)).add((s, p, o))
    return ds


def _jsonld(ds: Dataset, dest: Path) -> None:
    from graph.resources import ontology_path

    context = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    text = ds.serialize(format="json-ld", context=context, auto_compact=True)
    dest.write_text(text, encoding="utf-8")


def _bind(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)


def _csv(store: Store, what: str, dest: Path) -> None:
    from graph.query import load_query

    info = load_query(f"export-{what}")
    result = store.query(info.text)
    with dest.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        names = [str(v) for v in result.vars or []]
        writer.writerow(names)
        for row in result:
            writer.writerow(["" if value is None else str(value) for value in row])  # type: ignore[union-attr]
