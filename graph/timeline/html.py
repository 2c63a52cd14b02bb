"""The interactive timeline page: one self-contained HTML file (inline CSS and JS, no network).

Every piece of document text is escaped here; the script only toggles rows and draws dots.
A Content-Security-Policy allows exactly the page's own script and style (by hash), so even a
missed escape could not run injected script.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from importlib import resources

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
    body = "\n".join(_row(c) for c in changes) or _EMPTY
    return _PAGE.format(
        csp=escape(csp),
        title=escape(title),
        css=css,
        js=js,
        summary=escape(_summary(changes)),
        foundations="".join(
            f'<option value="{escape(f)}">{escape(f)}</option>'
            for f in sorted({c.foundation for c in changes}, key=str.lower)
        ),
        members="".join(
            f'<option value="{escape(m)}"></option>'
            for m in sorted({c.member for c in changes}, key=str.lower)
        ),
        kinds="".join(
            f'<label><input type="checkbox" name="kind" value="{k}" checked>'
            f'<span class="badge {k}">{k}</span></label>'
            for k in CHANGE_KINDS
        ),
        rows=body,
    )


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


def _row(c: Change) -> str:
    attrs = {
        "date": c.date.isoformat(),
        "foundation": c.foundation,
        "member": c.member,
        "change": c.change,
        "conflict": "true" if c.conflict else "false",
    }
    data = " ".join(f'data-{k}="{escape(v)}"' for k, v in attrs.items())
    tiers = _tiers(c)
    flag = '<div class="conflict">\u26a0 sources disagree</div>' if c.conflict else ""
    alts = "".join(f"<li>{escape(str(a))}</li>" for a in c.alternatives)
    alts = f'<ul class="alts">{alts}</ul>' if alts else ""
    return (
        f'<tr class="change" id="c-{c.uid}" {data}>'
        f'<td class="date">{escape(c.date.isoformat())}</td>'
        f"<td>{escape(c.foundation)}</td><td>{escape(c.member)}</td>"
        f'<td><span class="badge {c.change}">{c.change}</span>{flag}</td>'
        f'<td>{tiers}</td><td class="src">{_source(c)}</td>'
        f'<td class="evidence">{escape(c.evidence)}{alts}</td></tr>'
    )


def _tiers(c: Change) -> str:
    """The tier cell: "Silver → Gold", "Gold" (a join), "Gold → —" (a leave), "—" when unknown."""
    dash = "\u2014"
    if c.tier_before:
        return f"{escape(c.tier_before)} \u2192 {escape(c.tier_after or dash)}"
    return escape(c.tier_after) if c.tier_after else dash


def _source(c: Change) -> str:
    names = [c.source, *c.also_in]
    text = "<br>".join(escape(n) for n in names)
    if c.url and c.url.lower().startswith(("https://", "http://")):  # never a javascript: link
        return f'<a href="{escape(c.url)}" rel="noopener noreferrer">{text}</a>'
    return text


_EMPTY = '<tr><td colspan="7" class="empty">No dated membership changes in the store.</td></tr>'

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
<label>Foundation <select id="f-foundation"><option value="">all</option>{foundations}</select></label>
<label>Member <input id="f-member" type="search" list="members" placeholder="name contains"></label>
<datalist id="members">{members}</datalist>
<span class="kinds">{kinds}</span>
<label><input id="f-conflict" type="checkbox"> conflicts only</label>
<span id="shown"></span>
</div>
<div class="strip" id="strip" aria-label="changes over time"></div>
<main>
<table>
<colgroup><col class="c-date"><col class="c-foundation"><col class="c-member"><col class="c-change">
<col class="c-tier"><col class="c-source"><col class="c-evidence"></colgroup>
<thead><tr><th>Date</th><th>Foundation</th><th>Member</th><th>Change</th><th>Tier</th><th>Source</th>
<th>Evidence</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
<script>{js}</script>
</body>
</html>
"""
