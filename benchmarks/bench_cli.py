"""`fkg --help` start-up time, and the other helpers' benchmark scripts run as they are."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from benchmarks.figures import PYTHON, ROOT, Figure, Results, median

FKG = str(Path(PYTHON).with_name("fkg"))


def help_startup(results: Results) -> None:
    """Median wall time of 10 `fkg --help` processes (after one warm-up for the disk cache)."""
    times = []
    for i in range(11):
        started = time.perf_counter()
        subprocess.run([FKG, "--help"], capture_output=True, check=True)
        if i:
            times.append(time.perf_counter() - started)
    value = median(times)
    results.add(Figure("cli", "`fkg --help` start-up", value * 1000, "ms", "≤ 300 ms", value <= 0.3,
                       f"median of 10, min {min(times) * 1000:.0f} ms"))


def script(results: Results, title: str, name: str, *args: str, timeout: float = 1800) -> str:
    """Run benchmarks/NAME with ARGS; keep its output as a table in RESULTS.md."""
    path = ROOT / "benchmarks" / name
    if not path.exists():
        results.notes.append(f"{name} is missing: {title} not measured.")
        return ""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, str(path), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)
    seconds = time.perf_counter() - started
    text = done.stdout.strip() or done.stderr.strip()[-3000:]
    status = "" if done.returncode == 0 else f" (exit {done.returncode})"
    results.tables[title] = (f"`.venv/bin/python benchmarks/{name} {' '.join(args)}`{status}, "
                             f"{seconds:.0f} s:\n\n```\n{text}\n```")
    print(f"  {title}: {name} done in {seconds:.0f} s{status}", flush=True)
    return done.stdout
