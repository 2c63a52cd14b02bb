"""A step chart of members per tier over time, one panel per foundation (matplotlib, Agg)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: the chart is always written to a file

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from graph.timeline.model import Change  # noqa: E402
from graph.timeline.tiers import fold, tier_rank  # noqa: E402

NO_TIER = "(no tier)"
#: Colours that read as the tier names; other tiers take matplotlib's cycle.
TIER_COLOURS = {
    "diamond": "#5b8fd9",
    "platinum": "#4b5563",
    "gold": "#d4a017",
    "silver": "#9ca3af",
    "bronze": "#b87333",
    "associate": "#0f9d8a",
    "premier": "#7c3aed",
    "general": "#2563eb",
}
MAX_PANELS = 12

Series = dict[str, list[tuple[date, int]]]


def members_per_tier(changes: Sequence[Change]) -> dict[str, Series]:
    """foundation -> tier -> [(date, members at that tier from that date on)], primary readings only."""
    per: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if change.primary:
            per[change.foundation].append(change)
    if not per:
        return {}
    first = min(c.date for items in per.values() for c in items)
    last = max(c.date for items in per.values() for c in items)
    end = last + max(timedelta(days=30), (last - first) / 30)  # room to see the last step
    return {name: _series(items, end) for name, items in per.items()}


def _series(changes: list[Change], end: date) -> Series:
    """Every line runs from the foundation's first change to `end` (shared by all panels)."""
    counts: Counter[str] = Counter()
    points: Series = defaultdict(list)
    for change in sorted(changes, key=lambda c: c.date):
        if change.change == "renew":
            continue
        if change.change != "join" and (change.tier_before or change.change == "leave"):
            _step(points, counts, change.tier_before or NO_TIER, -1, change.date)
        if change.change != "leave":
            _step(points, counts, change.tier_after or NO_TIER, +1, change.date)
    start = min(c.date for c in changes)
    for tier, steps in points.items():
        if steps[0][0] > start:
            steps.insert(0, (start, 0))  # every line starts on the axis, so the steps read clearly
        if steps[-1][0] < end:
            steps.append((end, counts[tier]))  # carry the last level to the panel's end
    return dict(points)


def _step(points: Series, counts: Counter[str], tier: str, delta: int, when: date) -> None:
    counts[tier] = max(0, counts[tier] + delta)
    steps = points[tier]
    if steps and steps[-1][0] == when:
        steps[-1] = (when, counts[tier])  # several changes on one day: one step
    else:
        steps.append((when, counts[tier]))


def chart_figure(changes: Sequence[Change], title: str = "Members per tier") -> Figure:
    """The figure: one panel per foundation (the busiest MAX_PANELS), one step line per tier.

    Each line carries the SVG id `step-<foundation>-<tier>` so the file can be read back.
    """
    data = members_per_tier(changes)
    names = sorted(data, key=lambda n: (-sum(len(s) for s in data[n].values()), n))[:MAX_PANELS]
    panels = max(1, len(names))
    height = 1.4 + 2.6 * panels
    fig = Figure(figsize=(9, height))
    # Fixed margins: constrained layout measures every tick label and took seconds per panel.
    fig.subplots_adjust(left=0.08, right=0.97, top=1 - 0.75 / height, bottom=0.55 / height, hspace=0.45)
    axes = fig.subplots(panels, 1, squeeze=False, sharex=True)[:, 0]
    for ax, name in zip(axes, names, strict=False):
        _panel(ax, name, data[name])
    if not names:
        axes[0].text(0.5, 0.5, "no dated membership changes", ha="center", va="center")
        axes[0].set_axis_off()
    fig.suptitle(title)
    return fig


def _highest_first(foundation: str, tiers: Iterable[str]) -> list[str]:
    def key(tier: str) -> tuple[int, str]:
        rank = tier_rank(foundation, tier)
        return (-(rank if rank is not None else -1), tier)

    return sorted(tiers, key=key)


def _panel(ax: Axes, foundation: str, series: Series) -> None:
    tiers = _highest_first(foundation, series)
    for tier in tiers:
        steps = series[tier]
        colour = TIER_COLOURS.get(fold(tier))
        (line,) = ax.step(
            [d for d, _ in steps],  # type: ignore[arg-type]  # matplotlib plots dates; its stubs lag
            [n for _, n in steps],
            where="post",
            label=tier,
            linewidth=1.8,
            color=colour,
        )
        line.set_gid(f"step-{fold(foundation)}-{fold(tier) or 'none'}")
    ax.set_title(foundation, loc="left", fontsize=10)
    ax.set_ylabel("members")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)


def save_chart(changes: Sequence[Change], path: Path, title: str = "Members per tier") -> Path:
    """Write the chart to `path`; the suffix (.svg or .png) picks the format."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise ValueError(f"{path}: chart files must end in .svg or .png")
    fig = chart_figure(changes, title)
    # Fixed ids and no timestamp, so the same store gives the same file.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "foundation-kg"}):
        fig.savefig(path, format=fmt, dpi=100, metadata=metadata)
    return path


__all__ = ["chart_figure", "members_per_tier", "save_chart"]
