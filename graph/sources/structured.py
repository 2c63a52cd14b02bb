"""Structured directories -> `Document.records` (plus a readable text of record blocks).

Dispatched by content, not folder name: a landscape (`landscape:` or `categories:` with a
"... Member..." category), a JSON/YAML list of entries with a name and a tier, a JSON object
whose keys are tiers, an Open Source Pledge member file, a NumFOCUS project file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml

from graph.model import Document, Record
from graph.resources import load_yaml
from graph.sources.base import Limits, SourceError
from graph.sources.frontmatter import json_safe
from graph.sources.htmlblocks import fold
from graph.sources.records import add_record, clean_name, record_date, tier_name, url_of
from graph.sources.textbuild import InlineText, TextBuilder

Relation = Literal["member", "sponsor", "funder"]
NOT_MEMBER_TIERS = {"adopter", "adopters", "user", "users", "customer"}


def read_structured(doc: Document, path: Path, text: str, limits: Limits) -> bool:
    """Fill `doc` if `path` is a structured file (.json, .yml/.yaml, .csv); False otherwise."""
    name = path.name.lower()
    if name.endswith(".json"):
        data, doc.format = _load_json(path, text), "json"
    elif name.endswith((".yml", ".yaml")):
        data, doc.format = _load_yaml(path, text), "yaml"
    elif name.endswith(".csv"):
        _csv(doc, text, limits)
        return True
    else:
        return False
    builder = TextBuilder(limits.max_blocks)
    shape = _dispatch(doc, data, builder, limits)
    doc.meta["shape"] = shape
    doc.text, doc.blocks = builder.text(), builder.blocks
    return True


def _load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise SourceError(path, "JSON nested too deeply") from None


def _load_yaml(path: Path, text: str) -> Any:
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(path, f"malformed YAML{where}: {problem}") from None
    except RecursionError:
        raise SourceError(path, "YAML nested too deeply") from None


def _dispatch(doc: Document, data: Any, builder: TextBuilder, limits: Limits) -> str:
    if isinstance(data, dict) and ("landscape" in data or "categories" in data):
        _landscape(doc, data, builder, limits)
        return "landscape"
    if isinstance(data, dict) and ("joinDate" in data or "annualReports" in data) and "name" in data:
        _pledge(doc, data, builder)
        return "pledge-member"
    if isinstance(data, dict) and "name" in data and ("support_year_start" in data or "type" in data):
        _project(doc, data, builder)
        return "fiscal-project"
    if isinstance(data, list):
        doc.title = doc.title or Path(doc.id).stem.replace("-", " ").replace("_", " ").title()
        builder.add("title", doc.title)
        _entries(doc, data, None, builder, limits)
        return "entry-list"
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        doc.title = Path(doc.id).stem.replace("-", " ").replace("_", " ").title()
        builder.add("title", doc.title)
        for key, entries in data.items():
            builder.add("heading", tier_name(key) or str(key), level=2)
            _entries(doc, entries, tier_name(key), builder, limits)
        return "tiered-lists"
    doc.meta["data"] = json_safe(data)
    return "unknown"


def _entries(
    doc: Document, entries: list[Any], tier: str | None, builder: TextBuilder, limits: Limits
) -> None:
    """A list of `{name, url, tier|type|level}` entries (sponsor and member lists)."""
    for entry in entries[: limits.max_records]:
        if not isinstance(entry, dict) or not clean_name(entry.get("name")):
            continue
        own = tier_name(entry.get("tier") or entry.get("type") or entry.get("level")) or tier
        if own and own.lower() in NOT_MEMBER_TIERS:
            continue  # adopters/users of a project are not its members
        relation: Relation = "sponsor" if "sponsor" in doc.id.lower() else "member"
        record = Record(
            name=clean_name(entry["name"]),
            tier=own,
            url=url_of(entry),
            organization=doc.publisher,
            relation=relation,
            date=record_date(entry.get("joined") or entry.get("joinDate")),
        )
        add_record(doc, builder, record, context=own or doc.title)


def _landscape(doc: Document, data: dict[str, Any], builder: TextBuilder, limits: Limits) -> None:
    """CNCF-style landscape.yml, or the simplified `categories/subcategories/items` form."""
    doc.format = "landscape"
    categories = data.get("landscape") or data.get("categories") or []
    members = [c for c in categories if isinstance(c, dict) and "member" in str(c.get("name", "")).lower()]
    doc.title = str(members[0]["name"]) if members else "Landscape"
    builder.add("title", doc.title)
    if not members:
        doc.meta["records_warning"] = "no category whose name contains 'Member'"
    for category in members:
        for sub in category.get("subcategories") or []:
            if not isinstance(sub, dict):
                continue
            tier = tier_name(sub.get("name"))
            builder.add("heading", str(sub.get("name", "")), level=2, context=doc.title)
            _entries(doc, [_item(i) for i in sub.get("items") or []], tier, builder, limits)


def _item(item: Any) -> Any:
    # CNCF style nests `item:` (often null) beside the fields; older files nest the fields in it.
    if isinstance(item, dict) and isinstance(item.get("item"), dict):
        return item["item"]
    return item


def _pledge(doc: Document, data: dict[str, Any], builder: TextBuilder) -> None:
    """An Open Source Pledge member: membership since joinDate, and one funder record per report."""
    name = clean_name(data["name"])
    doc.title = name
    builder.add("title", name)
    _paragraph(builder, data.get("description"))
    doc.meta.update({k: json_safe(data.get(k)) for k in ("role", "active", "joinDate") if k in data})
    add_record(
        doc,
        builder,
        Record(
            name=name,
            tier=tier_name(data.get("role")),
            url=url_of(data),
            date=record_date(data.get("joinDate")),
            organization=doc.publisher,
        ),
    )
    for report in data.get("annualReports") or []:
        if not isinstance(report, dict) or not isinstance(report.get("usdAmountPaid"), (int, float)):
            continue
        record = Record(
            name=name,
            relation="funder",
            amount=float(report["usdAmountPaid"]),
            currency="USD",
            date=record_date(report.get("reportDate")),
            url=url_of(report),
            organization=None,
        )
        add_record(doc, builder, record, context=f"annual report {report.get('year', '')}".strip())


def _project(doc: Document, data: dict[str, Any], builder: TextBuilder) -> None:
    """A NumFOCUS project file: `type` sponsored/affiliated since `support_year_start` (a year: no date)."""
    name = clean_name(data["name"])
    doc.title = name
    builder.add("title", name)
    for key in ("short_description", "technical_details", "applications"):
        _paragraph(builder, data.get(key))
    doc.meta.update({k: json_safe(v) for k, v in data.items() if not isinstance(v, (dict, list))})
    tier = tier_name(data.get("type"))
    add_record(doc, builder, Record(name=name, tier=tier, url=url_of(data), organization=doc.publisher))


def _paragraph(builder: TextBuilder, value: Any) -> None:
    if isinstance(value, str) and value.strip():
        builder.add("paragraph", fold(value))


def _csv(doc: Document, text: str, limits: Limits) -> None:
    """A CSV file: one `row` block per line (no records: the columns are not known)."""
    doc.format = "csv"
    builder = TextBuilder(limits.max_blocks)
    for line in text.splitlines():
        inline = InlineText()
        inline.add(" | ".join(cell.strip() for cell in line.split(",")))
        builder.add_inline("row", inline)
    doc.text, doc.blocks = builder.text(), builder.blocks


def member_record(doc: Document, meta: dict[str, Any], builder: TextBuilder) -> None:
    """A member/sponsor file: front matter with `name` or `title`, and `level` or `tier`."""
    name = meta.get("name") or meta.get("title")
    tier = tier_name(meta.get("level") or meta.get("tier"))
    if not isinstance(name, str) or not name.strip() or tier is None:
        return
    relation: Relation = "sponsor" if "sponsor" in doc.id.lower() else "member"
    record = Record(
        name=clean_name(name),
        tier=tier,
        url=url_of(meta),
        organization=doc.publisher,
        relation=relation,
        date=record_date(meta.get("joined") or meta.get("since")),
    )
    add_record(doc, builder, record, context=doc.title)
    if doc.source_url == record.url:
        doc.source_url = None  # that `url` is the member's homepage, not where the page lives
