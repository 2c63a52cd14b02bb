"""Helpers shared by the structured-directory readers: tiers, names, record blocks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from graph.model import Document, Record
from graph.sources.dates import DateProblem, parse_date_value
from graph.sources.textbuild import TextBuilder

_TIER_SUFFIX = re.compile(r"\s+(members?|membership|member company|sponsors?)$", re.IGNORECASE)
_NAME_SUFFIX = re.compile(r"\s*\((member|sponsor|end user)\)\s*$", re.IGNORECASE)
_SMALL = {"and", "or", "of", "the", "a", "an", "for", "in", "to"}


def tier_name(raw: Any) -> str | None:
    """`platinum` -> `Platinum`, `Premier Members` -> `Premier`; None for empty values."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = _TIER_SUFFIX.sub("", " ".join(raw.split())) or raw.strip()
    if text != text.lower():
        return text  # already cased by the foundation: keep it
    words = text.replace("_", " ").split(" ")
    return " ".join(w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def clean_name(raw: Any) -> str:
    """An entry's name without the landscape's ` (member)` marker, whitespace folded."""
    return _NAME_SUFFIX.sub("", " ".join(str(raw).split())) if raw is not None else ""


def record_date(raw: Any) -> dt.date | None:
    """A join/report date, or None when absent or unreadable (directories are not worth failing)."""
    if raw in (None, ""):
        return None
    try:
        return parse_date_value(raw)
    except DateProblem:
        return None


def url_of(entry: dict[str, Any]) -> str | None:
    """The entry's homepage."""
    for key in ("homepage_url", "url", "website_link", "website", "externalUrl", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value.strip()
    return None


def add_record(doc: Document, builder: TextBuilder, record: Record, context: str = "") -> None:
    """Append `record` to the document, with a `record` block that is its evidence."""
    parts = [record.name]
    if record.tier:
        parts.append(f"{record.tier} {record.relation}")
    if record.amount is not None:
        parts.append(f"{record.currency or ''} {record.amount:,.0f} paid".strip())
    if record.date:
        parts.append(("joined " if record.relation != "funder" else "reported ") + record.date.isoformat())
    text = " — ".join(parts)
    links = [(record.url, 0, len(record.name))] if record.url else None
    block = builder.add("record", text, context=context, links=links)
    record.evidence = block.text if block is not None else text
    doc.records.append(record)
