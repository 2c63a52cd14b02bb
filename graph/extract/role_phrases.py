"""Role rules that read the phrase around one name: appositives, copulas, titles before the name.

- `appositive`   "Stephen Chin, VP of Developer Relations at JFrog" / "Name — Title, Org" / "Name (Title)"
- `copula`       "Andrew Wafaa is a Distinguished Engineer ... at Arm", "X, who is a Y at Z"
- `pre_title`    "Rust Foundation's Executive Director & CEO, Dr. Rebecca Rumbul", "our Project Director, X"
- `title_paren`  list items "Security Developer-in-Residence (Seth Larson)"

Each yields `Hit`s: (persons, title, organisation or "our" or None for the publisher, rule name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from graph.extract.patterns import alternation
from graph.extract.persons import NAME, find_names, vocabulary
from graph.extract.spans import (
    board_seat_re,
    clean_title,
    has_head,
    is_domain,
    is_title,
    org_at,
    split_org_title,
)

Hit = tuple[list[str], str, str | None, str]  # persons, title, organisation (None = publisher), rule
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
_COPULA = re.compile(  # matched at the end of a name (a `pos`, so no "^")
    r"(?:\s*,\s+who\s+[^,;]{1,60},)?\s*,?\s+(?:who\s+)?(?:is|was|has been|remains|serves as|served as)\s+"
    r"(?:currently\s+|now\s+|also\s+|previously\s+|still\s+)*(?:one of\s+)?(?=(?:a|an|the)\s|[A-Z])"
)


@cache
def ended_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['ended_cues']))})", re.I)


@cache
def replace_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['replace_cues']))})\b", re.I)


def clause_of(text: str) -> str:
    """`text` up to the end of its clause (quote, semicolon, ', said', ' who ', sentence end)."""
    match = _CLAUSE_END.search(text)
    return text[: match.start()] if match else text


def _opens_with_name(title: str) -> bool:
    """'Craig L Russell as Secretary' is a list of people, not a title."""
    names = find_names(title)
    return bool(names) and (names[0][0] == 0 or " as " in title)


_LATER_ORG = re.compile(r"^\s(?:at|with)\s|^,\s[A-Z]")


def title_then_org(clause: str) -> Iterator[tuple[str, str | None]]:
    """Split 'VP of Developer Relations at JFrog and co-lead of the X team' into (title, org) pairs."""
    clause = clause.strip()
    if not has_head(clause) and "member" not in clause.lower():
        return  # every pair needs a title: a title word, or a "<body> member" seat
    while clause:
        best = None
        for prep in _PREP.finditer(clause):
            title = clause[: prep.start()]
            got = org_at(_MEMBER_DESC.sub("", clause[prep.end() :]))
            if not got or not is_title(title) or _opens_with_name(title):
                continue
            after = clause[prep.end() + got[1] :]
            # "VP of Developer Relations at JFrog": a later " at ORG" / ", ORG" owns the org slot.
            if prep.group().strip() == "for" and board_seat_re().search(title):
                continue  # "Member Director for Microsoft": the member represented, not the employer
            if prep.group().strip() in {"of", "for", "from", ","} and _LATER_ORG.match(after):
                continue
            if prep.group().strip() in {"of", "for"} and (is_domain(got[0]) or split_org_title(title)[0]):
                continue  # "Director of Engineering", "Google Director of Engineering"
            if prep.group().strip() == ",":
                got = org_at(_MEMBER_DESC.sub("", clause[prep.end() :]))
                if not got or not (got[0][:1].isupper() or "." in got[0]) or is_title(got[0].split()[0]):
                    continue
                if is_domain(got[0]):
                    continue  # "Project Director, Collaboration": a field of the title
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
        if rest is None:
            # "... at Google for Android Platform Programming Languages and Chair of the Board of Directors"
            rest = re.match(
                r"^[^,;]*?\s+and\s+(?:(?:a|an|the)\s+)?(?=[A-Z][\w-]*(?:\s[A-Z][\w-]*)*\s+(?:of|at)\s)",
                best[2],
            )
        clause = best[2][rest.end() :] if rest else ""


def appositive(text: str, persons: list[str], end: int, kind: str) -> Iterator[Hit]:
    if not _APPOSITION.match(text, end):
        return  # both forms below open with "(" or a separator after the name
    right = text[end:]
    paren = re.match(r"^\s*(?:,\s*Ph\.?\s?D\.?\s*)?\(([^()]{2,200})\)", right)
    if paren:
        inner = paren.group(1)
        pairs = (
            []
            if re.match(r"^[“\"'‘]", inner)
            else [(t, o) for t, o in title_then_org(inner) if o is not None]
        )
        if pairs or (is_title(inner) and kind in {"heading", "item", "title"}):
            found: list[tuple[str, str | None]] = list(pairs) or [(inner, None)]
            for title, owner in found:
                yield persons, clean_title(title), owner, "role.appositive"
            return
        right = right[paren.end() :]
    sep = re.match(r"^\s*(?:,|\s[–—-]|:)\s+", right)
    if not sep:
        return
    clause = clause_of(right[sep.end() :])
    if re.match(r"^(?:and|or|but)\s", clause):
        return
    ours = re.match(r"^(?:the\s+)?(?:our)\s", clause)
    clause = re.sub(r"^(?:(?:a|an|the|our|its|currently|current|now)\s+)+", "", clause)
    if ended_re().match(clause):
        return
    plural = len(persons) > 1
    for title, named in title_then_org(clause):
        org: str | None = named
        # "Name, Title" with no organisation: the publisher's only in headings, list items and seats.
        if org is None and ours:
            org = "our"
        if org is None:
            lead = _LEAD_ORG.search(text[:end])
            org = lead.group("org") if lead else None
        if org is None and kind not in {"heading", "item"} and not board_seat_re().search(title):
            continue
        yield persons, clean_title(title, plural), org, "role.appositive"


def copula(text: str, persons: list[str], end: int) -> Iterator[Hit]:
    match = _COPULA.match(text, end)
    if not match:
        return
    rest = re.split(r";|[.!?]\s|,\s+who\s", text[match.end() :])[0]
    for part in re.split(r",\s+(?:and\s+)?(?=(?:a|an|the)\s)|\s+and\s+(?=(?:a|an|the|is)\s)", rest):
        part = re.sub(r"^is\s+(?:employed\s+by\s+\w+\s+as\s+)?", "", part.strip())
        part = re.sub(r"^(?:a|an|the)\s+", "", part.strip())
        if ended_re().match(part):
            continue
        for title, org in title_then_org(clause_of(part)):
            if org is not None:
                yield persons, clean_title(title), org, "role.copula"


def pre_title(text: str, persons: list[str], start: int) -> Iterator[Hit]:
    """Titles written before the name: "Rust Foundation's Executive Director & CEO, Dr. X",
    "our Project Director, X"."""
    left = text[max(0, start - 160) : start]
    tail = left.rstrip()
    if tail.endswith(("Prof", "Professor", "Prof.")) and re.search(r"\bProf(?:essor|\.)?\s+$", left):
        # The academic title doubles as an honorific: "Professor X at the University of Y".
        at = re.match(r"^[^.;]*?\s(?:at|of)\s+(?=(?:the\s+)?[A-Z])", text[start:])
        got = org_at(text[start + at.end() :]) if at else None
        if got:
            yield persons[-1:], "Professor", got[0], "role.pre_title"
    if tail.endswith(_HONORIFIC_TAILS):
        left = _HONORIFIC_END.sub("", left)
    if not has_head(left):
        return  # every phrase tried below is a part of `left` and needs a title word
    if replace_re().search(left[-40:]) or re.search(r"\(\s*$", left):
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


def title_paren(text: str, persons: list[str], start: int, end: int) -> Iterator[Hit]:
    """List items and headings 'Security Developer-in-Residence (Seth Larson)': the title of the publisher."""
    if text[end : end + 1] != ")":
        return  # the name closes the item in parentheses
    left = re.search(r"(?:^|[:;]\s*)([^:;()]{2,80}?)\s*\($", text[:start])
    if left and re.match(r"^\)\s*[.,;:]?\s*$", text[end:]) and is_title(left.group(1)):
        # A list of staff titles: the whole phrase is the title ("PyPI Safety & Security Engineer").
        yield persons, clean_title(left.group(1)), None, "role.appositive"


_LEAD_ORG = re.compile(
    r"\b(?:at|of|from)\s+(?:the\s+)?(?P<org>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,4})\s+(?:are|were|include|includes)\s"
)
_NAME_COMMA = re.compile(rf"{NAME},\s*$")
_HONORIFIC_END = re.compile(r"(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+$")
#: Every `_HONORIFIC_END` match, its trailing space cut, ends with one of these.
_HONORIFIC_TAILS = tuple(w + dot for w in ("Dr", "Prof", "Professor", "Mr", "Mrs", "Ms") for dot in ("", "."))
#: What follows a name in an appositive: "(", or a comma, colon or dash (`appositive` reads which).
_APPOSITION = re.compile(r"\s*[(,:–—-]")
_PRE_DELIM = re.compile(
    r"(?:^|[.;:“”\"(!?]\s*|,\s+|\b(?:by|from|with|to|and|said|says|of|under|welcome|welcomes|welcoming|introducing|"
    r"including|featuring|thanks|thank)\s+)"
)


def _pre_phrase(phrase: str) -> tuple[str, str] | None:
    """(title, org) for a phrase that ends right before a name, or None."""
    if not has_head(phrase):
        return None
    det = re.match(r"^(?:the\s+)?(our|its|their)\s+(?:new\s+|current\s+)?", phrase, re.I)
    if det and det.group(1).lower() != "our":
        return None  # "Their Founder and CEO, X": whose is not said in this sentence
    if det:
        title = phrase[det.end() :]
        return (clean_title(title), "our") if is_title(title) and _capitalised_title(title) else None
    of = re.match(r"^(?:the\s+|current\s+|new\s+)*(.+?)\s+(?:of|at)\s+(.+)$", phrase)
    if of and is_title(of.group(1)) and _capitalised_title(of.group(1)):
        got = org_at(of.group(2))
        if got and got[1] >= len(of.group(2)) - 1 and not is_domain(got[0]):
            return clean_title(of.group(1)), got[0]
    org, title = split_org_title(re.sub(r"^(?:the|The)\s+", "", phrase))
    if org and is_title(title) and _capitalised_title(title):
        return clean_title(title), org
    return None


def _capitalised_title(title: str) -> bool:
    """Pre-name titles are written capitalised ("Executive Director"), unlike running prose
    ("CNA also onboarded the new PSF Infrastructure engineer"): one free lower-case word at most."""
    words = [w for w in title.split() if w.lower() not in {"of", "and", "&", "for", "the", "to", "-"}]
    if not words or not (words[0][0].isupper() or len(words) <= 2):
        return False
    loose = [w for w in words if w[0].islower() and not has_head(w) and not is_domain(w)]
    return len(loose) <= 1


def pronoun_subject(text: str, subject: str | None) -> Iterator[Hit]:
    """'He is a Distinguished Engineer at Arm' / 'I am one of the lead maintainers of X': the subject's."""
    if not subject or not text.startswith(("He", "She", "They", "I")):
        return
    match = _PRONOUN_COPULA.match(text)
    if match:
        rest = re.sub(r"^\s+am\b", " is", text[match.end() :])
        rest = re.sub(r"^\s+are\b", " is", rest)
        yield from copula(rest, [subject], 0)


_PRONOUN_COPULA = re.compile(r"(?:He|She|They|I)(?=\s(?:is|was|has been|am|are|serves|remains|currently)\b)")
