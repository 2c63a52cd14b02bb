"""Network analytics: the store projected onto networkx, and what can be read from it."""

from __future__ import annotations

from graph.network.analytics import (
    METRICS,
    NoPath,
    collapse,
    communities,
    flows,
    overlap,
    path,
    rank,
    scores,
)
from graph.network.names import UnknownName, resolve_name
from graph.network.project import RELATIONS, full_graph, project

__all__ = [
    "METRICS",
    "NoPath",
    "RELATIONS",
    "UnknownName",
    "collapse",
    "communities",
    "flows",
    "full_graph",
    "overlap",
    "path",
    "project",
    "rank",
    "resolve_name",
    "scores",
]
