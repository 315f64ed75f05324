"""graph → Pajek: ``graph.net`` (vertices with labels and timeline coordinates, arcs citing → cited), ``graph.clu``
(a partition: each paper's category number) and ``graph.vec`` (a vector: each paper's first-appearance year), so
main paths and large networks can be cross-checked in Pajek.

Vertices are numbered 1..N in the order of the paper ids; a label is the paper id (short, unique, ASCII), quoted.
Coordinates are in [0, 1], as Pajek's drawing expects.
"""

from __future__ import annotations

import networkx as nx

from ..graph import first_year
from ..layout import Drawing, category_order, draw

FILES = ("graph.net", "graph.clu", "graph.vec")


def _label(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'


def generate_pajek(graph: nx.DiGraph, drawing: Drawing | None = None) -> dict[str, str]:
    """``{file name: text}`` for the three files."""
    drawing = drawing or draw(graph)
    nodes = sorted(graph.nodes)
    number = {node: n + 1 for n, node in enumerate(nodes)}
    xs = [drawing.positions[n][0] for n in nodes] or [0.0]
    ys = [drawing.positions[n][1] for n in nodes] or [0.0]
    low_x, low_y = min(xs), min(ys)
    span_x, span_y = (max(xs) - low_x) or 1.0, (max(ys) - low_y) or 1.0
    net = [f"*Vertices {len(nodes)}"]
    for node in nodes:
        x, y = drawing.positions[node]
        net.append(f"{number[node]} {_label(node)} {(x - low_x) / span_x:.4f} {(y - low_y) / span_y:.4f}")
    net.append("*Arcs")
    net += [f"{number[u]} {number[v]} 1" for u, v in sorted(graph.edges)]
    order = category_order(graph)
    cluster = {c: k + 1 for k, c in enumerate(order)}
    clu = [f"*Vertices {len(nodes)}"] + [str(cluster[graph.nodes[n].get("category", "")]) for n in nodes]
    vec = [f"*Vertices {len(nodes)}"] + [str(first_year(graph.nodes[n]) or 0) for n in nodes]
    return {"graph.net": "\n".join(net) + "\n", "graph.clu": "\n".join(clu) + "\n", "graph.vec": "\n".join(vec) + "\n"}
