"""Views stage: generated graph pages loaded in headless Chromium (Debian's, driven by Playwright).

The network is cut off: any request that is not the page file itself is aborted and counted.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import network_fixtures as nf
import networkx as nx
import pytest

from graph import network as N
from graph.views import PHYSICS_MAX_NODES, render_graph_page, write_graph_page
from graph.views.data import vis_edges
from graph.views.page import EDGE_DETAIL_MAX_EDGES

browser_test = pytest.mark.browser

CHROMIUM = os.environ.get("FKG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
JFROG, RUST = str(nf.org_iri("JFrog")), str(nf.org_iri("Rust Foundation"))
NODE_POINT = "(id) => fkg.network.getPositions([id])[id]"
#: A point on an edge (from, to), off its middle where the label sits.
EDGE_POINT = """(ends) => { const p = fkg.network.getPositions(ends);
  return {x: 0.4 * p[ends[0]].x + 0.6 * p[ends[1]].x, y: 0.4 * p[ends[0]].y + 0.6 * p[ends[1]].y}; }"""
HOOK_DIALOGS = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__alerts.push([name, String(args[0])]); };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Loaded:
    """A page loaded offline, with what it logged, asked for and tried to pop up."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.add_init_script(HOOK_DIALOGS)
        self.page.goto(path.resolve().as_uri(), wait_until="commit")
        self.wait_ready(timeout=120.0)

    def wait_ready(self, timeout: float) -> None:
        """Poll until the page marks itself stable (wait_for_function would eval, which the CSP forbids)."""
        deadline = time.monotonic() + timeout
        while not self.js("Boolean(window.fkg && window.fkg.state.ready)"):
            assert time.monotonic() < deadline, f"page not stable after {timeout} s"
            self.page.wait_for_timeout(50)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def drawn(self) -> dict[str, int]:
        return self.js("fkg.drawn()")

    def assert_clean(self) -> None:
        assert self.errors == [] and self.requests == [] and self.dialogs == []
        assert self.js("window.__alerts") == []

    def hover(self, point_js: str, arg: Any) -> None:
        """Move the mouse to the canvas point that the JS function `point_js` returns for `arg`."""
        x, y = self.js(
            f"""(arg) => {{
            const p = fkg.network.canvasToDOM(({point_js})(arg));
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }}""",
            arg,
        )
        self.page.mouse.move(x, y, steps=4)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def small_graph() -> nx.MultiDiGraph:
    return N.project(nf.small_world())


@pytest.fixture(scope="module")
def small_page(
    browser: Any, small_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    path = write_graph_page(small_graph, tmp_path_factory.mktemp("views") / "small.html", title=nf.XSS)
    loaded = Loaded(browser, path)
    yield loaded
    loaded.close()


def relations(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    """What the page draws as edges: one per (source, target, relation)."""
    return {(u, v, rel) for u, v, rel in graph.edges(data="rel")}


@browser_test
def test_draws_every_node_and_relation_without_errors_or_network(
    small_page: Loaded, small_graph: nx.MultiDiGraph
) -> None:
    assert small_page.drawn() == {
        "nodes": small_graph.number_of_nodes(),
        "edges": len(relations(small_graph)),
    }
    assert small_page.js("fkg.nodes.length") == 13 and small_page.js("fkg.edges.length") == 17
    small_page.assert_clean()


@browser_test
def test_search_finds_focuses_and_selects(small_page: Loaded) -> None:
    page = small_page.page
    for query, label, iri in [("jfrog", "JFrog", JFROG), ("rust f", "Rust Foundation", RUST)]:
        page.fill("#fkg-query", query)
        page.press("#fkg-query", "Enter")
        assert small_page.js("fkg.network.getSelectedNodes()") == [iri]
        assert page.text_content("#fkg-status") == f"Found {label}"
        assert page.text_content("#fkg-details h2") == label
    page.fill("#fkg-query", "Nobody Inc")
    page.click("#fkg-search button")
    assert page.text_content("#fkg-status") == "No match for “Nobody Inc”"
    small_page.assert_clean()


def _toggle(loaded: Loaded, fieldset: str, value: str) -> None:
    loaded.page.click(f"#{fieldset} input[value='{value}']")


@browser_test
def test_kind_filter_hides_nodes_and_their_edges(small_page: Loaded, small_graph: nx.MultiDiGraph) -> None:
    companies = {n for n, kind in small_graph.nodes(data="kind") if kind == "company"}
    untouched = {r for r in relations(small_graph) if r[0] not in companies and r[1] not in companies}
    _toggle(small_page, "fkg-kinds", "company")
    assert small_page.drawn() == {
        "nodes": small_graph.number_of_nodes() - len(companies),
        "edges": len(untouched),
    }
    small_page.page.fill("#fkg-query", "JFrog")
    small_page.page.press("#fkg-query", "Enter")
    assert small_page.page.text_content("#fkg-status") == "JFrog is hidden by the filters"
    _toggle(small_page, "fkg-kinds", "company")
    assert small_page.drawn()["nodes"] == small_graph.number_of_nodes()


@browser_test
@pytest.mark.parametrize(
    ("fieldset", "value"), [("fkg-tiers", "Platinum"), ("fkg-tiers", "Premier"), ("fkg-rels", "funds")]
)
def test_tier_and_relation_filters_hide_edges(
    small_page: Loaded, small_graph: nx.MultiDiGraph, fieldset: str, value: str
) -> None:
    edges = vis_edges(small_graph)
    key = "tier" if fieldset == "fkg-tiers" else "rel"
    hidden = [e for e in edges if e[key] == value]
    assert hidden
    _toggle(small_page, fieldset, value)
    assert small_page.drawn() == {"nodes": small_graph.number_of_nodes(), "edges": len(edges) - len(hidden)}
    _toggle(small_page, fieldset, value)
    assert small_page.drawn()["edges"] == len(edges)


@browser_test
def test_tooltip_shows_evidence_and_source_link(small_page: Loaded) -> None:
    small_page.js("fkg.network.fit()")
    small_page.hover(EDGE_POINT, [JFROG, RUST])
    tip = small_page.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert "JFrog has become a Platinum Member of the Rust Foundation." in tip.inner_text()
    assert tip.locator("a").get_attribute("href") == "https://example.org/rust/jfrog"
    small_page.page.mouse.move(1, 1)


@browser_test
def test_document_text_is_shown_as_text_and_runs_nothing(small_page: Loaded) -> None:
    page = small_page.page
    assert page.text_content("#fkg-title") == nf.XSS and page.title() == nf.XSS
    evil = str(nf.org_iri("Evil Corp"))
    small_page.js("fkg.network.fit()")
    small_page.hover(NODE_POINT, evil)
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
    edge = small_page.js(f"fkg.edges.get({{filter: e => e.from === '{evil}'}})[0].id")
    small_page.js(
        "id => { fkg.network.selectEdges([id]); fkg.network.body.emitter.emit('click', "
        "{nodes: [], edges: [id]}); }",
        edge,
    )
    details = page.text_content("#fkg-details")
    assert nf.XSS in details and "<script>alert(2)</script>" in details
    tip = small_page.js(f"fkg.edgeTooltip('{edge}').textContent")
    assert nf.XSS in tip
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert page.locator("img").count() == 0 and page.locator("#fkg-details script").count() == 0
    small_page.assert_clean()


@browser_test
def test_layout_stops_moving_once_stable(small_page: Loaded) -> None:
    assert small_page.js("fkg.network.physics.options.enabled") is False
    before = small_page.js("fkg.network.getPositions()")
    small_page.page.wait_for_timeout(500)
    assert small_page.js("fkg.network.getPositions()") == before


# ------------------------------------------------------------------ page data (no browser)


def test_parallel_facts_make_one_labelled_edge(small_graph: nx.MultiDiGraph) -> None:
    labels = {(e["from"], e["to"], e["rel"]): e for e in vis_edges(small_graph)}
    grants = labels[str(nf.org_iri("Alpha-Omega")), RUST, "funds"]
    assert (grants["label"], grants["count"], len(grants["facts"])) == ("USD 860,000", 2, 2)
    assert labels[JFROG, RUST, "member_of"]["label"] == "Platinum"
    assert labels[str(nf.org_iri("Tag1")), RUST, "member_of"]["label"] == "left"
    chin = str(nf.ID["person/stephen-chin"])
    assert labels[chin, RUST, "holds_role"]["label"] == "Member Director"


def test_page_is_self_contained_and_escaped(small_graph: nx.MultiDiGraph) -> None:
    html = render_graph_page(small_graph, title=nf.XSS)
    assert "<img src=x" not in html and "<script>alert" not in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)


def test_big_graphs_get_plain_edges() -> None:
    g = synthetic(2000)
    html = render_graph_page(g, title="big")
    edges = json.loads(re.search(r'id="fkg-edges">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert len(edges) > EDGE_DETAIL_MAX_EDGES
    assert all(e["arrows"] == "" and not e["dashes"] and "label" not in e for e in edges)


def synthetic(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A membership-shaped graph: a few foundations, many companies, each in one to three of them."""
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    hubs = max(3, n_nodes // 100)
    for i in range(hubs):
        g.add_node(f"f{i}", kind="foundation", label=f"Foundation {i}", iri=f"f{i}")
    for i in range(n_nodes - hubs):
        g.add_node(f"c{i}", kind="company", label=f"Company {i}", iri=f"c{i}")
        for j, hub in enumerate(rng.sample(range(hubs), rng.randint(1, 3))):
            g.add_edge(
                f"c{i}",
                f"f{hub}",
                key=f"m{i}-{j}",
                rel="member_of",
                tier=rng.choice(["Gold", "Silver"]),
                evidence="",
                doc="synthetic",
                doc_title="",
                source_url="",
                date=None,
            )
    return g


@browser_test
def test_big_graph_uses_precomputed_positions(browser: Any, tmp_path: Path) -> None:
    g = synthetic(PHYSICS_MAX_NODES + 500)
    loaded = Loaded(browser, write_graph_page(g, tmp_path / "big.html", title="big"))
    try:
        assert loaded.js("fkg.network.physics.options.enabled") is False
        assert loaded.drawn() == {"nodes": g.number_of_nodes(), "edges": len(relations(g))}
        loaded.assert_clean()
    finally:
        loaded.close()


@browser_test
def test_rust_foundation_page_screenshot(browser: Any, tmp_path: Path) -> None:
    """The Rust Foundation's page from the real documents (gold facts); writes the screenshot artifact."""
    g = N.project(nf.gold_corpus_store(), foundation="Rust Foundation")
    assert g.number_of_nodes() > 50
    loaded = Loaded(browser, write_graph_page(g, tmp_path / "rust.html", title="Rust Foundation"))
    try:
        assert loaded.drawn() == {"nodes": g.number_of_nodes(), "edges": len(relations(g))}
        loaded.page.fill("#fkg-query", "JFrog")
        loaded.page.press("#fkg-query", "Enter")
        assert loaded.js("fkg.network.getSelectedNodes()") == [JFROG]
        loaded.js("fkg.network.fit()")
        loaded.page.wait_for_timeout(200)
        ARTIFACTS.mkdir(exist_ok=True)
        loaded.page.screenshot(path=str(ARTIFACTS / "rust-foundation-graph.png"))
        loaded.assert_clean()
    finally:
        loaded.close()
