"""End to end: documents in, a persistent store out (graph.pipeline)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import shared
from click.testing import CliRunner
from rdflib import Graph, URIRef

from graph.cli import main
from graph.pipeline import ingest_paths
from graph.resources import data_path
from graph.store import open_store

SHARED = shared.SHARED
RUST_NEWS = SHARED / "corpus" / "rust" / "news"
SEED = [
    "2022-09-06-hello-jfrog.md",
    "2022-09-13-rust-foundation-establishes-security-team.md",
    "welcoming-shopify-as-our-inaugural-gold-member.md",
]

FACTS_OF_DOC = """
SELECT (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  ?fact <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
  ?doc <http://purl.org/dc/terms/identifier> ?id .
}"""


def _copy_seed(dest: Path) -> Path:
    root = dest / "corpus"
    (root / "rust").mkdir(parents=True)
    shutil.copy(SHARED / "corpus" / "rust" / "source.toml", root / "rust" / "source.toml")
    for name in SEED:
        shutil.copy(RUST_NEWS / name, root / "rust" / name)
    return root


def _facts_of(store, doc_id: str) -> int:
    from rdflib import Literal

    rows = list(store.query(FACTS_OF_DOC, {"id": Literal(doc_id)}))
    return int(rows[0][0])


def test_embedded_corpus_ingests_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        first = ingest_paths([data_path("corpus")], store)
        triples = store.count_triples()
        second = ingest_paths([data_path("corpus")], store)
        assert first.failed == []
        assert first.stored >= 30 and first.facts > 100
        assert second.stored == 0 and second.unchanged == first.documents
        assert store.count_triples() == triples


def test_an_edited_document_replaces_exactly_its_own_graph(tmp_path: Path) -> None:
    corpus = _copy_seed(tmp_path)
    with open_store(tmp_path / "store") as store:
        ingest_paths([corpus], store)
        jfrog = "rust/2022-09-06-hello-jfrog.md"
        security = "rust/2022-09-13-rust-foundation-establishes-security-team.md"
        before_other = _facts_of(store, security)
        assert _facts_of(store, jfrog) > 0
        # Keep only the front matter: the document loses all its facts.
        path = corpus / jfrog
        front = path.read_text(encoding="utf-8").split("---", 2)
        path.write_text("---" + front[1] + "---\nNothing to see here.\n", encoding="utf-8")
        report = ingest_paths([corpus], store)
        assert report.stored == 1 and report.unchanged == len(SEED) - 1
        assert _facts_of(store, jfrog) == 0
        assert _facts_of(store, security) == before_other


def test_bad_files_are_reported_by_name_and_the_run_goes_on(tmp_path: Path) -> None:
    corpus = _copy_seed(tmp_path)
    (corpus / "rust" / "broken.md").write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    (corpus / "rust" / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    with open_store(tmp_path / "store") as store:
        report = ingest_paths([corpus], store)
    failed = {Path(f).name: reason for f, reason in report.failed}
    assert set(failed) == {"broken.md", "binary.md"}
    assert all(reason for reason in failed.values())
    assert report.stored == len(SEED)


def test_ingest_command_prints_a_summary_and_fails_on_bad_files(tmp_path: Path) -> None:
    corpus = _copy_seed(tmp_path)
    (corpus / "rust" / "binary.md").write_bytes(b"\x00" * 64)
    result = CliRunner().invoke(main, ["ingest", "--store", str(tmp_path / "store"), str(corpus)])
    assert result.exit_code == 1, result.output
    assert "binary.md" in result.output
    assert "3" in result.output  # three documents stored


def test_document_graph_iri_is_valid_for_paths_with_spaces(tmp_path: Path) -> None:
    corpus = tmp_path / "c" / "x"
    corpus.mkdir(parents=True)
    (corpus / "source.toml").write_text('publisher = "Rust Foundation"\n', encoding="utf-8")
    (corpus / "a file (draft).md").write_text(
        "---\ntitle: T\ndate: 2022-01-05\n---\n"
        "Acme Corp has joined the Rust Foundation as a Silver member.\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "store") as store:
        ingest_paths([tmp_path / "c"], store)
        graphs = {str(row[0]) for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert any(g.endswith(("x/a%20file%20%28draft%29.md", "x/a%20file%20(draft).md")) for g in graphs)
    assert all(URIRef(g).n3() for g in graphs)


@pytest.mark.slow
def test_whole_shared_corpus_ingests_without_a_crash() -> None:
    store, report = shared.corpus_store()
    assert report.documents > 1700
    assert report.facts > 3000
    assert all(file and reason for file, reason in report.failed)
    # a second run reads every file again but stores nothing
    again = ingest_paths([shared.CORPUS], store)
    assert again.stored == 0 and again.unchanged == report.documents


def test_export_trig_round_trips_into_a_fresh_store(tmp_path: Path) -> None:
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    corpus = _copy_seed(tmp_path)
    trig = tmp_path / "export.trig"
    with open_store(tmp_path / "a") as first:
        ingest_paths([corpus], first)
        first.export("trig", trig)
    with open_store(tmp_path / "b") as second:
        second.load(trig)
        second.export("trig", tmp_path / "again.trig")
    one, two = Dataset(), Dataset()
    one.parse(trig, format="trig")
    two.parse(tmp_path / "again.trig", format="trig")
    graphs = {g.identifier for g in one.graphs() if len(g)}
    assert graphs == {g.identifier for g in two.graphs() if len(g)} and len(graphs) == len(SEED)
    for name in graphs:
        assert isomorphic(one.graph(name), two.graph(name)), name


def test_unchanged_files_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.sources.reader as reader

    corpus = _copy_seed(tmp_path)
    with open_store(tmp_path / "store") as store:
        ingest_paths([corpus], store)

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("an unchanged file was parsed again")

        monkeypatch.setattr(reader, "read_document", refuse)
        report = ingest_paths([corpus], store)
    assert report.unchanged == len(SEED) and report.failed == []


# ---------------------------------------------------------------- worker processes (--jobs)

POOL_CORPUS = [SHARED / "corpus" / "openjs", SHARED / "corpus" / "zig"]


def _pool_corpus(tmp_path: Path) -> list[Path]:
    """Two real foundations' folders plus a folder of bad files, read in that order."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.md").write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    (bad / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    return [*POOL_CORPUS, bad]


def _named_graphs(trig: Path) -> dict[str, Graph]:
    from rdflib import Dataset

    data = Dataset()
    data.parse(trig, format="trig")
    return {str(g.identifier): g for g in data.graphs() if len(g)}


def test_two_worker_processes_store_exactly_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib.compare import isomorphic

    import graph.pipeline_pool as pool

    pooled_runs: list[int] = []
    real_pooled = pool._pooled

    def spy(*args: object) -> object:
        pooled_runs.append(1)
        return real_pooled(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "_pooled", spy)
    monkeypatch.setattr(pool, "SMALL_INPUT", 5)  # this small corpus must still go through the pool
    paths = _pool_corpus(tmp_path)
    reports, orders = {}, {}
    for jobs in (1, 2):
        seen: list[tuple[str, str]] = []
        with open_store(tmp_path / f"store-{jobs}") as store:
            reports[jobs] = ingest_paths(paths, store, jobs=jobs, progress=lambda *told: seen.append(told))  # noqa: B023
            store.export("trig", tmp_path / f"j{jobs}.trig")
        orders[jobs] = seen
    assert pooled_runs == [1], "jobs=2 did not use the worker pool"
    one, two = reports[1], reports[2]
    assert one.stored > 40 and one.facts > 0 and len(one.failed) == 2
    assert two.failed == one.failed
    assert (two.stored, two.unchanged, two.facts) == (one.stored, one.unchanged, one.facts)
    assert orders[2] == orders[1]  # same documents, same outcomes, same order
    serial, pooled = _named_graphs(tmp_path / "j1.trig"), _named_graphs(tmp_path / "j2.trig")
    assert set(pooled) == set(serial)
    different = [name for name in serial if not isomorphic(serial[name], pooled[name])]
    assert different == []


def test_strict_with_workers_stops_at_the_first_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.pipeline_pool as pool
    from graph.pipeline import IngestAborted

    monkeypatch.setattr(pool, "SMALL_INPUT", 5)
    bad = _pool_corpus(tmp_path)[-1]
    with open_store(tmp_path / "store") as store, pytest.raises(IngestAborted) as stopped:
        ingest_paths([bad, *POOL_CORPUS], store, jobs=2, strict=True)
    assert stopped.value.report.stored == 0
    assert [Path(f).name for f, _ in stopped.value.report.failed] == ["binary.md"]


def test_small_inputs_stay_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.pipeline_pool as pool

    def refuse(*args: object) -> None:
        raise AssertionError("a pool was started for a handful of files")

    monkeypatch.setattr(pool, "_pooled", refuse)
    with open_store(tmp_path / "store") as store:
        report = ingest_paths([_copy_seed(tmp_path)], store, jobs=2)
    assert report.stored == len(SEED)


_POOL_THEN_SLEEP = """
import sys, time
from pathlib import Path
import graph.pipeline_pool as pool
from graph.sources import DEFAULT_LIMITS, plan
pool.SMALL_INPUT = 5
results = pool.outcomes(plan([Path(p) for p in sys.argv[1:]]), jobs=2, publisher=None, limits=DEFAULT_LIMITS)
next(results)
print("running", flush=True)
time.sleep(120)
"""


def _alive_below(root: int) -> set[int]:
    """Live (not zombie) processes below `root`, from /proc."""
    parents, states = {}, {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)], states[int(name)] = int(fields[1]), fields[0]
    below, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in below}
        below |= frontier
    return {pid for pid in below if states.get(pid) != "Z"}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find the workers")
def test_workers_exit_when_the_ingesting_process_is_killed() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _POOL_THEN_SLEEP, *map(str, POOL_CORPUS)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "running"
        pool_processes = _alive_below(child.pid)
        assert len(pool_processes) >= 2, "no fork server and worker found below the ingesting process"
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in pool_processes):
        time.sleep(0.2)
    assert [pid for pid in pool_processes if _alive(pid)] == []
