"""`fkg extract`: print the facts found in documents, without a store."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from graph.model import Document, Fact

FACT_TYPES = ("membership", "funding", "role", "part_of")


def _reid(doc: Document, root: Path | None) -> Document:
    """Give the document the id FACTS.md wants: its path relative to `--root`."""
    if root is None:
        return doc
    with contextlib.suppress(ValueError):  # outside the root: keep the reader's id
        doc.id = Path(doc.path).resolve().relative_to(root.resolve()).as_posix()
    return doc


def _row(fact: Fact) -> str:
    data = fact.to_json()
    keys = [k for k in data if k not in ("type", "doc", "evidence", "span", "rule", "confidence")]
    body = ", ".join(f"{k}={data[k]}" for k in keys if data[k] not in (None, ""))
    return f"{fact.type:<10} {body}"


@click.command(name="extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per fact (JSON Lines).")
@click.option("--explain", is_flag=True, help="Show each fact's evidence sentence, rule and confidence.")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus root: document ids are paths relative to it.",
)
@click.option("--publisher", default=None, help="Publisher for documents whose source.toml names none.")
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(FACT_TYPES),
    help="Only facts of this type (repeatable).",
)
def extract(
    paths: tuple[Path, ...],
    as_json: bool,
    explain: bool,
    root: Path | None,
    publisher: str | None,
    types: tuple[str, ...],
) -> None:
    """Print the facts found in PATH... (files or folders), one per line.

    Read errors are reported on standard error as `file: reason` and the run goes on;
    the exit status is 1 when any file failed.
    """
    from graph.extract import extract as extract_facts
    from graph.sources import SourceError, iter_documents

    failed = 0
    out = click.get_text_stream("stdout")
    for item in iter_documents(list(paths), publisher=publisher):
        if isinstance(item, SourceError):
            failed += 1
            click.echo(str(item), err=True)
            continue
        doc = _reid(item, root)
        current = ""
        for fact in extract_facts(doc):
            if types and fact.type not in types:
                continue
            if as_json:
                out.write(json.dumps(fact.to_json(), ensure_ascii=False) + "\n")
                continue
            if doc.id != current:
                current = doc.id
                out.write(f"\n{doc.id}\n")
            out.write("  " + _row(fact) + "\n")
            if explain:
                out.write(f"      rule {fact.rule} ({fact.confidence:.2f}), span {fact.span}\n")
                out.write(f'      "{fact.evidence}"\n')
    if failed:
        click.echo(f"{failed} file(s) could not be read", err=True)
        sys.exit(1)
