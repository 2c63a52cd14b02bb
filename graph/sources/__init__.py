"""Readers: files and folders in, `Document`s out.

- `read_document(path, root)` reads one file (Markdown with YAML/TOML/Ziggy front matter,
  HTML, plain text, and structured member directories: member files, landscape.yml, JSON/YAML
  member lists) and raises `SourceError` with a one-line reason when it cannot.
- `iter_documents(paths)` walks files and folders (sorted, hidden folders skipped, symlink
  loops detected), applies the nearest `source.toml` (publisher, url, include/exclude globs)
  and yields a Document or a SourceError per file, so one bad file never stops a run.
- `Limits` bounds size, line length, block count and nesting (see its docstring).

Empty files give a Document with only metadata and no blocks (not an error): an empty
page is a fact about the source, and re-ingesting it must stay cheap and quiet.
"""

from graph.sources.base import DEFAULT_LIMITS, Limits, SourceError
from graph.sources.reader import read_document
from graph.sources.sourceinfo import SourceInfo, source_for
from graph.sources.walk import count_candidates, iter_documents

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "SourceError",
    "SourceInfo",
    "count_candidates",
    "iter_documents",
    "read_document",
    "source_for",
]
