"""Membership from lists and groups: items under 'New Silver Members:', founding lists,
'A, B and C are announcing the X Consortium', and titles such as 'X Joins Y'."""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.extract.common import DocContext, org_like, tiers
from graph.extract.dates import event_date
from graph.extract.membership_base import _PEOPLE_LIST, _fact, _person_like, _rx
from graph.extract.mentions import Mention, looks_like_name, mentions_in, name_list
from graph.extract.text import Sentence
from graph.model import Fact


def _founded_group(ctx: DocContext, sentence: Sentence) -> str | None:
    """What a founding list founds: a group the document says was formed, else one its title names."""
    formed = ctx.formed_group(sentence)
    if formed:
        return formed.name
    title = ctx.doc.title or ""
    for m in mentions_in(title):
        if org_like(m) and m.name != ctx.publisher:
            return m.name
    return None


def _founding(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'our founding member companies, AWS, Huawei, Google, Microsoft, and Mozilla' -> joins."""
    out: list[Fact] = []
    for match in _rx().founding_list.finditer(s.text):
        items = name_list(match.group("list"), s.start + match.start("list"), stop=True)
        items = [m for m in items if m.kind != "person"]
        if len(items) < 2:
            continue
        org = None
        if match.group("of"):
            of = [x for x in ms if x.start == s.start + match.start("of") and x.source != "reference"]
            org = of[0].name if of else None
        org = org or _founded_group(ctx, s)
        for m in items:
            out += _fact(ctx, s, m.name, org, match.group("tier"), "join", "membership.founding_list", 0.85)
    return out


def _list_item(ctx: DocContext, s: Sentence) -> list[Fact]:
    """An item under 'New Silver Members:' or 'Corporate members approved:' -> one fact per item."""
    context = s.context
    low = context.lower()
    if "member" not in low and "sponsor" not in low:
        return []
    cue = _rx().lead_in.search(context)
    if not cue or not re.search(r"\bmembers?\b|\bsponsors?\b", context, re.I):
        return []
    if len(context) > 120 or re.search(r"\b(?:benefits?|how to|become|apply|faq)\b", context, re.I):
        return []
    if _PEOPLE_LIST.search(context):
        return []
    head = _item_head(s)
    items = name_list(head, s.start)
    if len(items) != 1 or items[0].kind == "person" or len(head.split()) > 6:
        return []
    if _person_like(items[0].name) and not re.search(r"compan|corporate|organi[sz]", context, re.I):
        return []
    event = "join" if _rx().list_cue.search(context) else "state"
    org = None  # the organisation named in the heading or lead-in, else the publisher

    for m in mentions_in(context):
        if org_like(m):
            org = m.name
            break
    return _fact(ctx, s, items[0].name, org, cue.group("tier"), event, "membership.list_item", 0.75)


def _item_head(s: Sentence) -> str:
    """The part of a list item that names its subject.

    An item that opens with a link ("[Zama](https://zama.ai) builds ...") names it by the
    anchor text; otherwise the text up to the first colon, dash, bracket or comma.
    """
    if s.first and s.block.links and s.block.links[0].start == s.start:
        return s.block.links[0].text
    return re.split(r"\s*[:(–—-]\s+|,\s+", s.text, maxsplit=1)[0]


_TITLE_JOIN = re.compile(
    r"^(?P<x>.+?)\s+(?:Joins|Has Joined|Becomes (?:a |an )?(?:Member|Sponsor) of)"
    r"\s+(?:the\s+)?(?P<y>.+?)\s*$",
    re.I,
)
_FORMING = re.compile(
    r"\b(?:are|have|today)\b[^.;]{0,60}?\b(?:announc\w*|launch\w*|form\w*|establish\w*|unveil\w*|creat\w*)\s+"
    r"(?:the\s+)?(?:formation\s+of\s+|launch\s+of\s+|creation\s+of\s+)?(?:the\s+|an?\s+(?:new\s+)?)?",
    re.I,
)
_UNNAMED_GROUP = re.compile(
    r"^(?:initiative|collaboration|consortium|alliance|working group|coalition|effort)\b", re.I
)


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


def _consortium(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'A, B and C are thrilled to jointly announce the X Consortium' -> A, B, C found (join) X."""
    verb = _FORMING.search(s.text)
    if not verb:
        return []
    head = s.text[: verb.start()]
    head = re.sub(r"^.*?\s[–—-]\s+", "", head)
    head = _trailing_list(head)
    offset = s.start + verb.start() - len(head)
    members = name_list(head, offset)
    if len(members) < 3 or len(members) < len(re.findall(r",", head)):
        return []
    rest = s.start + verb.end()
    org = next((m for m in ms if m.start == rest and org_like(m)), None)
    name = org.name if org else None
    if org is None and _UNNAMED_GROUP.match(s.text[verb.end() :]):
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
    """The group a document's title says someone joins
    ('Rust Foundation Joins CRA Compliance Collaboration')."""
    m = _TITLE_JOIN.match(ctx.doc.title.strip())
    if not m:
        return None
    from graph.extract.entities_util import canonical_name

    return canonical_name(m.group("y"))


_LIST_VERB = (
    r"(?::|\s+(?:are|include|includes|included|now reads|reads|comprise|comprises|consist of|were)\b:?)"
)


def _member_list_rx() -> re.Pattern[str]:
    t = tiers()
    return re.compile(
        rf"(?P<lead>\b(?:(?P<own>its|their|our|the)\s+)?(?:(?P<new>new|newest|founding|first)\s+)?"
        rf"(?:(?P<tier>{t.regex})\s+)?(?:level|members?|sponsors?|member companies|member organi[sz]ations)"
        rf"(?:\s+of\s+(?:the\s+)?(?P<of>[A-Z][^:,]{{1,60}}?))?"
        r"(?:\s+(?:today|now|currently|so far|approved|to date))*)"
        rf"{_LIST_VERB}\s+(?:(?:now|today|currently)\s+)?"
        rf"(?P<list>[^.;]+)",
        re.I,
    )


_MEMBER_LIST = _member_list_rx()


def _member_list(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'Its members today are A, B and C', 'New Silver sponsors of X: A, B',
    'the Platinum level now reads A, B'."""
    out: list[Fact] = []
    for m in _MEMBER_LIST.finditer(s.text):
        if re.search(r"\b(?:founding)\b", m.group("lead"), re.I) and _rx().founding_list.search(m.group()):
            continue  # handled by _founding
        items = [
            x for x in name_list(m.group("list"), s.start + m.start("list"), stop=True) if x.kind != "person"
        ]
        colon = m.group().lstrip(m.group("lead"))[:1] == ":" or ":" in s.text[m.end("lead") : m.start("list")]
        if len(items) < (1 if colon else 2) or any(_person_like(x.name) for x in items[:2]):
            continue
        lead = m.group("lead").lower()
        if not m.group("tier") and not re.search(r"members|sponsors|member compan", lead):
            continue
        org = _list_org(ctx, s, m, ms)
        new = m.group("new") or re.search(r"\bapproved\b", lead)
        event = "join" if new else "state"
        when = "" if event == "state" else None
        for x in items:
            out += _fact(
                ctx, s, x.name, org, m.group("tier"), event, "membership.member_list", 0.75, when_text=when
            )
    return out


def _list_org(ctx: DocContext, s: Sentence, m: re.Match[str], ms: Sequence[Mention]) -> str | None:
    if m.group("of"):
        of = [x for x in ms if x.start == s.start + m.start("of") and x.source != "reference"]
        if of:
            return of[0].name
    own = (m.group("own") or "").lower()
    if own in ("its", "their"):
        recent = ctx.recent_group(s)
        return recent.name if recent else None
    return None


_FOUNDED_BY = re.compile(
    r"\b(?:was|were)\s+(?:co-)?(?:founded|established|formed|created|launched)\b[^.;]{0,40}?\bby\s+", re.I
)


def _founded_by(ctx: DocContext, s: Sentence, ms: Sequence[Mention]) -> list[Fact]:
    """'The Foundation was founded on 8 February by AWS, Google, Huawei, Microsoft and Mozilla' -> joins."""
    m = _FOUNDED_BY.search(s.text)
    if not m:
        return []
    subject = [x for x in ms if x.end <= s.start + m.start()]
    if not subject or not (org_like(subject[0]) or subject[0].source == "reference"):
        return []
    items = [x for x in name_list(s.text[m.end() :], s.start + m.end(), stop=True) if x.kind != "person"]
    if len(items) < 2:
        return []
    when = event_date(s.text, ctx.doc.date)
    out: list[Fact] = []
    for x in items:
        out += _fact(
            ctx,
            s,
            x.name,
            subject[0].name,
            None,
            "join",
            "membership.founded_by",
            0.8,
            when_text=when.isoformat() if when else "",
        )
    return out
