"""Compare the named queries with an earlier version of them, on the same store.

    .venv/bin/python benchmarks/compare_queries.py --store STORE [--reference REV] [--union] [NAME ...]

STORE is a store in the current layout (named graph per document, their union copied in the
default graph). The current queries (ontology/queries/*.rq) run on its plain default graph;
the reference queries are the same files at git revision REV (default: the last revision
before the default-graph rewrite), run on the same default graph, or with `--union` on the
union of the named graphs as they were written for. Each query runs with several parameter
sets taken from the store; rows are compared as sorted lists of strings, so a difference in
order alone is not reported (nor the order inside a GROUP_CONCAT list). Exit status 1 when
any answer differs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.store.sparql import bind  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BEFORE_REWRITE = "3fe001f"  # ontology/queries as written for the union default graph

_TOP = "SELECT ?x WHERE {{ {} }} GROUP BY ?x ORDER BY DESC(COUNT(*)) LIMIT 2"
#: parameter name -> query finding up to two values for it (most used first)
_PROBES = {
    "foundation": _TOP.format("?m <http://www.w3.org/ns/org#memberOf> ?x"),
    "organization": _TOP.format("?f <http://www.w3.org/ns/org#member> ?x"),
    "recipient": _TOP.format("?g <https://schema.org/fundedItem> ?x"),
    "funder": _TOP.format("?g <https://schema.org/funder> ?x"),
    "postIn": _TOP.format("?p <http://www.w3.org/ns/org#postIn> ?x"),
    "root": _TOP.format("?c <http://www.w3.org/ns/org#subOrganizationOf> ?x"),
    "publisher": _TOP.format("?d <http://purl.org/dc/terms/publisher> ?x"),
    "document": _TOP.format("?f <http://www.w3.org/ns/prov#wasDerivedFrom> ?x"),
    "fact": "SELECT ?x WHERE { ?x a <http://www.w3.org/ns/org#Membership> } LIMIT 2",
    "tier": "SELECT ?x WHERE { ?r <https://w3id.org/foundation-kg/ns#tierOf> ?f ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?x } LIMIT 1",
}


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def parameter_sets(store: ox.Store) -> dict[str, list[dict[str, Any]]]:
    """Per query, the parameter sets to compare it with (values taken from `store`)."""
    found: dict[str, list[URIRef | Literal]] = {}
    for name, probe in _PROBES.items():
        terms = [row[0] for row in store.query(probe)]  # type: ignore[index, union-attr]
        found[name] = [URIRef(t.value) if isinstance(t, ox.NamedNode) else Literal(t.value) for t in terms]
    f, org, tier = found["foundation"], found["organization"], found["tier"]
    members = [{"foundation": x} for x in f]
    members += [{"foundation": x, "date": _day("2019-06-30")} for x in f]
    members += [{"foundation": x, "date": _day("2022-10-01"), "tier": t} for x in f[:1] for t in tier]
    return {
        "members": members,
        "membership-history": [{"organization": x} for x in org],
        "multi-foundation-members": [{}, {"min": Literal(3)}],
        "shared-members": [{}] + [{"foundation": x} for x in f],
        "funders": [{"organization": x} for x in found["recipient"]],
        "funded-by": [{"funder": x} for x in found["funder"]],
        "roles": [{"organization": x} for x in found["postIn"]],
        "part-of-tree": [{}] + [{"root": x} for x in found["root"]],
        "tier-changes": [{}, {"since": _day("2020-01-01"), "until": _day("2021-12-31")}]
        + [{"foundation": x} for x in f],
        "document-facts": [{"document": x} for x in found["document"]],
        "fact-sources": [{"fact": x} for x in found["fact"]],
        "documents": [{}] + [{"publisher": x} for x in found["publisher"]],
        "entity-search": [{"text": Literal("data")}, {"text": Literal("Foundation")}],
        "foundations": [{}],
        "grants-by-year": [{}],
        "export-grants": [{}],
        "export-memberships": [{}],
    }


def reference_text(name: str, rev: str) -> str:
    """The query file `name` as it was at git revision `rev`."""
    return subprocess.run(
        ["git", "show", f"{rev}:ontology/queries/{name}.rq"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def answer(store: ox.Store, text: str, params: dict, union: bool) -> tuple[list[tuple[str, ...]], float]:
    """Sorted rows (terms as strings, '' for unbound) and seconds taken."""
    started = time.perf_counter()
    result = store.query(bind(text, params), use_default_graph_as_union=union)
    rows = sorted(tuple(_text(v) for v in row) for row in result)  # type: ignore[union-attr]
    return rows, time.perf_counter() - started


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """A term as a string; GROUP_CONCAT lists ("a; b") sorted, as their order is unspecified."""
    if term is None:
        return ""
    return "; ".join(sorted(str(term.value).split("; ")))


@click.command()
@click.option(
    "--store", "location", required=True, type=click.Path(exists=True), help="A store in the current layout."
)
@click.option(
    "--reference",
    "rev",
    default=BEFORE_REWRITE,
    show_default=True,
    help="Git revision of the reference queries.",
)
@click.option("--union", is_flag=True, help="Run the reference on the union of the named graphs.")
@click.argument("names", nargs=-1)
def main(location: str, rev: str, union: bool, names: tuple[str, ...]) -> None:
    """Run current and reference queries on STORE and report where their answers differ."""
    store = ox.Store.read_only(location)
    current = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "ontology" / "queries").glob("*.rq"))
    }
    differ = 0
    for name, sets in parameter_sets(store).items():
        if names and name not in names:
            continue
        for params in sets:
            new, t_new = answer(store, current[name], params, False)
            old, t_old = answer(store, reference_text(name, rev), params, union)
            shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "-"
            status = "same" if new == old else "DIFFER"
            differ += new != old
            click.echo(
                f"{status:6} {name:26} rows {len(new):6} (ref {len(old):6})  "
                f"{t_new * 1000:9.1f} ms (ref {t_old * 1000:9.1f} ms)  {shown}"
            )
            if new != old:
                only_new, only_old = sorted(set(new) - set(old)), sorted(set(old) - set(new))
                for row in only_new[:3]:
                    click.echo(f"         + {row}")
                for row in only_old[:3]:
                    click.echo(f"         - {row}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
