"""The embedded store: rdflib on Oxigraph (oxrdflib), persisted in a folder.

Queries see the plain default graph, which holds the union of the named graphs
(`graph.store.base`); a store written before that copy existed is rebuilt once when opened.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset
from rdflib.query import Result

from graph.store.base import DOCUMENT_HASHES, Store, StoreError

#: export format -> pyoxigraph format for the formats Oxigraph writes natively
QUAD_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
TRIPLE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
LOAD_FORMATS = {**QUAD_FORMATS, **TRIPLE_FORMATS, "jsonld": ox.RdfFormat.JSON_LD}
#: files up to this size are loaded in one transaction (parsed whole in memory first)
ATOMIC_LOAD_BYTES = 20 * 1024 * 1024
#: quads per `bulk_extend` call for larger files: bounds a load's memory (0.55 GiB peak at 1M triples)
LOAD_BATCH = 250_000
#: a file in the store folder while the default graph is rebuilt (batches are not one transaction)
REBUILDING = "fkg-rebuilding-default-graph"


class LocalStore(Store):
    """A store folder opened with pyoxigraph (RocksDB); rdflib's `Dataset` API on top."""

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._ox = _open(path, create=create, read_only=read_only)
        self.dataset = _dataset(self._ox)
        if self.needs_rebuild():
            self._upgrade(path)

    def _query(self, sparql: str) -> Result:
        try:
            return self.dataset.query(sparql)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc

    def needs_rebuild(self) -> bool:
        """True for a store written before the default-graph copy, or whose rebuild was interrupted."""
        if (Path(self.location) / REBUILDING).exists():
            return True
        # two index probes (first quad of the default graph, first quad anywhere) instead of the
        # NEEDS_REBUILD ASK, which Oxigraph answers in ~0.4 s on a 1M-triple store
        if next(iter(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
            return False
        return next(iter(self._ox.quads_for_pattern(None, None, None, None)), None) is not None

    def _upgrade(self, path: Path) -> None:
        """Rebuild the default graph once; a read-only opener briefly opens the store for writing."""
        if not self.read_only:
            self.rebuild_default_graph()
            return
        self.dataset = self._ox = None  # type: ignore[assignment]
        gc.collect()  # release the read-only handle before opening for writing
        try:
            with LocalStore(path) as writer:  # its __init__ rebuilds
                del writer
        except StoreError as exc:
            raise StoreError(
                f"store {path} was written by an older foundation-kg and its default graph must be "
                f"rebuilt once, but it cannot be opened for writing now ({exc}); run "
                f"`fkg stats --store {path}` when no other fkg command uses it"
            ) from exc
        self._ox = _open(path, create=False, read_only=True)
        self.dataset = _dataset(self._ox)

    def document_hashes(self) -> dict[str, str]:
        """Every stored document id -> its content hash, asked of Oxigraph directly (no rdflib
        term conversion: this runs on every ingest, even when nothing changed)."""
        rows = self._ox.query(DOCUMENT_HASHES)
        assert isinstance(rows, ox.QuerySolutions)
        return {row["id"].value: row["hash"].value for row in rows}

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for bulk loads and fast native queries)."""
        return self._ox

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only: cannot write to it")
        try:
            self._ox.update(sparql)
        except OSError as exc:
            raise StoreError(f"writing to store {self.location} failed: {exc}") from exc

    def rebuild_default_graph(self, notify: Callable[[str], None] | None = None) -> int:
        """Copy every named-graph quad into the default graph in bounded batches, then compact.

        Batches are not one transaction (one would hold the whole copy in memory: 1 GiB at 1M
        triples), so a marker file in the folder says a rebuild is under way; it goes when the
        copy is complete, and a store opened with the marker present is rebuilt again (set
        inserts: redoing a copy is harmless).
        """
        quads = self._announce_rebuild(notify)
        mark = Path(self.location) / REBUILDING
        mark.write_text("the default graph is being rebuilt; it is redone when the store is opened\n")
        copies = _default_copies(self._ox)
        while batch := list(itertools.islice(copies, LOAD_BATCH)):
            self._ox.bulk_extend(batch)
        self._ox.flush()
        self.optimize()
        mark.unlink()
        return quads

    def optimize(self) -> None:
        """Compact the RocksDB files (pyoxigraph `Store.optimize`): worth it after a bulk load."""
        if not self.read_only:
            self._ox.optimize()

    def dump(self, fmt: str, dest: Path) -> None:
        """Write the named graphs (TriG/N-Quads) natively; the default-graph copy is rebuilt on load."""
        named = (q for q in self._ox.quads_for_pattern(None, None, None) if not _in_default(q))
        with dest.open("wb") as out:
            ox.serialize(named, out, format=QUAD_FORMATS[fmt], prefixes=_prefixes())  # type: ignore[arg-type]

    def dump_union(self, fmt: str, dest: Path) -> None:
        """Write the default graph, i.e. the union of all graphs, as triples (Turtle/N-Triples) natively."""
        with dest.open("wb") as out:
            self._ox.dump(out, format=TRIPLE_FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=_prefixes())

    def load(self, file: str | Path, fmt: str | None = None) -> None:
        """Import an export: in one transaction up to ATOMIC_LOAD_BYTES, above in bounded batches.

        One streaming parse gives each quad twice, in its named graph and in the default graph;
        triples (Turtle, N-Triples) go to the default graph only. Blank nodes get fresh
        identities per load, shared by both copies. A large file goes in with pyoxigraph
        `bulk_extend` batches of LOAD_BATCH quads (memory-bounded, not one transaction: if such
        a load is interrupted or meets a syntax error, load the file into a fresh store again).
        The store is compacted afterwards.
        """
        path = Path(file)
        fmt = fmt or guess_format(path)
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only: cannot load {path}")
        try:
            quads = _with_default_copy(ox.parse(path=str(path), format=LOAD_FORMATS[fmt]))
            if path.stat().st_size <= ATOMIC_LOAD_BYTES:
                self._ox.extend(list(quads))  # parsed whole first: a syntax error writes nothing
            else:
                while batch := list(itertools.islice(quads, LOAD_BATCH)):
                    self._ox.bulk_extend(batch)
            self._ox.flush()
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"cannot load {path} as {fmt}: {exc}") from exc
        self.optimize()

    def close(self) -> None:
        """Flush writes to disk and release the folder's lock."""
        store = getattr(self, "_ox", None)
        if store is None:
            return
        if not self.read_only:
            store.flush()
        self.dataset = None  # type: ignore[assignment]
        self._ox = None  # type: ignore[assignment]
        del store
        # RocksDB closes (and releases its LOCK) only when the last reference goes; rdflib's
        # graph objects hold reference cycles, so collect them now rather than "some time later"
        gc.collect()


def _open(path: Path, *, create: bool, read_only: bool) -> ox.Store:
    if not path.exists() and (read_only or not create):
        raise StoreError(f"no store at {path}: run `fkg ingest PATH --store {path}` first")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"store {path} is in use by another process (its LOCK file is held): "
                "wait for the other fkg command to finish, then try again"
            ) from exc
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    except RuntimeError as exc:  # RocksDB reports a store changing under a read-only reader as corruption
        raise StoreError(
            f"cannot open store {path} read-only: {exc.__class__.__name__}: {exc}. "
            "Is another process writing to it? Try again when it has finished."
        ) from exc


def _dataset(store: ox.Store) -> Dataset:
    """rdflib's view of `store`, querying its plain default graph (no union of named graphs)."""
    return Dataset(store=OxigraphStore(store=store), default_union=False)


def _in_default(quad: ox.Quad) -> bool:
    return isinstance(quad.graph_name, ox.DefaultGraph)


def _default_copies(store: ox.Store) -> Iterator[ox.Quad]:
    """Every named-graph quad of `store` as a default-graph quad, streamed from the store."""
    default = ox.DefaultGraph()
    for quad in store.quads_for_pattern(None, None, None):
        if not _in_default(quad):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _with_default_copy(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad with fresh blank nodes, then (for a named graph) its copy in the default graph."""
    default = ox.DefaultGraph()
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}
    for quad in quads:
        s, o = quad.subject, quad.object
        if isinstance(s, ox.BlankNode):
            s = fresh.get(s) or fresh.setdefault(s, ox.BlankNode())
        if isinstance(o, ox.BlankNode):
            o = fresh.get(o) or fresh.setdefault(o, ox.BlankNode())
        yield ox.Quad(s, quad.predicate, o, quad.graph_name)
        if not _in_default(quad):
            yield ox.Quad(s, quad.predicate, o, default)


def guess_format(path: Path) -> str:
    """The export format from a file name (.trig, .nq, .ttl, .nt, .jsonld/.json)."""
    suffix = path.suffix.lower().lstrip(".")
    fmt = {"json": "jsonld", "turtle": "ttl", "nquads": "nq"}.get(suffix, suffix)
    if fmt not in LOAD_FORMATS:
        raise StoreError(f"cannot tell the RDF format of {path}: use .trig, .nq, .ttl, .nt or .jsonld")
    return fmt


def _prefixes() -> dict[str, str]:
    from graph.namespaces import PREFIXES

    return dict(PREFIXES)
