"""Where `../shared` is (beside the checkout, in CI too) and the one full-corpus store of a test session."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score.py"


@cache
def corpus_store() -> tuple[Any, Any]:
    """A store built once per session by the real pipeline from all of `../shared/corpus`, and its report.

    Building it takes minutes, so every test that needs the whole corpus shares this one
    (read-only use only).
    """
    from graph.pipeline import ingest_paths
    from graph.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="fkg-corpus-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    store = open_store(folder / "store")
    store.put_gazetteer()
    report = ingest_paths([CORPUS], store)
    atexit.register(store.close)
    return store, report
