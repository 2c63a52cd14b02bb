"""How each node kind and relation looks: colour, vis-network shape, legend text."""

from __future__ import annotations

#: kind -> (colour, vis shape). Shapes are those that draw the label below the node.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "foundation": ("#e15759", "diamond"),
    "company": ("#4e79a7", "dot"),
    "initiative": ("#f28e2b", "triangle"),
    "programme": ("#edc948", "triangleDown"),
    "project": ("#59a14f", "square"),
    "agency": ("#76b7b2", "hexagon"),
    "body": ("#b07aa1", "star"),
    "event": ("#ff9da7", "square"),
    "person": ("#9c755f", "dot"),
    "organization": ("#bab0ac", "hexagon"),
}

#: relation -> (colour, dashed, legend text)
REL_STYLE: dict[str, tuple[str, bool, str]] = {
    "member_of": ("#7f8fa6", False, "member of"),
    "funds": ("#2e9e44", False, "funds"),
    "holds_role": ("#b8a89a", True, "holds role at"),
    "part_of": ("#f28e2b", True, "part of"),
}


def kind_style(kind: str) -> tuple[str, str]:
    """Colour and shape of a node kind (unknown kinds look like plain organisations)."""
    return KIND_STYLE.get(kind, KIND_STYLE["organization"])


def rel_style(rel: str) -> tuple[str, bool, str]:
    """Colour, dashes and legend text of a relation."""
    return REL_STYLE.get(rel, ("#999999", False, rel.replace("_", " ")))
