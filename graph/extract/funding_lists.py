"""Funding from lists: grant tables and grantee lists under a heading, sponsor and donor lists."""

from __future__ import annotations

import re

from graph.extract.common import DocContext, org_like
from graph.extract.funding_base import _fact, _rx, trim_purpose
from graph.extract.mentions import mentions_in
from graph.extract.money import find_money
from graph.extract.text import Sentence
from graph.model import Document, Fact

_HANDLE = re.compile(r"@?[A-Za-z0-9][\w.-]{1,38}")
_ITEM_HEAD = re.compile(
    r"^(?P<name>[^:–—()]{1,60}?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?:[:–—]\s*(?P<rest>.*))?$"
)


_MONEY_FIRST = re.compile(
    r"^(?:[A-Z]{3}\s?)?[$€£]?\s?[\d.,]+\s?[kKmM]?(?:\s?[A-Z]{3})?\s+(?:to|for)\s+(?:the\s+)?(?P<name>.+)$"
)


def _grant_list(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item or heading under a grant / fellowship heading: the publisher funds the named recipient."""
    rx = _rx()
    context = s.context
    if not context or not rx.list_cue.search(context) or rx.list_stop.search(context):
        return []
    if re.search(r"\bmembers?\b", context, re.I):
        return []  # "Corporate members approved" is membership
    text = s.text.strip()
    first = _MONEY_FIRST.match(text)  # "USD 300 to Django Girls Cagayan de Oro"
    if first:
        money = find_money(text)
        name = first.group("name").strip(" .")
        if not money or not _recipient_like(name, loose=True):
            return []
        return _fact(
            ctx,
            s,
            _context_funder(ctx, context),
            _canon(name, ctx.doc),
            kind="grant",
            money=money[0],
            purpose=None,
            when=ctx.doc.date.isoformat() if ctx.doc.date else None,
            rule="funding.grant_list",
            conf=0.75,
        )
    m = _ITEM_HEAD.match(text)
    if not m:
        return []
    name = m.group("name").strip().lstrip("@").strip()
    rest = m.group("rest") or ""
    if s.kind == "item" and not m.group("rest"):
        return []
    if not _recipient_like(name):
        return []
    amounts = find_money(rest)
    amount = amounts[0] if amounts else None
    funder = _context_funder(ctx, context)
    purpose = None if amount else trim_purpose(rest, 12)
    if s.kind == "heading" and not purpose:
        purpose = _section_purpose(ctx, s)
    return _fact(
        ctx,
        s,
        funder,
        _canon(name, ctx.doc),
        kind="grant",
        money=amount,
        purpose=purpose,
        when=ctx.doc.date.isoformat() if ctx.doc.date else None,
        rule="funding.grant_list",
        conf=0.75,
    )


_METAL = re.compile(
    r"\b(?:platinum|gold|silver|bronze|diamond|titanium|strategic|premier|emerald|ruby|sapphire)\b", re.I
)


def _sponsor_item(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item of an untiered sponsor list ('Corporate Sponsors': tigerbeetle.com ...) -> sponsorship."""
    context = s.context or ctx.doc.title
    if not re.search(r"\bsponsors\b", context, re.I) or _METAL.search(context) or len(context) > 60:
        return []
    if re.search(r"\b(?:become|how|why|benefits?|levels?|tiers?)\b", context, re.I):
        return []
    name = s.text.strip()
    if not (_recipient_like(name) or len(name.split()) <= 4 and name[:1].isupper()):
        return []
    return _fact(
        ctx,
        s,
        _canon(name, ctx.doc),
        _context_funder(ctx, context),
        kind="sponsorship",
        money=None,
        purpose=None,
        when=None,
        rule="funding.sponsor_list",
        conf=0.65,
    )


_LABELS = frozenset(
    [
        "topic",
        "history",
        "status",
        "date",
        "dates",
        "amount",
        "amounts",
        "purpose",
        "description",
        "deadline",
        "budget",
        "duration",
        "contact",
        "website",
        "location",
        "notes",
        "note",
        "summary",
        "goal",
        "goals",
        "scope",
        "outcome",
        "outcomes",
        "result",
        "results",
        "requirements",
        "eligibility",
        "timeline",
        "team",
        "type",
        "category",
        "total",
        "overview",
        "background",
        "details",
        "update",
        "updates",
        "agenda",
        "minutes",
        "action",
        "actions",
        "other",
        "misc",
    ]
)


def _recipient_like(name: str, loose: bool = False) -> bool:
    if name.lower() in _LABELS:
        return False  # "Topic: ...", "History: ..." are labels, not recipients
    if loose and name[:1].isupper() and len(name.split()) <= 10:
        return True
    if (
        not name
        or len(name.split()) > 6
        or re.search(
            r"\b(?:Grants?|Fellowships?|Awards?|Programs?|Programme|Round|Category|Total|Summary|Overview)\b",
            name,
        )
    ):
        return False
    if " " not in name:
        return bool(_HANDLE.fullmatch(name))
    return name[0].isupper() or name[0].isdigit()


def _canon(name: str, doc: Document | None = None) -> str:
    from graph.extract.entities_util import canonical_name, domain_name

    return canonical_name(domain_name(name, doc.text if doc else ""))


def _context_funder(ctx: DocContext, context: str) -> str | None:
    for m in mentions_in(context):
        if org_like(m) and m.kind not in ("programme",):
            return m.name
    return ctx.publisher


def _section_purpose(ctx: DocContext, heading: Sentence, reach: int = 12) -> str | None:
    """What a grantee's section says the grant is for: the first plan ("Her focus will be ...",
    "He will work on ...") in the sentences under the grantee's heading, up to the next heading."""
    for s in ctx.sentences[heading.index + 1 : heading.index + 1 + reach]:
        if s.kind == "heading":
            break
        plan = _rx().plan.search(s.text)
        if plan:
            return trim_purpose(plan.group("p"), 12)
    return None


_DONOR_CONTEXT = re.compile(
    r"\b(?:donors?|backers?|benefactors?|given|donated|contributed|pledged|funders?|"
    r"supporters?)\b",
    re.I,
)


def _donor_item(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item of a donor list ('Largest single donors in 2024:', 'companies have given $10,000 or more')."""
    context = s.context
    if not context or not _DONOR_CONTEXT.search(context) or _METAL.search(context):
        return []
    if re.search(r"\b(?:become|how|why|benefits?|apply|individual)\b", context, re.I):
        return []
    m = _ITEM_HEAD.match(s.text.strip())
    if not m:
        return []
    name = re.split(r",\s+", m.group("name").strip(), maxsplit=1)[0]
    if not (name[:1].isupper() or _recipient_like(name)) or len(name.split()) > 5:
        return []
    rest = m.group("rest") or ""
    money = find_money(rest)
    return _fact(
        ctx,
        s,
        _canon(name, ctx.doc),
        _context_funder(ctx, context),
        kind="donation",
        money=money[0] if money else None,
        purpose=None,
        when=ctx.doc.date.isoformat() if ctx.doc.date else None,
        rule="funding.donor_list",
        conf=0.65,
    )
