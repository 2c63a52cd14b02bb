"""Run every benchmark and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # full: 10k synthetic documents, 1M-triple graph
    .venv/bin/python benchmarks/run.py --quick    # 1k documents, 100k triples, fewer repeats

Synthetic inputs are generated once under --work (default /tmp/fkg-bench) and reused.
The hand-written analysis in benchmarks/ANALYSIS.md (if present) is appended to RESULTS.md.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bench_cli, bench_ingest, bench_queries, report  # noqa: E402
from benchmarks.figures import ROOT, Results  # noqa: E402
from benchmarks.generate import docs_corpus, graph_store  # noqa: E402


@click.command()
@click.option("--quick", is_flag=True, help="Smaller inputs and fewer repeats (minutes, not an hour).")
@click.option("--work", type=click.Path(path_type=Path), default=Path("/tmp/fkg-bench"), show_default=True)
@click.option(
    "--output", type=click.Path(path_type=Path), default=ROOT / "benchmarks" / "RESULTS.md", show_default=True
)
@click.option("--skip", multiple=True, help="Skip a stage: extract, ingest, queries, cli, views, load.")
def main(quick: bool, work: Path, output: Path, skip: tuple[str, ...]) -> None:
    """Measure extraction, ingest, named queries, open time, memory, start-up and graph pages."""
    started = time.perf_counter()
    results = Results()
    load_before = os.getloadavg()
    docs_n, triples = (1000, 100_000) if quick else (10_000, 1_000_000)
    synthetic = docs_corpus(work, docs_n)
    label = f"synthetic {docs_n // 1000}k"
    if "extract" not in skip:
        bench_ingest.extraction(results, "real corpus", bench_ingest.REAL_CORPUS)
        bench_ingest.extraction(results, label, synthetic)
    if "ingest" not in skip:
        bench_ingest.ingest(results, "real corpus", bench_ingest.REAL_CORPUS)
        bench_ingest.ingest_memory(results, "synthetic 1k (fresh process)", docs_corpus(work, 1000))
    if "queries" not in skip:
        nquads, store = graph_store(work, triples)
        results.notes.append(f"Query graph: {nquads.name} ({triples:,} triples requested), store {store}.")
        bench_queries.named_queries(results, store, nquads, quick)
        bench_queries.open_and_query(results, store)
        bench_queries.load_memory(results, nquads)
    if "cli" not in skip:
        bench_cli.help_startup(results)
        bench_cli.script(
            results, "extraction (bench_extract.py, real corpus)", "bench_extract.py", "--runs", "3"
        )
    if "views" not in skip:
        bench_cli.script(results, "graph pages (bench_views.py)", "bench_views.py", "--sizes", "10000")
    if "load" not in skip:
        bench_cli.script(results, "load on fkg serve (load_serve.py)", "load_serve.py", "--work", str(work))
    analysis_file = ROOT / "benchmarks" / "ANALYSIS.md"
    analysis = analysis_file.read_text(encoding="utf-8") if analysis_file.exists() else ""
    command = (
        ".venv/bin/python benchmarks/run.py"
        + (" --quick" if quick else "")
        + "".join(f" --skip {s}" for s in skip)
    )
    results.notes.append(
        f"Load average (1/5/15 min) at the start {_load(load_before)}, at the end {_load(os.getloadavg())} "
        f"on {os.cpu_count()} cores: other work shared the machine, so the figures are pessimistic."
    )
    results.notes.append(f"The whole run took {(time.perf_counter() - started) / 60:.1f} minutes.")
    report.write(results, output, command, analysis)
    click.echo(f"wrote {output}")


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
