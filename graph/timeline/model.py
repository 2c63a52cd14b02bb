"""The timeline's own types: a raw membership event read from the store, and a derived `Change`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ChangeKind = Literal["join", "upgrade", "downgrade", "renew", "leave"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("join", "upgrade", "downgrade", "renew", "leave")

#: Columns of the flat exports (CSV, JSON, Markdown), in order.
COLUMNS = (
    "date",
    "foundation",
    "member",
    "change",
    "tier_before",
    "tier_after",
    "source",
    "evidence",
    "url",
    "conflict",
    "alternatives",
)


@dataclass(frozen=True)
class Event:
    """One membership fact as stored: the extractor's event word (join ... state), maybe undated."""

    foundation: str
    member: str
    kind: str
    date: date | None
    tier: str | None
    source: str
    evidence: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Alternative:
    """What another source says about the same change when sources disagree."""

    date: date
    tier: str | None
    source: str

    def __str__(self) -> str:
        tier = f" {self.tier}" if self.tier else ""
        return f"{self.date.isoformat()}{tier} ({self.source})"


@dataclass(frozen=True)
class Change:
    """A dated membership change of `member` at `foundation`, with where it was read.

    `conflict` is set when another source gives a different tier or date for the same change;
    `alternatives` then lists those other readings (each also appears as a Change of its own,
    with `primary` False for all but the earliest, so counts take each change once).
    `also_in` lists further sources that say exactly the same.
    """

    date: date
    foundation: str
    member: str
    change: ChangeKind
    tier_before: str | None
    tier_after: str | None
    source: str
    evidence: str = ""
    url: str | None = None
    conflict: bool = False
    alternatives: tuple[Alternative, ...] = ()
    also_in: tuple[str, ...] = field(default=())
    primary: bool = True

    @property
    def uid(self) -> str:
        """A stable id derived from the content (same change, same source -> same id)."""
        parts = (
            self.date.isoformat(),
            self.foundation,
            self.member,
            self.change,
            self.tier_before or "",
            self.tier_after or "",
            self.source,
        )
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]

    def row(self) -> dict[str, Any]:
        """The flat export row (COLUMNS order); alternatives as text."""
        return {
            "date": self.date.isoformat(),
            "foundation": self.foundation,
            "member": self.member,
            "change": self.change,
            "tier_before": self.tier_before,
            "tier_after": self.tier_after,
            "source": self.source,
            "evidence": self.evidence,
            "url": self.url,
            "conflict": self.conflict,
            "alternatives": "; ".join(str(a) for a in self.alternatives),
        }
