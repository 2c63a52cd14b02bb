"""Markdown (CommonMark + tables, with embedded HTML) to blocks, via markdown-it-py tokens."""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token

from graph.model import BlockKind
from graph.sources.htmlblocks import BlockState, HtmlEmitter, emit_block, parse_html
from graph.sources.textbuild import InlineText, TextBuilder

# Template syntax of the site generators (ERB, Liquid, Hugo shortcodes) is not content.
_TEMPLATE = re.compile(r"<%.*?%>|\{%.*?%\}|\{\{[<%].*?[>%]\}\}|\{\{[^{}\n]{0,200}\}\}", re.DOTALL)
_A_OPEN = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_BR = re.compile(r"<br\b", re.IGNORECASE)
_IMG_ALT = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_INCLUDE = re.compile(r"\{\{\s*include\(\s*['\"][^'\"]*['\"]\s*,\s*\{(.*?)\}\s*\)\s*\}\}", re.DOTALL)
_FIELD = re.compile(r"""(\w+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""", re.DOTALL)
MAX_EMBEDDED = 3  # MyST directive fences parsed as Markdown, nested at most this deep


class _Parser(MarkdownIt):
    """markdown-it with link normalisation memoised: the same URLs recur on every page of a site,
    and normalising one (parse, punycode, percent-encode) cost a tenth of all reading."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        """The normalised URL (a pure function of `url`, so caching keeps the output identical)."""
        return _normalize_link(url)


# URLs that markdown-it's normaliser returns unchanged: http(s) with a plain ASCII host (labels of
# at most 63 characters, at most 255 in all, no port or user) or a path, query or fragment of its
# own, followed only by characters its percent-encoder keeps (`%XX` escapes included).
_PLAIN_URL = re.compile(
    r"(?:https?://(?=[^/?#]{1,255}(?:[/?#]|\Z))[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*(?=[/?#]|\Z)"
    r"|/(?!/)|[?#])(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*\Z"
)


@lru_cache(maxsize=1 << 14)
def _normalize_link(url: str) -> str:
    return url if _PLAIN_URL.match(url) else normalizeLink(url)


@cache
def _parser(max_depth: int) -> MarkdownIt:
    md = _Parser("commonmark", {"maxNesting": max_depth, "html": True})
    return md.enable(["table", "strikethrough"])


def strip_templates(body: str) -> str:
    """Remove template tags (`<% %>`, `{% %}`, `{{< >}}`, `{{ x }}`), which are not text.

    A Twig quote include (`{{ include('quote.html', {name: ..., title: ..., quote: ...}) }}`,
    the PHP Foundation's way to quote people) is kept as a block quote with its attribution.
    """
    return _TEMPLATE.sub("", _INCLUDE.sub(_include_as_quote, body))


def _include_as_quote(match: re.Match[str]) -> str:
    fields = {
        key: (single if single is not None else double)
        for key, single, double in _FIELD.findall(match.group(1))
    }
    quote = " ".join(fields.get("quote", "").split())
    who = ", ".join(" ".join(fields[k].split()) for k in ("name", "title") if fields.get(k))
    if not quote and not who:
        return ""
    return f"\n\n> {quote}\n>\n> — {who}\n\n" if quote else f"\n\n{who}\n\n"


def parse(body: str, max_depth: int) -> list[Token]:
    """The markdown-it token stream of a body (template tags removed first)."""
    return _parser(max_depth).parse(strip_templates(body))


def first_h1(tokens: list[Token]) -> str:
    """The text of the first level-1 heading, or ''."""
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.tag == "h1":
            text, _ = render_inline(tokens[i + 1]).finish()
            return text
    return ""


def render_inline(token: Token) -> InlineText:
    """The text and links of one `inline` token."""
    out = InlineText()
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            out.add(child.content)
        elif kind == "softbreak":
            out.add(" ")
        elif kind == "hardbreak":
            out.add("\n")
        elif kind == "link_open":
            out.open_link(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            out.close_link()
        elif kind == "image":  # its alt text, rendered (entities decoded)
            out.add("".join(grand.content for grand in child.children or ()))
        elif kind == "html_inline":
            _inline_html(child.content, out)
    return out


def _inline_html(tag: str, out: InlineText) -> None:
    match = _A_OPEN.match(tag)
    if match:
        out.open_link(html.unescape(next(g for g in match.groups() if g is not None)))
    elif _A_CLOSE.match(tag):
        out.close_link()
    elif _BR.match(tag):
        out.add("\n")
    else:
        img = _IMG_ALT.match(tag)
        if img:
            out.add(html.unescape(img.group(1) or img.group(2) or ""))


class MarkdownWalker:
    """Walks the flat token stream, tracking lists, quotes and tables by their open/close tokens."""

    def __init__(self, builder: TextBuilder, state: BlockState, max_depth: int) -> None:
        self.builder = builder
        self.state = state
        self.max_depth = max_depth
        self.containers: list[str] = []  # "list", "item", "quote"
        self.pending: tuple[BlockKind, int] = ("paragraph", 0)
        self.row: InlineText | None = None
        self.header_row = ""
        self.in_head = False

    def walk(self, tokens: list[Token], embedded: int = 0) -> None:
        """Emit the blocks of a token stream."""
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
            elif token.type == "fence":
                self._fenced(token, embedded)

    # Containers -----------------------------------------------------------------------
    def _bullet_list_open(self, token: Token) -> None:
        self.state.list_contexts.append(self.state.last_text or self.state.heading)
        self.containers.append("list")

    _ordered_list_open = _bullet_list_open

    def _bullet_list_close(self, token: Token) -> None:
        if self.state.list_contexts:
            self.state.list_contexts.pop()
        self._pop("list")

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        self.containers.append("item")

    def _list_item_close(self, token: Token) -> None:
        self._pop("item")

    def _blockquote_open(self, token: Token) -> None:
        self.containers.append("quote")

    def _blockquote_close(self, token: Token) -> None:
        self._pop("quote")

    def _pop(self, name: str) -> None:
        if self.containers and self.containers[-1] == name:
            self.containers.pop()

    # Blocks ---------------------------------------------------------------------------
    def _heading_open(self, token: Token) -> None:
        self.pending = ("heading", int(token.tag[1:]))

    def _paragraph_open(self, token: Token) -> None:
        inner = self.containers[-1] if self.containers else ""
        if inner == "item":
            self.pending = ("item", min(self.containers.count("list"), self.max_depth))
        elif "quote" in self.containers:
            self.pending = ("quote", 0)
        else:
            self.pending = ("paragraph", 0)

    def _inline(self, token: Token) -> None:
        if self.row is not None:
            row_text = render_inline(token)
            self._append_cell(row_text)
            return
        kind, level = self.pending
        emit_block(self.builder, self.state, kind, render_inline(token), level)
        self.pending = ("paragraph", 0)

    def _code_block(self, token: Token) -> None:
        inline = InlineText()
        inline.add(token.content)
        emit_block(self.builder, self.state, "paragraph", inline, 0)

    def _fenced(self, token: Token, embedded: int) -> None:
        info = token.info.strip()
        if info in ("=html", "html =", "{raw} html"):
            self._html_block(token)
        elif info.startswith("{") and embedded < MAX_EMBEDDED:
            # MyST directives ({note}, {admonition} ...) hold prose; drop their ":option:" lines.
            body = "\n".join(line for line in token.content.split("\n") if not line.startswith(":"))
            self.walk(_parser(self.max_depth).parse(body), embedded + 1)

    def _html_block(self, token: Token) -> None:
        soup = parse_html(token.content)
        quote_depth = 1 if "quote" in self.containers else 0
        HtmlEmitter(self.builder, self.state, self.max_depth, quote_depth).feed(soup)

    # Tables ---------------------------------------------------------------------------
    def _table_open(self, token: Token) -> None:
        self.header_row = ""

    def _thead_open(self, token: Token) -> None:
        self.in_head = True

    def _thead_close(self, token: Token) -> None:
        self.in_head = False

    def _tr_open(self, token: Token) -> None:
        self.row = InlineText()
        self.cells = 0

    def _append_cell(self, cell: InlineText) -> None:
        assert self.row is not None
        if self.cells:
            self.row.add(" | ")
        self.cells += 1
        text, links = cell.finish()
        base = self.row.length
        self.row.add(text)
        for url, start, end in links:
            self.row.links.append((url, base + start, base + end))

    def _tr_close(self, token: Token) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        context = self.state.heading if self.in_head or not self.header_row else self.header_row
        text, links = row.finish()
        block = self.builder.add("row", text, context=context, links=links)
        if block is not None:
            self.state.last_text = text
            if self.in_head:
                self.header_row = text


def markdown_blocks(tokens: list[Token], builder: TextBuilder, state: BlockState, max_depth: int) -> None:
    """Append the blocks of a parsed Markdown body to `builder`."""
    MarkdownWalker(builder, state, max_depth).walk(tokens)
