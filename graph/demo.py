"""The demo: the embedded corpus built into a store, with a graph page, a timeline and query results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.resources import data_path

if TYPE_CHECKING:
    from graph.store import Store

#: Named queries whose results the demo writes (name -> parameters).
DEMO_QUERIES: dict[str, dict[str, str]] = {
    "members": {"foundation": "Rust Foundation"},
    "multi-foundation-members": {},
    "funders": {"organization": "Rust Foundation"},
}


@dataclass
class DemoResult:
    """What the demo built: the store, the ingest report and every file it wrote."""

    store: Path
    report: object
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build_demo(out: Path, progress: Callable[[str, str], None] | None = None) -> DemoResult:
    """Build the embedded corpus into `out/store` and write the demo pages and results into `out`."""
    from graph.pipeline import ingest_paths
    from graph.store import open_store

    out.mkdir(parents=True, exist_ok=True)
    store_dir = out / "store"
    with open_store(store_dir) as store:
        store.put_gazetteer()
        report = ingest_paths([data_path("corpus")], store, progress=progress)
        result = DemoResult(store=store_dir, report=report)
        for step in (_graph_page, _timeline, _query_results):
            try:
                result.files.extend(step(store, out))
            except Exception as exc:  # one broken view must not hide the others
                result.warnings.append(f"{step.__name__.strip('_')}: {type(exc).__name__}: {exc}")
    return result


def _graph_page(store: Store, out: Path) -> list[Path]:
    from graph.network import project
    from graph.views import write_graph_page

    page = write_graph_page(project(store), out / "graph.html", title="foundation-kg demo: who funds whom")
    return [Path(page)]


def _timeline(store: Store, out: Path) -> list[Path]:
    from graph.timeline import write_timeline

    files = [Path(p) for p in write_timeline(store, out)]
    # One foundation's chart reads better than all of them in panels: the Rust Foundation's.
    files += [Path(p) for p in write_timeline(store, out / "rust-foundation", foundation="Rust Foundation")]
    return files


def _query_results(store: Store, out: Path) -> list[Path]:
    from graph.query import format_result

    written = []
    for name, params in DEMO_QUERIES.items():
        result = store.named_query(name, params)
        path = out / f"query-{name}.csv"
        path.write_text(format_result(result, "csv"), encoding="utf-8")
        written.append(path)
    return written
