"""Hand-made documents and facts with known answers, for the store, query, RDF and SHACL tests.

The timeline they tell (Rust Foundation unless said otherwise):
- JFrog joins as Platinum on 2022-09-06 (two documents announce it).
- Acme joins as Silver 2020-01-15, upgrades to Gold 2021-06-01, leaves 2023-03-01.
- Beta joins as Gold 2019-05-01, leaves 2020-02-01, rejoins as Silver 2022-02-01.
- Tag1 is stated a Silver member in an undated spotlight.
- JFrog and Acme are also members of the OpenSSF; Alpha-Omega belongs to OpenSSF, which
  belongs to the Linux Foundation.
- Alpha-Omega grants the Rust Foundation 460000 USD (2022-09-13; announced twice); Google
  donates 1000000 USD (2021-02-08) and 250000 USD (2022-11-01).
- Stephen Chin holds "Member Director" at the Rust Foundation Board (part of the foundation).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from graph.model import Document, Fact

RUST = "Rust Foundation"
OPENSSF = "Open Source Security Foundation"


def _doc(doc_id: str, when: date | None, title: str, publisher: str = RUST) -> Document:
    return Document(
        id=doc_id,
        path=f"corpus/{doc_id}",
        title=title,
        date=when,
        publisher=publisher,
        source_url=f"https://example.org/{doc_id}",
        content_hash=hashlib.sha256(doc_id.encode()).hexdigest(),
    )


def _m(doc: str, member: str, org: str, tier: str | None, event: str, when: str | None, ev: str = "") -> Fact:
    fields = {"member": member, "organization": org, "tier": tier, "event": event, "date": when}
    return Fact(
        "membership", doc, fields, evidence=ev or f"{member} {event} {org}", span=(0, 10), rule="test"
    )


def _f(
    doc: str,
    funder: str,
    recipient: str,
    amount: Any,
    when: str,
    kind: str = "grant",
    purpose: str | None = None,
) -> Fact:
    fields = {
        "funder": funder,
        "recipient": recipient,
        "amount": amount,
        "currency": "USD" if amount else None,
        "kind": kind,
        "purpose": purpose,
        "date": when,
    }
    return Fact("funding", doc, fields, evidence=f"{funder} funds {recipient}", rule="test", confidence=0.8)


def corpus() -> list[tuple[Document, list[Fact]]]:
    """The hand-made documents with their facts."""
    d1 = "rust/news/2022-09-06-hello-jfrog.md"
    d2 = "rust/news/2022-09-07-jfrog-again.md"
    d3 = "rust/news/2020-01-15-acme.md"
    d4 = "rust/news/2021-06-01-acme-gold.md"
    d5 = "rust/news/2023-03-01-acme-leaves.md"
    d6 = "rust/news/beta history.md"
    d7 = "rust/spotlight/tag1.md"
    d8 = "openssf/blog/2022-10-01-members.md"
    d9 = "rust/news/2022-09-13-alpha-omega.md"
    d10 = "rust/news/2022-11-01-google.md"
    d11 = "rust/board/stephen.md"
    return [
        (
            _doc(d1, date(2022, 9, 6), "Hello JFrog"),
            [
                _m(
                    d1, "JFrog", RUST, "Platinum", "join", "2022-09-06", 'JFrog joins "at the Platinum level"'
                ),
            ],
        ),
        (
            _doc(d2, date(2022, 9, 7), "JFrog, again"),
            [_m(d2, "JFrog", RUST, "Platinum", "join", "2022-09-06")],
        ),
        (_doc(d3, date(2020, 1, 15), "Acme joins"), [_m(d3, "Acme", RUST, "Silver", "join", "2020-01-15")]),
        (
            _doc(d4, date(2021, 6, 1), "Acme goes Gold"),
            [_m(d4, "Acme", RUST, "Gold", "upgrade", "2021-06-01")],
        ),
        (_doc(d5, date(2023, 3, 1), "Goodbye Acme"), [_m(d5, "Acme", RUST, None, "leave", "2023-03-01")]),
        (
            _doc(d6, None, "Beta's story"),
            [
                _m(d6, "Beta", RUST, "Gold", "join", "2019-05-01"),
                _m(d6, "Beta", RUST, None, "leave", "2020-02-01"),
                _m(d6, "Beta", RUST, "Silver", "join", "2022-02-01"),
            ],
        ),
        (_doc(d7, None, "Introducing Tag1, Silver Member"), [_m(d7, "Tag1", RUST, "Silver", "state", None)]),
        (
            _doc(d8, date(2022, 10, 1), "New OpenSSF members", OPENSSF),
            [
                _m(d8, "JFrog", OPENSSF, "General", "join", "2022-10-01"),
                _m(d8, "Acme", OPENSSF, "Premier", "join", "2022-10-01"),
                Fact(
                    "part_of",
                    d8,
                    {"child": "Alpha-Omega", "parent": OPENSSF},
                    evidence="Alpha-Omega, an OpenSSF project",
                ),
                Fact(
                    "part_of",
                    d8,
                    {"child": OPENSSF, "parent": "Linux Foundation"},
                    evidence="OpenSSF, part of LF",
                ),
            ],
        ),
        (
            _doc(d9, date(2022, 9, 13), "Alpha-Omega grant"),
            [
                _f(d9, "Alpha-Omega", RUST, 460000, "2022-09-13", purpose="security engineer"),
            ],
        ),
        (
            _doc(d10, date(2022, 11, 1), "Google donates"),
            [
                _f(d10, "Alpha-Omega", RUST, 460000, "2022-09-13", purpose="security engineer"),
                _f(d10, "Google", RUST, 1000000, "2021-02-08", kind="donation"),
                _f(d10, "Google", RUST, 250000, "2022-11-01", kind="donation"),
            ],
        ),
        (
            _doc(d11, date(2021, 4, 1), "Board"),
            [
                Fact(
                    "role",
                    d11,
                    {
                        "person": "Stephen Chin",
                        "title": "Member Director",
                        "organization": "Rust Foundation Board",
                    },
                ),
                Fact("part_of", d11, {"child": "Rust Foundation Board", "parent": RUST}),
            ],
        ),
    ]
