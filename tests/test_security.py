"""No injection: hostile SPARQL parameters stay data, document text never runs in a page,
document ids cannot leave the store's namespace or folder."""

from __future__ import annotations

import posixpath
import subprocess
import sys
import urllib.parse
from datetime import date
from pathlib import Path

import pytest

from graph.model import Document, Fact

FKG = str(Path(sys.executable).with_name("fkg"))
FLAG = "window.__fkg_xss=1"
PAYLOADS = [
    f"<script>{FLAG};alert(1)</script>",
    f'<img src=x onerror="{FLAG};alert(1)">',
    f'"><svg onload="{FLAG};alert(1)">',
    f'\'><iframe src="javascript:{FLAG}"></iframe>',
    f"javascript:{FLAG};alert(1)",
    "</script><script>" + FLAG + "</script>",
    '{{7*7}} ${7*7} <b onmouseover="' + FLAG + '">x</b>',
]
HOSTILE_PARAMS = [
    '"',
    "'",
    '\\"',
    "}",
    "{",
    '"} ; DROP ALL ; #',
    "} ; DROP ALL ;",
    "') } ; CLEAR ALL ; #",
    "x\n} INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    '\\" ; DELETE WHERE { ?s ?p ?o } #',
    "?s ?p ?o",
]
EVIL_ORG = 'Evil "Corp" } ; DROP ALL ;'


def _docs() -> list[tuple[Document, list[Fact]]]:
    """Documents whose names, titles, tiers and evidence carry the payloads."""
    out = []
    for i, payload in enumerate(PAYLOADS):
        doc_id = f"evil/{i}.md"
        doc = Document(
            id=doc_id,
            path=doc_id,
            title=f"Title {payload}",
            date=date(2023, 1, 1 + i),
            publisher=f"Foundation {payload}",
            source_url=f"javascript:{FLAG}",
            text=payload,
            content_hash=f"{i:064x}",
        )
        facts = [
            Fact(
                "membership",
                doc_id,
                {
                    "member": f"Member {payload}",
                    "organization": f"Foundation {payload}",
                    "tier": f"Gold {payload}",
                    "event": "join",
                    "date": f"2023-01-{1 + i:02d}",
                },
                evidence=f"Evidence {payload}",
                rule="test",
            ),
            Fact(
                "funding",
                doc_id,
                {
                    "funder": f"Funder {payload}",
                    "recipient": f"Foundation {payload}",
                    "amount": 1000,
                    "currency": "USD",
                    "kind": "grant",
                    "purpose": payload,
                    "date": "2023-02-01",
                },
                evidence=f"Grant {payload}",
                rule="test",
            ),
            Fact(
                "role",
                doc_id,
                {
                    "person": f"Person {i} {payload}",
                    "title": payload,
                    "organization": f"Foundation {payload}",
                },
                evidence=payload,
                rule="test",
            ),
        ]
        out.append((doc, facts))
    evil = Document(
        id="evil/org.md", path="evil/org.md", title="x", content_hash="f" * 64, publisher="Good Foundation"
    )
    out.append(
        (
            evil,
            [
                Fact(
                    "membership",
                    "evil/org.md",
                    {
                        "member": EVIL_ORG,
                        "organization": "Good Foundation",
                        "tier": "Silver",
                        "event": "join",
                        "date": None,
                    },
                    evidence="e",
                    rule="test",
                )
            ],
        )
    )
    return out


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graph.store import open_store

    path = tmp_path_factory.mktemp("evil") / "store"
    with open_store(path) as store:
        for doc, facts in _docs():
            store.put_document(doc, facts)
    return path


# ---------------------------------------------------------------- SPARQL parameters


def _snapshot(store_path: Path) -> tuple[int, set[str]]:
    import pyoxigraph

    ox = pyoxigraph.Store.read_only(str(store_path))
    quads = {str(q) for q in ox}
    del ox
    return len(quads), quads


@pytest.mark.parametrize("value", HOSTILE_PARAMS)
def test_hostile_parameter_values_are_data_in_the_api(evil_store: Path, value: str) -> None:
    from graph.store import open_store

    before = _snapshot(evil_store)
    with open_store(evil_store, read_only=True) as store:
        rows = list(store.named_query("entity-search", {"text": value}))
        labels = [str(r[1]) for r in rows]  # type: ignore[index]
    # Exactly the entities whose name contains the literal text (case-insensitive).
    expected = {name for name in _all_labels(evil_store) if value.lower() in name.lower()}
    assert set(labels) == expected
    assert _snapshot(evil_store) == before


def _all_labels(store_path: Path) -> set[str]:
    from graph.store import open_store

    with open_store(store_path, read_only=True) as store:
        q = (
            "SELECT DISTINCT ?l WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
            "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/foundation-kg/id/org/') "
            "|| STRSTARTS(STR(?e), 'https://w3id.org/foundation-kg/id/person/')) }"
        )
        return {str(r[0]) for r in store.query(q)}  # type: ignore[index]


def test_the_evil_name_is_found_by_its_own_text(evil_store: Path) -> None:
    from graph.store import open_store

    with open_store(evil_store, read_only=True) as store:
        rows = list(store.named_query("entity-search", {"text": '"Corp" } ; DROP ALL'}))
    assert [str(r[1]) for r in rows] == [EVIL_ORG]  # type: ignore[index]


@pytest.mark.parametrize(
    "value", ['"} ; DROP ALL ; #', "x\n} INSERT DATA { <urn:a> <urn:b> <urn:c> } #", EVIL_ORG]
)
def test_hostile_parameter_values_are_data_on_the_command_line(evil_store: Path, value: str) -> None:
    before = _snapshot(evil_store)
    for name, param in (("entity-search", "text"), ("members", "foundation"), ("funded-by", "funder")):
        done = subprocess.run(
            [
                FKG,
                "query",
                "--store",
                str(evil_store),
                "--name",
                name,
                "--param",
                f"{param}={value}",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 0 or "parameter" in done.stderr.lower(), done.stderr
    assert _snapshot(evil_store) == before


# ---------------------------------------------------------------- pages in a real browser


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium missing: apt-get install -y chromium")
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def _visit(browser, page_path: Path, interact) -> dict:
    context = browser.new_context()
    blocked: list[str] = []

    def only_the_page(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_page)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    interact(page)
    page.wait_for_timeout(500)
    found = {
        "flag": page.evaluate("() => window.__fkg_xss === undefined ? null : window.__fkg_xss"),
        "dialogs": dialogs,
        "js_links": page.evaluate(
            "() => [...document.querySelectorAll('a[href], iframe[src]')]"
            ".map(a => a.getAttribute('href') || a.getAttribute('src'))"
            ".filter(h => /^\\s*javascript:/i.test(h))"
        ),
        "text": page.evaluate("() => document.body.innerText"),
        "blocked": blocked,
    }
    context.close()
    return found


def _search_every_node(page) -> None:
    # Select every node through the page's own search box, so its details panel renders
    # the evidence, titles and links of each fact.
    page.wait_for_function(
        "() => document.getElementById('fkg-counts').textContent.length > 0", timeout=20000
    )
    names = page.evaluate("() => [...document.querySelectorAll('#fkg-names option')].map(o => o.value)")
    for name in names:
        page.fill("#fkg-query", name)
        page.press("#fkg-query", "Enter")
        page.wait_for_timeout(30)


@pytest.mark.browser
def test_graph_page_shows_payloads_as_text(evil_store: Path, tmp_path: Path, browser) -> None:
    out = tmp_path / "view.html"
    done = subprocess.run(
        [FKG, "view", "--store", str(evil_store), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = _visit(browser, out, _search_every_node)
    assert found["flag"] is None and found["dialogs"] == []
    assert found["js_links"] == []
    assert "<script>" in found["text"] or "onerror" in found["text"]  # shown, as text


@pytest.mark.browser
def test_timeline_page_shows_payloads_as_text(evil_store: Path, tmp_path: Path, browser) -> None:
    out = tmp_path / "timeline.html"
    done = subprocess.run(
        [FKG, "timeline", "--store", str(evil_store), "--format", "html", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = _visit(browser, out, lambda page: page.mouse.move(10, 10))
    assert found["flag"] is None and found["dialogs"] == []
    assert found["js_links"] == []
    assert "onerror" in found["text"] or "<script>" in found["text"]


# ---------------------------------------------------------------- document ids


@pytest.mark.parametrize(
    "doc_id",
    [
        "../../etc/passwd",
        "../outside.md",
        "a/../../b.md",
        "..",
        "/etc/passwd",
        "%2e%2e/x.md",
        "a\\..\\..\\b.md",
    ],
)
def test_document_ids_stay_in_the_doc_namespace(doc_id: str) -> None:
    from graph.namespaces import DOC
    from graph.rdf import doc_iri

    iri = str(doc_iri(doc_id))
    assert iri.startswith(str(DOC))
    path = urllib.parse.urlsplit(iri).path
    base = urllib.parse.urlsplit(str(DOC)).path
    # A consumer that resolves dot segments (RFC 3986) must still land inside the namespace.
    assert posixpath.normpath(path).startswith(base.rstrip("/")) and "/../" not in path + "/", iri
    assert urllib.parse.urljoin(iri, "x").startswith(str(DOC)), iri


def test_traversal_ids_write_nothing_outside_the_store(tmp_path: Path) -> None:
    from graph.store import open_store

    box = tmp_path / "box"
    box.mkdir()
    before = {p for p in tmp_path.rglob("*")}
    doc = Document(id="../../etc/passwd", path="../../etc/passwd", title="t", content_hash="a" * 64)
    with open_store(box / "store") as store:
        store.put_document(doc, [])
        assert store.document_hashes() == {"../../etc/passwd": "a" * 64}
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(box / "store" in (p, *p.parents) for p in created), created
