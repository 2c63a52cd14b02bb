"""A tiny store in the shape of ontology/README.md, built by hand for the network and view tests.

`small_world()` holds a few facts whose answers are known: JFrog and Alpha-Omega meet at the
Rust Foundation, Google and Microsoft share two foundations, Alpha-Omega's grants add up.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

FKG = Namespace("https://w3id.org/foundation-kg/ns#")
ID = Namespace("https://w3id.org/foundation-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
DOC = "https://w3id.org/foundation-kg/doc/"


def slug(name: str) -> str:
    """Lower-case words joined by '-' (enough for the names used here)."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def org_iri(name: str) -> URIRef:
    """The IRI of an organisation."""
    return ID[f"org/{slug(name)}"]


class StoreWrapper:
    """The store interface the network module reads: `.query(sparql, bindings)` over all graphs."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def query(self, sparql: str, bindings: dict | None = None) -> Any:
        """Run SPARQL over the union of the named graphs."""
        return self.dataset.query(sparql, initBindings=bindings or {})


class Builder:
    """Write documents and facts as triples, one named graph per document."""

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        self.kinds: dict[str, str] = {}

    def store(self) -> StoreWrapper:
        """The built store."""
        return StoreWrapper(self.dataset)

    def doc(
        self, doc_id: str, *, title: str, publisher: str, day: str | None = None, url: str | None = None
    ) -> Doc:
        """Start a document (its named graph)."""
        iri = URIRef(DOC + doc_id)
        g = self.dataset.graph(iri)
        g.add((iri, RDF.type, FKG.Document))
        g.add((iri, DCTERMS.identifier, Literal(doc_id)))
        g.add((iri, DCTERMS.title, Literal(title)))
        g.add((iri, DCTERMS.publisher, org_iri(publisher)))
        g.add((iri, DCTERMS.source, Literal(f"corpus/{doc_id}")))
        if day:
            g.add((iri, DCTERMS.date, Literal(day, datatype=XSD.date)))
        if url:
            g.add((iri, SCHEMA.url, URIRef(url)))
        return Doc(self, iri, doc_id)


class Doc:
    """One document's graph, with a method per fact type."""

    def __init__(self, builder: Builder, iri: URIRef, doc_id: str) -> None:
        self.b, self.iri, self.id = builder, iri, doc_id
        self.g = builder.dataset.graph(iri)

    def entity(self, name: str, kind: str) -> URIRef:
        """Describe an entity in this document's graph."""
        if kind == "person":
            iri = ID[f"person/{slug(name)}"]
            self.g.add((iri, RDF.type, FOAF.Person))
        else:
            iri = org_iri(name)
            self.g.add((iri, RDF.type, ORG.Organization))
            self.g.add((iri, RDF.type, FKG[kind.title()]))
        self.g.add((iri, SKOS.prefLabel, Literal(name)))
        return iri

    def _fact(self, kind: URIRef, evidence: str, *key: str) -> URIRef:
        digest = hashlib.sha1("|".join((self.id, *key)).encode()).hexdigest()[:16]
        fact = ID[f"fact/{digest}"]
        for t in (kind, FKG.Fact):
            self.g.add((fact, RDF.type, t))
        self.g.add((fact, PROV.wasDerivedFrom, self.iri))
        self.g.add((fact, FKG.evidence, Literal(evidence)))
        return fact

    def member(
        self,
        member: str,
        org: str,
        *,
        tier: str | None = None,
        event: str = "join",
        day: str | None = None,
        evidence: str = "",
        kinds: tuple[str, str] = ("Company", "Foundation"),
    ) -> None:
        """A membership fact."""
        m, o = self.entity(member, kinds[0]), self.entity(org, kinds[1])
        fact = self._fact(ORG.Membership, evidence or f"{member} is a member of {org}.", "m", member, org)
        self.g.add((fact, ORG.member, m))
        self.g.add((fact, ORG.organization, o))
        self.g.add((fact, FKG.event, FKG[event.title()]))
        if tier:
            role = ID[f"tier/{slug(org)}/{slug(tier)}"]
            self.g.add((fact, ORG.role, role))
            self.g.add((role, RDF.type, ORG.Role))
            self.g.add((role, SKOS.prefLabel, Literal(tier)))
        if day:
            self.g.add((fact, DCTERMS.date, Literal(day, datatype=XSD.date)))
            interval, instant = BNode(), BNode()
            self.g.add((fact, ORG.memberDuring, interval))
            edge = TIME.hasEnd if event == "leave" else TIME.hasBeginning
            self.g.add((interval, edge, instant))
            self.g.add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
        self.g.add((m, ORG.memberOf, o))

    def grant(
        self,
        funder: str,
        recipient: str,
        *,
        amount: float | None = None,
        currency: str | None = None,
        kind: str | None = "grant",
        day: str | None = None,
        purpose: str | None = None,
        evidence: str = "",
        kinds: tuple[str, str] = ("Initiative", "Foundation"),
    ) -> None:
        """A funding fact."""
        f, r = self.entity(funder, kinds[0]), self.entity(recipient, kinds[1])
        fact = self._fact(
            SCHEMA.MonetaryGrant,
            evidence or f"{funder} funds {recipient}.",
            "g",
            funder,
            recipient,
            str(amount),
            str(day),
        )
        self.g.add((fact, SCHEMA.funder, f))
        self.g.add((fact, SCHEMA.fundedItem, r))
        if amount is not None:
            money = BNode()
            self.g.add((fact, SCHEMA.amount, money))
            self.g.add((money, RDF.type, SCHEMA.MonetaryAmount))
            self.g.add((money, SCHEMA.value, Literal(amount)))
            self.g.add((money, SCHEMA.currency, Literal(currency)))
        if kind:
            self.g.add((fact, FKG.fundingKind, Literal(kind)))
        if purpose:
            self.g.add((fact, FKG.purpose, Literal(purpose)))
        if day:
            self.g.add((fact, DCTERMS.date, Literal(day, datatype=XSD.date)))

    def role(
        self, person: str, title: str, org: str, *, evidence: str = "", kind: str = "Foundation"
    ) -> None:
        """A role fact."""
        p, o = self.entity(person, "person"), self.entity(org, kind)
        fact = self._fact(ORG.Post, evidence or f"{person} is {title} at {org}.", "r", person, org)
        self.g.add((fact, ORG.heldBy, p))
        self.g.add((fact, ORG.postIn, o))
        self.g.add((fact, SKOS.prefLabel, Literal(title)))
        self.g.add((p, ORG.holds, fact))

    def part_of(
        self,
        child: str,
        parent: str,
        *,
        evidence: str = "",
        kinds: tuple[str, str] = ("Initiative", "Foundation"),
    ) -> None:
        """A part_of fact."""
        c, p = self.entity(child, kinds[0]), self.entity(parent, kinds[1])
        fact = self._fact(FKG.PartOf, evidence or f"{child} is part of {parent}.", "p", child, parent)
        self.g.add((fact, FKG.child, c))
        self.g.add((fact, FKG.parent, p))
        self.g.add((c, ORG.subOrganizationOf, p))


XSS = "<img src=x onerror=alert(1)>"


def small_world() -> StoreWrapper:
    """The hand-built store the network and view tests share."""
    b = Builder()
    d = b.doc(
        "rust/news/jfrog.md",
        title="JFrog joins",
        publisher="Rust Foundation",
        day="2022-09-06",
        url="https://example.org/rust/jfrog",
    )
    d.entity("Rust Foundation", "Foundation")
    d.member(
        "JFrog",
        "Rust Foundation",
        tier="Platinum",
        day="2022-09-06",
        evidence="JFrog has become a Platinum Member of the Rust Foundation.",
    )
    d.role("Stephen Chin", "Member Director", "Rust Foundation")
    d.role("Stephen Chin", "VP of Developer Relations", "JFrog", kind="Company")
    d = b.doc("rust/news/security.md", title="Security team", publisher="Rust Foundation", day="2022-09-13")
    d.grant(
        "Alpha-Omega",
        "Rust Foundation",
        amount=460000,
        currency="USD",
        day="2022-09-13",
        purpose="security engineer",
        evidence="Alpha-Omega granted the Rust Foundation money for security.",
    )
    d.part_of("Alpha-Omega", "Open Source Security Foundation")
    for funder in ("Google", "Microsoft"):
        d.grant(funder, "Alpha-Omega", kind=None, kinds=("Company", "Initiative"))
    d = b.doc("rust/members.md", title="Members", publisher="Rust Foundation")
    for name in ("Google", "Microsoft", "Amazon Web Services", "Huawei"):
        d.member(name, "Rust Foundation", tier="Platinum", event="state")
    d.member("Tag1", "Rust Foundation", tier="Silver", event="join", day="2021-05-01")
    d = b.doc(
        "rust/news/tag1-leaves.md", title="Tag1 moves on", publisher="Rust Foundation", day="2024-01-10"
    )
    d.member("Tag1", "Rust Foundation", tier="Silver", event="leave", day="2024-01-10")
    d = b.doc(
        "openssf/news/2023.md",
        title="OpenSSF news",
        publisher="Open Source Security Foundation",
        day="2023-03-01",
    )
    for name in ("Google", "Microsoft", "JFrog"):
        d.member(name, "Open Source Security Foundation", tier="Premier", event="state")
    d.grant("Alpha-Omega", "Rust Foundation", amount=400000, currency="USD", day="2023-03-01")
    d.grant("Alpha-Omega", "Eclipse Foundation", amount=120000, currency="EUR", day="2023-03-01")
    d = b.doc("evil/post.md", title=XSS, publisher="Evil Foundation", day="2023-05-05")
    d.member("Evil Corp", "Evil Foundation", tier="Gold", evidence=f"{XSS} <script>alert(2)</script> joined.")
    return b.store()


def write_local_store(world: StoreWrapper, path: Any) -> None:
    """Copy the hand-built named graphs into an on-disk store at `path` (for CLI tests)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from graph.store import open_store

    store = open_store(path)
    try:
        for graph in world.dataset.graphs():
            if graph.identifier != DATASET_DEFAULT_GRAPH_ID and len(graph):
                store.replace_graph(URIRef(graph.identifier), graph)
    finally:
        store.close()


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
REAL_SOURCES = ("rust", "alpha-omega")


def _scratch(name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"fkg-{name}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder / "store"


@cache
def gold_corpus_store() -> Any:
    """A store of the real rust and alpha-omega documents with their hand-checked (gold) facts.

    It goes through the real sources, RDF mapping and store, so it tests the network module on
    exactly what the pipeline writes, independent of the extractor's recall.
    """
    from graph.model import FACT_FIELDS, Fact
    from graph.sources import iter_documents
    from graph.store import open_store

    facts: dict[str, list[Fact]] = {}
    for file in sorted(GOLD.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line) if line.strip() else {}
            if obj.get("type") in FACT_FIELDS and obj["doc"].split("/")[0] in REAL_SOURCES:
                facts.setdefault(obj["doc"], []).append(Fact.from_json(obj))
    store = open_store(_scratch("gold"))
    for doc_id, doc_facts in sorted(facts.items()):
        for doc in iter_documents([CORPUS / doc_id]):
            doc.id = doc_id  # type: ignore[union-attr]  # ids are relative to the corpus root
            store.put_document(doc, doc_facts)  # type: ignore[arg-type]
    atexit.register(store.close)
    return store


@cache
def pipeline_corpus_store() -> tuple[Any, Any]:
    """A store built by the real pipeline from the rust and alpha-omega corpora, and its report."""
    from graph.pipeline import ingest_paths
    from graph.store import open_store

    store = open_store(_scratch("pipeline"))
    report = ingest_paths([CORPUS / name for name in REAL_SOURCES], store)
    atexit.register(store.close)
    return store, report
