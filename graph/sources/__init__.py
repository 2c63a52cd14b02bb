"""Readers: files and folders in, `Document`s out.

- `read_document(path, root)` reads one file (Markdown with YAML/TOML/Ziggy front matter,
  HTML, plain text, and structured member directories: member files, landscape.yml, JSON/YAML
  member lists) and raises `SourceError` with a one-line reason when it cannot.
- `iter_documents(paths)` walks files and folders (sorted, hidden folders skipped, symlink
  loops detected), applies the nearest `source.toml` (publisher, url, include/exclude globs)
  and yields a Document or a SourceError per file, so one bad file never stops a run.
- `plan(paths, known=...)` is the walk alone: a `ReadTask` per file to read, a bare Document
  per file whose bytes hash as already stored, SourceErrors; `read_task` reads one ReadTask
  (picklable, so worker processes can read while another process stores).
- `Limits` bounds size, line length, block count and nesting (see its docstring).

Empty files give a Document with only metadata and no blocks (not an error): an empty
page is a fact about the source, and re-ingesting it must stay cheap and quiet.
"""

from typing import Any

from graph.sources.base import DEFAULT_LIMITS, Limits, SourceError
from graph.sources.sourceinfo import SourceInfo, source_for
from graph.sources.walk import ReadTask, count_candidates, iter_documents, plan, read_task


def __getattr__(name: str) -> Any:
    # The parsers (markdown-it, BeautifulSoup, YAML, dateutil) load only when a file is read:
    # a re-ingest of unchanged files never imports them.
    if name == "read_document":
        from graph.sources.reader import read_document

        return read_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "ReadTask",
    "SourceError",
    "SourceInfo",
    "count_candidates",
    "iter_documents",
    "plan",
    "read_document",
    "read_task",
    "source_for",
]
