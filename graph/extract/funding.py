"""Funding facts from sentences: who gives money (or paid resources) to whom.

Sentence rules: "a grant/donation from X" (funder after *from*), "Y is funded by X and Z"
(funders after *by*), "X has made a grant to Y" / "X donates $1M to Y" (funder before the verb,
recipient after it), in-kind commitments ("X has committed members of its team to work on Y"),
thanks ("Special thanks to X for supporting Y"), event sponsors. List rules: funding_lists.py.
Cue words: patterns/funding.yaml. Amounts: money.py.
"""

from __future__ import annotations

import re

from graph.extract.common import DocContext
from graph.extract.funding_base import (
    _EVENT,
    _GAP,
    _date,
    _fact,
    _kind,
    _mentions,
    _money_near,
    _person_like,
    _purpose,
    _region,
    _rx,
    _subject,
    _trusted_subject,
)
from graph.extract.funding_lists import _grant_list, _sponsor_item
from graph.extract.mentions import Mention
from graph.extract.money import find_money
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact


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
