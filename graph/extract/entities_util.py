"""Small helpers over graph.entities used by several extractors."""

from __future__ import annotations

from graph.entities import resolve


def canonical_name(surface: str) -> str:
    """The canonical name of a surface form, stripped of quotes and trailing punctuation."""
    return resolve(surface.strip(" '\"“”‘’.,:;!?")).name
