"""Extraction: one `Document` in, its `Fact`s out (membership, funding, role, part_of).

`extract(doc)` splits the document into sentences, runs every text extractor over them and
the directory extractor over `doc.records`, then keeps one fact per key (the most informative,
most confident one) in document order.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache

from graph.model import Document, Fact

__all__ = ["extract", "extractors"]

TextExtractor = Callable[[Document, list], list[Fact]]


@cache
def _registry() -> tuple[tuple[str, TextExtractor], ...]:
    from graph.extract.funding import extract_funding
    from graph.extract.membership import extract_membership
    from graph.extract.part_of import extract_part_of
    from graph.extract.roles import extract_roles

    return (
        ("membership", extract_membership),
        ("funding", extract_funding),
        ("roles", extract_roles),
        ("part_of", extract_part_of),
    )


def extractors() -> list[tuple[str, TextExtractor]]:
    """The text extractors, by name, in the order they run.

    The environment variable FKG_EXTRACTORS (comma-separated names, e.g. "membership,funding")
    runs only those, for debugging one extractor at a time.
    """
    only = {n.strip() for n in os.environ.get("FKG_EXTRACTORS", "").split(",") if n.strip()}
    return [(name, run) for name, run in _registry() if not only or name in only]


def extract(doc: Document) -> list[Fact]:
    """All facts of one document, one per key, in document order."""
    from graph.extract.text import sentences

    sents = sentences(doc)
    facts: list[Fact] = []
    for _name, run in extractors():
        facts.extend(run(doc, sents))
    if doc.records:
        from graph.extract.directory import extract_directory

        facts.extend(extract_directory(doc))
    return dedupe(facts)


def _informative(fact: Fact) -> tuple[float, int]:
    filled = sum(1 for v in fact.fields.values() if v not in (None, ""))
    return (fact.confidence, filled)


#: Fields a weaker duplicate may fill in on the kept fact (never the event or date: those come
#: from the rule that read the event).
_FILLABLE = {"membership": (("tier",),), "funding": (("amount", "currency"), ("kind",), ("purpose",))}


def _fill(best: Fact, other: Fact) -> None:
    for group in _FILLABLE.get(best.type, ()):
        if all(best.fields.get(f) in (None, "") for f in group) and all(
            other.fields.get(f) not in (None, "") for f in group
        ):
            for f in group:
                best.fields[f] = other.fields[f]


def dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per key: the most confident, then the most complete, with gaps filled from the others.

    First-seen order is kept, then facts are sorted by their position in the document.
    """
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.key(), []).append(fact)
    kept: list[Fact] = []
    for group in groups.values():
        best = max(group, key=_informative)
        for other in sorted(group, key=_informative, reverse=True):
            if other is not best:
                _fill(best, other)
        kept.append(best)
    return sorted(kept, key=lambda f: (f.span or (1 << 30, 0))[0])
