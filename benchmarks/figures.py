"""Figures, timing helpers and the machine description shared by the benchmark runners."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass
class Figure:
    """One measured figure, with the issue-7 target it answers (if any)."""

    section: str
    name: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""

    def shown(self) -> str:
        """The value with its unit, or 'n/a'."""
        if self.value is None:
            return "n/a"
        if abs(self.value) >= 100:
            return f"{self.value:,.0f} {self.unit}"
        return f"{self.value:,.3g} {self.unit}"


@dataclass
class Results:
    """Everything one run measured."""

    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)

    def add(self, figure: Figure) -> Figure:
        """Record a figure and echo it (the run is long: show progress)."""
        self.figures.append(figure)
        flag = "" if figure.met is None else (" [met]" if figure.met else " [NOT met]")
        print(f"  {figure.section}: {figure.name} = {figure.shown()}{flag} {figure.note}", flush=True)
        return figure


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def median(values: list[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def dir_size(path: Path) -> int:
    """Bytes used by the files below `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_child(code: str, *args: str, timeout: float = 3600) -> str:
    """Run `code` in a fresh interpreter (cwd = project root); its stdout."""
    done = subprocess.run(
        [PYTHON, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def machine() -> dict[str, str]:
    """The machine and software the figures were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    versions = []
    for dist in (
        "foundation-kg",
        "rdflib",
        "oxrdflib",
        "pyoxigraph",
        "oxigraph",
        "networkx",
        "pyvis",
        "click",
    ):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    return {
        "cpus": f"{os.cpu_count()} (nproc; shared with other work during the run)",
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": ", ".join(versions),
    }
