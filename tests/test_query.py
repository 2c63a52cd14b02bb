"""The named query library on a hand-made store with known answers; binding; formats; the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal

from graph.query import QueryError, bind_params, format_result, list_queries, load_query
from graph.store import Store
from graph.store.sparql import BindingError, bind

REQUIRED = {
    "members",
    "membership-history",
    "multi-foundation-members",
    "shared-members",
    "funders",
    "funded-by",
    "roles",
    "part-of-tree",
    "tier-changes",
    "document-facts",
    "fact-sources",
}


def rows(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """A named query's rows as dicts of plain strings (unbound -> '')."""
    result = store.named_query(name, params)
    names = [str(v) for v in result.vars or []]
    return [{n: "" if v is None else str(v) for n, v in zip(names, row, strict=True)} for row in result]  # type: ignore[arg-type]


def column(store: Store, name: str, col: str, **params: str) -> list[str]:
    return [r[col] for r in rows(store, name, **params)]


def test_library_has_documented_queries() -> None:
    infos = list_queries()
    assert len(infos) >= 12
    assert {q.name for q in infos} >= REQUIRED
    for info in infos:
        assert info.description and info.summary.endswith("."), info.name
        for p in info.params:
            assert p.description, (info.name, p.name)
            assert f"?{p.name}" in info.text, (info.name, p.name)


# (query, params, column, expected set of values)
CASES: list[tuple[str, dict[str, str], str, set[str]]] = [
    (
        "members",
        {"foundation": "Rust Foundation", "date": "2022-10-01"},
        "memberName",
        {"JFrog", "Acme", "Beta"},
    ),
    ("members", {"foundation": "Rust Foundation", "date": "2022-08-01"}, "memberName", {"Acme", "Beta"}),
    (
        "members",
        {"foundation": "Rust Foundation", "date": "2022-10-01", "tier": "Platinum"},
        "memberName",
        {"JFrog"},
    ),
    (
        "members",
        {"foundation": "Rust Foundation", "date": "2021-07-01", "tier": "gold"},
        "memberName",
        {"Acme"},
    ),
    (
        "members",
        {"foundation": "Rust Foundation", "date": "2021-05-31", "tier": "Silver"},
        "memberName",
        {"Acme"},
    ),
    ("members", {"foundation": "Rust Foundation", "date": "2019-06-01"}, "memberName", {"Beta"}),
    ("members", {"foundation": "Rust Foundation", "date": "2020-02-01"}, "memberName", {"Acme"}),  # leave day
    ("members", {"foundation": "Rust Foundation", "date": "2023-03-01"}, "memberName", {"JFrog", "Beta"}),
    ("members", {"foundation": "Rust Foundation"}, "memberName", {"JFrog", "Beta", "Tag1 Consulting"}),
    (
        "members",
        {"foundation": "Rust Foundation", "tier": "Silver"},
        "memberName",
        {"Beta", "Tag1 Consulting"},
    ),
    ("members", {"foundation": "OpenSSF"}, "memberName", {"JFrog", "Acme"}),
    ("membership-history", {"organization": "Acme"}, "event", {"join", "upgrade", "leave"}),
    ("multi-foundation-members", {}, "memberName", {"JFrog", "Acme"}),
    ("multi-foundation-members", {"min": "3"}, "memberName", set()),
    ("shared-members", {}, "members", {"Acme; JFrog"}),  # GROUP_CONCAT order is free: compared sorted
    ("shared-members", {"foundation": "Linux Foundation"}, "members", set()),
    ("funders", {"organization": "Rust Foundation"}, "total", {"460000", "1000000", "250000"}),
    ("funded-by", {"funder": "Google"}, "amount", {"1000000", "250000"}),
    ("roles", {"organization": "Rust Foundation"}, "title", {"Member Director"}),
    (
        "part-of-tree",
        {"root": "Linux Foundation"},
        "childName",
        {"Open Source Security Foundation", "Alpha-Omega"},
    ),
    ("part-of-tree", {"root": "Alpha-Omega"}, "childName", set()),
    ("tier-changes", {"since": "2021-01-01", "until": "2021-12-31"}, "previousTier", {"Silver"}),
    ("tier-changes", {"since": "2023-01-01"}, "event", {"leave"}),
    ("tier-changes", {"foundation": "OpenSSF"}, "tier", {"General", "Premier"}),
    (
        "document-facts",
        {"document": "rust/news/2022-11-01-google.md"},
        "detail",
        {"460000 USD", "1000000 USD", "250000 USD"},
    ),
    (
        "document-facts",
        {"document": "rust/news/beta history.md"},
        "detail",
        {"join Gold", "leave", "join Silver"},
    ),
    ("foundations", {}, "name", {"Rust Foundation", "Open Source Security Foundation"}),
    ("entity-search", {"text": "ALPHA"}, "name", {"Alpha-Omega"}),
    ("grants-by-year", {}, "total", {"1000000", "250000", "460000"}),
    ("documents", {"publisher": "OpenSSF"}, "docId", {"openssf/blog/2022-10-01-members.md"}),
]


@pytest.mark.parametrize(
    ("name", "params", "col", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_named_query_answers(
    kg_store_session: Store, name: str, params: dict[str, str], col: str, expected: set[str]
) -> None:
    values = column(kg_store_session, name, col, **params)
    if col == "members":  # a GROUP_CONCAT list, whose order SPARQL leaves to the engine
        values = ["; ".join(sorted(v.split("; "))) for v in values]
    assert set(values) == expected


def test_members_tier_and_since(kg_store_session: Store) -> None:
    by_name = {
        r["memberName"]: r
        for r in rows(kg_store_session, "members", foundation="Rust Foundation", date="2022-10-01")
    }
    assert by_name["Acme"]["currentTier"] == "Gold" and by_name["Acme"]["lastChange"] == "2021-06-01"
    assert by_name["JFrog"]["documents"] == "2"  # two documents announce the same join
    undated = rows(kg_store_session, "members", foundation="Rust Foundation", tier="Silver")
    assert {r["memberName"]: r["lastChange"] for r in undated}["Tag1 Consulting"] == ""


def test_funders_count_a_grant_announced_twice_once(kg_store_session: Store) -> None:
    alpha = [
        r
        for r in rows(kg_store_session, "funders", organization="Rust Foundation")
        if r["funderName"] == "Alpha-Omega"
    ]
    assert [(r["year"], r["currency"], r["total"], r["grants"]) for r in alpha] == [
        ("2022", "USD", "460000", "1")
    ]


def test_fact_sources_finds_every_document(kg_store_session: Store) -> None:
    facts = rows(kg_store_session, "document-facts", document="rust/news/2022-09-13-alpha-omega.md")
    fact_id = facts[0]["fact"].rsplit("/", 1)[1]
    sources = rows(kg_store_session, "fact-sources", fact=fact_id)
    assert {r["docId"] for r in sources} == {
        "rust/news/2022-09-13-alpha-omega.md",
        "rust/news/2022-11-01-google.md",
    }
    assert all(r["evidence"] == "Alpha-Omega funds Rust Foundation" for r in sources)


@pytest.mark.parametrize(
    "hostile", ['} ; DROP ALL ; "', 'x" } UNION { ?s ?p ?o } #', "\\", "'''", "Rust Foundation\n}"]
)
def test_hostile_parameters_are_data(kg_store_session: Store, hostile: str) -> None:
    before = kg_store_session.count_triples()
    assert rows(kg_store_session, "entity-search", text=hostile) == []
    assert rows(kg_store_session, "members", foundation="Rust Foundation", tier=hostile) == []
    assert kg_store_session.count_triples() == before


def test_bind_places_values_at_the_outer_where() -> None:
    text = 'SELECT ?x ("WHERE {" AS ?y) WHERE { # { not this\n ?x ?p ?o FILTER(?o < 3) }'
    bound = bind(text, {"o": Literal('} ; DROP ALL ; "')})
    assert (
        bound.index("VALUES") > bound.index("WHERE { ") and 'VALUES (?o) { ("} ; DROP ALL ; \\"") }' in bound
    )
    construct = bind("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": Literal("a")})
    assert construct.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES")
    with pytest.raises(BindingError):
        bind("DESCRIBE <http://x>", {"s": Literal("a")})
    with pytest.raises(BindingError):
        bind("SELECT * WHERE { }", {"bad name": Literal("a")})


def test_parameter_errors() -> None:
    info = load_query("members")
    with pytest.raises(QueryError, match="needs --param foundation"):
        bind_params(info, {})
    with pytest.raises(QueryError, match="no parameter colour"):
        bind_params(info, {"foundation": "X", "colour": "red"})
    with pytest.raises(QueryError, match="not a valid date"):
        bind_params(info, {"foundation": "X", "date": "2023-13-01"})
    with pytest.raises(QueryError, match="no named query"):
        load_query("../etc/passwd")
    assert (
        bind_params(info, {"foundation": "https://w3id.org/foundation-kg/id/org/x"})["foundation"].n3()
        == "<https://w3id.org/foundation-kg/id/org/x>"
    )


def _members(store: Store) -> Any:
    return store.named_query("members", {"foundation": "Rust Foundation", "date": "2022-10-01"})


def test_formats(kg_store_session: Store) -> None:
    as_json = json.loads(format_result(_members(kg_store_session), "json"))
    assert as_json["head"]["vars"][:3] == ["member", "memberName", "currentTier"]
    jfrog = [b for b in as_json["results"]["bindings"] if b["memberName"]["value"] == "JFrog"][0]
    assert jfrog["member"] == {"type": "uri", "value": "https://w3id.org/foundation-kg/id/org/jfrog"}
    assert jfrog["lastChange"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    table = list(csv.reader(io.StringIO(format_result(_members(kg_store_session), "csv"))))
    assert table[0][:2] == ["member", "memberName"] and len(table) == 4
    tsv = format_result(_members(kg_store_session), "tsv").splitlines()
    assert (
        tsv[0].startswith("?member\t?memberName")
        and "<https://w3id.org/foundation-kg/id/org/jfrog>" in tsv[-1]
    )
    text = format_result(_members(kg_store_session), "table")
    assert "fkgid:org/jfrog" in text and text.rstrip().endswith("(3 rows)")
    graph = kg_store_session.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3")
    assert "@prefix" in format_result(graph, "turtle")
    assert json.loads(
        format_result(kg_store_session.query("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"), "jsonld")
    )
    assert (
        format_result(kg_store_session.query("ASK WHERE { ?s ?p ?o }"), "json").strip()
        == '{"head": {}, "boolean": true}'
    )
    with pytest.raises(QueryError):
        format_result(_members(kg_store_session), "turtle")


def _cli(*args: str) -> Any:
    from graph.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_query(tmp_path: Path) -> None:
    import store_fixtures

    from graph.store import open_store

    location = str(tmp_path / "s")
    with open_store(location) as store:
        for doc, facts in store_fixtures.corpus():
            store.put_document(doc, facts)
    listed = _cli("query", "--list")
    assert listed.exit_code == 0 and "members" in listed.output and "--param foundation=" in listed.output
    out = _cli(
        "query",
        "--store",
        location,
        "--name",
        "members",
        "--param",
        "foundation=Rust Foundation",
        "--param",
        "date=2022-10-01",
        "--format",
        "csv",
    )
    assert out.exit_code == 0, out.output
    assert {r["memberName"] for r in csv.DictReader(io.StringIO(out.output))} == {"JFrog", "Acme", "Beta"}
    raw = _cli(
        "query",
        "--store",
        location,
        "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/foundation-kg/ns#Document> }",
        "--format",
        "json",
    )
    assert json.loads(raw.output)["results"]["bindings"][0]["n"]["value"] == "11"
    bad = _cli(
        "query", "--store", location, "--name", "members", "--param", "foundation=X", "--param", "date=soon"
    )
    assert bad.exit_code != 0 and "not a valid date" in bad.output
    syntax = _cli("query", "--store", location, "SELEKT nothing")
    assert syntax.exit_code != 0 and "syntax" in syntax.output.lower()
    missing = _cli("query", "--store", str(tmp_path / "none"), "--name", "foundations")
    assert missing.exit_code != 0 and "no store at" in missing.output


def test_ad_hoc_queries_need_no_prefix_lines(kg_store) -> None:  # type: ignore[no-untyped-def]
    from graph.query import with_default_prefixes

    text = with_default_prefixes("SELECT ?m WHERE { ?m a org:Membership }")
    assert text.startswith("PREFIX org: <http://www.w3.org/ns/org#>")
    assert "PREFIX fkg:" not in text
    rows = list(kg_store.query(text))
    assert rows
    # a declared prefix is left alone, even if it points elsewhere
    own = "PREFIX org: <http://example.org/>\nSELECT ?m WHERE { ?m a org:Membership }"
    assert with_default_prefixes(own) == own
