"""Positions computed in Python for graphs too big for in-browser physics.

Foundation graphs are hub and spoke: a few organisations with many members. A force layout of
the hubs only (cheap: a few hundred nodes), then every other node on a sunflower spiral around
the placed neighbour that reached it first, is linear in the graph size and reads well. (A full
force-directed layout is quadratic: ~minutes at 10,000 nodes in networkx.)
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

HUBS = 200
SPACING = 28.0  # distance between neighbouring leaves on a spiral, in vis canvas units
_GOLDEN = math.pi * (3 - math.sqrt(5))


def hub_layout(graph: nx.Graph | nx.MultiDiGraph, *, seed: int = 1) -> dict[str, tuple[float, float]]:
    """x, y for every node: hubs by force layout, the rest on spirals around a placed neighbour."""
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else nx.Graph(graph)
    if len(simple) == 0:
        return {}
    degree = dict(simple.degree())
    hubs = sorted(simple, key=lambda n: -degree[n])[:HUBS]
    hubs = [h for h in hubs if degree[h] > 0] or hubs[:1]
    spread = SPACING * math.sqrt(len(simple)) * 2.5
    raw = nx.spring_layout(simple.subgraph(hubs), seed=seed, iterations=60)
    pos = {n: (float(x) * spread, float(y) * spread) for n, (x, y) in raw.items()}
    _place_around(simple, pos, deque(sorted(hubs, key=lambda n: -degree[n])))
    _place_leftovers(simple, pos, spread)
    return {str(n): (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _place_around(graph: nx.Graph, pos: dict, queue: deque) -> None:
    """Breadth-first from the placed nodes: each new node goes on its parent's spiral."""
    children: dict = {}
    while queue:
        parent = queue.popleft()
        px, py = pos[parent]
        for child in graph[parent]:
            if child in pos:
                continue
            i = children.get(parent, 0) + 1
            children[parent] = i
            radius = SPACING * (1.5 + math.sqrt(i))
            pos[child] = (px + radius * math.cos(i * _GOLDEN), py + radius * math.sin(i * _GOLDEN))
            queue.append(child)


def _place_leftovers(graph: nx.Graph, pos: dict, spread: float) -> None:
    """Components without a hub: each gets a spot on a row below the main picture."""
    x, y, row_height = -spread, spread * 1.2, 0.0
    for component in sorted(nx.connected_components(graph), key=len, reverse=True):
        rest = [n for n in component if n not in pos]
        if not rest:
            continue
        width = SPACING * (3 + math.sqrt(len(rest)) * 2)
        if x + width > spread and x > -spread:  # wrap to a new row
            x, y, row_height = -spread, y + row_height, 0.0
        row_height = max(row_height, width)
        pos[rest[0]] = (x + width / 2, y)
        _place_around(graph, pos, deque([rest[0]]))
        x += width
