"""A small reader for Ziggy, the front matter of Zig's SuperMD (`.smd`) pages.

Ziggy looks like Zig struct literals, not YAML:

    .title = "Zig 0.14.0 Released",
    .date = @date("2025-03-05T00:00:00"),
    .aliases = ["news/old.html"],
    .custom = { "mobile_menu_title": "2024 Financials" },

Supported: strings (with escapes), `\\\\` multiline strings, numbers, true/false/null,
`@tag("...")` literals (kept as their string), arrays, maps and `.field = ` structs.
Nesting is bounded so hostile input cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re
from typing import Any

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+|//[^\n]*)
      |(?P<field>\.[A-Za-z_]\w*)
      |(?P<string>"(?:[^"\\\n]|\\.)*")
      |(?P<multiline>(?:\\\\[^\n]*\n?[ \t]*)+)
      |(?P<tag>@[A-Za-z_]\w*\s*\()
      |(?P<number>-?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?)
      |(?P<word>[A-Za-z_]\w*)
      |(?P<punct>[=,:\[\]{}()])""",
    re.VERBOSE,
)
MAX_DEPTH = 32


class ZiggyError(ValueError):
    """Malformed Ziggy; `line` is 1-based within the front matter block."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _tokens(raw: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(raw):
        match = _TOKEN.match(raw, pos)
        line = raw.count("\n", 0, pos) + 1
        if match is None:
            raise ZiggyError(f"unexpected character {raw[pos]!r}", line)
        kind = match.lastgroup or ""
        if kind != "ws":
            out.append((kind, match.group(), line))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, raw: str) -> None:
        self.tokens = _tokens(raw)
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        if self.i < len(self.tokens):
            return self.tokens[self.i]
        last = self.tokens[-1][2] if self.tokens else 1
        return ("eof", "", last)

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise ZiggyError(f"expected {value!r}, found {token[1] or 'end of front matter'!r}", token[2])
        if token[0] == "eof":
            raise ZiggyError("unexpected end of front matter", token[2])
        self.i += 1
        return token

    def fields(self, closing: str | None, depth: int) -> dict[str, Any]:
        """`.name = value` pairs separated by commas, up to `closing` (or the end)."""
        out: dict[str, Any] = {}
        while True:
            kind, text, line = self.peek()
            if (closing is None and kind == "eof") or text == closing:
                return out
            if kind != "field":
                raise ZiggyError(f"expected a '.field = value' entry, found {text!r}", line)
            self.take()
            self.take("=")
            out[text[1:]] = self.value(depth + 1)
            if self.peek()[1] == ",":
                self.take()

    def value(self, depth: int) -> Any:
        kind, text, line = self.peek()
        if depth > MAX_DEPTH:
            raise ZiggyError("nested too deeply", line)
        self.take()
        if kind == "string":
            return json.loads(text) if "\\" in text else text[1:-1]
        if kind == "multiline":
            return "\n".join(part.strip()[2:] for part in text.strip().split("\n"))
        if kind == "number":
            number = float(text.replace("_", ""))
            return int(number) if number.is_integer() and "." not in text else number
        if kind == "word":
            return {"true": True, "false": False, "null": None}.get(text, text)
        if kind == "tag":  # @date("2024-01-01") -> "2024-01-01"
            inner = self.value(depth + 1)
            self.take(")")
            return inner
        if text == "[":
            return self.array(depth)
        if text == "{":
            return self.mapping(depth)
        raise ZiggyError(f"unexpected {text!r}", line)

    def array(self, depth: int) -> list[Any]:
        items: list[Any] = []
        while self.peek()[1] != "]":
            items.append(self.value(depth + 1))
            if self.peek()[1] == ",":
                self.take()
        self.take("]")
        return items

    def mapping(self, depth: int) -> dict[str, Any]:
        if self.peek()[0] == "field":
            struct = self.fields("}", depth)
            self.take("}")
            return struct
        out: dict[str, Any] = {}
        while self.peek()[1] != "}":
            key = self.value(depth + 1)
            self.take(":")
            out[str(key)] = self.value(depth + 1)
            if self.peek()[1] == ",":
                self.take()
        self.take("}")
        return out


def parse_ziggy(raw: str) -> dict[str, Any]:
    """Parse a Ziggy top-level struct body into a dict; raises ZiggyError naming the line."""
    return _Parser(raw).fields(None, 0)
