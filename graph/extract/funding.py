"""Funding facts from sentences: who gives money (or paid resources) to whom.

Sentence rules: "a grant/donation from X" (funder after *from*), "Y is funded by X and Z"
(funders after *by*), "X has made a grant to Y" / "X donates $1M to Y" (funder before the verb,
recipient after it), in-kind commitments ("X has committed members of its team to work on Y"),
thanks ("Special thanks to X for supporting Y"), event sponsors. List rules: funding_lists.py.
Cue words: patterns/funding.yaml. Amounts: money.py.
"""

from __future__ import annotations

import re

from graph.extract.common import DocContext, Gate
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
from graph.extract.funding_lists import _donor_item, _grant_list, _sponsor_item
from graph.extract.mentions import Mention
from graph.extract.money import find_money
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact


def extract_funding(doc: Document, sentences: list[Sentence]) -> list[Fact]:
    """Funding facts of one document."""
    ctx = DocContext(doc, sentences)
    gate = Gate(doc.text, _GATE_WORDS, _CODES)
    provide = Gate(doc.text, ("provid",)) if any(h in doc.text.lower() for h in _IN_KIND_HINTS) else None
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
                listy = leads[context] = any(w in lead for w in _LIST_WORDS)
            if listy:
                out += _grant_list(ctx, s)
                if kind == "item":
                    out += _sponsor_item(ctx, s)
                    out += _donor_item(ctx, s)
        elif kind == "item" and s.first and title_sponsors:
            out += _sponsor_item(ctx, s)
        if gate.passes(s) or (provide and provide.passes(s) and _gated(s.text)):
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


def _gated(text: str) -> bool:
    """True when a sentence may state funding (cheap substring tests before any regex)."""
    low = text.lower()
    if any(w in low for w in _GATE_WORDS) or any(c in text for c in _CODES):
        return True
    return "provid" in low and any(w in low for w in _IN_KIND_HINTS)


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
    if any(w in low for w in _GIVE_HINTS):
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


_NOT_YET = re.compile(r"\b(?:pursu\w*|seek\w*|appl(?:y|ied|ying)(?: for)?|request\w*|hop\w*|look\w* for)\b[^.;]*$", re.I)


def _from_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'a $100K USD donation from LambdaClass', 'with generous support from X and Y'."""
    out: list[Fact] = []
    for cue in _rx().from_cue.finditer(s.text):
        c0, c1 = s.start + cue.start(), s.start + cue.end()
        if ctx.quoted(s, c0):
            continue
        if _NOT_YET.search(s.text[max(0, cue.start() - 40) : cue.start()]):
            continue  # "pursuing funding from X", "applied for grants from X": not (yet) given
        opener = cue.start() <= 12 and re.match(r"(?:with|thanks to)\b", s.text[: cue.start() + 1].strip(), re.I)
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


def _give_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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
        to = re.search(r"\b(?:to|for|into)\s+(?:the\s+|both\s+)?(?=\S)", tail[:160])
        direct = [m for m in ms if v1 < m.start <= v1 + 6]
        target = [m for m in ms if to and m.start == v1 + to.end()] or direct
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
        if word.startswith("contribut") and not find_money(tail[:80]):
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


_IN_KIND_VERBS = frozenset(
    {"committed", "transferred", "provided", "provides", "providing", "lending", "lends", "lent", "handed"}
)
_WORK_ON = re.compile(r"^[^.;,]{0,60}?\b(?:work|development|maintenance|development work)\s+on\s+(?:the\s+)?")
_OWN_GROUP = re.compile(
    r"(?:the\s+|our\s+)?(?:new\s+)?(?:foundation|initiative|organi[sz]ation|project|effort|work)\b", re.I
)


def _relative_head(ms: list[Mention], s: Sentence, pos: int) -> Mention | None:
    """'the Sovereign Tech Fund, which is financed by ...' -> the Sovereign Tech Fund."""
    head = s.text[: pos - s.start]
    m = re.search(r",\s*(?:which|who|that)\s+(?:is|are|was|were|has been|have been)?\s*(?:itself\s+)?$", head)
    if not m:
        return None
    before = [x for x in ms if x.end <= s.start + m.start() and s.start + m.start() - x.end <= 6]
    return before[-1] if before else None


def _relative_funder(ms: list[Mention], s: Sentence, verb_start: int) -> list[Mention]:
    """'We also thank Bun and TigerBeetle, which fund ...' -> Bun, TigerBeetle."""
    head = s.text[:verb_start]
    m = re.search(r",\s*(?:which|who)\s+(?:also\s+|now\s+|both\s+)?$", head)
    if not m:
        return []
    before = [x for x in ms if x.end <= s.start + m.start() and x.source != "reference"]
    if not before:
        return []
    return _coordinated_back(ms, s, before[-1])


def _coordinated(ms: list[Mention], s: Sentence, first: Mention) -> list[Mention]:
    """`first` and the names coordinated after it ("ZSF and the ZigTools community project")."""
    out = [first]
    for m in ms:
        if m.start <= out[-1].start:
            continue
        gap = s.text[out[-1].end - s.start : m.start - s.start]
        if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*(?:the\s+)?", gap):
            out.append(m)
        else:
            break
    return out


def _coordinated_back(ms: list[Mention], s: Sentence, last: Mention) -> list[Mention]:
    out = [last]
    for m in reversed([x for x in ms if x.end <= last.start]):
        gap = s.text[m.end - s.start : out[0].start - s.start]
        if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*(?:the\s+)?", gap):
            out.insert(0, m)
        else:
            break
    return out


def _through(ms: list[Mention], s: Sentence, funder: Mention) -> Mention:
    """'OpenSSF ... has backed our work through its Alpha-Omega project' -> Alpha-Omega acts."""
    m = re.search(r"\bthrough\s+(?:its|their|the)\s+", s.text[funder.end - s.start :])
    if not m:
        return funder
    at = funder.end + m.end()
    hit = [x for x in ms if x.start == at]
    return hit[0] if hit else funder


def _thanks_rule(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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


_SPONSOR_ROLE = re.compile(
    r"\b(?:is|was|are|were|(?:received\s+)?as)\s+(?:the|a|an|one of the)\s+(?:only\s+|main\s+|lead\s+)?"
    r"(?P<what>[\w-]+\s+)?(?:conference\s+)?sponsors?\b(?:\s+of\s+(?:the\s+)?)?",
    re.I,
)


def _event_sponsor(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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


def _receives(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'The Python Software Foundation receives USD 400,000 for ...', 'We expect to receive €205,000 from STF'."""
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


def _grant_to(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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


def _untiered_sponsor(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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


def _grants_of(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'The board approved grants of $6,000 to DjangoCon Africa, $6,000 to DjangoCon US and $10,000 to Django Girls.'"""
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


def _allocates(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
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
