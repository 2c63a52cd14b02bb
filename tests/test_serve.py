"""`fkg serve` (Oxigraph's read-only SPARQL 1.1 endpoint) and a remote store on an Oxigraph server."""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.client import HTTPConnection, HTTPResponse, IncompleteRead
from pathlib import Path

import pytest
import store_fixtures
from test_query import CASES, rows
from test_store import assert_same_dataset, quads

from graph.query import load_query
from graph.serve import OxigraphServer, ServeError, server_command
from graph.serve_guard import Guard
from graph.store import Store, StoreError, open_store
from graph.store.sparql import bind

COUNT_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/foundation-kg/ns#Document> }"


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
    """`fkg serve`'s endpoint (the guard in front of Oxigraph) over the hand-made store."""
    location = build(tmp_path_factory.mktemp("served") / "store")
    with Guard(location, port=0, echo=lambda line: None) as guard:
        yield guard.url


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
    assert {b["memberName"]["value"] for b in result["results"]["bindings"]} == {"JFrog", "Acme", "Beta"}  # type: ignore[index, call-overload]


def test_updates_are_refused(endpoint: str) -> None:
    update = "DROP ALL"
    status, _, _ = http(f"{endpoint}/update", update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = http(f"{endpoint}/query", update.encode(), {"Content-Type": "application/sparql-query"})
    assert status >= 400
    status, _, body = http(
        f"{endpoint}/query?" + urllib.parse.urlencode({"query": COUNT_DOCS}), headers={"Accept": "text/csv"}
    )
    assert status == 200 and body.splitlines()[1] == "11"


def test_query_page_and_options(endpoint: str) -> None:
    status, content_type, _ = http(f"{endpoint}/", headers={"Accept": "text/html"})
    assert status == 200 and content_type.startswith("text/html")
    cmd = server_command(Path("/x"), port=1234, timeout_s=7, union=True)
    assert (
        cmd[1] == "serve-read-only"
        and "--union-default-graph" in cmd
        and cmd[cmd.index("--timeout-s") + 1] == "7"
    )
    assert "--union-default-graph" not in server_command(Path("/x"), union=False)


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="no store at"):
        OxigraphServer(tmp_path / "none")


def processes_naming(path: Path) -> list[int]:
    """The ids of the processes whose command line names `path` (from /proc), orphans included."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if str(path).encode() in args and b"serve-read-only" in args:
            found.append(int(cmdline.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether process `pid` still exists (a child that was waited for does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()


def start_fkg_serve(location: Path, port: int) -> subprocess.Popen[str]:
    """`fkg serve` on `location`, returned once it has printed its URL (fails with its stderr if not)."""
    fkg = str(Path(sys.executable).with_name("fkg"))
    proc = subprocess.Popen(
        [fkg, "serve", "--store", str(location), "--port", str(port), "--timeout", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = [proc.stdout.readline()]  # a one-time rebuild message may come first
    while f"http://127.0.0.1:{port}/query" not in lines[-1] and lines[-1] and len(lines) < 5:
        lines.append(proc.stdout.readline())
    if f"http://127.0.0.1:{port}/query" not in lines[-1]:
        proc.send_signal(signal.SIGTERM)
        pytest.fail(f"no URL line: {lines!r}; stderr: {proc.communicate(timeout=15)[1]!r}")
    return proc


def served_document_count(port: int) -> str:
    """COUNT_DOCS through `fkg serve` on `port`, as text."""
    status, _, body = http(
        f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": COUNT_DOCS}),
        headers={"Accept": "text/csv"},
    )
    assert status == 200, body
    return body.splitlines()[1]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the oxigraph child through /proc")
def test_fkg_serve_prints_its_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    location = build(tmp_path / "store")
    port = free_port()
    proc = start_fkg_serve(location, port)
    try:
        assert served_document_count(port) == "11"
        children = processes_naming(location)
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(15)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert code == 0
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
    assert children and not [pid for pid in children if alive(pid)]  # no orphan oxigraph
    assert processes_naming(location) == []


def test_an_interrupted_start_leaves_no_oxigraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(url: str) -> bool:
        raise KeyboardInterrupt  # what Ctrl-C or fkg serve's SIGTERM handler raises

    server = OxigraphServer(build(tmp_path / "store"), port=free_port())
    monkeypatch.setattr("graph.serve._answers", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    assert server.process is not None and server.process.poll() is not None


# ---------------------------------------------------------------- the guard: time limit, ingest

#: cross products of every triple with itself: no store answers them within a time limit
STREAMING_RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
AGGREGATE_RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def limited(tmp_path: Path) -> Iterator[tuple[Guard, list[str]]]:
    """The endpoint with a 2 s time limit over the hand-made store, and the lines it printed."""
    lines: list[str] = []
    with Guard(build(tmp_path / "store"), port=0, timeout_s=2, echo=lines.append) as guard:
        yield guard, lines


def post_query(url: str, sparql: str, accept: str = "text/csv") -> HTTPResponse:
    """POST a query with a generous 30 s client timeout; the response with its headers read."""
    host, port = url.removeprefix("http://").split(":")
    conn = HTTPConnection(host, int(port), timeout=30)
    body = urllib.parse.urlencode({"query": sparql})
    form = "application/x-www-form-urlencoded"
    conn.request("POST", "/query", body, {"Content-Type": form, "Accept": accept})
    return conn.getresponse()


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll `condition` until it holds or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def count_docs(url: str) -> str:
    """The number of documents the endpoint sees, as text."""
    response = post_query(url, COUNT_DOCS)
    assert response.status == 200, response.read()
    return response.read().decode().splitlines()[1]


def test_aggregate_runaway_gets_503_and_its_oxigraph_is_replaced(limited: tuple[Guard, list[str]]) -> None:
    guard, lines = limited
    assert guard.current is not None
    busy = guard.current.pid
    response = post_query(guard.url, AGGREGATE_RUNAWAY)  # the client would wait 30 s
    body = response.read().decode()
    assert response.status == 503 and "the 2 s time limit" in body, body
    assert count_docs(guard.url) == "11"
    assert busy is not None and wait_for(lambda: not alive(busy), 15), "the busy oxigraph still runs"
    assert guard.current is not None and guard.current.pid != busy
    assert any("ran over the 2 s time limit" in line for line in lines), lines


def test_streaming_runaway_is_cut(limited: tuple[Guard, list[str]]) -> None:
    guard, _ = limited
    assert guard.current is not None
    busy = guard.current.pid
    response = post_query(guard.url, STREAMING_RUNAWAY)
    assert response.status == 200  # rows were flowing before the limit
    with pytest.raises((IncompleteRead, ConnectionError)):
        response.read()
    assert count_docs(guard.url) == "11"
    assert busy is not None and wait_for(lambda: not alive(busy), 15), "the busy oxigraph still runs"


def test_serve_follows_an_ingest_into_the_served_store(tmp_path: Path) -> None:
    location = build(tmp_path / "store")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "zeta.md").write_text(
        "---\ntitle: Zeta Corp joins the Rust Foundation\ndate: 2024-03-01\n---\n"
        "Zeta Corp has joined the Rust Foundation as a Silver member.\n",
        encoding="utf-8",
    )
    lines: list[str] = []
    with Guard(location, port=0, echo=lines.append) as guard:
        assert count_docs(guard.url) == "11"
        fkg = str(Path(sys.executable).with_name("fkg"))
        # a read-only Oxigraph holds no lock: the writer opens the served store
        ingest = subprocess.run(
            [fkg, "ingest", str(docs), "--store", str(location)], capture_output=True, text=True, timeout=300
        )
        assert ingest.returncode == 0, ingest.stderr
        assert wait_for(lambda: count_docs(guard.url) == "12", 30), lines
    assert any("the store changed" in line for line in lines), lines


def test_a_fresh_oxigraph_that_cannot_open_the_store_leaves_the_old_one_serving(tmp_path: Path) -> None:
    location = build(tmp_path / "store")
    current = location / "CURRENT"
    good = current.read_bytes()
    lines: list[str] = []
    with Guard(location, port=0, timeout_s=2, echo=lines.append, poll_s=0.5, settle_s=0.2) as guard:
        current.write_bytes(b"MANIFEST-999999\n")  # what a reader racing a writer may meet: no such file
        assert wait_for(lambda: any("did not start" in line for line in lines), 30), lines
        assert any("keeping the old one" in line for line in lines), lines
        assert count_docs(guard.url) == "11"
        # a runaway now: its child is stopped although no fresh one can start
        assert guard.current is not None
        busy = guard.current.pid
        response = post_query(guard.url, AGGREGATE_RUNAWAY)
        assert response.status == 503 and "time limit" in response.read().decode()
        assert busy is not None and wait_for(lambda: not alive(busy), 20), lines
        assert post_query(guard.url, COUNT_DOCS).status == 503  # "restarted ... retry"
        current.write_bytes(good)
        assert wait_for(lambda: post_query(guard.url, COUNT_DOCS).status == 200, 60), lines
        assert count_docs(guard.url) == "11"


def test_serve_says_when_its_port_is_taken(tmp_path: Path) -> None:
    location = build(tmp_path / "store")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"cannot listen on 127.0.0.1:{port}"):
            Guard(location, port=port)


# ---------------------------------------------------------------- remote store


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store on a read-write Oxigraph server started for the test, filled through HTTP."""
    location = tmp_path_factory.mktemp("remote") / "store"
    # the store keeps the union in its default graph: a remote server must not add its own union
    with OxigraphServer(location, port=free_port(), read_only=False, union=False) as server:
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
    # a GROUP_CONCAT list's order is left to the engine: compared sorted, as in test_query
    assert {"; ".join(sorted(r[col].split("; "))) for r in remote_rows} == expected


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


def test_remote_construct_and_validation(remote: Store) -> None:
    from graph.validate import validate_store

    graph = remote.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }").graph
    assert graph is not None and len(graph) > 50
    report = validate_store(remote)
    assert report.conforms, [str(v) for v in report.violations]


def test_serve_brings_an_older_store_up_to_date_first(tmp_path: Path) -> None:
    """A store written before the default-graph copy (its default graph empty) is rebuilt once
    before Oxigraph serves it, so queries over the default graph see every document."""
    import pyoxigraph

    location = build(tmp_path / "store")
    ox = pyoxigraph.Store(str(location))
    ox.update("DROP DEFAULT")
    assert not list(ox.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
    del ox
    gc.collect()
    port = free_port()
    proc = start_fkg_serve(location, port)
    try:
        assert served_document_count(port) == "11"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
