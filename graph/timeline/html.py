"""The interactive timeline page: one self-contained HTML file (inline CSS, JS and data; no network).

The changes travel as JSON inside a non-executed `<script type="application/json">` block, with
`<`, `>` and `&` written as JSON escapes so no document text can close the block; the page's
script writes every value with textContent. A Content-Security-Policy allows exactly the page's
own script and style (by hash), so even a missed escape could not run injected script.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from html import escape
from importlib import resources
from typing import Any

from graph.timeline.model import CHANGE_KINDS, Change


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_html(changes: Sequence[Change], title: str = "Membership timeline") -> str:
    """The page for `changes`: filters (foundation, member, change kind, conflicts), a time strip, a table."""
    css, js = _asset("timeline.css"), _asset("timeline.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    kinds = "".join(
        f'<label><input type="checkbox" name="kind" value="{k}" checked>'
        f'<span class="badge {k}">{k}</span></label>'
        for k in CHANGE_KINDS
    )
    return _PAGE.format(
        csp=escape(csp), title=escape(title), css=css, js=js, summary=escape(_summary(changes)),
        kinds=kinds, data=page_data(changes),
    )  # fmt: skip


def page_data(changes: Sequence[Change]) -> str:
    """The changes as JSON safe to place inside a `<script type="application/json">` block."""
    text = json.dumps([_record(c) for c in changes], ensure_ascii=False, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, code)
    return text


def _record(c: Change) -> dict[str, Any]:
    url = c.url if c.url and c.url.lower().startswith(("https://", "http://")) else None  # never javascript:
    return {
        "uid": c.uid, "date": c.date.isoformat(), "foundation": c.foundation, "member": c.member,
        "change": c.change, "tier_before": c.tier_before, "tier_after": c.tier_after, "source": c.source,
        "also_in": list(c.also_in), "url": url, "evidence": c.evidence, "conflict": c.conflict,
        "alternatives": [str(a) for a in c.alternatives],
    }  # fmt: skip


def _summary(changes: Sequence[Change]) -> str:
    if not changes:
        return "No dated membership changes."
    first, last = min(c.date for c in changes), max(c.date for c in changes)
    members, foundations = len({c.member for c in changes}), len({c.foundation for c in changes})
    return (
        f"{_plural(len(changes), 'change')} of {_plural(members, 'member')} at "
        f"{_plural(foundations, 'foundation')}, {first.isoformat()} to {last.isoformat()}."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1><p class="summary">{summary}</p></header>
<div class="controls">
<label>Foundation <select id="f-foundation"><option value="">all</option></select></label>
<label>Member <input id="f-member" type="search" list="members" placeholder="name contains"></label>
<datalist id="members"></datalist>
<span class="kinds">{kinds}</span>
<label><input id="f-conflict" type="checkbox"> conflicts only</label>
<span id="shown"></span>
</div>
<div class="strip">
<canvas id="dots" aria-label="changes over time (click a dot to see its row)"></canvas>
</div>
<main>
<noscript><p>This page draws its table with JavaScript; the same changes are in the CSV export.</p></noscript>
<table>
<colgroup><col class="c-date"><col class="c-foundation"><col class="c-member"><col class="c-change">
<col class="c-tier"><col class="c-source"><col class="c-evidence"></colgroup>
<thead><tr><th>Date</th><th>Foundation</th><th>Member</th><th>Change</th><th>Tier</th><th>Source</th>
<th>Evidence</th></tr></thead>
<tbody id="rows"></tbody>
</table>
<button id="more" type="button" hidden></button>
</main>
<script id="timeline-data" type="application/json">{data}</script>
<script>{js}</script>
</body>
</html>
"""
