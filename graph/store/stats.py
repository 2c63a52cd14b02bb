"""Counts for `fkg stats`, each one SPARQL query (never len() on the store).

Entity and fact counts are asked of the default graph, the deduplicated union of the graphs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.store.base import Store

_P = """PREFIX fkg: <https://w3id.org/foundation-kg/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
COUNTS = {
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a fkg:Document }",
    "facts": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a fkg:Fact }",
    "memberships": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a org:Membership }",
    "grants": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a schema:MonetaryGrant }",
    "roles": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a org:Post }",
    "part_of": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a fkg:PartOf }",
    "organizations": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a org:Organization }",
    "people": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a foaf:Person }",
    "named_graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }",
}


def store_stats(store: Store) -> dict[str, int | str]:
    """Documents, facts by type, entities, named graphs, triples and (local stores) size on disk.

    `triples_in_graphs` counts the triples of every named graph (documents and gazetteer; a
    triple two documents state counts twice); `distinct_triples` counts each triple once (the
    default graph, which holds their union and answers queries).
    """
    out: dict[str, int | str] = {}
    for name, sparql in COUNTS.items():
        out[name] = store._scalar(_P + sparql)
    out["triples_in_graphs"] = store.count_triples()
    out["distinct_triples"] = store.count_distinct_triples()
    folder = Path(store.location)
    if folder.is_dir():
        out["disk_bytes"] = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    out["store"] = store.location
    return out
