"""`fkg serve` (Oxigraph's read-only SPARQL 1.1 endpoint) and a remote store on an Oxigraph server."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import store_fixtures
from test_query import CASES, rows
from test_store import assert_same_dataset, quads

from graph.query import load_query
from graph.serve import OxigraphServer, ServeError, server_command
from graph.store import Store, StoreError, open_store
from graph.store.sparql import bind

COUNT_DOCS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/foundation-kg/ns#Document> }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(location: Path) -> Path:
    with open_store(location) as store:
        for doc, facts in store_fixtures.corpus():
            store.put_document(doc, facts)
    return location


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only server over the hand-made store (closed first: the server reads a snapshot)."""
    location = build(tmp_path_factory.mktemp("served") / "store")
    with OxigraphServer(location, port=free_port()) as server:
        yield server.url


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("accept", "ctype", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", '"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("text/csv", "text/csv", "n\r\n11"),
        ("text/tab-separated-values", "text/tab-separated-values", "?n\n11"),
    ],
)
def test_get_with_content_negotiation(endpoint: str, accept: str, ctype: str, marker: str) -> None:
    status, content_type, body = http(
        f"{endpoint}/query?" + urllib.parse.urlencode({"query": COUNT_DOCS}), headers={"Accept": accept}
    )
    assert status == 200 and content_type.startswith(ctype)
    assert marker in body.replace('"11"^^<http://www.w3.org/2001/XMLSchema#integer>', "11")


def test_post_form_and_direct(endpoint: str) -> None:
    form = urllib.parse.urlencode({"query": COUNT_DOCS}).encode()
    status, _, body = http(
        f"{endpoint}/query",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "11"
    status, _, body = http(
        f"{endpoint}/query",
        COUNT_DOCS.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "11"


def test_named_query_over_the_union_with_sparqlwrapper(endpoint: str) -> None:
    from rdflib import Literal, URIRef
    from SPARQLWrapper import JSON, SPARQLWrapper

    text = bind(
        load_query("members").text,
        {
            "foundation": URIRef("https://w3id.org/foundation-kg/id/org/rust-foundation"),
            "date": Literal("2022-10-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        },
    )
    client = SPARQLWrapper(f"{endpoint}/query")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert {b["memberName"]["value"] for b in result["results"]["bindings"]} == {"JFrog", "Acme", "Beta"}  # type: ignore[index]


def test_updates_are_refused(endpoint: str) -> None:
    update = "DROP ALL"
    status, _, _ = http(f"{endpoint}/update", update.encode(), {"Content-Type": "application/sparql-update"})
    assert status >= 400
    status, _, _ = http(f"{endpoint}/query", update.encode(), {"Content-Type": "application/sparql-query"})
    assert status >= 400
    status, _, body = http(
        f"{endpoint}/query?" + urllib.parse.urlencode({"query": COUNT_DOCS}), headers={"Accept": "text/csv"}
    )
    assert status == 200 and body.splitlines()[1] == "11"


def test_query_page_and_options(endpoint: str) -> None:
    status, content_type, _ = http(f"{endpoint}/", headers={"Accept": "text/html"})
    assert status == 200 and content_type.startswith("text/html")
    cmd = server_command(Path("/x"), port=1234, timeout_s=7)
    assert (
        cmd[1] == "serve-read-only"
        and "--union-default-graph" in cmd
        and cmd[cmd.index("--timeout-s") + 1] == "7"
    )


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="no store at"):
        OxigraphServer(tmp_path / "none")


def test_fkg_serve_prints_its_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    location = build(tmp_path / "store")
    port = free_port()
    fkg = str(Path(sys.executable).with_name("fkg"))
    proc = subprocess.Popen(
        [fkg, "serve", "--store", str(location), "--port", str(port), "--timeout", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if f"http://127.0.0.1:{port}/query" not in line:
            proc.send_signal(signal.SIGTERM)
            pytest.fail(f"no URL line: {line!r}; stderr: {proc.communicate(timeout=15)[1]!r}")
        status, _, body = http(
            f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": COUNT_DOCS}),
            headers={"Accept": "text/csv"},
        )
        assert status == 200 and body.splitlines()[1] == "11"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(15)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert code == 0
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # the oxigraph child is gone too


# ---------------------------------------------------------------- remote store


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store on a read-write Oxigraph server started for the test, filled through HTTP."""
    location = tmp_path_factory.mktemp("remote") / "store"
    with OxigraphServer(location, port=free_port(), read_only=False) as server:
        store = open_store(server.url)
        for doc, facts in store_fixtures.corpus():
            assert store.put_document(doc, facts) is True
        yield store


@pytest.mark.parametrize(
    ("name", "params", "col", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_remote_answers_equal_local(
    remote: Store, kg_store_session: Store, name: str, params: dict[str, str], col: str, expected: set[str]
) -> None:
    remote_rows = rows(remote, name, **params)
    local_rows = rows(kg_store_session, name, **params)
    assert sorted(map(sorted, (r.items() for r in remote_rows))) == sorted(
        map(sorted, (r.items() for r in local_rows))
    )
    assert {r[col] for r in remote_rows} == expected


def test_remote_skip_replace_and_export(remote: Store, kg_store_session: Store, tmp_path: Path) -> None:
    import dataclasses

    doc, facts = store_fixtures.corpus()[0]
    assert remote.put_document(doc, facts) is False
    assert remote.document_hashes() == kg_store_session.document_hashes()
    assert remote.count_triples() == kg_store_session.count_triples()
    assert_same_dataset(quads(remote), quads(kg_store_session))
    trig = remote.export("trig", tmp_path / "remote.trig")
    with open_store(tmp_path / "copy") as copy:
        copy.load(trig)
        assert_same_dataset(quads(copy), quads(kg_store_session))
    edited = dataclasses.replace(doc, content_hash="e" * 64)
    assert remote.put_document(edited, []) is True
    assert rows(remote, "document-facts", document=doc.id) == []
    assert remote.put_document(doc, facts) is True  # back as it was


def test_remote_errors_name_the_endpoint() -> None:
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint http://127.0.0.1:"):
        open_store(f"http://127.0.0.1:{free_port()}")


def test_remote_url_convention() -> None:
    from graph.store.remote import endpoints

    assert endpoints("http://h:7878") == ("http://h:7878/query?union-default-graph", "http://h:7878/update")
    assert endpoints("http://h:3030/ds") == (
        "http://h:3030/ds/query?default-graph-uri=urn%3Ax-arq%3AUnionGraph",
        "http://h:3030/ds/update",
    )
    assert endpoints("https://h/repo/sparql") == ("https://h/repo/sparql", "https://h/repo/update")


def test_remote_construct_and_validation(remote: Store) -> None:
    from graph.validate import validate_store

    graph = remote.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }").graph
    assert graph is not None and len(graph) > 50
    report = validate_store(remote)
    assert report.conforms, [str(v) for v in report.violations]
