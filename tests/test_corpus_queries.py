"""Every named query on the store built from ../shared/corpus (slow: ingests ~1,800 files).

Run with `pytest -m slow tests/test_corpus_queries.py`; set FKG_CORPUS_STORE to a store already
built from the corpus to skip the ingest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import shared

from graph.query import list_queries
from graph.store import Store, open_store

CORPUS = shared.CORPUS
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus")]

PARAMS: dict[str, dict[str, str]] = {
    "members": {"foundation": "Rust Foundation", "date": "2022-10-01"},
    "membership-history": {"organization": "JFrog"},
    "shared-members": {"foundation": "Rust Foundation"},
    "funders": {"organization": "Rust Foundation"},
    "funded-by": {"funder": "Alpha-Omega"},
    "roles": {"organization": "Rust Foundation"},
    "part-of-tree": {"root": "Linux Foundation"},
    "tier-changes": {"since": "2022-01-01", "until": "2022-12-31", "foundation": "Rust Foundation"},
    "document-facts": {"document": "rust/news/2022-09-06-hello-jfrog.md"},
    "entity-search": {"text": "jfrog"},
    "documents": {"publisher": "Rust Foundation"},
}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    given = os.environ.get("FKG_CORPUS_STORE")
    if given:
        with open_store(given, read_only=True) as store:
            yield store
        return
    yield shared.corpus_store()[0]


def _names(store: Store, name: str, col: str, **params: str) -> set[str]:
    return {str(row.asdict().get(col, "")) for row in store.named_query(name, params)}  # type: ignore[union-attr]


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_named_query_runs(corpus_store: Store, name: str) -> None:
    params = dict(PARAMS.get(name, {}))
    if name == "fact-sources":
        first = "SELECT ?f WHERE { ?f a <http://www.w3.org/ns/org#Membership> } LIMIT 1"
        row = next(iter(corpus_store.query(first)))
        params = {"fact": str(row[0])}  # type: ignore[index]
    result = list(corpus_store.named_query(name, params))
    if name not in ("part-of-tree",):
        assert result, f"{name} returned no rows on the corpus store"


def test_jfrog_platinum_from_september_2022(corpus_store: Store) -> None:
    def platinum(day: str) -> set[str]:
        params = {"foundation": "Rust Foundation", "tier": "Platinum", "date": day}
        return _names(corpus_store, "members", "memberName", **params)

    assert "JFrog" in platinum("2022-10-01")
    assert "JFrog" not in platinum("2022-08-01")
