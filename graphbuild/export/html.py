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

import importlib.util
import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np

from ..attributes import flat, page_node_keys
from ..layout import (
    AXIS_BAND,
    HEADER,
    INDENT,
    MAX_NAME_PX,
    MIN_NAME_PX,
    NAME_PX,
    STRETCH_MAX,
    TITLE_PX,
    VIEW,
    Drawing,
    draw,
    edge_dashed,
    short_label,
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


ANCHORS = {"left": 0, "right": 1, "center": 2}


PAGE_SENTENCES = 3  # citing sentences the page holds per citation (citations.json and the CSV hold them all)
PAGE_SENTENCE = 300  # characters of each
# characters of citing sentences the page holds in all (benchmarks/RESULTS.md §11 measures the page's size)
SENTENCE_BUDGET = 1_500_000
MIN_SENTENCE = 80


SIMILAR_SHOWN = 5  # the most similar papers the panel lists
COMMUNITY_COLOURS = 8  # communities coloured apart (the palette's eight); the rest grey
OTHER_COMMUNITY = "#8a8a8a"


def sentence_room(read: int) -> tuple[int, int]:
    """How many sentences per citation the page holds, and how many characters of each, for ``read`` citations
    with sentences: three of 300 characters while they fit :data:`SENTENCE_BUDGET`, else one of what fits; none
    when not even 80 characters each would (about 19,000 citations read: then the page shows intents and influence,
    and ``graphbuild why`` and ``export citations`` the sentences)."""
    if read * PAGE_SENTENCES * PAGE_SENTENCE <= SENTENCE_BUDGET:
        return PAGE_SENTENCES, PAGE_SENTENCE
    room = SENTENCE_BUDGET // max(read, 1)
    return (1, min(PAGE_SENTENCE, room)) if room >= MIN_SENTENCE else (0, 0)


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _most_similar(graph: nx.DiGraph, top: int = SIMILAR_SHOWN) -> dict[str, list[str]]:
    """Each paper's ``top`` most similar papers (coupling and co-citation, association strength, the hubs aside:
    what ``graphbuild similar`` gives first), for the panel."""
    from ..analysis.similarity import HUB, similarity

    papers, scores = similarity(graph, "both", "association", hub=HUB)
    scores = scores.tocsr()
    rounded = np.round(scores.data, 6)  # ties within a millionth are ties, broken by id
    out = {}
    for i, paper in enumerate(papers):
        start, end = scores.indptr[i], scores.indptr[i + 1]
        cols, values = scores.indices[start:end], rounded[start:end]
        if len(values) > top:  # only those at least as high as the top-th can be among the top: sort just them
            kept = values >= np.partition(values, len(values) - top)[len(values) - top]
            cols, values = cols[kept], values[kept]
        order = sorted(zip((-values).tolist(), (papers[c] for c in cols.tolist())))[:top]
        out[paper] = [name for _, name in order]
    return out


def _communities(graph: nx.DiGraph) -> dict[str, dict]:
    """The communities the build marked (:func:`graphbuild.analysis.communities.mark_communities`): each one's
    label, size, and a colour and mark shape of the palette's (past eight, grey circles), for colouring by
    community."""
    from ..palette import category_colours

    sizes: dict[int, int] = {}
    labels: dict[int, str] = {}
    for _, data in graph.nodes(data=True):
        if "community" in data:
            c = int(data["community"])
            sizes[c] = sizes.get(c, 0) + 1
            labels.setdefault(c, str(data.get("community_label", "")))
    ordered = sorted(sizes)
    looks = category_colours([str(c) for c in ordered[:COMMUNITY_COLOURS]])
    return {str(c): {"label": labels[c], "size": sizes[c],
                     "color": looks[str(c)][0] if str(c) in looks else OTHER_COMMUNITY,
                     "shape": looks[str(c)][1] if str(c) in looks else "circle"} for c in ordered}


def _methodological_main_path(graph: nx.DiGraph) -> set[tuple[str, str]]:
    """The citations of the main path computed on the methodological lineage (the citations made for a method),
    which the page draws as the spine when it shows that lineage; none when no citation's reason was read."""
    from ..analysis.mainpath import main_paths, path_edges
    from ..analysis.why import has_reasons, lineage_filter

    if not has_reasons(graph):
        return set()
    lineage = nx.DiGraph(lineage_filter(graph, ("methodology",)))
    return path_edges(lineage, main_paths(lineage, "spc", "global")) if lineage.number_of_edges() else set()


def page_data(graph: nx.DiGraph, drawing: Drawing | None = None) -> dict:
    """Everything the page's script needs, as plain JSON-able data, compact enough for 10,000 papers: papers (with
    their x, size and rank; their y and names come from the blocks of the lanes they are drawn in), citations as
    ``[citing, cited, sources, flags]`` rows (flags: 1 curated only, 2 main path, 4 influential, 8 made for a method,
    16 on the methodological lineage's main path) and why each cites where a source read it (``why``: its number of
    sentences, its intents, then sentence and intents for as many as :func:`sentence_room` allows), and the
    drawing's lanes and blocks, which the script stacks for the lanes open (the same stacking as
    :func:`graphbuild.layout.stacked`)."""
    drawing = drawing or draw(graph)
    nodes = sorted(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    shown = page_node_keys()  # the attributes the page's script reads (graphbuild.attributes)
    rank = {n: k for k, n in enumerate(drawing.importance)}
    node_rows = []
    for node in nodes:
        data = graph.nodes[node]
        x, _ = drawing.positions[node]
        row = {
            "id": node,
            "label": short_label(node, data),
            "x": x,
            "size": drawing.radius[node],
            "rank": rank[node],
            "pr": float(f"{drawing.pagerank.get(node, 0.0):.4g}"),
            "out": sorted(index[m] for m in graph.successors(node)),
            "in": sorted(index[m] for m in graph.predecessors(node)),
        }
        for key in shown:
            if key in data:
                row[key] = flat(key, data[key])
        node_rows.append(row)
    for paper, close in _most_similar(graph).items():
        if close:
            node_rows[index[paper]]["sim"] = [index[c] for c in close]
    sources: list[str] = []  # each combination of sources once; an edge names its row
    where: dict[str, int] = {}
    edges: list[list[int]] = []
    evidence = {}  # a curated citation's evidence note, by the edge's row
    why = {}  # why it cites, where a source read it, by the edge's row
    method_spine = _methodological_main_path(graph)
    per_edge, chars = sentence_room(sum(1 for *_, d in graph.edges(data=True) if d.get("sentences")))
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if d.get("evidence"):
            evidence[str(len(edges))] = str(d["evidence"])
        said = flat("sources", d.get("sources", []))
        if said not in where:
            where[said] = len(sources)
            sources.append(said)
        intents = list(d.get("intents", []))
        flags = ((1 if edge_dashed(d.get("sources", [])) else 0) | (2 if d.get("main_path") else 0)
                 | (4 if d.get("influential") == "true" else 0) | (8 if "methodology" in intents else 0)
                 | (16 if (u, v) in method_spine else 0))
        sentences = d.get("sentences", [])
        if sentences or d.get("influential", "unknown") != "unknown":
            # [sentences known, "intent,intent", sentence, "its intents", ...]: compact at 50,000 citations
            shown = sentences[:per_edge]
            why[str(len(edges))] = [len(sentences), ",".join(intents), *(
                part for s in shown for part in (_cut(s["text"], chars), ",".join(s.get("intents", []))))]
        edges.append([index[u], index[v], where[said], flags])
    blocks = {}
    for key, block in sorted(drawing.blocks.items()):
        blocks[key] = {
            "lane": block.lane,
            "h": block.height,
            "p": [[index[n], block.y[n]] for n in sorted(block.x, key=index.__getitem__)],
            "n": [[index[n], name.x, name.y, name.size, ANCHORS[name.anchor], round(name.width, 2)]
                  for n, name in sorted(block.names.items(), key=lambda item: index[item[0]])],
        }
    lanes = {c: {"label": lane.label, "color": lane.color, "shape": lane.shape, "parent": lane.parent,
                 "children": list(lane.children), "depth": lane.depth, "count": lane.count, "own": lane.own,
                 "title": lane.title, "group": lane.group}
             for c, lane in drawing.lanes.items()}
    categories = graph.graph.get("categories", {})
    # a tick at the start of each year, labelled in the year's own span; the last tick closes the last year, and
    # right of it, if any paper has no date, stands the "undated" column
    years = list(range(drawing.first_month // 12, drawing.last_month // 12 + 1))
    axis = [{"label": str(y) if k < len(years) - 1 else ("undated" if drawing.undated_x is not None else ""),
             "x": drawing.x_of_month(y * 12)} for k, y in enumerate(years)]
    return {
        "title": graph.graph.get("title", "Citation graph"),
        "nodes": node_rows,
        "edges": edges,
        "edge_sources": sources,
        "evidence": evidence,
        "why": why,
        "lanes": lanes,
        "roots": list(drawing.roots),
        "open": sorted(drawing.open),
        "blocks": blocks,
        "categories": {cid: dict(info) for cid, info in categories.items()},
        "axis": axis,
        "view": list(drawing.view),
        "layout": {"room": VIEW[1] - AXIS_BAND, "stretch_max": STRETCH_MAX, "title_px": TITLE_PX,
                   "name_px": NAME_PX, "min_name_px": MIN_NAME_PX, "max_name_px": MAX_NAME_PX, "indent": INDENT,
                   "axis_band": AXIS_BAND, "header": HEADER},
        "main_path_label": MAIN_PATH_LABEL,
        "communities": _communities(graph),
        "source_titles": titles(),
    }


def generate_html(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    """The lineage page as a string."""
    data = page_data(graph, drawing)
    values = {
        "title": _html_text(data["title"]),
        "vis_version": VIS_VERSION,
        "vis_css": _vis_asset("vis-network.css"),
        "vis_js": _vis_asset("vis-network.min.js"),
        "page_css": _page_asset("lineage.css"),
        "svg_js": _page_asset("svgcanvas.js"),
        "logic_js": _page_asset("pagelogic.js"),
        "page_js": _page_asset("lineage.js"),
        "hint": _html_text(HINT),
        "graph_json": _script_json(data),
    }
    # One pass over the template: inserted text is never scanned for placeholders again.
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m.group(1)], _template())
