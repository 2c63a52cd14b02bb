"""Document + Facts -> RDF, exactly per ontology/README.md."""

from __future__ import annotations

from datetime import date

import pytest
import store_fixtures
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic

from graph.model import Document, Fact
from graph.namespaces import DCTERMS, FKG, FKGID, FOAF, ORG, PROV, RDF, SCHEMA, SKOS, TIME, XSD
from graph.rdf import doc_iri, document_graph, entity_iri, fact_iri, tier_iri

DOC_ID = "rust/news/2022-09-06 hello jfrog.md"


def _doc(**kw: object) -> Document:
    base = dict(
        id=DOC_ID,
        path="corpus/" + DOC_ID,
        title="Hello",
        date=date(2022, 9, 6),
        publisher="Rust Foundation",
        source_url="https://foundation.rust-lang.org/news/x",
        content_hash="a" * 64,
    )
    base.update(kw)
    return Document(**base)  # type: ignore[arg-type]


def _membership(**fields: object) -> Fact:
    base = {
        "member": "JFrog",
        "organization": "Rust Foundation",
        "tier": "Platinum",
        "event": "join",
        "date": "2022-09-06",
    }
    base.update(fields)
    return Fact("membership", DOC_ID, base, evidence="JFrog joins", span=(10, 21), rule="membership.join")


def test_doc_iri_is_a_valid_iri_with_segments_encoded() -> None:
    iri = doc_iri(DOC_ID)
    assert iri == URIRef("https://w3id.org/foundation-kg/doc/rust/news/2022-09-06%20hello%20jfrog.md")
    assert " " not in iri


def test_document_metadata() -> None:
    g = document_graph(_doc(), [])
    d = doc_iri(DOC_ID)
    assert g.identifier == d
    for triple in [
        (d, RDF.type, FKG.Document),
        (d, RDF.type, PROV.Entity),
        (d, DCTERMS.identifier, Literal(DOC_ID)),
        (d, DCTERMS.title, Literal("Hello")),
        (d, DCTERMS.date, Literal(date(2022, 9, 6), datatype=XSD.date)),
        (d, DCTERMS.publisher, FKGID["org/rust-foundation"]),
        (d, DCTERMS.source, Literal("corpus/" + DOC_ID)),
        (d, SCHEMA.url, URIRef("https://foundation.rust-lang.org/news/x")),
        (d, FKG.contentHash, Literal("a" * 64)),
        (d, FKG.format, Literal("markdown")),
    ]:
        assert triple in g, triple


def test_undated_document_has_no_date() -> None:
    g = document_graph(_doc(date=None, source_url=None), [])
    assert not list(g.objects(doc_iri(DOC_ID), DCTERMS.date))
    assert not list(g.objects(doc_iri(DOC_ID), SCHEMA.url))


def test_membership_join_with_tier_and_interval() -> None:
    fact = _membership()
    g = document_graph(_doc(), [fact])
    node, jfrog, rust = fact_iri(fact), FKGID["org/jfrog"], FKGID["org/rust-foundation"]
    tier = tier_iri(rust, "Platinum")
    assert tier == FKGID["tier/rust-foundation/platinum"]
    for triple in [
        (node, RDF.type, ORG.Membership),
        (node, RDF.type, FKG.Fact),
        (node, ORG.member, jfrog),
        (node, ORG.organization, rust),
        (node, ORG.role, tier),
        (node, FKG.event, FKG.Join),
        (node, DCTERMS.date, Literal(date(2022, 9, 6), datatype=XSD.date)),
        (tier, RDF.type, ORG.Role),
        (tier, SKOS.prefLabel, Literal("Platinum")),
        (tier, FKG.tierOf, rust),
        (jfrog, ORG.memberOf, rust),
        (jfrog, SKOS.prefLabel, Literal("JFrog")),
        (jfrog, RDF.type, ORG.Organization),
        (node, PROV.wasDerivedFrom, doc_iri(DOC_ID)),
        (node, FKG.evidence, Literal("JFrog joins")),
        (node, FKG.evidenceStart, Literal(10)),
        (node, FKG.evidenceEnd, Literal(21)),
        (node, FKG.rule, Literal("membership.join")),
    ]:
        assert triple in g, triple
    interval = g.value(node, ORG.memberDuring)
    assert isinstance(interval, BNode) and (interval, RDF.type, TIME.Interval) in g
    instant = g.value(interval, TIME.hasBeginning)
    assert g.value(instant, TIME.inXSDDate) == Literal(date(2022, 9, 6), datatype=XSD.date)
    assert g.value(interval, TIME.hasEnd) is None


def test_leave_closes_the_interval_and_state_without_date_has_none() -> None:
    leave, state = (
        _membership(event="leave", tier=None, date="2023-01-01"),
        _membership(event="state", date=None),
    )
    g = document_graph(_doc(), [leave, state])
    interval = g.value(fact_iri(leave), ORG.memberDuring)
    assert g.value(interval, TIME.hasEnd) is not None and g.value(interval, TIME.hasBeginning) is None
    assert g.value(fact_iri(leave), ORG.role) is None
    assert g.value(fact_iri(state), ORG.memberDuring) is None
    assert (fact_iri(state), FKG.event, FKG.State) in g


def test_funding_role_part_of() -> None:
    grant = Fact(
        "funding",
        DOC_ID,
        {
            "funder": "Alpha-Omega",
            "recipient": "Rust Foundation",
            "amount": 460000,
            "currency": "usd",
            "kind": "grant",
            "purpose": "security engineer",
            "date": "2022-09-13",
        },
    )
    role = Fact(
        "role",
        DOC_ID,
        {"person": "Stephen Chin", "title": "Member Director", "organization": "Rust Foundation"},
    )
    part = Fact("part_of", DOC_ID, {"child": "Alpha-Omega", "parent": "Open Source Security Foundation"})
    g = document_graph(_doc(), [grant, role, part])
    gn, rn, pn = fact_iri(grant), fact_iri(role), fact_iri(part)
    money = g.value(gn, SCHEMA.amount)
    assert (gn, RDF.type, SCHEMA.MonetaryGrant) in g and (gn, SCHEMA.funder, FKGID["org/alpha-omega"]) in g
    assert (gn, SCHEMA.fundedItem, FKGID["org/rust-foundation"]) in g
    assert g.value(money, SCHEMA.value).toPython() == 460000
    assert g.value(money, SCHEMA.currency) == Literal("USD")
    assert (gn, FKG.fundingKind, Literal("grant")) in g and (
        gn,
        FKG.purpose,
        Literal("security engineer"),
    ) in g
    person = FKGID["person/stephen-chin"]
    assert (rn, RDF.type, ORG.Post) in g and (rn, ORG.heldBy, person) in g and (person, ORG.holds, rn) in g
    assert (rn, ORG.postIn, FKGID["org/rust-foundation"]) in g and (person, RDF.type, FOAF.Person) in g
    assert (rn, SKOS.prefLabel, Literal("Member Director")) in g
    assert (pn, RDF.type, FKG.PartOf) in g and (pn, FKG.child, FKGID["org/alpha-omega"]) in g
    assert (
        FKGID["org/alpha-omega"],
        ORG.subOrganizationOf,
        FKGID["org/open-source-security-foundation"],
    ) in g


def test_aliases_resolve_to_one_entity() -> None:
    facts = [
        _membership(member="AWS"),
        _membership(member="Amazon Web Services, Inc.", event="state", date=None),
    ]
    g = document_graph(_doc(), facts)
    members = {g.value(fact_iri(f), ORG.member) for f in facts}
    assert members == {FKGID["org/amazon-web-services"]}


def test_fact_iris_are_stable_and_distinct() -> None:
    join, upgrade = _membership(), _membership(event="upgrade", tier="Gold", date="2023-01-01")
    assert fact_iri(join) == fact_iri(_membership())
    assert fact_iri(join) != fact_iri(upgrade)
    assert (
        str(fact_iri(join)).startswith(str(FKGID["fact/"]))
        and len(str(fact_iri(join)).rsplit("/", 1)[1]) == 16
    )


@pytest.mark.parametrize("index", range(len(store_fixtures.corpus())))
def test_rebuilding_gives_the_same_graph(index: int) -> None:
    doc, facts = store_fixtures.corpus()[index]
    assert isomorphic(document_graph(doc, facts), document_graph(doc, list(reversed(facts))))


def test_entity_iri_slug() -> None:
    assert entity_iri("Amazon Web Services") == FKGID["org/amazon-web-services"]
    assert entity_iri("Rebecca Rumbul", "person") == FKGID["person/rebecca-rumbul"]


def test_a_fact_stated_twice_keeps_one_evidence() -> None:
    first, second = _membership(), _membership()
    second.evidence, second.span = "JFrog joins, again", (50, 70)
    g = document_graph(_doc(), [first, second])
    node = fact_iri(first)
    assert list(g.objects(node, FKG.evidence)) == [Literal("JFrog joins")]
    assert len(list(g.objects(node, FKG.evidenceStart))) == 1
