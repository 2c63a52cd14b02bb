"""A store on any SPARQL 1.1 endpoint (SPARQL Protocol for queries, SPARQL Update for writes).

The store keeps the union of its named graphs in the plain default graph itself
(`graph.store.base`), so any SPARQL 1.1 endpoint works as it comes: no union-default-graph
option or server configuration is needed, and the server must NOT be told to treat the
default graph as the union (that would hide the copy and multiply rows again).

URL convention for `--store`:

- `http://host:port` (no path): an Oxigraph server (`oxigraph serve`): queries go to
  `/query`, updates to `/update`.
- `http://host:port/DATASET` (a path not ending in /query or /sparql): an Apache Jena
  Fuseki dataset: `/DATASET/query` and `/DATASET/update`.
- `http://host/.../query` or `.../sparql` (any other server, e.g. GraphDB): that URL for
  queries and the same URL with the last segment replaced by `update` for updates.

A store filled before the default-graph copy existed is rebuilt once when opened (one
SPARQL Update request, `Store.rebuild_default_graph`).

rdflib's `SPARQLUpdateStore` over the same endpoints is available as `.dataset` for code
that wants the rdflib Graph API; our own calls speak HTTP directly so that a server's error
message reaches the user.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Dataset
from rdflib.query import Result

from graph.store.base import Store, StoreError

RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
TIMEOUT_S = 300


def endpoints(url: str) -> tuple[str, str]:
    """(query URL, update URL) for a `--store` URL."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if not path:
        return _join(parts, "/query"), _join(parts, "/update")
    last = path.rsplit("/", 1)[-1]
    if last in ("query", "sparql"):
        return url, _join(parts, path[: -len(last)] + "update")
    return _join(parts, path + "/query"), _join(parts, path + "/update")


def _join(parts: urllib.parse.SplitResult, path: str) -> str:
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


class RemoteStore(Store):
    """A store on a SPARQL 1.1 endpoint; every update is one request (one server transaction)."""

    def __init__(self, url: str) -> None:
        self.location = url
        self.query_url, self.update_url = endpoints(url)
        self._dataset: Dataset | None = None
        if self.needs_rebuild():  # also fails early, with the URL, when nothing answers
            self.rebuild_default_graph()

    @property
    def dataset(self) -> Dataset:
        """rdflib's view of the endpoint (SPARQLUpdateStore), created on first use."""
        if self._dataset is None:
            from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

            base, _, _ = self.query_url.partition("?")
            store = SPARQLUpdateStore(
                query_endpoint=base, update_endpoint=self.update_url, method="POST_FORM"
            )
            self._dataset = Dataset(store=store, default_union=False)
        return self._dataset

    def _query(self, sparql: str) -> Result:
        data = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        headers = {"Accept": RESULT_TYPES, "Content-Type": "application/x-www-form-urlencoded"}
        body, content_type = self._post(self.query_url, data, headers)
        if content_type in ("application/n-triples", "text/turtle"):
            from rdflib import Graph

            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=body, format="nt" if "n-triples" in content_type else "turtle")
            return result
        return Result.parse(io.BytesIO(body), content_type=content_type)

    def _update(self, sparql: str) -> None:
        headers = {"Content-Type": "application/sparql-update; charset=UTF-8"}
        self._post(self.update_url, sparql.encode("utf-8"), headers)

    def _post(self, url: str, data: bytes, headers: dict[str, str]) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
                return response.read(), content_type
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"{url} answered {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def load(self, file: str | Path, fmt: str | None = None) -> None:
        """Import an export: one INSERT DATA request per named graph (into it and the default graph)."""
        from graph.store.local import guess_format

        path = Path(file)
        fmt = fmt or guess_format(path)
        ds = Dataset()
        ds.parse(str(path), format={"ttl": "turtle", "nq": "nquads", "jsonld": "json-ld"}.get(fmt, fmt))
        for graph in ds.graphs():
            if not len(graph):  # in-memory graph: len() is cheap here
                continue
            body = graph.serialize(format="nt")
            if graph.identifier == ds.default_graph.identifier:
                self._update(f"INSERT DATA {{\n{body}}}")
            else:
                self._update(f"INSERT DATA {{ GRAPH {graph.identifier.n3()} {{\n{body}}}\n{body}}}")
