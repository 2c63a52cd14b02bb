"""Flat exports of a timeline: CSV, JSON, a Markdown table and iCalendar."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from graph.timeline.model import COLUMNS, Change

PRODID = "-//foundation-kg//membership timeline//EN"
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def to_csv(changes: Sequence[Change]) -> str:
    """One row per change, COLUMNS order, with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for change in changes:
        row = change.row()
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_json(changes: Sequence[Change]) -> str:
    """A JSON array, one object per change; alternatives and agreeing sources as lists."""
    rows = []
    for change in changes:
        row = change.row()
        row["alternatives"] = [
            {"date": a.date.isoformat(), "tier": a.tier, "source": a.source} for a in change.alternatives
        ]
        row["also_in"] = list(change.also_in)
        row["uid"] = change.uid
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_markdown(changes: Sequence[Change]) -> str:
    """A Markdown (GFM) table; cell text is HTML-escaped so a renderer shows it as text."""
    head = ("date", "foundation", "member", "change", "tier before", "tier after", "source", "evidence")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for change in changes:
        row = change.row()
        kind = row["change"] + (" (conflict)" if change.conflict else "")
        cells = [
            row["date"],
            row["foundation"],
            row["member"],
            kind,
            row["tier_before"],
            row["tier_after"],
            row["source"],
            row["evidence"],
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _md(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return html.escape(text, quote=False).replace("|", "\\|") or " "


def to_ics(changes: Sequence[Change]) -> bytes:
    """An iCalendar file: one all-day VEVENT per change, UID derived from the change's content.

    DTSTAMP is the change's own date (not the export time) so the same store gives the same file.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Membership changes")
    for change in changes:
        cal.add_component(_vevent(change))
    return cal.to_ical()


def _vevent(change: Change) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{change.uid}@foundation-kg")
    event.add("dtstamp", datetime(change.date.year, change.date.month, change.date.day, tzinfo=UTC))
    event.add("dtstart", change.date)
    event.add("dtend", change.date + timedelta(days=1))
    event.add("summary", _summary(change))
    event.add("description", _description(change))
    event.add("categories", [change.change, change.foundation])
    if change.url:
        event.add("url", change.url)
    event.add("transp", "TRANSPARENT")
    return event


def _summary(change: Change) -> str:
    tiers = " -> ".join(t for t in (change.tier_before, change.tier_after) if t)
    tiers = f" ({tiers})" if tiers else ""
    flag = " [conflict]" if change.conflict else ""
    return f"{change.member} {change.change}s {change.foundation}{tiers}{flag}"


def _description(change: Change) -> str:
    lines = [change.evidence, f"Source: {change.source}"]
    lines += [f"Also in: {s}" for s in change.also_in]
    lines += [f"Other source says: {a}" for a in change.alternatives]
    return "\n".join(line for line in lines if line)
