"""Person names: finding them, dropping honorifics, and resolving later short references.

A name is a run of two to four capitalised words ("Rebecca Rumbul", "JF Bastien",
"Jeremy de Groodt", "Žan Anderle") that holds no organisation or title word. Inside one
document, a later short form ("Chin", "Eric", "Bec Rumbul") refers back to the full name
read earlier (`PersonIndex`). Handles ("nikomatsakis", "m-ou-se") are names only where the
context says a person is listed (a list item under a role heading); they are kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from graph.entities import gazetteer
from graph.extract.patterns import alternation, load_patterns

_SCHEMA: dict[str, type] = {
    "title_heads": list,
    "seat_bodies": list,
    "board_seats": list,
    "ended_cues": list,
    "replace_cues": list,
    "as_verbs": list,
    "gerund_titles": dict,
    "honorifics": list,
    "not_name_words": list,
    "title_of_domains": list,
    "verb_titles": dict,
    "seat_list_cues": list,
    "passive_titles": dict,
    "title_modifiers": list,
}

#: Upper-case letters of Latin scripts (Python's `re` has no \p{Lu}).
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_TOKEN = rf"[{UPPER}][\w'’]*(?:-[\w'’]+)*"
_PARTICLE = r"(?:de|van|von|der|den|da|di|del|du|la|le|dos|das|ter|bin|al)"
#: A candidate name: 2-4 capitalised tokens, with lower-case particles allowed inside.
NAME = rf"{_TOKEN}(?:\s(?:{_PARTICLE}\s)?{_TOKEN}){{1,3}}"
#: GitHub-style handles: letters, digits and single inner hyphens ("m-ou-se", "flip1995"); no dots.
HANDLE = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){1,38}"
_NAME_TOKEN = re.compile(rf"{_TOKEN}|{_PARTICLE}")
_CAMEL = re.compile(r"[a-z][A-Z]")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_MC = re.compile(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|O')[A-Z]")
#: `NAME` with no letter before it, for searching. It opens with a bare capital, so the regex engine
#: skips to the next capital at C speed (the look-behind, after it, checks the character before it),
#: and its tokens are possessive (`*+`): a token is a whole word, never given back letter by letter.
_POSSESSIVE_TOKEN = rf"[{UPPER}][\w'’]*+(?:-[\w'’]++)*+"
_NAME_RE = re.compile(
    rf"[{UPPER}](?<![\w@/.-].)[\w'’]*+(?:-[\w'’]++)*+(?:\s(?:{_PARTICLE}\s)?{_POSSESSIVE_TOKEN}){{1,3}}(?![\w-])"
)
_HANDLE_RE = re.compile(rf"{HANDLE}")


@cache
def vocabulary() -> dict[str, Any]:
    """The role pattern file, checked (shared by persons.py and roles.py)."""
    return load_patterns("roles", _SCHEMA)


@cache
def _not_name_words() -> frozenset[str]:
    voc = vocabulary()
    words = {w.lower() for w in voc["not_name_words"]}
    words |= {w.lower() for w in voc["title_heads"]}
    # Departments and fields ("Language Documentation", "Developer Relations") are not names either.
    words |= {w.lower() for w in voc["title_of_domains"] if w.isalpha()}
    return frozenset(words)


@cache
def honorific_re() -> re.Pattern[str]:
    """Honorifics before a name ("Dr. ", "Professor "), to be dropped."""
    words = alternation(list(vocabulary()["honorifics"]))
    return re.compile(rf"^(?:(?:{words})\.?\s+)+", re.I)


@cache
def _honorific_set() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["honorifics"])


def is_honorific(word: str) -> bool:
    """True when `word` is an honorific ("Dr.", "professor"): only then does a name lose its first word."""
    return fold_case(word).rstrip(".") in _honorific_set()


#: Letters `re.IGNORECASE` matches to an ASCII letter where `str.lower` does not ("ı" to "i").
_CASE_ODD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s"})


def fold_case(text: str) -> str:
    """`text` lower-cased so that a word a case-insensitive regex finds in it is in the result."""
    return text.lower() if text.isascii() else text.translate(_CASE_ODD).lower()


@lru_cache(maxsize=16384)  # bounded: a long ingest meets ever new names
def strip_honorific(name: str) -> str:
    """'Dr. Rebecca Rumbul' -> 'Rebecca Rumbul'; also drops a trailing ', Ph.D.'."""
    name = name.strip()
    if name and is_honorific(name.split(maxsplit=1)[0]):
        name = honorific_re().sub("", name)  # the regex reads whole honorific words at the start
    if name.endswith(_DEGREE_ENDS):
        name = _DEGREE.sub("", name)
    return name.strip()


_DEGREE = re.compile(r",?\s+(?:Ph\.?\s?D\.?|PhD|MD|Jr\.?|Sr\.?)$")
_DEGREE_ENDS = ("D", "D.", "Jr", "Jr.", "Sr", "Sr.")  # every `_DEGREE` match ends with one


@lru_cache(maxsize=16384)  # bounded: a long ingest meets ever new names
def is_name(text: str) -> bool:
    """True when `text` reads as a person's full name (2-4 tokens, no org/title/function word)."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    bad = _not_name_words()
    # The cheapest test first: most runs that are no name hold an organisation or title word.
    for token in tokens:
        low = token.lower().strip("'’")
        if low in bad or low.rstrip("s") in bad:
            return False
    caps = 0
    last = len(tokens) - 1
    for n, token in enumerate(tokens):
        if not _NAME_TOKEN.fullmatch(token) or (n < last and token.endswith(("'s", "’s"))):
            return False
        if _PLURAL_ACRONYM.fullmatch(token):
            return False  # "MRs", "PRs": plural acronyms
        if _CAMEL.search(token) and not _MC.match(token):
            return False  # "CodeNewbie", "JFrog": product and company spellings
        if token[0].isupper():
            caps += 1
            # All-caps tokens are initials ("JF", "JD") only in first place, and short.
            if token.isupper() and (n > 0 or len(token) > 3):
                return False
    if caps < 2:
        return False
    first = gazetteer().index.get(_light_fold(tokens[0]))
    if first is not None and first.kind != "person":
        return False  # "Eclipse Simrel", "Google Cloud": an organisation's name opens it
    hit = gazetteer().index.get(_light_fold(text))
    return hit is None or hit.kind == "person"


def _light_fold(text: str) -> str:
    """entities.fold for a run of capitalised words (no legal suffix to strip): much cheaper."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


_NON_WORD = re.compile(r"[^\w\s]")


@lru_cache(maxsize=16384)  # bounded: a long ingest meets ever new names
def is_handle(text: str) -> bool:
    """True for a bare account handle ("m-ou-se", "Mark-Simulacrum", "flip1995", "nikomatsakis").

    A capitalised single word ("Electron", "HeroDevs") reads as an organisation's name instead:
    a handle is all lower case, or holds a digit or a hyphen."""
    if not _HANDLE_RE.fullmatch(text) or text.lower() in _not_name_words():
        return False
    return text.islower() or any(c.isdigit() for c in text) or "-" in text


def find_names(text: str) -> list[tuple[int, int, str]]:
    """Full-name spans in `text`: (start, end, name without honorific)."""
    out = []
    pos = 0
    search = _NAME_RE.search
    while match := search(text, pos):
        start, end = match.span()
        got = _run_name(match.group())
        if got is not None:
            out.append((start + got[0], end - got[1], got[2]))
            pos = end
            continue
        # "Widgetco CEO Jane Doe": the run is no name, but a name may start at a later word.
        space = text.find(" ", start, end)
        pos = space + 1 if space >= 0 else end
    return out


@lru_cache(maxsize=16384)
def _run_name(run: str) -> tuple[int, int, str] | None:
    """The name a candidate run holds once trimmed, as (characters cut at the start, at the end,
    the name), or None. Cached by run: the same runs ("Rust Foundation") recur in every text."""
    cut_start, cut_end, name = _trim_span(run)
    return (cut_start, cut_end, name) if name and is_name(name) else None


def _trim_span(span: str) -> tuple[int, int, str]:
    """Drop leading honorifics / non-name words and a trailing possessive from a candidate run:
    (characters cut at the start, at the end, the name)."""
    text, start, end = span, 0, len(span)
    tokens = span.split()
    bad = _not_name_words()
    if is_honorific(tokens[0]):
        stripped = honorific_re().sub("", span)
        start += len(span) - len(stripped)
        tokens = stripped.split()
    while tokens and tokens[0].lower() in bad:
        start = text.index(tokens[0], start) + len(tokens[0])
        start += len(text[start:]) - len(text[start:].lstrip())
        tokens = tokens[1:]
    name = " ".join(tokens)
    if name.endswith(("'s", "’s")):
        name, end = name[:-2], end - 2
    return start, len(span) - end, name


@lru_cache(maxsize=16384)
def _fold(name: str) -> str:
    from graph.entities import fold

    return fold(name)


#: A nickname in parentheses right after a full name: 'Rebecca Rumbul ("Bec")'.
_NICKNAME = re.compile(r"\s*\((?:[“\"'‘])?([A-Z][\w-]+)(?:[”\"'’])?\)")


@dataclass
class PersonIndex:
    """The people named so far in one document, for resolving short references."""

    full: list[str] = field(default_factory=list)
    nicknames: dict[str, str] = field(default_factory=dict)
    _memo: dict[str, str] = field(default_factory=dict)
    _added: dict[str, str] = field(default_factory=dict)  # name as written -> as registered

    def add(self, name: str) -> str:
        """Register a name; returns its canonical form (a known alias resolves to the full name)."""
        known = self._added.get(name)
        if known is not None:
            return known  # named again: registered already
        full = self._added[name] = canonical_person(strip_honorific(name))
        if len(full.split()) >= 2 and full not in self.full:
            self.full.append(full)
            self._memo.clear()
        return full

    def add_all(self, text: str, names: list[tuple[int, int, str]] | None = None) -> None:
        """Register every full name in `text` (`names`: its `find_names`, when known already),
        and nicknames given as `Name ("Nick")`."""
        for _start, end, name in find_names(text) if names is None else names:
            full = self.add(name)
            nick = _NICKNAME.match(text, end)
            if nick:
                self.nicknames[nick.group(1)] = full
                self._memo.clear()

    def resolve(self, name: str) -> str:
        """The full name a (possibly short) reference means: 'Chin' -> 'Stephen Chin'."""
        hit = self._memo.get(name)
        if hit is None:
            hit = self._memo[name] = self._resolve(name)
        return hit

    def _resolve(self, name: str) -> str:
        name = strip_honorific(name)
        if name in self.nicknames:
            return self.nicknames[name]
        tokens = name.split()
        if len(tokens) == 1:
            hits = [f for f in self.full if name in (f.split()[0], f.split()[-1])]
            return hits[0] if len(set(hits)) == 1 else canonical_person(name)
        if len(tokens) >= 2 and name not in self.full:
            first, last = tokens[0].lower(), tokens[-1]
            for full in self.full:
                parts = full.split()
                if parts[-1] == last and (first in parts[0].lower() or parts[0].lower() in first):
                    return full
        return canonical_person(name)


@lru_cache(maxsize=16384)  # bounded: a long ingest meets ever new names
def canonical_person(name: str) -> str:
    """A gazetteer person's canonical name ("Bec Rumbul" -> "Rebecca Rumbul"), else the name."""
    hit = gazetteer().index.get(_fold(name)) if name else None
    return hit.name if hit is not None and hit.kind == "person" else name


def index_document(
    texts: Iterable[str], names: Iterable[list[tuple[int, int, str]]] | None = None
) -> PersonIndex:
    """A `PersonIndex` holding every full name found in `texts` (a document's sentences);
    `names`, when given, are the `find_names` of each text, in the same order."""
    index = PersonIndex()
    if names is None:
        for text in texts:
            index.add_all(text)
    else:
        for text, found in zip(texts, names, strict=True):
            if found:
                index.add_all(text, found)
    return index
