"""Role facts: a person holds a title at an organisation (FACTS.md `role`).

Rules, each named in `Fact.rule`:

- `role.appositive`   "Stephen Chin, VP of Developer Relations at JFrog" / "Name — Title, Org" / "Name (Title)"
- `role.copula`       "Andrew Wafaa is a Distinguished Engineer ... at Arm", "He is ... the co-founder of X"
- `role.pre_title`    "Rust Foundation's Executive Director & CEO, Dr. Rebecca Rumbul", "our Project Director, X"
- `role.as_title`     "will become Member Director for JFrog on the Board", "joined ... as our new Security Engineer"
- `role.seat`         "from the Rust Project Leadership Council", "served on the FreeBSD Foundation Board"
- `role.list`         list items under a role heading ("Board members in attendance were:", "Expert Advisors"),
                      "Chair: Name", "Name: Co-leading the X"
- `role.where_serves` "the Yocto Project, where he currently serves as Chair"

"the Foundation", "we", "our" mean the publisher; "the project" the project or initiative named
last; a short name ("Chin", "Eric") the full name read in the document. Ended roles (a name
after "replacing", a "former" title) and the front-matter byline give no fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol

from graph.extract.patterns import alternation
from graph.extract.persons import (
    NAME,
    PersonIndex,
    find_names,
    index_document,
    is_handle,
    is_name,
    strip_honorific,
    vocabulary,
)
from graph.extract.spans import (
    known_org,
    board_seat_re,
    clean_title,
    entity,
    is_domain,
    is_title,
    org_at,
    seat_body_re,
    split_org_title,
)
from graph.model import Document, Fact


class SentenceLike(Protocol):
    """What the rules read from a sentence (graph.extract.text.Sentence fits)."""

    text: str
    start: int
    end: int

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


_Hit = tuple[list[str], str, str | None, str]  # persons, title, organisation (None = publisher), rule

_GROUP_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")
_PRONOUN = re.compile(r"^(?:He|She|They|I)\b")
_SELF = re.compile(r"^(?:we|us|our|ours|the foundation|this foundation|the organization|the organisation)$", re.I)
_ANAPHOR = re.compile(r"^(?:the|this)\s+(project|initiative|program|programme|company|organization|organisation)$", re.I)
_CLAUSE_END = re.compile(
    r"[;“”\"()]|\s[–—]\s|,\s(?=[a-z])(?![a-z]+\.[a-z])|(?<!\b[A-Z])\.\s|\.$|\s(?:said|says|who|which|where|will|is|was|has|had|have|shared|"
    r"explained|added|noted|commented|wrote|talked|outlines|welcomed|announced|and\s(?:his|her|their))\b"
)
_PREP = re.compile(r"\s(?:at|with)\s|,\s|\s(?:of|for|from)\s")
#: "of Foundation silver member Spectral" / "of Rust Foundation Silver Member Organization, Slint"
_MEMBER_DESC = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w-]*\s){0,2}(?:[Ss]ilver|[Gg]old|[Pp]latinum|[Bb]ronze|[Aa]ssociate|[Ff]ounding)?\s*"
    r"[Mm]ember(?:\s+[Oo]rganization|\s+[Cc]ompany)?,?\s+(?=[A-Z])"
)
_COPULA = re.compile(
    r"^(?:\s*,\s+who\s+[^,;]{1,60},)?\s*,?\s+(?:who\s+)?(?:is|was|has been|remains|serves as|served as)\s+"
    r"(?:currently\s+|now\s+|also\s+|previously\s+|still\s+)*(?:one of\s+)?(?=(?:a|an|the)\s|[A-Z])"
)
_AS = re.compile(r"\b(?:as|will become|becomes|became|has become|was named|was appointed|named|appointed)\s+(?:(?:a|an|the|our|its|their|his|her|new|second|first|next|third)\s+)*", re.I)


@cache
def _ended_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['ended_cues']))})", re.I)  # type: ignore[arg-type]


@cache
def _replace_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['replace_cues']))})\b", re.I)  # type: ignore[arg-type]


def extract_roles(doc: Document, sentences: Iterable[SentenceLike]) -> list[Fact]:
    """Role facts of one document, one per (person, organisation), in reading order."""
    sentences = list(sentences)
    state = _Doc(doc=doc, people=index_document(s.text for s in sentences))
    state.short = _short_forms(state.people)
    facts: dict[tuple[str, str], Fact] = {}
    for sent in sentences:
        for persons, title, org, rule in _hits(sent, state):
            title, org = _seat_fix(title, org)
            org_name = _org_name(org, state)
            if not org_name:
                continue
            for person in persons:
                name = state.people.resolve(person)
                if not name or name.lower() == org_name.lower():
                    continue
                fact = Fact(
                    type="role", doc=doc.id,
                    fields={"person": name, "title": title or None, "organization": org_name},
                    evidence=" ".join(sent.text.split()), span=(sent.start, sent.end), rule=rule,
                    confidence=0.8 if rule in {"role.appositive", "role.pre_title"} else 0.7,
                )
                facts.setdefault((name.lower(), org_name.lower()), fact)
        _remember(sent, state)
    return list(facts.values())


def _seat_fix(title: str, org: str | None) -> tuple[str, str | None]:
    """A board seat 'for <member>' is held at the foundation: drop the member from the title and org."""
    if not board_seat_re().search(title):
        return title, org
    title = re.sub(r"\s+for\s+(?:the\s+)?[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*)*(?:\s*\([^)]*\))?", "", title).strip()
    if org is not None and entity(org).kind == "company":
        org = "our"
    return title, org


def _hits(sent: SentenceLike, state: _Doc) -> Iterator[_Hit]:
    text = sent.text
    if sent.kind in {"title"}:
        return
    if sent.kind == "item" or sent.kind == "row":
        yield from _list_item(text, sent.context, state)
    groups = _name_groups(text, state)
    for persons, start, end in groups:
        yield from _appositive(text, persons, end, sent.kind)
        yield from _copula(text, persons, end)
        yield from _pre_title(text, persons, start)
        if sent.kind in {"heading", "item"}:
            yield from _title_paren(text, persons, start, end)
    if groups:
        yield from _as_title(text, groups)
        yield from _who_verb(text, groups)
        yield from _seat_list(text, groups, sent.context)
        if sent.kind not in {"item", "row", "heading"}:
            yield from _colon_list(text, groups)
    if groups or _PRONOUN.match(text):
        yield from _seats(text, groups, state)
        yield from _pronoun_subject(text, state)


def _name_groups(text: str, state: _Doc) -> list[tuple[list[str], int, int]]:
    """Names in `text`, coordinated ones grouped: 'A and B, co-directors' -> ([A, B], start, end)."""
    spans = find_names(text)
    spans += _short_names(text, spans, state)
    spans.sort()
    groups: list[tuple[list[str], int, int]] = []
    seps: list[list[str]] = []
    for start, end, name in spans:
        sep = text[groups[-1][2]:start] if groups else ""
        if groups and _GROUP_SEP.match(sep):
            groups[-1][0].append(name)
            groups[-1] = (groups[-1][0], groups[-1][1], end)
            seps[-1].append(sep)
        else:
            groups.append(([name], start, end))
            seps.append([])
    # "A, B (Nick) ..." is two separate mentions unless the list closes with "and"/"&".
    out: list[tuple[list[str], int, int]] = []
    for group, sep in zip(groups, seps):
        if sep and not re.search(r"\band\b|&", sep[-1]):
            out.extend(([n], s, e) for s, e, n in spans if group[1] <= s and e <= group[2])
        else:
            out.append(group)
    return out


def _short_names(text: str, spans: list[tuple[int, int, str]], state: _Doc) -> list[tuple[int, int, str]]:
    """Single-token references to people named elsewhere in the document ('Eric', 'Chin')."""
    out = []
    for match in _SHORT.finditer(text):
        if match.group() not in state.short or any(s <= match.start() < e for s, e, _ in spans):
            continue
        out.append((match.start(), match.end(), match.group()))
    return out


_SHORT = re.compile(r"(?<![\w-])[A-Z][a-zà-ÿ]+(?![\w-])")


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


def _clause(text: str) -> str:
    """`text` up to the end of its clause (quote, semicolon, ', said', ' who ', sentence end)."""
    match = _CLAUSE_END.search(text)
    return text[: match.start()] if match else text


def _title_then_org(clause: str) -> Iterator[tuple[str, str | None]]:
    """Split 'VP of Developer Relations at JFrog and co-lead of the X team' into (title, org) pairs."""
    clause = clause.strip()
    while clause:
        best = None
        for prep in _PREP.finditer(clause):
            title = clause[: prep.start()]
            got = org_at(_MEMBER_DESC.sub("", clause[prep.end():]))
            if not got or not is_title(title):
                continue
            after = clause[prep.end() + got[1]:]
            # "VP of Developer Relations at JFrog": a later " at ORG" / ", ORG" owns the org slot.
            if prep.group().strip() == "for" and board_seat_re().search(title):
                continue  # "Member Director for Microsoft": the member represented, not the employer
            if prep.group().strip() in {"of", "for", "from"} and re.match(r"^\s(?:at|with)\s|^,\s[A-Z]", after):
                continue
            if prep.group().strip() in {"of", "for"} and (is_domain(got[0]) or split_org_title(title)[0]):
                continue  # "Director of Engineering", "Google Director of Engineering"
            if prep.group().strip() == ",":
                got = org_at(_MEMBER_DESC.sub("", clause[prep.end():]))
                if not got or not (got[0][:1].isupper() or "." in got[0]) or is_title(got[0].split()[0]):
                    continue
            best = (title, got[0], after)
            break
        if best is None:
            org, title = split_org_title(clause)
            if is_title(title):
                yield title, org
            return
        conj = re.match(r"^(.+?)\s+and\s+(.+)$", best[0])
        first = split_org_title(conj.group(1)) if conj else (None, "")
        if conj and first[0] and is_title(first[1]) and is_title(conj.group(2)):
            yield first[1], first[0]
            yield conj.group(2), best[1]
        else:
            yield best[0], best[1]
        rest = re.match(r"^\s*,?\s*(?:and\s+)(?:(?:a|an|the)\s+)?", best[2])
        clause = best[2][rest.end():] if rest else ""


def _appositive(text: str, persons: list[str], end: int, kind: str) -> Iterator[_Hit]:
    right = text[end:]
    paren = re.match(r"^\s*\(([^()]{2,120})\)", right)
    if paren:
        inner = paren.group(1)
        if is_title(inner) and not re.match(r"^[“\"'‘]", inner):
            pairs = [(t, o) for t, o in _title_then_org(inner) if o is not None]
            for title, org in pairs or [(inner, None)]:
                yield persons, clean_title(title), org, "role.appositive"
            return
        right = right[paren.end():]
    sep = re.match(r"^\s*(?:,|\s[–—-]|:)\s+", right)
    if not sep:
        return
    clause = _clause(right[sep.end():])
    ours = re.match(r"^(?:the\s+)?(?:our|its)\s", clause)
    clause = re.sub(r"^(?:(?:a|an|the|our|its|currently|current|now)\s+)+", "", clause)
    if _ended_re().match(clause):
        return
    plural = len(persons) > 1
    for title, org in _title_then_org(clause):
        # "Name, Title" with no organisation: the publisher's only in headings, list items and seats.
        if org is None and ours:
            org = "our"
        if org is None:
            lead = _LEAD_ORG.search(text[: end])
            org = lead.group("org") if lead else None
        if org is None and kind not in {"heading", "item"} and not board_seat_re().search(title):
            continue
        yield persons, clean_title(title, plural), org, "role.appositive"


def _copula(text: str, persons: list[str], end: int) -> Iterator[_Hit]:
    match = _COPULA.match(text[end:])
    if not match:
        return
    rest = re.split(r";|[.!?]\s|,\s+who\s", text[end + match.end():])[0]
    for part in re.split(r",\s+(?:and\s+)?(?=(?:a|an|the)\s)|\s+and\s+(?=(?:a|an|the|is)\s)", rest):
        part = re.sub(r"^is\s+(?:employed\s+by\s+\w+\s+as\s+)?", "", part.strip())
        part = re.sub(r"^(?:a|an|the)\s+", "", part.strip())
        if _ended_re().match(part):
            continue
        for title, org in _title_then_org(_clause(part)):
            if org is not None:
                yield persons, clean_title(title), org, "role.copula"


def _pre_title(text: str, persons: list[str], start: int) -> Iterator[_Hit]:
    """Titles written before the name: "Rust Foundation's Executive Director & CEO, Dr. X", "our Project Director, X"."""
    left = text[max(0, start - 160): start]
    if re.search(r"\bProf(?:essor|\.)?\s+$", left):
        # The academic title doubles as an honorific: "Professor X at the University of Y".
        at = re.match(r"^[^.;]*?\s(?:at|of)\s+(?=(?:the\s+)?[A-Z])", text[start:])
        got = org_at(text[start + at.end():]) if at else None
        if got:
            yield persons[-1:], "Professor", got[0], "role.pre_title"
    left = _HONORIFIC_END.sub("", left)
    if _replace_re().search(left[-40:]) or re.search(r"\(\s*$", left):
        return
    while left.strip():
        # Try the shortest phrase first: it starts after the last delimiter ("by", ",", "and" ...).
        cuts = [m.end() for m in _PRE_DELIM.finditer(left)]
        hit = None
        for cut in reversed(cuts[-4:]):
            if _NAME_COMMA.search(left[:cut]):
                continue  # "A, Chief Architect at Akamai, B": the title is A's, not B's
            phrase = left[cut:].strip().rstrip(",")
            hit = None if find_names(phrase) else _pre_phrase(phrase)
            if hit:
                yield persons, hit[0], hit[1], "role.pre_title"
                left = left[:cut]
                break
        # A chain: "The Rust Foundation's Global Rust Coordinator and Rust Nation UK's organizer X".
        if not hit or not re.search(r"\band\s+$", left):
            return
        left = re.sub(r"\s*\band\s+$", " ", left)


def _title_paren(text: str, persons: list[str], start: int, end: int) -> Iterator[_Hit]:
    """List items and headings 'Security Developer-in-Residence (Seth Larson)': the title of the publisher."""
    left = re.search(r"(?:^|[:;]\s*)([^:;()]{2,80}?)\s*\($", text[:start])
    if left and re.match(r"^\)\s*[.,;:]?\s*$", text[end:]) and is_title(left.group(1)):
        # A list of staff titles: the whole phrase is the title ("PyPI Safety & Security Engineer").
        yield persons, clean_title(left.group(1)), None, "role.appositive"


_LEAD_ORG = re.compile(
    r"\b(?:at|of|from)\s+(?:the\s+)?(?P<org>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,4})\s+(?:are|were|include|includes)\s"
)
_NAME_COMMA = re.compile(rf"{NAME},\s*$")
_HONORIFIC_END = re.compile(r"(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+$")
_PRE_DELIM = re.compile(
    r"(?:^|[.;:“”\"(!?]\s*|,\s+|\b(?:by|from|with|to|and|said|says|of|under|welcome|welcomes|welcoming|introducing|"
    r"including|featuring|thanks|thank)\s+)"
)


def _pre_phrase(phrase: str) -> tuple[str, str] | None:
    """(title, org) for a phrase that ends right before a name, or None."""
    det = re.match(r"^(?:the\s+)?(our|its|their)\s+(?:new\s+|current\s+)?", phrase, re.I)
    if det:
        title = phrase[det.end():]
        return (clean_title(title), "our") if is_title(title) and _capitalised_title(title) else None
    of = re.match(r"^(?:the\s+|current\s+|new\s+)*(.+?)\s+(?:of|at)\s+(.+)$", phrase)
    if of and is_title(of.group(1)):
        got = org_at(of.group(2))
        if got and got[1] >= len(of.group(2)) - 1 and not is_domain(got[0]):
            return clean_title(of.group(1)), got[0]
    org, title = split_org_title(re.sub(r"^(?:the|The)\s+", "", phrase))
    if org and is_title(title) and _capitalised_title(title):
        return clean_title(title), org
    return None


def _capitalised_title(title: str) -> bool:
    """Pre-name titles are written capitalised ("Executive Director"), unlike running prose."""
    words = [w for w in title.split() if w.lower() not in {"of", "and", "&", "for", "the"}]
    return bool(words) and (words[0][0].isupper() or len(words) <= 2)


_TITLE_RUN = re.compile(
    r"^(?P<title>[\w&'’.-]+(?:\s[\w&'’.-]+){0,6}?)"
    r"(?=\s(?:at|of|for|on|to|with|in|from|focusing|working|where|who|and\s(?:will|is|was|has|he|she)|since|starting|effective|"
    r"during|until|after|before|by|through|bringing)\b|[,.;:)!]|$)"
)


def _as_title(text: str, groups: list[tuple[list[str], int, int]]) -> Iterator[_Hit]:
    for match in _AS.finditer(text):
        subjects = _subjects_before(text, groups, match.start())
        if not subjects:
            continue
        rest = text[match.end():]
        det = re.search(r"\b(?:our|its)\s+(?:\w+\s+)?$", match.group())
        poss = re.match(r"^(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,4})(?:'s|’s)\s+(?:new\s+)?", rest)
        if poss:
            title = _clause(rest[poss.end():])
            if is_title(title):
                yield subjects, clean_title(title, len(subjects) > 1), poss.group(1), "role.as_title"
            continue
        run = _TITLE_RUN.match(rest)
        raw = run.group("title").rstrip(".") if run else ""
        if not raw or not is_title(raw) or not raw[:1].isalnum() or re.search(r"\w['’]s?\s", raw):
            continue  # "as JetBrains' representative": a member's seat, not a post at JetBrains
        title = clean_title(raw, len(subjects) > 1)
        after = rest[run.end():]
        org = _org_after_title(after, title)
        if org is None:
            between = text[groups[0][2]: match.start()]
            got = re.search(r"\b(?:joins|joined|joining|join|at|to|with)\s+(?=(?:the\s+)?[A-Z])", between)
            org = got and org_at(between[got.end():]) and org_at(between[got.end():])[0]  # type: ignore[index]
        if org is None and (det or board_seat_re().search(title) or re.search(r"\bjoin(?:s|ed|ing)?\s+$", text[: match.start()])):
            org = "our"
        if org:
            yield subjects, title, org, "role.as_title"


def _who_verb(text: str, groups: list[tuple[list[str], int, int]]) -> Iterator[_Hit]:
    """'A and B, who co-direct Alpha-Omega' / 'X, who leads the Y team'."""
    for persons, _start, end in groups:
        match = _WHO_VERB.match(text[end:])
        if not match:
            continue
        got = org_at(text[end + match.end():])
        if got:
            yield persons, _verb_titles()[match.group("verb").lower()], got[0], "role.who_verb"


@cache
def _verb_titles() -> dict[str, str]:
    return {k.lower(): str(v) for k, v in vocabulary()["verb_titles"].items()}  # type: ignore[union-attr]


@cache
def _who_verb_re() -> re.Pattern[str]:
    verbs = alternation(list(_verb_titles()))
    return re.compile(rf"^\s*,?\s+who\s+(?:also\s+|currently\s+|now\s+|jointly\s+)?(?P<verb>{verbs})\s+(?=(?:the\s+)?[A-Za-z])", re.I)


class _LazyRe:
    """A regex built from pattern data on first use."""

    def __init__(self, build: Callable[[], re.Pattern[str]]) -> None:
        self._build = build

    def match(self, text: str) -> re.Match[str] | None:
        return self._build().match(text)


_WHO_VERB = _LazyRe(_who_verb_re)


_COLON_TITLE = re.compile(r"(?P<title>(?:[A-Z][\w-]*\s){0,3}[A-Z][\w-]*s)\s*:\s+")


def _colon_list(text: str, groups: list[tuple[list[str], int, int]]) -> Iterator[_Hit]:
    """'three Project Directors: A, who ...; B, who ...; and C, ...' -> each holds the title."""
    match = _COLON_TITLE.search(text)
    if not match:
        return
    title = clean_title(match.group("title"), plural=True)
    if not is_title(title) or match.group("title").endswith("ss"):
        return
    names = [p for persons, start, _e in groups if start >= match.end()
             and re.search(r"(?:^|[:;]\s*|;\s*and\s+)$", text[match.end() - 2: start].rstrip() + " ")
             for p in persons]
    if names:
        yield names, title, "our", "role.list"


def _seat_list(text: str, groups: list[tuple[list[str], int, int]], context: str) -> Iterator[_Hit]:
    """'a search committee made up of A, B and C' / 'attended by board members A, B and C'."""
    for persons, start, _end in groups:
        if len(persons) < 2:
            continue
        match = _seat_list_re().search(text[max(0, start - 80): start])
        if match:
            body = match.group("body").strip()
            yield persons, f"{body[0].upper()}{body[1:].lower()} member", "our", "role.seat"


@cache
def _seat_list_re() -> re.Pattern[str]:
    cues = alternation(list(vocabulary()["seat_list_cues"]))  # type: ignore[arg-type]
    return re.compile(
        rf"\b(?P<body>(?:[A-Za-z-]+\s)?(?:board|committee|council|panel|jury))\s+(?:{cues})\s*:?\s*$", re.I
    )


def _org_after_title(after: str, title: str) -> str | None:
    """The organisation named after a title: 'at X', 'of X', or for a board seat 'on the Board of X'."""
    if board_seat_re().search(title):
        board = re.search(r"\bon\s+(?:the|our|its)\s+[Bb]oard(?:\s+of\s+[Dd]irectors)?(?:\s+(?:of|at)\s+(.+))?", after)
        if board and board.group(1) and org_at(board.group(1)):
            return org_at(board.group(1))[0]  # type: ignore[index]
        if board or re.match(r"^\s+for\s", after):
            return "our"
    prep = re.match(r"^\s+(?:at|of|with|for)\s+", after)
    got = org_at(after[prep.end():]) if prep else None
    return got[0] if got else None


def _subjects_before(text: str, groups: list[tuple[list[str], int, int]], pos: int) -> list[str]:
    """The people named before `pos` in the same clause, leaving out those being replaced."""
    out: list[str] = []
    for persons, start, end in groups:
        if end > pos:
            break
        before = text[:start]
        if _replace_re().search(before[-80:]) and not re.search(r"[.;]", before[-80:]):
            continue
        out.extend(persons)
    return out


def _seats(text: str, groups: list[tuple[list[str], int, int]], state: _Doc) -> Iterator[_Hit]:
    """Seats on governing bodies: 'A and B from the Rust Project Leadership Council', 'served on the X Board'."""
    for match in _SEAT_BODY.finditer(text):
        persons = _subjects_before(text, groups, match.start()) or ([state.subject] if _PRONOUN.match(text) and state.subject else [])
        if not persons:
            continue
        cue = text[: match.start()]
        if not re.search(r"\b(?:from|on|serves?|served|serving|sits?|sat|roles?|member|elected|appointed|including|joins|joined)\b", cue):
            continue
        body = match.group("body")
        parent = (match.group("parent") or "").strip()
        while parent and parent.split()[-1] in _BODY_PREFIX:
            body = f"{parent.split()[-1]} {body}"
            parent = " ".join(parent.split()[:-1])
        whole = f"{parent} {body}".strip()
        if known_body(whole):
            yield persons, f"{_body_words(whole)} member", whole, "role.seat"
        elif parent:
            yield persons, f"{body[0].upper()}{body[1:].lower() if body.istitle() and ' ' not in body else body[1:]} member", parent, "role.seat"
    board = _ON_BOARD.search(text)
    if board:
        persons = _subjects_before(text, groups, board.start())[-1:]
        if persons:
            yield persons, "Board member", "our", "role.seat"
    where = _WHERE_SERVES.search(text)
    if where:
        persons = [p for g in groups for p in g[0] if g[1] < where.start()][:1] or ([state.subject] if state.subject else [])
        title = where.group("title")
        if persons and is_title(title):
            yield persons, clean_title(title), where.group("org"), "role.where_serves"


def known_body(name: str) -> bool:
    """True when the gazetteer knows `name` as a body of its own (a council, team or committee)."""
    ent = entity(name)
    return ent.known and ent.kind == "body"


def _body_words(name: str) -> str:
    """'Rust Project Leadership Council' -> 'Leadership Council' (the seat body's own words)."""
    match = seat_body_re().search(name)
    if not match:
        return name
    words = name[: match.start()].split()
    lead = [w for w in words[-1:] if w[:1].isupper() and not entity(w).known and w.lower() not in {"project", "foundation"}]
    return " ".join([*lead, match.group()])


_SEAT_BODY = re.compile(
    r"\b(?:the\s+)?(?P<parent>(?:[A-Z][\w'’.-]*\s){1,5}?)(?P<body>Technical Advisory Committee|Technical Steering Committee|"
    r"Steering Committee|Advisory Board|Governing Board|Board of Directors|Leadership Council|Board|Council)\b(?!\s+(?:of|meeting))"
)
_ON_BOARD = re.compile(
    r"\b(?:stays?|remains?|serves?|served|sits?|sat|seat)\s+on\s+(?:the|our|its)\s+[Bb]oard(?:\s+of\s+[Dd]irectors)?\b(?!\s+of\s+[A-Z])"
)
_BODY_PREFIX = frozenset({"Technical", "Advisory", "Steering", "Governing", "Leadership", "Program", "Executive", "Oversight"})
_WHERE_SERVES = re.compile(
    r"(?:the\s+)?(?P<org>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,4}),\s+where\s+(?:he|she|they|I)\s+(?:currently\s+|also\s+|now\s+)?"
    r"(?:serves|served|is|acts|sits)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?(?P<title>[\w-]+(?:\s[\w-]+){0,3}?)(?=[,.;]|$)"
)


def _pronoun_subject(text: str, state: _Doc) -> Iterator[_Hit]:
    """'He is a Distinguished Engineer at Arm' / 'I am one of the lead maintainers of X' -> the current subject."""
    match = re.match(r"^(?:He|She|They|I)(?=\s(?:is|was|has been|am|are|serves|remains|currently)\b)", text)
    if match and state.subject:
        rest = re.sub(r"^\s+am\b", " is", text[match.end():])
        rest = re.sub(r"^\s+are\b", " is", rest)
        yield from _copula(rest, [state.subject], 0)


def _list_item(text: str, context: str, state: _Doc) -> Iterator[_Hit]:
    """Items: 'Chair: Name', 'Name: Co-leading the X', or a bare name under a role heading."""
    text = text.strip().rstrip(".;")
    colon = re.match(r"^(?P<title>[^:]{2,60}?)\s*:\s*(?P<names>.+)$", text)
    if colon and is_title(colon.group("title")):
        names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", colon.group("names"))]
        if names and all(is_name(n) or is_handle(n) for n in names):
            yield names, clean_title(colon.group("title"), len(names) > 1), _context_org(context), "role.list"
            return
    if colon and (is_name(colon.group("title")) or is_handle(colon.group("title"))):
        gerund = re.match(rf"^({alternation(list(_gerunds()))})\b.*?\bthe\s+", colon.group("names"), re.I)
        got = org_at(colon.group("names")[gerund.end():]) if gerund else None
        if gerund and got:
            yield [colon.group("title")], _gerunds()[gerund.group(1).lower()], got[0], "role.list"
        return
    bare = strip_honorific(text)
    if (is_name(bare) or is_handle(bare)) and context:
        title = _context_title(context)
        if title:
            yield [bare], title, _context_org(context), "role.list"


@cache
def _gerunds() -> dict[str, str]:
    return {k.lower(): str(v) for k, v in vocabulary()["gerund_titles"].items()}  # type: ignore[union-attr]


_CONTEXT_SEAT = re.compile(r"\b((?:[A-Z][\w-]*\s){0,3}(?:Board|Committee|Council))\s+members?\b", re.I)
_CONTEXT_TITLE = re.compile(r"\b((?:[A-Z][\w-]*\s){0,3}[A-Z]?[\w-]*?(?:s))\b")


def _context_title(context: str) -> str | None:
    """The title a list's heading gives its items: 'Board members in attendance' -> 'Board member'."""
    seat = _CONTEXT_SEAT.search(context)
    if seat:
        return f"{seat.group(1).strip()} member"
    for match in re.finditer(r"((?:[A-Z][\w-]*\s){0,3})([A-Za-z-]+s)\b", context):
        head = match.group(2)
        if is_title(head[:-1]) and head[:-1].lower() != "member":
            phrase = (match.group(1) + head).strip()
            phrase = re.sub(r"^(?:The|Our|New|Meet|Welcome|Welcoming|Introducing|Thank|Thanks)\s+", "", phrase)
            phrase = re.sub(r"^(?:The|Our|New)\s+", "", phrase)
            return clean_title(phrase, plural=True)
    return None


def _context_org(context: str) -> str:
    """The organisation a list heading names ('Meet the 2024 RustConf Program Committee'), else the publisher."""
    for match in re.finditer(r"\b(?:of|at|to|the)\s+(?:\d{4}\s+)?(?=[A-Z])", context):
        got = org_at(context[match.end():])
        if got and (seat_body_re().search(got[0]) or entity(got[0]).known):
            name = got[0]
            return "our" if re.fullmatch(r"(?:[Bb]oard|[Bb]oard of [Dd]irectors)", name) else name
    return "our"


def _org_name(org: str | None, state: _Doc) -> str | None:
    """The canonical organisation for an org slot ('our', 'the project', a name)."""
    publisher = state.doc.publisher
    if org is None:
        return publisher
    anaphor = _ANAPHOR.match(org.strip(" ,.;:"))
    if anaphor:
        kinds = _ANAPHOR_KINDS[anaphor.group(1).lower()]
        return _last_named(state.seen, kinds)
    org = re.sub(r"^(?:the|The)\s+", "", org.strip(" ,.;:"))
    if _SELF.match(org) or org.lower() in {"foundation", "board", "board of directors", "our", "its"}:
        return publisher
    if org.split()[0].lower() in {"a", "an", "this", "that", "these", "his", "her", "their", "various", "several"}:
        return None
    return entity(org).name


_ANAPHOR_KINDS = {
    "project": {"project", "initiative", "programme"}, "initiative": {"initiative", "project", "programme"},
    "program": {"programme", "initiative"}, "programme": {"programme", "initiative"},
    "company": {"company"}, "organization": {"company", "foundation", "organization"},
    "organisation": {"company", "foundation", "organization"},
}
_POSS_END = re.compile(r"(?:'s|’s)$")
_CAP_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s(?:[A-Z][\w'’-]*|of|and|&))*")


def _remember(sent: SentenceLike, state: _Doc) -> None:
    """Track the sentence's subject person and the known organisations it names."""
    if sent.kind == "heading" and is_name(strip_honorific(sent.text.strip())):
        state.subject = state.people.resolve(sent.text.strip())
        return
    names = find_names(sent.text)
    if names:
        state.subject = state.people.resolve(names[0][2])
    state.seen.append(sent.text)


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
