"""Funding facts from sentences: who gives money (or paid resources) to whom.

Sentence rules: "a grant/donation from X" (funder after *from*), "Y is funded by X and Z"
(funders after *by*), "X has made a grant to Y" / "X donates $1M to Y" (funder before the verb,
recipient after it), in-kind commitments ("X has committed members of its team to work on Y"),
thanks ("Special thanks to X for supporting Y"), event sponsors. List rules: funding_lists.py.
Cue words: patterns/funding.yaml. Amounts: money.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.extract.common import DocContext, Gate, doc_context
from graph.extract.funding_base import (
    _EVENT,
    _GAP,
    _coordinated,
    _date,
    _fact,
    _kind,
    _mentions,
    _money_near,
    _purpose,
    _region,
    _relative_funder,
    _relative_head,
    _rx,
    _subject,
    _through,
    _trusted_subject,
)
from graph.extract.funding_lists import _donor_item, _grant_list, _sponsor_item
from graph.extract.funding_special import (
    _allocates,
    _event_sponsor,
    _grant_to,
    _grants_of,
    _receives,
    _thanks_rule,
    _untiered_sponsor,
)
from graph.extract.mentions import Mention
from graph.extract.money import find_money
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact


def extract_funding(doc: Document, sentences: list[Sentence]) -> list[Fact]:
    """Funding facts of one document."""
    ctx = doc_context(doc, sentences)
    gate = Gate(doc.text, _GATE_WORDS, _CODES, low=ctx.low)
    provide = (
        Gate(doc.text, ("provid",), low=ctx.low) if any(map(ctx.low.__contains__, _IN_KIND_HINTS)) else None
    )
    out: list[Fact] = []
    title_sponsors = "sponsor" in doc.title.lower()
    leads: dict[str, bool] = {}
    for s in [*meta_sentences(doc), *sentences]:
        kind, context = s.block.kind, s.block.context
        if kind == "record":
            continue  # directory entries: directory.py reads the structured record itself
        if (kind == "item" or kind == "heading") and s.first and context:
            listy = leads.get(context)
            if listy is None:
                lead = context.lower()
                listy = leads[context] = any(map(lead.__contains__, _LIST_WORDS))
            if listy:
                out += _grant_list(ctx, s)
                if kind == "item":
                    out += _sponsor_item(ctx, s)
                    out += _donor_item(ctx, s)
        elif kind == "item" and s.first and title_sponsors:
            out += _sponsor_item(ctx, s)
        if gate.passes(s) or (provide and provide.passes(s) and _in_kind_hint(s.text)):
            out += _sentence(ctx, s)
    return out


#: A sentence without any of these (lower-cased) cannot state funding: skip it cheaply.
_GATE_WORDS = (
    "fund",
    "grant",
    "donat",
    "sponsor",
    "support from",
    "support of",
    "supporting",
    "supported by",
    "underwrit",
    "invest",
    "financ",
    "backed",
    "backs",
    "award",
    "paying",
    "paid",
    "committed",
    "transferred",
    "thanks to",
    "thank you to",
    "made possible",
    "$",
    "€",
    "£",
    "lend",
    "lent",
    "handed",
    "pledg",
    "gift",
    "contribution",
    "putting",
    "contributes",
    "contributed",
)
_IN_KIND_HINTS = (
    "infrastructure",
    "hosting",
    "credits",
    "compute",
    "engineer",
    "staff",
    "researchers",
    "servers",
)
_CODES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD")


def _in_kind_hint(text: str) -> bool:
    """True when a sentence names a resource given in kind ("provides ... hosting")."""
    return any(map(text.lower().__contains__, _IN_KIND_HINTS))


#: Lead-ins / headings of grant, sponsor and donor lists.
_LIST_WORDS = (
    "grant",
    "fellow",
    "award",
    "recipient",
    "scholar",
    "approved",
    "funded",
    "sponsor",
    "donor",
    "backer",
    "benefactor",
    "given",
    "donated",
    "contributed",
    "pledged",
    "funder",
    "supporter",
)


_GIVE_HINTS = (
    "donat",
    "award",
    "grant",
    "gave",
    "give",
    "pledg",
    "contribut",
    "fund",
    "fuel",
    "invest",
    "made",
    "making",
    "pay",
    "sponsor",
    "lend",
    "lent",
    "hand",
    "put",
    "back",
    "support",
    "commit",
    "transferr",
    "provid",
)


def _sentence(ctx: DocContext, s: Sentence) -> list[Fact]:
    ms = _mentions(ctx, s)
    out: list[Fact] = []
    out += _from_rule(ctx, s, ms)
    out += _by_rule(ctx, s, ms)
    low = s.text.lower()
    if any(map(low.__contains__, _GIVE_HINTS)):
        out += _give_rule(ctx, s, ms)
    out += _thanks_rule(ctx, s, ms)
    out += _event_sponsor(ctx, s, ms)
    out += _receives(ctx, s, ms)
    out += _grant_to(ctx, s, ms)
    out += _untiered_sponsor(ctx, s, ms)
    low = s.text.lower()
    if "grant" in low:
        out += _grants_of(ctx, s, ms)
    if any(w in low for w in ("ringfence", "ring-fence", "set aside", "earmark", "allocat")):
        out += _allocates(ctx, s, ms)
    return out


# --- rules ----------------------------------------------------------------------------------


_NOT_YET = re.compile(
    r"\b(?:pursu\w*|seek\w*|appl(?:y|ied|ying)(?: for)?|request\w*|hop\w*|look\w* for)\b[^.;]*$", re.I
)


def _from_rule(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'a $100K USD donation from LambdaClass', 'with generous support from X and Y'."""
    out: list[Fact] = []
    for cue in _rx().from_cue.finditer(s.text):
        c0, c1 = s.start + cue.start(), s.start + cue.end()
        if ctx.quoted(s, c0):
            continue
        if _NOT_YET.search(s.text[max(0, cue.start() - 40) : cue.start()]):
            continue  # "pursuing funding from X", "applied for grants from X": not (yet) given
        opener = cue.start() <= 12 and re.match(
            r"(?:with|thanks to)\b", s.text[: cue.start() + 1].strip(), re.I
        )
        funders = _region(ms, s, c1)
        first = next((m for m in ms if m.start >= c1 and m.source != "reference"), None)
        if not funders or first is None or first.start - c1 > 2:
            continue
        if opener:  # "With funding from AWS, Mike attended FOSDEM": the clause after the comma gets it
            comma = s.text.find(",", c1 - s.start)
            funders = [f for f in funders if comma < 0 or f.start < s.start + comma]
        if (
            re.match(r"(?:support|backing)\b", cue.group(), re.I)
            and not re.search(r"\b(?:generous|financial|monetary|funding)\s+$", s.text[: cue.start()], re.I)
            and not re.search(r"underwrit|\bfund", s.text, re.I)
        ):
            continue  # plain "support" is not money
        to = re.search(r"\bto\s+(?:the\s+)?", s.text[cue.end() :])
        recipient = None
        if to:
            after = [m for m in ms if m.start == c1 + to.end()]
            recipient = after[0] if after else None
        if recipient is None and opener:
            comma = s.text.find(",", c1 - s.start)
            after = [m for m in ms if comma >= 0 and m.start > s.start + comma and m not in funders]
            recipient = after[0] if after and after[0].start - (s.start + comma) <= 3 else None
            if recipient is None:
                continue
        if recipient is None:
            subj = _subject(ms, s, c0)
            recipient = subj if subj and subj not in funders and _trusted_subject(subj, s) else None
        phrase = s.text[max(0, cue.start() - 30) : cue.end()]
        kind = _kind(phrase)
        event = bool(re.search(r"donation|grant|gift|contribution|award", cue.group(), re.I))
        money = _money_near(s, c0, c0)
        for f in funders:
            out += _fact(
                ctx,
                s,
                f.name,
                recipient.name if recipient else None,
                kind=kind,
                money=money,
                purpose=_purpose(s.text[cue.end() :]),
                when=_date(ctx, s, event),
                rule="funding.gift_from",
                conf=0.7 if event else 0.6,
            )
    return out


def _by_rule(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Alpha-Omega is funded by Google and Microsoft', 'made possible by the support of X'."""
    out: list[Fact] = []
    for cue in _rx().by_cue.finditer(s.text):
        c0, c1 = s.start + cue.start(), s.start + cue.end()
        if ctx.quoted(s, c0):
            continue
        funders = _region(ms, s, c1)
        if not funders:
            # "made possible by the generous support of corporate partners, with AWS, Google, and Huawei"
            with_ = re.match(r"[^.;]{0,60}?,\s*with\s+", s.text[cue.end() :])
            funders = _region(ms, s, c1 + with_.end()) if with_ else []
        if not funders:
            continue
        subj = _relative_head(ms, s, c0) or _subject(ms, s, c0)
        recipient = subj if subj and subj not in funders and _trusted_subject(subj, s) else None
        kind = "sponsorship" if "sponsor" in cue.group().lower() else None
        for f in funders:
            out += _fact(
                ctx,
                s,
                f.name,
                recipient.name if recipient else None,
                kind=kind,
                money=_money_near(s, c0, c0),
                purpose=None,
                when=_date(ctx, s, False),
                rule="funding.funded_by",
                conf=0.65,
            )
    return out


def _give_rule(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'X has made a grant to Y', 'X donates $1M to Y', 'X has committed its engineers to work on Y'."""
    out: list[Fact] = []
    verbs = list(_rx().give.finditer(s.text)) + list(
        re.finditer(
            r"\b(?:has |have )?(?:committed|transferred|provid(?:ed|es|ing)|contribut(?:ed|es))\b", s.text
        )
    )
    for verb in verbs:
        v0, v1 = s.start + verb.start(), s.start + verb.end()
        if any(m.start <= v0 < m.end for m in ms) or verb.start() == 0:
            continue  # "Community Grants Program", "Donating via ..." — a name or an opener, not a verb
        if verb.group().lower() == "fund" and not re.search(
            r"\b(?:which|who|that|will|also|they|we|to)\s+$", s.text[: verb.start()]
        ):
            continue  # "the OSSF fund" is a noun
        if verb.group()[0].isupper() and not find_money(s.text):
            continue  # a capitalised "Grants" in a heading is a name; "Google Donates $1M" is a headline
        if ctx.quoted(s, v0) or re.search(r"\b(?:be|been|is|are|was|were)\s+$", s.text[: verb.start()]):
            continue  # passive: handled by _by_rule
        funder = [
            m
            for m in ms
            if m.end <= v0 and v0 - m.end <= 90 and _GAP.fullmatch(s.text[m.end - s.start : verb.start()])
        ]
        relative = [] if funder else _relative_funder(ms, s, verb.start())
        if not funder and not relative:
            continue
        funder = relative or [_through(ms, s, funder[0])]
        tail = s.text[verb.end() :]
        if verb.group().lower().startswith("sponsor") and not _EVENT.search(tail[:80]):
            continue  # tiered sponsorship is membership (FACTS.md); event sponsorship is funding
        into = r"to|for|into|in" if "invest" in verb.group().lower() else r"to|for|into"
        to = re.search(rf"\b(?:{into})\s+(?:the\s+|both\s+)?(?=\S)", tail[:160])
        direct = [m for m in ms if v1 < m.start <= v1 + 6]
        target: list[Mention | None] = [m for m in ms if to and m.start == v1 + to.end()] or list(direct)
        if target and target[0] in funder:
            continue
        if not target and re.search(r"fund", verb.group(), re.I):
            work = _WORK_ON.search(tail[:100])  # "funds maintenance and development work on RubyGems.org"
            target = [m for m in ms if work and m.start == v1 + work.end()]
        if not target and to and _OWN_GROUP.match(tail[to.end() :]):
            target = [None]  # "to the initiative", "over to the new foundation": the publisher
        if not target and find_money(tail[:40]) and re.search(r"donat|gift|pledg", verb.group(), re.I):
            target = [None]  # "has donated $1M to pay for ...": the publisher receives it
        if not target:
            continue
        recipients = _coordinated(ms, s, target[0]) if target[0] else [None]
        word = verb.group().lower().strip().split()[-1]
        if (
            word.startswith("contribut")
            and not find_money(tail[:80])
            and not _STAFF_OR_CREDITS.search(tail[:80])
        ):
            continue  # "contributed to PyPI" is work, not money
        in_kind = word in _IN_KIND_VERBS or (
            not re.search(r"pay|fund|donat|grant", word) and bool(_rx().in_kind.search(tail[:120]))
        )
        kind = "in-kind" if in_kind and not find_money(tail[:80]) else _kind(verb.group() + " " + tail[:60])
        if (
            kind is None
            and not find_money(tail[:80])
            and not re.search(r"fund|pay|back|support", verb.group(), re.I)
        ):
            continue
        if in_kind and not _rx().in_kind.search(tail[:160]):
            continue
        purpose = _purpose(tail[to.end() if to else 0 :]) if to else None
        for giver in funder:
            for recipient in recipients:
                out += _fact(
                    ctx,
                    s,
                    giver.name,
                    recipient.name if recipient else None,
                    kind=kind,
                    money=_money_near(s, v0, v1 + 60),
                    purpose=purpose,
                    when=_date(ctx, s, True),
                    rule="funding.gives",
                    conf=0.8,
                )
    return out


_STAFF_OR_CREDITS = re.compile(
    r"\b(?:engineering|staff|developer) time\b|\bcredits\b|\bhosting\b|\bservers\b|\bcompute\b"
)
_IN_KIND_VERBS = frozenset(
    {"committed", "transferred", "provided", "provides", "providing", "lending", "lends", "lent", "handed"}
)
_WORK_ON = re.compile(r"^[^.;,]{0,60}?\b(?:work|development|maintenance|development work)\s+on\s+(?:the\s+)?")
_OWN_GROUP = re.compile(
    r"(?:the\s+|our\s+)?(?:new\s+)?(?:foundation|initiative|organi[sz]ation|project|effort|work)\b", re.I
)
