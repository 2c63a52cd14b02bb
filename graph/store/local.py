"""The embedded store: rdflib on Oxigraph (oxrdflib), persisted in a folder."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset
from rdflib.query import Result

from graph.store.base import COUNT_DEFAULT, Store, StoreError

#: export format -> pyoxigraph format for the formats Oxigraph writes natively
QUAD_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
TRIPLE_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
LOAD_FORMATS = {**QUAD_FORMATS, **TRIPLE_FORMATS, "jsonld": ox.RdfFormat.JSON_LD}


class LocalStore(Store):
    """A store folder opened with pyoxigraph (RocksDB); rdflib's `Dataset` API on top."""

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._ox = _open(path, create=create, read_only=read_only)
        self.dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for bulk loads and fast native queries)."""
        return self._ox

    def _query(self, sparql: str) -> Result:
        try:
            return self.dataset.query(sparql)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc

    def _update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only: cannot write to it")
        try:
            self._ox.update(sparql)
        except OSError as exc:
            raise StoreError(f"writing to store {self.location} failed: {exc}") from exc

    def _default_graph_count(self) -> int:
        return int(next(iter(self._ox.query(COUNT_DEFAULT)))[0].value)  # type: ignore[index, arg-type]

    def dump(self, fmt: str, dest: Path) -> None:
        """Write every quad (TriG/N-Quads) natively."""
        with dest.open("wb") as out:
            self._ox.dump(out, format=QUAD_FORMATS[fmt], prefixes=_prefixes())

    def dump_union(self, fmt: str, dest: Path) -> None:
        """Write the union of all graphs as triples (Turtle/N-Triples) natively."""
        triples = self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        with dest.open("wb") as out:
            ox.serialize(triples, out, format=TRIPLE_FORMATS[fmt], prefixes=_prefixes())  # type: ignore[arg-type]

    def load(self, file: str | Path, fmt: str | None = None) -> None:
        """Import an export file in one transaction (named graphs kept for TriG and N-Quads)."""
        path = Path(file)
        fmt = fmt or guess_format(path)
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only: cannot load {path}")
        try:
            self._ox.load(path=str(path), format=LOAD_FORMATS[fmt])
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"cannot load {path} as {fmt}: {exc}") from exc

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
