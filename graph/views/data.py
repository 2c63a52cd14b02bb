"""The vis-network items of a page: one node per entity, one edge per (source, target, relation).

Parallel facts for the same relation (a join, then an upgrade; the same grant told by two
documents) are drawn as one edge whose tooltip lists every fact. All text stays plain data:
the page inserts it with `textContent`, never as HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx

from graph.network.filters import fact_date
from graph.views.style import kind_style, rel_style

#: At most this many facts are listed in one edge's tooltip (the count is always given).
MAX_FACTS_PER_EDGE = 12


def vis_nodes(graph: nx.MultiDiGraph, importance: dict[str, float]) -> list[dict[str, Any]]:
    """One vis node per graph node; `value` (size and label size) is the square root of its share of
    the top `importance` score, so that a hub stands out without dwarfing everything else."""
    top = max(importance.values(), default=0.0) or 1.0
    nodes = []
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("kind", "organization")
        colour, shape = kind_style(kind)
        share = math.sqrt(max(importance.get(node, 0.0), 0.0) / top)
        nodes.append(
            {
                "id": str(node),
                "label": attrs.get("label") or str(node),
                "kind": kind,
                "shape": shape,
                "color": colour,
                "value": round(share, 4),
                "iri": attrs.get("iri", str(node)),
                "degree": graph.degree(node),
            }
        )
    return nodes


def vis_edges(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One vis edge per (source, target, relation), labelled with its tier, amount or title."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, attrs in graph.edges(data=True):
        groups[str(u), str(v), attrs["rel"]].append(attrs)
    edges = []
    for i, ((u, v, rel), facts) in enumerate(groups.items()):
        facts.sort(key=lambda f: fact_date(f) or "")
        colour, dashed, verb = rel_style(rel)
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "rel": rel,
                "verb": verb,
                "label": edge_label(rel, facts),
                "tier": _tier(rel, facts),
                "arrows": "to",
                "color": colour,
                "dashes": dashed,
                "count": len(facts),
                "facts": [_fact_info(f) for f in facts[-MAX_FACTS_PER_EDGE:]],
            }
        )
    return edges


def edge_label(rel: str, facts: list[dict[str, Any]]) -> str:
    """The short text drawn on an edge: tier, summed amounts, role titles."""
    if rel == "member_of":
        last = facts[-1]
        return "left" if last.get("event") == "leave" else (_tier(rel, facts) or "member")
    if rel == "funds":
        totals: dict[str, float] = defaultdict(float)
        for fact in facts:
            if fact.get("amount") is not None:
                totals[fact.get("currency") or ""] += fact["amount"]
        return " + ".join(f"{cur} {amount:,.0f}".strip() for cur, amount in sorted(totals.items())) or "funds"
    if rel == "holds_role":
        return " / ".join(sorted({f.get("title") or "role" for f in facts}))
    return rel.replace("_", " ")


def _tier(rel: str, facts: list[dict[str, Any]]) -> str:
    """The latest tier named for a membership ('' when none is)."""
    if rel != "member_of":
        return ""
    tiers = [f.get("tier") for f in facts if f.get("tier")]
    return str(tiers[-1]) if tiers else ""


def _fact_info(attrs: dict[str, Any]) -> dict[str, Any]:
    detail = [attrs.get(k) for k in ("tier", "event", "title", "kind", "purpose") if attrs.get(k)]
    if attrs.get("amount") is not None:
        detail.append(f"{attrs.get('currency') or ''} {attrs['amount']:,.0f}".strip())
    return {
        "date": fact_date(attrs) or "",
        "detail": ", ".join(str(d) for d in detail),
        "evidence": attrs.get("evidence") or "",
        "doc": attrs.get("doc") or "",
        "title": attrs.get("doc_title") or "",
        "url": attrs.get("source_url") or "",
    }
