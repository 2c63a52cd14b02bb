"""Small helpers over graph.entities used by several extractors."""

from __future__ import annotations

from graph.entities import resolve


def canonical_name(surface: str) -> str:
    """The canonical name of a surface form, stripped of quotes and trailing punctuation."""
    return resolve(surface.strip(" '\"“”‘’.,:;!?")).name


_TLDS = ("com", "io", "sh", "ai", "net", "dev", "co", "app", "tech", "so", "xyz", "systems")


def domain_name(name: str, text: str = "") -> str:
    """'codecrafters.io' -> 'CodeCrafters' (as the text writes it) or 'Codecrafters'; other names unchanged.

    Only all-lower-case names ending in a common web suffix are treated as domains ("team.blue"
    and "RubyGems.org" are names in their own right).
    """
    import re

    m = re.fullmatch(r"(?:https?://)?(?:www\.)?([a-z0-9-]+)\.([a-z]{2,8})/?", name.strip())
    if not m or m.group(2) not in _TLDS:
        return name
    stem = m.group(1)
    found = re.search(rf"\b({re.escape(stem)})\b", text, re.I) if text else None
    for hit in re.finditer(rf"\b{re.escape(stem)}\b", text, re.I) if text else ():
        if any(c.isupper() for c in hit.group()):
            return hit.group()
    del found
    return stem[:1].upper() + stem[1:]
