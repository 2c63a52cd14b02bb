"""`source.toml`: who publishes the documents in a folder and below it."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FILE_NAME = "source.toml"


@dataclass(frozen=True)
class SourceInfo:
    """The settings of the nearest `source.toml` above a file (`folder` is where it lives)."""

    folder: Path | None = None
    publisher: str | None = None
    url: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    error: str | None = None  # a source.toml that could not be read

    @property
    def wants_all(self) -> bool:
        """True when no include/exclude glob applies: every file is wanted."""
        return self.folder is None or not (self.include or self.exclude)

    def wants(self, path: Path) -> bool:
        """False for a file the `include`/`exclude` globs leave out (matched on the path below `folder`)."""
        if self.folder is None or self.wants_all:
            return True
        try:
            rel = path.relative_to(self.folder).as_posix()
        except ValueError:
            return True
        if self.include and not any(_match(rel, pattern) for pattern in self.include):
            return False
        return not any(_match(rel, pattern) for pattern in self.exclude)


def _match(rel: str, pattern: str) -> bool:
    # "news/*.md" matches at the folder; "*.md" also matches a bare file name anywhere below.
    return (
        fnmatch.fnmatch(rel, pattern)
        or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], pattern)
        or (pattern.endswith("/**") and rel.startswith(pattern[:-3] + "/"))
    )


@lru_cache(maxsize=4096)
def source_for(folder: Path) -> SourceInfo:
    """The SourceInfo that applies to files in `folder` (searching upwards); cached per folder."""
    candidate = folder / FILE_NAME
    if candidate.is_file():
        return load(candidate)
    if folder.parent == folder:
        return SourceInfo()
    return source_for(folder.parent)


def load(path: Path) -> SourceInfo:
    """Read one source.toml; a broken one yields a SourceInfo with `error` set."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = " ".join(str(exc).split())
        return SourceInfo(
            folder=path.parent, error=f"unreadable source.toml ({reason}): its settings are ignored"
        )
    return SourceInfo(
        folder=path.parent,
        publisher=_text(data.get("publisher")),
        url=_text(data.get("url")),
        include=_globs(data.get("include")),
        exclude=_globs(data.get("exclude")),
    )


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _globs(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()
