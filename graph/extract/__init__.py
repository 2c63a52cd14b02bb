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


def dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per key: the most confident, then the most complete; first-seen order kept."""
    best: dict[tuple, Fact] = {}
    order: list[tuple] = []
    for fact in facts:
        key = fact.key()
        if key not in best:
            order.append(key)
            best[key] = fact
        elif _informative(fact) > _informative(best[key]):
            best[key] = fact
    return sorted((best[k] for k in order), key=lambda f: (f.span or (1 << 30, 0))[0])
