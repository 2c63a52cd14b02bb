"""Walk files and folders into Documents, honouring `source.toml` and skipping non-content files."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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


class _File(NamedTuple):
    """A candidate file as the walk finds it (strings: pathlib costs more than the walk itself)."""

    path: str
    root: Path
    real_folder: str  # its folder with symlinks resolved
    link: bool  # the file itself is a symlink

    def real_path(self) -> Path:
        """The file with symlinks resolved (only needed for include/exclude globs)."""
        return Path(self.path).resolve() if self.link else Path(self.real_folder, os.path.basename(self.path))


def _walk(top: Path) -> Iterator[_File | SourceError]:
    """Candidate files under `top`, sorted, skipping hidden folders, never entering a folder twice."""
    seen: set[tuple[int, int]] = set()
    stack = [(str(top), os.path.realpath(top))]  # each folder with its resolved path
    while stack:
        folder, real = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                yield SourceError(folder, "symlink loop: folder already visited")
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield SourceError(folder, "permission denied (unreadable folder)")
            continue
        except OSError as exc:
            yield SourceError(folder, f"cannot list folder: {exc.strerror or exc}")
            continue
        subfolders = []
        folder_name = os.path.basename(folder)
        for entry in entries:
            # The path as pathlib writes it ("x", not "./x", below ".").
            path = entry.name if folder == "." else entry.path
            try:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        # A folder's resolved path extends its parent's unless it is a link itself.
                        link = entry.is_symlink()
                        below = os.path.realpath(path) if link else os.path.join(real, entry.name)
                        subfolders.append((path, below))
                elif entry.is_file():
                    if _candidate_name(entry.name, folder_name):
                        yield _File(path, top, real, entry.is_symlink())
                elif entry.is_symlink():
                    yield SourceError(path, "broken or looping symlink")
                else:
                    yield SourceError(path, "not a regular file (a pipe, socket or device)")
            except OSError as exc:
                yield SourceError(path, f"cannot stat: {exc.strerror or exc}")
        stack.extend(reversed(subfolders))


def _files(paths: list[Path]) -> Iterator[_File | SourceError]:
    """Every candidate file, plus errors for what cannot be walked."""
    for given in paths:
        given = Path(given)
        if given.is_dir():
            yield from _walk(given)
        elif given.is_file():
            yield _File(str(given), given.parent, os.path.realpath(given.parent), given.is_symlink())
        elif given.is_symlink():
            yield SourceError(given, "broken or looping symlink")
        elif given.exists():
            yield SourceError(given, "not a regular file (a pipe, socket or device)")
        else:
            yield SourceError(given, "no such file or folder")


def _wanted(files: Iterator[_File | SourceError]) -> Iterator[tuple[_File, SourceInfo] | SourceError]:
    """Each file with the settings of its nearest source.toml, dropping what they exclude;
    a broken source.toml is reported once (the files below it are still read)."""
    reported: set[Path] = set()
    folder, source = "", SourceInfo()
    for item in files:
        if isinstance(item, SourceError):
            yield item
            continue
        if item.real_folder != folder:  # files come folder by folder: look up once per folder
            folder, source = item.real_folder, source_for(Path(item.real_folder))
        if source.error and source.folder is not None and source.folder not in reported:
            reported.add(source.folder)
            yield SourceError(source.folder / FILE_NAME, source.error)
        if source.wants_all or source.wants(item.real_path()):
            yield item, source


def count_candidates(paths: list[Path]) -> int:
    """How many files `iter_documents` will try (for a progress bar total)."""
    return sum(1 for item in _wanted(_files(paths)) if not isinstance(item, SourceError))


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
    for item in _wanted(_files(paths)):
        if isinstance(item, SourceError):
            yield item
            continue
        file, source = item
        if known and (same := _unchanged(file, known, limits)) is not None:
            yield same
            continue
        yield ReadTask(Path(file.path), file.root, source)


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


def _unchanged(file: _File, known: Mapping[str, str], limits: Limits) -> Document | None:
    """A bare Document when the file's bytes hash as stored; None when it must be read."""
    ident = doc_id(file.path, file.root)
    stored = known.get(ident)
    if stored is None:
        return None
    try:
        digest = Document.hash_bytes(read_bytes(file.path, limits))
    except SourceError:
        return None  # let the full read report it
    if digest != stored:
        return None
    return Document(id=ident, path=file.path, content_hash=digest, meta={"unchanged": True})


__all__ = ["ReadTask", "count_candidates", "doc_id", "is_candidate", "iter_documents", "plan", "read_task"]
