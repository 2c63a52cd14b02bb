"""The `fkg` command line: a thin layer over the library.

Subcommands are imported only when they run, so `fkg --help` starts fast.
"""

from __future__ import annotations

import importlib

import click

#: command name -> "module:attribute" (modules under graph.cli)
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("store_cmds:ingest", "Read documents and store their facts in the knowledge graph."),
    "extract": ("extract_cmd:extract", "Print the facts found in documents (no store)."),
    "query": ("query_cmds:query", "Run SPARQL (text, file or a named query) against the store."),
    "stats": ("store_cmds:stats", "Count documents, entities and facts in the store."),
    "export": ("store_cmds:export", "Write the whole graph as Turtle, TriG, N-Quads, JSON-LD or CSV."),
    "validate": ("store_cmds:validate", "Check the store against the SHACL shapes."),
    "serve": ("query_cmds:serve", "Serve the store read-only as a SPARQL 1.1 endpoint."),
    "net": ("network_cmds:net", "Network analytics: rank, overlap, path, flows, communities."),
    "view": ("network_cmds:view", "Write an interactive HTML graph page."),
    "timeline": ("timeline_cmd:timeline", "Export the timeline of membership changes."),
    "demo": ("demo_cmd:demo", "Build the embedded corpus into a store and write pages and results."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, short_help = COMMANDS[cmd_name]
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(f"graph.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"graph.cli.{module_name}":
                raise
            return _missing(cmd_name, short_help)
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Use the short help from the table: listing commands must not import them all.
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _missing(name: str, short_help: str) -> click.Command:
    @click.command(name=name, help=short_help + "\n\n(Not available in this build.)")
    def command() -> None:
        raise click.ClickException(f"'fkg {name}' is not available in this build")

    return command


@click.group(cls=LazyGroup)
@click.version_option(package_name="foundation-kg", prog_name="fkg")
def main() -> None:
    """foundation-kg: who funds whom in open source, as a knowledge graph.

    Reads foundation announcements and member directories, extracts membership,
    funding, role and part-of facts with their evidence sentences, stores them as
    RDF (W3C ORG, schema.org, PROV-O, OWL-Time) and answers with SPARQL, network
    analytics, interactive graph pages and membership timelines.

    Start with `fkg demo`, or `fkg ingest PATH` then `fkg stats`.
    """
