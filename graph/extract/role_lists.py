"""Role rules over whole sentences: "as <title>", seats on boards and committees, lists of names in prose.

- `as_title`    "will become Member Director for JFrog on the Board",
                "joined ... as our new Security Engineer"
- `who_verb`    "A and B, who co-direct Alpha-Omega"
- `seats`       "from the Rust Project Leadership Council", "served on the FreeBSD Foundation Board",
                "the Yocto Project, where he currently serves as Chair", "stays on the Board"
- `seat_list`   "a search committee made up of A, B and C"
- `colon_list`  "three Project Directors: A; B; and C"
List items (a role heading over names, "Chair: Name") are read in role_items.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from graph.extract.patterns import alternation
from graph.extract.persons import find_names, fold_case, vocabulary
from graph.extract.role_phrases import Hit, clause_of, replace_re
from graph.extract.spans import board_seat_re, clean_title, entity, is_title, org_at, seat_body_re

Groups = list[tuple[list[str], int, int]]  # coordinated names with the span they cover

PRONOUN = re.compile(r"^(?:He|She|They|I)\b")
_AS = re.compile(
    r"\b(?:as|will become|becomes|became|has become|"
    r"(?:was |been |is )?(?:named|appointed|elected|re-elected|promoted)(?:\s+(?:as|to))?)\s+"
    r"(?:(?:a|an|the|our|its|their|his|her|new|second|first|next|third)\s+)*",
    re.I,
)
#: Every `_AS` match holds one of these, in the text lower-cased as the regex compares it
#: ("as" with no letter before it and a space after it): a cheap test before `as_title`.
AS_CUE = re.compile(r"as(?<!\was)\s|becom|became|named|appointed|elected|promoted")
_TITLE_RUN = re.compile(
    r"^(?P<title>[\w&'’.-]+(?:\s[\w&'’.-]+){0,10}?)"
    r"(?=\s(?:at|of|for|on|to|with|in|from|focusing|working|where|who|and\s(?:will|is|was|has|he|she)|since|starting|effective|"
    r"during|until|after|before|by|through|bringing)\b|[,.;:)!]|$)"
)


def as_title(text: str, groups: Groups) -> Iterator[Hit]:
    for match in _AS.finditer(text):
        subjects = _subjects_before(text, groups, match.start())
        if not subjects:
            continue
        rest = text[match.end() :]
        det = re.search(r"\b(?:our|its)\s+(?:\w+\s+)?$", match.group())
        poss = re.match(r"^(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,4})(?:'s|’s)\s+(?:new\s+)?", rest)
        if poss:
            title = clause_of(rest[poss.end() :])
            if is_title(title):
                yield subjects, clean_title(title, len(subjects) > 1), poss.group(1), "role.as_title"
            continue
        run = _TITLE_RUN.match(rest)
        raw = _cut_at_next_name(run.group("title").rstrip(".")) if run else ""
        if not raw or not is_title(raw) or not raw[:1].isalnum() or re.search(r"\w['’]s?\s", raw):
            continue  # "as JetBrains' representative": a member's seat, not a post at JetBrains
        # "Doug Cutting as Chair, Greg Stein as Vice Chair": a singular title is the nearest name's.
        plural = bool(re.search(r"[a-z]s$", raw)) and len(subjects) > 1
        subjects = subjects if plural else subjects[-1:]
        title = clean_title(raw, plural)
        after = rest[run.end() :] if run else ""
        org = _org_after_title(after, title)
        if org is None:
            between = text[groups[0][2] : match.start()]
            got = re.search(r"\b(?:joins|joined|joining|join|at|to|with)\s+(?=(?:the\s+)?[A-Z])", between)
            place = org_at(between[got.end() :]) if got else None
            org = place[0] if place else None
        if org is None and (
            _CHOSEN.search(text[: groups[0][1]])
            or det
            or board_seat_re().search(title)
            or re.search(r"\bjoin(?:s|ed|ing)?\s+$", text[: match.start()])
        ):
            org = "our"
        if org:
            yield subjects, title, org, "role.as_title"


#: "The board elected John Smith as Treasurer": chosen by the publisher's own body.
_CHOSEN = re.compile(r"\b(?:elected|appointed|named|hired|welcomed|welcomes|welcome)\s+$")


def _cut_at_next_name(title: str) -> str:
    """'Chair and Greg Stein joined as Vice Chair' -> 'Chair': the next person starts a new clause."""
    for match in re.finditer(r"\s+and\s+", title):
        names = find_names(title[match.end() :])
        if names and names[0][0] == 0:
            return title[: match.start()]
    return title


def who_verb(text: str, groups: Groups) -> Iterator[Hit]:
    """'A and B, who co-direct Alpha-Omega' / 'X, who leads the Y team'."""
    for persons, _start, end in groups:
        match = _WHO_VERB.match(text[end:])
        if not match:
            continue
        got = org_at(text[end + match.end() :])
        if got:
            yield persons, _verb_titles()[match.group("verb").lower()], got[0], "role.who_verb"


@cache
def _verb_titles() -> dict[str, str]:
    return {k.lower(): str(v) for k, v in vocabulary()["verb_titles"].items()}


@cache
def _who_verb_re() -> re.Pattern[str]:
    verbs = alternation(list(_verb_titles()))
    return re.compile(
        rf"^\s*,?\s+who\s+(?:also\s+|currently\s+|now\s+|jointly\s+)?(?P<verb>{verbs})\s+(?=(?:the\s+)?[A-Za-z])",
        re.I,
    )


class _LazyRe:
    """A regex built from pattern data on first use."""

    def __init__(self, build: Callable[[], re.Pattern[str]]) -> None:
        self._build = build

    def match(self, text: str) -> re.Match[str] | None:
        return self._build().match(text)


_WHO_VERB = _LazyRe(_who_verb_re)
_COLON_TITLE = re.compile(r"(?P<title>(?:[A-Z][\w-]*\s){0,3}[A-Z][\w-]*s)\s*:\s+")


def colon_list(text: str, groups: Groups) -> Iterator[Hit]:
    """'three Project Directors: A, who ...; B, who ...; and C, ...' -> each holds the title."""
    match = _COLON_TITLE.search(text) if ": " in text else None
    if not match:
        return
    title = clean_title(match.group("title"), plural=True)
    if not is_title(title) or match.group("title").endswith("ss"):
        return
    names = [
        p
        for persons, start, _e in groups
        if start >= match.end()
        and re.search(r"(?:^|[:;]\s*|;\s*and\s+)$", text[match.end() - 2 : start].rstrip() + " ")
        for p in persons
    ]
    if names:
        yield names, title, "our", "role.list"


def passive(text: str, groups: Groups) -> Iterator[Hit]:
    """'Rust-Edu is currently led by Professor Bart Massey', 'our Technology Team, led by Joel Marcey'."""
    for persons, start, _end in groups:
        match = _passive_re().search(text[max(0, start - 60) : start])
        if not match:
            continue
        title = _passive_titles()[match.group("verb").lower()]
        before = text[: max(0, start - 60) + match.start()]
        ours = re.search(r"\bour\s+(?:[A-Z][\w-]*\s)*[A-Z][\w-]*,?\s*$", before)
        subject = org_at(re.sub(r"^(?:The|the)\s+", "", text))
        org = "our" if ours else subject[0] if subject and subject[1] < len(before) else None
        if org:
            yield persons, "" if title == "-" else title, org, "role.passive"


@cache
def _passive_titles() -> dict[str, str]:
    return {k.lower(): str(v) for k, v in vocabulary()["passive_titles"].items()}


@cache
def _passive_re() -> re.Pattern[str]:
    verbs = alternation(list(_passive_titles()))
    return re.compile(
        rf"\b(?P<verb>{verbs})\s+by\s+(?:(?:engineers|developers|maintainers|professor|prof\.|dr\.?)\s*,?\s+)?$",
        re.I,
    )


def seat_list(text: str, groups: Groups) -> Iterator[Hit]:
    """'a search committee made up of A, B and C' / 'attended by board members A, B and C'."""
    for persons, start, _end in groups:
        if len(persons) < 2:
            continue
        match = _seat_list_re().search(text[max(0, start - 80) : start])
        if match:
            body = re.sub(r"^(?:our|the|its|their|a|an)\s+", "", match.group("body").strip(), flags=re.I)
            yield persons, f"{body[0].upper()}{body[1:].lower()} member", "our", "role.seat"


@cache
def _seat_list_re() -> re.Pattern[str]:
    cues = alternation(list(vocabulary()["seat_list_cues"]))
    return re.compile(
        rf"\b(?P<body>(?:[A-Za-z-]+\s)?(?:board|committee|council|panel|jury))\s+(?:{cues})\s*:?\s*$", re.I
    )


def _org_after_title(after: str, title: str) -> str | None:
    """The organisation named after a title: 'at X', 'of X', or for a board seat 'on the Board of X'."""
    if board_seat_re().search(title):
        board = re.search(
            r"\bon\s+(?:the|our|its)\s+[Bb]oard(?:\s+of\s+[Dd]irectors)?(?:\s+(?:of|at)\s+(.+))?", after
        )
        named = org_at(board.group(1)) if board and board.group(1) else None
        if named:
            return named[0]
        if board or re.match(r"^\s+for\s", after):
            return "our"
    prep = re.match(r"^\s+(?:at|of|with|for)\s+", after)
    got = org_at(after[prep.end() :]) if prep else None
    return got[0] if got else None


def _subjects_before(text: str, groups: Groups, pos: int) -> list[str]:
    """The people named before `pos` in the same clause, leaving out those being replaced."""
    out: list[str] = []
    for persons, start, end in groups:
        if end > pos:
            break
        before = text[:start]
        if replace_re().search(before[-80:]) and not re.search(r"[.;]", before[-80:]):
            continue
        out.extend(persons)
    return out


def seats(text: str, groups: Groups, subject: str | None) -> Iterator[Hit]:
    """Seats on governing bodies: 'A and B from the Rust Project Leadership Council', 'served on the X Board'.

    `subject` is the person "he"/"she"/"I" stands for."""
    low = fold_case(text)
    if not any(map(low.__contains__, _SEAT_WORDS)):
        return
    # Each regex below needs words of its own: "Board", "Council" or "Committee" as written
    # (`_SEAT_BODY`), a body (`_JOINED_BODY`), "oard" (`_ON_BOARD`), "where" (`_WHERE_SERVES`).
    bodies = _SEAT_BODY.finditer(text) if any(map(text.__contains__, _SEAT_BODY_WORDS)) else ()
    for match in bodies:
        persons = _subjects_before(text, groups, match.start()) or (
            [subject] if PRONOUN.match(text) and subject else []
        )
        if not persons:
            continue
        cue = text[: match.start()]
        if not re.search(
            r"\b(?:from|on|serves?|served|serving|sits?|sat|roles?|member|elected|appointed|including|joins|joined)\b",
            cue,
        ):
            continue
        body = match.group("body")
        parent = re.sub(r"['’]s?$", "", (match.group("parent") or "").strip())
        while parent and parent.split()[-1] in _BODY_PREFIX:
            body = f"{parent.split()[-1]} {body}"
            parent = " ".join(parent.split()[:-1])
        whole = f"{parent} {body}".strip()
        if parent.lower() in _GENERIC_PARENTS:
            continue  # "the Project’s Leadership Council": whose is not named here
        if body.lower() == "board of directors":
            body = "Board"
        if known_body(whole):
            yield persons, f"{_body_words(whole)} member", whole, "role.seat"
        elif parent:
            yield (
                persons,
                f"{_seat_title(body)} member",
                parent,
                "role.seat",
            )
    joined = _JOINED_BODY.search(text) if any(map(low.__contains__, _JOINED_BODY_WORDS)) else None
    if joined:
        persons = _subjects_before(text, groups, joined.start())[-1:]
        if (
            not persons
            and subject
            and re.search(r"\b(?:I|he|she|they|He|She|They)\s+(?:\w+\s+)?$", text[: joined.start()])
        ):
            persons = [subject]
        got = org_at(text[joined.end() :])
        body = joined.group("body")
        if persons and got:
            yield persons, f"{body[0].upper()}{body[1:].lower()} member", got[0], "role.seat"
    board = _ON_BOARD.search(text) if "oard" in text else None
    if board:
        persons = _subjects_before(text, groups, board.start())[-1:]
        if persons:
            yield persons, "Board member", "our", "role.seat"
    where = _WHERE_SERVES.search(text) if "where" in text else None
    if where:
        persons = [p for g in groups for p in g[0] if g[1] < where.start()][:1] or (
            [subject] if subject else []
        )
        title = where.group("title")
        if persons and is_title(title):
            yield persons, clean_title(title), where.group("org"), "role.where_serves"


def _seat_title(body: str) -> str:
    """'Board' -> 'Board'; 'Technical Advisory Committee' stays as written."""
    return f"{body[0].upper()}{body[1:].lower() if body.istitle() and ' ' not in body else body[1:]}"


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
    lead = [
        w
        for w in words[-1:]
        if w[:1].isupper() and not entity(w).known and w.lower() not in {"project", "foundation"}
    ]
    return " ".join([*lead, match.group()])


_SEAT_BODY = re.compile(
    r"\b(?:the\s+)?(?P<parent>(?:[A-Z][\w'’.-]*\s){1,5})"
    r"(?P<body>Technical Advisory Committee|Technical Steering Committee|Steering Committee|Advisory Board|"
    r"Governing Board|Board of Directors|Leadership Council|Board|Council)\b(?!\s+(?:of|meeting))"
)
_JOINED_BODY = re.compile(
    r"\b(?:joined|joins|join|serves?\s+on|served\s+on|sits?\s+on|elected\s+to|appointed\s+to|a\s+member\s+of)\s+the\s+"
    r"(?P<body>core team|board of directors|board|steering committee|technical steering committee|"
    r"technical advisory committee|leadership council)\s+(?:of|at)\s+(?=(?:the\s+)?[A-Z])",
    re.I,
)
#: Words one of which every seat rule needs (a cheap gate before the regexes).
_SEAT_WORDS = ("board", "council", "committee", "team", "where")
_SEAT_BODY_WORDS = ("Board", "Council", "Committee")  # every `_SEAT_BODY` body ends with one
_JOINED_BODY_WORDS = ("team", "board", "committee", "council")  # every `_JOINED_BODY` body holds one
_GENERIC_PARENTS = frozenset(
    {"project", "foundation", "company", "organization", "organisation", "community"}
)
_ON_BOARD = re.compile(
    r"\b(?:stays?|remains?|serves?|served|sits?|sat|seat)\s+on\s+(?:the|our|its)\s+[Bb]oard(?:\s+of\s+[Dd]irectors)?\b(?!\s+of\s+[A-Z])"
)
_BODY_PREFIX = frozenset(
    {"Technical", "Advisory", "Steering", "Governing", "Leadership", "Program", "Executive", "Oversight"}
)
_WHERE_SERVES = re.compile(
    r"(?:the\s+)?(?P<org>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,4}),\s+where\s+(?:he|she|they|I)\s+(?:currently\s+|also\s+|now\s+)?"
    r"(?:serves|served|is|acts|sits)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?(?P<title>[\w-]+(?:\s[\w-]+){0,3}?)(?=[,.;]|$)"
)
