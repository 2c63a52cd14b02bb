"""A member directory's state at one point: member name -> tier (and joined date when given).

Minimal private parsers for the two directory kinds the history reader understands:
a folder of member Markdown files with YAML front matter (`name` + `level` or `tier`), and a
landscape YAML (`categories` -> `subcategories` (the tiers) -> `items` with `name`, `joined`),
where only categories whose name mentions "member" count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import yaml

from graph.timeline.tiers import fold

LANDSCAPE_NAMES = ("landscape.yml", "landscape.yaml")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Entry:
    """One member as a directory lists it."""

    name: str
    tier: str | None
    joined: date | None
    path: str


State = dict[str, Entry]  # folded name -> entry


def is_landscape(path: str) -> bool:
    """True for a landscape YAML file name."""
    return PurePosixPath(path).name.lower() in LANDSCAPE_NAMES


def parse_state(files: dict[str, bytes]) -> State:
    """The members listed by `files` (path -> content): landscape files if any, else member .md files."""
    landscapes = {p: b for p, b in files.items() if is_landscape(p)}
    state: State = {}
    if landscapes:
        for path, data in sorted(landscapes.items()):
            for entry in _landscape(path, data):
                state.setdefault(fold(entry.name), entry)
        return state
    for path, data in sorted(files.items()):
        if path.lower().endswith((".md", ".markdown")):
            member = _member_file(path, data)
            if member is not None:
                state.setdefault(fold(member.name), member)
    return state


def _member_file(path: str, data: bytes) -> Entry | None:
    match = _FRONT.match(data.decode("utf-8", errors="replace"))
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None  # one broken file must not hide the rest of the directory
    if not isinstance(meta, dict):
        return None
    name = str(meta.get("name") or PurePosixPath(path).stem).strip()
    tier = meta.get("level") or meta.get("tier")
    return Entry(name, _tier(tier), _date(meta.get("joined")), path)


def _landscape(path: str, data: bytes) -> list[Entry]:
    try:
        doc = yaml.safe_load(data)
    except yaml.YAMLError:
        return []
    out: list[Entry] = []
    for category in _dicts(doc.get("categories") if isinstance(doc, dict) else None):
        if "member" not in str(category.get("name", "")).lower():
            continue
        for sub in _dicts(category.get("subcategories")):
            for item in _dicts(sub.get("items")):
                if item.get("name"):
                    out.append(
                        Entry(
                            str(item["name"]).strip(), _tier(sub.get("name")), _date(item.get("joined")), path
                        )
                    )
    return out


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _tier(value: Any) -> str | None:
    """Tier as FACTS.md writes it: title case when the source wrote it all in lower case."""
    if value is None or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    return text.title() if text == text.lower() else text


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
