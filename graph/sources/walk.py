"""Walk files and folders into Documents, honouring `source.toml` and skipping non-content files."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.model import Document
from graph.sources.base import DEFAULT_LIMITS, Limits, SourceError, doc_id, read_bytes
from graph.sources.sourceinfo import FILE_NAME, SourceInfo, source_for

#: File names that are never content (licences, provenance notes, schemas, site config).
SKIP_NAMES = (
    FILE_NAME,
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "NOTICE*",
    "SOURCES.md",
    "REUSE.toml",
    "*.schema.json",
    "*.toml",
    ".*",
    "CODEOWNERS",
    "*.lock",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "Gemfile*",
    "Makefile",
    "Dockerfile",
)
#: Suffixes that are not text documents at all.
SKIP_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".ico",
    ".webp",
    ".pdf",
    ".zip",
    ".gz",
    ".tar",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
    ".mp4",
    ".mp3",
    ".css",
    ".js",
    ".ts",
    ".py",
    ".rb",
    ".go",
    ".rs",
    ".zig",
    ".c",
    ".h",
    ".sh",
    ".lock",
    ".pyc",
    ".exe",
    ".so",
)


_SKIP_NAME = re.compile("|".join(fnmatch.translate(pattern) for pattern in SKIP_NAMES))


@dataclass(frozen=True)
class ReadTask:
    """A file that must be read: everything `read_task` needs, picklable for a worker process."""

    path: Path
    root: Path
    source: SourceInfo


def is_candidate(path: Path) -> bool:
    """True for a file that may hold content (by name only)."""
    return _candidate_name(path.name, path.parent.name)


def _candidate_name(name: str, folder_name: str) -> bool:
    if name == f"{folder_name}.json":
        return False  # an Eleventy directory data file (`news/news.json`: layout and tags)
    if _SKIP_NAME.match(name):
        return False
    return not name.lower().endswith(SKIP_SUFFIXES)


def _walk(top: Path) -> Iterator[tuple[Path, Path, Path] | SourceError]:
    """(candidate file, its folder resolved, the file resolved) under `top`, sorted, skipping
    hidden folders, never entering a folder twice."""
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                yield SourceError(folder, "symlink loop: folder already visited")
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
            real = folder.resolve()  # once per folder: resolving every file was a third of a re-ingest
        except PermissionError:
            yield SourceError(folder, "permission denied (unreadable folder)")
            continue
        except OSError as exc:
            yield SourceError(folder, f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        subfolders.append(Path(entry.path))
                elif entry.is_file():
                    if _candidate_name(entry.name, folder.name):
                        path = Path(entry.path)
                        yield path, real, (path.resolve() if entry.is_symlink() else real / entry.name)
                elif entry.is_symlink():
                    yield SourceError(entry.path, "broken or looping symlink")
                else:
                    yield SourceError(entry.path, "not a regular file (a pipe, socket or device)")
            except OSError as exc:
                yield SourceError(entry.path, f"cannot stat: {exc.strerror or exc}")
        stack.extend(reversed(subfolders))


def _files(paths: list[Path]) -> Iterator[tuple[Path, Path, Path, Path] | SourceError]:
    """(file, root, its folder resolved, the file resolved) for every candidate file, plus errors
    for what cannot be walked."""
    for given in paths:
        given = Path(given)
        if given.is_dir():
            for item in _walk(given):
                yield item if isinstance(item, SourceError) else (item[0], given, item[1], item[2])
        elif given.is_file():
            yield given, given.parent, given.parent.resolve(), given.resolve()
        elif given.is_symlink():
            yield SourceError(given, "broken or looping symlink")
        elif given.exists():
            yield SourceError(given, "not a regular file (a pipe, socket or device)")
        else:
            yield SourceError(given, "no such file or folder")


def count_candidates(paths: list[Path]) -> int:
    """How many files `iter_documents` will try (for a progress bar total)."""
    return sum(
        1
        for item in _files(paths)
        if not isinstance(item, SourceError) and source_for(item[2]).wants(item[3])
    )


def plan(
    paths: list[Path],
    *,
    limits: Limits = DEFAULT_LIMITS,
    known: Mapping[str, str] | None = None,
) -> Iterator[ReadTask | Document | SourceError]:
    """Walk `paths` in a stable order: a ReadTask per file to read, a bare Document (id, path,
    hash, `meta["unchanged"]`) per file whose bytes hash as in `known`, and SourceErrors.

    Nothing here parses a file, so walking an unchanged corpus costs a read and a hash per file.
    """
    reported: set[Path] = set()
    for item in _files(paths):
        if isinstance(item, SourceError):
            yield item
            continue
        path, root, real_folder, real_path = item
        source = source_for(real_folder)
        if source.error and source.folder is not None and source.folder not in reported:
            reported.add(source.folder)  # once per broken file; the documents below are still read
            yield SourceError(source.folder / FILE_NAME, source.error)
        if not source.wants(real_path):
            continue
        if known and (same := _unchanged(path, root, known, limits)) is not None:
            yield same
            continue
        yield ReadTask(path, root, source)


def read_task(
    task: ReadTask, *, publisher: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Document | SourceError:
    """Read one planned file: its Document, or a SourceError saying why not (never raises)."""
    from graph.sources.reader import read_document  # the parsers load only when a file is read

    try:
        return read_document(task.path, task.root, publisher=publisher, limits=limits, source=task.source)
    except SourceError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
        return SourceError(task.path, f"unexpected {type(exc).__name__} while reading: {exc}")


def iter_documents(
    paths: list[Path],
    *,
    publisher: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    known: Mapping[str, str] | None = None,
) -> Iterator[Document | SourceError]:
    """Documents (or SourceErrors) for every content file under `paths`, in a stable order.

    `known` maps document ids to content hashes already stored: a file whose bytes still
    hash the same is not parsed, and comes back as a bare Document (id, path, hash) with
    `meta["unchanged"]` set, which makes re-reading an unchanged corpus cheap.
    """
    for item in plan(paths, limits=limits, known=known):
        yield read_task(item, publisher=publisher, limits=limits) if isinstance(item, ReadTask) else item


def _unchanged(path: Path, root: Path, known: Mapping[str, str], limits: Limits) -> Document | None:
    """A bare Document when the file's bytes hash as stored; None when it must be read."""
    ident = doc_id(path, root)
    stored = known.get(ident)
    if stored is None:
        return None
    try:
        digest = Document.hash_bytes(read_bytes(path, limits))
    except SourceError:
        return None  # let the full read report it
    if digest != stored:
        return None
    return Document(id=ident, path=str(path), content_hash=digest, meta={"unchanged": True})


__all__ = ["ReadTask", "count_candidates", "doc_id", "is_candidate", "iter_documents", "plan", "read_task"]
