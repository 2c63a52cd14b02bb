"""Large graphs in the project's RDF model (ontology/README.md), written as N-Quads.

One named graph per synthetic document, shaped exactly as graph/rdf.py shapes a real one
(document metadata, the entities it mentions, facts with provenance, membership intervals,
grant amounts). Strings are written directly rather than through rdflib: at 5M triples
building rdflib terms would dominate the run. To catch drift from the model, the named-query
benchmark reports the rows each query finds on it.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synth.names import TIERS, TITLES, NamePools, pools

FKG = "https://w3id.org/foundation-kg/ns#"
ID = "https://w3id.org/foundation-kg/id/"
DOC = "https://w3id.org/foundation-kg/doc/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
FOAF = "http://xmlns.com/foaf/0.1/"
EXTRACTOR = "foundation-kg 0.1.0"
_EVENTS = {"join": "Join", "upgrade": "Upgrade", "leave": "Leave", "state": "State"}
#: Average triples per synthetic document, used to size a graph from a triple target.
TRIPLES_PER_DOC = 100


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _date(day: date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


def _slug(text: str) -> str:
    from graph.rdf import slugify

    return slugify(text)


class _Doc:
    """The quads of one synthetic document."""

    def __init__(self, index: int, names: NamePools, rng: random.Random) -> None:
        self.rng, self.n, self.index = rng, names, index
        self.id = f"synthetic/f{index % len(names.foundations)}/doc-{index}.md"
        self.g = f"<{DOC}{self.id}>"
        self.lines: list[str] = []
        self.described: set[str] = set()
        self.bnodes = 0
        self.day = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4800))
        self.publisher = names.foundations[index % len(names.foundations)]

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} {self.g} .\n")

    def bnode(self) -> str:
        self.bnodes += 1
        return f"_:d{self.index}x{self.bnodes}"  # unique per document, stable per run

    def entity(self, name: str, kind: str) -> str:
        iri = f"<{ID}{'person' if kind == 'person' else 'org'}/{_slug(name)}>"
        if iri not in self.described:
            self.described.add(iri)
            if kind == "person":
                self.add(iri, RDF_TYPE, f"<{FOAF}Person>")
            else:
                self.add(iri, RDF_TYPE, f"<{ORG}Organization>")
                self.add(iri, RDF_TYPE, f"<{FKG}{kind}>")
            self.add(iri, f"<{SKOS}prefLabel>", _lit(name))
        return iri

    def document(self) -> None:
        s = self.g
        self.add(s, RDF_TYPE, f"<{FKG}Document>")
        self.add(s, RDF_TYPE, f"<{PROV}Entity>")
        self.add(s, f"<{DCT}identifier>", _lit(self.id))
        self.add(s, f"<{DCT}title>", _lit(f"Announcement {self.id}"))
        self.add(s, f"<{DCT}date>", _date(self.day))
        self.add(s, f"<{DCT}publisher>", self.entity(self.publisher, "Foundation"))
        self.add(s, f"<{DCT}source>", _lit(self.id))
        self.add(s, f"<{FKG}contentHash>", _lit(hashlib.sha256(self.id.encode()).hexdigest()))
        self.add(s, f"<{FKG}format>", _lit("markdown"))

    def fact(self, kind: str, key: str, rule: str) -> str:
        node = f"<{ID}fact/{hashlib.sha1((self.id + kind + key).encode()).hexdigest()[:16]}>"
        self.add(node, RDF_TYPE, f"<{FKG}Fact>")
        self.add(node, f"<{PROV}wasDerivedFrom>", self.g)
        self.add(node, f"<{FKG}evidence>", _lit(f"Evidence sentence for {kind} {key}."))
        self.add(node, f"<{FKG}evidenceStart>", f'"{self.rng.randint(0, 900)}"^^<{XSD}integer>')
        self.add(node, f"<{FKG}evidenceEnd>", f'"{self.rng.randint(901, 2000)}"^^<{XSD}integer>')
        self.add(node, f"<{FKG}rule>", _lit(rule))
        self.add(node, f"<{FKG}confidence>", f'"0.9"^^<{XSD}decimal>')
        self.add(node, f"<{FKG}extractor>", _lit(EXTRACTOR))
        return node

    def membership(self) -> None:
        member = self.rng.choice(self.n.companies)
        tier, event = self.rng.choice(TIERS), self.rng.choice(("join", "join", "upgrade", "leave", "state"))
        node = self.fact("membership", member + event, f"membership.{event}")
        m, o = self.entity(member, "Company"), self.entity(self.publisher, "Foundation")
        self.add(node, RDF_TYPE, f"<{ORG}Membership>")
        self.add(node, f"<{ORG}member>", m)
        self.add(node, f"<{ORG}organization>", o)
        self.add(m, f"<{ORG}memberOf>", o)
        t = f"<{ID}tier/{_slug(self.publisher)}/{_slug(tier)}>"
        self.add(node, f"<{ORG}role>", t)
        self.add(t, RDF_TYPE, f"<{ORG}Role>")
        self.add(t, f"<{SKOS}prefLabel>", _lit(tier))
        self.add(t, f"<{FKG}tierOf>", o)
        self.add(node, f"<{FKG}event>", f"<{FKG}{_EVENTS[event]}>")
        self.add(node, f"<{DCT}date>", _date(self.day))
        interval, instant = self.bnode(), self.bnode()
        self.add(node, f"<{ORG}memberDuring>", interval)
        self.add(interval, RDF_TYPE, f"<{TIME}Interval>")
        self.add(interval, f"<{TIME}{'hasEnd' if event == 'leave' else 'hasBeginning'}>", instant)
        self.add(instant, RDF_TYPE, f"<{TIME}Instant>")
        self.add(instant, f"<{TIME}inXSDDate>", _date(self.day))

    def funding(self) -> None:
        funder = self.rng.choice(self.n.companies)
        node = self.fact("funding", funder, "funding.grant")
        self.add(node, RDF_TYPE, f"<{SDO}MonetaryGrant>")
        self.add(node, f"<{SDO}funder>", self.entity(funder, "Company"))
        self.add(node, f"<{SDO}fundedItem>", self.entity(self.publisher, "Foundation"))
        money = self.bnode()
        self.add(node, f"<{SDO}amount>", money)
        self.add(money, RDF_TYPE, f"<{SDO}MonetaryAmount>")
        self.add(money, f"<{SDO}value>", f'"{self.rng.randint(1, 500) * 1000}"^^<{XSD}integer>')
        self.add(money, f"<{SDO}currency>", _lit(self.rng.choice(("USD", "USD", "EUR", "GBP"))))
        self.add(node, f"<{FKG}fundingKind>", _lit(self.rng.choice(("grant", "donation", "sponsorship"))))
        self.add(node, f"<{FKG}purpose>", _lit("security engineer"))
        self.add(node, f"<{DCT}date>", _date(self.day))

    def role(self) -> None:
        person = self.rng.choice(self.n.people)
        node = self.fact("role", person, "role.title")
        p, o = self.entity(person, "person"), self.entity(self.publisher, "Foundation")
        self.add(node, RDF_TYPE, f"<{ORG}Post>")
        self.add(node, f"<{ORG}heldBy>", p)
        self.add(node, f"<{ORG}postIn>", o)
        self.add(node, f"<{SKOS}prefLabel>", _lit(self.rng.choice(TITLES)))
        self.add(p, f"<{ORG}holds>", node)

    def part_of(self) -> None:
        child = self.rng.choice(self.n.initiatives)
        node = self.fact("part_of", child, "part_of.project_of")
        c, p = self.entity(child, "Initiative"), self.entity(self.publisher, "Foundation")
        self.add(node, RDF_TYPE, f"<{FKG}PartOf>")
        self.add(node, f"<{FKG}child>", c)
        self.add(node, f"<{FKG}parent>", p)
        self.add(c, f"<{ORG}subOrganizationOf>", p)


_MIX = ("membership",) * 5 + ("funding",) * 2 + ("role",) * 2 + ("part_of",)


def document_quads(index: int, names: NamePools, rng: random.Random) -> list[str]:
    """The N-Quads lines of synthetic document number `index`."""
    doc = _Doc(index, names, rng)
    doc.document()
    for _ in range(rng.randint(2, 6)):
        getattr(doc, rng.choice(_MIX))()
    return doc.lines


def iter_quads(triples: int, seed: int = 5) -> Iterator[str]:
    """N-Quads lines until at least `triples` have been produced (whole documents only)."""
    docs = max(1, triples // TRIPLES_PER_DOC)
    names = pools(companies=max(2000, docs // 2), foundations=max(20, min(300, docs // 100)),
                  people=max(500, docs // 4), seed=seed)
    rng, produced, index = random.Random(seed), 0, 0
    while produced < triples:
        lines = document_quads(index, names, rng)
        produced += len(lines)
        index += 1
        yield from lines


def write_nquads(path: Path, triples: int, seed: int = 5) -> int:
    """Write about `triples` quads to `path`; returns the exact count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        buffer: list[str] = []
        for line in iter_quads(triples, seed):
            buffer.append(line)
            if len(buffer) >= 50_000:
                out.writelines(buffer)
                count += len(buffer)
                buffer.clear()
        out.writelines(buffer)
        count += len(buffer)
    return count


def bulk_load(nquads: Path, store_dir: Path) -> None:
    """Load N-Quads into an on-disk store in the project's layout, as `fkg` itself would.

    `Store.load` streams the file into memory-bounded `bulk_extend` batches, writes every quad
    into its named graph and into the default graph (their deduplicated union, which queries
    read), then compacts the files. The triple count N of a generated graph is the number of
    named-graph quads; the default graph holds the distinct triples (about 82% of N at 1M).
    """
    from graph.store import open_store

    with open_store(store_dir) as store:
        store.load(nquads, "nq")
