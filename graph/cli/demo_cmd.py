"""`fkg demo`: the whole flow on the embedded corpus."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fkg-demo"),
    show_default=True,
    help="Folder for the demo store, pages and query results (created if missing).",
)
def demo(out: Path) -> None:
    """Build the embedded corpus into a store and write a graph page, a timeline and query results.

    Runs offline. The embedded corpus is a set of announcements from several
    foundations, rewritten in our own words, each with the URL of the public
    announcement its facts come from. Open OUT/graph.html and OUT/timeline.html
    in a browser afterwards; point other commands at the store with
    `--store OUT/store`.
    """
    from graph.demo import build_demo

    click.echo(f"Building the embedded corpus into {out / 'store'} ...")
    result = build_demo(out)
    report = result.report
    click.echo(
        f"Ingested {report.documents} documents ({report.stored} stored, {report.unchanged} unchanged), "  # type: ignore[attr-defined]
        f"{report.facts} facts, {len(report.failed)} failed, in {report.seconds:.1f} s."  # type: ignore[attr-defined]
    )
    for file, reason in report.failed:  # type: ignore[attr-defined]
        click.echo(f"  failed: {file}: {reason}", err=True)
    click.echo("Wrote:")
    for path in result.files:
        click.echo(f"  {path}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Next: open {out / 'graph.html'} in a browser, or run `fkg stats --store {out / 'store'}`.")
    if result.warnings or report.failed:  # type: ignore[attr-defined]
        raise SystemExit(1)
