"""Document + Facts -> the triples of the document's named graph (ontology/README.md).

The mapping is pure: the same document and facts always give the same graph (fact IRIs are
content hashes), so re-ingest rebuilds an identical graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef

from graph.entities import slugify
from graph.model import FACT_FIELDS, Document, Fact
from graph.namespaces import (
    DCTERMS,
    DOC,
    FKG,
    FKGID,
    FOAF,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
)

EXTRACTOR = "foundation-kg 0.1.0"

#: Entity kind -> its fkg: class (every one a subclass of org:Organization).
KIND_CLASSES: dict[str, URIRef] = {
    "foundation": FKG.Foundation,
    "company": FKG.Company,
    "initiative": FKG.Initiative,
    "programme": FKG.Programme,
    "project": FKG.Project,
    "agency": FKG.Agency,
    "body": FKG.Body,
    "event": FKG.Event,
}
EVENTS: dict[str, URIRef] = {
    "join": FKG.Join,
    "upgrade": FKG.Upgrade,
    "downgrade": FKG.Downgrade,
    "renew": FKG.Renew,
    "leave": FKG.Leave,
    "state": FKG.State,
}


class EntityLike(Protocol):
    """What `resolve` returns (graph.entities.Entity)."""

    name: str
    kind: str

    @property
    def iri(self) -> URIRef: ...


Resolver = Callable[[str, "str | None"], EntityLike]


def doc_iri(doc_id: str) -> URIRef:
    """The IRI of a document and of its named graph; each path segment percent-encoded.

    Dot segments ("." and "..") are encoded too, so that no document id, however written,
    resolves to an IRI outside the document namespace.
    """
    return URIRef(str(DOC) + "/".join(_segment(part) for part in doc_id.split("/")))


def _segment(part: str) -> str:
    encoded = quote(part, safe="")
    return encoded.replace(".", "%2E") if set(part) == {"."} else encoded


def entity_iri(name: str, kind: str = "organization") -> URIRef:
    """`fkgid:person/<slug>` for people, `fkgid:org/<slug>` for everything else (no alias resolution)."""
    return FKGID[f"{'person' if kind == 'person' else 'org'}/{slugify(name)}"]


def tier_iri(organization: URIRef, tier: str) -> URIRef:
    """`fkgid:tier/<org-slug>/<tier-slug>`: one org:Role per foundation and tier."""
    return FKGID[f"tier/{str(organization).rstrip('/').rsplit('/', 1)[-1]}/{slugify(tier)}"]


def fact_iri(fact: Fact) -> URIRef:
    """`fkgid:fact/<16 hex>`: sha1 of the doc id, type and every FACTS.md field (folded).

    All fields, not only the key, so that a join and a later upgrade stated in one document
    stay two facts; identical facts collapse into one node.
    """
    parts = [fact.doc, fact.type] + [_fold(fact.fields.get(name)) for name in FACT_FIELDS[fact.type]]
    return FKGID[f"fact/{hashlib.sha1(chr(31).join(parts).encode('utf-8')).hexdigest()[:16]}"]


def _fold(value: Any) -> str:
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip().casefold()


def as_date(value: Any) -> date | None:
    """A `date` from a date or an ISO `YYYY-MM-DD` string; None when absent or unreadable."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]


def document_graph(doc: Document, facts: list[Fact], resolve: Resolver | None = None) -> Graph:
    """The named graph of one document: its metadata, the entities it mentions and its facts.

    `resolve(name, kind_hint)` maps a surface name to its entity (default: the gazetteer's
    `graph.entities.resolve`), so aliases become one IRI.
    """
    g = Graph(identifier=doc_iri(doc.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in document_triples(doc, facts, resolve):
        g.add(triple)
    return g


def document_triples(doc: Document, facts: list[Fact], resolve: Resolver | None = None) -> set[Triple]:
    """The triples of `document_graph` as a plain set (the store writes these without an rdflib Graph)."""
    if resolve is None:
        from graph.entities import resolve as default_resolve

        resolve = default_resolve  # type: ignore[assignment]
    builder = _Builder(doc, resolve)  # type: ignore[arg-type]
    builder.document()
    for fact in facts:
        builder.fact(fact)
    return builder.triples


class _TripleSet:
    """The one Graph method the builder uses, on a plain set (rdflib's Memory store is ~10x slower)."""

    def __init__(self, triples: set[Triple]) -> None:
        self.add = triples.add


class _Builder:
    """Collects one document's triples."""

    def __init__(self, doc: Document, resolve: Resolver) -> None:
        self.triples: set[Triple] = set()
        self.seen: set[URIRef] = set()
        self.g = _TripleSet(self.triples)
        self.doc, self.resolve = doc, resolve
        self.iri = doc_iri(doc.id)

    def entity(self, name: str, kind_hint: str | None = None) -> URIRef:
        ent = self.resolve(name, kind_hint)
        iri = ent.iri
        if ent.kind == "person":
            self.g.add((iri, RDF.type, FOAF.Person))
        else:
            self.g.add((iri, RDF.type, ORG.Organization))
            if ent.kind in KIND_CLASSES:
                self.g.add((iri, RDF.type, KIND_CLASSES[ent.kind]))
        self.g.add((iri, SKOS.prefLabel, Literal(ent.name)))
        return iri

    def document(self) -> None:
        d, g, s = self.doc, self.g, self.iri
        g.add((s, RDF.type, FKG.Document))
        g.add((s, RDF.type, PROV.Entity))
        g.add((s, DCTERMS.identifier, Literal(d.id)))
        if d.title:
            g.add((s, DCTERMS.title, Literal(d.title)))
        if d.date:
            g.add((s, DCTERMS.date, Literal(d.date, datatype=XSD.date)))
        if d.publisher:
            g.add((s, DCTERMS.publisher, self.entity(d.publisher, "foundation")))
        g.add((s, DCTERMS.source, Literal(d.path)))
        if d.source_url and _is_iri(d.source_url):
            g.add((s, SCHEMA.url, URIRef(d.source_url)))
        g.add((s, FKG.contentHash, Literal(d.content_hash)))
        g.add((s, FKG.format, Literal(d.format)))

    def fact(self, fact: Fact) -> None:
        node = fact_iri(fact)
        if node in self.seen:  # the same fact stated twice: keep the first evidence only
            return
        self.seen.add(node)
        self.provenance(node, fact)
        getattr(self, f"_{fact.type}")(node, fact.fields)

    def provenance(self, node: URIRef, fact: Fact) -> None:
        g = self.g
        g.add((node, RDF.type, FKG.Fact))
        g.add((node, PROV.wasDerivedFrom, self.iri))
        if fact.evidence:
            g.add((node, FKG.evidence, Literal(fact.evidence)))
        if fact.span:
            g.add((node, FKG.evidenceStart, Literal(int(fact.span[0]))))
            g.add((node, FKG.evidenceEnd, Literal(int(fact.span[1]))))
        if fact.rule:
            g.add((node, FKG.rule, Literal(fact.rule)))
        g.add((node, FKG.confidence, Literal(_decimal(round(fact.confidence, 3)))))
        g.add((node, FKG.extractor, Literal(EXTRACTOR)))

    def _date(self, node: URIRef, value: Any) -> date | None:
        when = as_date(value)
        if when:
            self.g.add((node, DCTERMS.date, Literal(when, datatype=XSD.date)))
        return when

    def _membership(self, node: URIRef, f: dict[str, Any]) -> None:
        g = self.g
        member, org = self.entity(f["member"]), self.entity(f["organization"], "foundation")
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, member))
        g.add((node, ORG.organization, org))
        g.add((member, ORG.memberOf, org))  # "is or was a member": the direct edge for simple queries
        if f.get("tier"):
            tier = tier_iri(org, f["tier"])
            g.add((node, ORG.role, tier))
            g.add((tier, RDF.type, ORG.Role))
            g.add((tier, SKOS.prefLabel, Literal(f["tier"])))
            g.add((tier, FKG.tierOf, org))
        event = f.get("event") or "state"
        g.add((node, FKG.event, EVENTS.get(event, FKG.State)))
        when = self._date(node, f.get("date"))
        if when:
            self._interval(node, when, FKG.Leave == EVENTS.get(event))

    def _interval(self, node: URIRef, when: date, closes: bool) -> None:
        g, interval, instant = self.g, BNode(), BNode()
        g.add((node, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasEnd if closes else TIME.hasBeginning, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, TIME.inXSDDate, Literal(when, datatype=XSD.date)))

    def _funding(self, node: URIRef, f: dict[str, Any]) -> None:
        g = self.g
        g.add((node, RDF.type, SCHEMA.MonetaryGrant))
        g.add((node, SCHEMA.funder, self.entity(f["funder"])))
        g.add((node, SCHEMA.fundedItem, self.entity(f["recipient"])))
        amount = _decimal(f.get("amount"))
        if amount is not None:
            money = BNode()
            g.add((node, SCHEMA.amount, money))
            g.add((money, RDF.type, SCHEMA.MonetaryAmount))
            g.add((money, SCHEMA.value, Literal(amount)))
            if f.get("currency"):
                g.add((money, SCHEMA.currency, Literal(str(f["currency"]).upper())))
        if f.get("kind"):
            g.add((node, FKG.fundingKind, Literal(f["kind"])))
        if f.get("purpose"):
            g.add((node, FKG.purpose, Literal(f["purpose"])))
        self._date(node, f.get("date"))

    def _role(self, node: URIRef, f: dict[str, Any]) -> None:
        g = self.g
        person, org = self.entity(f["person"], "person"), self.entity(f["organization"])
        g.add((node, RDF.type, ORG.Post))
        g.add((node, ORG.heldBy, person))
        g.add((node, ORG.postIn, org))
        if f.get("title"):
            g.add((node, SKOS.prefLabel, Literal(f["title"])))
        g.add((person, ORG.holds, node))

    def _part_of(self, node: URIRef, f: dict[str, Any]) -> None:
        g = self.g
        child, parent = self.entity(f["child"]), self.entity(f["parent"])
        g.add((node, RDF.type, FKG.PartOf))
        g.add((node, FKG.child, child))
        g.add((node, FKG.parent, parent))
        g.add((child, ORG.subOrganizationOf, parent))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    # the lexical form Oxigraph gives back ("460000", "1", "0.9"), so a stored graph reads back identical
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def _is_iri(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text))
