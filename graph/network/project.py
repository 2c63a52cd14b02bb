"""Project the RDF store onto a networkx MultiDiGraph: typed entities, one edge per fact.

Nodes are keyed by entity IRI and carry `kind`, `label`, `iri`. Edges are keyed by fact IRI
and carry `rel` (member_of, funds, holds_role, part_of), the fact's own fields and its
provenance: `evidence`, `doc`, `doc_title`, `source_url`, `date`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Protocol

import networkx as nx
from rdflib.term import Literal, Node, URIRef

from graph.network import filters, queries

FKG = "https://w3id.org/foundation-kg/ns#"
#: rdf:type local name -> node kind; earlier wins when an entity has several types.
KIND_OF_TYPE: dict[str, str] = {
    f"{FKG}Foundation": "foundation",
    f"{FKG}Initiative": "initiative",
    f"{FKG}Programme": "programme",
    f"{FKG}Project": "project",
    f"{FKG}Body": "body",
    f"{FKG}Agency": "agency",
    f"{FKG}Event": "event",
    f"{FKG}Company": "company",
    "http://xmlns.com/foaf/0.1/Person": "person",
    "http://www.w3.org/ns/org#Organization": "organization",
}
_KIND_RANK = {kind: i for i, kind in enumerate(KIND_OF_TYPE.values())}
RELATIONS = tuple(queries.RELATIONS)


class Store(Protocol):
    """What the projection needs from a store: SPARQL over the union of document graphs."""

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Any: ...


def project(
    store: Store,
    *,
    foundation: str | None = None,
    focus: str | None = None,
    depth: int = 2,
    as_of: date | str | None = None,
    kinds: list[str] | tuple[str, ...] | None = None,
) -> nx.MultiDiGraph:
    """The store as a typed MultiDiGraph, optionally cut down.

    `foundation`: what the foundation's own documents say plus everything directly linked to it.
    `focus`/`depth`: the neighbourhood (edges in either direction) of one entity.
    `as_of`: facts dated up to that day; memberships ended by a `leave` before it are dropped.
    `kinds`: keep only nodes of these kinds. Names are resolved as `resolve_name` does.
    """
    graph = full_graph(store)
    if as_of is not None:
        graph = filters.as_of(graph, _to_date(as_of))
    if foundation is not None:
        graph = filters.foundation(graph, resolve_node(graph, foundation))
    if focus is not None:
        graph = filters.neighbourhood(graph, resolve_node(graph, focus), depth)
    if kinds:
        graph = filters.kinds(graph, kinds)
    return graph


def full_graph(store: Store) -> nx.MultiDiGraph:
    """Every entity and every fact in the store."""
    graph = nx.MultiDiGraph()
    _add_entities(graph, store)
    for rel, sparql in queries.RELATIONS.items():
        seen: set[str] = set()
        for row in store.query(sparql):
            values = _row(row)
            fact = values["fact"]
            if fact in seen:  # OPTIONAL with repeated values multiplies rows
                continue
            seen.add(fact)
            source, target = values.pop("source"), values.pop("target")
            for node in (source, target):
                if node not in graph:
                    graph.add_node(node, kind="organization", label=_label_from_iri(node), iri=node)
            graph.add_edge(source, target, key=fact, **_edge_attrs(rel, values))
    return graph


def resolve_node(graph: nx.MultiDiGraph, name: str) -> str:
    """The node a user's name means, via `graph.entities.resolve`, then labels; errors list near misses."""
    from graph.network.names import resolve_name

    return resolve_name(graph, name)


def _add_entities(graph: nx.MultiDiGraph, store: Store) -> None:
    for row in store.query(queries.ENTITIES):
        iri, kind = str(row["e"]), KIND_OF_TYPE[str(row["type"])]
        label = str(row["label"]) if row["label"] is not None else None
        if iri in graph:
            attrs = graph.nodes[iri]
            if _KIND_RANK[kind] < _KIND_RANK[attrs["kind"]]:
                attrs["kind"] = kind
            if label and attrs["label"] == _label_from_iri(iri):
                attrs["label"] = label
        else:
            graph.add_node(iri, kind=kind, label=label or _label_from_iri(iri), iri=iri, aliases=[])
    for row in store.query(queries.ALT_LABELS):
        iri = str(row["e"])
        if iri in graph:
            graph.nodes[iri].setdefault("aliases", []).append(str(row["label"]))


def _edge_attrs(rel: str, values: dict[str, Any]) -> dict[str, Any]:
    doc_iri = values.pop("doc")
    doc_id = values.pop("docId") or doc_iri
    url, source = values.pop("docUrl"), values.pop("docSource")
    attrs: dict[str, Any] = {
        "rel": rel,
        "fact": values.pop("fact"),
        "evidence": values.pop("evidence") or "",
        "doc": doc_id,
        "doc_title": values.pop("docTitle") or "",
        "source_url": url or source or "",
        "doc_date": values.pop("docDate"),
        "publisher": values.pop("publisher"),
    }
    if "event" in values and values["event"]:
        values["event"] = values["event"].rsplit("#", 1)[-1].lower()
    if values.get("amount") is not None:
        values["amount"] = float(values["amount"])
    attrs.update(values)
    attrs.setdefault("date", None)
    return attrs


def _row(row: Any) -> dict[str, Any]:
    return {str(name): _value(row[name]) for name in row.labels}


def _value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, date):
            return value.isoformat()[:10]
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, int | float) else str(value)
    return str(term)


def _label_from_iri(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").title()


def _to_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--as-of {value!r}: not an ISO date (YYYY-MM-DD)") from None
