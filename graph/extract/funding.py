"""Funding facts from sentences and grant lists: who gives money (or paid resources) to whom.

Sentence rules: "a grant/donation from X" (funder after *from*), "Y is funded by X and Z"
(funders after *by*), "X has made a grant to Y" / "X donates $1M to Y" (funder before the verb,
recipient after it), in-kind commitments ("X has committed members of its team to work on Y"),
thanks ("Special thanks to X for supporting Y"). List rules: items and headings under a grant /
fellowship heading ("Fellowship Awards", "Grants approved") give publisher -> item funding.
Cue words: patterns/funding.yaml. Amounts: money.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from graph.extract.common import DocContext, make_fact, org_like, words_regex
from graph.extract.dates import find_dates
from graph.extract.mentions import Mention, mentions_in
from graph.extract.money import Money, find_money
from graph.extract.patterns import load_patterns
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact

_SCHEMA = {"gift_nouns": list, "passive_verbs": list, "give_verbs": list, "in_kind_cues": list,
           "thanks_cues": list, "grant_list_cues": list, "grant_list_stops": list}


@dataclass(frozen=True)
class _Rx:
    from_cue: re.Pattern[str]
    by_cue: re.Pattern[str]
    give: re.Pattern[str]
    in_kind: re.Pattern[str]
    thanks: re.Pattern[str]
    list_cue: re.Pattern[str]
    list_stop: re.Pattern[str]
    gate: re.Pattern[str]


@cache
def _rx() -> _Rx:
    p = load_patterns("funding", _SCHEMA)
    gift = words_regex(p["gift_nouns"])
    return _Rx(
        from_cue=re.compile(rf"{gift}\s+(?:of\s+\S+\s+)?(?:\w+\s+)?(?:from|by)\s+(?:the\s+)?", re.I),
        by_cue=re.compile(words_regex(p["passive_verbs"]) + r"\s+(?:(?:in part\s+)?(?:with\s+)?(?:[\w-]+\s+){0,3}?)?"
                          r"(?:by|from|of)\s+(?:the\s+)?", re.I),
        give=re.compile(words_regex(p["give_verbs"]), re.I),
        in_kind=re.compile(words_regex(p["in_kind_cues"]), re.I),
        thanks=re.compile(words_regex(p["thanks_cues"]), re.I),
        list_cue=re.compile(words_regex(p["grant_list_cues"]), re.I),
        list_stop=re.compile(r"\b(?:" + "|".join(map(re.escape, p["grant_list_stops"])) + r")", re.I),
        gate=re.compile(r"fund|grant|donat|sponsor|support|underwrit|invest|financ|backed|award|paying|"
                        r"committed|transferred|thanks|possible|[$€£]|USD|EUR", re.I),
    )


def extract_funding(doc: Document, sentences: list[Sentence]) -> list[Fact]:
    """Funding facts of one document."""
    ctx = DocContext(doc)
    out: list[Fact] = []
    for s in [*meta_sentences(doc), *sentences]:
        if s.kind in ("item", "heading") and s.first:
            out += _grant_list(ctx, s)
        if s.kind == "item" and s.first:
            out += _sponsor_item(ctx, s)
        if _rx().gate.search(s.text):
            out += _sentence(ctx, s)
    return out


def _sentence(ctx: DocContext, s: Sentence) -> list[Fact]:
    ms = _mentions(ctx, s)
    out: list[Fact] = []
    out += _from_rule(ctx, s, ms)
    out += _by_rule(ctx, s, ms)
    out += _give_rule(ctx, s, ms)
    out += _thanks_rule(ctx, s, ms)
    out += _event_sponsor(ctx, s, ms)
    return out


# --- helpers --------------------------------------------------------------------------------

def _mentions(ctx: DocContext, s: Sentence) -> list[Mention]:
    """The sentence's mentions (possessors are dropped where lists are read, see `_region`)."""
    return ctx.mentions(s)


def _person_like(m: Mention) -> bool:
    if m.kind == "person":
        return True
    if m.known or m.source == "reference":
        return False
    try:
        from graph.extract.persons import is_name
    except ImportError:
        return False
    return is_name(m.name)


def _kind(text: str) -> str | None:
    """The funding kind a phrase names."""
    low = text.lower()
    if re.search(r"\bdonat|\bgift", low):
        return "donation"
    if re.search(r"\bgrant|\bfellowship|\bawarded\b|\bscholarship", low):
        return "grant"
    if re.search(r"\bsponsor", low):
        return "sponsorship"
    if re.search(r"\bin[- ]kind\b|\bstaff time|\bcredits\b|\bhosting\b|\binfrastructure\b|\bresearchers\b|"
                 r"\bengineers\b|\bassets\b", low):
        return "in-kind"
    if re.search(r"\binvest(?:ed|s|ing)?\b", low) and not re.search(r"\binvestments?\b", low):
        return "investment"
    return None


_PURPOSE = re.compile(
    r"\b(?:to support|to fund|to help(?: fund)?|to work on|to pay for|to hire|for|towards|dedicated to|"
    r"to (?=\w+ (?:a|an|the)\b))\s+(?P<p>(?:(?:a|an|the|its|their)\s+)?[^.,;:()“”\"]{3,90})", re.I)


def _purpose(text: str) -> str | None:
    m = _PURPOSE.search(text)
    if not m:
        return None
    words = m.group("p").split()
    cut = next((i for i, w in enumerate(words) if w.lower() in ("which", "who", "and", "with", "as", "while")
                and i >= 3), len(words))
    words = words[: min(cut, 10)]
    return " ".join(words) or None


def _date(ctx: DocContext, s: Sentence, event: bool) -> str | None:
    """A full date stated in the sentence; else the document's date for an announced gift."""
    for ref in find_dates(s.text, ctx.doc.date):
        if ref.how in ("iso", "mdy", "dmy") and ref.value:
            return ref.value.isoformat()
    if event and ctx.doc.date:
        return ctx.doc.date.isoformat()
    return None


def _fact(ctx: DocContext, s: Sentence, funder: str | None, recipient: str | None, *, kind: str | None,
          money: Money | None, purpose: str | None, when: str | None, rule: str, conf: float) -> list[Fact]:
    recipient = recipient or ctx.publisher
    if not funder or not recipient or funder == recipient:
        return []
    fields = {"funder": funder, "recipient": recipient,
              "amount": money.value if money else None, "currency": money.currency if money else None,
              "kind": kind, "purpose": purpose, "date": when}
    return [make_fact("funding", ctx, s, fields, rule, conf + (0.05 if money else 0) + (0.03 if kind else 0))]


def _region(ms: list[Mention], s: Sentence, start: int) -> list[Mention]:
    """The names of the list that starts at document offset `start` (up to a clause break)."""
    rest = s.text[start - s.start:]
    stop = re.search(r"(?:,\s*(?:which|who|a |an |the |with|to |for |as )|;|\s[–—]\s|\s(?:with|to|for|in|as|"
                     r"which|who|that|through|amongst|among|among)\s)", rest)
    end = start + (stop.start() if stop else len(rest))
    found = [m for m in ms if start <= m.start < end and m.source != "reference"]
    found = [m for i, m in enumerate(found) if not _possessor(m, found[i + 1] if i + 1 < len(found) else None, s)]
    return [m for m in found if not _person_like(m)]


def _possessor(m: Mention, nxt: Mention | None, s: Sentence) -> bool:
    """True for 'OpenSSF' in "OpenSSF’s Alpha-Omega" (the possessor, not the actor)."""
    tail = s.text[m.end - s.start:m.end - s.start + 3]
    return bool(nxt and re.match(r"['’]s?\s", tail) and nxt.start - m.end <= 4)


def _trusted_subject(m: Mention, s: Sentence) -> bool:
    """A subject that names an organisation: known, organisation-like, a reference, or not sentence-initial."""
    if _person_like(m):
        return False
    if m.known or org_like(m) or m.source == "reference" or m.start > s.start:
        return True
    # Sentence-initial plain words ("Financial support from ...") are not names; "Rust-Edu" is.
    return len(m.text.split()) > 1 or bool(re.search(r"[A-Z0-9-]", m.text[1:]))


def _subject(ms: list[Mention], s: Sentence, before: int) -> Mention | None:
    """The first name (or resolved reference) of the clause that ends at `before`."""
    head = [m for m in ms if m.end <= before]
    if not head:
        return None
    clause_start = max(s.text.rfind(sep, 0, before - s.start) for sep in (". ", "; ", " – ", " — "))
    head = [m for m in head if m.start - s.start > clause_start] or head
    return head[0]


def _money_near(s: Sentence, lo: int, hi: int) -> Money | None:
    for money in find_money(s.text):
        if lo - 60 <= s.start + money.start <= hi + 60:
            return money
    return None


# --- rules ----------------------------------------------------------------------------------

def _from_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'a $100K USD donation from LambdaClass', 'with generous support from X and Y'."""
    out: list[Fact] = []
    for cue in _rx().from_cue.finditer(s.text):
        c0, c1 = s.start + cue.start(), s.start + cue.end()
        if ctx.quoted(s, c0):
            continue
        funders = _region(ms, s, c1)
        if not funders or funders[0].start - c1 > 2:
            continue
        if re.match(r"(?:support|backing)\b", cue.group(), re.I) and not re.search(
                r"\b(?:generous|financial|monetary|funding)\s+$", s.text[:cue.start()], re.I) \
                and not re.search(r"underwrit|\bfund", s.text, re.I):
            continue  # plain "support" is not money
        to = re.search(r"\bto\s+(?:the\s+)?", s.text[cue.end():])
        recipient = None
        if to:
            after = [m for m in ms if m.start == c1 + to.end()]
            recipient = after[0] if after else None
        if recipient is None:
            subj = _subject(ms, s, c0)
            recipient = subj if subj and subj not in funders and _trusted_subject(subj, s) else None
        phrase = s.text[max(0, cue.start() - 30):cue.end()]
        kind = _kind(phrase)
        event = bool(re.search(r"donation|grant|gift|contribution|award", cue.group(), re.I))
        money = _money_near(s, c0, c0)
        for f in funders:
            out += _fact(ctx, s, f.name, recipient.name if recipient else None, kind=kind, money=money,
                         purpose=_purpose(s.text[cue.end():]), when=_date(ctx, s, event),
                         rule="funding.gift_from", conf=0.7 if event else 0.6)
    return out


def _by_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'Alpha-Omega is funded by Google and Microsoft', 'made possible by the support of X'."""
    out: list[Fact] = []
    for cue in _rx().by_cue.finditer(s.text):
        c0, c1 = s.start + cue.start(), s.start + cue.end()
        if ctx.quoted(s, c0):
            continue
        funders = _region(ms, s, c1)
        if not funders:
            # "made possible by the generous support of corporate partners, with AWS, Google, and Huawei"
            with_ = re.match(r"[^.;]{0,60}?,\s*with\s+", s.text[cue.end():])
            funders = _region(ms, s, c1 + with_.end()) if with_ else []
        if not funders:
            continue
        subj = _subject(ms, s, c0)
        recipient = subj if subj and subj not in funders and _trusted_subject(subj, s) else None
        kind = "sponsorship" if "sponsor" in cue.group().lower() else None
        for f in funders:
            out += _fact(ctx, s, f.name, recipient.name if recipient else None, kind=kind,
                         money=_money_near(s, c0, c0), purpose=None, when=_date(ctx, s, False),
                         rule="funding.funded_by", conf=0.65)
    return out


_GAP = re.compile(r"(?:['’]s)?\s*(?:\([^)]*\)\s*)?(?:,[^,;]{0,80},\s*)?"
                  r"(?:(?:has|have|had|also|will|would|just|recently|generously|today|now|officially|kindly|"
                  r"once again|again|is|are)\s+)*")
_EVENT = re.compile(r"\b(?:Conf|Con|Conference|Summit|Meetup|Days|Hackathon|Festival|Sprint|Workshop|"
                    r"Camp|Fest)\b|\b(?:19|20)\d\d\b")


def _give_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'X has made a grant to Y', 'X donates $1M to Y', 'X has committed its engineers to work on Y'."""
    out: list[Fact] = []
    verbs = list(_rx().give.finditer(s.text)) + list(
        re.finditer(r"\b(?:has |have )?(?:committed|transferred|provid(?:ed|es|ing)|contribut(?:ed|es))\b", s.text))
    for verb in verbs:
        v0, v1 = s.start + verb.start(), s.start + verb.end()
        if any(m.start <= v0 < m.end for m in ms) or verb.start() == 0:
            continue  # "Community Grants Program", "Donating via ..." — a name or an opener, not a verb
        if ctx.quoted(s, v0) or re.search(r"\b(?:be|been|is|are|was|were)\s+$", s.text[:verb.start()]):
            continue  # passive: handled by _by_rule
        funder = [m for m in ms if m.end <= v0 and v0 - m.end <= 90 and not _person_like(m)
                  and _GAP.fullmatch(s.text[m.end - s.start:verb.start()])]
        if not funder:
            continue
        tail = s.text[verb.end():]
        if verb.group().lower().startswith("sponsor") and not _EVENT.search(tail[:80]):
            continue  # tiered sponsorship is membership (FACTS.md); event sponsorship is funding
        to = re.search(r"\b(?:to|for)\s+(?:the\s+)?(?=\S)", tail[:160])
        direct = [m for m in ms if v1 < m.start <= v1 + 6]
        target = [m for m in ms if to and m.start == v1 + to.end()] or direct
        if not target:
            continue
        recipient = target[0]
        in_kind = verb.group().lower().strip().split()[-1] in ("committed", "transferred", "provided", "provides",
                                                                 "providing") or bool(_rx().in_kind.search(tail[:120]))
        kind = "in-kind" if in_kind and not find_money(tail[:80]) else _kind(verb.group() + " " + tail[:60])
        if kind is None and not find_money(tail[:80]) and "fund" not in verb.group().lower() \
                and "pay" not in verb.group().lower():
            continue
        if in_kind and not _rx().in_kind.search(tail[:160]):
            continue
        out += _fact(ctx, s, funder[0].name, recipient.name, kind=kind, money=_money_near(s, v0, v1 + 60),
                     purpose=_purpose(tail[to.end() if to else 0:]) if to else None, when=_date(ctx, s, True),
                     rule="funding.gives", conf=0.8)
    return out


def _thanks_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'Special thanks to AWS, Huawei, and Google for supporting the Community Grants Program.'"""
    m = re.search(r"\bthanks?(?: you)? to\s+(?P<who>[^.;]+?)\s+for\s+(?:their\s+)?(?:generously\s+)?"
                  r"(?:supporting|sponsoring|funding|donating to|contributing to)\s+(?:the\s+)?", s.text, re.I)
    if not m:
        return []
    funders = [x for x in ms if s.start + m.start("who") <= x.start < s.start + m.end("who")
               and x.source != "reference" and not _person_like(x)]
    target = [x for x in ms if x.start == s.start + m.end()]
    recipient = target[0].name if target else None
    out: list[Fact] = []
    for f in funders:
        out += _fact(ctx, s, f.name, recipient, kind=_kind(m.group()), money=None, purpose=None, when=None,
                     rule="funding.thanks_for_supporting", conf=0.6)
    return out


_SPONSOR_ROLE = re.compile(r"\b(?:is|was|are|were|as)\s+(?:the|a|an|one of the)\s+(?:only\s+|main\s+|lead\s+)?"
                           r"(?P<what>[\w-]+\s+)?(?:conference\s+)?sponsors?\b(?:\s+of\s+(?:the\s+)?)?", re.I)


def _event_sponsor(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'Rust China Conf 2020 was held ..., and Huawei is the only top-level sponsor' (an event's sponsor)."""
    out: list[Fact] = []
    for m in _SPONSOR_ROLE.finditer(s.text):
        c0, c1 = s.start + m.start(), s.start + m.end()
        events = [x for x in ms if _EVENT.search(x.name) and x.source != "reference"]
        sponsor = [x for x in ms if x.end <= c0 and c0 - x.end <= 30 and x not in events and not _person_like(x)]
        target = [x for x in events if x.start >= c1 - 1] or [x for x in events if x.end <= c0]
        if not sponsor or not target:
            continue
        what = (m.group("what") or "").strip()
        purpose = f"{what} conference sponsorship" if what else "conference sponsorship"
        out += _fact(ctx, s, sponsor[-1].name, target[0].name, kind="sponsorship", money=None, purpose=purpose,
                     when=_date(ctx, s, False), rule="funding.event_sponsor", conf=0.7)
    return out


_HANDLE = re.compile(r"@?[A-Za-z0-9][\w.-]{1,38}")
_ITEM_HEAD = re.compile(r"^(?P<name>[^:–—()]{1,60}?)\s*(?:\((?P<paren>[^)]*)\))?\s*(?:[:–—]\s*(?P<rest>.*))?$")


def _grant_list(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item or heading under a grant / fellowship heading: the publisher funds the named recipient."""
    rx = _rx()
    context = s.context
    if not context or not rx.list_cue.search(context) or rx.list_stop.search(context):
        return []
    if re.search(r"\bmembers?\b", context, re.I):
        return []  # "Corporate members approved" is membership
    m = _ITEM_HEAD.match(s.text.strip())
    if not m:
        return []
    name = m.group("name").strip().lstrip("@").strip()
    rest = m.group("rest") or ""
    if s.kind == "item" and not m.group("rest"):
        return []
    if not _recipient_like(name):
        return []
    money = find_money(rest)[0] if find_money(rest) else None
    funder = _context_funder(ctx, context)
    purpose = None if money else _item_purpose(rest)
    return _fact(ctx, s, funder, _canon(name, ctx.doc), kind="grant", money=money, purpose=purpose,
                 when=ctx.doc.date.isoformat() if ctx.doc.date else None, rule="funding.grant_list", conf=0.75)


_METAL = re.compile(r"\b(?:platinum|gold|silver|bronze|diamond|titanium|strategic|premier|emerald|ruby|sapphire)\b",
                    re.I)


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
    return _fact(ctx, s, _canon(name, ctx.doc), _context_funder(ctx, context), kind="sponsorship", money=None,
                 purpose=None, when=None, rule="funding.sponsor_list", conf=0.65)


def _recipient_like(name: str) -> bool:
    if not name or len(name.split()) > 6 or re.search(
            r"\b(?:Grants?|Fellowships?|Awards?|Programs?|Programme|Round|Category|Total|Summary|Overview)\b", name):
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


def _item_purpose(rest: str) -> str | None:
    words = re.split(r"[.;]", rest, maxsplit=1)[0].split()
    return " ".join(words[:12]) or None


__all__ = ["extract_funding", "date"]
