"""Membership facts from sentences: joins, tier statements, renewals, departures, seats.

The rules anchor on a *tier phrase* ("Platinum Member", "Gold sponsor", "at the Silver level")
or on a membership verb, then find the member(s) around it (the verb's subject, an apposition,
a coordinated list) and the organisation (a named foundation nearby, else the publisher).
List and group rules live in membership_lists.py; cue words in patterns/membership.yaml and
patterns/tiers.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from graph.extract.common import DocContext, Gate, doc_context, org_like
from graph.extract.membership_base import _HIRE, _fact, _is_event, _org_in, _rx
from graph.extract.membership_changes import _changes, _seats, _subject_list
from graph.extract.membership_lists import (
    _consortium,
    _founded_by,
    _founding,
    _list_item,
    _member_list,
    _title_join,
)
from graph.extract.mentions import Mention
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact


def extract_membership(doc: Document, sentences: list[Sentence]) -> list[Fact]:
    """Membership facts of one document."""
    ctx = doc_context(doc, sentences)
    gate = Gate(doc.text, _GATE_WORDS, low=ctx.low)
    facts: list[Fact] = []
    for sentence in [*meta_sentences(doc), *sentences]:
        kind = sentence.block.kind
        if kind == "record":
            continue  # directory entries: directory.py reads the structured record itself
        if kind == "item" and sentence.first and sentence.block.context:
            facts.extend(_list_item(ctx, sentence))
        if kind == "title" and sentence.start >= 0:
            facts.extend(_title_join(ctx, sentence))
        if gate.passes(sentence):
            facts.extend(_sentence(ctx, sentence))
    return facts


#: A sentence without any of these (lower-cased) cannot state a membership: skip it cheaply.
_GATE_WORDS = (
    "member",
    "sponsor",
    "join",
    "level",
    "renew",
    "upgrad",
    "downgrad",
    "left",
    "leav",
    "announc",
    "launch",
    "formed",
    "formation",
    "forming",
    "representative",
    "stepp",
    "moving up",
    "moved up",
    "took up",
    "take up",
    "tier",
    "founded",
    "established",
)


def _sentence(ctx: DocContext, s: Sentence) -> list[Fact]:
    _rx()
    text = s.text
    low = text.lower()
    ms = ctx.lazy_mentions(s, people=False)
    out: list[Fact] = []
    member = "member" in low or "sponsor" in low or "partner" in low
    if "founding" in low:
        out += _founding(ctx, s, ms)
    tiered = (member or "level" in low or "tier" in low) and any(map(low.__contains__, _tier_words()))
    if (member or "level" in low) and (":" in text or any(map(low.__contains__, _LIST_VERBS))):
        out += _member_list(ctx, s, ms)
    if member and tiered:
        out += _tier_phrases(ctx, s, ms)
    if member and any(w in low for w in ("newest", "latest", "first", "founding")):
        out += _newest_untiered(ctx, s, ms)
    if "found" in low or "establish" in low or "form" in low or "creat" in low or "launch" in low:
        out += _founded_by(ctx, s, ms)
    if "announc" in low or "launch" in low or "form" in low or "unveil" in low or "creat" in low:
        out += _consortium(ctx, s, ms)
    if tiered and ("level" in low or "tier" in low or " as " in low):
        out += _levels(ctx, s, ms)
    if "join" in low:
        out += _join_plain(ctx, s, ms)
    if any(map(low.__contains__, _CHANGE_WORDS)):
        out += _changes(ctx, s, ms)
    if "member director" in low or "representative" in low or "seat" in low:
        out += _seats(ctx, s, ms)
    return out


_LIST_VERBS = (" are ", " include", " reads", " comprise", " consist", " were ")


@cache
def _tier_words() -> tuple[str, ...]:
    """Lower-cased tier names, for a cheap test before the tier regexes run."""
    from graph.extract.patterns import load_patterns

    return tuple(
        w.lower()
        for w in load_patterns("tiers", {"tiers": list, "normalise": dict, "member_nouns": list})["tiers"]
    )


_CHANGE_WORDS = (
    "renew",
    "upgrad",
    "downgrad",
    "up",
    "left",
    "leav",
    "withdr",
    "exit",
    "no longer",
    "ended",
    "stay",
    "extended",
    "elevat",
)


# --- helpers --------------------------------------------------------------------------------

# --- rules ----------------------------------------------------------------------------------


def _tier_phrases(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'X, a Rust Foundation Platinum Member', 'our newest Silver member X',
    'X joined ... as a Gold sponsor'."""
    out: list[Fact] = []
    for match in _rx().tier_phrase.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        tier = match.group("tier")
        if (
            tier[0].islower()
            and tier.lower() in _AMBIGUOUS_TIERS
            and not re.search(r"\b(?:a|an)\s+$", s.text[: match.start()])
        ):
            continue  # "community members", "individual sponsors": plain words, not a named tier
        org = _org_near_tier(ctx, s, ms, t0, t1)
        members = _members_for(ctx, s, ms, t0, t1, org)
        leaving = _LEAVING.search(s.text)
        for member, event, rule, conf in members:
            if leaving and event == "state":
                event, rule = "leave", "membership.non_renewal"
            out += _fact(ctx, s, member.name, org.name if org else None, tier, event, rule, conf)
        if members:
            for other in _alongside(s, ms, t1):
                out += _fact(
                    ctx,
                    s,
                    other.name,
                    org.name if org else None,
                    tier,
                    "state",
                    "membership.alongside_list",
                    0.8,
                )
    return out


_AMBIGUOUS_TIERS = frozenset(
    {
        "community",
        "general",
        "individual",
        "associate",
        "supporting",
        "contributing",
        "enterprise",
        "corporate",
        "academic",
        "strategic",
        "participant",
        "solutions",
        "principal",
        "startup",
        "affiliate",
        "sustaining",
        "influencer",
        "nonprofit",
    }
)
_LEAVING = re.compile(
    r"\bnon-renewal|\b(?:did|will|would) not renew|\bnot renewing|\bno longer (?:a )?members?|"
    r"\b(?:left|leaving|departed|exited|withdrew from) the\b",
    re.I,
)
_ALONGSIDE = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[^,]{2,60}?)?\s*,?\s+(?:alongside|along with|together with|joining)\s+"
)


def _alongside(s: Sentence, ms: Sequence[Mention], t1: int) -> list[Mention]:
    """'X becomes a Strategic member alongside A, B and C' -> A, B, C (existing members)."""
    m = _ALONGSIDE.match(s.text[t1 - s.start :])
    if not m:
        return []
    start = t1 + m.end()
    stop = re.search(r"[.;]|\s(?:to|for|in|as|which|who)\s", s.text[start - s.start :])
    end = start + (stop.start() if stop else len(s.text))
    return [x for x in ms if start <= x.start < end and x.source != "reference" and x.kind != "person"]


def _org_near_tier(ctx: DocContext, s: Sentence, ms: Sequence[Mention], t0: int, t1: int) -> Mention | None:
    """The organisation of a tier phrase: 'Rust Foundation Platinum', 'Gold sponsor of X', 'joined X as'."""
    rel = s.text[t1 - s.start :]
    of = re.match(r"\s+(?:of|to|for|with|at|in)\s+(?:the\s+)?", rel)
    if of:
        after = _org_in(ms, t1, t1 + of.end() + 80)
        if after and after.start <= t1 + of.end() + 1:
            return after
    before = [
        m
        for m in ms
        if m.end <= t0
        and t0 - m.end <= 22
        and org_like(m)
        and re.fullmatch(
            r"(?:['’]s)?\s*(?:(?:newest|latest|new|first|founding)\s+)?",
            s.text[m.end - s.start : t0 - s.start],
            re.I,
        )
    ]
    if before:
        return before[-1]
    jm = [j for j in _rx().join.finditer(s.text) if s.start + j.end() <= t0]
    if jm:
        return _org_in(ms, s.start + jm[-1].end(), t0)
    return None


def _members_for(
    ctx: DocContext, s: Sentence, ms: Sequence[Mention], t0: int, t1: int, org: Mention | None
) -> list[tuple[Mention, str, str, float]]:
    """Who the tier phrase at [t0, t1) is about, with the event and rule name."""
    rx = _rx()
    text, base = s.text, s.start
    skip = {org.start} if org else set()
    cands = [
        m
        for m in ms
        if m.start not in skip
        and m.source != "reference"
        or (m.source == "reference" and m.name != (org.name if org else ctx.publisher))
    ]
    cands = [m for m in cands if not (org and m.name == org.name)]
    newest = _is_event(ctx, s, t0)
    # 1. "X joins A, B and C as Platinum members" / "the latest company to join A, B and C as ...".
    joins = [j for j in rx.join.finditer(text) if base + j.end() <= t0]
    if joins:
        j = joins[-1]
        between = [m for m in cands if base + j.end() <= m.start and m.end <= t0]
        subject = [m for m in cands if m.end <= base + j.start()]
        listed = [m for m in between if not org_like(m)]
        out: list[tuple[Mention, str, str, float]] = []
        if len(listed) >= 2:
            out += [(m, "state", "membership.joins_list_at_tier", 0.85) for m in listed]
        if subject:
            out += [(m, "join", "membership.join_as_tier", 0.9) for m in _subject_list(s, subject)]
        if out:
            return out
    # 2. "our newest Platinum member JFrog", "Rust Foundation Platinum Member, Google ..."
    after = [
        m
        for m in cands
        if t1 <= m.start
        and re.fullmatch(r"\s*(?:organi[sz]ation|company)?\s*,?\s*", text[t1 - base : m.start - base])
    ]
    # 3. "X, a Rust Foundation Platinum Member" / "X (a ... Silver Member Organization)" /
    #    "X is the newest ..."
    before = [
        m
        for m in cands
        if m.end <= t0
        and re.fullmatch(
            r"\.?(?:['’]s)?(?:,[^,;()]{1,60},)?\s*(?:,|\(|—|–|-|:)?\s*"
            r"(?:(?:a|an|the|our|one of (?:the|our)|is|are|as|has become|have become|"
            r"became|is now|are now|was|were)\s+)*"
            r"(?:(?:newest|latest|new|first|founding|existing|current)\s+)*"
            r"(?:[A-Z][\w'’.-]*\s+){0,4}",
            text[m.end - base : t0 - base],
        )
    ]
    if before and (not after or t0 - before[-1].end <= after[0].start - t1 + 40):
        event = "join" if newest else "state"
        rule = f"membership.{'newest' if newest else 'appositive'}_tier"
        # "A and B are the newest Silver members": every coordinated subject
        group = _subject_list(s, [m for m in cands if m.end <= before[-1].end])
        span_text = s.text[group[0].end - s.start : group[-1].start - s.start]
        if len(group) > 1 and not re.search(r"\band\b|&", span_text):
            group = group[-1:]  # "Stu Harris, co-founder and Chief Scientist, Red Badger (a ... Member)"
        return [(m, event, rule, 0.85 if newest else 0.8) for m in group]
    if after:
        event = "join" if newest else "state"
        return [(after[0], event, f"membership.{'newest' if newest else 'appositive'}_tier_after", 0.8)]
    return []


_NEWEST_NOUN = re.compile(
    r"\b(?:newest|latest|first|founding)\s+(?:corporate\s+)?(?:member|sponsor)s?\b", re.I
)


def _newest_untiered(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'IOHK is one of the first sponsors of the Haskell Foundation' (no tier named)."""
    out: list[Fact] = []
    if _HIRE.search(s.text):
        return out
    for match in _NEWEST_NOUN.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        if _rx().tier_phrase.search(s.text[max(0, match.start() - 2) : match.end() + 1]):
            continue  # a tiered phrase: handled by _tier_phrases
        org = _org_near_tier(ctx, s, ms, t0, t1)
        for member, _event, rule, conf in _members_for(ctx, s, ms, t0, t1, org):
            out += _fact(
                ctx,
                s,
                member.name,
                org.name if org else None,
                None,
                "join",
                rule.replace("tier", "untiered"),
                conf - 0.1,
            )
    return out


def _levels(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'JFrog is joining the Rust Foundation at the Platinum level', '... joins A, B at the Gold level'."""
    out: list[Fact] = []
    for match in _rx().level.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        org = _org_near_tier(ctx, s, ms, t0, t1)
        for member, event, rule, conf in _members_for(ctx, s, ms, t0, t1, org):
            out += _fact(
                ctx,
                s,
                member.name,
                org.name if org else None,
                match.group("tier") or match.group("tier2"),
                event,
                rule.replace("tier", "level"),
                conf,
            )
    return out


_PLAIN_JOIN = re.compile(
    r"\b(?:has|have|had)?\s*(?:officially\s+)?(?:joined|joins|is joining|are joining)\s+(?:the\s+)?$"
)


_TITLE_AFTER = re.compile(
    r"\s+(?:[A-Z]\w+\s+)?(?:Manager|Engineer|Director|Officer|Lead|Developer|Advocate|Coordinator|"
    r"Specialist|Administrator|Architect|Scientist|Analyst|Designer|Writer|Intern)\b"
)


def _join_plain(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Google has joined the Eclipse Adoptium Working Group' (no tier named)."""
    out: list[Fact] = []
    if _HIRE.search(s.text):
        return out
    for i, m in enumerate(ms):
        if not org_like(m) or i == 0:
            continue
        gap = s.text[ms[i - 1].end - s.start : m.start - s.start]
        verb = re.search(
            r"\b(?:has|have)?\s*(?:officially\s+)?(?:joined|joins|is joining|are joining|will join)"
            r"\s+(?:the\s+)?$",
            gap,
        )
        if not verb or len(gap) > 60:
            continue
        subject = ms[i - 1]
        if _TITLE_AFTER.match(s.text[subject.end - s.start :]):
            continue  # "a new Marketing Program Manager who joined us": a hire
        if subject.source == "reference":
            continue  # a reference ("we", "the Foundation") is not read as the subject here
        event = "state" if _rx().spotlight.search(s.text) or re.search(r"\bwhy\b", s.text, re.I) else "join"
        if re.search(r"\b(?:why|how|what)\b", s.text[: subject.start - s.start], re.I):
            event = "state"
        out += _fact(ctx, s, subject.name, m.name, None, event, "membership.joined_org", 0.7)
    return out
