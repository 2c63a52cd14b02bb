"""Property tests: readers and extractors never raise on arbitrary input, and extraction is deterministic.

Every example is written to a real file and read through `read_document`, so the whole
reader path (bytes -> decoding -> front matter -> Markdown/HTML -> blocks) is exercised.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.extract import extract
from graph.model import Document
from graph.sources import SourceError, read_document

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words and marks that steer text into the extractors' paths (tiers, verbs, amounts, dates,
# Markdown and HTML structure), mixed with arbitrary characters.
_WORDS = st.sampled_from([
    "joins", "joined", "as a", "Platinum", "Gold Member", "Silver", "member", "Foundation", "Inc.",
    "grant", "$460,000", "€1M", "donation", "funded by", "Executive Director", "Board", "said",
    "part of", "upgraded", "left", "today", "in March 2023", "on 2022-09-06", "Q3 2021", "we",
    "our", "The Rust Foundation", "Microsoft", "and", ",", ".", "\n", "\n\n", "- ", "* ", "# ",
    "## ", "[", "](", ")", "<a href='x'>", "</a>", "<ul><li>", "</li></ul>", "|", "---", "“", "”",
])
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=60).map(" ".join)
_YAML_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=30),
    st.sampled_from(["2022-09-06", "2022-02-30", "0000-00-00", "yesterday", "[", "{a: b", "!!python/object:os.system", "*a", "&a x"]),
)
_KEYS = st.sampled_from(["title", "date", "tags", "name", "level", "url", "publisher", "author", "layout", "x"])
_FRONT = st.dictionaries(_KEYS, _YAML_VALUE, max_size=6).map(
    lambda d: "---\n" + "".join(f"{k}: {v}\n" for k, v in d.items()) + "---\n"
)
_SUFFIX = st.sampled_from([".md", ".markdown", ".html", ".txt", ".yaml", ".json"])


def _read(data: bytes, suffix: str) -> Document | None:
    """read_document on `data` saved under `suffix`: a Document, or None after a SourceError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path, Path(tmp))
        except SourceError as exc:
            assert str(path) in str(exc) and exc.reason and "\n" not in exc.reason
            return None
    assert isinstance(doc, Document)
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
    return doc


@FUZZ
@given(data=st.binary(max_size=2000), suffix=_SUFFIX)
def test_arbitrary_bytes_give_a_document_or_a_source_error(data: bytes, suffix: str) -> None:
    doc = _read(data, suffix)
    if doc is not None:
        extract(doc)


@FUZZ
@given(front=_FRONT, body=_TEXT, suffix=st.sampled_from([".md", ".html", ".txt"]))
def test_arbitrary_front_matter_and_text_never_raise(front: str, body: str, suffix: str) -> None:
    doc = _read((front + body).encode("utf-8", "surrogatepass"), suffix)
    if doc is not None:
        extract(doc)


@FUZZ
@given(front=_FRONT, body=_TEXT)
def test_extraction_is_deterministic(front: str, body: str) -> None:
    data = (front + body).encode("utf-8", "surrogatepass")
    first, second = _read(data, ".md"), _read(data, ".md")
    if first is None:
        assert second is None
        return
    assert first.text == second.text
    facts_a = [f.to_json() for f in extract(first)]
    facts_b = [f.to_json() for f in extract(second)]
    assert facts_a == facts_b


@FUZZ
@given(body=_TEXT, publisher=st.one_of(st.none(), st.text(max_size=40)))
def test_extract_never_raises_on_any_document(body: str, publisher: str | None) -> None:
    # A Document built directly (no reader): the extractor must cope with any text and publisher.
    doc = Document(id="fuzz/doc.md", path="fuzz/doc.md", text=body, publisher=publisher or None)
    facts = extract(doc)
    for fact in facts:
        assert fact.doc == "fuzz/doc.md"
        fact.to_json()


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_a_surrogate_heavy_file_is_read_or_refused(suffix: str) -> None:
    # Lone surrogates encoded as bytes are invalid UTF-8: the cp1252 fallback or an error, never a crash.
    _read("---\ntitle: x\n---\n".encode() + b"\xed\xa0\x80 joins as a Gold Member", suffix)
