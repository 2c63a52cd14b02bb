"""The persistent store: put/has/skip/replace, atomic writes, locking, exports and import."""

from __future__ import annotations

import csv
import dataclasses
import json
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import store_fixtures
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.model import Document, Fact
from graph.rdf import doc_iri, document_graph
from graph.store import Store, StoreError, open_store

HOSTILE = '} ; DROP ALL ; INSERT DATA { <x:a> <x:b> "c" } # \' """ \\ \n'


def graph_of(store: Store, doc_id: str) -> Graph:
    """One named graph of a store, as an in-memory graph."""
    g = Graph()
    for row in store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": doc_iri(doc_id)}):
        g.add(tuple(row))  # type: ignore[arg-type]
    return _plain(g)


def quads(store: Store) -> Dataset:
    """The whole store as an in-memory Dataset."""
    from graph.store.export import to_dataset

    return to_dataset(store)


def assert_same_dataset(a: Dataset, b: Dataset) -> None:
    names_a = {g.identifier for g in a.graphs() if len(g)}
    names_b = {g.identifier for g in b.graphs() if len(g)}
    assert names_a == names_b
    for name in names_a:
        assert isomorphic(_plain(a.graph(name)), _plain(b.graph(name))), name


def test_put_has_and_skip_unchanged(tmp_path: Path) -> None:
    doc, facts = store_fixtures.corpus()[0]
    with open_store(tmp_path / "s") as store:
        assert not store.has_document(doc.id, doc.content_hash)
        assert store.put_document(doc, facts) is True
        assert store.has_document(doc.id, doc.content_hash)
        assert not store.has_document(doc.id, "0" * 64)
        before = store.count_triples()
        assert store.put_document(doc, facts) is False
        assert store.count_triples() == before
        assert store.document_hashes() == {doc.id: doc.content_hash}
        assert isomorphic(graph_of(store, doc.id), document_graph(doc, facts))


def test_edited_document_replaces_exactly_its_graph(kg_store: Store) -> None:
    docs = store_fixtures.corpus()
    edited_doc, old_facts = docs[3]  # Acme goes Gold
    others = {d.id: graph_of(kg_store, d.id) for d, _ in docs if d.id != edited_doc.id}
    new_doc = dataclasses.replace(edited_doc, content_hash="f" * 64, title="Acme goes Platinum")
    new_facts = [
        Fact(
            "membership",
            new_doc.id,
            {
                "member": "Acme",
                "organization": "Rust Foundation",
                "tier": "Platinum",
                "event": "upgrade",
                "date": "2021-06-01",
            },
        )
    ]
    assert kg_store.put_document(new_doc, new_facts) is True
    assert isomorphic(graph_of(kg_store, new_doc.id), document_graph(new_doc, new_facts))
    tiers = {
        str(r[0])
        for r in kg_store.query(
            "PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
            " SELECT ?t WHERE { GRAPH ?g { ?f org:role/skos:prefLabel ?t } }",
            {"g": doc_iri(new_doc.id)},
        )
    }
    assert tiers == {"Platinum"}  # the old Gold fact is gone
    for doc_id, graph in others.items():
        assert isomorphic(graph_of(kg_store, doc_id), graph), doc_id
    assert kg_store.document_hashes()[new_doc.id] == "f" * 64


def test_document_hashes_and_counts(kg_store: Store) -> None:
    docs = store_fixtures.corpus()
    assert kg_store.document_hashes() == {d.id: d.content_hash for d, _ in docs}
    expected = sum(len(document_graph(d, f)) for d, f in docs)
    assert kg_store.count_triples() == expected
    kg_store.remove_document(docs[0][0].id)
    assert docs[0][0].id not in kg_store.document_hashes()


def test_hostile_text_is_data(tmp_path: Path) -> None:
    doc = Document(
        id='odd/na"me {x}.md', path="p", title=HOSTILE, content_hash="b" * 64, publisher="Rust Foundation"
    )
    fact = Fact(
        "role",
        doc.id,
        {"person": "Ann O'Neil", "title": HOSTILE, "organization": "Rust Foundation"},
        evidence=HOSTILE,
    )
    with open_store(tmp_path / "s") as store:
        store.put_document(doc, [fact])
        titles = [r[0] for r in store.query("SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }")]
        assert [str(t) for t in titles] == [HOSTILE]
        rows = list(
            store.query(
                "SELECT ?f WHERE { ?f <https://w3id.org/foundation-kg/ns#evidence> ?e }",
                {"e": Literal(HOSTILE)},
            )
        )
        assert len(rows) == 1
        assert store.named_query("entity-search", {"text": HOSTILE}).bindings == []
        assert store.document_hashes() == {doc.id: "b" * 64}
        assert store.query("ASK WHERE { <x:a> <x:b> ?c }").askAnswer is False


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_export_round_trips(kg_store: Store, tmp_path: Path, fmt: str) -> None:
    kg_store.put_gazetteer()
    path = kg_store.export(fmt, tmp_path / f"out.{fmt}")
    with open_store(tmp_path / "copy") as copy:
        copy.load(path)
        assert copy.count_triples() == kg_store.count_triples()
        assert_same_dataset(quads(copy), quads(kg_store))
        assert copy.document_hashes() == kg_store.document_hashes()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_merged_exports_hold_the_union(kg_store: Store, tmp_path: Path, fmt: str) -> None:
    path = kg_store.export(fmt, tmp_path / f"out.{fmt}")
    union = kg_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    if fmt == "jsonld":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"]["member"]["@id"] == "org:member"  # compacted with the published context
        parsed = Dataset().parse(path, format="json-ld")
        merged = Graph()
        for g in parsed.graphs():
            merged += g
    else:
        merged = Graph().parse(path, format={"ttl": "turtle", "nt": "nt"}[fmt])
    assert isomorphic(_plain(merged), _plain(union))


def _plain(g: Graph) -> Graph:
    """Oxigraph gives "x"^^xsd:string, rdflib "x": the same RDF 1.1 literal, compared as plain."""
    from rdflib.namespace import XSD

    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:  # "1" and "1.0" are one value
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_csv_exports(kg_store: Store, tmp_path: Path) -> None:
    rows = list(csv.DictReader(kg_store.export("csv-memberships", tmp_path / "m.csv").open(encoding="utf-8")))
    assert {(r["memberName"], r["tier"], r["event"], r["date"]) for r in rows} >= {
        ("JFrog", "Platinum", "join", "2022-09-06"),
        ("Acme", "", "leave", "2023-03-01"),
        ("Tag1 Consulting", "Silver", "state", ""),
    }
    grants = list(csv.DictReader(kg_store.export("csv-grants", tmp_path / "g.csv").open(encoding="utf-8")))
    assert {(g["funderName"], g["amount"], g["currency"], g["date"]) for g in grants} == {
        ("Alpha-Omega", "460000", "USD", "2022-09-13"),
        ("Google", "1000000", "USD", "2021-02-08"),
        ("Google", "250000", "USD", "2022-11-01"),
    }


def test_second_writer_gets_a_clear_error(kg_store: Store) -> None:
    with pytest.raises(StoreError, match="in use by another process"):
        open_store(kg_store.location)


def test_read_only_and_missing_stores(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nothing", read_only=True)
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nothing", create=False)
    doc, facts = store_fixtures.corpus()[0]
    with open_store(tmp_path / "s") as store:
        store.put_document(doc, facts)
    with open_store(tmp_path / "s", read_only=True) as ro, open_store(tmp_path / "s", read_only=True) as ro2:
        assert ro.document_hashes() == ro2.document_hashes() == {doc.id: doc.content_hash}
        with pytest.raises(StoreError, match="read-only"):
            ro.put_document(dataclasses.replace(doc, content_hash="c" * 64), facts)


def test_unknown_export_format(kg_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        kg_store.export("xml", tmp_path / "x.xml")


WRITER = r"""
import sys
sys.path.insert(0, {tests!r})
from test_store import big_version
from graph.rdf import doc_iri, document_graph
from graph.store import open_store
from graph.store.base import replace_update
store = open_store({path!r})
# prebuilt requests: nearly all the writer's time is then spent inside Oxigraph's update
updates = [replace_update(doc_iri("big.md"), document_graph(*big_version(n))) for n in (SMALL, LARGE)]
store.put_document(*big_version(SMALL))
print("ready", flush=True)
k = 0
while True:
    k += 1
    store._update(updates[k % 2])
"""
SMALL, LARGE = 150, 250


def big_version(n: int) -> tuple[Document, list[Fact]]:
    """A document with `n` membership facts."""
    doc = Document(
        id="big.md", path="big.md", title=f"v{n}", content_hash=f"{n:064x}", publisher="Rust Foundation"
    )
    facts = [
        Fact(
            "membership",
            doc.id,
            {
                "member": f"Org {i}",
                "organization": "Rust Foundation",
                "tier": "Gold",
                "event": "join",
                "date": "2020-01-01",
            },
            evidence=f"e{i}",
        )
        for i in range(n)
    ]
    return doc, facts


def test_a_killed_writer_leaves_no_half_document(tmp_path: Path) -> None:
    """SIGKILL a process in the middle of replacing a big document: the graph is old or new, never half."""
    whole = {len(document_graph(*big_version(n))) for n in (SMALL, LARGE)}
    tests = str(Path(__file__).parent)
    seen = set()
    for attempt in range(4):
        path = tmp_path / f"s{attempt}"
        code = (
            WRITER.replace("SMALL", str(SMALL))
            .replace("LARGE", str(LARGE))
            .format(path=str(path), tests=tests)
        )
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.2 + 0.25 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        with open_store(path) as store:
            n = len(graph_of(store, "big.md"))
            assert n in whole, f"half-written document: {n} triples, expected one of {whole}"
            seen.add(n)
            assert store.document_hashes() == {
                "big.md": f"{SMALL:064x}" if n == min(whole) else f"{LARGE:064x}"
            }
            # ... and the default graph is exactly that graph's copy (same transaction)
            union = {tuple(r) for r in store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}
            assert {tuple(r) for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")} == union


def test_graph_names_are_valid_iris(kg_store: Store) -> None:
    names = {str(r[0]) for r in kg_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")}
    assert names == {str(doc_iri(d.id)) for d, _ in store_fixtures.corpus()}
    assert all(URIRef(n).n3() for n in names)


def test_cli_ingest_stats_export(tmp_path: Path) -> None:
    """`fkg ingest` twice (second run skips everything), then `stats` and `export --format trig`."""
    from click.testing import CliRunner

    from graph.cli import main

    src = tmp_path / "corpus" / "rust"
    src.mkdir(parents=True)
    (src / "source.toml").write_text('publisher = "Rust Foundation"\n', encoding="utf-8")
    (src / "2022-09-06-jfrog.md").write_text(
        "---\ntitle: JFrog joins\ndate: 2022-09-06\n---\n"
        "JFrog has joined the Rust Foundation as a Platinum member.\n",
        encoding="utf-8",
    )
    (src / "2022-12-14-shopify.md").write_text(
        "---\ntitle: Shopify joins\ndate: 2022-12-14\n---\n"
        "Shopify has joined the Rust Foundation as a Gold member.\n",
        encoding="utf-8",
    )
    location = str(tmp_path / "s")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(tmp_path / "corpus"), "--store", location, "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["stored"] == 2 and report["failed"] == []
    again = json.loads(
        runner.invoke(main, ["ingest", str(tmp_path / "corpus"), "--store", location, "--json"]).output
    )
    assert again["stored"] == 0 and again["unchanged"] == 2
    stats = json.loads(runner.invoke(main, ["stats", "--store", location, "--json"]).output)
    assert stats["documents"] == 2 and stats["memberships"] >= 1 and stats["named_graphs"] == 3  # + gazetteer
    # a triple both documents (or a document and the gazetteer) state is counted once as distinct
    assert stats["triples_in_graphs"] > stats["distinct_triples"] > 0
    out = tmp_path / "all.trig"
    exported = runner.invoke(main, ["export", "--store", location, "--format", "trig", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    with open_store(tmp_path / "copy") as copy, open_store(location, read_only=True) as original:
        copy.load(out)
        assert_same_dataset(quads(copy), quads(original))


def test_concurrent_ingest_is_refused_with_a_clear_message(kg_store: Store, tmp_path: Path) -> None:
    """A second process writing the same store gets a readable error, and the store is intact."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "source.toml").write_text('publisher = "Rust Foundation"\n', encoding="utf-8")
    (tmp_path / "c" / "a.md").write_text("---\ntitle: a\n---\nHello.\n", encoding="utf-8")
    before = kg_store.document_hashes()
    fkg = str(Path(sys.executable).with_name("fkg"))
    run = subprocess.run(
        [fkg, "ingest", str(tmp_path / "c"), "--store", kg_store.location],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "is in use by another process" in run.stderr and kg_store.location in run.stderr
    assert kg_store.document_hashes() == before
