"""Entities: one node per real-world organisation or person.

The gazetteer (`data/gazetteer/*.yaml`) lists canonical names with their aliases, kind,
homepage and Wikidata id. `resolve()` maps any surface form ("AWS", "Amazon Web Services,
Inc.") to one `Entity`, by exact lookup on a folded key, then by fuzzy matching; an unknown
name still gets a stable entity of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.resources import data_path, load_yaml

if TYPE_CHECKING:
    import rdflib

ID_BASE = "https://w3id.org/foundation-kg/id/"
KINDS = (
    "foundation",
    "company",
    "initiative",
    "programme",
    "project",
    "agency",
    "body",
    "event",
    "person",
    "organization",
)
#: Fuzzy matches below this score (rapidfuzz ratio, 0-100) are not trusted.
FUZZY_CUTOFF = 93
_LEGAL_SUFFIXES = (
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "l l c",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "plc",
    "ag",
    "sa",
    "s a",
    "sas",
    "srl",
    "bv",
    "b v",
    "nv",
    "oy",
    "ab",
    "aisbl",
    "pbc",
    "llp",
    "pty",
    "pty ltd",
    "kk",
    "se",
    "sarl",
    "ug",
    "a s",
    "as",
    "oü",
    "ou",
)
_SUFFIX_RE = re.compile(r"(?:,?\s+(?:" + "|".join(re.escape(s) for s in _LEGAL_SUFFIXES) + r")\.?)+$", re.I)


@dataclass(frozen=True)
class Entity:
    """A resolved organisation or person."""

    name: str
    kind: str = "organization"
    aliases: tuple[str, ...] = ()
    homepage: str | None = None
    wikidata: str | None = None
    known: bool = False  # True when it comes from the gazetteer

    @property
    def slug(self) -> str:
        """The stable path segment of the entity's IRI."""
        return slugify(self.name)

    @property
    def iri(self) -> rdflib.URIRef:
        """`fkgid:person/<slug>` for people, `fkgid:org/<slug>` for everything else."""
        from rdflib import URIRef

        prefix = "person" if self.kind == "person" else "org"
        return URIRef(f"{ID_BASE}{prefix}/{self.slug}")


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by '-' ("Amazon Web Services" -> "amazon-web-services")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "unnamed"


def strip_legal_suffix(name: str) -> str:
    """'Amazon Web Services, Inc.' -> 'Amazon Web Services' (a name made only of a suffix is kept)."""
    stripped = _SUFFIX_RE.sub("", name.strip()).strip(" ,")
    return stripped or name.strip()


def fold(name: str) -> str:
    """The lookup key: case, punctuation, a leading 'the' and legal suffixes folded away."""
    text = unicodedata.normalize("NFKC", strip_legal_suffix(name)).casefold()
    text = " ".join(_NOT_WORD.sub(" ", text.replace("&", " and ")).split())
    return text[4:] if text.startswith("the ") else text


_NOT_WORD = re.compile(r"[^\w\s]")


@dataclass
class Gazetteer:
    """Known entities, indexed by folded name and alias."""

    entities: dict[str, Entity] = field(default_factory=dict)  # canonical name -> entity
    index: dict[str, Entity] = field(default_factory=dict)  # folded key -> entity
    _near: dict[int, list[str]] = field(default_factory=dict, init=False, repr=False)  # length -> fuzzy keys

    def add(self, entry: dict[str, Any], origin: str = "") -> None:
        """Add (or merge into) an entity from one gazetteer entry."""
        name = str(entry.get("name") or "").strip()
        kind = str(entry.get("kind") or "organization")
        if not name:
            raise ValueError(f"{origin}: gazetteer entry without a name: {entry!r}")
        if kind not in KINDS:
            raise ValueError(f"{origin}: {name}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        old = self.entities.get(name)
        aliases = tuple(dict.fromkeys((*(old.aliases if old else ()), *map(str, entry.get("aliases") or ()))))
        entity = Entity(
            name=name,
            kind=kind if not old or kind != "organization" else old.kind,
            aliases=aliases,
            homepage=entry.get("homepage") or (old.homepage if old else None),
            wikidata=entry.get("wikidata") or (old.wikidata if old else None),
            known=True,
        )
        self.entities[name] = entity
        for surface in (name, *aliases):
            self.index[fold(surface)] = entity
        self._near.clear()

    def lookup(self, name: str) -> Entity | None:
        """Exact lookup on the folded key, then fuzzy matching over all keys."""
        key = fold(name)
        if not key:
            return None
        hit = self.index.get(key)
        if hit or len(key) < 6:
            return hit
        best = _best_fuzzy()(key, self._near_keys(len(key)))
        return self.index[best[0]] if best else None

    def _near_keys(self, length: int) -> list[str]:
        """The keys (in index order) whose length lets them reach the fuzzy cutoff against a key of
        `length`: the ratio of lengths a and b is at most 100 * (1 - |a - b| / (a + b))."""
        near = self._near.get(length)
        if near is None:
            reach = lambda n: 100 * (1 - abs(length - n) / (length + n)) >= FUZZY_CUTOFF - 1e-9  # noqa: E731
            near = self._near[length] = [k for k in self.index if reach(len(k))]
        return near


@cache
def _best_fuzzy() -> Callable[[str, list[str]], tuple[str, float, int] | None]:
    """rapidfuzz's best match above the cutoff (imported on first use: start-up stays light)."""
    from rapidfuzz import fuzz, process

    return partial(process.extractOne, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)


def load_gazetteer(paths: Iterable[Path]) -> Gazetteer:
    """Read gazetteer YAML files (each a list of entries); bad entries raise naming the file."""
    gaz = Gazetteer()
    for path in sorted(paths):
        # libyaml's loader when present: the gazetteer is read by every process that resolves names
        entries = load_yaml(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise ValueError(f"{path}: a gazetteer file must hold a YAML list of entries")
        for entry in entries:
            gaz.add(entry, origin=str(path))
    return gaz


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (all of `data/gazetteer/*.yaml`), loaded once."""
    return load_gazetteer(data_path("gazetteer").glob("*.yaml"))


@lru_cache(maxsize=65536)  # bounded: a long ingest meets ever new names
def resolve(name: str, kind_hint: str | None = None) -> Entity:
    """The entity a surface form names; unknown names get an entity of their own."""
    clean = " ".join(name.split())
    hit = gazetteer().lookup(clean)
    if hit:
        return hit
    return Entity(name=strip_legal_suffix(clean), kind=kind_hint or "organization")


def canonical(name: str, kind_hint: str | None = None) -> str:
    """The canonical name for a surface form."""
    return resolve(name, kind_hint).name


def gazetteer_graph() -> rdflib.Graph:
    """The gazetteer as RDF: labels, alt labels, Wikidata `owl:sameAs`, homepages."""
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.namespace import FOAF, OWL, SKOS

    g = Graph()
    for entity in gazetteer().entities.values():
        g.add((entity.iri, SKOS.prefLabel, Literal(entity.name)))
        if entity.kind == "person":
            g.add((entity.iri, RDF.type, FOAF.Person))
        for alias in entity.aliases:
            g.add((entity.iri, SKOS.altLabel, Literal(alias)))
        if entity.wikidata:
            g.add((entity.iri, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{entity.wikidata}")))
        if entity.homepage:
            g.add((entity.iri, FOAF.homepage, URIRef(entity.homepage)))
    return g
