"""Errors, size limits and raw-file decoding shared by every reader."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Encodings tried in order when a file is not valid UTF-8. cp1252 accepts nearly any
#: byte sequence, so it comes last and its use is reported in `Document.meta["encoding"]`.
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


class SourceError(Exception):
    """A file that could not be read: the path and a one-line reason a user can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str]]:
        # Rebuilt from (path, reason), not from the message: errors cross from worker processes.
        return SourceError, (self.path, self.reason)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile or accidental inputs from exhausting time or memory.

    - `max_bytes`: files larger than this are refused (never more than max_bytes+1 bytes are read).
    - `max_line_chars`: a longer line is cut at this many characters (the rest is dropped and
      `meta["truncated_lines"]` counts the cuts), so one minified line cannot stall the parsers.
    - `max_blocks`: blocks after this many are dropped (`meta["truncated_blocks"]` is set).
    - `max_depth`: list / HTML nesting deeper than this is flattened to this depth.
    - `max_records`: records kept per directory file.
    """

    max_bytes: int = 10 * 1024 * 1024
    max_line_chars: int = 100_000
    max_blocks: int = 20_000
    max_depth: int = 50
    max_records: int = 50_000


DEFAULT_LIMITS = Limits()


def doc_id(path: Path | str, root: Path) -> str:
    """The path relative to root, `/`-separated (the file name if it is not under root)."""
    text, top = str(path), str(root)
    if text.startswith(top) and text[len(top) : len(top) + 1] == "/" and top not in ("/", "."):
        return text[len(top) + 1 :]  # the common case, without Path.relative_to's part lists
    path = Path(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        rel = os.path.relpath(path, root)
        return Path(rel).as_posix() if not rel.startswith("..") else path.name


def read_bytes(path: Path | str, limits: Limits) -> bytes:
    """The file's bytes; a SourceError if it is unreadable or over `limits.max_bytes`."""
    try:
        with open(path, "rb") as handle:
            # Ask for the file's size (+1 to notice growth), not for max_bytes: a read of
            # max_bytes allocates that much for every small file.
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, limits.max_bytes) + 1)
            if len(data) > size:  # it grew, or its size is not known: read on up to the limit
                data += handle.read(limits.max_bytes + 1 - len(data))
    except PermissionError:
        raise SourceError(path, "permission denied (unreadable file)") from None
    except IsADirectoryError:
        raise SourceError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:
        size = _file_size(path)
        raise SourceError(
            path,
            f"file too large ({_megabytes(size)} > {_megabytes(limits.max_bytes)} limit, see --max-bytes)",
        )
    return data


def _file_size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _megabytes(size: int) -> str:
    if size < 0:
        return "unknown size"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{size / 1024:.0f} KB"


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: a NUL byte, or many control characters in the first 8 KB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROLS))  # C speed, not a loop per byte
    return controls / len(head) > 0.05


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode with the fallback chain; returns (text, encoding used)."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and text.startswith("\ufeff"):
            text, encoding = text[1:], "utf-8-sig"
        return text, encoding
    tried = ", ".join(ENCODINGS)
    raise SourceError(path, f"not valid UTF-8 (tried {tried})")


def clip_lines(text: str, limits: Limits) -> tuple[str, int]:
    """Cut lines longer than `limits.max_line_chars`; returns the text and the number of cuts."""
    if len(text) <= limits.max_line_chars:
        return text, 0
    lines = text.split("\n")
    cuts = 0
    for i, line in enumerate(lines):
        if len(line) > limits.max_line_chars:
            lines[i] = line[: limits.max_line_chars]
            cuts += 1
    return ("\n".join(lines) if cuts else text), cuts
