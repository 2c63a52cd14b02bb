"""Membership facts from sentences: joins, tier statements, founding lists, renewals, departures.

The rules anchor on a *tier phrase* ("Platinum Member", "Gold sponsor", "at the Silver level")
or on a membership verb, then find the member(s) around it (the verb's subject, an apposition,
a coordinated list) and the organisation (a named foundation nearby, else the publisher).
Cue words live in patterns/membership.yaml and patterns/tiers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.extract.common import DocContext, make_fact, org_like, tiers, words_regex
from graph.extract.dates import event_date
from graph.extract.mentions import Mention, looks_like_name, name_list
from graph.extract.patterns import load_patterns
from graph.extract.text import Sentence, meta_sentences
from graph.model import Document, Fact

_SCHEMA = {
    "join_verbs": list, "renew_verbs": list, "upgrade_verbs": list, "downgrade_verbs": list,
    "leave_verbs": list, "newest_words": list, "founding_words": list, "list_join_cues": list,
    "spotlight_cues": list, "org_heads": list, "seat_titles": list,
}


@dataclass(frozen=True)
class _Rx:
    tier_phrase: re.Pattern[str]
    level: re.Pattern[str]
    join: re.Pattern[str]
    renew: re.Pattern[str]
    upgrade: re.Pattern[str]
    downgrade: re.Pattern[str]
    leave: re.Pattern[str]
    newest: re.Pattern[str]
    founding_list: re.Pattern[str]
    list_cue: re.Pattern[str]
    spotlight: re.Pattern[str]
    seat: re.Pattern[str]
    member_of: re.Pattern[str]
    lead_in: re.Pattern[str]


@cache
def _rx() -> _Rx:
    p = load_patterns("membership", _SCHEMA)
    t = tiers()
    tier = rf"(?P<tier>{t.regex})"
    noun = rf"(?P<noun>{t.nouns})"
    return _Rx(
        tier_phrase=re.compile(rf"\b{tier}(?:[ -]+(?:founding|corporate|level|tier))?\s+{noun}\b", re.I),
        level=re.compile(rf"\b(?:at|on) the {tier}[ -](?:level|tier)\b|\bas (?:an? )?(?P<tier2>{t.regex})(?=[.,;!]|\s*$)", re.I),
        join=re.compile(words_regex(p["join_verbs"]), re.I),
        renew=re.compile(words_regex(p["renew_verbs"]), re.I),
        upgrade=re.compile(words_regex(p["upgrade_verbs"]), re.I),
        downgrade=re.compile(words_regex(p["downgrade_verbs"]), re.I),
        leave=re.compile(words_regex(p["leave_verbs"]), re.I),
        newest=re.compile(words_regex(p["newest_words"]), re.I),
        founding_list=re.compile(
            rf"\bfounding (?:(?P<tier>{t.regex}) )?(?:member|sponsor|partner)s?(?: (?:companies|organi[sz]ations))?"
            r"(?: (?:are|include|were|was|is))?[,:]?\s+(?P<list>[^.;]+)", re.I),
        list_cue=re.compile(words_regex(p["list_join_cues"]), re.I),
        spotlight=re.compile(words_regex(p["spotlight_cues"]), re.I),
        seat=re.compile(r"\b(?:" + "|".join(map(re.escape, p["seat_titles"])) + r")\s*(?:for|of|from|\(|,)\s*", re.I),
        member_of=re.compile(rf"\b(?:member|sponsor|{t.nouns})s?\s+of\s+(?:the\s+)?$", re.I),
        lead_in=re.compile(rf"(?:(?P<tier>{t.regex})\s+)?(?:{t.nouns})\b", re.I),
    )


def extract_membership(doc: Document, sentences: list[Sentence]) -> list[Fact]:
    """Membership facts of one document."""
    ctx = DocContext(doc)
    facts: list[Fact] = []
    for sentence in [*meta_sentences(doc), *sentences]:
        if sentence.kind == "item" and sentence.context and sentence.first:
            facts.extend(_list_item(ctx, sentence))
        if sentence.kind == "title" and sentence.start >= 0:
            facts.extend(_title_join(ctx, sentence))
        facts.extend(_sentence(ctx, sentence))
    return facts


_GATE = re.compile(r"member|sponsor|join|level|renew|upgrad|downgrad|left|leav|announc|launch|form|director")


def _sentence(ctx: DocContext, s: Sentence) -> list[Fact]:
    rx = _rx()
    text = s.text
    low = text.lower()
    if not _GATE.search(low):
        return []
    ms = [m for m in ctx.mentions(s) if m.kind != "person"]
    out: list[Fact] = []
    out += _founding(ctx, s, ms)
    out += _consortium(ctx, s, ms)
    out += _tier_phrases(ctx, s, ms)
    out += _levels(ctx, s, ms)
    out += _newest_untiered(ctx, s, ms)
    out += _join_plain(ctx, s, ms)
    out += _changes(ctx, s, ms)
    out += _seats(ctx, s, ms)
    return out


# --- helpers --------------------------------------------------------------------------------

def _fact(ctx: DocContext, s: Sentence, member: str, org: str | None, tier: str | None, event: str,
          rule: str, conf: float, when_text: str | None = None) -> list[Fact]:
    org = org or ctx.publisher
    if not member or not org or member == org and event != "join":
        return []
    if event == "state":
        date = None
    else:
        date = event_date(when_text if when_text is not None else s.text, ctx.doc.date)
        if date is not None and ctx.doc.date and when_text is None and date != ctx.doc.date:
            conf += 0.05  # the sentence dates the event itself
    fields = {"member": member, "organization": org, "tier": tiers().title(tier) if tier else None,
              "event": event, "date": date.isoformat() if date else None}
    return [make_fact("membership", ctx, s, fields, rule, conf)]


def _org_in(ms: list[Mention], start: int, end: int) -> Mention | None:
    """The first organisation-like mention inside [start, end) (document offsets)."""
    for m in ms:
        if start <= m.start and m.end <= end and org_like(m):
            return m
    return None


def _is_event(ctx: DocContext, s: Sentence, pos: int) -> bool:
    """True when the words just before document offset `pos` say the membership is new."""
    window = s.text[max(0, pos - s.start - 45): pos - s.start]
    return bool(_rx().newest.search(window)) or "welcome" in s.text.lower()[:40]


# --- rules ----------------------------------------------------------------------------------

def _tier_phrases(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'X, a Rust Foundation Platinum Member', 'our newest Silver member X', 'X joined ... as a Gold sponsor'."""
    out: list[Fact] = []
    for match in _rx().tier_phrase.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        tier = match.group("tier")
        org = _org_near_tier(ctx, s, ms, t0, t1)
        members = _members_for(ctx, s, ms, t0, t1, org)
        for member, event, rule, conf in members:
            out += _fact(ctx, s, member.name, org.name if org else None, tier, event, rule, conf)
    return out


def _org_near_tier(ctx: DocContext, s: Sentence, ms: list[Mention], t0: int, t1: int) -> Mention | None:
    """The organisation of a tier phrase: 'Rust Foundation Platinum', 'Gold sponsor of X', 'joined X as'."""
    rel = s.text[t1 - s.start:]
    of = re.match(r"\s+(?:of|to|for|with|at|in)\s+(?:the\s+)?", rel)
    if of:
        after = _org_in(ms, t1, t1 + of.end() + 80)
        if after and after.start <= t1 + of.end() + 1:
            return after
    before = [m for m in ms if m.end <= t0 and t0 - m.end <= 22 and org_like(m)
              and re.fullmatch(r"(?:['’]s)?\s*(?:(?:newest|latest|new|first|founding)\s+)?", s.text[m.end - s.start:t0 - s.start], re.I)]
    if before:
        return before[-1]
    jm = [j for j in _rx().join.finditer(s.text) if s.start + j.end() <= t0]
    if jm:
        return _org_in(ms, s.start + jm[-1].end(), t0)
    return None


def _members_for(ctx: DocContext, s: Sentence, ms: list[Mention], t0: int, t1: int,
                 org: Mention | None) -> list[tuple[Mention, str, str, float]]:
    """Who the tier phrase at [t0, t1) is about, with the event and rule name."""
    rx = _rx()
    text, base = s.text, s.start
    skip = {org.start} if org else set()
    cands = [m for m in ms if m.start not in skip and m.source != "reference" or
             (m.source == "reference" and m.name != (org.name if org else ctx.publisher))]
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
            out.append((subject[-1], "join", "membership.join_as_tier", 0.9))
        if out:
            return out
    # 2. "our newest Platinum member JFrog", "Rust Foundation Platinum Member, Google ..."
    after = [m for m in cands if t1 <= m.start and re.fullmatch(
        r"\s*(?:organi[sz]ation|company)?\s*,?\s*", text[t1 - base:m.start - base])]
    # 3. "X, a Rust Foundation Platinum Member" / "X (a ... Silver Member Organization)" / "X is the newest ..."
    before = [m for m in cands if m.end <= t0 and re.fullmatch(
        r"\.?(?:['’]s)?\s*(?:,|\(|—|–|-|:)?\s*(?:(?:a|an|the|our|one of (?:the|our)|is|are|as|has become|have become|"
        r"became|is now|are now|was|were)\s+)*(?:(?:newest|latest|new|first|founding|existing|current)\s+)*"
        r"(?:[A-Z][\w'’.-]*\s+){0,4}",
        text[m.end - base:t0 - base])]
    if before and (not after or t0 - before[-1].end <= after[0].start - t1 + 40):
        m = before[-1]
        event = "join" if newest else "state"
        return [(m, event, f"membership.{'newest' if newest else 'appositive'}_tier", 0.85 if newest else 0.8)]
    if after:
        event = "join" if newest else "state"
        return [(after[0], event, f"membership.{'newest' if newest else 'appositive'}_tier_after", 0.8)]
    return []


_NEWEST_NOUN = re.compile(r"\b(?:newest|latest|first|founding)\s+(?:corporate\s+)?(?:member|sponsor)s?\b", re.I)


def _newest_untiered(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'IOHK is one of the first sponsors of the Haskell Foundation' (no tier named)."""
    out: list[Fact] = []
    if _HIRE.search(s.text):
        return out
    for match in _NEWEST_NOUN.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        if _rx().tier_phrase.search(s.text[max(0, match.start() - 2):match.end() + 1]):
            continue  # a tiered phrase: handled by _tier_phrases
        org = _org_near_tier(ctx, s, ms, t0, t1)
        for member, _event, rule, conf in _members_for(ctx, s, ms, t0, t1, org):
            out += _fact(ctx, s, member.name, org.name if org else None, None, "join",
                         rule.replace("tier", "untiered"), conf - 0.1)
    return out


def _levels(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'JFrog is joining the Rust Foundation at the Platinum level', '... joins A, B at the Gold level'."""
    out: list[Fact] = []
    for match in _rx().level.finditer(s.text):
        t0, t1 = s.start + match.start(), s.start + match.end()
        org = _org_near_tier(ctx, s, ms, t0, t1)
        for member, event, rule, conf in _members_for(ctx, s, ms, t0, t1, org):
            out += _fact(ctx, s, member.name, org.name if org else None, match.group("tier") or match.group("tier2"), event,
                         rule.replace("tier", "level"), conf)
    return out


def _founding(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'our founding member companies, AWS, Huawei, Google, Microsoft, and Mozilla' -> joins."""
    out: list[Fact] = []
    for match in _rx().founding_list.finditer(s.text):
        items = name_list(match.group("list"), s.start + match.start("list"), stop=True)
        items = [m for m in items if m.kind != "person"]
        if len(items) < 2:
            continue
        for m in items:
            out += _fact(ctx, s, m.name, None, match.group("tier"), "join", "membership.founding_list", 0.85)
    return out


_HIRE = re.compile(
    r"\b(?:team|staff|board|as (?:its|our|the|a|an)\b[^,.;]{0,40}?\b(?:Engineer|Director|Manager|Officer|Lead|"
    r"Developer|Advocate|Counsel|Coordinator|Specialist|Fellow|Chair|Analyst|Administrator|Architect|Scientist))\b")
_PLAIN_JOIN = re.compile(r"\b(?:has|have|had)?\s*(?:officially\s+)?(?:joined|joins|is joining|are joining)\s+(?:the\s+)?$")


def _join_plain(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'Google has joined the Eclipse Adoptium Working Group' (no tier named)."""
    out: list[Fact] = []
    if _HIRE.search(s.text):
        return out
    for i, m in enumerate(ms):
        if not org_like(m) or i == 0:
            continue
        gap = s.text[ms[i - 1].end - s.start:m.start - s.start]
        verb = re.search(r"\b(?:has|have)?\s*(?:officially\s+)?(?:joined|joins|is joining|are joining|will join)\s+(?:the\s+)?$", gap)
        if not verb or len(gap) > 60:
            continue
        subject = ms[i - 1]
        if subject.source == "reference" or org_like(subject) and subject.kind == "foundation" and subject.name == ctx.publisher:
            if subject.source == "reference":
                continue
        event = "state" if _rx().spotlight.search(s.text) or re.search(r"\bwhy\b", s.text, re.I) else "join"
        if re.search(r"\b(?:why|how|what)\b", s.text[:subject.start - s.start], re.I):
            event = "state"
        out += _fact(ctx, s, subject.name, m.name, None, event, "membership.joined_org", 0.7)
    return out


def _changes(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """Renewals, upgrades, downgrades and departures: 'X renewed its Platinum membership'."""
    rx = _rx()
    out: list[Fact] = []
    for event, regex in (("renew", rx.renew), ("upgrade", rx.upgrade), ("downgrade", rx.downgrade),
                         ("leave", rx.leave)):
        for v in regex.finditer(s.text):
            tail = s.text[v.end():v.end() + 120]
            if not re.search(r"member|sponsor|level|tier", tail + s.text[max(0, v.start() - 40):v.start()], re.I):
                continue
            subject = [m for m in ms if m.end <= s.start + v.start() and m.source != "reference"]
            if not subject:
                continue
            tier_m = re.search(rf"\b(?:to (?:the |a |an )?)?(?P<tier>{tiers().regex})\b", tail, re.I)
            org = _org_in(ms, s.start + v.end(), s.start + v.end() + 120)
            tier = tier_m.group("tier") if tier_m else None
            out += _fact(ctx, s, subject[-1].name, org.name if org else None, tier, event,
                         f"membership.{event}", 0.75)
    return out


def _seats(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'Member Director for Microsoft' -> Microsoft is a member of the board's foundation."""
    out: list[Fact] = []
    if s.context == "byline":
        return out  # the byline is about the author, not a statement of the document
    for match in _rx().seat.finditer(s.text):
        pos = s.start + match.end()
        after = [m for m in ms if m.start == pos or 0 <= m.start - pos <= 4]
        if not after or after[0].source == "reference":
            continue
        org = [m for m in ms if m.end <= s.start + match.start() and org_like(m)]
        out += _fact(ctx, s, after[0].name, org[-1].name if org else None, None, "state", "membership.seat", 0.6)
    return out


_PEOPLE_LIST = re.compile(r"\b(?:board|individual|attendance|staff|team|committee|council|directors?|"
                          r"fellows?|volunteers?|speakers?|maintainers?)\b", re.I)


def _person_like(name: str) -> bool:
    """A name that reads as a person's (E2's persons.is_name when available)."""
    try:
        from graph.extract.persons import is_name
    except ImportError:
        return False
    return is_name(name)


def _list_item(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item under 'New Silver Members:' or 'Corporate members approved:' -> one fact per item."""
    context = s.context
    cue = _rx().lead_in.search(context)
    if not cue or not re.search(r"\bmembers?\b|\bsponsors?\b", context, re.I):
        return []
    if len(context) > 120 or re.search(r"\b(?:benefits?|how to|become|apply|faq)\b", context, re.I):
        return []
    if _PEOPLE_LIST.search(context):
        return []
    head = re.split(r"\s*[:(–—-]\s+", s.text, maxsplit=1)[0]
    items = name_list(head, s.start)
    if len(items) != 1 or items[0].kind == "person" or len(head.split()) > 6:
        return []
    if _person_like(items[0].name) and not re.search(r"compan|corporate|organi[sz]", context, re.I):
        return []
    event = "join" if _rx().list_cue.search(context) else "state"
    ctx_org = [m for m in ctx.mentions(s) if False]  # organisation comes from the heading, else publisher
    del ctx_org
    org = None
    from graph.extract.mentions import mentions_in

    for m in mentions_in(context):
        if org_like(m):
            org = m.name
            break
    return _fact(ctx, s, items[0].name, org, cue.group("tier"), event, "membership.list_item", 0.75)


_TITLE_JOIN = re.compile(r"^(?P<x>.+?)\s+(?:Joins|Has Joined|Becomes (?:a |an )?(?:Member|Sponsor) of)\s+(?:the\s+)?(?P<y>.+?)\s*$", re.I)
_FORMING = re.compile(
    r"\b(?:are|have|today)\b[^.;]{0,60}?\b(?:announc\w*|launch\w*|form\w*|establish\w*|unveil\w*|creat\w*)\s+"
    r"(?:the\s+)?(?:formation\s+of\s+|launch\s+of\s+|creation\s+of\s+)?(?:the\s+|an?\s+(?:new\s+)?)?", re.I)
_UNNAMED_GROUP = re.compile(r"^(?:initiative|collaboration|consortium|alliance|working group|coalition|effort)\b", re.I)


def _title_join(ctx: DocContext, s: Sentence) -> list[Fact]:
    """A title 'X Joins Y' announces X joining Y on the document's date."""
    m = _TITLE_JOIN.match(s.text)
    if not m:
        return []
    x = [n for n in ctx.mentions(s) if n.end <= s.start + m.end("x")]
    y = [n for n in ctx.mentions(s) if n.start >= s.start + m.start("y")]
    if not x or not y or not org_like(y[0]) or s.end - y[0].end > 2:
        return []
    return _fact(ctx, s, x[-1].name, y[0].name, None, "join", "membership.title_joins", 0.8, when_text="")


def _consortium(ctx: DocContext, s: Sentence, ms: list[Mention]) -> list[Fact]:
    """'A, B and C are thrilled to jointly announce the X Consortium' -> A, B, C found (join) X."""
    verb = _FORMING.search(s.text)
    if not verb:
        return []
    head = s.text[:verb.start()]
    head = re.sub(r"^.*?\s[–—-]\s+", "", head)
    head = _trailing_list(head)
    offset = s.start + verb.start() - len(head)
    members = name_list(head, offset)
    if len(members) < 3 or len(members) < len(re.findall(r",", head)):
        return []
    rest = s.start + verb.end()
    org = next((m for m in ms if m.start == rest and org_like(m)), None)
    name = org.name if org else None
    if org is None and _UNNAMED_GROUP.match(s.text[verb.end():]):
        name = _titled_group(ctx)
    if not name:
        return []
    out: list[Fact] = []
    for m in members:
        out += _fact(ctx, s, m.name, name, None, "join", "membership.founders_announce", 0.75, when_text="")
    return out


def _trailing_list(head: str) -> str:
    """The coordinated list of names that ends `head` ("In an effort ..., A, B, and C" -> "A, B, and C")."""
    parts = re.split(r"(,\s*(?:and\s+)?|\s+and\s+)", head.rstrip())
    keep = len(parts)
    for i in range(len(parts) - 1, -1, -2):
        piece = re.sub(r"^(?:the|The)\s+", "", parts[i].strip())
        if not looks_like_name(piece):
            break
        keep = i
    return "".join(parts[keep:]).strip() if keep < len(parts) else ""


def _titled_group(ctx: DocContext) -> str | None:
    """The group a document's title says someone joins ('Rust Foundation Joins CRA Compliance Collaboration')."""
    m = _TITLE_JOIN.match(ctx.doc.title.strip())
    if not m:
        return None
    from graph.extract.entities_util import canonical_name

    return canonical_name(m.group("y"))
