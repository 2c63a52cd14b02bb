"""What the membership and funding rules share: the per-document context and fact building."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import overload

from graph.extract.mentions import Mention, find_mentions
from graph.extract.patterns import alternation, load_patterns
from graph.extract.reference import References, in_quote
from graph.extract.text import Sentence
from graph.model import Document, Fact, FactType


@dataclass
class DocContext:
    """A document being read: its publisher, references and the mentions of each sentence."""

    doc: Document
    sentences: list[Sentence] = field(default_factory=list)
    refs: References = field(init=False)
    low: str = field(init=False)  # the document text, lower-cased once for every gate
    _cache: dict[int, list[Mention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.refs = References(self.doc)
        self.low = self.doc.text.lower()

    @property
    def publisher(self) -> str | None:
        """The publisher's canonical name."""
        return self.refs.publisher_name

    def mentions(self, sentence: Sentence) -> list[Mention]:
        """Names and resolved references ("the Foundation", "we") of a sentence, left to right."""
        hit = self._cache.get(sentence.index)
        if hit is None:
            names = find_mentions(sentence)
            refs = self.refs.mentions(sentence)
            names_spans = [(m.start, m.end) for m in names]
            refs = [r for r in refs if not any(s <= r.start < e for s, e in names_spans)]
            names = [self._bare_foundation(m) for m in names]
            hit = sorted(names + refs, key=lambda m: m.start)
            self._cache[sentence.index] = hit
        return hit

    def lazy_mentions(self, sentence: Sentence, people: bool = True) -> LazyMentions:
        """`mentions`, found only when a rule first reads them (`people=False` leaves out persons):
        most sentences that pass a gate match no rule's cue and never need them."""
        if people:
            return LazyMentions(lambda: self.mentions(sentence))
        return LazyMentions(lambda: [m for m in self.mentions(sentence) if m.kind != "person"])

    def groups(self, sentence: Sentence) -> list[Mention]:
        """The organisation-like names of a sentence (no references)."""
        return [m for m in self.mentions(sentence) if org_like(m) and m.source != "reference"]

    def recent_group(self, sentence: Sentence, reach: int = 3) -> Mention | None:
        """The organisation-like subject of the nearest earlier sentence naming one ("Its members ...")."""
        for back in range(sentence.index - 1, max(-1, sentence.index - 1 - reach), -1):
            if back < len(self.sentences):
                found = self.groups(self.sentences[back])
                if found:
                    return found[0]
        return None

    def formed_group(self, sentence: Sentence) -> Mention | None:
        """The last group an earlier sentence says was formed / launched ("have formed the X Consortium")."""
        found = None
        for earlier in self.sentences[: max(0, sentence.index)]:
            match = _FORMED.search(earlier.text) if _FORMED_HINT.search(earlier.text) else None
            if not match:
                continue
            pos = earlier.start + match.end()
            after = [m for m in self.groups(earlier) if m.start >= pos and m.name != self.publisher]
            if after and after[0].start - pos <= 5:
                found = after[0]
        return found

    def _bare_foundation(self, m: Mention) -> Mention:
        """A bare 'Foundation' ('Foundation silver member X') is the publisher."""
        if m.text == "Foundation" and self.publisher and self.publisher.endswith("Foundation"):
            return Mention(m.text, m.start, m.end, self.publisher, "foundation", "reference", True)
        return m

    def quoted(self, sentence: Sentence, pos: int) -> bool:
        """True when document offset `pos` is inside a quotation."""
        return in_quote(sentence, pos)


class LazyMentions(Sequence[Mention]):
    """A sentence's mentions as a read-only sequence, found on first use."""

    __slots__ = ("_find", "_items")

    def __init__(self, find: Callable[[], list[Mention]]) -> None:
        self._find = find
        self._items: list[Mention] | None = None

    def _all(self) -> list[Mention]:
        if self._items is None:
            self._items = self._find()
        return self._items

    @overload
    def __getitem__(self, index: int) -> Mention: ...
    @overload
    def __getitem__(self, index: slice) -> list[Mention]: ...
    def __getitem__(self, index: int | slice) -> Mention | list[Mention]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[Mention]:
        return iter(self._all())


def doc_context(doc: Document, sentences: list[Sentence]) -> DocContext:
    """The `DocContext` of a document, shared by the extractors that read it one after another.

    Membership and funding read the same sentences: the mentions of each are found once. The
    context holds no state a rule changes, so sharing it changes no fact.
    """
    last = _LAST.get("ctx")
    if last is not None and last.doc is doc and last.sentences is sentences:
        return last
    ctx = _LAST["ctx"] = DocContext(doc, sentences)
    return ctx


_LAST: dict[str, DocContext] = {}


_FORMED_HINT = re.compile(r"form|launch|establish|creat|found|announc|unveil", re.I)
_FORMED = re.compile(
    r"\b(?:formed|launched|established|created|founded|announc\w+|unveiled|form|launch)\s+"
    r"(?:of\s+)?(?:the|a|an)?\s*(?:new\s+)?",
    re.I,
)


def make_fact(
    kind: FactType, ctx: DocContext, sentence: Sentence, fields: dict, rule: str, confidence: float
) -> Fact:
    """A fact with the sentence as evidence."""
    span = (sentence.start, sentence.end) if sentence.start >= 0 else None  # front matter has no span
    return Fact(
        type=kind,
        doc=ctx.doc.id,
        fields=fields,
        evidence=sentence.folded,
        span=span,
        rule=rule,
        confidence=confidence,
    )


@dataclass(frozen=True)
class Tiers:
    """Tier names and the nouns that make a word a tier."""

    regex: str  # alternation of tier words (case-insensitive use)
    nouns: str  # alternation of member nouns
    normalise: dict[str, str]

    def title(self, word: str) -> str:
        """The tier as the foundation names it, title case ("platinum" -> "Platinum")."""
        word = " ".join(word.split())
        for raw, norm in self.normalise.items():
            if raw.lower() == word.lower():
                return norm
        return " ".join(w[:1].upper() + w[1:].lower() for w in word.split())


@cache
def tiers() -> Tiers:
    """The tier vocabulary of patterns/tiers.yaml."""
    data = load_patterns("tiers", {"tiers": list, "normalise": dict, "member_nouns": list})
    return Tiers(alternation(data["tiers"]), alternation(data["member_nouns"]), dict(data["normalise"]))


def words_regex(words: list[str]) -> str:
    """Whole-word alternation of literal phrases."""
    return r"\b(?:" + alternation(words) + r")\b"


ORG_HEAD = re.compile(
    r"\b(?:Foundation|Consortium|Collaboration|Alliance|Working Group|WG|Initiative|Fund|"
    r"Association|Society|Council|Institute|Trust|Commons|International|Coalition|Forum|"
    r"Encrypt|Program|Programme)\b"
)


def org_like(mention: Mention) -> bool:
    """A mention that can have members: a foundation-like kind or name."""
    return mention.kind in ("foundation", "body", "initiative", "programme", "project", "agency") or bool(
        ORG_HEAD.search(mention.name)
    )


class Gate:
    """Which sentences of a document contain any cue word, found once per document.

    Lower-casing the whole text and searching each cue with `str.find` runs in C; a sentence
    then passes when a hit lies inside its span (a binary search). Far cheaper than testing
    every cue against every sentence in Python (and than one regex over all the cues).
    """

    def __init__(
        self, text: str, words: Iterable[str], exact_case: Iterable[str] = (), low: str | None = None
    ) -> None:
        self.words = tuple(words)
        self.exact_case = tuple(exact_case)
        low = text.lower() if low is None else low  # `low`: the text already lower-cased
        self.aligned = len(low) == len(text)  # lower() may change lengths for a few characters
        hits: list[int] = []
        for haystack, needles in ((low, self.words), (text, self.exact_case)):
            for word in needles:
                at = haystack.find(word)
                while at >= 0:
                    hits.append(at)
                    at = haystack.find(word, at + 1)
        hits.sort()
        self.hits = hits

    def passes(self, sentence: Sentence) -> bool:
        """True when the sentence holds a cue word."""
        if sentence.start < 0 or not self.aligned:
            low = sentence.text.lower()
            return any(map(low.__contains__, self.words)) or any(
                map(sentence.text.__contains__, self.exact_case)
            )
        i = bisect_left(self.hits, sentence.start)
        return i < len(self.hits) and self.hits[i] < sentence.end
