"""Assemble `Document.text` block by block, keeping every offset exact.

Readers never compute offsets themselves: they hand each block's text (and the links inside
it, with offsets relative to that text) to a `TextBuilder`, which appends it to the document
text and shifts the offsets. So `doc.text[b.start:b.end] == b.text` holds by construction.
"""

from __future__ import annotations

import re

from graph.model import Block, BlockKind, Link


class InlineText:
    """The text of one block under construction, with the links found in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.links: list[tuple[str, int, int]] = []  # url, start, end (relative)
        self._open: list[tuple[str, int]] = []

    def add(self, text: str) -> None:
        """Append literal text."""
        if text:
            self.parts.append(text)
            self.length += len(text)

    def open_link(self, url: str) -> None:
        """Start a link at the current position."""
        self._open.append((url, self.length))

    def close_link(self) -> None:
        """End the innermost open link (an unmatched close is ignored)."""
        if self._open:
            url, start = self._open.pop()
            self.links.append((url, start, self.length))

    def finish(self) -> tuple[str, list[tuple[str, int, int]]]:
        """The folded text and the link spans remapped onto it."""
        while self._open:
            self.close_link()
        raw = "".join(self.parts)
        return _fold_with_spans(raw, self.links)


_NEWLINE_RUN = re.compile(r"\s*\n\s*")


def fold_whitespace(raw: str) -> str:
    """Fold whitespace: a run holding a newline becomes one newline, any other run one space;
    the ends are stripped. (`str.split` and the regex `\\s` share one definition of whitespace.)"""
    if "\n" not in raw:
        return " ".join(raw.split())
    return "\n".join(" ".join(line.split()) for line in _NEWLINE_RUN.split(raw)).strip()


def _fold_with_spans(raw: str, links: list[tuple[str, int, int]]) -> tuple[str, list[tuple[str, int, int]]]:
    """Whitespace-fold `raw` and move link spans to the folded positions.

    A position maps to the length of the folded text before it, plus the separator when it
    starts a word that follows whitespace; a span that then begins or ends on a separator is
    trimmed to the words inside it. This runs on every block, so it leans on C-speed string ops.
    """
    text = fold_whitespace(raw)
    if not links:
        return text, []
    where = _folded_positions(raw, sorted({p for _, s, e in links for p in (s, e)}))
    spans = []
    for url, start, end in links:
        s, e = where[start], where[end]
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((url, s, e))
    return text, spans


def _folded_positions(raw: str, points: list[int]) -> dict[int, int]:
    """Folded offset of each sorted point, walking `raw` once segment by segment (never
    re-folding a prefix per point, which would be quadratic in a block full of links)."""
    where: dict[int, int] = {}
    length, prev = 0, 0
    words = pending = False  # folded text so far is non-empty / raw so far ends in whitespace
    for point in points:
        segment = raw[prev:point]
        core = len(fold_whitespace(segment))
        if core:
            length += core + (1 if words and (pending or segment[0].isspace()) else 0)
            words, pending = True, segment[-1].isspace()
        elif segment:
            pending = True
        starts_word = 0 < point < len(raw) and raw[point - 1].isspace() and not raw[point].isspace()
        where[point] = length + (1 if starts_word and words else 0)
        prev = point
    return where


class TextBuilder:
    """Collects blocks into one text, separated by blank lines."""

    SEPARATOR = "\n\n"

    def __init__(self, max_blocks: int) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.max_blocks = max_blocks
        self.truncated = False

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        level: int = 0,
        context: str = "",
        links: list[tuple[str, int, int]] | None = None,
    ) -> Block | None:
        """Append a block; empty text gives no block. Returns the block (None if skipped)."""
        if not text:
            return None
        if len(self.blocks) >= self.max_blocks:
            self.truncated = True
            return None
        if self.parts:
            self.parts.append(self.SEPARATOR)
            self.length += len(self.SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        block_links = tuple(
            Link(text=text[s:e], url=url, start=start + s, end=start + e) for url, s, e in links or ()
        )
        block = Block(
            kind=kind,
            text=text,
            start=start,
            end=self.length,
            level=level,
            context=context,
            links=block_links,
        )
        self.blocks.append(block)
        return block

    def add_inline(self, kind: BlockKind, inline: InlineText, **kwargs: object) -> Block | None:
        """Append the finished text of an `InlineText`."""
        text, links = inline.finish()
        return self.add(kind, text, links=links, **kwargs)  # type: ignore[arg-type]

    def text(self) -> str:
        """The document text."""
        return "".join(self.parts)
