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


_WS = re.compile(r"\s+")


def _separator(run: str) -> str:
    return "\n" if "\n" in run else " "


def _fold_with_spans(raw: str, links: list[tuple[str, int, int]]) -> tuple[str, list[tuple[str, int, int]]]:
    """Whitespace-fold `raw` (runs with a newline -> one newline, others -> one space, ends stripped)
    and move link spans to the folded positions. Regex-driven: this runs on every block."""
    if not links:
        return _WS.sub(lambda m: _separator(m.group()), raw).strip(), []
    points = sorted({p for _, s, e in links for p in (s, e)})
    where: dict[int, int] = {}
    parts: list[str] = []
    length, k, pos = 0, 0, 0
    pending = ""

    def chunk(cs: int, ce: int) -> None:
        nonlocal length, k, pending
        if ce <= cs:
            return
        if pending and parts:
            parts.append(pending)
            length += 1
        pending = ""
        start = length
        parts.append(raw[cs:ce])
        length += ce - cs
        while k < len(points) and points[k] < ce:
            where[points[k]] = start + max(0, points[k] - cs)
            k += 1

    for match in _WS.finditer(raw):
        chunk(pos, match.start())
        while k < len(points) and points[k] < match.end():
            where[points[k]] = length  # inside whitespace: before the pending separator
            k += 1
        pending = _separator(match.group())
        pos = match.end()
    chunk(pos, len(raw))
    for point in points[k:]:
        where[point] = length
    text = "".join(parts)
    spans = []
    for url, start, end in links:
        s, e = where[start], where[end]
        # A span that started in skipped whitespace may point at the separator: trim it.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((url, s, e))
    return text, spans


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
