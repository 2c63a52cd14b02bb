"""The date of a document: front matter first, then the file name, then the folders above it."""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from pathlib import PurePosixPath
from typing import Any

from dateutil import parser as dateparser

#: Front matter keys that hold the publication date, in order of preference.
DATE_KEYS = (
    "date",
    "published_at",
    "publishDate",
    "pubDate",
    "published",
    "publish_date",
    "date_published",
    "datePublished",
    "created",
    "created_at",
)

_FULL = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)")
_MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.](\d{1,2})(?![\d])")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# The common front matter forms (`2024-05-01`, `2024-05-01T10:00:00Z`, with an offset or
# fractions): read directly; dateutil (two parses per value) is for everything else.
_ISO = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?"
)
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


class DateProblem(ValueError):
    """A date value that is present but cannot be a calendar date."""


def parse_date_value(value: Any) -> dt.date | None:
    """A date from a front matter value; None for a year alone; DateProblem if unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise DateProblem(f"{value!r} is a number, not a date")
    if not isinstance(value, str) or not value.strip():
        raise DateProblem(f"{value!r} is not a date")
    text = value.strip()
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        if year >= 1 and day <= monthrange(year, month)[1]:
            return dt.date(year, month, day)
    try:
        first, second = (dateparser.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError, dateparser.ParserError) as exc:
        match = _ISO_PREFIX.match(text)  # e.g. Zig's "2024-08-07:00:00:00"
        if match:
            return _make(match.group(1), match.group(2), match.group(3), source=text)
        raise DateProblem(f"{text!r} is not a date ({exc})") from None
    if first.year != second.year or first.month != second.month:
        return None  # a year alone, or no year: no date (FACTS.md convention)
    if first.day != second.day:
        return first.date().replace(day=1)  # a month without a day: its first day
    return first.date()


def _make(year: str | Any, month: str | Any, day: str | Any, *, source: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateProblem(f"{source!r} is not a calendar date") from None


def date_from_name(name: str) -> dt.date | None:
    """`2022-09-06-hello.md` -> that day; `update-2023-11.md` -> 2023-11-01; else None.

    Raises DateProblem for an impossible day such as `2023-02-30`.
    """
    match = _FULL.search(name)
    if match:
        return _make(match.group(1), match.group(2), match.group(3), source=name)
    match = _MONTH.search(name)
    if match and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return None


def document_date(meta: dict[str, Any], doc_id: str) -> tuple[dt.date | None, str | None]:
    """The document's date and a warning (or None) when a date was present but unusable."""
    warning = None
    for key in DATE_KEYS:
        if meta.get(key) not in (None, ""):
            try:
                found = parse_date_value(meta[key])
            except DateProblem as exc:
                warning = f"front matter {key}: {exc}"
                break
            if found is not None:
                return found, None
            break
    path = PurePosixPath(doc_id)
    for part in [path.name, *reversed(path.parent.parts)]:
        try:
            found = date_from_name(part)
        except DateProblem as exc:
            return None, warning or f"file name: {exc}"
        if found is not None:
            return found, warning
    return None, warning
