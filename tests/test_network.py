"""Network stage: the store projected onto networkx, its analytics, and `fkg net` / `fkg view`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import network_fixtures as nf
import networkx as nx
import pytest
from click.testing import CliRunner

from graph import network as N
from graph.cli import main
from graph.network import analytics
from graph.network.output import render

RUST = str(nf.org_iri("Rust Foundation"))
JFROG = str(nf.org_iri("JFrog"))
ALPHA = str(nf.org_iri("Alpha-Omega"))


@pytest.fixture(scope="module")
def world() -> nf.StoreWrapper:
    return nf.small_world()


@pytest.fixture(scope="module")
def graph(world: nf.StoreWrapper) -> nx.MultiDiGraph:
    return N.project(world)


def labels(g: nx.MultiDiGraph) -> set[str]:
    return {attrs["label"] for _, attrs in g.nodes(data=True)}


# ------------------------------------------------------------------ projection


def test_nodes_are_typed(graph: nx.MultiDiGraph) -> None:
    kinds = {attrs["label"]: attrs["kind"] for _, attrs in graph.nodes(data=True)}
    assert kinds["Rust Foundation"] == "foundation"
    assert kinds["JFrog"] == "company"
    assert kinds["Alpha-Omega"] == "initiative"
    assert kinds["Stephen Chin"] == "person"
    assert graph.nodes[RUST]["iri"] == RUST


def test_edges_carry_fact_fields_and_provenance(graph: nx.MultiDiGraph) -> None:
    (join,) = graph.get_edge_data(JFROG, RUST).values()
    assert (join["rel"], join["tier"], join["event"], join["date"]) == (
        "member_of",
        "Platinum",
        "join",
        "2022-09-06",
    )
    assert join["evidence"] == "JFrog has become a Platinum Member of the Rust Foundation."
    assert join["doc"] == "rust/news/jfrog.md"
    assert join["source_url"] == "https://example.org/rust/jfrog"
    grants = sorted(graph.get_edge_data(ALPHA, RUST).values(), key=lambda e: e["date"])
    assert [(g["amount"], g["currency"], g["kind"], g["date"]) for g in grants] == [
        (460000.0, "USD", "grant", "2022-09-13"),
        (400000.0, "USD", "grant", "2023-03-01"),
    ]
    assert grants[0]["purpose"] == "security engineer"
    roles = {e["title"] for _, _, e in graph.out_edges(str(nf.ID["person/stephen-chin"]), data=True)}
    assert roles == {"Member Director", "VP of Developer Relations"}
    (part,) = graph.get_edge_data(ALPHA, str(nf.org_iri("Open Source Security Foundation"))).values()
    assert part["rel"] == "part_of"


def test_one_edge_per_fact(graph: nx.MultiDiGraph) -> None:
    facts = [key for _, _, key in graph.edges(keys=True)]
    assert len(facts) == len(set(facts)) == 19


def test_projection_of_the_store_helpers_fixture(kg_store_session: Any) -> None:
    """The same projection reads what graph.rdf writes (the store helper's hand-made corpus)."""
    g = N.project(kg_store_session)
    rows = {(r["funder"], r["recipient"], r["currency"]): r for r in N.flows(g, by_year=False)}
    assert rows["Google", "Rust Foundation", "USD"]["total"] == 1_250_000
    assert N.project(kg_store_session, as_of="2024-01-01").has_node(JFROG)
    acme = [n for n, label in g.nodes(data="label") if label == "Acme"]
    assert acme and not N.project(kg_store_session, as_of="2023-06-01", kinds=["company"]).has_node(acme[0])


# ------------------------------------------------------------------ filters


def test_as_of_drops_later_facts_and_ended_memberships(world: nf.StoreWrapper) -> None:
    before = N.project(world, as_of="2022-09-10")
    assert before.has_edge(JFROG, RUST) and not before.has_edge(ALPHA, str(nf.org_iri("Eclipse Foundation")))
    tag1 = str(nf.org_iri("Tag1"))
    assert N.project(world, as_of="2023-12-31").has_edge(tag1, RUST)
    assert not N.project(world, as_of="2024-02-01").has_node(tag1)


def test_foundation_keeps_its_documents_and_direct_links(world: nf.StoreWrapper) -> None:
    g = N.project(world, foundation="open source security foundation")
    assert labels(g) == {
        "Open Source Security Foundation",
        "Google",
        "Microsoft",
        "JFrog",
        "Alpha-Omega",
        "Rust Foundation",
        "Eclipse Foundation",
    }


def test_focus_and_depth(world: nf.StoreWrapper) -> None:
    assert labels(N.project(world, focus="JFrog", depth=1)) == {
        "JFrog",
        "Rust Foundation",
        "Open Source Security Foundation",
        "Stephen Chin",
    }
    assert labels(N.project(world, focus="JFrog", depth=0)) == {"JFrog"}
    assert "Eclipse Foundation" in labels(N.project(world, focus="JFrog", depth=3))


def test_kinds(world: nf.StoreWrapper) -> None:
    g = N.project(world, kinds=["foundation", "initiative"])
    assert {k for _, k in g.nodes(data="kind")} == {"foundation", "initiative"}
    with pytest.raises(ValueError, match="--kind planet: unknown"):
        N.project(world, kinds=["planet"])


def test_bad_date_is_explained(world: nf.StoreWrapper) -> None:
    with pytest.raises(ValueError, match="--as-of '2020': not an ISO date"):
        N.project(world, as_of="2020")


@pytest.mark.parametrize("name", ["AWS", "amazon web services", "Amazon Web Services, Inc."])
def test_names_resolve_through_aliases_and_labels(graph: nx.MultiDiGraph, name: str) -> None:
    assert N.resolve_name(graph, name) == str(nf.org_iri("Amazon Web Services"))


def test_unknown_name_suggests_close_labels(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(N.UnknownName, match="'Tag 2'.*did you mean 'Tag1'"):
        N.resolve_name(graph, "Tag 2")


# ------------------------------------------------------------------ analytics


@pytest.mark.parametrize("metric", N.METRICS)
def test_rank_puts_the_hub_first(graph: nx.MultiDiGraph, metric: str) -> None:
    rows = N.rank(graph, metric, top=3)
    assert rows[0]["name"] == "Rust Foundation" and rows[0]["neighbours"] == 8
    assert [r["rank"] for r in rows] == [1, 2, 3]


def test_betweenness_is_sampled_on_big_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = nx.betweenness_centrality

    def spy(g, k=None, seed=None):  # type: ignore[no-untyped-def]
        calls.append(k)
        return real(g, k=k, seed=seed)

    monkeypatch.setattr(nx, "betweenness_centrality", spy)
    big = nx.MultiDiGraph()
    for i in range(analytics.BETWEENNESS_EXACT_MAX + 50):
        big.add_node(f"n{i}", label=f"n{i}", kind="company")
        big.add_edge(f"n{i}", "n0", rel="member_of")
    N.scores(big, "betweenness")
    N.scores(nx.MultiDiGraph(big.subgraph(["n0", "n1", "n2"])), "betweenness")
    assert calls == [analytics.BETWEENNESS_K, None]


def test_overlap_of_foundations_by_shared_members(graph: nx.MultiDiGraph) -> None:
    assert N.overlap(graph, "members") == [
        {
            "a": "Open Source Security Foundation",
            "b": "Rust Foundation",
            "shared": 3,
            "names": ["Google", "JFrog", "Microsoft"],
        }
    ]


def test_overlap_of_members_by_shared_foundations(graph: nx.MultiDiGraph) -> None:
    rows = N.overlap(graph, "foundations", min_shared=2)
    assert {(r["a"], r["b"]) for r in rows} == {
        ("Google", "JFrog"),
        ("Google", "Microsoft"),
        ("JFrog", "Microsoft"),
    }
    assert all(r["names"] == ["Open Source Security Foundation", "Rust Foundation"] for r in rows)


def test_path_gives_each_hop_with_evidence(graph: nx.MultiDiGraph) -> None:
    hops = N.path(graph, "JFrog", "Alpha-Omega")
    assert [(h["from"], h["to"]) for h in hops] == [
        ("JFrog", "Rust Foundation"),
        ("Rust Foundation", "Alpha-Omega"),
    ]
    assert hops[0]["relation"] == "JFrog is a member of Rust Foundation"
    assert hops[0]["evidence"] == "JFrog has become a Platinum Member of the Rust Foundation."
    assert hops[1]["relation"] == "Alpha-Omega funds Rust Foundation" and hops[1]["doc"]


def test_path_prefers_organisations_over_people(graph: nx.MultiDiGraph) -> None:
    """JFrog - Stephen Chin - Rust Foundation is as short as the direct membership, but weaker."""
    hops = N.path(graph, "Stephen Chin", "Tag1")
    assert [h["to"] for h in hops] == ["Rust Foundation", "Tag1"]


def test_no_path_is_explained(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(N.NoPath, match="'JFrog' and 'Evil Corp' are not connected"):
        N.path(graph, "JFrog", "Evil Corp")


def test_flows_by_year_and_currency(graph: nx.MultiDiGraph) -> None:
    rows = {(r["funder"], r["recipient"], r["year"], r["currency"]): r for r in N.flows(graph)}
    assert rows["Alpha-Omega", "Rust Foundation", "2022", "USD"]["total"] == 460_000
    assert rows["Alpha-Omega", "Rust Foundation", "2023", "USD"]["total"] == 400_000
    assert rows["Alpha-Omega", "Eclipse Foundation", "2023", "EUR"]["total"] == 120_000
    google = rows["Google", "Alpha-Omega", "2022", ""]
    assert (google["total"], google["grants"], google["without_amount"]) == (None, 1, 1)
    totals = {(r["funder"], r["recipient"], r["currency"]): r["total"] for r in N.flows(graph, by_year=False)}
    assert totals["Alpha-Omega", "Rust Foundation", "USD"] == 860_000


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_communities_partition_the_graph(graph: nx.MultiDiGraph, method: str) -> None:
    rows = N.communities(graph, method=method)
    members = [name for row in rows for name in row["members"]]
    assert sorted(members) == sorted(labels(graph))
    assert {"members": ["Evil Corp", "Evil Foundation"]}.items() <= rows[-1].items()


# ------------------------------------------------------------------ output and CLI


def test_output_formats_round_trip(graph: nx.MultiDiGraph) -> None:
    rows = N.overlap(graph)
    assert json.loads(render(rows, "json")) == rows
    (parsed,) = list(csv.DictReader(io.StringIO(render(rows, "csv"))))
    assert parsed["names"] == "Google; JFrog; Microsoft" and parsed["shared"] == "3"
    table = render(rows, "table").splitlines()
    assert table[0].split() == ["a", "b", "shared", "names"] and "Rust Foundation" in table[2]


@pytest.fixture(scope="module")
def store_dir(world: nf.StoreWrapper, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("net") / "store"
    nf.write_local_store(world, path)
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_rank_json(store_dir: str) -> None:
    rows = json.loads(run("net", "rank", "--store", store_dir, "--format", "json", "--top", "2"))
    assert [r["name"] for r in rows] == ["Rust Foundation", "Open Source Security Foundation"]


def test_cli_path_and_flows(store_dir: str) -> None:
    out = run("net", "path", "JFrog", "Alpha-Omega", "--store", store_dir)
    assert "JFrog is a member of Rust Foundation" in out and "Alpha-Omega funds Rust Foundation" in out
    flows = list(
        csv.DictReader(io.StringIO(run("net", "flows", "--total", "--format", "csv", "--store", store_dir)))
    )
    assert {
        "funder": "Alpha-Omega",
        "recipient": "Rust Foundation",
        "currency": "USD",
        "total": "860000",
    }.items() <= flows[0].items()


def test_cli_overlap_and_communities_with_filters(store_dir: str) -> None:
    out = run("net", "overlap", "--store", store_dir, "--as-of", "2022-12-31")
    assert out == "(no results)\n"  # the OpenSSF document that adds the shared members is from 2023
    assert "Evil Corp" not in run(
        "net", "communities", "--store", store_dir, "--foundation", "Rust Foundation"
    )


def test_cli_view_writes_a_page(store_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "rust.html"
    run("view", "-o", str(target), "--store", store_dir, "--focus", "JFrog", "--depth", "1")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["net", "rank", "--as-of", "yesterday"], "not an ISO date"),
        (["net", "path", "JFrog", "Nobody"], "'Nobody': no organisation or person"),
        (["view", "-o", "page.txt"], "must be an .html file"),
    ],
)
def test_cli_errors_name_the_input(store_dir: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--store", store_dir])
    assert result.exit_code != 0 and message in result.output


def test_cli_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["net", "rank", "--store", str(tmp_path / "none")])
    assert result.exit_code != 0 and "no store at" in result.output


def test_cli_help_lists_every_analysis() -> None:
    out = run("net", "--help")
    for command in ("rank", "overlap", "path", "flows", "communities"):
        assert command in out


# ------------------------------------------------------------------ the real corpus


@pytest.fixture(scope="module", params=["gold", pytest.param("pipeline", marks=pytest.mark.slow)])
def real_graph(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    """rust + alpha-omega documents: with their gold facts, and through the real extractor."""
    if request.param == "gold":
        return N.project(nf.gold_corpus_store())
    store, report = nf.pipeline_corpus_store()
    if report.facts == 0:
        pytest.skip(f"the pipeline extracted no facts ({len(report.failed)} files failed)")
    return N.project(store)


def test_real_path_from_jfrog_to_alpha_omega_goes_through_the_rust_foundation(
    real_graph: nx.MultiDiGraph,
) -> None:
    hops = N.path(real_graph, "JFrog", "Alpha-Omega")
    assert [h["to"] for h in hops] == ["Rust Foundation", "Alpha-Omega"]
    assert all(h["evidence"] and h["doc"] for h in hops)


@pytest.mark.parametrize("metric", ["pagerank", "degree"])
def test_real_rank_puts_the_rust_foundation_first(real_graph: nx.MultiDiGraph, metric: str) -> None:
    assert N.rank(real_graph, metric, top=1)[0]["name"] == "Rust Foundation"


def test_real_overlap_and_flows() -> None:
    g = N.project(nf.gold_corpus_store())
    pairs = {(r["a"], r["b"]): r["names"] for r in N.overlap(g)}
    assert pairs["Rust Foundation", "Safety-Critical Rust Consortium"] == ["HighTec EDV-Systeme"]
    rows = {(r["funder"], r["recipient"], r["currency"]): r for r in N.flows(g, by_year=False)}
    assert rows["Microsoft", "Rust Foundation", "USD"]["total"] == 1_000_000
    assert rows["Alpha-Omega", "Rust Foundation", ""]["grants"] >= 2
