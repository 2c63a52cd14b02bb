"""Write benchmarks/RESULTS.md from one run's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.figures import Results, machine


def _mark(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "**not met**")


def write(results: Results, path: Path, command: str, analysis: str) -> None:
    """RESULTS.md: machine, command, every figure with its target, the tables, notes and analysis."""
    info = machine()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with:",
        "",
        f"    {command}",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        "## Figures and targets (issue 7)",
        "",
        "| stage | figure | value | target | |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for f in results.figures:
        note = f" ({f.note})" if f.note else ""
        lines.append(f"| {f.section} | {f.name}{note} | {f.shown()} | {f.target} | {_mark(f.met)} |")
    for title, table in results.tables.items():
        lines += ["", f"## {title[0].upper()}{title[1:]}", "", table]
    if results.notes:
        lines += ["", "## Notes from the run", "", *[f"- {n}" for n in results.notes]]
    if analysis:
        lines += ["", analysis.strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
