"""Positions computed in Python for graphs too big for in-browser physics.

Foundation graphs are hub and spoke: a few organisations with many members. So: a force layout
of the hubs only (a few hundred nodes, where hubs that share members attract), then every other
node placed by the hubs it touches: members of one hub on a sunflower spiral around it, members
of several hubs in a cluster between them. Linear in the graph size after the hub layout (a full
force-directed layout is quadratic: minutes at 10,000 nodes in networkx).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Hashable
from itertools import combinations

import networkx as nx

HUBS = 150
#: A hub has at least this many neighbours, and at least `HUB_FACTOR` times the mean degree.
MIN_HUB_DEGREE = 3
HUB_FACTOR = 3.0
SPACING = 28.0  # distance between neighbouring nodes on a spiral, in vis canvas units
_GOLDEN = math.pi * (3 - math.sqrt(5))
Point = tuple[float, float]


def hub_layout(graph: nx.Graph | nx.MultiDiGraph, *, seed: int = 1) -> dict[str, Point]:
    """x, y for every node (keys are the node ids as strings)."""
    simple = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else nx.Graph(graph)
    if len(simple) == 0:
        return {}
    degree = dict(simple.degree())
    floor = max(MIN_HUB_DEGREE, HUB_FACTOR * 2 * simple.number_of_edges() / len(simple))
    hubs = [n for n in sorted(simple, key=lambda n: -degree[n])[:HUBS] if degree[n] >= floor]
    hubs = hubs or [max(simple, key=lambda n: degree[n])]
    groups = _groups_by_hubs(simple, set(hubs))
    spread = SPACING * math.sqrt(len(simple)) * 2.0
    pos = _hub_positions(simple, hubs, groups, spread, seed)
    for key, members in groups.items():
        _place_group(pos, key, members)
    _place_rest(simple, pos, deque(pos))
    _place_leftovers(simple, pos, spread)
    return {str(n): (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _groups_by_hubs(graph: nx.Graph, hubs: set[Hashable]) -> dict[frozenset, list[Hashable]]:
    """Non-hub nodes keyed by the set of hubs they touch (nodes touching none are left out)."""
    groups: dict[frozenset, list[Hashable]] = defaultdict(list)
    for node in graph:
        if node not in hubs:
            key = frozenset(n for n in graph[node] if n in hubs)
            if key:
                groups[key].append(node)
    return groups


def _hub_positions(graph: nx.Graph, hubs: list, groups: dict, spread: float, seed: int) -> dict:
    """Hubs laid out by force, pulled together by direct links and by members they share."""
    ties = nx.Graph()
    ties.add_nodes_from(hubs)
    ties.add_edges_from(((u, v) for u, v in graph.subgraph(hubs).edges()), weight=1.0)
    for key, members in groups.items():
        for u, v in combinations(sorted(key, key=str)[:6], 2):
            weight = ties[u][v]["weight"] if ties.has_edge(u, v) else 0.0
            ties.add_edge(u, v, weight=weight + math.log1p(len(members)))  # log: big overlaps don't crush
    if len(ties) == 1:
        return {hubs[0]: (0.0, 0.0)}
    # The energy method's gravity keeps unconnected hubs near the rest instead of at the rim.
    raw = nx.spring_layout(ties, weight="weight", seed=seed, method="energy", gravity=2.0)
    return {n: (float(x) * spread, float(y) * spread) for n, (x, y) in raw.items()}


def _place_group(pos: dict, key: frozenset, members: list) -> None:
    """Members of one hub circle it; members of several sit between those hubs."""
    cx = sum(pos[h][0] for h in key) / len(key)
    cy = sum(pos[h][1] for h in key) / len(key)
    start = 2 if len(key) == 1 else 0  # leave room for the hub itself
    for i, node in enumerate(sorted(members, key=str), start):
        radius = SPACING * math.sqrt(i + 0.5) * (1.0 if len(key) == 1 else 0.7)
        pos[node] = (cx + radius * math.cos(i * _GOLDEN), cy + radius * math.sin(i * _GOLDEN))


def _place_rest(graph: nx.Graph, pos: dict, queue: deque) -> None:
    """Breadth-first from the placed nodes: each new node goes on its parent's spiral."""
    children: dict = defaultdict(int)
    while queue:
        parent = queue.popleft()
        px, py = pos[parent]
        for child in graph[parent]:
            if child in pos:
                continue
            children[parent] += 1
            i = children[parent]
            radius = SPACING * (1.0 + math.sqrt(i))
            pos[child] = (px + radius * math.cos(i * _GOLDEN), py + radius * math.sin(i * _GOLDEN))
            queue.append(child)


def _place_leftovers(graph: nx.Graph, pos: dict, spread: float) -> None:
    """Components without a hub: rows below the main picture, largest first."""
    x, y, row_height = -spread, spread * 1.3, 0.0
    for component in sorted(nx.connected_components(graph), key=len, reverse=True):
        rest = sorted((n for n in component if n not in pos), key=str)
        if not rest:
            continue
        width = SPACING * (3 + math.sqrt(len(rest)) * 2)
        if x + width > spread and x > -spread:  # wrap to a new row
            x, y, row_height = -spread, y + row_height, 0.0
        row_height = max(row_height, width)
        pos[rest[0]] = (x + width / 2, y)
        _place_rest(graph, pos, deque([rest[0]]))
        x += width
