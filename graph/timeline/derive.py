"""From stored membership events to changes: order, tier before/after, duplicates and conflicts.

Per foundation and member, dated events are sorted and grouped into *clusters*, each one
change as several sources report it:

- joins with no leave between them are one join (a member cannot join twice without leaving),
  however far apart their dates; likewise leaves with no join between them;
- tier changes and renewals within a window of the cluster's first date are one change
  (a member can genuinely move up twice, so distant ones stay apart).

Sources that agree fold into one change; sources that disagree (another tier or another date)
each keep their change, all marked as a conflict. The best-corroborated reading (most sources,
then earliest) is the *primary* one, which counts and decides the tier from then on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from graph.timeline.model import CHANGE_KINDS, Alternative, Change, ChangeKind, Event
from graph.timeline.tiers import direction

#: Two readings of a tier change or renewal further apart than this are two changes.
DEFAULT_WINDOW_DAYS = 31

_TIER_EVENTS = ("upgrade", "downgrade", "state")


@dataclass
class _Variant:
    """One reading of a change: an event plus the sources that say the same."""

    event: Event
    also_in: list[str] = field(default_factory=list)


def derive(events: Iterable[Event], window_days: int = DEFAULT_WINDOW_DAYS) -> list[Change]:
    """Turn membership events into dated changes, sorted by date, foundation, member."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        if event.date is not None:  # an undated fact has no place on a timeline
            groups[(event.foundation, event.member)].append(event)
    out: list[Change] = []
    for group in groups.values():
        out.extend(_walk(_clusters(group, window_days)))
    return sort_changes(out)


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Chronological order, ties broken by foundation, member, change kind and source."""
    return sorted(
        changes,
        key=lambda c: (
            c.date,
            c.foundation.lower(),
            c.member.lower(),
            CHANGE_KINDS.index(c.change),
            c.source,
        ),
    )


def _kind_class(kind: str) -> str:
    return "tier" if kind in _TIER_EVENTS else kind


def _clusters(events: list[Event], window_days: int) -> list[list[Event]]:
    ordered = sorted(events, key=lambda e: (e.date, e.source, e.tier or ""))
    clusters: list[list[Event]] = []
    for event in ordered:
        assert event.date is not None
        target = _target(clusters, _kind_class(event.kind), event.date, window_days)
        if target is not None:
            target.append(event)
        else:
            clusters.append([event])
    return sorted(clusters, key=_first_date)


_OPPOSITE = {"join": "leave", "leave": "join"}


def _target(clusters: list[list[Event]], kind: str, when: date, window_days: int) -> list[Event] | None:
    """The existing cluster an event of `kind` on `when` belongs to, if any."""
    for index in range(len(clusters) - 1, -1, -1):
        cluster = clusters[index]
        if _kind_class(cluster[0].kind) != kind:
            continue
        if kind in _OPPOSITE:
            later = clusters[index + 1 :]
            return None if any(c[0].kind == _OPPOSITE[kind] for c in later) else cluster
        return cluster if (when - _first_date(cluster)).days <= window_days else None
    return None


def _first_date(cluster: list[Event]) -> date:
    first = cluster[0].date
    assert first is not None
    return first


def _variants(cluster: list[Event]) -> list[_Variant]:
    """Readings that differ in date or tier; an untiered reading folds into a tiered one of its date."""
    variants: list[_Variant] = []
    for event in sorted(cluster, key=lambda e: (e.date, e.tier is None, e.source)):
        same = next(
            (
                v
                for v in variants
                if v.event.date == event.date and (event.tier is None or v.event.tier == event.tier)
            ),
            None,
        )
        if same is None:
            variants.append(_Variant(event))
        elif event.source != same.event.source and event.source not in same.also_in:
            same.also_in.append(event.source)
    return variants


def _walk(clusters: list[list[Event]]) -> list[Change]:
    """Go through one member's clusters in time, tracking its current tier."""
    current: str | None = None
    out: list[Change] = []
    for cluster in clusters:
        kind = _kind_class(cluster[0].kind)
        variants = _variants(cluster)
        if kind == "tier":
            changes = _tier_changes(variants, current)
        else:
            changes = [_change(v, kind, current) for v in variants]  # type: ignore[arg-type]
        changes = _mark_conflicts(changes)
        out.extend(changes)
        current = _after(kind, changes, variants, current)
    return out


def _after(kind: str, changes: list[Change], variants: list[_Variant], current: str | None) -> str | None:
    """The member's tier after a cluster (the primary reading decides)."""
    if kind == "leave":
        return None
    if changes:
        return next(c for c in changes if c.primary).tier_after
    if kind == "tier" and variants and variants[0].event.tier:
        return variants[0].event.tier  # a dated state with nothing before it: known from now on
    return current


def _tier_changes(variants: list[_Variant], current: str | None) -> list[Change]:
    out: list[Change] = []
    for variant in variants:
        event = variant.event
        if not event.tier or (current is not None and event.tier == current):
            continue  # nothing changed
        if event.kind == "state" and current is None:
            continue  # first known tier, not a change
        out.append(_change(variant, _tier_kind(event, current), current))
    return out


def _tier_kind(event: Event, current: str | None) -> ChangeKind:
    """The tier order decides; else the extractor's word; else (parallel/unknown tiers) upgrade."""
    found = direction(event.foundation, current, event.tier)
    if found is not None:
        return found
    return "downgrade" if event.kind == "downgrade" else "upgrade"


def _change(variant: _Variant, kind: ChangeKind, current: str | None) -> Change:
    event = variant.event
    assert event.date is not None
    if kind == "join":
        before, after = None, event.tier
    elif kind == "leave":
        before, after = current or event.tier, None
    elif kind == "renew":
        before, after = current, event.tier or current
    else:
        before, after = current, event.tier
    return Change(
        date=event.date,
        foundation=event.foundation,
        member=event.member,
        change=kind,
        tier_before=before,
        tier_after=after,
        source=event.source,
        evidence=event.evidence,
        url=event.url,
        also_in=tuple(variant.also_in),
    )


def _mark_conflicts(changes: list[Change]) -> list[Change]:
    if len(changes) < 2:
        return changes
    alts = [
        Alternative(c.date, c.tier_after if c.change != "leave" else c.tier_before, c.source) for c in changes
    ]
    best = max(range(len(changes)), key=lambda i: (len(changes[i].also_in), -changes[i].date.toordinal(), -i))
    return [
        replace(
            c, conflict=True, primary=(i == best), alternatives=tuple(a for j, a in enumerate(alts) if j != i)
        )
        for i, c in enumerate(changes)
    ]
