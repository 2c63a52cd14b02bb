"""Render a timeline in any export format, and write the demo's set of timeline files."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.timeline.chart import save_chart
from graph.timeline.events import changes as read_changes
from graph.timeline.formats import to_csv, to_ics, to_json, to_markdown
from graph.timeline.html import render_html
from graph.timeline.model import Change

FORMATS = ("csv", "json", "md", "ics", "html", "svg", "png")


def render(changes: Sequence[Change], fmt: str, title: str = "Membership timeline") -> bytes:
    """The timeline as the bytes of one export format (one of FORMATS)."""
    if fmt == "csv":
        return to_csv(changes).encode("utf-8")
    if fmt == "json":
        return to_json(changes).encode("utf-8")
    if fmt == "md":
        return to_markdown(changes).encode("utf-8")
    if fmt == "ics":
        return to_ics(changes)
    if fmt == "html":
        return render_html(changes, title).encode("utf-8")
    if fmt in ("svg", "png"):
        with tempfile.TemporaryDirectory() as tmp:
            path = save_chart(changes, Path(tmp) / f"chart.{fmt}", _chart_title(title))
            return path.read_bytes()
    raise ValueError(f"unknown timeline format {fmt!r}: use one of {', '.join(FORMATS)}")


def _chart_title(title: str) -> str:
    """'Membership timeline: X' (the page title) -> 'Members per tier: X' (the chart's)."""
    _, _, subject = title.partition("Membership timeline")
    subject = subject.lstrip(": ") if subject or title.startswith("Membership timeline") else title
    return f"Members per tier: {subject}" if subject else "Members per tier"


def write_timeline(store: Any, out_dir: Path, foundation: str | None = None) -> list[Path]:
    """Write timeline.html, timeline.csv, members-per-tier.svg and .png into `out_dir`; return the paths."""
    found = read_changes(store, foundation=foundation)
    out_dir.mkdir(parents=True, exist_ok=True)
    title = f"Membership timeline: {foundation}" if foundation else "Membership timeline"
    chart_title = f"Members per tier: {foundation}" if foundation else "Members per tier"
    paths = [out_dir / "timeline.html", out_dir / "timeline.csv"]
    paths[0].write_text(render_html(found, title), encoding="utf-8")
    paths[1].write_text(to_csv(found), encoding="utf-8")
    for suffix in ("svg", "png"):
        paths.append(save_chart(found, out_dir / f"members-per-tier.{suffix}", chart_title))
    return paths
