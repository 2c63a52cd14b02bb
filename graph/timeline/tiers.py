"""Tier rank order, kept as data in `tier_order.toml`: which tier is above which, per foundation."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any, Literal

Direction = Literal["upgrade", "downgrade"]


def fold(name: str) -> str:
    """Case- and punctuation-insensitive form of a name ("End-User" -> "end-user")."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def _ranks(order: list[Any], where: str) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for rank, entry in enumerate(order):
        names = entry if isinstance(entry, list) else [entry]
        for name in names:
            if not isinstance(name, str):
                raise ValueError(f"tier_order.toml [{where}]: tier names must be strings, got {name!r}")
            ranks[fold(name)] = rank
    return ranks


@cache
def _table() -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    text = resources.files(__package__).joinpath("tier_order.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    generic = _ranks(data["generic"]["order"], "generic")
    per = {fold(name): _ranks(spec["order"], name) for name, spec in data.get("foundations", {}).items()}
    return generic, per


def tier_rank(foundation: str | None, tier: str | None) -> int | None:
    """The rank of `tier` at `foundation` (higher is a higher tier), or None when unknown.

    A foundation listed in the table uses its own order only; others use the generic order.
    """
    if not tier:
        return None
    generic, per = _table()
    ranks = per.get(fold(foundation or ""), generic)
    return ranks.get(fold(tier))


def direction(foundation: str | None, before: str | None, after: str | None) -> Direction | None:
    """`upgrade` or `downgrade` from `before` to `after`; None when equal, parallel or unknown."""
    low, high = tier_rank(foundation, before), tier_rank(foundation, after)
    if low is None or high is None or low == high:
        return None
    return "upgrade" if high > low else "downgrade"
