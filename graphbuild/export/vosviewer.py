"""graph → a VOSviewer (and VOSviewer Online) JSON map: ``{"network": {"items", "links", "clusters"}, "config"}``.

Items are the papers, with ``id``, ``label``, a ``description`` (HTML: VOSviewer shows it as markup, so every text
in it is escaped), ``url``, ``x``/``y`` from the timeline (so the map opens on the same picture as the page),
``cluster`` from the category, ``weights`` (in-list citations, and Semantic Scholar's count where known) and
``scores`` (the year). Links run citing → cited with ``strength`` 1. Clusters carry the category labels.

The **similarity map** (``export vosviewer-similarity``, or ``export vosviewer --similarity``) is what VOSviewer
is made for: no coordinates (VOSviewer lays it out by its VOS mapping technique and clusters it itself), one link
per pair of papers that share references or citers, its ``strength`` their association strength (van Eck &
Waltman 2009; :mod:`graphbuild.analysis.similarity`, a field's hubs aside, as ``graphbuild similar``), and each
paper's community (:mod:`graphbuild.analysis.communities`) as a score beside its year.
"""

from __future__ import annotations

import html
import json

import networkx as nx

from ..attributes import flat
from ..graph import first_year
from ..layout import Drawing, category_order, draw, short_label

SCALE = 1000.0  # timeline pixels per VOSviewer unit: VOSviewer works with coordinates of order 1


def _description(data: dict) -> str:
    rows = [("Title", data.get("title")), ("Authors", flat("authors", data.get("authors"))),
            ("Venue", data.get("venue")), ("Year", data.get("year")), ("Category", data.get("category_label"))]
    cells = "".join(f"<tr><td>{label}:</td><td>{html.escape(str(value))}</td></tr>"
                    for label, value in rows if value not in (None, ""))
    return f"<table>{cells}</table>"


def vosviewer_map(graph: nx.DiGraph, drawing: Drawing | None = None) -> dict:
    """The map as plain data (see the module docstring)."""
    drawing = drawing or draw(graph)
    order = category_order(graph)
    cluster = {c: n + 1 for n, c in enumerate(order)}
    nodes = sorted(graph.nodes)
    number = {node: n + 1 for n, node in enumerate(nodes)}
    items = []
    for node in nodes:
        data = graph.nodes[node]
        x, y = drawing.positions[node]
        weights = {"In-list citations": graph.in_degree(node), "In-list references": graph.out_degree(node)}
        if data.get("citation_count") is not None:
            weights["Citations"] = data["citation_count"]
        item = {"id": number[node], "label": short_label(node, data), "description": _description(data),
                "x": round(x / SCALE, 4), "y": round(-y / SCALE, 4), "cluster": cluster[data.get("category", "")],
                "weights": weights}
        year = first_year(data)
        if year:
            item["scores"] = {"Year": year}
        if data.get("url"):
            item["url"] = data["url"]
        items.append(item)
    links = [{"source_id": number[u], "target_id": number[v], "strength": 1} for u, v in sorted(graph.edges)]
    return _map(graph, order, cluster, items, links, ("citation", "citations", "citations", "total citations"))


def _map(graph: nx.DiGraph, order: list[str], cluster: dict[str, int], items: list, links: list,
         words: tuple[str, str, str, str]) -> dict:
    """The map file's shape: items, links, the categories as clusters, and what VOSviewer calls a link."""
    labels = graph.graph.get("categories", {})
    clusters = [{"cluster": cluster[c], "label": labels.get(c, {}).get("label", c)} for c in order]
    link, links_word, strength, total = words
    return {
        "network": {"items": items, "links": links, "clusters": clusters},
        "config": {"terminology": {"item": "paper", "items": "papers", "link": link, "links": links_word,
                                   "link_strength": strength, "total_link_strength": total}},
    }


def generate_vosviewer(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    return json.dumps(vosviewer_map(graph, drawing), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def similarity_map(graph: nx.DiGraph) -> dict:
    """The similarity map as plain data (see the module docstring)."""
    from ..analysis.communities import communities
    from ..analysis.similarity import HUB, similarity

    order = category_order(graph)
    cluster = {c: n + 1 for n, c in enumerate(order)}
    number = {node: n + 1 for n, node in enumerate(sorted(graph.nodes))}
    membership = communities(graph)
    items = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        item = {"id": number[node], "label": short_label(node, data), "description": _description(data),
                "cluster": cluster[data.get("category", "")],
                "weights": {"In-list citations": graph.in_degree(node), "In-list references": graph.out_degree(node)}}
        scores = {}
        if first_year(data):
            scores["Year"] = first_year(data)
        if node in membership:
            scores["Community"] = membership[node] + 1
        if scores:
            item["scores"] = scores
        if data.get("url"):
            item["url"] = data["url"]
        items.append(item)
    papers, scores = similarity(graph, "both", "association", hub=HUB)
    strength = sp_upper(scores)
    links = sorted(({"source_id": number[papers[i]], "target_id": number[papers[j]], "strength": round(w, 4)}
                    for i, j, w in strength), key=lambda link: (link["source_id"], link["target_id"]))
    return _map(graph, order, cluster, items, links, ("similarity", "similarities", "similarity", "total similarity"))


def sp_upper(matrix) -> list[tuple[int, int, float]]:
    """The pairs above the diagonal of a symmetric sparse matrix, with their values."""
    import scipy.sparse as sp

    upper = sp.triu(matrix, k=1).tocoo()
    return [(int(i), int(j), float(w)) for i, j, w in zip(upper.row, upper.col, upper.data)]


def generate_vosviewer_similarity(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    return json.dumps(similarity_map(graph), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
