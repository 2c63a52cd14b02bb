"""The RDF namespaces of the model (ontology/README.md).

`FKG` mirrors `ontology/fkg.ttl` as a `DefinedNamespace` with `_fail = True`, so a typo
in code (a misspelt term) fails at import time instead of writing an undefined term;
tests/test_ontology.py checks the two lists agree.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

__all__ = [
    "DCTERMS",
    "DOC",
    "FKG",
    "FKGID",
    "FOAF",
    "GAZETTEER_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TIME",
    "XSD",
]

SCHEMA = SDO  # https://schema.org/ (the https form, as schema.org publishes it)
FKGID = Namespace("https://w3id.org/foundation-kg/id/")
DOC = Namespace("https://w3id.org/foundation-kg/doc/")
GAZETTEER_GRAPH = URIRef("https://w3id.org/foundation-kg/graph/gazetteer")


class FKG(DefinedNamespace):
    """foundation-kg's own terms (https://w3id.org/foundation-kg/ns#)."""

    _NS = Namespace("https://w3id.org/foundation-kg/ns#")
    _fail = True

    # classes
    Document: URIRef
    Fact: URIRef
    PartOf: URIRef
    MembershipEvent: URIRef
    Foundation: URIRef
    Company: URIRef
    Initiative: URIRef
    Programme: URIRef
    Project: URIRef
    Agency: URIRef
    Body: URIRef
    Event: URIRef
    # membership events
    Join: URIRef
    Upgrade: URIRef
    Downgrade: URIRef
    Renew: URIRef
    Leave: URIRef
    State: URIRef
    # properties
    contentHash: URIRef
    format: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    rule: URIRef
    confidence: URIRef
    extractor: URIRef
    event: URIRef
    tierOf: URIRef
    fundingKind: URIRef
    purpose: URIRef
    child: URIRef
    parent: URIRef


#: prefix -> namespace, bound on every graph we write and used in exports.
PREFIXES: dict[str, str] = {
    "fkg": str(FKG._NS),
    "fkgid": str(FKGID),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "time": str(TIME),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
