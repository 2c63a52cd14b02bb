"""`read_document`: one file in, one `Document` out (or a SourceError saying why not)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from graph.model import Document
from graph.sources import frontmatter as fm
from graph.sources.base import (
    DEFAULT_LIMITS,
    Limits,
    SourceError,
    clip_lines,
    decode,
    doc_id,
    looks_binary,
    read_bytes,
)
from graph.sources.dates import document_date
from graph.sources.htmlblocks import BlockState, HtmlEmitter, fold, page_title, parse_html
from graph.sources.markdown import first_h1, markdown_blocks, parse
from graph.sources.sourceinfo import SourceInfo, source_for
from graph.sources.structured import member_record, read_structured
from graph.sources.textbuild import InlineText, TextBuilder

MARKDOWN_SUFFIXES = (".md", ".markdown", ".smd", ".mdx", ".mkd", ".mdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TITLE_KEYS = ("title", "name")
URL_KEYS = ("source_url", "canonical_url", "canonical", "link", "externalUrl", "url")
TAG_KEYS = ("tags", "keywords", "categories", "news/tags")


def read_document(
    path: Path,
    root: Path,
    *,
    publisher: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    source: SourceInfo | None = None,
) -> Document:
    """Read one file into a Document; raises SourceError with a one-line reason."""
    path, root = Path(path), Path(root)
    data = read_bytes(path, limits)
    if looks_binary(data):
        raise SourceError(path, "binary file (NUL bytes or control characters), not text")
    text, encoding = decode(path, data)
    text, cuts = clip_lines(text.replace("\r\n", "\n").replace("\r", "\n"), limits)
    source = source if source is not None else source_for(path.parent.resolve())
    doc = Document(
        id=doc_id(path, root),
        path=str(path),
        content_hash=Document.hash_bytes(data),
        publisher=publisher or source.publisher,
        publisher_url=source.url,
    )
    extra: dict[str, Any] = {"encoding": encoding}
    if encoding != "utf-8":
        extra["encoding_warning"] = f"not UTF-8: decoded as {encoding}"
    if cuts:
        extra["truncated_lines"] = cuts
    if not text.strip():
        # An empty page is read, not failed: a Document with no blocks (see the package docstring).
        doc.meta = {"empty": True, **extra}
        return doc
    try:
        _fill(doc, path, text, limits)
    except fm.FrontMatterError as exc:
        raise SourceError(path, str(exc)) from None
    except RecursionError:
        raise SourceError(path, "nested too deeply to read") from None
    doc.meta.update(extra)
    return doc


def _fill(doc: Document, path: Path, text: str, limits: Limits) -> None:
    name = path.name.lower()
    if read_structured(doc, path, text, limits):
        return
    if name.endswith(HTML_SUFFIXES):
        _html(doc, text, limits)
    elif name.endswith(MARKDOWN_SUFFIXES) or not name.endswith(".txt") and _looks_markdown(text):
        _markdown(doc, text, limits)
    else:
        _plain(doc, text, limits)


def _looks_markdown(text: str) -> bool:
    head = text[:4000]
    return head.startswith(("---", "+++", "#")) or any(
        marker in head for marker in ("\n#", "\n- ", "\n* ", "](", "\n|", "**")
    )


def _apply_meta(doc: Document, meta: dict[str, Any]) -> None:
    """Title, date, tags, source URL and meta from front matter."""
    doc.meta = fm.json_safe(meta)
    title = next((meta[k] for k in TITLE_KEYS if isinstance(meta.get(k), str)), "")
    doc.title = fold(html.unescape(title))
    doc.tags = _tags(meta)
    url = next((meta[k] for k in URL_KEYS if isinstance(meta.get(k), str)), None)
    if url and url.startswith(("http://", "https://")):
        doc.source_url = url.strip()
    doc.date, warning = document_date(meta, doc.id)
    if warning:
        doc.meta["date_warning"] = warning


def _tags(meta: dict[str, Any]) -> tuple[str, ...]:
    for key in TAG_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            return tuple(t.strip() for t in value.split(",") if t.strip())
        if isinstance(value, list):
            return tuple(str(t).strip() for t in value if isinstance(t, (str, int)) and str(t).strip())
    return ()


def _markdown(doc: Document, text: str, limits: Limits) -> None:
    front = fm.split(text)
    _apply_meta(doc, front.meta)
    doc.meta["front_matter"] = front.kind
    doc.format = "markdown"
    state = BlockState()
    tokens = parse(front.body, limits.max_depth)
    if not doc.title and front.erb_title:
        doc.title = fold(front.erb_title)
    if not doc.title:
        doc.title = first_h1(tokens)
        state.skip_title = doc.title or None
    builder = _builder(doc, limits)
    markdown_blocks(tokens, builder, state, limits.max_depth)
    member_record(doc, front.meta, builder)
    _finish(doc, builder)


def _html(doc: Document, text: str, limits: Limits) -> None:
    front = fm.split(text) if text.startswith(("---", "+++")) else fm.FrontMatter(body=text)
    _apply_meta(doc, front.meta)
    doc.format = "html"
    soup = parse_html(front.body)
    state = BlockState()
    if not doc.title:
        doc.title = page_title(soup)
    if not doc.title:
        h1 = soup.find("h1")
        doc.title = fold(h1.get_text(" ")) if h1 is not None else ""
        state.skip_title = doc.title or None
    builder = _builder(doc, limits)
    HtmlEmitter(builder, state, limits.max_depth).feed(soup)
    _finish(doc, builder)


def _plain(doc: Document, text: str, limits: Limits) -> None:
    _apply_meta(doc, {})
    doc.format = "text"
    builder = _builder(doc, limits)
    for chunk in text.split("\n\n"):
        inline = InlineText()
        inline.add(chunk.replace("\n", " "))
        builder.add_inline("paragraph", inline)
    _finish(doc, builder)


def _builder(doc: Document, limits: Limits) -> TextBuilder:
    if not doc.title:  # e.g. an HTML fragment: "corporate-sponsors.html" -> "Corporate Sponsors"
        doc.title = title_from_name(doc.id)
        doc.meta["title_from"] = "file name"
    builder = TextBuilder(limits.max_blocks)
    builder.add("title", doc.title)
    return builder


def title_from_name(doc_id: str) -> str:
    """A readable title from a file name, used only when the file has no title of its own."""
    stem = doc_id.rsplit("/", 1)[-1].split(".", 1)[0]
    if stem.lower() in ("index", "_index", "readme"):
        return ""
    return " ".join(stem.replace("_", " ").replace("-", " ").split()).title()


def _finish(doc: Document, builder: TextBuilder) -> None:
    doc.text = builder.text()
    doc.blocks = builder.blocks
    if builder.truncated:
        doc.meta["truncated_blocks"] = f"more than {builder.max_blocks} blocks: the rest was dropped"
