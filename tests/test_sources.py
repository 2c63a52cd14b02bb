"""Readers: real files of every site generator in the shared corpus, directories, hostile input."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Document
from graph.sources import Limits, SourceError, count_candidates, iter_documents, read_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")


def read(rel: str) -> Document:
    return read_document(CORPUS / rel, CORPUS)


def assert_offsets(doc: Document) -> None:
    """Every block and link points at exactly its own text."""
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text, (doc.id, block)
        for link in block.links:
            assert doc.text[link.start : link.end] == link.text, (doc.id, link)


# -- one real file per site generator ----------------------------------------------------------

GENERATORS = [
    # path, title, date, publisher
    ("rust/news/2022-09-06-hello-jfrog.md", "Hello JFrog!", "2022-09-06", "Rust Foundation"),  # Eleventy
    (
        "php-foundation/source/_posts/2025-04-03-welcoming-passbolt-to-the-php-foundation.md",
        "Welcoming Passbolt to the PHP Foundation",
        "2025-04-03",
        "PHP Foundation",
    ),  # Sculpin published_at
    (
        "eclipse-jakartaee/content/news/even-closer-to-jakarta-ee-10/_index.md",
        "Even closer to Jakarta EE 10!",
        "2022-03-21",
        "Jakarta EE Working Group",
    ),  # Hugo date + publishDate
    (
        "haskell-foundation/news/2020-11-05/haskell-foundation-announced.markdown",
        "Haskell Foundation Announced",
        "2020-11-05",
        "Haskell Foundation",
    ),  # Hakyll, date in the folder
    (
        "isrg/content/en/post/2015-10-8-isoc-sponsors-lets-encrypt.markdown",
        "Internet Society Sponsors Let's Encrypt",
        "2015-10-08",
        "Internet Security Research Group",
    ),
    (
        "isrg/content/en/post/2022-09-12-remembering-peter-eckersley.html",
        "Remembering Peter Eckersley",
        "2022-09-12",
        "Internet Security Research Group",
    ),  # Hugo .html
    (
        "zig/content/en-US/news/2024-financials.smd",
        "2024 Financial Report and Fundraiser",
        "2024-01-16",
        "Zig Software Foundation",
    ),  # Ziggy
    (
        "ruby-together/app/views/news/2015-03-20-friends-of-ruby-together.html.md",
        "Friends of Ruby Together",
        "2015-03-20",
        "Ruby Together",
    ),  # ERB title
    (
        "django/2022/2022-06-09.md",
        "DSF Board monthly meeting, June 9, 2022",
        "2022-06-09",
        "Django Software Foundation",
    ),  # empty front matter, title from the H1
    ("alpha-omega/alpha/engagements/2025/PSF/2025-09.md", "Update 2025-09", "2025-09-01", "Alpha-Omega"),
    (
        "alpha-omega/alpha/engagements/2025/Prossimo/update 2025-03",
        "Rust for Linux",
        "2025-03-01",
        "Alpha-Omega",
    ),  # no extension
    ("apache/content/foundation/thanks.md", "Thanks", None, "Apache Software Foundation"),  # Pelican
]


@needs_corpus
@pytest.mark.parametrize(("rel", "title", "date", "publisher"), GENERATORS, ids=[g[0] for g in GENERATORS])
def test_site_generators(rel: str, title: str, date: str | None, publisher: str) -> None:
    doc = read(rel)
    assert doc.id == rel
    assert doc.title == title
    assert doc.date == (dt.date.fromisoformat(date) if date else None)
    assert doc.publisher == publisher
    assert doc.blocks[0].kind == "title" and doc.blocks[0].text == title
    assert len(doc.content_hash) == 64
    assert "<" not in doc.text.replace("<-", "")  # no HTML tags left
    assert_offsets(doc)


@needs_corpus
def test_markdown_links_lists_and_context() -> None:
    doc = read("rust/news/2022-09-13-rust-foundation-establishes-security-team.md")
    links = {link.text: link.url for block in doc.blocks for link in block.links}
    assert links["OpenSSF’s Alpha-Omega Initiative"] == "https://openssf.org/community/alpha-omega/"
    assert doc.tags == ("security", "foundation", "announcement")
    assert "[" not in doc.text and "](" not in doc.text
    minutes = read("django/2020/2020-01-09.md")
    items = [b for b in minutes.blocks if b.kind == "item"]
    assert items[0].text == "Frank Wiles" and items[0].context == "Board members in attendance were:"


@needs_corpus
def test_html_inside_markdown_keeps_tier_headings() -> None:
    doc = read("apache/content/foundation/thanks.md")
    items = [b for b in doc.blocks if b.kind == "item"]
    apple = next(b for b in items if b.text == "Apple")
    assert apple.context == "Platinum Sponsors:"
    assert apple.links[0].url == "https://www.apple.com/"
    assert any(b.text == "Aiven" and b.context == "Gold Sponsors:" for b in items)
    assert "license:" not in doc.text  # the Pelican header is metadata, not text


@needs_corpus
def test_logo_wall_becomes_items() -> None:
    doc = read("zig/assets/corporate-sponsors.html")
    urls = [link.url for b in doc.blocks if b.kind == "item" for link in b.links]
    assert urls[:2] == ["https://tigerbeetle.com", "https://blacksmith.sh/"]


@needs_corpus
def test_markdown_table_rows() -> None:
    doc = read("freebsd/Infrastructure Modernization (STA commissioned)/README.md")
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert rows and all(" | " in r.text for r in rows)
    funding = next(r for r in rows if r.text.startswith("Funding Body"))
    assert funding.text == "Funding Body | Sovereign Tech Agency"
    assert funding.context == "Program Name | Infrastructure Modernization"  # the header row
    assert funding.links[0].url == "https://www.sovereigntechfund.de/"


# -- structured directories --------------------------------------------------------------------

LANDSCAPES = {
    "openssf": {"Premier": 14, "General": 77, "Associate": 24},
    "cncf": {
        "Platinum": 17,
        "Gold": 17,
        "Silver": 582,
        "Academic": 3,
        "Nonprofit": 22,
        "End User Supporter and Contributor": 81,
    },
    "lfai-data": {"Premier": 4, "General": 17, "Associate": 43},
    "openinfra": {"Platinum": 8, "Gold": 9, "Silver": 63, "Associate": 42},
    "riscv": {
        "Premier Board": 18,
        "Premier TSC": 4,
        "Strategic": 139,
        "Strategic Start-Up": 20,
        "Community": 113,
    },
    "aswf": {"Premier": 19, "General": 16, "Associate": 10},
    "cdf": {"Premier": 2, "End User": 5, "General": 8, "Associate": 1},
}


@needs_corpus
@pytest.mark.parametrize("slug", sorted(LANDSCAPES))
def test_landscape_tiers(slug: str) -> None:
    doc = read(f"{slug}/landscape.yml")
    assert doc.format == "landscape"
    assert Counter(r.tier for r in doc.records) == LANDSCAPES[slug]
    assert all(r.organization == doc.publisher and "(member)" not in r.name for r in doc.records)
    assert_offsets(doc)


@needs_corpus
def test_openinfra_join_dates() -> None:
    records = {r.name: r for r in read("openinfra/landscape.yml").records}
    assert records["Ant Group"].date == dt.date(2020, 11, 1)
    assert records["Ant Group"].url == "https://www.antgroup.com/en"


DIRECTORIES = [
    ("rust/members", {"Platinum": 5, "Silver": 40, "Associate": 7}),
    ("haskell-foundation/donations/sponsors", {"Gold": 6, "Silver": 7, "Bronze": 10}),
    ("isrg/data/sponsors.json", {"Diamond": 4, "Platinum": 3, "Gold": 12, "Silver": 63}),
    ("servo/_data/sponsors.json", {"Bronze": 8}),
    (
        "eclipse-adoptium/src/data/members.json",
        {"Strategic": 3, "Enterprise": 4, "Participant": 2, "Infra": 13, "Sponsor": 2},
    ),
    ("eclipse-adoptium/src/data/adopters.json", {}),  # adopters are users, not members
    ("numfocus/src/data/projects", {"Sponsored": 60, "Affiliated": 92}),
]


@needs_corpus
@pytest.mark.parametrize(("rel", "tiers"), DIRECTORIES, ids=[d[0] for d in DIRECTORIES])
def test_directory_tiers(rel: str, tiers: dict[str, int]) -> None:
    docs = [d for d in iter_documents([CORPUS / rel]) if isinstance(d, Document)]
    assert Counter(r.tier for d in docs for r in d.records) == tiers
    for doc in docs:
        for record in doc.records:
            assert record.evidence and record.evidence in doc.text


@needs_corpus
def test_member_file_record() -> None:
    doc = read("haskell-foundation/donations/sponsors/obsidian.markdown")
    [record] = doc.records
    assert (record.name, record.tier, record.relation) == ("Obsidian Systems", "Silver", "sponsor")
    assert record.organization == "Haskell Foundation" and doc.source_url is None


@needs_corpus
def test_open_source_pledge_member() -> None:
    doc = read("open-source-pledge/data/members/ag-grid.json")
    member, paid = doc.records
    assert (member.relation, member.date) == ("member", dt.date(2025, 4, 15))
    assert (paid.relation, paid.amount, paid.currency) == ("funder", 30000.0, "USD")


@needs_corpus
@pytest.mark.slow
def test_whole_corpus_reads_with_exact_offsets() -> None:
    docs, errors = [], []
    for item in iter_documents([CORPUS]):
        (errors if isinstance(item, SourceError) else docs).append(item)
    assert errors == []
    assert len(docs) > 1700
    for doc in docs:
        assert_offsets(doc)
        assert doc.publisher, doc.id  # every corpus folder has a source.toml
        json.dumps(doc.meta)  # meta is JSON-safe (dates as ISO strings)
    ids = [d.id for d in docs]
    assert ids == sorted(ids, key=lambda i: [p for p in i.split("/")]) or len(set(ids)) == len(ids)
    assert not any(i.endswith(("source.toml", "LICENSE", "SOURCES.md", ".schema.json")) for i in ids)


# -- source.toml, walking, ids -----------------------------------------------------------------


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_source_toml_publisher_globs_and_override(tmp_path: Path) -> None:
    write(
        tmp_path / "site/source.toml",
        'publisher = "Foo Foundation"\nurl = "https://foo.org"\nexclude = ["drafts/*", "*.txt"]\n',
    )
    write(tmp_path / "site/news/2024-01-02-a.md", "# A\n\nText.\n")
    write(tmp_path / "site/drafts/b.md", "# B\n")
    write(tmp_path / "site/notes.txt", "plain\n")
    write(tmp_path / "site/LICENSE", "MIT")
    write(tmp_path / "site/.hidden/c.md", "# C\n")
    write(tmp_path / "site/sub/source.toml", 'publisher = "Bar Project"\n')
    write(tmp_path / "site/sub/d.md", "# D\n")
    docs = list(iter_documents([tmp_path / "site"]))
    assert [d.id for d in docs] == ["news/2024-01-02-a.md", "sub/d.md"]
    a, d = docs
    assert (a.publisher, a.publisher_url, a.date) == (
        "Foo Foundation",
        "https://foo.org",
        dt.date(2024, 1, 2),
    )
    assert d.publisher == "Bar Project"
    assert [x.publisher for x in iter_documents([tmp_path / "site"], publisher="Baz")] == ["Baz", "Baz"]
    # A file given directly: its id is relative to its own folder.
    [single] = list(iter_documents([tmp_path / "site/sub/d.md"]))
    assert single.id == "d.md" and single.publisher == "Bar Project"
    assert count_candidates([tmp_path / "site"]) == 2  # what iter_documents will read


def test_include_globs(tmp_path: Path) -> None:
    write(tmp_path / "source.toml", 'publisher = "P"\ninclude = ["news/*.md"]\n')
    write(tmp_path / "news/a.md", "# A\n")
    write(tmp_path / "about.md", "# About\n")
    assert [d.id for d in iter_documents([tmp_path])] == ["news/a.md"]


def test_broken_source_toml_is_reported_once(tmp_path: Path) -> None:
    write(tmp_path / "source.toml", 'publisher = "unterminated\n')
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "b.md", "# B\n")
    items = list(iter_documents([tmp_path]))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert len(errors) == 1 and errors[0].path == str(tmp_path.resolve() / "source.toml")
    assert "unreadable source.toml" in errors[0].reason
    assert [d.id for d in items if isinstance(d, Document)] == ["a.md", "b.md"]


def test_front_matter_kinds(tmp_path: Path) -> None:
    toml = read_document(
        write(tmp_path / "t.md", '+++\ntitle = "T"\ndate = 2021-05-06\n+++\nBody.\n'), tmp_path
    )
    assert (toml.title, toml.date) == ("T", dt.date(2021, 5, 6))
    zig = write(
        tmp_path / "z.smd",
        '---\n.title = "Z \\"q\\"",\n.date = @date("2024-01-02"),\n'
        '.tags = ["a", "b"],\n.custom = { "k": "v" },\n---\nHello.\n',
    )
    doc = read_document(zig, tmp_path)
    assert (doc.title, doc.date, doc.tags) == ('Z "q"', dt.date(2024, 1, 2), ("a", "b"))
    dated = read_document(
        write(tmp_path / "p.md", "---\ntitle: P\npublished_at: 3 April 2025\n---\nx\n"), tmp_path
    )
    assert dated.date == dt.date(2025, 4, 3)


def test_entities_and_inline_html_are_rendered(tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.md",
        "# T\n\nAT&amp;T <b>joins</b> <a href='https://x.org'>X &amp; Y</a>.\n\n"
        "<div><p>Para &eacute;</p><ul><li>One</li></ul></div>\n",
    )
    doc = read_document(path, tmp_path)
    texts = [b.text for b in doc.blocks]
    assert texts == ["T", "AT&T joins X & Y.", "Para é", "One"]
    assert doc.blocks[1].links[0].text == "X & Y"
    assert_offsets(doc)


# -- hostile input (issue 8) -------------------------------------------------------------------


def error_of(path: Path, **kwargs: object) -> str:
    with pytest.raises(SourceError) as info:
        read_document(path, path.parent, **kwargs)  # type: ignore[arg-type]
    assert info.value.path == str(path)
    return info.value.reason


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.md", "---\ntitle: ok\nlist: [unclosed\nother: 1\n---\nBody\n")
    reason = error_of(path)
    assert reason.startswith("malformed YAML front matter at line ")
    assert "\n" not in reason
    unclosed = write(tmp_path / "open.md", "---\ntitle: never closed\n\nBody\n")
    assert "never closed" in error_of(unclosed)


def test_binary_with_md_name(tmp_path: Path) -> None:
    assert error_of(write(tmp_path / "x.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)).startswith(
        "binary file"
    )


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a 50 MB sparse file
    assert error_of(path) == "file too large (50 MB > 10 MB limit, see --max-bytes)"
    small = write(tmp_path / "small.md", "x" * 5000)
    assert "limit" in error_of(small, limits=Limits(max_bytes=1000))


def test_encodings(tmp_path: Path) -> None:
    latin = read_document(write(tmp_path / "l.md", "# Caf\xe9\n\nna\xefve\n".encode("cp1252")), tmp_path)
    assert latin.title == "Café" and latin.meta["encoding"] == "cp1252" and "encoding_warning" in latin.meta
    mixed = read_document(write(tmp_path / "m.md", "# Café\n".encode() + b"caf\xe9\n"), tmp_path)
    assert mixed.meta["encoding"] == "cp1252"
    bom = read_document(write(tmp_path / "b.md", b"\xef\xbb\xbf# BOM\n"), tmp_path)
    assert bom.title == "BOM" and bom.meta["encoding"] == "utf-8-sig"
    assert error_of(write(tmp_path / "u.md", b"ok \x81\x8d\x8f\x90 " * 10)).startswith("not valid UTF-8")


def test_deep_nesting_does_not_blow_the_stack(tmp_path: Path) -> None:
    lists = "".join("  " * i + "- level\n" for i in range(800))
    quotes = ">" * 5000 + " deep\n"
    html = "<div>" * 20000 + "deep" + "</div>" * 20000
    for name, text in (("l.md", lists), ("q.md", quotes), ("h.html", html), ("m.md", html)):
        doc = read_document(write(tmp_path / name, text), tmp_path)
        assert_offsets(doc)
    deep_yaml = "---\nk: " + "[" * 5000 + "]" * 5000 + "\n---\nx\n"
    try:
        read_document(write(tmp_path / "y.md", deep_yaml), tmp_path)
    except SourceError as exc:
        assert "YAML" in exc.reason


def test_enormous_line_is_cut(tmp_path: Path) -> None:
    doc = read_document(
        write(tmp_path / "line.md", "# T\n\n" + "word " * 400_000 + "\n"),
        tmp_path,
        limits=Limits(max_line_chars=50_000),
    )
    assert doc.meta["truncated_lines"] == 1
    assert len(doc.text) < 60_000


def test_block_limit(tmp_path: Path) -> None:
    doc = read_document(
        write(tmp_path / "many.md", "para\n\n" * 500), tmp_path, limits=Limits(max_blocks=100)
    )
    assert len(doc.blocks) == 100 and "truncated_blocks" in doc.meta


def test_empty_file_gives_a_document_without_blocks(tmp_path: Path) -> None:
    for name in ("e.md", "w.md", "e.json"):
        doc = read_document(write(tmp_path / name, " \n" if name == "w.md" else ""), tmp_path)
        assert doc.blocks == [] and doc.text == "" and doc.meta["empty"] is True


def test_impossible_and_missing_dates(tmp_path: Path) -> None:
    bad = read_document(write(tmp_path / "d.md", "---\ntitle: D\ndate: 2023-02-30\n---\nx\n"), tmp_path)
    assert bad.date is None and "2023-02-30" in bad.meta["date_warning"]
    vague = read_document(write(tmp_path / "v.md", "---\ntitle: V\ndate: someday\n---\nx\n"), tmp_path)
    assert vague.date is None and "date_warning" in vague.meta
    year = read_document(write(tmp_path / "y.md", "---\ntitle: Y\ndate: '2023'\n---\nx\n"), tmp_path)
    assert year.date is None and "date_warning" not in year.meta
    named = read_document(write(tmp_path / "2023-02-30-post.md", "# P\n"), tmp_path)
    assert named.date is None and "date_warning" in named.meta
    assert read_document(write(tmp_path / "none.md", "# N\n"), tmp_path).date is None


def test_symlink_loops_and_broken_links(tmp_path: Path) -> None:
    write(tmp_path / "a/ok.md", "# OK\n")
    (tmp_path / "a/loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a/self.md").symlink_to(tmp_path / "a/self.md")
    items = list(iter_documents([tmp_path / "a"]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [d.id for d in docs] == ["ok.md"]
    reasons = sorted(e.reason for e in errors)
    assert any("symlink loop" in r for r in reasons) and any("symlink" in r for r in reasons)


def test_yaml_alias_bomb_stays_small(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    doc = read_document(write(tmp_path / "bomb.md", "---\n" + "\n".join(lines) + "\n---\nBody\n"), tmp_path)
    assert len(json.dumps(doc.meta)) < 1_000_000  # 10^9 leaves if expanded


def test_pipe_is_an_error_item(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# A\n")
    os.mkfifo(tmp_path / "pipe.md")
    items = list(iter_documents([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "SourceError"]
    assert "not a regular file" in items[1].reason  # type: ignore[union-attr]


def test_unreadable_file_is_an_error_item_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.md", "# A\n")
    locked = write(tmp_path / "b.md", "# B\n")
    write(tmp_path / "c.md", "# C\n")
    import graph.sources.base as base

    def guarded(file: str | Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(file).name == "b.md":
            raise PermissionError(13, "Permission denied")
        return open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(base, "open", guarded, raising=False)  # the readers' open(), not the builtin
    items = list(iter_documents([tmp_path]))
    assert [getattr(i, "id", None) for i in items] == ["a.md", None, "c.md"]
    assert items[1].path == str(locked) and "permission denied" in items[1].reason  # type: ignore[union-attr]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.md", "# X\n")
    path.chmod(0)
    try:
        assert "permission denied" in error_of(path)
    finally:
        path.chmod(0o644)


# -- fuzzing: readers never raise anything but SourceError -------------------------------------

FRONT = st.one_of(
    st.just(""),
    st.builds(lambda body: f"---\n{body}\n---\n", st.text(max_size=80)),
    st.builds(lambda body: f"+++\n{body}\n+++\n", st.text(max_size=80)),
    st.builds(lambda body: f"---\n.{body}\n---\n", st.text(max_size=80)),
)
MARKUP = st.lists(
    st.sampled_from(
        [
            "# ",
            "- ",
            "  * ",
            "> ",
            "| a | b |\n|---|---|\n",
            "<div>",
            "</div>",
            "<a href='x'>",
            "</a>",
            "[l](u)",
            "&amp;",
            "\n",
            "\n\n",
            "**",
            "`",
            "<ul><li>",
            '<% title "t" %>',
            "{{x}}",
            "Title: t\n",
        ]
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    front=FRONT,
    pieces=MARKUP,
    words=st.text(max_size=60),
    suffix=st.sampled_from([".md", ".html", ".smd", ".txt", ".json", ".yml", ""]),
)
def test_fuzz_readers(tmp_path: Path, front: str, pieces: list[str], words: str, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_text(front + "".join(p + words for p in pieces), encoding="utf-8", errors="surrogatepass")
    try:
        doc = read_document(path, tmp_path)
    except SourceError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert_offsets(doc)
    again = read_document(path, tmp_path)
    assert (again.text, again.blocks, again.records) == (doc.text, doc.blocks, doc.records)


# ---------------------------------------------------------------- fast paths keep the output


URL_PIECES = st.sampled_from(
    ["http://", "https://", "HTTP://", "//", "/", "#", "?", "mailto:", "a", "Z", "9", "-", ".", "_", "~",
     ":", "@", "%", "%2F", "%zz", " ", "\\", "[", "]", "'", "(", "é", "。", "xn--", "a" * 64, "&", "=", "|"]
)


@given(st.lists(URL_PIECES, max_size=12).map("".join))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_plain_url_fast_path_gives_markdown_its_own_normalisation(url: str) -> None:
    from markdown_it.common.normalize_url import normalizeLink

    from graph.sources.markdown import _normalize_link

    assert _normalize_link(url) == normalizeLink(url)


SPACED = st.sampled_from(["a", "bc", " ", "  ", "\n", " \n ", "\t", "\u00a0", "\u2028", "\r"])


@given(
    st.lists(SPACED, max_size=14),
    st.lists(st.integers(0, 40), max_size=8),
)
@settings(max_examples=400)
def test_folded_link_spans_hold_the_folded_text_of_their_raw_span(pieces: list[str], cuts: list[int]) -> None:
    from graph.sources.textbuild import InlineText, fold_whitespace

    raw = "".join(pieces)
    points = sorted({min(cut, len(raw)) for cut in cuts})
    spans = [(a, b) for a, b in zip(points[::2], points[1::2], strict=False)]  # disjoint, in order
    inline, position = InlineText(), 0
    for start, end in spans:
        inline.add(raw[position:start])
        inline.open_link(f"{start}-{end}")
        inline.add(raw[start:end])
        inline.close_link()
        position = end
    inline.add(raw[position:])
    text, links = inline.finish()
    assert text == fold_whitespace(raw)
    assert "  " not in text and text == text.strip()
    for url, start, end in links:
        first, last = (int(n) for n in url.split("-"))
        assert text[start:end] == fold_whitespace(raw[first:last])
