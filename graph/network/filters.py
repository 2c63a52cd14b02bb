"""Cut a projected graph down: to a date, one foundation, a neighbourhood, some node kinds.

Each filter returns a new graph and leaves its input alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import networkx as nx

from graph.entities import KINDS


def fact_date(attrs: dict) -> str | None:
    """The day a fact speaks of: its own date, else its document's (ISO string or None)."""
    return attrs.get("date") or attrs.get("doc_date")


def as_of(graph: nx.MultiDiGraph, day: date) -> nx.MultiDiGraph:
    """Facts known on `day`: later facts dropped, and memberships whose last event by then is a leave."""
    limit = day.isoformat()
    keep = [
        (u, v, k) for u, v, k, attrs in graph.edges(keys=True, data=True) if (fact_date(attrs) or "") <= limit
    ]
    out = _edge_subgraph(graph, keep)
    ended = _ended_memberships(out)
    out.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, rel in out.edges(keys=True, data="rel")
            if rel == "member_of" and (u, v) in ended
        ]
    )
    out.remove_nodes_from([n for n in list(out) if out.degree(n) == 0])
    return out


def foundation(graph: nx.MultiDiGraph, node: str) -> nx.MultiDiGraph:
    """What the foundation's own documents say, plus every fact that touches it."""
    keep = [
        (u, v, k)
        for u, v, k, attrs in graph.edges(keys=True, data=True)
        if node in (u, v) or attrs.get("publisher") == node
    ]
    out = _edge_subgraph(graph, keep)
    out.add_node(node, **graph.nodes[node])
    return out


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """Everything within `depth` hops of `node`, following edges either way."""
    if depth < 0:
        raise ValueError(f"--depth {depth}: must be 0 or more")
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    return graph.subgraph(near).copy()


def kinds(graph: nx.MultiDiGraph, wanted: Iterable[str]) -> nx.MultiDiGraph:
    """Only the nodes of the given kinds (and the edges between them)."""
    wanted = {k.lower() for k in wanted}
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"--kind {', '.join(sorted(unknown))}: unknown; use one of {', '.join(KINDS)}")
    return graph.subgraph([n for n, kind in graph.nodes(data="kind") if kind in wanted]).copy()


def _edge_subgraph(graph: nx.MultiDiGraph, keep: list[tuple[str, str, str]]) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    for u, v, k in keep:
        for node in (u, v):
            if node not in out:
                out.add_node(node, **graph.nodes[node])
        out.add_edge(u, v, key=k, **graph.edges[u, v, k])
    return out


def _ended_memberships(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """Member/organisation pairs whose latest dated event is a leave."""
    events: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for u, v, attrs in graph.edges(data=True):
        day = fact_date(attrs)
        if attrs["rel"] == "member_of" and day:
            events[u, v].append((day, attrs.get("event") or ""))
    return {pair for pair, seq in events.items() if max(seq)[1] == "leave"}
