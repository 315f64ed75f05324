"""graph → graph.graphml, shaped for Gephi (and any GraphML reader).

What Gephi's importer understands: a ``label`` key (we name keys after attributes, ``named_key_ids=True``, so
the yEd convention that takes key ``d3`` as the label cannot pick a random attribute), colours as ``r``/``g``/``b``
integers, ``x``/``y`` positions, ``size``, and edge ``weight``. Positions come from the lineage timeline, so
Gephi opens on the same picture as lineage.html.

Only typed scalars are written (string, int, double, boolean): unknown values are left out, never ``None`` or
empty; text loses the control characters XML 1.0 cannot carry (networkx writes them as-is and the file then
cannot be read back).
"""

from __future__ import annotations

import io
import re

import networkx as nx
from networkx.readwrite.graphml import write_graphml_xml

from ..attributes import flat, not_for_gephi
from ..layout import Drawing, draw, short_label

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # lone surrogates too
_SCALARS = (str, int, float, bool)


def clean_value(value):
    """A GraphML/GEXF-safe scalar, or None when the value should be left out."""
    if isinstance(value, str):
        value = _XML_INVALID.sub("", value).strip()
        return value or None
    if isinstance(value, _SCALARS):
        return value
    return None


def _scalars(data: dict) -> dict:
    """The attributes worth writing, lists joined (:func:`graphbuild.attributes.flat`), cleaned, in sorted order (so
    key order, and bytes, are stable)."""
    skipped = not_for_gephi()
    cleaned = ((key, clean_value(flat(key, value))) for key, value in sorted(data.items()) if key not in skipped)
    return {key: value for key, value in cleaned if value is not None}


def rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def gephi_graph(graph: nx.DiGraph, drawing: Drawing | None = None, *, viz: bool = False) -> nx.DiGraph:
    """A sanitised copy for Gephi: sorted, scalar attributes, label/colour/position/size (or GEXF ``viz``)."""
    drawing = drawing or draw(graph)
    out = nx.DiGraph()
    title = clean_value(graph.graph.get("title"))
    if title:
        out.graph["name"] = title
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        attrs = _scalars(data)
        x, y = drawing.positions[node]
        lane = drawing.lanes.get(data.get("category", ""))
        colour = lane.color if lane else data.get("color", "#999999")  # the drawing's: the page's and the picture's
        attrs["color"] = colour
        r, g, b = rgb(colour)
        size = drawing.radius[node]
        attrs["label"] = clean_value(short_label(node, data)) or node
        attrs["in_list_citations"] = graph.in_degree(node)
        attrs["in_list_references"] = graph.out_degree(node)
        if viz:
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                            "position": {"x": float(x), "y": float(-y), "z": 0.0}, "size": float(size)}
            if data.get("first_appearance"):
                attrs["start"] = data["first_appearance"][:7] + "-01"
        else:
            attrs.update(r=r, g=g, b=b, x=float(x), y=float(-y), size=float(size))
        out.add_node(node, **attrs)
    for u, v in sorted(graph.edges):
        attrs = _scalars(graph.edges[u, v])
        attrs["weight"] = 1.0
        out.add_edge(u, v, **attrs)
    return out


def generate_graphml(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    """The GraphML document as a string (Gephi's y axis points up, so y is negated to keep lanes in order)."""
    buffer = io.BytesIO()
    # The standard-library writer, always: networkx switches to an lxml writer with another layout when lxml is
    # installed, and the same inputs must give the same bytes whatever else is installed.
    write_graphml_xml(gephi_graph(graph, drawing), buffer, encoding="utf-8", named_key_ids=True)
    # networkx declares every Python int as GraphML "long"; ours (years, counts, colour channels) fit in 32 bits,
    # and "int" is the type every importer maps to a plain integer column.
    return buffer.getvalue().decode("utf-8").replace('attr.type="long"', 'attr.type="int"')
