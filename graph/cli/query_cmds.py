"""`fkg query` (SPARQL text, a file or a named query) and `fkg serve` (a read-only endpoint)."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.options import store_option

FORMATS = ("table", "csv", "tsv", "json", "turtle", "jsonld", "nt")


def _param(ctx: click.Context, option: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", ctx=ctx, param=option)
        out[name.strip()] = value
    return out


@click.command()
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the SPARQL query from FILE.",
)
@click.option("-n", "--name", help="Run the named query NAME (see --list).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    callback=_param,
    metavar="NAME=VALUE",
    help="A parameter of the named query (repeatable); bound as a typed term, never pasted.",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table|csv|tsv|json (SPARQL 1.1 JSON results) for SELECT/ASK; "
    "turtle|jsonld|nt for CONSTRUCT/DESCRIBE.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@store_option
def query(
    sparql: str | None,
    file: Path | None,
    name: str | None,
    params: dict[str, str],
    list_: bool,
    fmt: str,
    output: Path | None,
    store: str,
) -> None:
    """Run SPARQL (text, file or a named query) against the store.

    The default graph is the union of all named graphs (one per document). The
    prefixes of the model (fkg, fkgid, org, schema, prov, time, skos, dcterms, foaf,
    owl, rdf, rdfs, xsd) need no PREFIX line.

    \b
    Examples:
      fkg query --list
      fkg query --name members --param foundation="Rust Foundation" --param date=2023-01-01
      fkg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
    """
    from graph.query import QueryError, format_result, list_queries, with_default_prefixes
    from graph.store import StoreError, open_store

    if list_:
        _list(list_queries())
        return
    chosen = [x for x in (sparql, file, name) if x]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of: a SPARQL string, -f FILE, --name NAME (or --list)")
    if params and not name:
        raise click.UsageError("--param goes with --name")
    try:
        with open_store(store, read_only=True, create=False) as kg:
            if name:
                result = kg.named_query(name, params)
            else:
                text = file.read_text(encoding="utf-8") if file else str(sparql)
                result = kg.query(with_default_prefixes(text))
            out = format_result(result, fmt)
    except (QueryError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    if output:
        output.write_text(out, encoding="utf-8")
    else:
        click.echo(out, nl=False)


def _list(infos: list) -> None:  # type: ignore[type-arg]
    for info in infos:
        click.echo(click.style(info.name, bold=True) + f"  {info.summary}")
        for p in info.params:
            opt = ", optional" if p.optional else ""
            click.echo(f"    --param {p.name}=...  ({p.type}{opt}) {p.description}")


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--timeout",
    "timeout_s",
    default=30,
    show_default=True,
    type=click.IntRange(min=1),
    help="Query time limit in seconds: a request with no complete answer by then gets HTTP 503 "
    "(or is cut off if its answer was streaming), and the SPARQL server is restarted.",
)
def serve(store: str, host: str, port: int, timeout_s: int) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint (Oxigraph's server).

    Queries: GET or POST /query (JSON, XML, CSV, TSV results by content negotiation);
    a query page at /. The default graph is the union of the named graphs; updates are
    refused (403).

    \b
    Oxigraph runs on a private loopback port behind a small guard on HOST:PORT that
    - stops runaway queries: a request still unanswered after --timeout seconds gets
      HTTP 503 "query stopped: it ran longer than the N s time limit of this endpoint"
      (a streaming answer is cut off), and a fresh Oxigraph replaces the busy one;
    - follows ingests: it checks the store every 2 s and, once a change has settled for
      1 s (or every 30 s while an ingest keeps writing), serves the new state from a fresh
      Oxigraph, printing a line. So `fkg ingest` may write to the store while it is served.

    Stops cleanly (Oxigraph too) on Ctrl-C or SIGTERM.
    """
    from graph.serve import ServeError
    from graph.serve import serve as run

    if store.startswith(("http://", "https://")):
        raise click.ClickException(f"{store} is already a SPARQL endpoint: query it directly")
    try:
        raise SystemExit(run(Path(store), host, port, timeout_s, echo=click.echo))
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc
