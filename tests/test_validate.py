"""SHACL validation: a valid store conforms; a broken one reports each violation with its document."""

from __future__ import annotations

from pathlib import Path

import pytest
import store_fixtures
from click.testing import CliRunner

from graph.store import Store, open_store
from graph.validate import validate_store

BROKEN_DOC = "rust/board/stephen.md"
BAD_FACT = "https://w3id.org/foundation-kg/id/fact/bad0000000000000"


def _break(store: Store) -> None:
    """Add to one document's graph (and, as every write does, to the default graph that holds
    the union) a membership with no organisation, no event and confidence 3, and a grant with
    a bad kind and currency."""
    from graph.rdf import doc_iri

    g = doc_iri(BROKEN_DOC).n3()
    bad = f"""
      <{BAD_FACT}> a org:Membership, fkg:Fact ; org:member <https://w3id.org/foundation-kg/id/org/acme> ;
          prov:wasDerivedFrom {g} ; fkg:extractor "test" ; fkg:confidence 3.0 .
      <{BAD_FACT}x> a schema:MonetaryGrant, fkg:Fact ; prov:wasDerivedFrom {g} ; fkg:extractor "test" ;
          schema:funder <https://w3id.org/foundation-kg/id/org/google> ;
          schema:fundedItem <https://w3id.org/foundation-kg/id/org/acme> ;
          schema:amount _:amount ; fkg:fundingKind "bribe" .
      _:amount a schema:MonetaryAmount ; schema:value 5 ; schema:currency "dollars" ."""
    store._update(f"""PREFIX org: <http://www.w3.org/ns/org#> PREFIX fkg: <https://w3id.org/foundation-kg/ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <https://schema.org/>
    INSERT DATA {{ GRAPH {g} {{ {bad} }} {bad} }}""")


def test_valid_store_conforms(kg_store: Store) -> None:
    kg_store.put_gazetteer()
    report = validate_store(kg_store)
    assert report.conforms, [str(v) for v in report.violations]
    assert report.violations == [] and report.triples > 400


def test_violations_name_their_document(kg_store: Store) -> None:
    _break(kg_store)
    report = validate_store(kg_store)
    assert not report.conforms
    found = {(v.focus, v.path) for v in report.violations}
    assert {
        (BAD_FACT, "org:organization"),
        (BAD_FACT, "fkg:event"),
        (BAD_FACT, "fkg:confidence"),
        (BAD_FACT + "x", "fkg:fundingKind"),
        (BAD_FACT + "x", "schema:amount"),
    } <= found
    assert all(v.documents == [BROKEN_DOC] for v in report.violations)
    assert any("organization" in v.message for v in report.violations)


@pytest.mark.parametrize("broken", [False, True])
def test_cli_validate(tmp_path: Path, broken: bool) -> None:
    from graph.cli import main

    location = tmp_path / "s"
    with open_store(location) as store:
        for doc, facts in store_fixtures.corpus():
            store.put_document(doc, facts)
        if broken:
            _break(store)
    result = CliRunner().invoke(main, ["validate", "--store", str(location)])
    if broken:
        assert result.exit_code == 1
        assert f"{BROKEN_DOC}: {BAD_FACT} org:organization" in result.output
    else:
        assert result.exit_code == 0, result.output
        assert "conforms" in result.output
