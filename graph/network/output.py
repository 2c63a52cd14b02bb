"""Rows (lists of dicts) as an aligned text table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

FORMATS = ("table", "csv", "json")
#: Columns left out of tables (kept in CSV and JSON).
TABLE_HIDDEN = ("iri", "source_url")
MAX_LIST_IN_TABLE = 6


def render(rows: list[dict[str, Any]], fmt: str = "table") -> str:
    """Format rows; lists become '; '-joined cells in table and CSV."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(rows)
    if fmt == "table":
        return _table(rows)
    raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")


def _cell(value: Any, *, table: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        shown = value[:MAX_LIST_IN_TABLE] if table else value
        more = f"; … {len(value) - len(shown)} more" if len(shown) < len(value) else ""
        return "; ".join(str(v) for v in shown) + more
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:,.0f}" if table else str(int(value))
        return f"{value:.6g}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v, table=False) for k, v in row.items()})
    return buffer.getvalue()


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(no results)\n"
    columns = [c for c in rows[0] if c not in TABLE_HIDDEN]
    cells = [[_cell(row.get(c), table=True) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
