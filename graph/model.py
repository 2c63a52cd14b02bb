"""The two types that flow through the pipeline: `Document` (sources -> extract), `Fact` (extract -> store).

`Fact.to_json()` is exactly the contract of FACTS.md, plus provenance fields
(`span`, `rule`, `confidence`) that the scorer ignores.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

BlockKind = Literal["title", "heading", "paragraph", "item", "row", "quote", "record"]
FactType = Literal["membership", "funding", "role", "part_of"]

#: The fields of each fact type, in FACTS.md order (after `type` and `doc`).
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "membership": ("member", "organization", "tier", "event", "date"),
    "funding": ("funder", "recipient", "amount", "currency", "kind", "purpose", "date"),
    "role": ("person", "title", "organization"),
    "part_of": ("child", "parent"),
}

#: The fields that identify a fact (the scorer's key).
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "membership": ("member", "organization"),
    "funding": ("funder", "recipient"),
    "role": ("person", "organization"),
    "part_of": ("child", "parent"),
}

MEMBERSHIP_EVENTS = ("join", "upgrade", "downgrade", "renew", "leave", "state")
FUNDING_KINDS = ("grant", "donation", "sponsorship", "in-kind", "investment")


@dataclass(frozen=True)
class Link:
    """A hyperlink kept from the source: anchor text and target, with offsets into `Document.text`."""

    text: str
    url: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """One unit of text (heading, paragraph, list item, table row ...) with its span in `Document.text`.

    `level` is the heading level for headings and the nesting depth for list items.
    `context` is the text of the nearest heading above (or the lead-in line of a list), which
    extraction uses for lists such as "New Silver Members:" followed by items.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    context: str = ""
    links: tuple[Link, ...] = ()


@dataclass
class Record:
    """One structured entry of a member/sponsor directory (a member file, a landscape item, a JSON row)."""

    name: str
    tier: str | None = None
    date: date | None = None
    url: str | None = None
    organization: str | None = None  # defaults to the document's publisher
    relation: Literal["member", "sponsor", "funder"] = "member"
    amount: float | None = None
    currency: str | None = None
    evidence: str = ""


@dataclass
class Document:
    """A source document, read and normalised.

    `id` is the path relative to the root given on the command line, `/` separated.
    `text` is the plain text that every `Block` and `Fact.span` offset points into.
    Directory sources (member lists) carry `records` as well as, or instead of, blocks.
    """

    id: str
    path: str
    title: str = ""
    date: date | None = None
    publisher: str | None = None
    publisher_url: str | None = None
    source_url: str | None = None
    tags: tuple[str, ...] = ()
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    format: str = "markdown"  # markdown | html | text | landscape | json | directory ...
    content_hash: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        """The content hash used for change detection (sha256 hex)."""
        return hashlib.sha256(data).hexdigest()


@dataclass
class Fact:
    """One extracted fact: its FACTS.md fields in `fields`, and where it came from."""

    type: FactType
    doc: str
    fields: dict[str, Any]
    evidence: str = ""
    span: tuple[int, int] | None = None  # character offsets of the evidence in Document.text
    rule: str = ""
    confidence: float = 1.0

    def key(self) -> tuple[Any, ...]:
        """The identifying fields (the scorer's key), used to deduplicate."""
        return (self.type, self.doc) + tuple(self.fields.get(k) for k in FACT_KEYS[self.type])

    def to_json(self) -> dict[str, Any]:
        """The FACTS.md object, followed by the provenance fields."""
        out: dict[str, Any] = {"type": self.type, "doc": self.doc}
        for name in FACT_FIELDS[self.type]:
            out[name] = self.fields.get(name)
        out["evidence"] = self.evidence
        out["span"] = list(self.span) if self.span else None
        out["rule"] = self.rule
        out["confidence"] = round(self.confidence, 3)
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Fact:
        """Inverse of `to_json` (also reads gold lines, which lack provenance)."""
        kind = obj["type"]
        fields = {name: obj.get(name) for name in FACT_FIELDS[kind]}
        span = obj.get("span")
        return cls(
            type=kind,
            doc=obj["doc"],
            fields=fields,
            evidence=obj.get("evidence") or "",
            span=tuple(span) if span else None,  # type: ignore[arg-type]
            rule=obj.get("rule") or "gold",
            confidence=float(obj.get("confidence", 1.0)),
        )
