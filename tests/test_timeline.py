"""Timeline stage: changes derived from the store, git-directory history, exports, chart and page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from graph.timeline import Change, changes

ORG = Namespace("http://www.w3.org/ns/org#")
FKG = Namespace("https://w3id.org/foundation-kg/ns#")
FKGID = Namespace("https://w3id.org/foundation-kg/id/")
SCHEMA = Namespace("https://schema.org/")
DOC = "https://w3id.org/foundation-kg/doc/"

XSS = "<img src=x onerror=alert(1)>"


def _slug(name: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


@dataclass
class M:
    """One membership fact for the fixture builder."""

    member: str
    foundation: str
    event: str
    date: str | None
    tier: str | None
    doc: str
    evidence: str = ""


class FixtureStore:
    """An rdflib Dataset in the ontology's shape, with the store's `.query` signature."""

    def __init__(self, facts: list[M]) -> None:
        self.ds = Dataset(default_union=True)
        for fact in facts:
            self._add(fact)

    def _add(self, m: M) -> None:
        doc = URIRef(DOC + m.doc)
        g = self.ds.graph(doc)
        g.add((doc, RDF.type, FKG.Document))
        g.add((doc, DCTERMS.identifier, Literal(m.doc)))
        g.add((doc, SCHEMA.url, URIRef("https://example.org/" + m.doc)))
        member, org = FKGID["org/" + _slug(m.member)], FKGID["org/" + _slug(m.foundation)]
        for iri, name in ((member, m.member), (org, m.foundation)):
            g.add((iri, RDF.type, ORG.Organization))
            g.add((iri, SKOS.prefLabel, Literal(name)))
        key = hashlib.sha1(f"{m.doc}membership{m.member}{m.foundation}".encode()).hexdigest()[:16]
        fact = FKGID["fact/" + key]
        g.add((fact, RDF.type, ORG.Membership))
        g.add((fact, ORG.member, member))
        g.add((fact, ORG.organization, org))
        g.add((fact, FKG.event, FKG[m.event.capitalize()]))
        g.add((fact, PROV.wasDerivedFrom, doc))
        g.add((fact, FKG.evidence, Literal(m.evidence or f"{m.member} {m.event} {m.tier}")))
        if m.date:
            g.add((fact, DCTERMS.date, Literal(m.date, datatype=XSD.date)))
        if m.tier:
            tier = FKGID[f"tier/{_slug(m.foundation)}/{_slug(m.tier)}"]
            g.add((fact, ORG.role, tier))
            g.add((tier, RDF.type, ORG.Role))
            g.add((tier, SKOS.prefLabel, Literal(m.tier)))

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        return self.ds.query(sparql, initBindings=bindings or {})


RF = "Rust Foundation"


def _simple(found: list[Change]) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(c.date.isoformat(), c.member, c.change, c.tier_before, c.tier_after) for c in found]


def test_join_upgrade_leave_with_tier_before() -> None:
    store = FixtureStore(
        [
            M("Acme", RF, "join", "2021-04-29", "Silver", "a.md"),
            M("Acme", RF, "upgrade", "2022-01-10", "Platinum", "b.md"),
            M("Acme", RF, "upgrade", "2023-03-01", "Gold", "c.md"),  # extractor said upgrade: order says down
            M("Acme", RF, "leave", "2024-05-05", None, "d.md"),
        ]
    )
    assert _simple(changes(store)) == [
        ("2021-04-29", "Acme", "join", None, "Silver"),
        ("2022-01-10", "Acme", "upgrade", "Silver", "Platinum"),
        ("2023-03-01", "Acme", "downgrade", "Platinum", "Gold"),
        ("2024-05-05", "Acme", "leave", "Gold", None),
    ]


def test_states_undated_are_not_changes_and_dated_state_changes_tier() -> None:
    store = FixtureStore(
        [
            M("Beta", RF, "state", None, "Gold", "spot.md"),
            M("Beta", RF, "join", "2021-01-01", "Silver", "a.md"),
            M("Beta", RF, "state", "2021-06-01", "Silver", "dir1.md"),  # same tier: nothing changed
            M("Beta", RF, "state", "2022-06-01", "Gold", "dir2.md"),
            M("Gamma", RF, "state", "2022-06-01", "Gold", "dir2.md"),  # first known tier: not a change
        ]
    )
    assert _simple(changes(store)) == [
        ("2021-01-01", "Beta", "join", None, "Silver"),
        ("2022-06-01", "Beta", "upgrade", "Silver", "Gold"),
    ]


def test_agreeing_sources_fold_and_disagreeing_sources_conflict() -> None:
    store = FixtureStore(
        [
            M("Delta", RF, "join", "2022-09-06", "Platinum", "news/a.md"),
            M("Delta", RF, "join", "2022-09-06", "Platinum", "news/b.md"),
            M("Delta", RF, "join", "2022-09-06", None, "news/c.md"),
            M("Eps", RF, "join", "2022-01-01", "Gold", "news/x.md"),
            M("Eps", RF, "join", "2022-01-20", "Silver", "news/y.md"),
        ]
    )
    found = changes(store)
    delta = [c for c in found if c.member == "Delta"]
    assert len(delta) == 1 and not delta[0].conflict
    assert delta[0].source == "news/a.md" and set(delta[0].also_in) == {"news/b.md", "news/c.md"}
    eps = [c for c in found if c.member == "Eps"]
    assert [(c.tier_after, c.conflict, c.primary) for c in eps] == [
        ("Gold", True, True),
        ("Silver", True, False),
    ]
    assert [(a.date, a.tier, a.source) for a in eps[0].alternatives] == [
        (date(2022, 1, 20), "Silver", "news/y.md")
    ]


def test_filters() -> None:
    store = FixtureStore(
        [
            M("Acme", RF, "join", "2021-04-29", "Silver", "a.md"),
            M("Acme", RF, "upgrade", "2022-01-10", "Gold", "b.md"),
            M("Acme", "Open Infrastructure Foundation", "join", "2020-01-01", "Gold", "oi.md"),
            M("Zed", RF, "join", "2023-01-01", "Silver", "z.md"),
        ]
    )
    assert len(changes(store)) == 4
    assert {c.foundation for c in changes(store, foundation="rust-foundation")} == {RF}
    store.ds.graph(URIRef("https://w3id.org/foundation-kg/graph/gazetteer")).add(
        (FKGID["org/open-infrastructure-foundation"], SKOS.altLabel, Literal("OpenInfra"))
    )
    assert [c.member for c in changes(store, foundation="openinfra")] == ["Acme"]
    assert {c.member for c in changes(store, member="ACME")} == {"Acme"}
    later = changes(store, foundation=RF, since="2022-01-01", until=date(2022, 12, 31))
    assert _simple(later) == [("2022-01-10", "Acme", "upgrade", "Silver", "Gold")]  # tier_before kept
    with pytest.raises(ValueError, match="since"):
        changes(store, since="last week")


# --- exports -------------------------------------------------------------------------------------


def _sample_store() -> FixtureStore:
    return FixtureStore(
        [
            M("JFrog", RF, "join", "2022-09-06", "Platinum", "rust/news/2022-09-06-hello-jfrog.md"),
            M("Acme", RF, "join", "2021-04-29", "Silver", "rust/a.md"),
            M("Acme", RF, "upgrade", "2022-01-10", "Gold", "rust/b.md"),
            M("Acme", RF, "leave", "2024-05-05", None, "rust/d.md"),
            M("Eps", RF, "join", "2022-01-01", "Gold", "rust/x.md"),
            M("Eps", RF, "join", "2022-01-20", "Silver", "rust/y.md"),
            M(
                XSS,
                RF,
                "join",
                "2023-02-02",
                "Silver",
                "rust/evil.md",
                evidence=XSS + "</script><script>alert(2)</script> joined | =cmd",
            ),
            M(
                "Ant Group",
                "Open Infrastructure Foundation",
                "join",
                "2020-11-01",
                "Platinum",
                "openinfra/landscape.yml",
            ),
        ]
    )


def test_csv_and_json_rows() -> None:
    import csv
    import io
    import json

    from graph.timeline import render

    found = changes(_sample_store())
    rows = list(csv.DictReader(io.StringIO(render(found, "csv").decode())))
    assert len(rows) == len(found) == 8
    assert list(rows[0])[:8] == [
        "date",
        "foundation",
        "member",
        "change",
        "tier_before",
        "tier_after",
        "source",
        "evidence",
    ]
    assert {
        "date": "2022-01-10",
        "member": "Acme",
        "change": "upgrade",
        "tier_before": "Silver",
        "tier_after": "Gold",
    }.items() <= next(r for r in rows if r["change"] == "upgrade").items()
    objs = json.loads(render(found, "json"))
    assert [o["uid"] for o in objs] == [c.uid for c in found]
    eps = [o for o in objs if o["member"] == "Eps"]
    assert all(o["conflict"] for o in eps) and eps[0]["alternatives"][0]["tier"] == "Silver"


def test_markdown_table_escapes() -> None:
    from graph.timeline import render

    text = render(changes(_sample_store()), "md").decode()
    lines = text.strip().splitlines()
    assert len(lines) == 2 + 8 and all(line.startswith("|") and line.endswith("|") for line in lines)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text and "\\| =cmd" in text


def test_ics_reparses_with_stable_uids() -> None:
    import icalendar

    from graph.timeline import render

    first, second = (render(changes(_sample_store()), "ics") for _ in range(2))
    assert first == second
    cal = icalendar.Calendar.from_ical(first)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 8 and len({str(e["UID"]) for e in events}) == 8
    jfrog = next(e for e in events if "JFrog" in str(e["SUMMARY"]))
    assert jfrog.decoded("DTSTART") == date(2022, 9, 6)  # an all-day date, not a datetime
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]


# --- chart ---------------------------------------------------------------------------------------


def test_chart_png_and_svg_read_back(tmp_path: Any) -> None:
    import xml.etree.ElementTree as ET

    import numpy as np
    from PIL import Image

    from graph.timeline.chart import members_per_tier, save_chart

    found = changes(_sample_store())
    series = members_per_tier(found)[RF]
    assert series["Gold"][-1][1] == 1 and series["Silver"][-1][1] == 1  # Eps (Gold), XSS member (Silver)
    png = save_chart(found, tmp_path / "c.png")
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] >= 600 and image.size[1] >= 400
        pixels = np.asarray(image.convert("L"))
    assert pixels.std() > 10 and (pixels < 128).mean() > 0.005  # drawn, not blank
    svg = save_chart(found, tmp_path / "c.svg")
    root = ET.parse(svg).getroot()
    ids = [el.get("id", "") for el in root.iter() if el.get("id", "").startswith("step-")]
    assert sorted(ids) == sorted(
        [
            "step-rust-foundation-platinum",
            "step-rust-foundation-gold",
            "step-rust-foundation-silver",
            "step-open-infrastructure-foundation-platinum",
        ]
    )
    ns = "{http://www.w3.org/2000/svg}"
    for el in root.iter(f"{ns}g"):
        if el.get("id", "").startswith("step-"):
            assert el.find(f"{ns}path") is not None


# --- the HTML page in a real browser ---------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Any:
    import os

    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.mark.browser
def test_html_page_in_browser(browser: Any, tmp_path: Any) -> None:
    from graph.timeline import render

    found = changes(_sample_store())
    page_path = tmp_path / "timeline.html"
    page_path.write_bytes(render(found, "html"))
    context = browser.new_context()
    requests: list[str] = []

    def block(route: Any) -> None:  # offline: only the page itself may load
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-ready=true]")

    rows = page.locator("tr.change:visible")
    assert rows.count() == len(found) == 8
    assert page.get_attribute("#dots", "data-dots") == "8"
    assert page.locator("#shown").inner_text() == "showing 8 of 8"

    page.select_option("#f-foundation", "Open Infrastructure Foundation")
    assert rows.count() == 1 and "Ant Group" in rows.first.inner_text()
    page.select_option("#f-foundation", "")
    page.fill("#f-member", "acme")
    assert rows.count() == 3 and page.get_attribute("#dots", "data-dots") == "3"
    page.fill("#f-member", "")
    page.uncheck("input[name=kind][value=join]")
    assert [r.get_attribute("data-change") for r in rows.all()] == ["upgrade", "leave"]
    page.check("input[name=kind][value=join]")
    page.check("#f-conflict")
    assert {r.get_attribute("data-member") for r in rows.all()} == {"Eps"}
    page.uncheck("#f-conflict")

    assert page.locator("tr.change[data-change=leave] td").nth(4).inner_text() == "Gold \u2192 \u2014"
    assert page.locator("tr.change[data-change=upgrade] td").nth(4).inner_text() == "Silver \u2192 Gold"

    # The payload is shown as text and runs nothing.
    evil = page.locator("tr.change", has_text="onerror")
    assert evil.count() == 1 and XSS in evil.locator("td").nth(2).inner_text()
    assert "</script><script>alert(2)</script>" in evil.locator("td").nth(6).inner_text()
    assert page.locator("img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == [] and errors == []
    assert all(url.startswith("file://") for url in requests)
    context.close()


# --- directory history ---------------------------------------------------------------------------


def _git(repo: Any, *args: str, when: str | None = None) -> None:
    import os
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _commit(repo: Any, files: dict[str, str | None], when: str, message: str) -> None:
    for name, text in files.items():
        path = repo / name
        if text is None:
            _git(repo, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        _git(repo, "add", name)
    _git(repo, "commit", "-q", "-m", message, when=when)


def _member(name: str, level: str) -> str:
    return f"---\nname: {name}\nlevel: {level}\nurl: https://example.org/\n---\nAbout {name}.\n"


@pytest.fixture
def member_repo(tmp_path: Any) -> Any:
    repo = tmp_path / "site"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "content" / "members").mkdir(parents=True)
    (repo / "content" / "members" / "source.toml").write_text('publisher = "Rust Foundation"\n')
    _commit(
        repo,
        {
            "content/members/acme.md": _member("Acme Robotics", "silver"),
            "content/members/old.md": _member("Oldco", "gold"),
            "README.md": "site",
        },
        "2021-03-01T10:00:00+00:00",
        "Add members",
    )
    _commit(
        repo,
        {"content/members/acme.md": _member("Acme Robotics", "platinum")},
        "2022-05-17T10:00:00+00:00",
        "Acme upgrades",
    )
    _commit(repo, {"README.md": "site, edited"}, "2022-06-01T10:00:00+00:00", "Unrelated commit")
    _commit(repo, {"content/members/acme.md": None}, "2023-11-30T23:30:00+00:00", "Acme leaves")
    return repo


def test_history_join_upgrade_leave(member_repo: Any) -> None:
    from graph.timeline.history import read_history

    found = read_history(member_repo, "content/members")
    acme = [
        (c.date.isoformat(), c.change, c.tier_before, c.tier_after)
        for c in found
        if c.member == "Acme Robotics"
    ]
    assert acme == [
        ("2021-03-01", "join", None, "Silver"),
        ("2022-05-17", "upgrade", "Silver", "Platinum"),
        ("2023-11-30", "leave", "Platinum", None),
    ]
    assert {c.foundation for c in found} == {"Rust Foundation"}  # from the folder's source.toml
    assert [(c.member, c.change) for c in found if c.member != "Acme Robotics"] == [("Oldco", "join")]
    assert all(c.source.startswith("site/content/members@") for c in found)


def test_history_facts_round_trip_through_the_store(member_repo: Any) -> None:
    from graph.timeline.history import history_documents, history_facts

    facts = history_facts(member_repo, "content/members", "Rust Foundation")
    assert [(f.fields["member"], f.fields["event"], f.fields["tier"], f.fields["date"]) for f in facts] == [
        ("Acme Robotics", "join", "Silver", "2021-03-01"),
        ("Oldco", "join", "Gold", "2021-03-01"),
        ("Acme Robotics", "upgrade", "Platinum", "2022-05-17"),
        ("Acme Robotics", "leave", "Platinum", "2023-11-30"),
    ]
    docs = history_documents(member_repo, "content/members", "Rust Foundation")
    assert len(docs) == 3 and all(doc.id == f.doc for doc, fs in docs for f in fs)
    for doc, fs in docs:
        assert all(doc.text[f.span[0] : f.span[1]] == f.evidence for f in fs if f.span)
    # Stored as the ontology shape, the timeline reads the same changes back.
    store = FixtureStore(
        [
            M(
                f.fields["member"],
                f.fields["organization"],
                f.fields["event"],
                f.fields["date"],
                f.fields["tier"],
                f.doc,
                f.evidence,
            )
            for f in facts
        ]
    )
    assert _simple(changes(store, member="acme robotics")) == [
        ("2021-03-01", "Acme Robotics", "join", None, "Silver"),
        ("2022-05-17", "Acme Robotics", "upgrade", "Silver", "Platinum"),
        ("2023-11-30", "Acme Robotics", "leave", "Platinum", None),
    ]


def test_history_landscape_uses_joined_dates(tmp_path: Any) -> None:
    from graph.timeline.history import read_history

    repo = tmp_path / "landscape"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    head = (
        "categories:\n  - name: Projects\n    subcategories:\n      - name: X\n"
        "        items:\n          - name: Nova\n"
    )
    members = (
        "  - name: OpenInfra Members\n    subcategories:\n      - name: Gold\n        items:\n"
        "          - name: Ant Group\n            joined: '2020-11-01'\n"
    )
    _commit(repo, {"landscape.yml": head + members}, "2024-01-02T00:00:00+00:00", "first")
    _commit(
        repo,
        {"landscape.yml": head + members.replace("Gold", "Platinum") + "          - name: Cleura\n"},
        "2024-03-04T00:00:00+00:00",
        "second",
    )
    found = read_history(repo, "landscape.yml", publisher="Open Infrastructure Foundation")
    assert [(c.date.isoformat(), c.member, c.change, c.tier_before, c.tier_after) for c in found] == [
        ("2020-11-01", "Ant Group", "join", None, "Gold"),
        ("2024-03-04", "Ant Group", "upgrade", "Gold", "Platinum"),
        ("2024-03-04", "Cleura", "join", None, "Platinum"),
    ]


@pytest.mark.parametrize(
    ("where", "message"),
    [("missing", "no such folder"), ("plain", "git log failed"), ("repo", "no commit touches")],
)
def test_history_errors_name_the_input(tmp_path: Any, member_repo: Any, where: str, message: str) -> None:
    from graph.timeline.history import HistoryError, read_history

    target = {"missing": tmp_path / "nope", "plain": tmp_path / "plain", "repo": member_repo}[where]
    if where == "plain":
        target.mkdir()
    with pytest.raises(HistoryError, match=message):
        read_history(target, "content/nothing-here")


# --- real store, real corpus ---------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"  # ../shared beside the checkout


def test_history_documents_in_the_real_store(member_repo: Any, tmp_path: Any) -> None:
    from graph.store import open_store
    from graph.timeline.history import history_documents

    store = open_store(tmp_path / "store")
    try:
        for doc, facts in history_documents(member_repo, "content/members", "Rust Foundation"):
            store.put_document(doc, facts)
        found = changes(store, foundation="Rust Foundation")
        assert [(c.date.isoformat(), c.member, c.change, c.tier_before, c.tier_after) for c in found] == [
            ("2021-03-01", "Acme Robotics", "join", None, "Silver"),
            ("2021-03-01", "Oldco", "join", None, "Gold"),
            ("2022-05-17", "Acme Robotics", "upgrade", "Silver", "Platinum"),
            ("2023-11-30", "Acme Robotics", "leave", "Platinum", None),
        ]
        assert all(c.source.startswith("site/content/members@") and c.evidence for c in found)
    finally:
        store.close()


@pytest.fixture(scope="module")
def corpus_store() -> Any:
    """The session's store of all of ../shared/corpus (see tests/shared.py)."""
    import shared

    return shared.corpus_store()[0]


_ALIASES = {
    "meta": "facebook",
    "tag1consulting": "tag1-consulting",
    "tag1": "tag1-consulting",
    "clevercloud": "clever-cloud",
}


def _canon(name: str) -> str:
    from graph.timeline.tiers import fold

    return _ALIASES.get(fold(name).replace("-", ""), _ALIASES.get(fold(name), fold(name)))


@pytest.mark.parametrize(
    ("member", "tier", "day"),
    [
        ("JFrog", "Platinum", "2022-09-06"),
        ("Shopify", "Gold", "2022-12-14"),
        ("Facebook", "Platinum", "2021-04-29"),
        ("Zama", "Silver", "2021-04-29"),
        ("Ferrous Systems", "Silver", "2021-04-29"),
        ("Tag1 Consulting", "Silver", "2021-04-29"),
        ("Clever Cloud", "Silver", "2021-04-29"),
    ],
)
def test_rust_foundation_known_joins(corpus_store: Any, member: str, tier: str, day: str) -> None:
    found = changes(corpus_store, foundation="Rust Foundation")
    joins = {(_canon(c.member), c.tier_after, c.date.isoformat()) for c in found if c.change == "join"}
    assert (_canon(member), tier, day) in joins


def test_openinfra_landscape_one_join_per_member(corpus_store: Any) -> None:
    from graph.entities import canonical
    from graph.timeline.directory import parse_state

    listed = parse_state({"landscape.yml": (CORPUS / "openinfra" / "landscape.yml").read_bytes()})
    assert len(listed) == 122
    # the whole-corpus store also holds other publishers' news of OpenInfra members (the Rust Foundation)
    found = [
        c
        for c in changes(corpus_store, foundation="Open Infrastructure Foundation")
        if c.change == "join" and c.source.startswith("openinfra/")
    ]
    got = {(_canon(c.member), c.tier_after, c.date) for c in found}
    # the store holds canonical names ("Red Hat, Inc." -> "Red Hat")
    assert got == {(_canon(canonical(e.name)), e.tier, e.joined) for e in listed.values()}
    assert len(found) == len(listed)


def test_rust_chart_from_the_corpus(corpus_store: Any, tmp_path: Any) -> None:
    from PIL import Image

    from graph.timeline import write_timeline

    paths = write_timeline(corpus_store, tmp_path / "out", foundation="Rust Foundation")
    assert sorted(p.name for p in paths) == [
        "members-per-tier.png",
        "members-per-tier.svg",
        "timeline.csv",
        "timeline.html",
    ]
    with Image.open(tmp_path / "out" / "members-per-tier.png") as image:
        assert image.size[0] >= 600


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def history_store(member_repo: Any, tmp_path: Any) -> Any:
    from graph.store import open_store
    from graph.timeline.history import history_documents

    location = tmp_path / "store"
    store = open_store(location)
    for doc, facts in history_documents(member_repo, "content/members", "Rust Foundation"):
        store.put_document(doc, facts)
    store.close()
    return location


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "ics", "html", "svg", "png"])
def test_cli_formats(history_store: Any, tmp_path: Any, fmt: str) -> None:
    import csv
    import io
    import json
    import re
    import xml.etree.ElementTree as ET

    import icalendar
    from click.testing import CliRunner

    from graph.cli import main

    out = tmp_path / f"t.{fmt}"
    result = CliRunner().invoke(
        main,
        [
            "timeline",
            "--store",
            str(history_store),
            "--foundation",
            "rust-foundation",
            "--format",
            fmt,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    parse = {
        "csv": lambda: len(list(csv.DictReader(io.StringIO(data.decode())))),
        "json": lambda: len(json.loads(data)),
        "md": lambda: len(data.decode().strip().splitlines()) - 2,
        "ics": lambda: len(icalendar.Calendar.from_ical(data).walk("VEVENT")),
        "html": lambda: len(
            json.loads(re.search(r'id="timeline-data"[^>]*>(.*?)</script>', data.decode(), re.S)[1])
        ),
        "svg": lambda: len([e for e in ET.fromstring(data).iter() if e.get("id", "").startswith("step-")]),
        "png": lambda: int(data.startswith(b"\x89PNG\r\n\x1a\n")) * 4,
    }[fmt]
    assert parse() == 4 if fmt != "svg" else parse() == 3  # 4 changes; 3 tiers (Silver, Gold, Platinum)


def test_cli_filters_and_errors(history_store: Any, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    runner = CliRunner()
    result = runner.invoke(
        main, ["timeline", "--store", str(history_store), "--member", "Oldco", "--format", "csv"]
    )
    assert result.exit_code == 0 and result.output.count("\n") == 2 and "Oldco,join" in result.output
    result = runner.invoke(
        main,
        [
            "timeline",
            "--store",
            str(history_store),
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0 and '"change": "upgrade"' in result.output and '"join"' not in result.output
    result = runner.invoke(main, ["timeline", "--store", str(history_store), "--since", "yesterday"])
    assert result.exit_code == 2 and "'yesterday' is not an ISO date" in result.output
    result = runner.invoke(main, ["timeline", "--store", str(tmp_path / "absent")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_joins_without_a_leave_between_are_one_join() -> None:
    store = FixtureStore(
        [
            M("Shopify", RF, "join", "2022-10-01", "Gold", "recap.md"),
            M("Shopify", RF, "join", "2022-12-14", "Gold", "welcome.md"),
            M("Shopify", RF, "join", "2022-12-14", "Gold", "board.md"),
            M("Acme", RF, "join", "2020-01-01", "Silver", "a.md"),
            M("Acme", RF, "leave", "2021-01-01", None, "b.md"),
            M("Acme", RF, "join", "2023-01-01", "Gold", "c.md"),
            M("Acme", RF, "upgrade", "2023-06-01", "Platinum", "d.md"),
            M("Acme", RF, "upgrade", "2024-06-01", "Platinum", "e.md"),  # same tier again: nothing changed
        ]
    )
    shop = changes(store, member="Shopify")
    assert [(c.date.isoformat(), c.conflict, c.primary) for c in shop] == [
        ("2022-10-01", True, False),
        ("2022-12-14", True, True),
    ]  # two sources beat one
    assert {shop[1].source, *shop[1].also_in} == {"board.md", "welcome.md"}
    assert _simple(changes(store, member="Acme")) == [
        ("2020-01-01", "Acme", "join", None, "Silver"),
        ("2021-01-01", "Acme", "leave", "Silver", None),
        ("2023-01-01", "Acme", "join", None, "Gold"),
        ("2023-06-01", "Acme", "upgrade", "Gold", "Platinum"),
    ]


@pytest.mark.parametrize(
    ("spec", "repo", "sub"),
    [
        ("site", "site", None),
        ("site:content/members", "site", "content/members"),
        ("/a/b:landscape.yml", "/a/b", "landscape.yml"),
        ("site:", "site", None),
    ],
)
def test_history_spec(spec: str, repo: str, sub: str | None) -> None:
    from graph.timeline.history import parse_history_spec

    assert parse_history_spec(spec) == (Path(repo), sub)


def test_ingest_history_is_idempotent(member_repo: Any, tmp_path: Any) -> None:
    from graph.store import open_store
    from graph.timeline.history import ingest_history

    store = open_store(tmp_path / "store")
    try:
        assert ingest_history(store, f"{member_repo}:content/members") == (3, 4)
        assert ingest_history(store, f"{member_repo}:content/members") == (0, 0)
        assert len(changes(store)) == 4
    finally:
        store.close()


def test_openinfra_landscape_history_one_join_per_member(tmp_path: Any) -> None:
    """The real landscape.yml committed once: a join per member, dated by its `joined` field."""
    import yaml

    from graph.timeline.history import read_history

    source = CORPUS / "openinfra" / "landscape.yml"
    if not source.is_file():
        pytest.skip(f"no {source}")
    repo = tmp_path / "landscape"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _commit(
        repo, {"landscape.yml": source.read_text(encoding="utf-8")}, "2025-01-01T00:00:00+00:00", "import"
    )
    found = read_history(repo, "landscape.yml", publisher="Open Infrastructure Foundation")
    members = yaml.safe_load(source.read_text(encoding="utf-8"))["categories"][0]
    expected = {
        (item["name"], sub["name"], item["joined"])
        for sub in members["subcategories"]
        for item in sub["items"]
    }
    assert len(found) == len(expected) == 122
    assert {(c.member, c.tier_after, c.date.isoformat()) for c in found} == expected
    assert {c.change for c in found} == {"join"}


@pytest.mark.parametrize(
    ("foundation", "before", "after", "expected"),
    [
        ("Rust Foundation", "Silver", "Platinum", "upgrade"),
        ("rust-foundation", "platinum", "Associate", "downgrade"),
        ("Rust Foundation", "Silver", "Premier", None),  # not a Rust tier: unknown, not guessed
        ("Some New Foundation", "Bronze", "Gold", "upgrade"),  # generic order
        ("Some New Foundation", "End-User", "academic", None),  # parallel tiers
        ("Some New Foundation", None, "Gold", None),
    ],
)
def test_tier_order(foundation: str, before: str | None, after: str | None, expected: str | None) -> None:
    from graph.timeline.tiers import direction

    assert direction(foundation, before, after) == expected


@pytest.mark.browser
def test_html_page_draws_large_timelines_in_pages(browser: Any, tmp_path: Any) -> None:
    from datetime import timedelta

    from graph.timeline import render

    many = [
        Change(date(2020, 1, 1) + timedelta(days=i), RF if i % 3 else "Other Foundation", f"Member {i:04d}",
               "join", None, "Silver", f"doc-{i}.md")
        for i in range(1200)
    ]  # fmt: skip
    page_path = tmp_path / "big.html"
    page_path.write_bytes(render(many, "html"))
    page = browser.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    rows = page.locator("tr.change")
    assert rows.count() == 500 and page.get_attribute("#dots", "data-dots") == "1200"
    assert page.inner_text("#more") == "show 500 more (700 not drawn)"
    page.click("#more")
    assert rows.count() == 1000
    page.select_option("#f-foundation", "Other Foundation")
    assert (
        rows.count() == 400 and page.is_hidden("#more") and page.inner_text("#shown") == "showing 400 of 1200"
    )
    page.close()
