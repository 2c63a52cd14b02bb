"""Binding parameters into SPARQL safely, the same way for every backend.

Values are rdflib terms written with `Term.n3()` (which escapes quotes, backslashes and
newlines) into a `VALUES` block placed at the start of the query's outermost WHERE group.
Placing it there (rather than after the query, as rdflib's SPARQLStore does) keeps the
binding effective in queries that aggregate or do not project the parameter, and gives the
embedded store and a remote endpoint the same semantics.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import BNode, Literal, Node, URIRef

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORD = re.compile(r"[A-Za-z_]+")


class BindingError(ValueError):
    """A parameter cannot be bound into a query."""


def values_block(bindings: Mapping[str, Node | None]) -> str:
    """`VALUES (?a ?b) { (t1 t2) }` for the bound (non-None) entries; '' when there are none."""
    items = [(name.lstrip("?$"), term) for name, term in bindings.items() if term is not None]
    if not items:
        return ""
    for name, term in items:
        if not _VAR.match(name):
            raise BindingError(f"{name!r} is not a SPARQL variable name")
        if not isinstance(term, URIRef | Literal) or isinstance(term, BNode):
            raise BindingError(f"parameter ?{name}: only IRIs and literals can be bound, got {term!r}")
    names = " ".join(f"?{name}" for name, _ in items)
    terms = " ".join(term.n3() for _, term in items)
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind(query: str, bindings: Mapping[str, Node | None] | None) -> str:
    """`query` with `bindings` as a VALUES block at the start of its outermost WHERE group."""
    block = values_block(bindings or {})
    if not block:
        return query
    at = where_brace(query)
    return f"{query[: at + 1]} {block}\n{query[at + 1 :]}"


def where_brace(query: str) -> int:
    """Offset of the `{` that opens the outermost WHERE group (outside strings, IRIs, comments)."""
    depth, first_brace, i, n = 0, -1, 0, len(query)
    seen_where = is_construct = False
    while i < n:
        c = query[i]
        if c == "#":
            i = query.find("\n", i)
            i = n if i < 0 else i
            continue
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "<":
            m = _IRIREF.match(query, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            if depth == 0 and (seen_where or (first_brace < 0 and not is_construct)):
                return i
            depth += 1
            first_brace = i if first_brace < 0 else first_brace
        elif c == "}":
            depth -= 1
        elif depth == 0 and (c.isalpha() or c == "_") and (i == 0 or not _word_char(query[i - 1])):
            m = _WORD.match(query, i)
            word = m.group(0).upper() if m else ""
            seen_where = seen_where or word == "WHERE"
            is_construct = is_construct or word == "CONSTRUCT"
            i = m.end() if m else i + 1
            continue
        i += 1
    raise BindingError("the query has no WHERE clause to bind parameters into")


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_?$:"


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end > 0 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end < 0 else end + 3
    j = i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _escaped(text: str, at: int) -> bool:
    backslashes = 0
    while at - 1 - backslashes >= 0 and text[at - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
