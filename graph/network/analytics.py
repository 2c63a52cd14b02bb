"""Analytics over a projected graph. Each function returns rows (JSON-ready dicts), best first."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

from graph.network.filters import fact_date
from graph.network.names import resolve_name

Row = dict[str, Any]
METRICS = ("pagerank", "degree", "betweenness")
#: Above this many nodes betweenness is estimated from a sample of `BETWEENNESS_K` sources.
BETWEENNESS_EXACT_MAX = 1000
BETWEENNESS_K = 100
#: A hop through a person (two jobs) is a weaker tie than membership, funding or part-of.
HOP_COST = {"member_of": 1.0, "funds": 1.0, "part_of": 1.0, "holds_role": 2.0}
#: Among facts of equal cost, the one that explains a hop best comes first.
_EXPLAINS = {"member_of": 0, "part_of": 1, "funds": 2, "holds_role": 3}
VERBS = {
    "member_of": "is a member of",
    "funds": "funds",
    "holds_role": "holds a role at",
    "part_of": "is part of",
}


class NoPath(ValueError):
    """The two entities are not connected in the graph."""


def collapse(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per connected ordered pair, with `facts` (count) and `rels` (sorted relation names)."""
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, rel in graph.edges(data="rel"):
        if out.has_edge(u, v):
            out[u][v]["facts"] += 1
            out[u][v]["rels"] = sorted({*out[u][v]["rels"], rel})
        else:
            out.add_edge(u, v, facts=1, rels=[rel])
    return out


def scores(graph: nx.MultiDiGraph, metric: str = "pagerank", *, seed: int = 0) -> dict[str, float]:
    """Centrality of every node: PageRank (edges point member->foundation, funder->recipient ...),
    degree (distinct neighbours) or betweenness (sampled above `BETWEENNESS_EXACT_MAX` nodes)."""
    simple = collapse(graph)
    if metric == "pagerank":
        return nx.pagerank(simple) if len(simple) else {}
    undirected = simple.to_undirected(as_view=True)
    if metric == "degree":
        return {n: float(d) for n, d in undirected.degree()}
    if metric == "betweenness":
        k = BETWEENNESS_K if len(simple) > BETWEENNESS_EXACT_MAX else None
        return nx.betweenness_centrality(undirected, k=k, seed=seed)
    raise ValueError(f"metric {metric!r}: use one of {', '.join(METRICS)}")


def rank(graph: nx.MultiDiGraph, metric: str = "pagerank", *, top: int | None = 20) -> list[Row]:
    """Nodes ordered by `metric`, with their kind and number of distinct neighbours."""
    values = scores(graph, metric)
    neighbours = collapse(graph).to_undirected(as_view=True)
    ordered = sorted(values, key=lambda n: (-values[n], graph.nodes[n]["label"]))[:top]
    return [
        {
            "rank": i,
            "name": graph.nodes[n]["label"],
            "kind": graph.nodes[n]["kind"],
            metric: round(values[n], 6),
            "neighbours": neighbours.degree(n),
            "iri": n,
        }
        for i, n in enumerate(ordered, 1)
    ]


def overlap(graph: nx.MultiDiGraph, by: str = "members", *, min_shared: int = 1) -> list[Row]:
    """Weighted bipartite projection of membership.

    by="members": pairs of organisations (foundations) that share members;
    by="foundations": pairs of members that belong to the same organisations.
    """
    if by not in ("members", "foundations"):
        raise ValueError(f"overlap by {by!r}: use 'members' or 'foundations'")
    pairs = {(u, v) for u, v, rel in graph.edges(data="rel") if rel == "member_of"}
    side, other = ("o", "m") if by == "members" else ("m", "o")
    two_mode = nx.Graph()
    for member, org in pairs:
        two_mode.add_edge(("m", member), ("o", org))
    keep = [n for n in two_mode if n[0] == side]
    projected = bipartite.weighted_projected_graph(two_mode, keep)
    rows = []
    for a, b, weight in projected.edges(data="weight"):
        if weight < min_shared:
            continue
        shared = set(two_mode[a]) & set(two_mode[b])
        names = sorted(graph.nodes[n[1]]["label"] for n in shared if n[0] == other)
        first, second = sorted((graph.nodes[a[1]]["label"], graph.nodes[b[1]]["label"]))
        rows.append({"a": first, "b": second, "shared": weight, "names": names})
    return sorted(rows, key=lambda r: (-r["shared"], r["a"], r["b"]))


def path(graph: nx.MultiDiGraph, source: str, target: str) -> list[Row]:
    """The cheapest chain of facts linking two entities (either direction), one row per hop."""
    a, b = resolve_name(graph, source), resolve_name(graph, target)
    ties = nx.Graph()
    ties.add_nodes_from(graph)
    for u, v, rel in graph.edges(data="rel"):
        cost = HOP_COST.get(rel, 1.0)
        if not ties.has_edge(u, v) or cost < ties[u][v]["cost"]:
            ties.add_edge(u, v, cost=cost)
    try:
        nodes = nx.shortest_path(ties, a, b, weight="cost")
    except nx.NetworkXNoPath:
        raise NoPath(f"{source!r} and {target!r} are not connected in this graph") from None
    return [_hop(graph, i, u, v) for i, (u, v) in enumerate(zip(nodes, nodes[1:], strict=False), 1)]


def _hop(graph: nx.MultiDiGraph, step: int, u: str, v: str) -> Row:
    candidates = [(u, v, d) for d in graph.get_edge_data(u, v, default={}).values()]
    candidates += [(v, u, d) for d in graph.get_edge_data(v, u, default={}).values()]
    # The best evidence: a cheap relation, with a sentence, the most recent (min keeps the first).
    candidates.sort(key=lambda c: fact_date(c[2]) or "", reverse=True)
    src, dst, attrs = min(
        candidates,
        key=lambda c: (HOP_COST.get(c[2]["rel"], 1.0), not c[2]["evidence"], _EXPLAINS.get(c[2]["rel"], 9)),
    )
    return {
        "step": step,
        "from": graph.nodes[u]["label"],
        "to": graph.nodes[v]["label"],
        "relation": " ".join(
            (graph.nodes[src]["label"], VERBS.get(attrs["rel"], attrs["rel"]), graph.nodes[dst]["label"])
        ),
        "evidence": attrs["evidence"],
        "doc": attrs["doc"],
        "source_url": attrs["source_url"],
    }


def flows(graph: nx.MultiDiGraph, *, by_year: bool = True) -> list[Row]:
    """Funding totals per funder, recipient, currency (and year); grants without an amount are counted."""
    totals: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0, 0])
    for u, v, attrs in graph.edges(data=True):
        if attrs["rel"] != "funds":
            continue
        year = (fact_date(attrs) or "")[:4] if by_year else ""
        amount = attrs.get("amount")
        key = (u, v, (attrs.get("currency") or "") if amount is not None else "", year)
        entry = totals[key]
        entry[0] += amount or 0.0
        entry[1] += 1
        entry[2] += amount is None
    rows = []
    for (u, v, currency, year), (total, grants, unstated) in totals.items():
        row: Row = {"funder": graph.nodes[u]["label"], "recipient": graph.nodes[v]["label"]}
        if by_year:
            row["year"] = year
        row.update(
            {
                "currency": currency,
                "total": total if grants > unstated else None,
                "grants": grants,
                "without_amount": unstated,
            }
        )
        rows.append(row)
    return sorted(rows, key=lambda r: (-(r["total"] or 0), r["funder"], r["recipient"], r.get("year", "")))


def communities(graph: nx.MultiDiGraph, *, method: str = "louvain", seed: int = 42) -> list[Row]:
    """Groups of densely linked entities (Louvain or greedy modularity), largest first."""
    undirected = nx.Graph(collapse(graph).to_undirected())
    if method == "louvain":
        groups = nx.community.louvain_communities(undirected, seed=seed)
    elif method == "greedy":
        groups = nx.community.greedy_modularity_communities(undirected)
    else:
        raise ValueError(f"community method {method!r}: use 'louvain' or 'greedy'")
    degree = dict(undirected.degree())
    rows: list[Row] = []
    for group in sorted(groups, key=lambda g: (-len(g), min(graph.nodes[n]["label"] for n in g))):
        members = sorted(group, key=lambda n: (-degree[n], graph.nodes[n]["label"]))
        rows.append(
            {
                "community": len(rows) + 1,
                "size": len(group),
                "members": [graph.nodes[n]["label"] for n in members],
            }
        )
    return rows
