"""graph → graph.gexf: Gephi's own format, with ``viz`` colour/position/size and a ``start`` date per paper.

The ``start`` (the first-appearance month, as a date) makes the graph dynamic, so Gephi's timeline slider can
replay how the field grew.
"""

from __future__ import annotations

import io

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ..layout import Drawing
from .graphml import gephi_graph


def generate_gexf(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    """The GEXF 1.2 document as a string, without networkx's ``lastmodifieddate`` (today's date breaks
    byte-identical rebuilds)."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(gephi_graph(graph, drawing, viz=True))
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "graphbuild"  # not the networkx version: the bytes must not change with it
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")
