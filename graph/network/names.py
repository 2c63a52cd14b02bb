"""Turn a name a user typed ("AWS", "rust foundation") into a node of the projected graph."""

from __future__ import annotations

import difflib

import networkx as nx


class UnknownName(ValueError):
    """A name that matches no node; the message lists the closest labels."""


def resolve_name(graph: nx.MultiDiGraph, name: str) -> str:
    """The node IRI for `name`: the entity resolver's IRI if it is in the graph, else a label match.

    Labels and aliases are compared case-insensitively; an IRI given as-is is accepted too.
    """
    if name in graph:
        return name
    iri = _resolver_iri(name)
    if iri is not None and iri in graph:
        return iri
    wanted = name.casefold().strip()
    for node, attrs in graph.nodes(data=True):
        labels = [attrs.get("label") or "", *attrs.get("aliases", [])]
        if any(label.casefold() == wanted for label in labels):
            return str(node)
    raise UnknownName(_unknown_message(graph, name))


def _resolver_iri(name: str) -> str | None:
    try:
        from graph.entities import resolve
    except ImportError:  # the resolver is optional: labels still work
        return None
    return str(resolve(name).iri)


def _unknown_message(graph: nx.MultiDiGraph, name: str) -> str:
    labels = sorted({attrs.get("label") or "" for _, attrs in graph.nodes(data=True)})
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"{name!r}: no organisation or person of that name in the graph{hint}"
