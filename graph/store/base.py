"""The store API every backend shares: documents in, SPARQL out.

A backend supplies `_select/_query` (SPARQL over the union of the named graphs), `_update`
(one SPARQL Update request, applied atomically) and the native export/import paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from graph.namespaces import DCTERMS, FKG, GAZETTEER_GRAPH
from graph.store.sparql import bind

if TYPE_CHECKING:
    from graph.model import Document, Fact

_PREFIXES = f"PREFIX fkg: <{FKG._NS}>\nPREFIX dcterms: <{DCTERMS}>\n"
HAS_DOCUMENT = _PREFIXES + "ASK WHERE { GRAPH ?g { ?g fkg:contentHash ?hash } }"
DOCUMENT_HASHES = (
    _PREFIXES
    + """SELECT ?id ?hash WHERE {
  GRAPH ?g { ?g a fkg:Document ; dcterms:identifier ?id ; fkg:contentHash ?hash } }"""
)
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def replace_update(iri: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """The one SPARQL Update request that replaces named graph `iri` by `triples`.

    Terms are written with `Node.n3()`: IRIs are checked (an invalid one raises) and literals
    escaped, so no text can end the INSERT DATA block early.
    """
    body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)  # type: ignore[attr-defined]
    return f"DROP SILENT GRAPH {iri.n3()} ;\nINSERT DATA {{ GRAPH {iri.n3()} {{\n{body}\n}} }}"


class StoreError(RuntimeError):
    """A store cannot be opened, read or written; the message names the store and the reason."""


class Store:
    """A foundation-kg store: one named graph per document, queried as their union."""

    location: str

    # ---------------------------------------------------------------- backend hooks
    def _query(self, sparql: str) -> Result:
        raise NotImplementedError

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (flush and unlock a local one)."""

    # ---------------------------------------------------------------- documents
    def put_document(self, doc: Document, facts: list[Fact], *, check: bool = True) -> bool:
        """Store `doc` and its facts as its named graph; False (and no write) when its hash is unchanged.

        `check=False` skips the hash query, for callers that compared against
        `document_hashes()` already (the ingest pipeline). The old graph is dropped and the new one inserted in one SPARQL Update request, which
        both backends apply as one transaction: a reader never sees half a document.
        """
        from graph.rdf import doc_iri, document_triples

        if check and doc.content_hash and self.has_document(doc.id, doc.content_hash):
            return False
        self._update(replace_update(doc_iri(doc.id), document_triples(doc, facts)))
        return True

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        """Replace the named graph `iri` by the triples of `graph`, atomically."""
        self._update(replace_update(iri, graph))

    def put_gazetteer(self, graph: Graph | None = None) -> None:
        """Store the gazetteer (alt labels, Wikidata sameAs, homepages) in its own named graph."""
        if graph is None:
            from graph.entities import gazetteer_graph

            graph = gazetteer_graph()
        self.replace_graph(GAZETTEER_GRAPH, graph)

    def remove_document(self, doc_id: str) -> None:
        """Drop a document's named graph."""
        from graph.rdf import doc_iri

        self._update(f"DROP SILENT GRAPH {doc_iri(doc_id).n3()}")

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True when the store holds `doc_id` with exactly this content hash."""
        from graph.rdf import doc_iri

        result = self._query(bind(HAS_DOCUMENT, {"g": doc_iri(doc_id), "hash": Literal(content_hash)}))
        return bool(result.askAnswer)

    def document_hashes(self) -> dict[str, str]:
        """Every stored document id -> its content hash, in one query (for fast re-ingest)."""
        return {str(row[0]): str(row[1]) for row in self._query(DOCUMENT_HASHES)}  # type: ignore[index]

    # ---------------------------------------------------------------- queries
    def query(self, sparql: str, bindings: Mapping[str, Node | None] | None = None) -> Result:
        """Run SPARQL over the union of the named graphs; `bindings` become a VALUES block."""
        return self._query(bind(sparql, bindings))

    def named_query(self, name: str, params: Mapping[str, str] | None = None) -> Result:
        """Run the named query `name` (ontology/queries/NAME.rq) with its parameters typed and bound."""
        from graph.query import bind_params, load_query

        info = load_query(name)
        return self.query(info.text, bind_params(info, params or {}))

    def count_triples(self) -> int:
        """Quads in the named graphs plus triples in the default graph (counted in SPARQL, never len())."""
        named = self._scalar(COUNT_QUADS)
        return named + self._default_graph_count()

    def _default_graph_count(self) -> int:
        return 0

    def _scalar(self, sparql: str) -> int:
        for row in self._query(sparql):
            return int(row[0])  # type: ignore[index, arg-type]
        return 0

    def iter_rows(
        self, sparql: str, bindings: Mapping[str, Node | None] | None = None
    ) -> Iterator[dict[str, Any]]:
        """SELECT rows as dicts of variable name -> rdflib term (missing when unbound)."""
        for row in self.query(sparql, bindings):
            yield row.asdict()  # type: ignore[union-attr]

    # ---------------------------------------------------------------- export / import
    def export(self, fmt: str, dest: str | Path) -> Path:
        """Write the whole store to `dest` as ttl|nt|trig|nq|jsonld|csv-memberships|csv-grants."""
        from graph.store.export import export

        return export(self, fmt, Path(dest))

    def load(self, file: str | Path, fmt: str | None = None) -> None:
        """Import an export (TriG/N-Quads keep their named graphs; triples go to the default graph)."""
        raise NotImplementedError

    # ---------------------------------------------------------------- context manager
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
