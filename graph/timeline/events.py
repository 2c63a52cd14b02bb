"""Read membership events from the store (SPARQL only) and derive the timeline of changes."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from rdflib.term import Literal, Node

from graph.timeline.derive import DEFAULT_WINDOW_DAYS, derive
from graph.timeline.model import Change, Event
from graph.timeline.tiers import fold

FKG = "https://w3id.org/foundation-kg/ns#"

# Every membership fact with what the timeline needs; labels and document details optional,
# so a partly described fact still shows (with its IRI as name).
MEMBERSHIP_EVENTS_QUERY = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX fkg: <https://w3id.org/foundation-kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
SELECT ?fact ?member ?memberLabel ?org ?orgLabel ?event ?date ?tierLabel ?doc ?docId ?url ?evidence
WHERE {
  ?fact a org:Membership ; org:member ?member ; org:organization ?org ; fkg:event ?event .
  OPTIONAL { ?fact dcterms:date ?date }
  OPTIONAL { ?fact org:role ?tier . ?tier skos:prefLabel ?tierLabel }
  OPTIONAL { ?fact prov:wasDerivedFrom ?doc .
             OPTIONAL { ?doc dcterms:identifier ?docId }
             OPTIONAL { ?doc schema:url ?url } }
  OPTIONAL { ?fact fkg:evidence ?evidence }
  OPTIONAL { ?member skos:prefLabel ?memberLabel }
  OPTIONAL { ?org skos:prefLabel ?orgLabel }
}
"""


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

    `foundation` / `member` match a name case- and punctuation-insensitively (or the IRI's slug);
    `since` / `until` are inclusive ISO dates. Tier before/after is derived from the member's whole
    history at the foundation, so filtering by date does not lose it.
    """
    events = read_events(store)
    if foundation:
        events = [e for e in events if fold(e.foundation) == fold(foundation)]
    if member:
        events = [e for e in events if fold(e.member) == fold(member)]
    out = derive(events, window_days)
    low, high = _as_date(since, "since"), _as_date(until, "until")
    return [c for c in out if (low is None or c.date >= low) and (high is None or c.date <= high)]


def read_events(store: Store) -> list[Event]:
    """Every membership fact in the store as an `Event` (one per fact node)."""
    rows: dict[Node, dict[str, Node | None]] = {}
    for row in store.query(MEMBERSHIP_EVENTS_QUERY):
        values = row.asdict()
        seen = rows.setdefault(values["fact"], values)
        for name, value in values.items():  # labels may repeat across graphs: keep the smallest, stably
            if value is not None and (seen.get(name) is None or str(value) < str(seen[name])):
                seen[name] = value
    return [_event(values) for values in rows.values()]


def _event(values: dict[str, Any]) -> Event:
    doc = values.get("doc")
    source = str(values.get("docId") or doc or values["fact"])
    return Event(
        foundation=_label(values.get("orgLabel"), values["org"]),
        member=_label(values.get("memberLabel"), values["member"]),
        kind=_local(values["event"]).lower(),
        date=_date(values.get("date")),
        tier=str(values["tierLabel"]) if values.get("tierLabel") is not None else None,
        source=source,
        evidence=str(values.get("evidence") or ""),
        url=str(values["url"]) if values.get("url") is not None else None,
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
