"""Funding rules for particular constructions: event sponsors, receipts ("X receives $N"),
"our grant to X", untiered sponsors, lists of grants in one sentence, allocations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.extract.common import DocContext
from graph.extract.funding_base import (
    _EVENT,
    _GAP,
    _coordinated_back,
    _date,
    _fact,
    _kind,
    _money_near,
    _person_like,
    _purpose,
    _subject,
)
from graph.extract.mentions import Mention
from graph.extract.money import find_money
from graph.extract.text import Sentence
from graph.model import Fact

_SPONSOR_ROLE = re.compile(
    r"\b(?:is|was|are|were|(?:received\s+)?as)\s+(?:the|a|an|one of the)\s+(?:only\s+|main\s+|lead\s+)?"
    r"(?P<what>[\w-]+\s+)?(?:conference\s+)?sponsors?\b(?:\s+of\s+(?:the\s+)?)?",
    re.I,
)


def _event_sponsor(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Rust China Conf 2020 was held ..., and Huawei is the only top-level sponsor' (an event's sponsor)."""
    out: list[Fact] = []
    for m in _SPONSOR_ROLE.finditer(s.text):
        c0, c1 = s.start + m.start(), s.start + m.end()
        events = [x for x in ms if _EVENT.search(x.name) and x.source != "reference"]
        sponsor = [
            x for x in ms if x.end <= c0 and c0 - x.end <= 30 and x not in events and not _person_like(x)
        ]
        target = [x for x in events if x.start >= c1 - 1] or [x for x in events if x.end <= c0]
        if not target and s.context:  # under a heading naming the event ("PyCon Australia 2014")
            from graph.extract.mentions import mentions_in

            target = [x for x in mentions_in(s.context) if _EVENT.search(x.name)]
        if not sponsor or not target:
            continue
        what = (m.group("what") or "").strip()
        purpose = f"{what} conference sponsorship" if what else "conference sponsorship"
        out += _fact(
            ctx,
            s,
            sponsor[-1].name,
            target[0].name,
            kind="sponsorship",
            money=None,
            purpose=purpose,
            when=_date(ctx, s, False),
            rule="funding.event_sponsor",
            conf=0.7,
        )
    return out


_RECEIVE = re.compile(
    r"\b(?:receives?|received|(?:will|to|expects? to|expect to) receive|gets|got|was awarded|"
    r"has been awarded|won)\s+",
    re.I,
)


def _receives(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'The Python Software Foundation receives USD 400,000 for ...',
    'We expect to receive €205,000 from STF'."""
    out: list[Fact] = []
    for v in _RECEIVE.finditer(s.text):
        money = [m for m in find_money(s.text) if v.end() <= m.start <= v.end() + 30]
        grant = re.match(r"(?:an?\s+)?(?:\w+\s+)?grant", s.text[v.end() :], re.I)
        if not money and not grant:
            continue
        v0 = s.start + v.start()
        subj = [
            m
            for m in ms
            if m.end <= v0 and _GAP.fullmatch(s.text[m.end - s.start : v.start()].replace(" each", ""))
        ]
        if not subj:
            continue
        recipients = _coordinated_back(ms, s, subj[-1])
        frm = re.search(r"\bfrom\s+(?:the\s+)?", s.text[v.end() :])
        funders = [m for m in ms if frm and m.start == s.start + v.end() + frm.end()]
        funder = funders[0].name if funders else _context_funder_name(ctx, s)
        for r in recipients:
            out += _fact(
                ctx,
                s,
                funder,
                r.name,
                kind="grant" if grant or _granty(ctx, s) else _kind(s.text),
                money=money[0] if money else None,
                purpose=_purpose(s.text[v.end() :]),
                when=_date(ctx, s, True),
                rule="funding.receives",
                conf=0.7,
            )
    return out


def _granty(ctx: DocContext, s: Sentence) -> bool:
    return bool(re.search(r"\bgrants?\b", s.context + " " + s.text, re.I))


def _context_funder_name(ctx: DocContext, s: Sentence) -> str | None:
    """Who gives in a list of awards: the organisation of the lead-in/heading, else the publisher."""
    from graph.extract.mentions import mentions_in

    found = mentions_in(s.context) if s.context else []
    found = [
        m
        for i, m in enumerate(found)
        if not (i + 1 < len(found) and re.match(r"['’]s?\s", s.context[m.end : m.end + 3]))
    ]
    return found[0].name if found else ctx.publisher


_GRANT_TO = re.compile(
    r"\b(?P<own>our|its|their)\s+(?:first\s+|new\s+|second\s+|latest\s+)?(?:grant|donation)s?\s+to\s+(?:the\s+)?",
    re.I,
)


def _recent_name(ctx: DocContext, s: Sentence) -> str | None:
    recent = ctx.recent_group(s)
    return recent.name if recent else None


def _grant_to(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Our first grant to the Rust Foundation, $460k in 2022, paid for ...' (funder: the owner)."""
    out: list[Fact] = []
    for g in _GRANT_TO.finditer(s.text):
        target = [m for m in ms if m.start == s.start + g.end()]
        if not target:
            continue
        funder = ctx.publisher if g.group("own").lower() == "our" else _recent_name(ctx, s)
        money = _money_near(s, s.start + g.end(), s.start + g.end() + 40)
        out += _fact(
            ctx,
            s,
            funder,
            target[0].name,
            kind="grant",
            money=money,
            purpose=None,
            when=_date(ctx, s, False),
            rule="funding.grant_to",
            conf=0.7,
        )
    return out


_BECAME_SPONSOR = re.compile(
    r"\b(?:became|becomes|has become|is now|joined as)\s+(?:a|an)\s+(?:(?P<org>[A-Z][\w.-]*)\s+)?sponsor\b"
    r"(?:\s+of\s+(?:the\s+)?)?"
)


def _untiered_sponsor(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'ZML, which became a ZSF sponsor earlier this year' (no tier: funding, kind sponsorship)."""
    out: list[Fact] = []
    for m in _BECAME_SPONSOR.finditer(s.text):
        who = [
            x
            for x in ms
            if x.end <= s.start + m.start()
            and x.source != "reference"
            and re.fullmatch(
                r"\s*(?:,\s*(?:which|who)\s+)?(?:also\s+|recently\s+)?", s.text[x.end - s.start : m.start()]
            )
        ]
        org = (
            [x for x in ms if s.start + m.start("org") == x.start]
            if m.group("org")
            else [x for x in ms if x.start == s.start + m.end()]
        )
        if not who:
            continue
        out += _fact(
            ctx,
            s,
            who[-1].name,
            org[0].name if org else None,
            kind="sponsorship",
            money=None,
            purpose=None,
            when=None,
            rule="funding.became_sponsor",
            conf=0.6,
        )
    return out


_MONEY_TO = re.compile(r"\s+(?:each\s+)?(?:to|for)\s+(?:the\s+)?")


def _grants_of(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'The board approved grants of $6,000 to DjangoCon Africa, $6,000 to DjangoCon US
    and $10,000 to Django Girls.'"""
    out: list[Fact] = []
    subj = _subject(ms, s, s.end)
    funder = (
        subj.name
        if subj and (subj.source == "reference" or subj.known and subj.start == s.start)
        else ctx.publisher
    )
    for money in find_money(s.text):
        to = _MONEY_TO.match(s.text[money.end :])
        if not to:
            continue
        at = s.start + money.end + to.end()
        target = [m for m in ms if m.start == at and m.source != "reference"]
        if not target:
            continue
        out += _fact(
            ctx,
            s,
            funder,
            target[0].name,
            kind="grant",
            money=money,
            purpose=None,
            when=_date(ctx, s, True),
            rule="funding.grants_of",
            conf=0.7,
        )
    return out


_ALLOCATE = re.compile(
    r"\b(?:ring-?fence[sd]?|set(?:s|ting)? aside|earmark(?:s|ed)?|allocat(?:e|es|ed|ing))\s+(?:of\s+)?$", re.I
)
_ALLOCATE_TO = re.compile(r"\s+(?:for|to|that)\s+(?:the\s+)?")


def _allocates(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'... to ringfence $650K for the Rust Project', 'set aside $650K that the Rust Project will spend'."""
    out: list[Fact] = []
    for money in find_money(s.text):
        if not _ALLOCATE.search(s.text[max(0, money.start - 30) : money.start]):
            continue
        to = _ALLOCATE_TO.match(s.text[money.end :])
        if not to:
            continue
        target = [m for m in ms if m.start == s.start + money.end + to.end() and m.source != "reference"]
        if not target or target[0].name == ctx.publisher:
            continue
        out += _fact(
            ctx,
            s,
            ctx.publisher,
            target[0].name,
            kind="grant",
            money=money,
            purpose=_purpose(s.text[money.end + to.end() :]),
            when=_date(ctx, s, True),
            rule="funding.allocates",
            conf=0.65,
        )
    return out


def _thanks_rule(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Special thanks to AWS, Huawei, and Google for supporting the Community Grants Program.'"""
    m = re.search(
        r"\bthanks?(?: you)? to\s+(?P<who>[^.;]+?)\s+for\s+(?:their\s+)?(?:generously\s+)?"
        r"(?:supporting|sponsoring|funding|donating to|contributing to)\s+(?:the\s+)?",
        s.text,
        re.I,
    )
    if not m:
        return []
    funders = [
        x
        for x in ms
        if s.start + m.start("who") <= x.start < s.start + m.end("who")
        and x.source != "reference"
        and not _person_like(x)
    ]
    target = [x for x in ms if x.start == s.start + m.end()]
    recipient = target[0].name if target else None
    out: list[Fact] = []
    for f in funders:
        out += _fact(
            ctx,
            s,
            f.name,
            recipient,
            kind=_kind(m.group()),
            money=None,
            purpose=None,
            when=None,
            rule="funding.thanks_for_supporting",
            conf=0.6,
        )
    return out
