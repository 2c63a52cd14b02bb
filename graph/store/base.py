"""The store API every backend shares: documents in, SPARQL out.

Layout: one named graph per document (and one for the gazetteer), the unit of provenance and
replacement; the default graph holds the deduplicated union of those graphs, kept in step by
the same SPARQL Update request that writes a named graph. Queries run on the plain default
graph, so a triple stated by a thousand documents is matched once, not a thousand times.

A backend supplies `_query` (SPARQL over the default graph), `_update` (one SPARQL Update
request, applied atomically) and the native export/import paths.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
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
#: a store written before the default-graph copy: named graphs, and nothing in the default graph
NEEDS_REBUILD = "ASK WHERE { FILTER NOT EXISTS { ?s ?p ?o } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
#: the one-time rebuild of that copy, in one request (one transaction)
REBUILD = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def unshare_update(iri: URIRef) -> str:
    """Delete from the default graph the triples of graph `iri` that no other named graph holds.

    The first step of replacing or removing a named graph: a triple another document (or the
    gazetteer) still states stays in the default graph, one only `iri` stated goes.
    """
    g = iri.n3()
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }}"
    )


def replace_update(iri: URIRef, triples: Iterable[tuple[Node, Node, Node]], *, new: bool = False) -> str:
    """The one SPARQL Update request that replaces named graph `iri` by `triples`.

    It keeps the default graph equal to the union of the named graphs: the old graph's
    triples nobody else states leave it (left out with `new=True`, when the caller knows the
    store has no graph `iri`), the new ones are inserted into both (the same blank
    node labels in one INSERT DATA are the same nodes). Terms are written with `Node.n3()`:
    IRIs are checked (an invalid one raises) and literals escaped, so no text can end the
    INSERT DATA block early.
    """
    body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)  # type: ignore[attr-defined]
    g = iri.n3()
    insert = f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}\n{body}\n}}"
    return insert if new else f"{remove_update(iri)} ;\n{insert}"


def remove_update(iri: URIRef) -> str:
    """The one SPARQL Update request that drops named graph `iri` and its share of the default graph."""
    return f"{unshare_update(iri)} ;\nDROP SILENT GRAPH {iri.n3()}"


class StoreError(RuntimeError):
    """A store cannot be opened, read or written; the message names the store and the reason."""


class Store:
    """A foundation-kg store: one named graph per document, their union copied in the default graph."""

    location: str

    # ---------------------------------------------------------------- backend hooks
    def _query(self, sparql: str) -> Result:
        raise NotImplementedError

    def _update(self, sparql: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (flush and unlock a local one)."""

    # ---------------------------------------------------------------- documents
    def put_document(
        self, doc: Document, facts: list[Fact], *, check: bool = True, new: bool = False
    ) -> bool:
        """Store `doc` and its facts as its named graph; False (and no write) when its hash is unchanged.

        `check=False` skips the hash query, for callers that compared against
        `document_hashes()` already (the ingest pipeline); `new=True` tells that the store holds
        no version of `doc` at all (from the same comparison), which saves the deletions. The old
        graph is dropped, its share of the default graph removed and the new triples inserted
        into both in one SPARQL Update request, which both backends apply as one transaction:
        a reader never sees half a document.
        """
        from graph.rdf import doc_iri, document_triples

        if check and doc.content_hash and self.has_document(doc.id, doc.content_hash):
            return False
        self._update(replace_update(doc_iri(doc.id), document_triples(doc, facts), new=new))
        return True

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        """Replace the named graph `iri` (and its share of the default graph) by `graph`, atomically."""
        self._update(replace_update(iri, graph))

    def put_gazetteer(self, graph: Graph | None = None) -> None:
        """Store the gazetteer (alt labels, Wikidata sameAs, homepages) in its own named graph."""
        if graph is None:
            from graph.entities import gazetteer_graph

            graph = gazetteer_graph()
        self.replace_graph(GAZETTEER_GRAPH, graph)

    def remove_document(self, doc_id: str) -> None:
        """Drop a document's named graph, and the triples only it stated from the default graph."""
        from graph.rdf import doc_iri

        self._update(remove_update(doc_iri(doc_id)))

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
        """Run SPARQL over the default graph (= the union of the named graphs); bindings become VALUES."""
        return self._query(bind(sparql, bindings))

    def named_query(self, name: str, params: Mapping[str, str] | None = None) -> Result:
        """Run the named query `name` (ontology/queries/NAME.rq) with its parameters typed and bound."""
        from graph.query import bind_params, load_query

        info = load_query(name)
        return self.query(info.text, bind_params(info, params or {}))

    def count_triples(self) -> int:
        """Triples in the named graphs (documents and gazetteer), each graph counted on its own.

        A triple two documents state counts twice, as it did before the default-graph copy;
        `count_distinct_triples` counts it once. Counted in SPARQL, never with len().
        """
        return self._scalar(COUNT_QUADS)

    def count_distinct_triples(self) -> int:
        """Distinct triples, i.e. the size of the default graph (the union of the named graphs)."""
        return self._scalar(COUNT_DEFAULT)

    def optimize(self) -> None:
        """Compact the store's files after a large load or ingest (a no-op where the backend has none)."""

    # ---------------------------------------------------------------- layout upgrade
    def needs_rebuild(self) -> bool:
        """True for a store written before the default-graph copy: named graphs, empty default graph."""
        return bool(self._query(NEEDS_REBUILD).askAnswer)

    def rebuild_default_graph(self, notify: Callable[[str], None] | None = None) -> int:
        """Fill the default graph with the union of the named graphs (one request); returns the quads read.

        Idempotent (a set insert) and atomic, so an interrupted rebuild is simply redone.
        """
        quads = self._announce_rebuild(notify)
        self._update(REBUILD)
        return quads

    def _announce_rebuild(self, notify: Callable[[str], None] | None) -> int:
        quads = self._scalar(COUNT_QUADS)
        (notify or _stderr)(f"rebuilding the default graph of {self.location} (one time, {quads} triples)")
        return quads

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
        """Import an export: TriG/N-Quads keep their named graphs and fill the default-graph copy;
        a triple format (Turtle, N-Triples, JSON-LD without graphs) goes to the default graph only."""
        raise NotImplementedError

    # ---------------------------------------------------------------- context manager
    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
