"""foundation-kg: a knowledge graph of open-source foundation membership and funding.

The public surface, imported lazily so that `fkg --help` stays fast::

    from graph import read_document, extract, open_store, ingest_paths
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Document": "graph.model",
    "Block": "graph.model",
    "Record": "graph.model",
    "Fact": "graph.model",
    "Entity": "graph.entities",
    "resolve": "graph.entities",
    "read_document": "graph.sources",
    "iter_documents": "graph.sources",
    "SourceError": "graph.sources",
    "extract": "graph.extract",
    "open_store": "graph.store",
    "ingest_paths": "graph.pipeline",
    "IngestReport": "graph.pipeline",
    "project": "graph.network",
    "write_graph_page": "graph.views",
    "changes": "graph.timeline",
    "write_timeline": "graph.timeline",
    "build_demo": "graph.demo",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return [*globals(), *__all__]
