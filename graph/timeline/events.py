"""Read membership events from the store (SPARQL only) and derive the timeline of changes."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from rdflib.term import Literal, Node

from graph.timeline.derive import DEFAULT_WINDOW_DAYS, derive
from graph.timeline.model import Change, Event
from graph.timeline.tiers import fold

FKG = "https://w3id.org/foundation-kg/ns#"

_PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX fkg: <https://w3id.org/foundation-kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""

# Three flat queries joined in Python rather than one with OPTIONAL labels: in the union of the
# document graphs an entity's label appears once per document that mentions it, so joining
# labels in SPARQL multiplies every fact by those copies (minutes on the Rust corpus).
# Each property is its own sub-select so Oxigraph hash-joins them instead of looking every fact
# up one by one (20k facts, 1M triples: 4.2 s instead of 6.1 s inside Oxigraph).
MEMBERSHIP_FACTS_QUERY = (
    _PREFIXES
    + """
SELECT ?fact ?member ?org ?event ?date ?tier ?doc ?evidence WHERE {
  { SELECT ?fact ?event WHERE { ?fact fkg:event ?event } }
  { SELECT ?fact ?member WHERE { ?fact org:member ?member } }
  { SELECT ?fact ?org WHERE { ?fact org:organization ?org } }
  OPTIONAL { SELECT ?fact ?date WHERE { ?fact a org:Membership ; dcterms:date ?date } }
  OPTIONAL { SELECT ?fact ?tier WHERE { ?fact org:role ?tier } }
  OPTIONAL { SELECT ?fact ?doc WHERE { ?fact a org:Membership ; prov:wasDerivedFrom ?doc } }
  OPTIONAL { SELECT ?fact ?evidence WHERE { ?fact a org:Membership ; fkg:evidence ?evidence } }
}
"""
)

LABELS_QUERY = _PREFIXES + "SELECT DISTINCT ?node ?label WHERE { ?node skos:prefLabel ?label }"

ALIASES_QUERY = (
    _PREFIXES + "SELECT DISTINCT ?label ?alias WHERE { ?node skos:altLabel ?alias ; skos:prefLabel ?label }"
)

DOCUMENTS_QUERY = (
    _PREFIXES
    + """
SELECT ?doc ?id ?url WHERE {
  ?doc a fkg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?doc schema:url ?url }
}
"""
)


class Store(Protocol):
    """What the timeline needs of a store: SPARQL over the union of the document graphs."""

    def query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Any: ...


def changes(
    store: Store,
    *,
    foundation: str | None = None,
    member: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[Change]:
    """The membership changes in the store, oldest first, optionally filtered.

    `foundation` / `member` match a name or an alias (`skos:altLabel`, e.g. "OpenSSF") case- and
    punctuation-insensitively;
    `since` / `until` are inclusive ISO dates. Tier before/after is derived from the member's whole
    history at the foundation, so filtering by date does not lose it.
    """
    events = read_events(store)
    if foundation or member:
        names = _names(store)
        if foundation:
            wanted = names.get(fold(foundation), {fold(foundation)})
            events = [e for e in events if fold(e.foundation) in wanted]
        if member:
            wanted = names.get(fold(member), {fold(member)})
            events = [e for e in events if fold(e.member) in wanted]
    out = derive(events, window_days)
    low, high = _as_date(since, "since"), _as_date(until, "until")
    return [c for c in out if (low is None or c.date >= low) and (high is None or c.date <= high)]


def _names(store: Store) -> dict[str, set[str]]:
    """folded alias or label -> the folded labels it may mean (the gazetteer's aliases)."""
    out: dict[str, set[str]] = {}
    for row in store.query(ALIASES_QUERY):
        label, alias = fold(str(row.label)), fold(str(row.alias))
        out.setdefault(label, {label}).add(label)
        out.setdefault(alias, {alias}).add(label)
    return out


def read_events(store: Store) -> list[Event]:
    """Every membership fact in the store as an `Event` (one per fact node)."""
    labels = _smallest(store, LABELS_QUERY, "node", "label")
    docs, urls = _documents(store)
    facts: dict[Node, dict[str, Any]] = {}
    for row in store.query(MEMBERSHIP_FACTS_QUERY):
        values = row.asdict()
        facts.setdefault(values["fact"], values)  # a fact lives in one document graph
    return [_event(values, labels, docs, urls) for values in facts.values()]


def _smallest(store: Store, sparql: str, key: str, value: str) -> dict[Node, Node]:
    """key -> value from a query; where a key has several values, the smallest (stable across runs)."""
    out: dict[Node, Node] = {}
    for row in store.query(sparql):
        values = row.asdict()
        node, found = values.get(key), values.get(value)
        if node is not None and found is not None and (node not in out or str(found) < str(out[node])):
            out[node] = found
    return out


def _documents(store: Store) -> tuple[dict[Node, Node], dict[Node, Node]]:
    """Document IRI -> its id, and -> its URL where known (one query)."""
    ids: dict[Node, Node] = {}
    urls: dict[Node, Node] = {}
    for row in store.query(DOCUMENTS_QUERY):
        values = row.asdict()
        doc, found, url = values.get("doc"), values.get("id"), values.get("url")
        if doc is None:
            continue
        if found is not None and (doc not in ids or str(found) < str(ids[doc])):
            ids[doc] = found
        if url is not None and (doc not in urls or str(url) < str(urls[doc])):
            urls[doc] = url
    return ids, urls


def _event(
    values: dict[str, Any], labels: dict[Node, Node], docs: dict[Node, Node], urls: dict[Node, Node]
) -> Event:
    doc, tier = values.get("doc"), values.get("tier")
    return Event(
        foundation=_label(labels.get(values["org"]), values["org"]),
        member=_label(labels.get(values["member"]), values["member"]),
        kind=_local(values["event"]).lower(),
        date=_date(values.get("date")),
        tier=_label(labels.get(tier), tier) if tier is not None else None,
        source=str((docs.get(doc) if doc is not None else None) or doc or values["fact"]),
        evidence=str(values.get("evidence") or ""),
        url=str(urls[doc]) if doc in urls else None,
    )


def _label(label: Node | None, iri: Node) -> str:
    return str(label) if label is not None else _local(iri)


def _local(node: Node) -> str:
    text = str(node)
    if text.startswith(FKG):
        return text[len(FKG) :]
    return text.rstrip("/").rsplit("/", 1)[-1]


def _date(node: Node | None) -> date | None:
    if node is None:
        return None
    value = node.toPython() if isinstance(node, Literal) else None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    try:
        return date.fromisoformat(str(node)[:10])
    except ValueError:
        return None


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"--{name} {value!r} is not an ISO date (YYYY-MM-DD)") from exc
