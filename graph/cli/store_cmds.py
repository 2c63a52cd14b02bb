"""`fkg ingest`, `fkg stats`, `fkg export`, `fkg validate`: commands over the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from graph.cli.options import store_option

EXPORT_CHOICES = ("ttl", "nt", "trig", "nq", "jsonld", "csv-memberships", "csv-grants")


def _open(store: str, **kwargs: bool):  # type: ignore[no-untyped-def]
    from graph.store import StoreError, open_store

    try:
        return open_store(store, **kwargs)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--publisher", default=None, help="Publisher of every document read (overrides source.toml).")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Refuse files larger than this many bytes (they are reported, the run goes on).",
)
@click.option(
    "--history",
    "histories",
    multiple=True,
    metavar="REPO[:PATH]",
    help="Also read a member directory's git history (every commit that touched PATH) as "
    "dated join, tier-change and leave events. Repeatable.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that read and extract (default: the number of cores; 1 = all in this process). "
    "Results are the same for any value.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
def ingest(
    paths: tuple[Path, ...],
    store: str,
    publisher: str | None,
    strict: bool,
    max_bytes: int,
    histories: tuple[str, ...],
    jobs: int | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Read documents (files or folders, recursively) and store their facts.

    Each document becomes one named graph; unchanged documents (same content hash) are
    skipped, an edited one replaces exactly its own graph. Files that cannot be read are
    listed with the reason at the end, and the exit status is then 1.

    Examples: `fkg ingest ../shared/corpus`, `fkg ingest --history repo:members`.
    """
    from graph.pipeline import IngestAborted, ingest_paths
    from graph.pipeline_pool import default_jobs
    from graph.sources import Limits

    if not paths and not histories:
        raise click.UsageError("give at least one PATH or --history REPO[:PATH]")

    counts = {"stored": 0, "unchanged": 0, "failed": 0}
    show = not quiet and sys.stderr.isatty()

    def progress(name: str, outcome: str) -> None:
        counts[outcome] = counts.get(outcome, 0) + 1
        if show:
            line = (
                f"\r{sum(counts.values())} files: {counts['stored']} stored, "
                f"{counts['unchanged']} unchanged, {counts['failed']} failed"
            )
            click.echo(line, nl=False, err=True)

    with _open(store) as kg:
        try:
            # The gazetteer graph is (re)written when missing or when documents were stored, not
            # on every run: loading it took longer than re-checking an unchanged corpus.
            gazetteer = hasattr(kg, "put_gazetteer")
            if gazetteer and not _has_gazetteer(kg):
                kg.put_gazetteer()
                gazetteer = False
            report = ingest_paths(
                list(paths),
                kg,
                publisher=publisher,
                progress=progress,
                strict=strict,
                limits=Limits(max_bytes=max_bytes),
                jobs=jobs or default_jobs(),
            )
            for spec in histories:
                _ingest_history(kg, spec, publisher, report)
            if gazetteer and report.stored:
                kg.put_gazetteer()
        except IngestAborted as exc:
            raise click.ClickException(f"stopped (--strict): {exc}") from exc
    if show:
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=1))
    else:
        click.echo(
            f"{report.documents} documents ({report.stored} stored, {report.unchanged} unchanged), "
            f"{report.facts} facts, {len(report.failed)} failed, in {report.seconds:.1f} s -> {store}"
        )
        for file, reason in report.failed:
            click.echo(f"  failed: {file}: {reason}", err=True)
    if report.failed:
        sys.exit(1)


def _has_gazetteer(kg: object) -> bool:
    """True when the store already holds a gazetteer graph."""
    from graph.namespaces import GAZETTEER_GRAPH

    return bool(kg.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": GAZETTEER_GRAPH}).askAnswer)  # type: ignore[attr-defined]


def _ingest_history(kg: object, spec: str, publisher: str | None, report: object) -> None:
    """Store the membership changes of one directory history; a bad repository is a failed input."""
    from graph.timeline.history import HistoryError, ingest_history

    try:
        documents, facts = ingest_history(kg, spec, publisher)
    except HistoryError as exc:
        report.failed.append((spec, str(exc)))  # type: ignore[attr-defined]
        return
    report.stored += documents  # type: ignore[attr-defined]
    report.facts += facts  # type: ignore[attr-defined]


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(store: str, as_json: bool) -> None:
    """Count documents, entities, facts (by type) and triples in the store."""
    from graph.store.stats import store_stats

    with _open(store, read_only=True, create=False) as kg:
        counts = store_stats(kg)
    if as_json:
        click.echo(json.dumps(counts, indent=1))
        return
    width = max(len(k) for k in counts)
    for key, value in counts.items():
        click.echo(f"{key.ljust(width)}  {value}")


@click.command()
@store_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(EXPORT_CHOICES),
    default="trig",
    show_default=True,
    help="trig/nq keep the named graphs; ttl/nt/jsonld merge them; csv-* are spreadsheet tables.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
def export(store: str, fmt: str, output: Path | None) -> None:
    """Write the whole graph as Turtle, N-Triples, TriG, N-Quads, JSON-LD or CSV.

    TriG and N-Quads keep one named graph per document and load back with
    `Store.load` into an identical dataset. JSON-LD is compacted with the published
    context (ontology/context.jsonld).
    """
    import tempfile

    with _open(store, read_only=True, create=False) as kg:
        if output is not None:
            kg.export(fmt, output)
            click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)", err=True)
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = kg.export(fmt, Path(tmp) / f"export.{fmt}")
            sys.stdout.buffer.write(path.read_bytes())


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
def validate(store: str, as_json: bool) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl).

    Every violation is printed with the document it came from. Exits 1 when the store
    does not conform.
    """
    from graph.validate import validate_store

    with _open(store, read_only=True, create=False) as kg:
        report = validate_store(kg)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "conforms": report.conforms,
                    "triples": report.triples,
                    "violations": [v.__dict__ for v in report.violations],
                },
                indent=1,
            )
        )
    else:
        for violation in report.violations:
            click.echo(str(violation))
        verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
        click.echo(f"{report.triples} triples checked against ontology/shapes.ttl: {verdict}")
    if not report.conforms:
        raise SystemExit(1)
