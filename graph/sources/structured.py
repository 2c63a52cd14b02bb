"""Structured directories (member files, landscapes, JSON/YAML lists) -> Document.records."""

from __future__ import annotations

from pathlib import Path

from graph.model import Document
from graph.sources.base import Limits


def read_structured(doc: Document, path: Path, text: str, limits: Limits) -> bool:
    """Fill `doc` if `path` is a structured directory file; False if it is not one."""
    return False
