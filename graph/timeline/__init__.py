"""Timelines of membership changes: derived from the store, or read from a directory's git history.

`changes(store, ...)` lists dated join / upgrade / downgrade / renew / leave changes with tier
before and after, source and evidence, marking conflicts between sources. `write_timeline`
writes the page, the CSV and the members-per-tier chart; `graph.timeline.formats` holds the
other exports and `graph.timeline.history` the git-history reader.
"""

from __future__ import annotations

from graph.timeline.events import changes, read_events
from graph.timeline.model import CHANGE_KINDS, Alternative, Change, Event

__all__ = ["CHANGE_KINDS", "Alternative", "Change", "Event", "changes", "read_events"]
