"""Graph pages at scale: page generation time and time to a stable drawing in headless Chromium.

Synthetic membership-shaped graphs (foundations, companies in one to three of them, people with
seats, a few grants) at 500, 2,000 and 10,000 nodes, each drawn two ways:

- physics:   vis-network stabilises in the browser (120 iterations, straight edges), then stops;
- positions: positions computed in Python (graph.views.layout.hub_layout), physics off.

"stable" is `performance.now()` when the page marks itself ready: after vis's
stabilizationIterationsDone and the next drawing (physics), or after the first drawing
(positions); it counts from navigation start, so it includes parsing the inline vis-network
and the data. "frame" is the mean time of five redraws at different zooms afterwards.

    .venv/bin/python benchmarks/bench_views.py [--sizes 500 2000 10000] [--physics-max 5000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.views import PHYSICS_MAX_NODES, write_graph_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: (title, width, (key, format)) of the printed table
COLUMNS = [
    ("nodes", 6, ("nodes", "")),
    ("edges", 6, ("edges", "")),
    ("mode", 9, ("mode", "")),
    ("generate s", 10, ("generate_s", ".2f")),
    ("MB", 5, ("size_mb", ".1f")),
    ("script s", 8, ("script_s", ".2f")),
    ("physics s", 9, ("physics_s", ".2f")),
    ("stable s", 8, ("stable_s", ".2f")),
    ("frame ms", 8, ("frame_ms", ".0f")),
    ("drawn nodes", 11, ("drawn_nodes", "")),
    ("drawn edges", 11, ("drawn_edges", "")),
]
FRAME_JS = """async () => {
  const times = [];
  for (const scale of [0.3, 0.6, 1.0, 0.45, 0.8]) {
    const t = performance.now();
    const drawn = new Promise((resolve) => fkg.network.once("afterDrawing", resolve));
    fkg.network.moveTo({ scale: scale });
    fkg.network.redraw();
    await drawn;
    times.push(performance.now() - t);
  }
  return times.reduce((a, b) => a + b, 0) / times.length;
}"""


def synthetic(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A membership-shaped graph of about `n_nodes` nodes and 2 edges per node."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    hubs = max(5, n_nodes // 80)
    people = n_nodes // 5
    companies = n_nodes - hubs - people

    def node(key: str, kind: str, label: str) -> None:
        g.add_node(key, kind=kind, label=label, iri=f"https://example.org/{key}")

    def edge(u: str, v: str, rel: str, **attrs: object) -> None:
        g.add_edge(
            u,
            v,
            rel=rel,
            evidence=f"{u} {rel} {v}.",
            doc=f"doc/{u}.md",
            doc_title=u,
            source_url=f"https://example.org/doc/{u}",
            date="2023-01-01",
            **attrs,
        )

    for i in range(hubs):
        node(f"f{i}", "foundation", f"Foundation {i}")
    for i in range(companies):
        node(f"c{i}", "company", f"Company {i}")
        # Preferential attachment: low-numbered foundations are the big ones.
        for hub in {min(int(rng.paretovariate(1.2)) - 1, hubs - 1) for _ in range(rng.randint(1, 3))}:
            edge(f"c{i}", f"f{hub}", "member_of", tier=rng.choice(["Platinum", "Gold", "Silver", None]))
        if rng.random() < 0.05:
            edge(
                f"c{i}",
                f"f{rng.randrange(hubs)}",
                "funds",
                amount=float(rng.randrange(10, 500) * 1000),
                currency="USD",
                kind="grant",
            )
    for i in range(people):
        node(f"p{i}", "person", f"Person {i}")
        edge(f"p{i}", f"c{rng.randrange(companies)}", "holds_role", title="Engineer")
        if rng.random() < 0.3:
            edge(f"p{i}", f"f{rng.randrange(hubs)}", "holds_role", title="Director")
    return g


def wait_ready(page: Any, timeout: float) -> None:
    """Poll until the page says it is stable. (Playwright's wait_for_function evals in the page,
    which the page's Content-Security-Policy forbids; page.evaluate is not subject to it.)"""
    deadline = time.perf_counter() + timeout
    while not page.evaluate("Boolean(window.fkg && window.fkg.state.ready)"):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"page not stable after {timeout:.0f} s")
        page.wait_for_timeout(50)


def measure(browser: Any, graph: nx.MultiDiGraph, physics: bool, folder: Path) -> dict[str, Any]:
    """Generate the page, load it offline, wait until stable; return the figures."""
    page_path = folder / f"bench-{graph.number_of_nodes()}-{physics}.html"
    started = time.perf_counter()
    write_graph_page(graph, page_path, title="benchmark", physics=physics)
    generate = time.perf_counter() - started
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(page_path.as_uri(), wait_until="commit", timeout=0)  # physics can hold "load" back
    wait_ready(page, timeout=600.0)
    wall = time.perf_counter() - started
    stable_ms = page.evaluate("fkg.state.stableMs")
    start_ms = page.evaluate("fkg.state.startMs")
    stabilised_ms = page.evaluate("fkg.state.stabilisedMs") or start_ms
    drawn = page.evaluate("fkg.drawn()")
    frame_ms = page.evaluate(FRAME_JS)
    context.close()
    if errors:
        raise RuntimeError(f"page errors at {graph.number_of_nodes()} nodes: {errors[:3]}")
    return {
        "generate_s": generate,
        "size_mb": page_path.stat().st_size / 1e6,
        "stable_s": stable_ms / 1000,
        "script_s": start_ms / 1000,
        "physics_s": (stabilised_ms - start_ms) / 1000,
        "wall_s": wall,
        "frame_ms": frame_ms,
        "drawn_nodes": drawn["nodes"],
        "drawn_edges": drawn["edges"],
    }


def median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per column, the median over the runs (the machine is shared: single runs are noisy)."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    """Run the table of sizes x modes and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument(
        "--physics-max",
        type=int,
        default=5000,
        help="Skip in-browser physics above this many nodes (it takes minutes).",
    )
    parser.add_argument("--repeat", type=int, default=3, help="Runs per cell (median reported).")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores; median of {options.repeat} runs")
    print(f"page mode by default: physics up to {PHYSICS_MAX_NODES} nodes, positions above")
    print(" ".join(f"{title:>{width}}" for title, width, _ in COLUMNS))
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        measure(browser, synthetic(50), True, Path(tmp))  # warm-up: imports, browser caches
        for size in options.sizes:
            graph = synthetic(size)
            for physics in (True, False):
                if physics and size > options.physics_max:
                    continue
                runs = [measure(browser, graph, physics, Path(tmp)) for _ in range(options.repeat)]
                row: dict[str, Any] = median_row(runs)
                row.update(nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
                row["mode"] = "physics" if physics else "positions"
                print(" ".join(f"{row[key]:>{width}{fmt}}" for _, width, (key, fmt) in COLUMNS), flush=True)
        browser.close()
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
