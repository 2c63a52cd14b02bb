"""The named queries (ontology/queries/*.rq) with parameter values taken from the graph under test.

The benchmark binds values the way the store does (graph.store.sparql.bind: a VALUES block of
rdflib terms), but picks them itself: entity parameters get IRIs found in the graph, so the
figure is the query's own cost, not name resolution's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.resources import ontology_path
from graph.store.sparql import bind

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*\((\w+)(,\s*optional)?\)", re.M)

#: A query over the graph that finds an IRI for each entity-like parameter name.
_PROBES = {
    "foundation": "SELECT ?x WHERE { ?m <http://www.w3.org/ns/org#organization> ?x } LIMIT 1",
    "organization": "SELECT ?x WHERE { ?m <http://www.w3.org/ns/org#member> ?x } LIMIT 1",
    "funder": "SELECT ?x WHERE { ?g <https://schema.org/funder> ?x } LIMIT 1",
    "root": "SELECT ?x WHERE { ?c <http://www.w3.org/ns/org#subOrganizationOf> ?x } LIMIT 1",
    "publisher": "SELECT ?x WHERE { ?d <http://purl.org/dc/terms/publisher> ?x } LIMIT 1",
    "document": "SELECT ?x WHERE { ?x a <https://w3id.org/foundation-kg/ns#Document> } LIMIT 1",
    "fact": "SELECT ?x WHERE { ?x a <https://w3id.org/foundation-kg/ns#Fact> } LIMIT 1",
}
#: (query, parameter) -> a probe for that query only, so the figure is not of an empty answer
_QUERY_PROBES = {
    ("funders", "organization"): "SELECT ?x WHERE { ?g <https://schema.org/fundedItem> ?x } LIMIT 1",
    ("roles", "organization"): "SELECT ?x WHERE { ?p <http://www.w3.org/ns/org#postIn> ?x } LIMIT 1",
}
_LITERALS = {
    "text": Literal("Data"),
    "tier": Literal("Gold"),
    "min": Literal(2),
    "date": Literal(date(2020, 1, 1), datatype=XSD.date),
    "since": Literal(date(2015, 1, 1), datatype=XSD.date),
    "until": Literal(date(2020, 12, 31), datatype=XSD.date),
}


@dataclass
class NamedQuery:
    """One .rq file: its name, text and required parameters."""

    name: str
    text: str
    required: list[str]

    def bound(self, values: dict[str, URIRef | Literal]) -> str:
        """The query text with its required parameters bound (a per-query value first)."""
        query = self.name.split(" ", 1)[0]
        chosen = {p: values.get(f"{query}:{p}", values.get(p)) for p in self.required}
        return bind(self.text, {p: v for p, v in chosen.items() if v is not None})


#: queries run a second time with optional parameters bound (their usual, anchored use)
VARIANTS = {
    "documents": ["publisher"],
    "members": ["date", "tier"],
    "part-of-tree": ["root"],
    "shared-members": ["foundation"],
    "tier-changes": ["foundation", "since", "until"],
}


def load_all() -> list[NamedQuery]:
    """Every named query shipped in ontology/queries, sorted by name, with its VARIANTS after it."""
    out = []
    for path in sorted(ontology_path("queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        required = [m.group(1) for m in _PARAM.finditer(text) if not m.group(3)]
        out.append(NamedQuery(path.stem, text, required))
        if path.stem in VARIANTS:
            extra = VARIANTS[path.stem]
            out.append(NamedQuery(f"{path.stem} [{', '.join(extra)}]", text, required + extra))
    return out


def parameter_values(select_one) -> dict[str, URIRef | Literal]:
    """Values for every parameter name; `select_one(sparql)` returns the first ?x as a string or None."""
    values: dict[str, URIRef | Literal] = dict(_LITERALS)
    for name, probe in _PROBES.items():
        found = select_one(probe)
        if found:
            values[name] = URIRef(found)
    for (query, name), probe in _QUERY_PROBES.items():
        found = select_one(probe)
        if found:
            values[f"{query}:{name}"] = URIRef(found)
    return values
