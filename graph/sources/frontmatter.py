"""Split a text file into its front matter (a dict) and its body.

Handles YAML (`---`, via python-frontmatter's handler), TOML (`+++`), Zig's Ziggy
(`---` then `.key = value,` lines), Pelican headers (`Title: ...` lines up to a blank line)
and the ERB title tag of Rails views (`<% title "..." %>`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from graph.resources import SAFE_LOADER
from graph.sources.ziggy import ZiggyError, parse_ziggy

_YAML = frontmatter.YAMLHandler()


class _TextDates(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """A safe loader that leaves dates as strings: an impossible date ("2023-02-30") must not
    make the whole front matter unreadable; `dates.py` parses and judges it instead."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOUNDARY = re.compile(r"^(---|\+\+\+)[ \t]*\r?\n")
_ZIGGY_FIRST = re.compile(r"\A\s*\.[A-Za-z_]\w*\s*=")
_PELICAN_FIRST = re.compile(r"\A[Tt]itle:[ \t]*\S")
_PELICAN_LINE = re.compile(r"^([A-Za-z][\w-]*):[ \t]*(.*)$")
PELICAN_KEYS = {
    "title",
    "license",
    "author",
    "authors",
    "date",
    "modified",
    "tags",
    "category",
    "slug",
    "summary",
    "lang",
    "status",
    "template",
    "save_as",
    "url",
    "notice",
    "keywords",
}
_ERB_TITLE = re.compile(r"""<%=?\s*title[\s(]*(["'])(.*?)\1\s*\)?\s*-?%>""")


class FrontMatterError(ValueError):
    """Malformed front matter; the message names the line in the file."""


@dataclass
class FrontMatter:
    """The result of splitting: metadata, the body, and how the metadata was written."""

    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    kind: str = "none"  # none | yaml | toml | ziggy | pelican
    erb_title: str | None = None


def split(text: str) -> FrontMatter:
    """Split `text`; raises FrontMatterError for front matter that is present but malformed."""
    result = _split_block(text)
    match = _ERB_TITLE.search(result.body[:2000])
    if match:
        result.erb_title = match.group(2).strip()
        result.body = result.body[: match.start()] + result.body[match.end() :]
    return result


def _split_block(text: str) -> FrontMatter:
    opening = _BOUNDARY.match(text)
    if opening is None:
        if _PELICAN_FIRST.match(text):
            return _pelican(text)
        return FrontMatter(body=text)
    fence = opening.group(1)
    close = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.MULTILINE).search(text, opening.end())
    if close is None:
        raise FrontMatterError(f"front matter opened with '{fence}' on line 1 is never closed")
    raw = text[opening.end() : close.start()]
    body = text[close.end() :].lstrip("\r\n")
    if fence == "+++":
        return FrontMatter(_toml(raw), body, "toml")
    if _ZIGGY_FIRST.match(raw):
        try:
            return FrontMatter(parse_ziggy(raw), body, "ziggy")
        except ZiggyError as exc:
            raise FrontMatterError(f"malformed Ziggy front matter at line {exc.line + 1}: {exc}") from None
    return FrontMatter(_yaml(raw), body, "yaml")


def _yaml(raw: str) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        loaded = _YAML.load(raw, Loader=_TextDates)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"malformed YAML front matter{line}: {problem}") from None
    except RecursionError:
        raise FrontMatterError("malformed YAML front matter: nested too deeply") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise FrontMatterError(
            f"malformed YAML front matter at line 2: a {type(loaded).__name__}, not key: value pairs"
        )
    return loaded


def _toml(raw: str) -> dict[str, Any]:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        # tomllib reports "(at line N, column M)" relative to the block; shift past the fence.
        message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(exc))
        raise FrontMatterError(f"malformed TOML front matter: {message}") from None


def _pelican(text: str) -> FrontMatter:
    """`Key: value` lines up to the first line that is not one (blank lines between known keys allowed)."""
    meta: dict[str, Any] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        match = _PELICAN_LINE.match(line)
        if match and (not meta or match.group(1).lower() in PELICAN_KEYS):
            meta[match.group(1).lower()] = match.group(2).strip()
        elif line.strip():
            break
        index += 1
    return FrontMatter(meta, "\n".join(lines[index:]).lstrip("\n"), "pelican")


def json_safe(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """A copy of `value` that JSON can encode (dates -> ISO strings), bounded in size and depth.

    The bound matters: YAML aliases can make a small file expand to an enormous tree.
    """
    budget = budget if budget is not None else [10_000]
    budget[0] -= 1
    if budget[0] < 0 or depth > 20:
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v, budget, depth + 1) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
