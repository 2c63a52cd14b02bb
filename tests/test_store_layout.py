"""The default graph is the deduplicated union of the named graphs, after every kind of write.

Checked on the embedded store and on a store kept by a plain Oxigraph server (no union option),
and for a store written before the copy existed (rebuilt once when opened).
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import store_fixtures
from rdflib import Graph, Literal, URIRef

from graph.model import Fact
from graph.rdf import doc_iri, document_graph
from graph.store import Store, StoreError, open_store

UNION = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
LABELS = "SELECT ?l WHERE { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
RUST = URIRef("https://w3id.org/foundation-kg/id/org/rust-foundation")


def triple_set(store: Store, sparql: str) -> set[tuple[object, ...]]:
    """The distinct triples a query returns (blank nodes are the store's own, so sets compare)."""
    return {tuple(row) for row in store.query(sparql)}


def assert_default_is_union(store: Store) -> None:
    union, default = triple_set(store, UNION), triple_set(store, DEFAULT)
    assert default == union, (len(default - union), len(union - default))
    assert store.count_distinct_triples() == len(union)


def exercise(store: Store) -> None:
    """Put, replace and remove documents that share entities (the Rust Foundation, Acme, ...)."""
    docs = store_fixtures.corpus()
    for doc, facts in docs:
        assert store.put_document(doc, facts) is True
    assert_default_is_union(store)
    shared = triple_set(store, f"SELECT ?s ?p ?o WHERE {{ BIND({RUST.n3()} AS ?s) ?s ?p ?o }}")
    assert shared, "the fixture documents should describe the Rust Foundation"
    doc, facts = docs[3]
    member = Fact(
        "membership",
        doc.id,
        {"member": "Acme", "organization": "Rust Foundation", "tier": "Platinum", "event": "upgrade"},
    )
    assert store.put_document(dataclasses.replace(doc, content_hash="f" * 64), [member]) is True
    assert_default_is_union(store)
    store.put_gazetteer()
    store.put_gazetteer()  # replacing a graph by itself keeps every triple
    assert_default_is_union(store)
    for doc, _ in docs[:-1]:
        store.remove_document(doc.id)
        assert_default_is_union(store)
    # the last document still describes the Rust Foundation: the triples it shares survive
    last, last_facts = docs[-1]
    kept = triple_set(store, f"SELECT ?s ?p ?o WHERE {{ BIND({RUST.n3()} AS ?s) ?s ?p ?o }}")
    in_last = {t for t in document_graph(last, last_facts) if t[0] == RUST}
    assert {(s, p, o) for s, p, o in in_last if not isinstance(o, Literal)} <= kept
    store.remove_document(last.id)
    store.replace_graph(URIRef("https://w3id.org/foundation-kg/graph/gazetteer"), Graph())
    assert triple_set(store, DEFAULT) == set() and triple_set(store, UNION) == set()


def test_local_default_graph_follows_every_write(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        exercise(store)


def test_labels_are_matched_once(kg_store: Store) -> None:
    """A label several documents state is one row, not one per document graph."""
    labels = [str(r[0]) for r in kg_store.query(LABELS, {"x": RUST})]
    assert labels == ["Rust Foundation"]
    graphs = kg_store.query(
        "SELECT ?g WHERE { GRAPH ?g { ?x <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }", {"x": RUST}
    )
    assert len(list(graphs)) > 1  # ... while several graphs state it


def test_counts_say_what_they_count(kg_store: Store) -> None:
    docs = store_fixtures.corpus()
    assert kg_store.count_triples() == sum(len(document_graph(d, f)) for d, f in docs)
    assert kg_store.count_distinct_triples() == len(triple_set(kg_store, UNION))
    assert kg_store.count_distinct_triples() < kg_store.count_triples()


def _old_store(path: Path) -> int:
    """A store as written before the default-graph copy: named graphs only. Returns its quad count."""
    store = ox.Store(str(path))
    n = 0
    for doc, facts in store_fixtures.corpus():
        g = doc_iri(doc.id).n3()
        body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in document_graph(doc, facts))
        store.update(f"INSERT DATA {{ GRAPH {g} {{ {body} }} }}")
        n += len(document_graph(doc, facts))
    store.flush()
    del store
    return n


@pytest.mark.parametrize("read_only", [False, True])
def test_a_store_written_before_the_copy_is_rebuilt_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], read_only: bool
) -> None:
    quads = _old_store(tmp_path / "old")
    with open_store(tmp_path / "old", read_only=read_only, create=False) as store:
        assert not store.needs_rebuild()
        assert_default_is_union(store)
        assert [str(r[0]) for r in store.query(LABELS, {"x": RUST})] == ["Rust Foundation"]
    err = capfd.readouterr().err
    assert f"rebuilding the default graph of {tmp_path / 'old'} (one time, {quads} triples)" in err
    with open_store(tmp_path / "old", read_only=read_only, create=False):
        pass
    assert "rebuilding" not in capfd.readouterr().err  # once only


def test_an_interrupted_rebuild_is_redone(tmp_path: Path) -> None:
    """A rebuild killed half-way leaves its marker file and part of the copy: the next open redoes it."""
    from graph.store.local import REBUILDING

    _old_store(tmp_path / "old")
    partial = ox.Store(str(tmp_path / "old"))
    partial.update(
        "INSERT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3 } }"
    )
    partial.flush()
    del partial
    (tmp_path / "old" / REBUILDING).write_text("killed")
    with open_store(tmp_path / "old") as store:
        assert_default_is_union(store)
    assert not (tmp_path / "old" / REBUILDING).exists()


def test_an_old_store_in_use_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    _old_store(tmp_path / "old")
    holder = ox.Store(str(tmp_path / "old"))  # another process's writer holds the lock
    try:
        with pytest.raises(StoreError, match=r"rebuilt once.*fkg stats --store"):
            open_store(tmp_path / "old", read_only=True, create=False)
    finally:
        del holder


def test_an_empty_store_needs_no_rebuild(tmp_path: Path) -> None:
    with open_store(tmp_path / "new") as store:
        assert not store.needs_rebuild()


# ---------------------------------------------------------------- a plain Oxigraph server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """`oxigraph serve` with its default options: the default graph is just the default graph."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A fresh plain Oxigraph server."""
    with oxigraph_server(tmp_path / "served") as url:
        yield url


def test_remote_store_written_before_the_copy_is_rebuilt(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    quads = _old_store(tmp_path / "old")
    with oxigraph_server(tmp_path / "old") as url:
        store = open_store(url)
        assert f"rebuilding the default graph of {url} (one time, {quads} triples)" in capfd.readouterr().err
        assert_default_is_union(store)
        assert not open_store(url).needs_rebuild()


def test_remote_default_graph_follows_every_write(server: str) -> None:
    exercise(open_store(server))


def test_remote_answers_like_local(server: str, kg_store: Store) -> None:
    remote = open_store(server)
    for doc, facts in store_fixtures.corpus():
        remote.put_document(doc, facts)
    for sparql in (DEFAULT, LABELS, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        assert _plain(triple_set(remote, sparql)) == _plain(triple_set(kg_store, sparql)), sparql
    assert remote.count_triples() == kg_store.count_triples()
    assert remote.count_distinct_triples() == kg_store.count_distinct_triples()


def _plain(rows: set[tuple[object, ...]]) -> set[tuple[object, ...]]:
    """Rows with blank nodes blanked out (each store names its own) and literals as plain text."""
    return {tuple("_" if type(t).__name__ == "BNode" else str(t) for t in row) for row in rows}


@pytest.mark.parametrize("batched", [False, True])
def test_load_fills_the_copy(
    kg_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batched: bool
) -> None:
    """An export loads back with its default-graph copy, in one transaction or in small batches."""
    from test_store import assert_same_dataset, quads

    import graph.store.local as local

    if batched:  # a "large" file: tiny bulk batches, so blank nodes cross batch boundaries
        monkeypatch.setattr(local, "ATOMIC_LOAD_BYTES", 0)
        monkeypatch.setattr(local, "LOAD_BATCH", 7)
    kg_store.put_gazetteer()
    path = kg_store.export("nq", tmp_path / "out.nq")
    with open_store(tmp_path / "copy") as copy:
        copy.load(path)
        assert_default_is_union(copy)
        assert_same_dataset(quads(copy), quads(kg_store))
        assert copy.count_distinct_triples() == kg_store.count_distinct_triples()


def test_a_small_load_with_a_syntax_error_writes_nothing(kg_store: Store, tmp_path: Path) -> None:
    path = kg_store.export("nq", tmp_path / "out.nq")
    with path.open("a", encoding="utf-8") as out:
        out.write("<x:a> <x:b> this is not N-Quads .\n")
    with open_store(tmp_path / "copy") as copy:
        with pytest.raises(StoreError, match="cannot load"):
            copy.load(path)
        assert copy.count_triples() == 0 and copy.count_distinct_triples() == 0


def test_remote_urls_carry_no_union_option() -> None:
    from graph.store.remote import endpoints

    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h:3030/ds") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("https://h/repo/sparql") == ("https://h/repo/sparql", "https://h/repo/update")
    assert endpoints("http://h:7878/?timeout=5") == (
        "http://h:7878/query?timeout=5",
        "http://h:7878/update?timeout=5",
    )
