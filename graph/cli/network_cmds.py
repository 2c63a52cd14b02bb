"""`fkg net ...` (network analytics) and `fkg view` (interactive graph page)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.cli.options import output_option, store_option
from graph.entities import KINDS

F = TypeVar("F", bound=Callable[..., Any])
KIND_CHOICES = KINDS


def scope_options(func: F) -> F:
    """The projection filters shared by every `net` command and `view`."""
    for option in reversed(
        [
            store_option,
            click.option(
                "--foundation",
                metavar="NAME",
                help="Only what this foundation's documents say and what links to it directly.",
            ),
            click.option(
                "--focus", metavar="NAME", help="Only the neighbourhood of this organisation or person."
            ),
            click.option(
                "--depth",
                type=click.IntRange(min=0),
                default=2,
                show_default=True,
                help="Hops around --focus.",
            ),
            click.option(
                "--as-of",
                "as_of",
                metavar="DATE",
                help="Facts known on DATE (YYYY-MM-DD); memberships ended before it are left out.",
            ),
            click.option(
                "--kind",
                "kinds",
                multiple=True,
                type=click.Choice(KIND_CHOICES, case_sensitive=False),
                help="Keep only nodes of this kind (repeatable).",
            ),
        ]
    ):
        func = option(func)
    return func


def format_options(func: F) -> F:
    """`--format table|csv|json` and `-o FILE`."""
    func = output_option(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def _graph(
    store: str,
    foundation: str | None,
    focus: str | None,
    depth: int,
    as_of: str | None,
    kinds: tuple[str, ...],
) -> Any:
    """Open the store read-only and project it; user mistakes become click errors."""
    from graph.network import project
    from graph.store import StoreError, open_store

    try:
        handle = open_store(store, create=False, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        return project(handle, foundation=foundation, focus=focus, depth=depth, as_of=as_of, kinds=kinds)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    finally:
        handle.close()


def _emit(rows: list[dict[str, Any]], fmt: str, output: str | None) -> None:
    from graph.network.output import render

    text = render(rows, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{len(rows)} rows -> {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.group(name="net")
def net() -> None:
    """Network analytics over the store: rank, overlap, path, flows, communities.

    Every command projects the store onto a graph of organisations and people (edges: member
    of, funds, part of, holds role), optionally cut down by --foundation, --focus/--depth,
    --as-of and --kind, and prints a table (or --format csv|json).

    \b
    Examples:
      fkg net rank --by betweenness --top 10
      fkg net overlap --by members
      fkg net path JFrog Alpha-Omega
      fkg net flows --format csv -o flows.csv
    """


@net.command()
@scope_options
@click.option(
    "--by",
    "metric",
    type=click.Choice(["pagerank", "degree", "betweenness"]),
    default="pagerank",
    show_default=True,
    help="Centrality measure (betweenness is sampled on big graphs).",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many to list.")
@format_options
def rank(metric: str, top: int, fmt: str, output: str | None, **scope: Any) -> None:
    """Who sits at the centre: entities ranked by PageRank, degree or betweenness."""
    from graph.network import rank as rank_rows

    _emit(rank_rows(_graph(**scope), metric, top=top), fmt, output)


@net.command()
@scope_options
@click.option(
    "--by",
    type=click.Choice(["members", "foundations"]),
    default="members",
    show_default=True,
    help="members: foundations that share members; foundations: members that share foundations.",
)
@click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Leave out pairs sharing fewer.",
)
@format_options
def overlap(by: str, min_shared: int, fmt: str, output: str | None, **scope: Any) -> None:
    """Pairs of organisations with members (or foundations) in common, with how many and which."""
    from graph.network import overlap as overlap_rows

    _emit(overlap_rows(_graph(**scope), by, min_shared=min_shared), fmt, output)


@net.command()
@click.argument("source")
@click.argument("target")
@scope_options
@format_options
def path(source: str, target: str, fmt: str, output: str | None, **scope: Any) -> None:
    """How SOURCE and TARGET connect: each hop with its relation, evidence sentence and document."""
    from graph.network import path as path_rows

    try:
        rows = path_rows(_graph(**scope), source, target)
    except ValueError as exc:  # unknown name or no path: both explain themselves
        raise click.ClickException(str(exc)) from None
    _emit(rows, fmt, output)


@net.command()
@scope_options
@click.option(
    "--total", is_flag=True, help="One total per funder, recipient and currency (no split by year)."
)
@format_options
def flows(total: bool, fmt: str, output: str | None, **scope: Any) -> None:
    """Funding totals between organisations, by currency and year (grants without amounts counted)."""
    from graph.network import flows as flow_rows

    _emit(flow_rows(_graph(**scope), by_year=not total), fmt, output)


@net.command()
@scope_options
@click.option(
    "--method",
    type=click.Choice(["louvain", "greedy"]),
    default="louvain",
    show_default=True,
    help="Louvain (seeded, reproducible) or greedy modularity.",
)
@format_options
def communities(method: str, fmt: str, output: str | None, **scope: Any) -> None:
    """Groups of densely linked organisations and people, largest first."""
    from graph.network import communities as community_rows

    _emit(community_rows(_graph(**scope), method=method), fmt, output)


@click.command(name="view")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The HTML file to write.",
)
@click.option("--title", help="Page title (default: from the filters).")
@scope_options
def view(output: str, title: str | None, **scope: Any) -> None:
    """Write an interactive HTML graph page that works offline.

    Colours and shapes by node type (legend), size by PageRank, edge labels for tier and
    amount, tooltips with the evidence sentence and source link, a search box, and filters by
    node type, membership tier and relation.

    \b
    Examples:
      fkg view -o rust.html --foundation "Rust Foundation"
      fkg view -o jfrog.html --focus JFrog --depth 2 --as-of 2023-01-01
    """
    from graph.views import write_graph_page

    graph = _graph(**scope)
    try:
        written = write_graph_page(graph, output, title=title or _title(scope))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-o/--output") from None
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} facts -> {written}", err=True)


def _title(scope: dict[str, Any]) -> str:
    parts = [scope["foundation"] or "foundation-kg"]
    if scope["focus"]:
        parts.append(f"around {scope['focus']} ({scope['depth']} hops)")
    if scope["as_of"]:
        parts.append(f"as of {scope['as_of']}")
    return " ".join(parts)
