"""Turn HTML (whole pages, or fragments embedded in Markdown) into blocks.

The DOM is walked with an explicit stack, never recursion, so deeply nested input cannot
overflow the interpreter stack. Tags are dropped, text is kept, block structure (headings,
paragraphs, list items, table rows, quotes) is preserved and `<a href>` become links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from graph.model import BlockKind
from graph.sources.textbuild import InlineText, TextBuilder

SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "svg",
    "iframe",
    "select",
    "option",
    "textarea",
    "input",
    "button",
    "object",
    "embed",
    "canvas",
    "math",
    "source",
}
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "pre",
    "figure",
    "figcaption",
    "form",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "fieldset",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "picture",
}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass
class BlockState:
    """What a reader remembers between blocks to give each block its `context`."""

    headings: list[tuple[int, str]] = field(default_factory=list)  # open heading per level
    last_text: str = ""  # the block just emitted: the lead-in of a list that follows
    list_contexts: list[str] = field(default_factory=list)
    skip_title: str | None = None  # the first H1 already used as the title block

    @property
    def heading(self) -> str:
        """The nearest heading above the current position."""
        return self.headings[-1][1] if self.headings else ""

    def open_heading(self, level: int, text: str) -> str:
        """Record a heading; returns its parent heading's text (its context)."""
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        parent = self.heading
        self.headings.append((level, text))
        return parent

    def list_context(self) -> str:
        """Context for items of the innermost open list."""
        return self.list_contexts[-1] if self.list_contexts else self.heading


def parse_html(markup: str) -> BeautifulSoup:
    """Parse markup with lxml (fast, lenient)."""
    return BeautifulSoup(markup, "lxml")


def page_title(soup: BeautifulSoup) -> str:
    """The text of `<title>`, whitespace folded."""
    tag = soup.find("title")
    return " ".join(tag.get_text(" ").split()) if isinstance(tag, Tag) else ""


def link_label(url: str) -> str:
    """A readable stand-in for a link with no text (a logo): its host name without `www.`."""
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


# Inside a list item these only separate words: "<li><a><img></a><p>Apple</p></li>" is one item.
SOFT_IN_ITEM = {"p", "div", "section", "figure", "figcaption", "picture", "center", "header", "footer"}


class HtmlEmitter:
    """Walks a DOM and appends its blocks to a `TextBuilder`."""

    def __init__(self, builder: TextBuilder, state: BlockState, max_depth: int, quote_depth: int = 0) -> None:
        self.builder = builder
        self.state = state
        self.max_depth = max_depth
        self.inline = InlineText()
        self.kinds: list[tuple[BlockKind, int]] = []  # enclosing block kinds with their level
        self.frames: list[str] = []  # per open block tag: "block", "soft", "row", "cell" or "logo"
        self.list_depth = 0
        self.quote_depth = quote_depth
        self.row_cells = 0
        self.rows = 0  # open <tr> frames (a counter: scanning `frames` would be quadratic)
        self.header_row = ""

    def feed(self, root: Tag) -> None:
        """Emit every block under `root`."""
        stack: list[tuple[Tag | NavigableString, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if isinstance(node, NavigableString):
                if not isinstance(node, _NOT_TEXT):
                    self.inline.add(str(node))
                continue
            if leaving:
                self._leave(node)
                continue
            name = node.name.lower() if node.name else ""
            if name in SKIP:
                continue
            self._enter(node, name)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))  # type: ignore[misc]
        self.flush()

    @property
    def in_row(self) -> bool:
        """True inside a table row, where everything is one block."""
        return self.rows > 0

    def _enter(self, node: Tag, name: str) -> None:
        if name == "br":
            self.inline.add("\n")
        elif name == "img":
            alt = node.get("alt")
            if isinstance(alt, str) and alt.strip():
                self.inline.add(f" {alt.strip()} ")
        elif name == "a":
            self._enter_link(node)
        elif name in ("td", "th") and self.in_row:
            if self.row_cells:
                self.inline.add(" | ")
            self.row_cells += 1
        elif name in BLOCK:
            self._enter_block(name)

    def _enter_link(self, node: Tag) -> None:
        href = node.get("href")
        url = href.strip() if isinstance(href, str) else ""
        logo = not _has_text(node) and not self.in_row and url.startswith(("http://", "https://"))
        if logo and node.parent is not None and not _has_text(node.parent):
            # A bare logo link (a sponsor wall): its own item, named by its host.
            self.flush()
            self.kinds.append(("item", max(1, min(self.list_depth, self.max_depth))))
            self.frames.append("logo")
            self.inline.open_link(url)
            self.inline.add(link_label(url))
            return
        self.frames.append("link")
        self.inline.open_link(url)

    def _enter_block(self, name: str) -> None:
        if self.in_row:
            self.frames.append("soft")
            self.inline.add(" ")
            return
        if name in SOFT_IN_ITEM and self.kinds and self.kinds[-1][0] == "item":
            self.frames.append("soft")
            self.inline.add(" ")
            return
        self.flush()
        if name in ("ul", "ol", "dl"):
            self.list_depth += 1
            self.state.list_contexts.append(self.state.last_text or self.state.heading)
        elif name == "blockquote":
            self.quote_depth += 1
        elif name == "tr":
            self.row_cells = 0
        elif name == "table":
            self.header_row = ""
        self.frames.append("row" if name == "tr" else "block")
        self.rows += name == "tr"
        self.kinds.append(self._kind_for(name))

    def _kind_for(self, name: str) -> tuple[BlockKind, int]:
        if name in HEADINGS:
            return "heading", HEADINGS[name]
        if name in ("li", "dt", "dd"):
            return "item", max(1, min(self.list_depth, self.max_depth))
        if name == "tr":
            return "row", 0
        if self.kinds and self.kinds[-1][0] in ("item", "heading"):
            return self.kinds[-1]  # a block inside a heading stays the heading
        return ("quote" if self.quote_depth else "paragraph"), 0

    def _leave(self, node: Tag) -> None:
        name = node.name.lower() if node.name else ""
        if name == "a":
            frame = self.frames.pop() if self.frames and self.frames[-1] in ("link", "logo") else "link"
            self.inline.close_link()
            if frame == "logo":
                self.flush()
                if self.kinds:
                    self.kinds.pop()
            else:
                self.inline.add(" ")
        elif name in ("td", "th"):
            return
        elif name in BLOCK and self.frames:
            self._leave_block(name, node, self.frames.pop())

    def _leave_block(self, name: str, node: Tag, frame: str) -> None:
        if frame == "soft":
            self.inline.add(" ")
            return
        if frame == "row":
            self.rows -= 1
            self._emit_row(node)
        else:
            self.flush()
        if self.kinds:
            self.kinds.pop()
        if name in ("ul", "ol", "dl"):
            self.list_depth -= 1
            if self.state.list_contexts:
                self.state.list_contexts.pop()
        elif name == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        elif name == "table":
            self.header_row = ""

    def _emit_row(self, node: Tag) -> None:
        is_header = node.find("td") is None and node.find("th") is not None
        context = self.state.heading if is_header or not self.header_row else self.header_row
        inline, self.inline = self.inline, InlineText()
        text, links = inline.finish()
        block = self.builder.add("row", text, context=context, links=whole_block_links(text, links))
        self.row_cells = 0
        if block is not None:
            self.state.last_text = block.text
            if is_header:
                self.header_row = block.text

    def flush(self) -> None:
        """Emit the pending inline text as a block of the enclosing kind."""
        if self.in_row:
            return
        inline, self.inline = self.inline, InlineText()
        kind, level = self.kinds[-1] if self.kinds else ("paragraph", 0)
        if kind == "paragraph" and self.quote_depth:
            kind = "quote"
        emit_block(self.builder, self.state, kind, inline, level)


def _has_text(node: Tag) -> bool:
    if node.get_text(strip=True):
        return True
    for img in node.find_all("img"):
        alt = img.get("alt")
        if isinstance(alt, str) and alt.strip():
            return True
    return False


def whole_block_links(text: str, links: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Links with no anchor text (an image link beside a caption) stand for the whole block."""
    return [(url, 0, len(text)) if start == end else (url, start, end) for url, start, end in links]


def emit_block(
    builder: TextBuilder, state: BlockState, kind: BlockKind, inline: InlineText, level: int
) -> None:
    """Append one block with the context rules shared by the HTML and Markdown readers."""
    text, links = inline.finish()
    if not text:
        return
    links = whole_block_links(text, links)
    if kind == "heading":
        if state.skip_title is not None and level == 1 and text == state.skip_title:
            state.skip_title = None  # already emitted as the title block
            state.open_heading(level, text)
            state.last_text = text
            return
        context = state.open_heading(level, text)
    elif kind == "item":
        context = state.list_context()
    else:
        context = state.heading
    builder.add(kind, text, level=level, context=context, links=links)
    state.last_text = text


_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Collapse all whitespace to single spaces."""
    return _SPACE.sub(" ", text).strip()
