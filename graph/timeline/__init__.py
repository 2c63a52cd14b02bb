"""Timelines of membership changes: derived from the store, or read from a directory's git history.

`changes(store, ...)` lists dated join / upgrade / downgrade / renew / leave changes with tier
before and after, source and evidence, marking conflicts between sources. `render` gives any
export format (csv, json, md, ics, html, svg, png); `write_timeline` writes the page, the CSV and
the members-per-tier chart; `graph.timeline.history` reads a member directory's git history.
"""

from __future__ import annotations

from graph.timeline.events import changes, read_events
from graph.timeline.model import CHANGE_KINDS, Alternative, Change, Event
from graph.timeline.write import FORMATS, render, write_timeline

__all__ = [
    "CHANGE_KINDS",
    "FORMATS",
    "Alternative",
    "Change",
    "Event",
    "changes",
    "read_events",
    "render",
    "write_timeline",
]
