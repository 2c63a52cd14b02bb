"""Dates stated in a sentence, resolved against the document's date (FACTS.md conventions).

- a full date ("September 13, 2022", "13 Sept 2022", "2022-09-13") is itself;
- a month ("in June 2022", "Starting January 2026", "in March") is its first day (the
  document's year when none is given);
- a quarter ("Q3 2023") is its first day;
- a year alone ("In 2023, we renewed ...") is stated but gives no date (`value` None);
- relative phrases: "today"/"this week"/"earlier this week"/"recently" -> the document date,
  "yesterday" -> one day before, "last week" -> seven days before, "last month" -> first of
  the previous month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")),
    (
        "dmy",
        re.compile(
            rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+(?P<year>(?:19|20)\d\d)\b"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?:on|since|from|until|by)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![\w.])(?![,\s]*(?:19|20)\d\d)"
        ),
    ),
    (
        "md",
        re.compile(
            rf"\b(?:on|since|from|until|by)\s+{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,\s]*(?:19|20)\d\d)"
        ),
    ),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b")),
    (
        "quarter",
        re.compile(
            r"\b(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth) quarter(?: of)?)"
            r"\s*(?P<year>(?:19|20)\d\d)?\b"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:in|since|starting|from|during|on|until|by)\s+(?:early\s+|late\s+|mid-?)?{_MONTH}(?![\w.])",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>(?:during|in|over|within) the (?:past|last|previous) "
            r"(?:few |several |couple of |\w+ )?(?:weeks|months|years)|"
            r"earlier this (?:week|month)|this (?:week|month)|last (?:week|month)|yesterday|today|recently|"
            r"(?:a|one|two|three) (?:days?|weeks?) ago)\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(r"\b(?:in|since|during|from|until|by|of|for)\s+(?P<year>(?:19|20)\d\d)\b(?!-)", re.I),
    ),
]
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_AGO = {"a": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True)
class DateRef:
    """A date stated in text: `value` (None for a year alone), the phrase and how it was read."""

    value: date | None
    text: str
    how: str  # iso | mdy | dmy | my | quarter | month | relative | year


def _month(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()[:3]]


def find_dates(text: str, doc_date: date | None) -> list[DateRef]:
    """Every date phrase in `text`, resolved; the more precise reading wins where they overlap."""
    found: list[tuple[int, int, DateRef]] = []
    for how, regex in _PATTERNS:
        for m in regex.finditer(text):
            if any(s <= m.start() < e or s < m.end() <= e for s, e, _ in found):
                continue
            value = _value(how, m, doc_date)
            if value is not False:
                found.append((m.start(), m.end(), DateRef(value or None, m.group(), how)))
    return [ref for _, _, ref in sorted(found, key=lambda t: t[0])]


def _value(how: str, m: re.Match[str], doc_date: date | None) -> date | None | Literal[False]:
    """The date for one match; False when the match is not a usable date."""
    g = m.groupdict()
    try:
        if how == "iso":
            return date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        if how in ("mdy", "dmy"):
            return date(int(g["year"]), _month(g["month"]), int(g["day"]))
        if how in ("md", "dm"):
            return date(doc_date.year, _month(g["month"]), int(g["day"])) if doc_date else None
        if how == "my":
            return date(int(g["year"]), _month(g["month"]), 1)
    except (ValueError, KeyError):
        return False
    if how == "quarter":
        q = int(g["q"]) if g.get("q") else _QUARTER_WORDS[g["qw"].lower()]
        year = int(g["year"]) if g.get("year") else (doc_date.year if doc_date else None)
        return date(year, 3 * q - 2, 1) if year else None
    if how == "month":
        if not doc_date or m.group("month") in ("May", "may") and not m.group().lower().startswith("in"):
            return None if doc_date else False
        return date(doc_date.year, _month(m.group("month")), 1)
    if how == "relative":
        return _relative(g["rel"].lower(), doc_date)
    return None  # a year alone: stated, but no date


def _relative(phrase: str, doc_date: date | None) -> date | None:
    if doc_date is None:
        return None
    if phrase.startswith(("during", "in the", "over", "within")):
        return None  # a stretch of time, not a day
    if phrase == "yesterday":
        return doc_date - timedelta(days=1)
    if phrase == "last week":
        return doc_date - timedelta(days=7)
    if phrase == "last month":
        return (doc_date - relativedelta(months=1)).replace(day=1)
    if phrase.endswith("ago"):
        count, unit = phrase.split()[:2]
        days = _AGO[count] * (7 if unit.startswith("week") else 1)
        return doc_date - timedelta(days=days)
    return doc_date


def event_date(text: str, doc_date: date | None, *, default_to_doc: bool = True) -> date | None:
    """The date of an event stated in `text`: the first date phrase found, else the document's date.

    A year alone gives None (the text dates the event, but not to a day). With
    `default_to_doc=False` an undated sentence gives None (used for `state` facts).
    """
    refs = find_dates(text, doc_date)
    if refs:
        return refs[0].value
    return doc_date if default_to_doc else None
