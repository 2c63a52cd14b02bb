"""Interactive HTML graph pages (pyvis / vis-network), self-contained and offline."""

from __future__ import annotations

from graph.views.page import PHYSICS_MAX_NODES, render_graph_page, write_graph_page

__all__ = ["PHYSICS_MAX_NODES", "render_graph_page", "write_graph_page"]
