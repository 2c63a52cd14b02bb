"""What the funding rules share: cue patterns, mentions, kinds, purposes, dates, fact building.

Funding facts from sentences and grant lists: who gives money (or paid resources) to whom.

Sentence rules: "a grant/donation from X" (funder after *from*), "Y is funded by X and Z"
(funders after *by*), "X has made a grant to Y" / "X donates $1M to Y" (funder before the verb,
recipient after it), in-kind commitments ("X has committed members of its team to work on Y"),
thanks ("Special thanks to X for supporting Y"). List rules: items and headings under a grant /
fellowship heading ("Fellowship Awards", "Grants approved") give publisher -> item funding.
Cue words: patterns/funding.yaml. Amounts: money.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from graph.extract.common import DocContext, LazyMentions, make_fact, org_like, words_regex
from graph.extract.dates import find_dates
from graph.extract.mentions import Mention
from graph.extract.money import Money, find_money
from graph.extract.patterns import load_patterns
from graph.extract.text import Sentence
from graph.model import Fact

_SCHEMA = {
    "gift_nouns": list,
    "passive_verbs": list,
    "give_verbs": list,
    "in_kind_cues": list,
    "thanks_cues": list,
    "grant_list_cues": list,
    "grant_list_stops": list,
    "plan_cues": list,
}


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
    plan: re.Pattern[str]


@cache
def _rx() -> _Rx:
    p = load_patterns("funding", _SCHEMA)
    gift = words_regex(p["gift_nouns"])
    return _Rx(
        from_cue=re.compile(
            rf"{gift}\s+(?:of\s+[^()]{{1,25}}?(?:\s*\([^)]*\))?\s+)?(?:\w+\s+)?(?:from|by)\s+(?:the\s+)?",
            re.I,
        ),
        by_cue=re.compile(
            words_regex(p["passive_verbs"]) + r"\s+(?:(?:in part\s+)?(?:with\s+)?(?:[\w-]+\s+){0,3}?)?"
            r"by\s+(?:the\s+)?",
            re.I,
        ),
        give=re.compile(
            words_regex(p["give_verbs"]) + r"|\b(?:has\s+|have\s+|is\s+|are\s+)?(?:made|makes|making)\s+"
            r"(?:a|an|two|three|\w+)\s+(?:new\s+)?(?:\w+\s+)?(?:grant|donation|gift|contribution|investment)s?\b",
            re.I,
        ),
        in_kind=re.compile(words_regex(p["in_kind_cues"]), re.I),
        thanks=re.compile(words_regex(p["thanks_cues"]), re.I),
        list_cue=re.compile(words_regex(p["grant_list_cues"]), re.I),
        list_stop=re.compile(r"\b(?:" + "|".join(map(re.escape, p["grant_list_stops"])) + r")", re.I),
        gate=re.compile(
            r"fund|grant|donat|sponsor|support|underwrit|invest|financ|backed|award|paying|"
            r"committed|transferred|thanks|possible|[$€£]|USD|EUR",
            re.I,
        ),
        plan=re.compile(
            rf"(?:{words_regex(p['plan_cues'])}|\bfocus\b[^.;]{{0,60}}?\bwill be(?:\s+to)?)"
            r"\s+(?P<p>[^.;]{3,200})",
            re.I,
        ),
    )


# --- helpers --------------------------------------------------------------------------------


def _mentions(ctx: DocContext, s: Sentence) -> LazyMentions:
    """The sentence's mentions, found on first use (possessors are dropped where lists are read,
    see `_region`)."""
    return ctx.lazy_mentions(s)


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
    if re.search(
        r"\bin[- ]kind\b|\bstaff time|\bcredits\b|\bhosting\b|\binfrastructure\b|\bresearchers\b|"
        r"\bengineers\b|\bassets\b",
        low,
    ):
        return "in-kind"
    if re.search(r"\binvest(?:ed|s|ing)?\b", low) and not re.search(r"\binvestments?\b", low):
        return "investment"
    return None


_PURPOSE = re.compile(
    r"\b(?:to support|to fund|to help(?: fund)?|to work on|to pay for|to hire|for|towards|dedicated to|"
    r"to (?=\w+ (?:a|an|the)\b))\s+(?P<p>(?:(?:a|an|the|its|their)\s+)?[^.,;:()“”\"]{3,90})",
    re.I,
)


def _purpose(text: str) -> str | None:
    m = _PURPOSE.search(text)
    if not m:
        return None
    # A bare "and"/"with"/"as"/"while" after three words opens a second clause here; the clauses
    # every purpose ends before ("which", "through" ...) are `trim_purpose`'s.
    words = m.group("p").split()
    cut = next((i for i, w in enumerate(words) if i >= 3 and w.lower() in _SECOND_CLAUSE), len(words))
    return trim_purpose(" ".join(words[:cut]), 10)


_SECOND_CLAUSE = frozenset({"and", "with", "as", "while"})


#: Where a purpose phrase ends: a clause or aside that says how or why, not what is paid for
#: ("Maintaining Clippy, which helps ...", "Supporting Clippy through reviewing ...",
#: "Improving the Gitoxide project, a Rust implementation of Git").
_PURPOSE_END = re.compile(
    r"\s*(?:[.;:]\s|[.;:]$|\s[–—]\s|,\s+(?:which|who|whose|a|an|the|and|or|as well as|specifically|"
    r"particularly|especially|including|such as|helping|with|to)\b|\s+(?:which|who|through|including|"
    r"specifically|particularly|in order to|with a view to|so that|so as to|that (?:will|can|could|"
    r"would|enables?|allows?|helps?|makes?)|and then)\b)",
    re.I,
)
_ASIDE = re.compile(r"\s*\([^)]*\)")


def trim_purpose(text: str, limit: int = 12) -> str | None:
    """A purpose phrase cut to what is paid for: no parenthetical asides, no trailing clause,
    at most `limit` words."""
    text = _ASIDE.sub("", text)
    end = _PURPOSE_END.search(text)
    phrase = " ".join(text[: end.start() if end else len(text)].split()[:limit]).strip(" ,")
    if not _PLAIN_WORD.search(phrase) or "//" in phrase:
        return None  # an amount ("NGN300,000.00") or a link, not a purpose
    return phrase


_PLAIN_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")  # a word, not a code or an amount


def _date(ctx: DocContext, s: Sentence, event: bool) -> str | None:
    """A full date stated in the sentence; else the document's date for an announced gift."""
    for ref in find_dates(s.text, ctx.doc.date):
        if ref.how in ("iso", "mdy", "dmy") and ref.value:
            return ref.value.isoformat()
    if event and ctx.doc.date:
        return ctx.doc.date.isoformat()
    return None


def _fact(
    ctx: DocContext,
    s: Sentence,
    funder: str | None,
    recipient: str | None,
    *,
    kind: str | None,
    money: Money | None,
    purpose: str | None,
    when: str | None,
    rule: str,
    conf: float,
) -> list[Fact]:
    recipient = recipient or ctx.publisher
    if not funder or not recipient or funder == recipient:
        return []
    fields = {
        "funder": funder,
        "recipient": recipient,
        "amount": money.value if money else None,
        "currency": money.currency if money else None,
        "kind": kind,
        "purpose": purpose,
        "date": when,
    }
    return [make_fact("funding", ctx, s, fields, rule, conf + (0.05 if money else 0) + (0.03 if kind else 0))]


def _region(ms: Sequence[Mention], s: Sentence, start: int) -> list[Mention]:
    """The names of the list that starts at document offset `start` (up to a clause break)."""
    rest = s.text[start - s.start :]
    stop = re.search(
        r"(?:,\s*(?:which|who|a |an |the |with|to |for |as )|;|\s[–—]\s|\s(?:with|to|for|in|as|"
        r"which|who|that|through|amongst|among|among)\s)",
        rest,
    )
    end = start + (stop.start() if stop else len(rest))
    found = [m for m in ms if start <= m.start < end and m.source != "reference"]
    found = [
        m for i, m in enumerate(found) if not _possessor(m, found[i + 1] if i + 1 < len(found) else None, s)
    ]
    return [m for m in found if not _person_like(m)]


def _possessor(m: Mention, nxt: Mention | None, s: Sentence) -> bool:
    """True for 'OpenSSF' in "OpenSSF’s Alpha-Omega" (the possessor, not the actor)."""
    tail = s.text[m.end - s.start : m.end - s.start + 3]
    return bool(nxt and re.match(r"['’]s?\s", tail) and nxt.start - m.end <= 4)


def _trusted_subject(m: Mention, s: Sentence) -> bool:
    """A subject naming an organisation: known, organisation-like, a reference, or not sentence-initial."""
    if _person_like(m):
        return False
    if m.known or org_like(m) or m.source == "reference" or m.start > s.start:
        return True
    # Sentence-initial plain words ("Financial support from ...") are not names; "Rust-Edu" is.
    return len(m.text.split()) > 1 or bool(re.search(r"[A-Z0-9-]", m.text[1:]))


def _subject(ms: Sequence[Mention], s: Sentence, before: int) -> Mention | None:
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


_GAP = re.compile(
    r"(?:['’]s)?\s*(?:\([^)]*\)\s*)?(?:,[^,;]{0,80},\s*)?"
    r"(?:(?:has|have|had|also|will|would|just|recently|generously|today|now|officially|kindly|"
    r"once again|again|is|are)\s+)*"
)
_EVENT = re.compile(
    r"\b(?:Conf|Con|Conference|Summit|Meetup|Days|Hackathon|Festival|Sprint|Workshop|"
    r"Camp|Fest)\b|\b(?:19|20)\d\d\b"
)


def _coordinated(ms: Sequence[Mention], s: Sentence, first: Mention) -> list[Mention]:
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


def _coordinated_back(ms: Sequence[Mention], s: Sentence, last: Mention) -> list[Mention]:
    out = [last]
    for m in reversed([x for x in ms if x.end <= last.start]):
        gap = s.text[m.end - s.start : out[0].start - s.start]
        if re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*(?:the\s+)?", gap):
            out.insert(0, m)
        else:
            break
    return out


def _relative_head(ms: Sequence[Mention], s: Sentence, pos: int) -> Mention | None:
    """'the Sovereign Tech Fund, which is financed by ...' -> the Sovereign Tech Fund."""
    head = s.text[: pos - s.start]
    m = re.search(r",\s*(?:which|who|that)\s+(?:is|are|was|were|has been|have been)?\s*(?:itself\s+)?$", head)
    if not m:
        return None
    before = [x for x in ms if x.end <= s.start + m.start() and s.start + m.start() - x.end <= 6]
    return before[-1] if before else None


def _relative_funder(ms: Sequence[Mention], s: Sentence, verb_start: int) -> list[Mention]:
    """'We also thank Bun and TigerBeetle, which fund ...' -> Bun, TigerBeetle."""
    head = s.text[:verb_start]
    m = re.search(r",\s*(?:which|who)\s+(?:also\s+|now\s+|both\s+)?$", head)
    if not m:
        return []
    before = [x for x in ms if x.end <= s.start + m.start() and x.source != "reference"]
    if not before:
        return []
    return _coordinated_back(ms, s, before[-1])


def _through(ms: Sequence[Mention], s: Sentence, funder: Mention) -> Mention:
    """'OpenSSF ... has backed our work through its Alpha-Omega project' -> Alpha-Omega acts."""
    m = re.search(r"\bthrough\s+(?:its|their|the)\s+", s.text[funder.end - s.start :])
    if not m:
        return funder
    at = funder.end + m.end()
    hit = [x for x in ms if x.start == at]
    return hit[0] if hit else funder
