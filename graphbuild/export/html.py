"""graph → lineage.html: one self-contained page (no server, no network) to explore the citation graph.

The page is drawn by vis-network, the library pyvis wraps. We take the vis-network 9.1.2 bundle that ships inside
the pyvis package and inline it, but render our own template instead of pyvis's, because pyvis 0.3.2's templates
link Bootstrap (and more) from CDNs in every mode, assign tooltips as raw HTML, and its ``Network.add_edge`` scans
every node per edge (quadratic at 10,000 papers); the pyvis traps are in ``../shared/docs/gotchas.md``.

Safety: all text from papers.yaml or the API travels as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&`` and the JS line separators escaped, and the page's script inserts it with ``textContent`` only.
Nothing untrusted ever becomes markup.

Determinism: the same graph gives the same bytes (sorted nodes and edges, sorted JSON keys, no timestamps).
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from ..attributes import flat, page_node_keys
from ..layout import (
    Timeline,
    edge_dashed,
    edge_width,
    first_view,
    label_width,
    lane_title,
    node_size,
    place_labels,
    short_label,
    timeline_layout,
)
from ..sources import titles

VIS_VERSION = "9.1.2"
HINT = "Click a paper to see its lineage: what it builds on and what builds on it. Click empty space to reset."
MAIN_PATH_LABEL = "on the main path (SPC, global search)"


def _vis_asset(name: str) -> str:
    """One of the vis-network files pyvis ships, read from pyvis's folder without importing pyvis (which pulls in
    IPython and some 600 modules only to be asked where it lives)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it supplies the vis-network files the page inlines")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "templates" / "lib" / f"vis-{VIS_VERSION}" / name).read_text(encoding="utf-8")


def _page_asset(name: str) -> str:
    """The page's own template, script or style sheet (kept as files of their own, inlined at build time so the
    output stays one self-contained file)."""
    return resources.files("graphbuild.export").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def _template() -> str:
    return _page_asset("lineage.html")


def _script_json(value) -> str:
    """JSON safe to sit inside a <script> element: no '</script>', no '<!--', no U+2028/2029 surprises."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def page_data(graph: nx.DiGraph, timeline: Timeline | None = None) -> dict:
    """Everything the page's script needs, as plain JSON-able data."""
    timeline = timeline or timeline_layout(graph)
    nodes = sorted(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    view = first_view(timeline)
    labels = place_labels(graph, timeline, view)
    shown = page_node_keys()  # the attributes the page's script reads (graphbuild.attributes)
    node_rows = []
    for node in nodes:
        data = graph.nodes[node]
        x, y = timeline.positions[node]
        row = {
            "id": node,
            "label": short_label(node, data),
            "x": x,
            "y": y,
            "size": node_size(graph.in_degree(node)),
            "out": sorted(index[m] for m in graph.successors(node)),
            "in": sorted(index[m] for m in graph.predecessors(node)),
        }
        label = labels.get(node)
        if label:  # where its name goes, at what size (graph units), and the width it may take
            row["lx"], row["ly"], row["ls"] = label.x, label.y, label.size
            row["lw"] = round(label_width(label.text, label.size), 2)
            row["la"] = label.anchor
        for key in shown:
            if key in data:
                row[key] = flat(key, data[key])
        node_rows.append(row)
    rows: dict[float, list[float]] = {}  # the papers of each timeline row (same y), by x
    for node in nodes:
        x, y = timeline.positions[node]
        rows.setdefault(y, []).append(x)
    for xs in rows.values():
        xs.sort()
    edges = []
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        sources = d.get("sources", [])
        edge = {"from": index[u], "to": index[v], "sources": flat("sources", sources), "w": edge_width(sources)}
        if edge_dashed(sources):
            edge["dashed"] = True
        if d.get("main_path"):
            edge["main_path"] = True
        (x1, y1), (x2, y2) = timeline.positions[u], timeline.positions[v]
        if y1 == y2 and _papers_between(rows[y1], x1, x2):
            edge["curve"] = True  # a straight line along the row would run through the papers between them
        edges.append(edge)
    categories = graph.graph.get("categories", {})
    lanes = [
        {"id": lane.category, "label": lane.label, "color": lane.color, "top": lane.top, "bottom": lane.bottom,
         "count": lane.count, "title": lane_title(lane),
         "title_box": list(box), "title_size": size}
        for lane, box, size in zip(timeline.lanes, view.title_boxes, view.title_sizes)
    ]
    # a tick at the start of each year, labelled in the year's own span; the last tick closes the last year, and
    # right of it, if any paper has no date, stands the "undated" column
    years = list(range(timeline.first_month // 12, timeline.last_month // 12 + 1))
    axis = [{"label": str(y) if k < len(years) - 1 else ("undated" if timeline.undated_x is not None else ""),
             "x": timeline.x_of_month(y * 12)} for k, y in enumerate(years)]
    return {
        "title": graph.graph.get("title", "Citation graph"),
        "nodes": node_rows,
        "edges": edges,
        "lanes": lanes,
        "categories": {cid: dict(info) for cid, info in categories.items()},
        "axis": axis,
        "view": list(view.box),
        "main_path_label": MAIN_PATH_LABEL,
        "source_titles": titles(),
    }


def _papers_between(row: list[float], x1: float, x2: float) -> bool:
    lo, hi = min(x1, x2), max(x1, x2)
    return bisect.bisect_left(row, hi) - bisect.bisect_right(row, lo) > 0


def generate_html(graph: nx.DiGraph, timeline: Timeline | None = None) -> str:
    """The lineage page as a string."""
    data = page_data(graph, timeline)
    values = {
        "title": _html_text(data["title"]),
        "vis_version": VIS_VERSION,
        "vis_css": _vis_asset("vis-network.css"),
        "vis_js": _vis_asset("vis-network.min.js"),
        "page_css": _page_asset("lineage.css"),
        "page_js": _page_asset("lineage.js"),
        "hint": _html_text(HINT),
        "graph_json": _script_json(data),
    }
    # One pass over the template: inserted text is never scanned for placeholders again.
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], _template())
