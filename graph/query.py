"""The named query library (ontology/queries/*.rq) and result formatting.

Each .rq file starts with a comment header: the first lines say what it answers, and one
`# param: name (type[, optional]) — meaning` line per parameter. Types: entity (a name,
alias or IRI, resolved through the gazetteer), iri, string, date, integer, document (a
document id or IRI), fact (a fact IRI or its 16-hex id). Values become typed rdflib terms
bound with a VALUES block, never pasted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import BNode, Node

from graph.namespaces import DOC, FKGID, PREFIXES, XSD
from graph.resources import ontology_path

PARAM_TYPES = ("entity", "iri", "string", "date", "integer", "document", "fact")
SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "jsonld", "nt")
_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*\(([\w\s,]+)\)\s*(?:[—–-]+\s*(.*))?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QueryError(ValueError):
    """A named query or one of its parameters is wrong; the message says which and why."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A named query: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    text: str = ""

    @property
    def summary(self) -> str:
        """The first sentence of the description."""
        first = self.description.split("\n", 1)[0]
        return re.split(r"(?<=\.)\s", first, maxsplit=1)[0]


def list_queries() -> list[QueryInfo]:
    """Every named query, sorted by name."""
    return [load_query(path.stem) for path in sorted(ontology_path("queries").glob("*.rq"))]


@cache
def load_query(name: str) -> QueryInfo:
    """The named query `name` (file ontology/queries/NAME.rq)."""
    path = ontology_path("queries", f"{name}.rq")
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(ontology_path("queries").glob("*.rq")))
        raise QueryError(f"no named query {name!r}; known queries: {known}")
    return parse_header(name, path.read_text(encoding="utf-8"))


def parse_header(name: str, text: str) -> QueryInfo:
    """Read the description and `# param:` lines of a query's leading comment block."""
    lines, params = [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            words = [w.strip() for w in m.group(2).split(",")]
            if words[0] not in PARAM_TYPES:
                raise QueryError(f"{name}.rq: parameter {m.group(1)} has unknown type {words[0]!r}")
            params.append(Param(m.group(1), words[0], "optional" in words[1:], (m.group(3) or "").strip()))
        else:
            lines.append(line.lstrip("#").strip())
    paragraphs = [" ".join(part.split()) for part in "\n".join(lines).split("\n\n")]
    description = "\n\n".join(p for p in paragraphs if p)
    return QueryInfo(name=name, description=description, params=tuple(params), text=text)


def bind_params(info: QueryInfo, values: Mapping[str, str]) -> dict[str, Node]:
    """Typed rdflib terms for the given parameter values; checks names and required ones."""
    declared = {p.name: p for p in info.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"query {info.name!r} has no parameter {', '.join(unknown)}; "
            f"it takes: {', '.join(declared) or 'none'}"
        )
    out: dict[str, Node] = {}
    for param in info.params:
        raw = values.get(param.name)
        if raw is None or raw == "":
            if not param.optional:
                raise QueryError(f"query {info.name!r} needs --param {param.name}=... ({param.description})")
            continue
        out[param.name] = to_term(param, str(raw))
    return out


def to_term(param: Param, raw: str) -> Node:
    """One parameter value as a typed rdflib term."""
    try:
        return _CONVERTERS[param.type](raw, param.name)
    except QueryError:
        raise
    except ValueError as exc:
        raise QueryError(f"parameter {param.name}={raw!r} is not a valid {param.type}: {exc}") from exc


def _iri(raw: str, name: str = "") -> URIRef:
    expanded = _expand(raw)
    if not re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]+$', expanded):
        raise ValueError("expected an absolute IRI (http://...)")
    return URIRef(expanded)


def _expand(raw: str) -> str:
    prefix, _, local = raw.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return raw


def _entity(raw: str, name: str) -> URIRef:
    if re.match(r"^(https?://|fkgid:)", raw):
        return _iri(raw)
    from graph.entities import resolve

    hint = {"foundation": "foundation", "person": "person"}.get(name)
    return resolve(raw, hint).iri


def _document(raw: str, name: str) -> URIRef:
    if raw.startswith(str(DOC)):
        return _iri(raw)
    from graph.rdf import doc_iri

    return doc_iri(raw)


def _fact(raw: str, name: str) -> URIRef:
    if re.fullmatch(r"[0-9a-f]{16}", raw):
        return FKGID[f"fact/{raw}"]
    return _iri(raw)


_CONVERTERS = {
    "entity": _entity,
    "iri": _iri,
    "string": lambda raw, name: Literal(raw),
    "date": lambda raw, name: Literal(date.fromisoformat(raw), datatype=XSD.date),
    "integer": lambda raw, name: Literal(int(raw)),
    "document": _document,
    "fact": _fact,
}


# ---------------------------------------------------------------- formatting results


def format_result(result: Result, fmt: str = "table") -> str:
    """A query result as text: table|csv|tsv|json for SELECT/ASK, turtle|jsonld|nt for graphs."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            fmt = "turtle"
        graph = result.graph
        assert graph is not None
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        return graph.serialize(format={"jsonld": "json-ld"}.get(fmt, fmt))
    if fmt not in SELECT_FORMATS:
        raise QueryError(f"format {fmt!r} is not for SELECT/ASK results: use {', '.join(SELECT_FORMATS)}")
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
        return "true\n" if result.askAnswer else "false\n"
    names = [str(v) for v in result.vars or []]
    rows: list[list[Node | None]] = [list(row) for row in result]  # type: ignore[arg-type]
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](names, rows)


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if term.startswith(ns) and prefix != "xsd":
                return f"{prefix}:{term[len(ns) :]}"
        return str(term)
    return str(term)


def _table(names: list[str], rows: list[list[Node | None]]) -> str:
    cells = [[_short(v).replace("\n", " ") for v in row] for row in rows]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in cells])) for i, n in enumerate(names)]
    fit = [
        [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r, widths, strict=True)]
        for r in cells
    ]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(r).rstrip() for r in fit]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(names: list[str], rows: list[list[Node | None]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # SPARQL 1.1 CSV results use CRLF
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()


def _tsv(names: list[str], rows: list[list[Node | None]]) -> str:
    # SPARQL 1.1 TSV: header of ?vars, terms in Turtle/N-Triples syntax
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if v is None else v.n3() for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _json(names: list[str], rows: list[list[Node | None]]) -> str:
    bindings = [{n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None} for row in rows]
    return (
        json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)
        + "\n"
    )


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.I | re.M)


def with_default_prefixes(sparql: str) -> str:
    """Declare the usual prefixes (fkg:, org:, schema:, skos: ...) that `sparql` uses and does not declare."""
    declared = set(_DECLARED.findall(sparql))
    lines = [
        f"PREFIX {prefix}: <{ns}>"
        for prefix, ns in PREFIXES.items()
        if prefix not in declared and re.search(rf"(?<![\w<]){re.escape(prefix)}:", sparql)
    ]
    return "\n".join([*lines, sparql]) if lines else sparql
