"""Checks on the embedded default corpus (data/corpus) and its gold facts (data/gold.jsonl).

The gold follows the contract in shared/FACTS.md; these tests keep it valid, keep every
announcement annotated, and guard against text copied from the real corpus it was written from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import frontmatter
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = DATA / "corpus"
GOLD = DATA / "gold.jsonl"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# The real-corpus folders our announcements were written from (the plagiarism guard reads only these).
SHARED_FOLDERS = [
    "rust",
    "alpha-omega",
    "isrg",
    "php-foundation",
    "haskell-foundation",
    "eclipse-adoptium",
    "zig",
    "django",
    "psf",
    "openjs",
]
SHINGLE = 12

FIELDS = {
    "membership": {"member", "organization", "tier", "event", "date"},
    "funding": {"funder", "recipient", "amount", "currency", "kind", "purpose", "date"},
    "role": {"person", "title", "organization"},
    "part_of": {"child", "parent"},
}
REQUIRED = {  # fields that may never be null
    "membership": {"member", "organization", "event"},
    "funding": {"funder", "recipient"},
    "role": {"person", "organization"},
    "part_of": {"child", "parent"},
}
EVENTS = {"join", "upgrade", "downgrade", "renew", "leave", "state"}
KINDS = {"grant", "donation", "sponsorship", "in-kind", "investment", None}
# ISO 4217 codes a foundation announcement plausibly uses; extend when a new one appears.
CURRENCIES = {
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "JPY",
    "CNY",
    "CAD",
    "AUD",
    "NZD",
    "INR",
    "BRL",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "KRW",
    "SGD",
    "HKD",
    "ZAR",
    "NGN",
    "KES",
    "MXN",
    "ARS",
    "ILS",
    "TRY",
    "TWD",
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def is_directory_entry(path: Path) -> bool:
    """Member-directory entries live in a `members/` folder and carry `name` and `level`."""
    return "members" in path.relative_to(CORPUS).parts[:-1]


def corpus_files() -> list[Path]:
    """Every Markdown document of the embedded corpus."""
    return sorted(CORPUS.rglob("*.md"))


def announcements() -> list[Path]:
    """The dated announcements (everything but member-directory entries)."""
    return [p for p in corpus_files() if not is_directory_entry(p)]


def doc_id(path: Path) -> str:
    """A document's id as FACTS.md defines it: its path relative to the corpus root."""
    return path.relative_to(CORPUS).as_posix()


def load_gold() -> list[dict[str, Any]]:
    """The gold facts, one JSON object per line."""
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fold(text: str) -> str:
    """Markdown reduced to plain words: links to their text, emphasis dropped, whitespace folded."""
    text = LINK.sub(r"\1", text)
    text = re.sub(r"[*_`#]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """Lower-case word tokens, punctuation and markup ignored."""
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(tokens: list[str], n: int = SHINGLE) -> set[str]:
    """Every run of n consecutive tokens, joined by spaces."""
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def publisher_of(folder: Path) -> str:
    """The publisher named by a corpus folder's source.toml."""
    with (folder / "source.toml").open("rb") as fh:
        return str(tomllib.load(fh)["publisher"])


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return load_gold()


@pytest.fixture(scope="module")
def shared_shingles() -> set[str]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"{SHARED_CORPUS} is not on this machine")
    seen: set[str] = set()
    for name in SHARED_FOLDERS:
        for path in (SHARED_CORPUS / name).rglob("*"):
            if path.is_file():
                seen |= shingles(words(path.read_text(encoding="utf-8", errors="replace")))
    return seen


def test_corpus_size_and_publishers() -> None:
    docs = announcements()
    assert len(docs) >= 30, f"only {len(docs)} announcements in {CORPUS}"
    folders = {p.relative_to(CORPUS).parts[0] for p in docs}
    publishers = {publisher_of(CORPUS / f) for f in folders}
    assert len(publishers) >= 6, publishers


@pytest.mark.parametrize("folder", sorted(p for p in CORPUS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_source_toml(folder: Path) -> None:
    with (folder / "source.toml").open("rb") as fh:
        meta = tomllib.load(fh)
    assert meta.get("publisher"), f"{folder}/source.toml names no publisher"
    assert str(meta.get("url", "")).startswith("https://"), f"{folder}/source.toml: url must be https"


@pytest.mark.parametrize("path", announcements(), ids=doc_id)
def test_announcement_front_matter(path: Path) -> None:
    post = frontmatter.load(path)
    assert str(post.get("title", "")).strip(), f"{doc_id(path)}: no title"
    date = post.get("date")
    assert isinstance(date, dt.date), f"{doc_id(path)}: date {date!r} is not a YYYY-MM-DD date"
    assert path.name.startswith(date.isoformat()), f"{doc_id(path)}: file name does not start with its date"
    assert re.match(r"^https://\S+$", str(post.get("source_url", ""))), (
        f"{doc_id(path)}: source_url not https"
    )
    assert isinstance(post.get("tags"), list) and post["tags"], f"{doc_id(path)}: no tags"
    sentences = re.split(r"(?<=[.!?])\s+", fold(post.content))
    assert len(sentences) >= 2, f"{doc_id(path)}: too short to be an announcement"


@pytest.mark.parametrize("path", [p for p in corpus_files() if is_directory_entry(p)], ids=doc_id)
def test_directory_entry(path: Path) -> None:
    post = frontmatter.load(path)
    assert str(post.get("name", "")).strip(), f"{doc_id(path)}: no name"
    assert str(post.get("level", "")).strip(), f"{doc_id(path)}: no level"


def is_iso_date(value: object) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_fact(fact: dict[str, Any]) -> list[str]:
    """The ways one gold fact breaks the FACTS.md contract (empty when it is valid)."""
    kind = fact.get("type")
    if kind not in FIELDS:
        return [f"unknown type {kind!r}"]
    problems = [f"missing field {f}" for f in FIELDS[kind] | {"doc"} if f not in fact]
    problems += [f"unexpected field {f}" for f in set(fact) - FIELDS[kind] - {"type", "doc", "evidence"}]
    problems += [f"{f} is empty" for f in REQUIRED[kind] if not fact.get(f)]
    date = fact.get("date")
    if date is not None and not is_iso_date(date):
        problems.append(f"date {date!r} is not ISO")
    if kind == "membership":
        if fact.get("event") not in EVENTS:
            problems.append(f"event {fact.get('event')!r}")
        tier = fact.get("tier")
        if tier is not None and not tier[:1].isupper():
            problems.append(f"tier {tier!r} is not title case")
    if kind == "funding":
        amount, currency = fact.get("amount"), fact.get("currency")
        if fact.get("kind") not in KINDS:
            problems.append(f"kind {fact.get('kind')!r}")
        if (amount is None) != (currency is None):
            problems.append("amount and currency must be given together")
        if amount is not None and not (isinstance(amount, (int, float)) and amount > 0):
            problems.append(f"amount {amount!r}")
        if currency is not None and currency not in CURRENCIES:
            problems.append(f"currency {currency!r} is not ISO 4217")
    return problems


def test_gold_facts_are_valid(gold: list[dict[str, Any]]) -> None:
    bad = {f"{i + 1}: {p}" for i, fact in enumerate(gold) for p in check_fact(fact)}
    assert not bad, sorted(bad)


def test_check_fact_catches_errors() -> None:
    fact = {
        "type": "funding",
        "doc": "x.md",
        "funder": "A",
        "recipient": "B",
        "amount": 5,
        "currency": "DOLLARS",
        "kind": "gift",
        "purpose": None,
        "date": "2024-13-01",
    }
    assert len(check_fact(fact)) == 3  # currency, kind and the impossible month 13
    fact.update(currency="USD", kind="grant", date="May 2024")
    assert check_fact(fact) == ["date 'May 2024' is not ISO"]
    fact.update(date="2024-05-01", type="sponsor")
    assert check_fact(fact) == ["unknown type 'sponsor'"]


def test_gold_docs_exist_and_every_document_has_facts(gold: list[dict[str, Any]]) -> None:
    ids = {doc_id(p) for p in corpus_files()}
    missing = sorted({f["doc"] for f in gold} - ids)
    assert not missing, f"gold names documents that do not exist: {missing}"
    unannotated = sorted(ids - {f["doc"] for f in gold})
    assert not unannotated, f"documents without a gold fact: {unannotated}"


def test_gold_has_no_duplicate_keys(gold: list[dict[str, Any]]) -> None:
    keys = {
        "membership": ("member", "organization"),
        "funding": ("funder", "recipient"),
        "role": ("person", "organization"),
        "part_of": ("child", "parent"),
    }
    counts = Counter((f["doc"], f["type"], *(f[k].lower() for k in keys[f["type"]])) for f in gold)
    assert not [k for k, n in counts.items() if n > 1]


def test_evidence_is_in_the_document(gold: list[dict[str, Any]]) -> None:
    texts: dict[str, str] = {}
    for fact in gold:
        evidence = fact.get("evidence")
        if not evidence:
            continue
        path = CORPUS / fact["doc"]
        if fact["doc"] not in texts:
            raw = path.read_text(encoding="utf-8")
            texts[fact["doc"]] = fold(raw if is_directory_entry(path) else frontmatter.loads(raw).content)
        text = texts[fact["doc"]]
        if is_directory_entry(path):
            assert all(w in text for w in evidence.split()), fact
        else:
            assert fold(evidence) in text, fact


@pytest.mark.parametrize("path", announcements(), ids=doc_id)
def test_no_copied_text(path: Path, shared_shingles: set[str]) -> None:
    ours = shingles(words(fold(frontmatter.load(path).content)))
    copied = sorted(ours & shared_shingles)
    assert not copied, f"{doc_id(path)} repeats {SHINGLE}-word runs of the real corpus: {copied[:3]}"


def test_shingles_find_a_copy() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve thirteen"
    assert shingles(words(text)) & shingles(words("x " + text.upper()))
