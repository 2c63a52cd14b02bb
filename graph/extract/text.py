"""Sentences: the units extraction reads, split from a document's blocks with exact offsets.

Headings, list items, table rows and titles are sentences of their own; paragraphs and quotes
are split at sentence ends (not after abbreviations such as "Inc." or initials) and at hard
line breaks. Every `Sentence` keeps its block, so rules can read the block kind and its
`context` (the heading above, or a list's lead-in line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Block, Document, Link

#: A possible sentence end: ., ! or ? (plus closing quotes/brackets), then space and a capital,
#: digit, quote or bracket.
_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[A-Z0-9])")
_MAYBE_END = re.compile(r"[.!?…]\S*\s")
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "ltd",
        "co",
        "corp",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "ph.d",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "approx",
        "dept",
        "est",
        "fig",
        "gen",
        "gov",
        "rep",
        "sen",
        "univ",
        "al",
    ]
)
_SPLIT_KINDS = frozenset({"paragraph", "quote", "item"})


# Not frozen, for the same reason as `Mention`: 66k sentences a corpus pass. Treat it as immutable.
@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    """One sentence (or heading, list item, row) with its offsets in `Document.text`."""

    text: str
    start: int
    end: int
    block: Block
    index: int = 0  # position among the document's sentences
    first: bool = True  # True for the first sentence of its block

    @property
    def kind(self) -> str:
        """The kind of the block the sentence comes from (heading, item, paragraph ...)."""
        return self.block.kind

    @property
    def context(self) -> str:
        """The block's context: the heading above or the lead-in line of its list."""
        return self.block.context

    @property
    def links(self) -> tuple[Link, ...]:
        """The links whose anchor lies inside this sentence."""
        return tuple(link for link in self.block.links if self.start <= link.start and link.end <= self.end)

    @property
    def folded(self) -> str:
        """The text with whitespace folded (the evidence string)."""
        return " ".join(self.text.split())


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside `text`, trimmed of surrounding whitespace."""
    if "\n" not in text and not _MAYBE_END.search(text):
        return [_trim(text, 0, len(text))] if text.strip() else []
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        start = line_start
        for match in _END.finditer(line):
            if _is_abbreviation(line, match.start()):
                continue
            spans.append((start, line_start + match.end()))
            start = line_start + match.end()
        spans.append((start, line_end))
        line_start = line_end + 1
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(line: str, dot: int) -> bool:
    """True when the period at `dot` ends an abbreviation or an initial, not a sentence."""
    if line[dot] != ".":
        return False
    head = line[:dot].rsplit(None, 1)
    word = head[-1] if head else ""
    word = word.lstrip("([\"'“‘").lower()
    if word in _ABBREVIATIONS:
        return True
    # An initial ("J. Smith") or a dotted abbreviation ("U.S.") — letters between dots.
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)) and len(word) <= 3


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    segment = text[start:end]
    stripped = segment.lstrip()
    start += len(segment) - len(stripped)
    return start, start + len(stripped.rstrip())


#: Front-matter fields whose text is part of what the document says (not in `Document.text`).
META_FIELDS = ("description", "summary", "excerpt", "subtitle", "byline")


def meta_sentences(doc: Document) -> list[Sentence]:
    """Sentences of the front-matter description/summary/excerpt, as blocks of their own.

    They have no place in `Document.text`, so their offsets are negative (start = end = -1
    for the block): facts read from them carry no span.
    """
    last = _META_MEMO.get("doc")
    if last is not None and last[0] is doc:
        return last[1]  # membership and funding both ask for the same document in a row
    out: list[Sentence] = []
    for key in META_FIELDS:
        value = doc.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        text = " ".join(value.split())
        block = Block(kind="title", text=text, start=-1 - len(text), end=-1, context=key)
        for s, e in split_spans(text):
            out.append(
                Sentence(
                    text=text[s:e],
                    start=block.start + s,
                    end=block.start + e,
                    block=block,
                    index=-1 - len(out),
                    first=s == 0,
                )
            )
    _META_MEMO["doc"] = (doc, out)
    return out


_META_MEMO: dict[str, tuple[Document, list[Sentence]]] = {}


def sentences(doc: Document) -> list[Sentence]:
    """The document's sentences in reading order, offsets pointing into `doc.text`."""
    out: list[Sentence] = []
    for block in doc.blocks:
        if block.kind in _SPLIT_KINDS:
            spans = split_spans(block.text)
        else:
            spans = [_trim(block.text, 0, len(block.text))]
        for n, (s, e) in enumerate(spans):
            if e <= s:
                continue
            out.append(
                Sentence(
                    text=block.text[s:e],
                    start=block.start + s,
                    end=block.start + e,
                    block=block,
                    index=len(out),
                    first=n == 0,
                )
            )
    return out
