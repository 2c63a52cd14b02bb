"""Timeline at scale: changes() and every export on synthetic stores in the RDF model.

Builds (or reuses) an on-disk store of about N triples with benchmarks/synth (memberships are
half the facts, with join/upgrade/leave/state events, tiers and dates), then times
`graph.timeline.changes` (three SPARQL queries plus the derivation in Python) and each format,
then loads the HTML page in headless Chromium: time to ready, and one filter update.

    .venv/bin/python benchmarks/bench_timeline.py [--sizes 100000 1000000] [--work /tmp/fkg-bench-timeline]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synth.rdfgen import bulk_load, write_nquads  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.timeline import FORMATS, changes, read_events, render  # noqa: E402


def _store(work: Path, triples: int) -> Path:
    store_dir = work / f"store-{triples}"
    if not store_dir.exists():
        nquads = work / f"graph-{triples}.nq"
        write_nquads(nquads, triples)
        bulk_load(nquads, store_dir)
    return store_dir


def _timed(label: str, func: object) -> object:
    started = time.perf_counter()
    result = func()  # type: ignore[operator]
    print(f"  {label:<18} {time.perf_counter() - started:8.3f} s", flush=True)
    return result


def run(triples: int, work: Path) -> None:
    """Time one store size."""
    print(f"== {triples:,} triples")
    store = open_store(_store(work, triples), read_only=True)
    try:
        events = _timed("read_events", lambda: read_events(store))
        found = _timed("changes", lambda: changes(store))
        print(f"  {len(events):,} membership facts -> {len(found):,} changes")  # type: ignore[arg-type]
        for fmt in FORMATS:
            data = _timed(f"render {fmt}", lambda fmt=fmt: render(found, fmt))  # type: ignore[arg-type]
            print(f"  {'':<18} {len(data) / 1e6:8.2f} MB")  # type: ignore[arg-type]
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "timeline.html"
            page.write_bytes(render(found, "html"))  # type: ignore[arg-type]
            _browser(page)
    finally:
        store.close()


def _browser(page: Path) -> None:
    """Time to a ready page, and to redraw after typing a member filter, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto(page.as_uri())
        tab.wait_for_selector("body[data-ready=true]")
        print(f"  {'page ready':<18} {time.perf_counter() - started:8.3f} s")
        started = time.perf_counter()
        tab.fill("#f-member", "a")
        shown = tab.inner_text("#shown")
        print(f"  {'filter update':<18} {time.perf_counter() - started:8.3f} s ({shown})")
        browser.close()


def main() -> None:
    """Parse arguments and run every size."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/fkg-bench-timeline"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        run(size, args.work)


if __name__ == "__main__":
    main()
