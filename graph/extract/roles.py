"""Role facts: a person holds a title at an organisation (FACTS.md `role`).

Rules, each named in `Fact.rule`:

- `role.appositive`   "Stephen Chin, VP of Developer Relations at JFrog", "Name — Title, Org", "Name (Title)"
- `role.copula`       "Andrew Wafaa is a Distinguished Engineer ... at Arm", "He is ... the co-founder of X"
- `role.pre_title`    "Rust Foundation's Executive Director & CEO, Dr. Rebecca Rumbul",
                      "our Project Director, X"
- `role.as_title`     "will become Member Director for JFrog on the Board",
                      "joined ... as our new Security Engineer"
- `role.seat`         "from the Rust Project Leadership Council", "served on the FreeBSD Foundation Board"
- `role.list`         list items under a role heading ("Board members in attendance were:",
                      "Expert Advisors"),
                      "Chair: Name", "Name: Co-leading the X"
- `role.where_serves` "the Yocto Project, where he currently serves as Chair"

"the Foundation", "we", "our" mean the publisher; "the project" the project or initiative named
last; a short name ("Chin", "Eric") the full name read in the document. Ended roles (a name
after "replacing", a "former" title) and the front-matter byline give no fact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate
from typing import Protocol

from graph.extract import role_items as items
from graph.extract import role_lists as lists
from graph.extract import role_phrases as phrases
from graph.extract.persons import PersonIndex, find_names, fold_case, index_document, vocabulary
from graph.extract.role_lists import PRONOUN, Groups
from graph.extract.role_phrases import Hit
from graph.extract.spans import board_seat_re, entity, known_org
from graph.model import Document, Fact


class SentenceLike(Protocol):
    """What the rules read from a sentence (graph.extract.text.Sentence fits)."""

    @property
    def text(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def context(self) -> str: ...


@dataclass
class _Doc:
    """Per-document state: publisher, people named so far, organisations named so far."""

    doc: Document
    people: PersonIndex
    subject: str | None = None  # the person "he"/"she"/"I" refers to
    seen: list[str] = field(default_factory=list)  # texts of the sentences read so far
    short: dict[str, str] = field(default_factory=dict)  # first/last name or nickname -> full name
    section: bool = False  # True inside a section headed by a person's name
    body: str | None = None  # the committee, team or working group the page is the charter of
    text: str = ""  # the sentence being read
    context: str | None = None  # the context (heading or lead-in) of the sentence read last
    lead: str | None = None  # the person that context opens with, if any


_FIRST_PERSON = re.compile(r"\b(?:I|[Hh]e|[Ss]he|[Tt]hey)\s+(?:\w+\s+)?(?:joined|serves?|served|sits?)\b")
_FIRST_PERSON_GATE = ("joined", "serve", "sits", "sat on")  # one is in every `_FIRST_PERSON` match
_GROUP_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")
_SELF = re.compile(
    r"^(?:we|us|our|ours|the foundation|this foundation|the organization|the organisation)$", re.I
)
_ANAPHOR = re.compile(
    r"^(?:the|this)\s+(project|initiative|program|programme|company|organization|organisation)$", re.I
)


def extract_roles(doc: Document, sentences: Iterable[SentenceLike]) -> list[Fact]:
    """Role facts of one document, one per (person, organisation), in reading order."""
    sentences = list(sentences)
    found = [find_names(s.text) for s in sentences]  # once per sentence: the index and the rules share them
    state = _Doc(doc=doc, people=index_document([s.text for s in sentences], found))
    state.short = _short_forms(state.people)
    state.body = items.page_body(doc.title)
    facts: dict[tuple[str, str], Fact] = {}
    maybe_short = _holding_short_forms([s.text for s in sentences], state.short)
    for n, (sent, names) in enumerate(zip(sentences, found, strict=True)):
        text, kind = sent.text, sent.kind
        _section_subject(text, kind, sent.context, state)
        state.text = text
        groups = _name_groups(text, state, names) if names or n in maybe_short else []
        # Every rule needs a name, a list item, or a sentence about "he"/"she"/"I" (most need none).
        if (
            groups
            or kind == "item"
            or kind == "row"
            or PRONOUN.match(text)
            or (any(map(text.__contains__, _FIRST_PERSON_GATE)) and _FIRST_PERSON.search(text))
        ):
            for persons, title, org, rule in _hits(text, kind, sent.context, state, groups):
                _add_fact(facts, sent, state, persons, title, org, rule)
        if names and not state.section:
            state.subject = state.people.resolve(names[0][2])  # the person named last
        state.seen.append(text)
    return list(facts.values())


def _holding_short_forms(texts: list[str], short: dict[str, str]) -> set[int]:
    """The indexes of `texts` that hold a short form ("Chin") at all: one substring search per
    short form through the whole document, instead of reading every sentence's words."""
    if not short:
        return set()
    joined = "\x00".join(texts)
    starts = [0, *accumulate(len(text) + 1 for text in texts)]
    out: set[int] = set()
    for key in short:
        pos = joined.find(key)
        while pos >= 0:
            n = bisect_right(starts, pos) - 1
            out.add(n)
            pos = joined.find(key, starts[n + 1])  # on to the next text
    return out


def _add_fact(
    facts: dict[tuple[str, str], Fact],
    sent: SentenceLike,
    state: _Doc,
    persons: list[str],
    title: str,
    org: str | None,
    rule: str,
) -> None:
    """One fact per person of a hit, the first per (person, organisation) kept."""
    title, org = _seat_fix(title, org)
    if org in (None, "our") and state.body and sent.kind == "item":
        org = state.body  # a charter page's member list: the seats are the body's
    org_name = _org_name(org, state)
    if not org_name:
        return
    for person in persons:
        name = state.people.resolve(person)
        if not name or name.lower() == org_name.lower():
            continue
        fact = Fact(
            type="role",
            doc=state.doc.id,
            fields={"person": name, "title": title or None, "organization": org_name},
            evidence=" ".join(sent.text.split()),
            span=(sent.start, sent.end),
            rule=rule,
            confidence=0.8 if rule in {"role.appositive", "role.pre_title"} else 0.7,
        )
        facts.setdefault((name.lower(), org_name.lower()), fact)


def _seat_fix(title: str, org: str | None) -> tuple[str, str | None]:
    """A board seat 'for <member>' is held at the foundation: drop the member from the title and org."""
    if not board_seat_re().search(title):
        return title, org
    title = re.sub(
        r"\s+for\s+(?:the\s+)?[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*)*(?:\s*\([^)]*\))?", "", title
    ).strip()
    if org is not None and entity(org).kind == "company":
        org = "our"
    return title, org


def _hits(text: str, kind: str, context: str, state: _Doc, groups: Groups) -> Iterator[Hit]:
    if kind == "item" or kind == "row":
        yield from items.list_item(text, context, state.body)
    low = fold_case(text) if groups else ""
    # Most rules yield a title, and a title (spans.is_title) holds a title word or is a
    # "<body> member" seat; most sentences with a name hold neither.
    titled = bool(groups) and not _title_words().isdisjoint(_WORD.findall(low))
    for persons, start, end in groups if titled else ():
        yield from phrases.appositive(text, persons, end, kind)
        yield from phrases.copula(text, persons, end)
        yield from phrases.pre_title(text, persons, start)
        if kind in {"heading", "item"}:
            yield from phrases.title_paren(text, persons, start, end)
    if groups:
        # Each rule below needs a word of its (case-insensitive) regex.
        if titled and lists.AS_CUE.search(low):
            yield from lists.as_title(text, groups)
        if "who" in low:
            yield from lists.who_verb(text, groups)
        if "by" in low:
            yield from lists.passive(text, groups)
        if any(map(low.__contains__, _SEAT_LIST_BODIES)):
            yield from lists.seat_list(text, groups)
        if titled and kind not in {"item", "row", "heading"}:
            yield from lists.colon_list(text, groups)
    if (
        groups
        or PRONOUN.match(text)
        or (any(map(text.__contains__, _FIRST_PERSON_GATE)) and _FIRST_PERSON.search(text))
    ):
        yield from lists.seats(text, groups, state.subject)
        yield from phrases.pronoun_subject(text, state.subject)


_WORD = re.compile(r"[a-z]+")


@cache
def _title_words() -> frozenset[str]:
    """Words (runs of letters, as `_WORD` reads them) one of which every title holds: the
    title heads and their plurals (of a hyphenated head, one part: "co-founder" -> "founder",
    as the whole word holds all its parts), "member(s)" for seats, "prof" for "Prof. X"."""
    words = {"member", "prof", "professor"}
    for head in vocabulary()["title_heads"]:
        words.add(max(_WORD.findall(head.lower()), key=len))
    return frozenset(words | {w + "s" for w in words})


def _name_groups(text: str, state: _Doc, names: list[tuple[int, int, str]]) -> Groups:
    """Names in `text` (`names`: its full names), coordinated ones grouped:
    'A and B, co-directors' -> ([A, B], start, end)."""
    spans = names + _short_names(text, names, state)
    if not spans:
        return []
    spans.sort()
    groups: list[tuple[list[str], int, int]] = []
    seps: list[list[str]] = []
    for start, end, name in spans:
        gap = text[groups[-1][2] : start] if groups else ""
        if groups and _GROUP_SEP.match(gap):
            groups[-1][0].append(name)
            groups[-1] = (groups[-1][0], groups[-1][1], end)
            seps[-1].append(gap)
        else:
            groups.append(([name], start, end))
            seps.append([])
    # "A, B (Nick) ..." is two separate mentions unless the list closes with "and"/"&".
    out: list[tuple[list[str], int, int]] = []
    for group, between in zip(groups, seps, strict=True):
        if between and not re.search(r"\band\b|&", between[-1]):
            out.extend(([n], s, e) for s, e, n in spans if group[1] <= s and e <= group[2])
        else:
            out.append(group)
    return out


def _short_names(text: str, spans: list[tuple[int, int, str]], state: _Doc) -> list[tuple[int, int, str]]:
    """Single-token references to people named elsewhere in the document ('Eric', 'Chin')."""
    if not state.short:
        return []
    # Every match below is one of these capitalised words, outside the full names: none is a
    # short form, or they are all inside the names, and there is nothing to read.
    outside = text
    if spans:
        cuts = [0, *(n for s, e, _ in spans for n in (s, e)), len(text)]
        outside = " ".join(text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2))
    if state.short.keys().isdisjoint(_CAP_WORD.findall(outside)):
        return []
    out = []
    for match in _SHORT.finditer(text):
        if match.group() not in state.short or any(s <= match.start() < e for s, e, _ in spans):
            continue
        out.append((match.start(), match.end(), match.group()))
    return out


_SEAT_LIST_BODIES = ("board", "committee", "council", "panel", "jury")
_CAP_WORD = re.compile(r"[A-Z][a-zà-ÿ]+")
_SHORT = re.compile(r"(?=[A-Z])(?<![\w-])[A-Z][a-zà-ÿ]+(?![\w-])")


def _short_forms(people: PersonIndex) -> dict[str, str]:
    """First names, surnames and nicknames that point to exactly one full name of the document."""
    table: dict[str, set[str]] = {}
    for full in people.full:
        parts = full.split()
        for part in {parts[0], parts[-1]}:
            table.setdefault(part, set()).add(full)
    out = {k: next(iter(v)) for k, v in table.items() if len(v) == 1}
    out.update(people.nicknames)
    return out


_SPEAKS = re.compile(
    r"(?:^|[,;]\s+)(?:[Tt]he\s+)?(?P<org>[A-Z][\w&'’.-]*(?:\s(?:[A-Z][\w&'’.-]*|of|and|&))*)\s+"
    r"(?:would like to|is (?:pleased|delighted|excited|thrilled|happy|proud)|"
    r"are (?:pleased|delighted|excited|thrilled)|"
    r"welcomes|welcomed|has (?:hired|welcomed|appointed)|hired|appointed)\b"
)


#: Every verb `_SPEAKS` reads holds one of these (a cheap test before the regex).
_SPEAKS_WORDS = (
    "would like to",
    "pleased",
    "delighted",
    "excited",
    "thrilled",
    "happy",
    "proud",
    "welcome",
    "hired",
    "appointed",
)


@lru_cache(maxsize=1024)
def _speaking_org(text: str) -> str | None:
    """The known organisation a sentence opens with as its speaker, or None (asked only when a
    rule found a role in the sentence)."""
    if not any(map(text.__contains__, _SPEAKS_WORDS)):
        return None
    match = _SPEAKS.search(text)
    if not match or not known_org(match.group("org")):
        return None
    return entity(match.group("org")).name


def _org_name(org: str | None, state: _Doc) -> str | None:
    """The canonical organisation for an org slot ('our', 'the project', a name)."""
    # "The Rust Foundation would like to welcome X, our new ...": "our" is the organisation speaking.
    publisher = _speaking_org(state.text) or state.doc.publisher
    if org is None:
        return publisher
    anaphor = _ANAPHOR.match(org.strip(" ,.;:"))
    if anaphor:
        kinds = _ANAPHOR_KINDS[anaphor.group(1).lower()]
        return _last_named(state.seen, kinds)
    org = re.sub(r"^(?:the|The)\s+", "", org.strip(" ,.;:"))
    if _SELF.match(org) or org.lower() in {"foundation", "board", "board of directors", "our", "its"}:
        return publisher
    if org.split()[0].lower() in _NOT_NAMED:
        return None
    return entity(org).name


#: First words of an org slot that name no organisation ("a company", "their employer").
_NOT_NAMED = frozenset({"a", "an", "this", "that", "these", "his", "her", "their", "various", "several"})
_ANAPHOR_KINDS = {
    "project": {"project", "initiative", "programme"},
    "initiative": {"initiative", "project", "programme"},
    "program": {"programme", "initiative"},
    "programme": {"programme", "initiative"},
    "company": {"company"},
    "organization": {"company", "foundation", "organization"},
    "organisation": {"company", "foundation", "organization"},
}
_POSS_END = re.compile(r"(?:'s|’s)$")
_CAP_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s(?:[A-Z][\w'’-]*|of|and|&))*")


def _section_subject(text: str, kind: str, context: str, state: _Doc) -> None:
    """Under a heading that opens with a person's name ("### Benno Lossin (@y86-dev)"),
    "I"/"he" is that person."""
    if kind == "heading":
        context = text
    if context != state.context:  # the sentences of one block share their context: read it once
        names = find_names(context) if context else []
        state.context = context
        state.lead = state.people.resolve(names[0][2]) if names and names[0][0] == 0 else None
    if state.lead is not None:
        state.subject = state.lead
        state.section = True
    elif state.section:
        state.section = False
        state.subject = None


def _last_named(texts: list[str], kinds: set[str]) -> str | None:
    """The gazetteer organisation of one of `kinds` named last in `texts` (for "the project")."""
    for text in reversed(texts[-12:]):
        found = [known for m in _CAP_RUN.finditer(text) if (known := _known_in_run(m.group()))]
        for name, kind in reversed(found):
            if kind in kinds:
                return name
    return None


@lru_cache(maxsize=16384)
def _known_in_run(run: str) -> tuple[str, str] | None:
    """The gazetteer organisation a capitalised run names (or its run minus the last word)."""
    run = _POSS_END.sub("", run).rstrip()
    for cand in (run, " ".join(run.split()[:-1])):
        if cand and known_org(cand):
            ent = entity(cand)
            return ent.name, ent.kind
    return None
