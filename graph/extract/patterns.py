"""Extraction patterns kept as data: `graph/extract/patterns/*.yaml`, checked when loaded.

Each YAML file is a mapping of keys to word lists (or small mappings). A caller states the
shape it expects (`{"verbs": list, "tiers": dict}`); a missing key or a wrong type raises a
`PatternError` naming the file and the key, so a typo in a pattern file fails at start-up
instead of silently matching nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.resources import load_yaml

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"


class PatternError(ValueError):
    """A pattern file that is missing, unreadable or of the wrong shape."""


@cache
def _raw(name: str) -> dict[str, Any]:
    path = PATTERN_DIR / f"{name}.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PatternError(f"{path}: pattern file not found") from None
    except yaml.YAMLError as exc:
        raise PatternError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise PatternError(f"{path}: a pattern file must be a mapping of keys to lists")
    return data


def load_patterns(name: str, schema: Mapping[str, type]) -> dict[str, Any]:
    """The pattern file `name`, checked against `schema` (key -> list | dict | str | int | float).

    Lists must hold only strings; dicts must map strings to strings or lists of strings.
    """
    data = _raw(name)
    path = PATTERN_DIR / f"{name}.yaml"
    for key, kind in schema.items():
        if key not in data:
            raise PatternError(f"{path}: missing key {key!r}")
        value: Any = data[key]
        if not isinstance(value, kind):
            raise PatternError(f"{path}: key {key!r} must be a {kind.__name__}, got {type(value).__name__}")
        checked: Any = value  # its type is checked just above (mypy cannot follow `kind`)
        if kind is list and not all(isinstance(v, str) for v in checked):
            raise PatternError(f"{path}: key {key!r} must list only strings (quote YES/NO/ON/OFF)")
        if kind is dict:
            for sub, item in checked.items():
                ok = isinstance(item, str) or (
                    isinstance(item, list) and all(isinstance(v, str) for v in item)
                )
                if not isinstance(sub, str) or not ok:
                    raise PatternError(
                        f"{path}: {key}.{sub}: must map a string to a string or a list of strings"
                    )
    unknown = set(data) - set(schema)
    if unknown:
        raise PatternError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))} (expected {', '.join(schema)})"
        )
    return data


def alternation(words: list[str], case_sensitive: bool = False) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace.

    It is written as a prefix tree ("fund(?:ed|s)?" for "funded|funds|fund"): the regex engine
    then tries one branch per letter instead of every phrase at every position. The matches are
    the same: the phrases that can match at one position are prefixes of one another, and the
    tree tries them longest first, as the flat alternation does. Under a case-insensitive regex
    two branches that differ only in case ("Labs", "labs") could both match, so such lists (and
    non-ASCII ones, whose case folding is wider) keep the flat form unless `case_sensitive` says
    the regex compares case exactly.
    """
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    tree: dict[str, dict] = {}
    for part in parts:
        node = tree
        for ch in part:
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})
        node[""] = {}
    if case_sensitive or (all(p.isascii() for p in parts) and not _case_twins(tree)):
        return _emit(tree)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def _case_twins(node: dict[str, dict]) -> bool:
    """True when two branches of one node differ only in letter case (anywhere in the tree)."""
    units = [u.lower() for u in node if u]
    return len(units) != len(set(units)) or any(_case_twins(child) for child in node.values())


def _emit(node: dict[str, dict]) -> str:
    """The regex of a prefix-tree node: its branches, optional when a phrase ends here."""
    branches = [unit + _emit(child) for unit, child in node.items() if unit]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group
