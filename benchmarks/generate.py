"""Generate the synthetic benchmark inputs.

    .venv/bin/python benchmarks/generate.py docs  --sizes 1000,10000 --out /tmp/fkg-bench
    .venv/bin/python benchmarks/generate.py graph --sizes 100000,1000000 --out /tmp/fkg-bench

`docs` writes `docs-<N>/` corpora (one folder per foundation, with source.toml, news and
member directories); `graph` writes `graph-<N>.nq` (about N quads, one named graph per
synthetic document) and loads it into `store-<N>/` in the store's layout: the named graphs
plus their deduplicated union in the default graph. A store left by an older version (its
`.complete` marker does not name the layout) is loaded again from the existing file.
100k documents and 5M triples are written only when asked for.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth.docs import write_corpus  # noqa: E402
from benchmarks.synth.rdfgen import bulk_load, write_nquads  # noqa: E402

DEFAULT_OUT = Path("/tmp/fkg-bench")
#: written into a graph store's `.complete` marker: the layout it was loaded in
LAYOUT = "default-graph-copy"


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "").replace("k", "000").replace("M", "000000")) for part in text.split(",")]


def docs_corpus(out: Path, size: int) -> Path:
    """The synthetic corpus of `size` documents below `out`, written once and then reused."""
    root = out / f"docs-{size}"
    marker = root / ".complete"
    if not marker.exists():
        write_corpus(root, size)
        marker.write_text(str(size))
    return root


def graph_store(out: Path, triples: int) -> tuple[Path, Path]:
    """(N-Quads file, on-disk store) for a graph of about `triples` triples, built once and reused."""
    nq, store = out / f"graph-{triples}.nq", out / f"store-{triples}"
    marker = store / ".complete"
    done = marker.read_text().split() if marker.exists() else []
    if LAYOUT not in done:
        out.mkdir(parents=True, exist_ok=True)
        if not done or not nq.exists():  # without a finished store the .nq may be partial too
            write_nquads(nq, triples)
        shutil.rmtree(store, ignore_errors=True)
        bulk_load(nq, store)
        marker.write_text(f"{triples} {LAYOUT}")
    return nq, store


@click.group()
def cli() -> None:
    """Synthetic inputs for benchmarks/run.py."""


@cli.command()
@click.option("--sizes", default="1000,10000", show_default=True, help="Comma-separated document counts.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True)
def docs(sizes: str, out: Path) -> None:
    """Write synthetic announcement and directory corpora."""
    for size in _sizes(sizes):
        started = time.perf_counter()
        root = docs_corpus(out, size)
        click.echo(f"{root}: {size} documents ({time.perf_counter() - started:.1f} s)")


@cli.command()
@click.option("--sizes", default="100000,1000000", show_default=True, help="Comma-separated triple counts.")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True)
def graph(sizes: str, out: Path) -> None:
    """Write N-Quads graphs in the project's RDF model and bulk-load each into an on-disk store."""
    for size in _sizes(sizes):
        started = time.perf_counter()
        nq, store = graph_store(out, size)
        click.echo(f"{nq} -> {store} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    cli()
