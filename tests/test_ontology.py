"""The vocabulary is the source of truth: every fkg: term used anywhere is defined in fkg.ttl."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from graph.namespaces import FKG

ROOT = Path(__file__).resolve().parents[1]
NS = str(FKG._NS)


def _defined() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "fkg.ttl")
    return {
        str(s)[len(NS) :]
        for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def _used() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    patterns = [
        re.compile(r"\bFKG\.([A-Za-z_]\w*)"),
        re.compile(r"\bfkg:([A-Za-z_]\w*)"),
        re.compile(re.escape(NS) + r"([A-Za-z_]\w*)"),
    ]
    files = [
        *(ROOT / "graph").rglob("*.py"),
        *(ROOT / "ontology" / "queries").glob("*.rq"),
        ROOT / "ontology" / "shapes.ttl",
        ROOT / "ontology" / "context.jsonld",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for term in pattern.findall(text):
                used.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_used_fkg_term_is_defined() -> None:
    defined = _defined()
    missing = {
        term: sorted(files) for term, files in _used().items() if term not in defined and term != "_NS"
    }
    assert not missing, f"fkg: terms used but not defined in ontology/fkg.ttl: {missing}"


def test_defined_namespace_mirrors_the_ontology() -> None:
    declared = set(FKG.__annotations__)
    assert declared == _defined()


def test_every_term_has_label_and_comment() -> None:
    g = Graph().parse(ROOT / "ontology" / "fkg.ttl")
    from rdflib.namespace import RDFS

    for term in _defined():
        iri = URIRef(NS + term)
        assert g.value(iri, RDFS.label), term
        if (iri, RDF.type, OWL.Class) in g or (iri, RDF.type, OWL.ObjectProperty) in g:
            assert g.value(iri, RDFS.comment), term


def test_kinds_are_organisations() -> None:
    g = Graph().parse(ROOT / "ontology" / "fkg.ttl")
    from rdflib.namespace import ORG, RDFS

    org_classes = {ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit}
    for kind in ("Foundation", "Company", "Initiative", "Programme", "Project", "Agency", "Body", "Event"):
        assert set(g.objects(FKG[kind], RDFS.subClassOf)) & org_classes, kind


def test_undefined_term_fails_at_use() -> None:
    import pytest

    with pytest.raises(AttributeError):
        FKG.contenthash  # noqa: B018 - the typo must fail
