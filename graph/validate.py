"""SHACL validation of the store (ontology/shapes.ttl) with pySHACL.

The union of the named graphs is validated at once (one pySHACL run is far faster than one per
document); each violation is then traced back to the named graph(s) that describe its focus
node, so the report names the document it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.namespaces import DCTERMS, RDF, XSD

if TYPE_CHECKING:
    from graph.store import Store

SH = Namespace("http://www.w3.org/ns/shacl#")
GRAPHS_OF = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?g ?id WHERE {
  GRAPH ?g { ?focus ?p ?o } OPTIONAL { GRAPH ?g { ?g dcterms:identifier ?id } } }"""


@dataclass
class Violation:
    """One SHACL result, with the documents (ids, or graph IRIs) whose graph holds its focus node."""

    focus: str
    path: str
    message: str
    severity: str
    value: str = ""
    documents: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = ", ".join(self.documents) or "(no document)"
        value = f" (value {self.value})" if self.value else ""
        return f"{where}: {self.focus} {self.path}: {self.message}{value} [{self.severity}]"


@dataclass
class ValidationReport:
    """The outcome of validating a store."""

    conforms: bool
    violations: list[Violation]
    triples: int


def shapes_graph() -> Graph:
    """The packaged SHACL shapes."""
    from graph.resources import ontology_path

    return Graph().parse(str(ontology_path("shapes.ttl")), format="turtle")


def validate_store(store: Store) -> ValidationReport:
    """Validate the union of the store's graphs; every violation names its document(s)."""
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert result is not None
    return validate_graph(_plain_strings(result), store)


def _plain_strings(graph: Graph) -> Graph:
    """Oxigraph returns "x"^^xsd:string where rdflib writes "x": the same RDF 1.1 literal, but
    rdflib compares them as different, which would break sh:in lists of strings."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def validate_graph(data: Graph, store: Store | None = None) -> ValidationReport:
    """Validate an in-memory graph; with `store`, trace focus nodes back to documents."""
    from pyshacl import validate

    conforms, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    violations = [_violation(results, node) for node in results.subjects(RDF.type, SH.ValidationResult)]
    if store is not None:
        for v, node in zip(violations, results.subjects(RDF.type, SH.ValidationResult), strict=True):
            anchor = _anchor(data, results.value(node, SH.focusNode))
            if anchor is not None:
                v.documents = documents_of(store, anchor)
    violations.sort(key=lambda v: (v.documents, v.focus, v.path))
    return ValidationReport(bool(conforms), violations, len(data))


def _anchor(data: Graph, focus: Node | None, depth: int = 3) -> URIRef | None:
    """The IRI node a focus node hangs from: itself, or the subject pointing at a blank node."""
    while focus is not None and not isinstance(focus, URIRef) and depth > 0:
        focus, depth = next(iter(data.subjects(None, focus)), None), depth - 1
    return focus if isinstance(focus, URIRef) else None


def documents_of(store: Store, focus: URIRef) -> list[str]:
    """The ids (or IRIs) of the named graphs in which `focus` is a subject."""
    rows = store.query(GRAPHS_OF, {"focus": focus})
    return sorted({str(row.id) if row.id is not None else str(row.g) for row in rows})  # type: ignore[union-attr]


def _violation(results: Graph, node: Node) -> Violation:
    def text(pred: URIRef) -> str:
        value = results.value(node, pred)
        return "" if value is None else str(value)

    severity = text(SH.resultSeverity).rsplit("#", 1)[-1]
    message = text(SH.resultMessage) or text(SH.sourceConstraintComponent).rsplit("#", 1)[-1]
    return Violation(text(SH.focusNode), _short(text(SH.resultPath)), message, severity, text(SH.value))


def _short(iri: str) -> str:
    from graph.namespaces import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


__all__ = ["DCTERMS", "ValidationReport", "Violation", "documents_of", "shapes_graph", "validate_store"]
