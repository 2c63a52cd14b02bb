"""Organisation mentions in a sentence: gazetteer hits, link anchors and capitalised name spans.

A `Mention` carries its surface text, offsets into `Document.text`, and the canonical name the
gazetteer resolves it to (unknown names keep their own, legal suffix stripped). Rules also use
`name_list` for coordinated lists ("AWS, Google, and Huawei") and `slot_name` for the one name
expected in a pattern slot, which may be written in lower case ("team.blue").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from graph.entities import gazetteer, resolve
from graph.extract.patterns import alternation, load_patterns
from graph.extract.text import Sentence


# Not frozen: a frozen dataclass builds 4-5x slower (object.__setattr__ per field) and a corpus
# pass builds ~100k mentions. Treat it as immutable all the same (it is hashed).
@dataclass(slots=True, unsafe_hash=True)
class Mention:
    """A name found in text, with its canonical form."""

    text: str
    start: int
    end: int
    name: str
    kind: str = "organization"
    source: str = "caps"  # gazetteer | link | caps | list | slot | reference
    known: bool = False


@dataclass(frozen=True)
class _Lexicon:
    gazetteer: re.Pattern[str]
    caps: re.Pattern[str]
    not_names: frozenset[str]
    not_orgs: frozenset[str]
    not_last: frozenset[str]  # words a name cannot end with: non-name words and the joiners


@cache
def _lexicon() -> _Lexicon:
    data = load_patterns("mentions", {"not_names": list, "connectors": list, "not_orgs": list})
    surfaces = [
        surface
        for entity in gazetteer().entities.values()
        if entity.kind != "person"
        for surface in (entity.name, *entity.aliases)
        if len(surface) > 1
    ]
    # A leading "The" is optional outside the alternation, so "The Rust Foundation Community Grants
    # Program" matches the programme, not the alias "The Rust Foundation".
    surfaces = [re.sub(r"^[Tt]he\s+", "", surface) for surface in surfaces]
    # The look-ahead on the first letters lets most positions fail before the look-behind runs.
    first = "".join(sorted({re.escape(s.strip()[0]) for s in surfaces if s.strip()} | {"T"}))
    gaz = re.compile(
        rf"(?=[{first}])(?<![\w.@/-])(?:The\s+)?(?:"
        + alternation(surfaces, case_sensitive=True)
        + r")(?![\w@/]|-\w|\.\w)"
    )
    # A word: an abbreviation ("Co.", "Ltd."), two or more word characters from a capital or digit
    # on, or one capital. Written to open with one character class, which lets the regex engine
    # skip straight to the next capital or digit (1.6x faster than an alternation of words).
    word = (
        r"[A-Z0-9](?:(?:(?<=C)(?:o|orp)|(?<=L)td|(?<=I)nc|(?<=B)ros|(?<=P)(?:ty|vt|h))\.(?=[\s,(]|$)"
        r"|[\w.&+@’'-]*[\w+]|(?<=[A-Z]))"
    )
    connector = r"\s+(?:" + "|".join(re.escape(c) for c in data["connectors"]) + r")\s+"
    caps = re.compile(rf"{word}(?:(?:{connector}|[ \t]+){word})*")
    not_names = frozenset(data["not_names"])
    return _Lexicon(gaz, caps, not_names, frozenset(data["not_orgs"]), not_names | _JOINERS)


def _entity(text: str, start: int, source: str) -> Mention:
    entity = resolve(text)
    return Mention(text, start, start + len(text), entity.name, entity.kind, source, entity.known)


def find_mentions(sentence: Sentence) -> list[Mention]:
    """The organisation mentions of a sentence, left to right, not overlapping."""
    return mentions_in(sentence.text, sentence.start)


@lru_cache(maxsize=16384)  # bounded: a long ingest reads millions of sentences
def _mentions_cached(text: str) -> tuple[Mention, ...]:
    lex = _lexicon()
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in lex.gazetteer.finditer(text):
        found.append(_entity(match.group(), match.start(), "gazetteer"))
        taken.append(match.span())
    for match in lex.caps.finditer(text):
        for s, e in _subtract(match.span(), taken) if taken else (match.span(),):
            piece = _clean_span(text, s, e)
            if piece and text[piece[0] : piece[1]] not in lex.not_orgs:
                found.append(_entity(text[piece[0] : piece[1]], piece[0], "caps"))
    found.sort(key=lambda m: m.start)
    return tuple(found)


def mentions_in(text: str, offset: int = 0) -> list[Mention]:
    """Mentions in any text; `offset` is added to every span (the text's position in the document)."""
    found = _mentions_cached(text)
    return [_shift(m, offset) for m in found] if offset else list(found)


def _shift(m: Mention, offset: int) -> Mention:
    if not offset:
        return m
    return Mention(m.text, m.start + offset, m.end + offset, m.name, m.kind, m.source, m.known)


def _subtract(span: tuple[int, int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `span` not covered by any taken span."""
    pieces = [span]
    for ts, te in taken:
        nxt = []
        for s, e in pieces:
            if te <= s or ts >= e:
                nxt.append((s, e))
                continue
            if s < ts:
                nxt.append((s, ts))
            if te < e:
                nxt.append((te, e))
        pieces = nxt
    return pieces


_DATE_LIKE = re.compile(
    r"(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?:\s+\d{1,4})*"
)
_ORG_HEADS = frozenset(
    {
        "Group",
        "Council",
        "Committee",
        "Initiative",
        "Project",
        "Program",
        "Programme",
        "Team",
        "Foundation",
        "Fund",
        "Consortium",
        "Alliance",
        "Collaboration",
        "Board",
        "Society",
    }
)
_POSSESSIVE = re.compile(r"['’]s?$")


def _clean_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Trim a capitalised span to its name part: no leading/trailing non-name words, no possessive."""
    cut = _clean_piece(text[s:e])
    if cut is None:
        return None
    start, end = s + cut[0], s + cut[1]
    if start and text[start - 1] in "$€£¥":
        return None  # an amount ("$1M"), not a name
    return start, end


@lru_cache(maxsize=65536)
def _clean_piece(piece: str) -> tuple[int, int] | None:
    """`_clean_span` on the span alone (the same words recur): offsets of the name inside it."""
    lex = _lexicon()
    not_names = lex.not_names
    parts = piece.split()
    if len(parts) == 1 and len(parts[0]) == len(piece):  # most spans are one word ("The", "Google")
        words = [(0, len(piece))]
    else:  # spaces inside, or around a part cut out of a longer span
        words = [m.span() for m in _WORD.finditer(piece)]
    # Cut at the first possessive: "OpenSSF’s Alpha-Omega" names OpenSSF first.
    for i, (ws, we) in enumerate(words):
        if _POSSESSIVE.search(piece[ws:we]) and i < len(words) - 1:
            words = words[: i + 1]
            break
    while words and (
        _strip(piece[words[0][0] : words[0][1]]) in not_names
        or piece[words[0][0] : words[0][1]] in _JOINERS
    ):
        words.pop(0)
    while words and _strip(piece[words[-1][0] : words[-1][1]]) in lex.not_last:
        if len(words) > 1 and _strip(piece[words[-1][0] : words[-1][1]]) in _ORG_HEADS:
            break  # "Jakarta EE Working Group", "Rust Project Leadership Council" keep their head noun
        words.pop()
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    poss = _POSSESSIVE.search(piece[start:end])
    end -= len(poss.group()) if poss else 0
    while end > start and piece[end - 1] in ".,;:-'’":
        end -= 1
    name = piece[start:end]
    if end - start < 2 and not name.isupper():
        return None
    if _AMOUNT.fullmatch(name) or _DATE_LIKE.fullmatch(name):
        return None  # an amount ("$1M", "300K"), a date ("22 November 2021")
    if name.isdigit() or _ORDINAL.fullmatch(name):
        return None  # "15th" is an ordinal, not a name
    return start, end


_WORD = re.compile(r"\S+")
_JOINERS = frozenset({"of", "for", "&", "de"})  # inside a name, never at its start or end
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)*[KkMmBb]?n?")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _strip(token: str) -> str:
    return _POSSESSIVE.sub("", token.strip('.,;:()"“”‘’'))


_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and|&|or)\s+|,|;|\s+and\s+|\s+&\s+|\s+or\s+)\s*")
_PAREN = re.compile(r"\s*\([^)]*\)")
_LEAD = re.compile(r"^(?:the|our|its|their|both|including|such as|like|as well as|also|with)\s+", re.I)


_LOWER_OK = frozenset(
    {"of", "for", "by", "de", "du", "des", "von", "van", "der", "la", "le", "&", "and", "the"}
)


def looks_like_name(text: str) -> bool:
    """A plausible organisation name: starts with a capital or digit, or holds a dot or capital inside."""
    text = text.strip()
    if not text or len(text) > 80 or len(text.split()) > 7:
        return False
    if any(w[0].islower() and w not in _LOWER_OK for w in text.split()[1:]):
        return False
    if re.search(r"\w['’]s\s", text):  # "the European Union’s Cyber Resilience Act" is not one name
        return False
    if re.match(r"[a-z]{1,3}[A-Z]", text):  # iJUG, eBay
        return True
    if text[0].isupper() or text[0].isdigit():
        return _strip(text.split()[0]) not in _lexicon().not_names or len(text.split()) > 1
    return bool(re.fullmatch(r"[a-z0-9][\w-]*(?:\.[a-z]{2,})+", text))  # team.blue, codecrafters.io


def name_list(text: str, offset: int = 0, source: str = "list", stop: bool = False) -> list[Mention]:
    """The names of a coordinated list ("AWS, Google, Huawei, and Microsoft"), one mention each.

    With `stop`, the list ends at the first part that is not a name (the list's own end).
    """
    out: list[Mention] = []
    pos = 0
    for part in _LIST_SPLIT.split(text) + [""]:
        idx = text.find(part, pos) if part else -1
        if idx < 0:
            continue
        pos = idx + len(part)
        name = _PAREN.sub("", part)
        lead = _LEAD.match(name)
        shift = lead.end() if lead else 0
        name = name[shift:].strip(' .:"“”')
        if not looks_like_name(name):
            if stop and out:
                break
            continue
        out.append(_entity(name, offset + idx + shift, source))
    return out


_SLOT_LEAD = re.compile(
    r"^(?:.*?[,;:–—]\s+)?"
    r"(?:(?:today|now|also|recently|officially|that|and|but|so|the|we are \w+ to announce that)\s+)*",
    re.I,
)


def slot_name(text: str, offset: int = 0) -> Mention | None:
    """The name filling a pattern slot (the words before a verb), if it looks like one."""
    lead = _SLOT_LEAD.match(text)
    shift = lead.end() if lead else 0
    name = text[shift:].strip(' "“”')
    inner = text[shift:].find(name) if name else 0
    if not looks_like_name(name):
        hits = mentions_in(text[shift:], offset + shift)
        return hits[-1] if hits else None
    return _entity(name, offset + shift + max(inner, 0), "slot")
