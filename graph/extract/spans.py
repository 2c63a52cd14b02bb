"""Organisation runs and title phrases, the two slots the role and part-of rules fill.

`org_at(text)` reads the organisation name that starts `text` ("the Rust Foundation, ..." ->
"Rust Foundation"); `is_title(phrase)` says whether a phrase names a position (it needs a
title word from patterns/roles.yaml, or is a seat "<Board> member"); `split_org_title` cuts
"Rust Foundation Member Director" into its organisation and its title.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from graph.entities import Entity, gazetteer, resolve
from graph.extract.patterns import alternation
from graph.extract.persons import UPPER, vocabulary

_CAP = rf"(?:[{UPPER}0-9][\w'’.+]*(?:-[\w'’]+)*|[a-z][\w]*[A-Z][\w]*|[a-z]+\.[a-z]+)"
_JOIN = r"(?:of|and|for|by|&|de|du|für)"
#: Lower-case body words that close a name ("the Cargo team", "the Rust language design team").
_BODY = (
    r"(?:team|working group|project group|group|council|committee|board|project|initiative|program|programme)"
)
_ORG_RUN = re.compile(
    rf"^(?:the\s+|The\s+)?(?P<org>(?:U\.S\.\s)?{_CAP}(?:\s{_JOIN}\s{_CAP}|\s{_CAP})*"
    rf"(?:(?:\s[a-z][\w-]*){{0,3}}\s{_BODY}\b)?)"
)
_LOWER_BODY = re.compile(rf"^(?:the\s+)?(?P<org>[a-z][\w-]*(?:\s[a-z][\w-]*){{0,3}}\s{_BODY})\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_YEAR = re.compile(r"^(?:19|20)\d\d\s+|\s+(?:19|20)\d\d$")
#: Organisation-name endings: a run is cut after them when a title follows
#: ("Ford Foundation Program Officer").
_ORG_END = re.compile(
    r"\b(?:Foundation|Project|Inc|Ltd|LLC|GmbH|Labs|Group|Council|Committee|Team|University|Agency|"
    r"Initiative|Program|Programme|Consortium|Society|Institute|Alliance|Association|Fund)\b"
)
_DETERMINER = re.compile(
    r"^(?:(?:a|an|the|our|its|their|his|her|new|current|currently|now|also|one of the|other|fellow)\s+)+",
    re.I,
)


@cache
def _heads() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["title_heads"])


@cache
def seat_body_re() -> re.Pattern[str]:
    """Seat bodies ("Board", "Technical Advisory Committee") as a whole-word regex."""
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['seat_bodies']))})\b", re.I)


@cache
def board_seat_re() -> re.Pattern[str]:
    """Board-seat titles ("Member Director") whose 'for X' names the represented member."""
    return re.compile(rf"\b(?:{alternation(list(vocabulary()['board_seats']))})s?\b", re.I)


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s/,&()]+", phrase.lower()) if w]


_NOT_IN_TITLE = frozenset(
    {
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "said",
        "says",
        "will",
        "would",
        "where",
        "who",
        "which",
        "that",
        "when",
        "while",
        "he",
        "she",
        "they",
        "we",
        "i",
        "it",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "this",
        "these",
        "those",
        "by",
    }
)
_NOT_FIRST = frozenset(
    {"up", "to", "for", "from", "with", "about", "over", "under", "and", "or", "of", "at", "in", "on", "as"}
)


def _is_head(word: str) -> bool:
    heads = _heads()
    if word in heads or (word.endswith("s") and word[:-1] in heads):
        return True
    # "Co-Founder", "Vice-Chair", "Developer-in-Residence": a head inside a hyphenated word.
    return "-" in word and any(
        part in heads or (part.endswith("s") and part[:-1] in heads) for part in word.split("-")
    )


@lru_cache(maxsize=16384)
def is_title(phrase: str) -> bool:
    """True when `phrase` names a position: it ends in a title word (or 'title of/for X'),
    or is a '<body> member' seat."""
    words = _words(phrase)
    if not words or len(words) > 12 or phrase.count(",") > 1 or "(" in phrase or ")" in phrase:
        return False
    if any(w in _NOT_IN_TITLE for w in words) or words[0] in _NOT_FIRST or re.search(r"[$€£%]", phrase):
        return False
    if re.search(r"\bmembers?$", phrase, re.I) and seat_body_re().search(phrase):
        return True
    for n in range(len(words) - 1, -1, -1):
        if not _is_head(words[n]):
            continue
        tail = words[n + 1 :]
        # After the head: nothing, a complement ("Director of Technology", "Assistant to Treasurer"),
        # or a field ("VP Product").
        if (
            not tail
            or (tail[0] in {"of", "for", "to", "-", "–", "—", "in"} and len(tail) > 1)
            or all(w in _domains() for w in tail)
        ):
            return True
    return False


@cache
def _domains() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["title_of_domains"])


@lru_cache(maxsize=16384)
def is_domain(phrase: str) -> bool:
    """True when 'of <phrase>' is a field or department ("Developer Relations"), not an organisation."""
    words = [w for w in re.split(r"[\s,]+", phrase.lower()) if w]
    return bool(words) and all(w in _domains() for w in words)


@lru_cache(maxsize=16384)
def clean_title(phrase: str, plural: bool = False) -> str:
    """Drop determiners and edge punctuation; singularise the head of a plural title."""
    title = _DETERMINER.sub("", phrase.strip()).strip(" ,.;:-–—'\"“”‘’")
    title = re.sub(r"\s+", " ", title)
    if plural or re.search(r"(?:ors|ers|ads|airs|ents|ants|ists|ives|eers|ees)$", title):
        title = re.sub(r"(?<=[a-z])s$", "", title)
    return title


@lru_cache(maxsize=16384)
def org_at(text: str) -> tuple[str, int] | None:
    """The organisation name that starts `text` and the offset just after it, or None."""
    text_l = text.lstrip()
    shift = len(text) - len(text_l)
    match = _ORG_RUN.match(text_l)
    if match:
        name = match.group("org")
        end = match.end("org")
        cut = _org_cut(name)
        if cut < len(name):
            name, end = name[:cut], end - (len(name) - cut)
        name = name.rstrip(".'’")
        if _POSSESSIVE.search(name):
            name = _POSSESSIVE.sub("", name)
        name = _YEAR.sub("", name).strip()
        if name and name.split()[0].lower() not in {"and", "or", "but", "we", "our", "it", "i"}:
            return _titlecase_body(name), shift + end
    match = _LOWER_BODY.match(text_l)
    if match and re.match(r"^(?:the|this|that|a|an|its|our|their|his|her)\s", match.group("org")):
        # "the project" is an anaphor, resolved by the caller; keep it as written.
        return match.group("org"), shift + match.end("org")
    if match:
        return _titlecase_body(match.group("org")).title(), shift + match.end("org")
    return None


def _org_cut(name: str) -> int:
    """Where an org run must end: after its first possessive ("CodeNewbie’s CodeLand" -> "CodeNewbie"),
    before ' and <person or title>', or before ' for ...' after a known name."""
    poss = re.search(r"(?:'s|’s)(?=\s)", name)
    if poss:
        return poss.start()
    from graph.extract.persons import is_name

    for match in re.finditer(r"\s(?:and|for)\s", name):
        rest = name[match.end() :]
        if match.group().strip() == "and" and (is_name(rest.split(",")[0]) or is_title(rest.split()[0])):
            return match.start()  # "Core and Shane Miller", "Google ... and Chair"
        if match.group().strip() == "for" and known_org(name[: match.start()]) and not known_org(name):
            return match.start()  # "Google for Android Platform Programming Languages"
    return len(name)


def _titlecase_body(name: str) -> str:
    """'Cargo team' -> 'Cargo Team'; 'Rust language design team' -> 'Rust Language Design Team'."""
    words = name.split()
    if words and re.fullmatch(_BODY, words[-1]) and words[0][:1].isupper():
        return " ".join(
            w[:1].upper() + w[1:] if w.islower() and w not in {"of", "and", "for"} else w for w in words
        )
    return name


@lru_cache(maxsize=16384)
def split_org_title(phrase: str) -> tuple[str | None, str]:
    """'Rust Foundation Member Director' -> ('Rust Foundation', 'Member Director'); else (None, phrase)."""
    phrase = phrase.strip()
    lead = re.match(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])", phrase)
    if lead:
        # "founding Rust Foundation Member Director": the adjective belongs to the title.
        org, title = split_org_title(phrase[lead.end() :])
        return (org, f"{lead.group().strip()} {title}") if org else (None, phrase)
    words = phrase.split()
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        head = re.sub(r"^(?:the|The)\s+|['’]s$", "", head)
        hit = gazetteer().index.get(_quick_fold(head))
        if hit is not None and hit.kind != "person" and is_title(tail):
            return head, tail
    poss = re.match(r"^(?:the\s+)?(.+?)(?:'s|’s)\s+(.+)$", phrase)
    if poss and is_title(poss.group(2)) and not is_title(poss.group(1)):
        return poss.group(1), poss.group(2)
    end = _ORG_END.search(phrase)
    if (
        end
        and len(phrase[: end.end()].split()) >= 2
        and _ORG_SHAPE.fullmatch(phrase[: end.end()])
        and end.end() < len(phrase)
        and is_title(phrase[end.end() :])
        and not is_title(phrase[: end.end()])
    ):
        return phrase[: end.end()], phrase[end.end() :].strip()
    if phrase.startswith("Foundation ") and is_title(phrase[11:]):
        return "Foundation", phrase[11:]  # "Foundation Executive Director": the publisher's
    return _title_suffix(phrase)


def _title_suffix(phrase: str) -> tuple[str | None, str]:
    """'Acme CEO' -> ('Acme', 'CEO'): a capitalised name, then a title made only of title words."""
    words = phrase.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), words[cut:]
        if all(_title_word(w) for w in tail) and is_title(" ".join(tail)):
            # An unknown name before a title only with an office ("Acme CEO"), not a trade
            # ("Rust developer", "Welcoming Infrastructure Engineer").
            office = any(w.lower().strip(",") in _OFFICES for w in tail)
            head = re.sub(r"^(?:As|At|For|From|By|With|Like|Of|In)\s+", "", head)
            named = _ORG_SHAPE.fullmatch(head) and not any(w.lower().endswith("ing") for w in head.split())
            if named and office and not _title_word(words[cut - 1]):
                return head, " ".join(tail)
            return None, phrase
    return None, phrase


_OFFICES = frozenset(
    {
        "ceo",
        "cto",
        "cfo",
        "coo",
        "cso",
        "ciso",
        "cio",
        "cmo",
        "cpo",
        "president",
        "vice-president",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "vice-chair",
        "co-chair",
        "founder",
        "co-founder",
        "cofounder",
        "director",
        "officer",
        "gm",
        "treasurer",
        "secretary",
        "vp",
        "svp",
        "evp",
    }
)


@cache
def _modifiers() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["title_modifiers"])


def _title_word(word: str) -> bool:
    low = word.lower().strip(",")
    return _is_head(low) or low in _modifiers() or low in _domains() or low in {"of", "and", "&"}


#: An organisation's name: capitalised words with connectors ("Trifecta Tech Foundation", "Ford Foundation").
_ORG_SHAPE = re.compile(r"[A-Z0-9][\w&'’.-]*(?:\s(?:[A-Z0-9][\w&'’.-]*|of|and|for|&|de|by))*")


def _quick_fold(name: str) -> str:
    """entities.fold without the legal-suffix pass (a title prefix carries none): much cheaper."""
    text = name.casefold().replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split()).removeprefix("the ")


_NON_WORD = re.compile(r"[^\w\s]")


def has_head(phrase: str) -> bool:
    """A cheap pre-check: does any title word occur in `phrase` at all?"""
    return bool(_head_re().search(phrase))


@cache
def _head_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(sorted(_heads()))})s?(?![\w])", re.I)


@lru_cache(maxsize=16384)
def _fold(name: str) -> str:
    from graph.entities import fold

    return fold(name)


@lru_cache(maxsize=16384)
def entity(name: str) -> Entity:
    """The resolved organisation for a surface name; a board is its organisation's ("X Board" -> X)."""
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    board = _BOARD_OF.sub("", name)
    return resolve(board if board and board != name else name)


_BOARD_OF = re.compile(r"(?:['’]s)?\s+(?:Board of Directors|Governing Board|Board of Trustees|Board)$", re.I)


@lru_cache(maxsize=16384)
def known_org(name: str) -> bool:
    """True when the gazetteer knows `name` as an organisation (not a person)."""
    hit = gazetteer().index.get(_fold(name))
    return hit is not None and hit.kind != "person"
