"""Shared fixtures. Each helper's fixtures live in their own module and are named after it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import store_fixtures


@pytest.fixture
def kg_store(tmp_path: Path) -> Iterator[object]:
    """A fresh local store holding the hand-made documents of tests/store_fixtures.py."""
    from graph.store import open_store

    with open_store(tmp_path / "kg-store") as store:
        for doc, facts in store_fixtures.corpus():
            store.put_document(doc, facts)
        yield store


@pytest.fixture(scope="session")
def kg_store_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The same hand-made store, built once per session (read-only use)."""
    from graph.store import open_store

    with open_store(tmp_path_factory.mktemp("kg") / "store") as store:
        for doc, facts in store_fixtures.corpus():
            store.put_document(doc, facts)
        yield store
