"""Directory records (member files, landscape.yml categories, sponsor JSON) -> facts.

Per FACTS.md: a member or tiered sponsor listed in a directory is a `state` membership with
its tier; a record with a join date is a `join` on that date. A sponsor listed with no tier
is a funding fact (kind sponsorship); an amount stated on a record makes a funding fact too.
"""

from __future__ import annotations

from graph.entities import resolve
from graph.extract.reference import publisher
from graph.model import Document, Fact, Record

_RULE = "directory"
_FORMER = frozenset({"previous", "former", "past", "alumni", "inactive", "emeritus"})
_NOT_TIERS = frozenset(
    {"member", "members", "sponsor", "sponsors", "supporter", "supporters", "partner", "partners"}
)


def extract_directory(doc: Document) -> list[Fact]:
    """The facts of a document's directory records."""
    owner = publisher(doc)
    out: list[Fact] = []
    for record in doc.records:
        org = resolve(record.organization).name if record.organization else owner
        name = resolve(record.name).name if record.name.strip() else ""
        if not org or not name or name == org:
            continue
        span = _span(doc, record)
        evidence = " ".join((record.evidence or record.name).split())
        if record.relation == "funder" or (record.relation == "sponsor" and not record.tier) or record.amount:
            out.append(_funding(doc, record, name, org, evidence, span))
        if record.relation in ("member", "sponsor") and (record.tier or record.relation == "member"):
            out.append(_membership(doc, record, name, org, evidence, span))
    return out


def _tier(tier: str | None) -> str | None:
    if not tier or not tier.strip() or tier.strip().lower() in _NOT_TIERS:
        return None  # "role: Member" names no level
    from graph.extract.common import tiers

    return tiers().title(tier.strip())


def _membership(
    doc: Document, record: Record, name: str, org: str, evidence: str, span: tuple[int, int] | None
) -> Fact:
    event = "join" if record.date else "state"
    if _FORMER.intersection(doc.id.lower().split("/")):
        event = "leave"  # a directory of previous / former members
    fields = {
        "member": name,
        "organization": org,
        "tier": _tier(record.tier),
        "event": event,
        "date": record.date.isoformat() if record.date else None,
    }
    return Fact("membership", doc.id, fields, evidence, span, f"{_RULE}.{record.relation}", 0.9)


def _funding(
    doc: Document, record: Record, name: str, org: str, evidence: str, span: tuple[int, int] | None
) -> Fact:
    amount = record.amount
    fields = {
        "funder": name,
        "recipient": org,
        "amount": int(amount) if amount is not None and float(amount).is_integer() else amount,
        "currency": record.currency if amount is not None else None,
        "kind": "sponsorship" if record.relation == "sponsor" else None,
        "purpose": None,
        "date": record.date.isoformat() if record.date else None,
    }
    return Fact("funding", doc.id, fields, evidence, span, f"{_RULE}.{record.relation}_funding", 0.85)


def _span(doc: Document, record: Record) -> tuple[int, int] | None:
    """Where the record's evidence (or name) sits in the document text, if it does."""
    for needle in (record.evidence, record.name):
        if needle:
            pos = doc.text.find(needle)
            if pos >= 0:
                return (pos, pos + len(needle))
    return None
