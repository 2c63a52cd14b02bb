"""Membership changes and seats: renewals, upgrades, downgrades, departures, 'Member Director for X'."""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.extract.common import DocContext, org_like, tiers
from graph.extract.membership_base import _fact, _org_in, _rx
from graph.extract.mentions import Mention
from graph.extract.text import Sentence
from graph.model import Fact


def _changes(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """Renewals, upgrades, downgrades and departures: 'X renewed its Platinum membership'."""
    rx = _rx()
    out: list[Fact] = []
    for event, regex in (
        ("renew", rx.renew),
        ("upgrade", rx.upgrade),
        ("downgrade", rx.downgrade),
        ("leave", rx.leave),
    ):
        for v in regex.finditer(s.text):
            tail = s.text[v.end() : v.end() + 120]
            near = s.text[max(0, v.start() - 40) : v.end()] + tail[:100]
            obj = next((m for m in ms if 0 <= m.start - (s.start + v.end()) <= 6 and org_like(m)), None)
            if not re.search(r"member|sponsor|level|tier", near, re.I) and not obj:
                continue
            before = [m for m in ms if m.end <= s.start + v.start() and m.source != "reference"]
            heads = [
                i for i, m in enumerate(before) if _SUBJECT_GAP.fullmatch(s.text[m.end - s.start : v.start()])
            ]
            if not heads:
                continue
            subject = _subject_list(s, before[: heads[-1] + 1])
            tier_m = None
            for tm in re.finditer(
                rf"\b(?:(?P<pre>to|from) (?:the |a |an )?)?(?P<tier>{tiers().regex})\b", tail, re.I
            ):
                if (tm.group("pre") or "").lower() != "from":
                    tier_m = tm
                    break
            org = _org_in(ms, s.start + v.end(), s.start + v.end() + 120)
            tier = tier_m.group("tier") if tier_m else None
            for member in subject:
                out += _fact(
                    ctx, s, member.name, org.name if org else None, tier, event, f"membership.{event}", 0.75
                )
    return out


_SUBJECT_GAP = re.compile(
    r"(?:['’]s)?\s*(?:\([^)]*\)\s*)?(?:,[^,;]{0,80},\s*)?"
    r"(?:(?:has|have|had|also|will|would|just|recently|today|now|officially|is|are|was|were|"
    r"once again|again|both|each|all)\s+)*"
)


def _subject_list(s: Sentence, before: list[Mention]) -> list[Mention]:
    """The last mention before a verb, with the ones coordinated with it ("Akamai and Cisco")."""
    out = [before[-1]]
    for m in reversed(before[:-1]):
        gap = s.text[m.end - s.start : out[0].start - s.start]
        if not re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", gap):
            break
        out.insert(0, m)
    return out


_POSSESSIVE_SEAT = re.compile(r"['’]s\s+(?:Member Director|Member Representative|board seat)\b", re.I)


def _seats(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Member Director for Microsoft' -> Microsoft is a member of the board's foundation."""
    out: list[Fact] = []
    if s.context == "byline":
        return out  # the byline is about the author, not a statement of the document
    for match in _POSSESSIVE_SEAT.finditer(s.text):
        owner = [m for m in ms if m.end == s.start + match.start() and m.source != "reference"]
        if owner:
            out += _fact(ctx, s, owner[0].name, None, None, "state", "membership.seat", 0.6)
    for match in _rx().seat.finditer(s.text):
        pos = s.start + match.end()
        after = [m for m in ms if m.start == pos or 0 <= m.start - pos <= 4]
        if not after or after[0].source == "reference":
            continue
        org = [m for m in ms if m.end <= s.start + match.start() and org_like(m)]
        out += _fact(
            ctx, s, after[0].name, org[-1].name if org else None, None, "state", "membership.seat", 0.6
        )
    return out
