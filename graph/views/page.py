"""Write a self-contained, offline HTML page for a projected graph (pyvis + vis-network inline).

pyvis supplies the network model, the vendored vis-network and the rendering hook; the page
template is our own because pyvis's always links Bootstrap from a CDN. Sizes follow the
measurements in DESIGN.md: straight edges, a bounded stabilisation then physics off, and above
`PHYSICS_MAX_NODES` positions computed in Python with physics off from the start.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from graph.network.analytics import scores
from graph.views.data import vis_edges, vis_nodes
from graph.views.layout import hub_layout
from graph.views.style import KIND_STYLE, REL_STYLE

#: Above this many nodes the browser gets precomputed positions and no physics (see bench_views.py).
PHYSICS_MAX_NODES = 1000
STABILISATION_ITERATIONS = 120
#: Above this many edges, edges are drawn plain: no labels (unreadable at that density), no arrows
#: and no dashes (each costs a path per edge: at 15,000 edges a frame takes ~3x longer with them).
#: Relation and direction stay in the colour, the tooltip and the details panel.
EDGE_DETAIL_MAX_EDGES = 3000


def write_graph_page(
    nxgraph: nx.MultiDiGraph, path: str | Path, *, title: str, physics: bool | None = None
) -> Path:
    """Write `nxgraph` (as `graph.network.project` makes it) to an HTML page at `path`.

    `physics` forces in-browser stabilisation on or off; by default it is on up to `PHYSICS_MAX_NODES`.
    """
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"{target}: the page must be an .html file")
    html = render_graph_page(nxgraph, title=title, physics=physics)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target


def render_graph_page(nxgraph: nx.MultiDiGraph, *, title: str, physics: bool | None = None) -> str:
    """The page as a string (see `write_graph_page`)."""
    if physics is None:
        physics = nxgraph.number_of_nodes() <= PHYSICS_MAX_NODES
    importance = scores(nxgraph, "pagerank") if nxgraph.number_of_nodes() else {}
    net = Network(directed=True, cdn_resources="in_line", heading=title, height="100%", width="100%")
    # Filled directly: Network.add_edge checks for duplicates and is quadratic in the edge count.
    net.nodes = vis_nodes(nxgraph, importance)
    net.edges = vis_edges(nxgraph)
    _place(net.nodes, nxgraph)
    net.options = _options(physics)
    if len(net.edges) > EDGE_DETAIL_MAX_EDGES:
        _plain_edges(net)
    net.templateEnv = _environment()
    net.path = "page.html.j2"
    return _render(net, physics)


def _place(nodes: list[dict[str, Any]], graph: nx.MultiDiGraph) -> None:
    # Positions always start from the cheap hub layout: physics then only refines it.
    positions = hub_layout(graph)
    for node in nodes:
        node["x"], node["y"] = positions.get(node["id"], (0.0, 0.0))


def _plain_edges(net: Network) -> None:
    for edge in net.edges:
        edge.pop("label", None)
        edge["arrows"], edge["dashes"] = "", False
    net.options["edges"]["arrows"] = {"to": {"enabled": False}}


def _options(physics: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "nodes": {
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            # Big nodes get big labels, readable when the whole graph is in view.
            "scaling": {
                "min": 12,
                "max": 50,
                "label": {"enabled": True, "min": 14, "max": 48, "drawThreshold": 6, "maxVisible": 40},
            },
        },
        "edges": {
            "smooth": False,
            "width": 1.2,
            "arrows": {"to": {"scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": not physics,
            "hideEdgesOnZoom": not physics,
        },
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            # Adaptive steps run several ticks per iteration: with a fixed iteration budget and a
            # good start (the hub layout) plain steps settle as well in about a third of the time.
            "adaptiveTimestep": False,
            "barnesHut": {
                "gravitationalConstant": -6000,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.3,
                "avoidOverlap": 0.1,
            },
            "stabilization": {
                "enabled": True,
                "iterations": STABILISATION_ITERATIONS,
                "updateInterval": 50,
                "fit": True,
            },
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def _environment() -> Environment:
    assets = str(resources.files("graph.views") / "assets")
    vendored = str(Path(pyvis.__file__).parent / "templates")
    # Autoescape: the heading is document text; nodes and edges go through |tojson.
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(assets), FileSystemLoader(vendored)]), autoescape=True
    )


def _asset(name: str) -> str:
    return (resources.files("graph.views") / "assets" / name).read_text(encoding="utf-8")


def _render(net: Network, physics: bool) -> str:
    template = net.templateEnv.get_template(net.path)
    config = {
        "options": net.options,
        "physics": physics,
        "kinds": [{"kind": k, "color": c, "shape": s} for k, (c, s) in KIND_STYLE.items()],
        "rels": [{"rel": r, "color": c, "dashed": d, "text": t} for r, (c, d, t) in REL_STYLE.items()],
    }
    return template.render(
        heading=net.heading,
        nodes=net.nodes,
        edges=net.edges,
        config=config,
        page_js=_asset("page.js"),
        page_css=_asset("page.css"),
    )
