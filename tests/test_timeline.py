"""Timeline stage: changes derived from the store, git-directory history, exports, chart and page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
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
    store = FixtureStore([
        M("Acme", RF, "join", "2021-04-29", "Silver", "a.md"),
        M("Acme", RF, "upgrade", "2022-01-10", "Platinum", "b.md"),
        M("Acme", RF, "upgrade", "2023-03-01", "Gold", "c.md"),  # extractor said upgrade: order says down
        M("Acme", RF, "leave", "2024-05-05", None, "d.md"),
    ])
    assert _simple(changes(store)) == [
        ("2021-04-29", "Acme", "join", None, "Silver"),
        ("2022-01-10", "Acme", "upgrade", "Silver", "Platinum"),
        ("2023-03-01", "Acme", "downgrade", "Platinum", "Gold"),
        ("2024-05-05", "Acme", "leave", "Gold", None),
    ]


def test_states_undated_are_not_changes_and_dated_state_changes_tier() -> None:
    store = FixtureStore([
        M("Beta", RF, "state", None, "Gold", "spot.md"),
        M("Beta", RF, "join", "2021-01-01", "Silver", "a.md"),
        M("Beta", RF, "state", "2021-06-01", "Silver", "dir1.md"),  # same tier: nothing changed
        M("Beta", RF, "state", "2022-06-01", "Gold", "dir2.md"),
        M("Gamma", RF, "state", "2022-06-01", "Gold", "dir2.md"),  # first known tier: not a change
    ])
    assert _simple(changes(store)) == [
        ("2021-01-01", "Beta", "join", None, "Silver"),
        ("2022-06-01", "Beta", "upgrade", "Silver", "Gold"),
    ]


def test_agreeing_sources_fold_and_disagreeing_sources_conflict() -> None:
    store = FixtureStore([
        M("Delta", RF, "join", "2022-09-06", "Platinum", "news/a.md"),
        M("Delta", RF, "join", "2022-09-06", "Platinum", "news/b.md"),
        M("Delta", RF, "join", "2022-09-06", None, "news/c.md"),
        M("Eps", RF, "join", "2022-01-01", "Gold", "news/x.md"),
        M("Eps", RF, "join", "2022-01-20", "Silver", "news/y.md"),
    ])
    found = changes(store)
    delta = [c for c in found if c.member == "Delta"]
    assert len(delta) == 1 and not delta[0].conflict
    assert delta[0].source == "news/a.md" and set(delta[0].also_in) == {"news/b.md", "news/c.md"}
    eps = [c for c in found if c.member == "Eps"]
    assert [(c.tier_after, c.conflict, c.primary) for c in eps] == [("Gold", True, True), ("Silver", True, False)]
    assert [(a.date, a.tier, a.source) for a in eps[0].alternatives] == [(date(2022, 1, 20), "Silver", "news/y.md")]


def test_filters() -> None:
    store = FixtureStore([
        M("Acme", RF, "join", "2021-04-29", "Silver", "a.md"),
        M("Acme", RF, "upgrade", "2022-01-10", "Gold", "b.md"),
        M("Acme", "Open Infrastructure Foundation", "join", "2020-01-01", "Gold", "oi.md"),
        M("Zed", RF, "join", "2023-01-01", "Silver", "z.md"),
    ])
    assert len(changes(store)) == 4
    assert {c.foundation for c in changes(store, foundation="rust-foundation")} == {RF}
    assert {c.member for c in changes(store, member="ACME")} == {"Acme"}
    later = changes(store, foundation=RF, since="2022-01-01", until=date(2022, 12, 31))
    assert _simple(later) == [("2022-01-10", "Acme", "upgrade", "Silver", "Gold")]  # tier_before kept
    with pytest.raises(ValueError, match="since"):
        changes(store, since="last week")
