"""`fkg timeline`: export the membership changes in the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from graph.store import Store

from graph.cli.options import output_option, store_option

_BINARY = ("png",)


@click.command(name="timeline")
@store_option
@click.option("--foundation", metavar="NAME", help="Only this foundation (name or slug, any case).")
@click.option("--member", metavar="NAME", help="Only this member (name or slug, any case).")
@click.option("--since", metavar="DATE", help="Only changes on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only changes on or before DATE (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "md", "ics", "html", "svg", "png"]),
    default="csv",
    show_default=True,
    help="Export format.",
)
@output_option
def timeline(
    store: str,
    foundation: str | None,
    member: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Export the timeline of membership changes.

    One row (or calendar event) per change: date, foundation, member, change (join, upgrade,
    downgrade, renew, leave), tier before and after, source document and evidence sentence.
    Where sources disagree, every reading is kept and marked as a conflict. `html` is an
    offline page with filters; `svg`/`png` a step chart of members per tier over time.

    \b
    Examples:
      fkg timeline --foundation "Rust Foundation" --format ics -o rust.ics
      fkg timeline --since 2022-01-01 --format md
      fkg timeline --format html -o timeline.html
    """
    from graph.timeline import changes, render

    handle = _open_store(store)
    try:
        found = changes(handle, foundation=foundation, member=member, since=since, until=until)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    finally:
        handle.close()
    title = f"Membership timeline: {foundation}" if foundation else "Membership timeline"
    data = render(found, fmt, title)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"{len(found)} changes -> {output}", err=True)
        return
    if fmt in _BINARY and sys.stdout.isatty():
        raise click.UsageError("PNG output is binary: give -o FILE")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


def _open_store(location: str) -> Store:
    """The store at `location`, read-only (the timeline never writes; a missing store is an error)."""
    from graph.store import StoreError, open_store

    try:
        return open_store(location, create=False, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
