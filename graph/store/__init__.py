"""The persistent store: one named graph per document, their union copied in the default graph.

Queries read the plain default graph (each triple once); writes keep it equal to the union of
the named graphs in the same transaction (`graph.store.base`).

`open_store("./fkg-store")` opens (or creates) an embedded Oxigraph store in that folder;
`open_store("http://host:port")` uses a SPARQL 1.1 endpoint instead (see `graph.store.remote`
for the URL convention). Both have the same API (`graph.store.base.Store`).
"""

from __future__ import annotations

from pathlib import Path

from graph.store.base import Store, StoreError
from graph.store.export import FORMATS as EXPORT_FORMATS

__all__ = ["EXPORT_FORMATS", "Store", "StoreError", "open_store"]


def open_store(location: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
    """Open the store at a folder path or an http(s) SPARQL endpoint URL."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        from graph.store.remote import RemoteStore

        return RemoteStore(text)
    from graph.store.local import LocalStore

    return LocalStore(Path(location), create=create, read_only=read_only)
