"""Role rules for list items: a role heading over names, "Chair: Name", "Name: Co-leading the X".

- `list_item`  items under a role heading ("Board members in attendance were:", "Expert Advisors"),
               "Chair: Name", "Leadership Council Seats: A, B",
               "jackh726: Co-leading the Traits Working Group"
- `page_body`  the committee or working group a charter page is about (its title), which holds the seats
               its member list names
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from graph.extract.patterns import alternation
from graph.extract.persons import is_handle, is_honorific, is_name, strip_honorific, vocabulary
from graph.extract.role_phrases import Hit
from graph.extract.spans import clean_title, entity, is_title, org_at, seat_body_re


def list_item(text: str, context: str, body: str | None = None) -> Iterator[Hit]:
    """Items: 'Chair: Name', 'Name: Co-leading the X', or a bare name under a role heading.

    `body` is the committee or working group the whole page is about (its title), if any."""
    text = text.strip().rstrip(".;")
    colon = _COLON_ITEM.match(text) if ":" in text else None
    if colon and is_title(colon.group("title")):
        names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", colon.group("names"))]
        if names and all(is_name(n) or is_handle(n) for n in names):
            org = _context_org(context)
            yield (
                names,
                clean_title(colon.group("title"), len(names) > 1),
                body if org == "our" and body else org,
                "role.list",
            )
            return
    if colon and (is_name(colon.group("title")) or is_handle(colon.group("title"))):
        gerund = _gerund_re().match(colon.group("names"))
        got = org_at(colon.group("names")[gerund.end() :]) if gerund else None
        if gerund and got:
            yield [colon.group("title")], _gerunds()[gerund.group(1).lower()], got[0], "role.list"
        return
    if not context:
        return  # a bare name is a role only under a heading or lead-in that names one
    words = text.split(None, 8)
    if len(words) > 8 and not is_honorific(words[0]):
        return  # a name has five words at most, a handle one, and a degree (", Ph. D.") adds three
    bare = strip_honorific(text)
    if len(bare.split(None, 5)) > 5:
        return
    if is_name(bare) or is_handle(bare):
        title = _context_title(context)
        if title:
            yield [bare], title, _context_org(context), "role.list"


_COLON_ITEM = re.compile(r"^(?P<title>[^:]{2,60}?)\s*:\s*(?P<names>.+)$")


@cache
def _gerunds() -> dict[str, str]:
    return {k.lower(): str(v) for k, v in vocabulary()["gerund_titles"].items()}


@cache
def _gerund_re() -> re.Pattern[str]:
    return re.compile(rf"^({alternation(list(_gerunds()))})\b.*?\bthe\s+", re.I)


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
            phrase = re.sub(
                r"^(?:The|Our|New|Meet|Welcome|Welcoming|Introducing|Thank|Thanks)\s+", "", phrase
            )
            phrase = re.sub(r"^(?:The|Our|New)\s+", "", phrase)
            return clean_title(phrase, plural=True)
    return None


_BODY_TITLE = re.compile(
    r"^(?:The\s+)?(?P<body>[A-Z][\w&'’.-]*(?:\s[\w&'’.-]+){0,4}\s"
    r"(?:[Ww]orking [Gg]roup|Committee|Council|Task Force|Steering Group|Team))$"
)


def page_body(title: str) -> str | None:
    """The body a page is the charter of ("Fundraising Working Group"), from its title."""
    match = _BODY_TITLE.match(title.strip())
    return match.group("body") if match else None


def _context_org(context: str) -> str:
    """The organisation a list heading names ('Meet the 2024 RustConf Program Committee'), else "our"."""
    for match in re.finditer(r"\b(?:of|at|to|the)\s+(?:\d{4}\s+)?(?=[A-Z])", context):
        got = org_at(context[match.end() :])
        if got and (seat_body_re().search(got[0]) or entity(got[0]).known):
            name = got[0]
            return "our" if re.fullmatch(r"(?:[Bb]oard|[Bb]oard of [Dd]irectors)", name) else name
    return "our"
