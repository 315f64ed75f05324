"""lineage.svg: a standalone picture (parses as XML, no script, no external reference), every paper in it, titles
escaped, labels that never overlap each other, and small enough for a README at 500 papers."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from benchmarks.synthetic import page_graph
from graphbuild.analysis import mark_main_path
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.export.svg import EDGE_BUDGET, WIDTH, generate_svg
from graphbuild.graph import build_graph
from graphbuild.layout import draw, short_label

from helpers import SHIPPED_CATALOG

NS = "{http://www.w3.org/2000/svg}"


def _names(root):
    return [t for t in root.iter(f"{NS}text") if t.get("paint-order") == "stroke"]


def test_the_shipped_list_as_a_standalone_picture():
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    mark_main_path(graph)
    drawing = draw(graph)
    text = generate_svg(graph, drawing)
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    assert not re.search(r"<script|href=|xlink|url\((?!#[as]\))|@import|<image|<foreignObject", text, re.I)
    assert root.get("width") == str(WIDTH)  # as wide as GitHub shows a README's picture
    x0, y0, width, height = (float(v) for v in root.get("viewBox").split())
    scale = WIDTH / width
    assert 12 * scale >= 9  # a name is at least 9 pixels where the README shows it
    marks = "".join(p.get("d") for p in root.iter(f"{NS}path") if p.get("d", "").count("h0"))
    assert marks.count("h0") == graph.number_of_nodes() + len(drawing.roots)  # every paper a mark, and the legend
    spine = [g for g in root.iter(f"{NS}g") if g.get("stroke-width") == "2.5"]
    assert spine and len(list(spine[0])) == sum(1 for *_, d in graph.edges(data=True) if d.get("main_path"))
    lines = [ln for g in root.iter(f"{NS}g") for ln in g if ln.tag == f"{NS}line"]
    assert len(lines) == graph.number_of_edges()  # 93 citations: all fit the budget
    assert all(g.get("marker-end") for g in root.iter(f"{NS}g") if len(g))  # with arrowheads
    shown = {t.text for t in _names(root)}
    assert shown == {short_label(n, graph.nodes[n]) for n in graph}  # all 33 names
    boxes = [drawing.names[n].box for n in graph]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), "labels overlap"


@pytest.mark.slow
def test_a_big_list_stays_small_readable_and_fast():
    graph = page_graph(10000, 40)
    drawing = draw(graph)
    start = time.process_time()
    text = generate_svg(graph, drawing)
    assert time.process_time() - start < 5  # generous: benchmarks/ measures it (the old one was quadratic)
    root = ET.fromstring(text)
    assert len(text.encode()) < 300_000
    assert root.get("width") == str(WIDTH) and float(root.get("height")) < 3 * WIDTH
    lines = [ln for g in root.iter(f"{NS}g") for ln in g if ln.tag == f"{NS}line"]
    assert 0 < len(lines) <= EDGE_BUDGET


def test_titles_are_escaped():
    graph = build_graph(parse_catalog('title: "</title><script>alert(2)</script>"\n'
                                      'categories: [{id: c, label: "<b>Cat</b>", color: "#102030"}]\n'
                                      'papers: [{id: x, title: "</title><script>alert(1)</script> & co", '
                                      'remark: "<i>X</i>", category: c, year: 2020}]\n'))
    text = generate_svg(graph)
    ET.fromstring(text)
    assert "<script>" not in text and "&lt;script&gt;" in text and "&lt;i&gt;X&lt;/i&gt;" in text
    assert "&lt;b&gt;Cat&lt;/b&gt;" in text and "<b>" not in text


def test_under_a_megabyte_at_500_papers():
    graph = nx.DiGraph(title="Big", categories={f"c{k}": {"label": f"C{k}", "color": "#336699"} for k in range(8)})
    for i in range(500):
        graph.add_node(f"p{i}", title=f"Paper {i}: something", category=f"c{i % 8}", color="#336699",
                       first_appearance=f"{2010 + i // 40}-{1 + i % 12:02d}")
    for i in range(1, 500):
        for j in range(5):
            graph.add_edge(f"p{i}", f"p{(i * 7 + j * 13) % i}")
    text = generate_svg(graph)
    ET.fromstring(text)
    assert len(text.encode()) < 1_000_000


def test_a_citation_is_drawn_thicker_the_more_sources_report_it():
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    edges = sorted(graph.edges)
    graph.edges[edges[0]]["sources"] = ["curated", "openalex", "semantic_scholar"]
    graph.edges[edges[1]]["sources"] = ["openalex"]
    root = ET.fromstring(generate_svg(graph))
    groups = [g for g in root.iter(f"{NS}g") if g.get("stroke-opacity")]  # the citations, by width and dash
    widths = {float(g.get("stroke-width")): len(g) for g in groups}
    dashed = sum(len(g) for g in groups if g.get("stroke-dasharray"))
    assert sorted(widths) == [0.6, 1.2]  # one source (curated only, or one database) and three
    assert dashed == graph.number_of_edges() - 2  # the curated references alone: dashed


def _smallest_text_px(root) -> float:
    """The smallest text in the picture, in pixels where it is shown (each text's font size, its own or inherited,
    times the picture's scale)."""
    x0, y0, width, height = (float(v) for v in root.get("viewBox").split())
    scale = float(root.get("width")) / width
    sizes = []

    def walk(node, inherited):
        size = float(node.get("font-size", inherited))
        if node.tag == f"{NS}text":
            sizes.append(size)
        for child in node:
            walk(child, size)

    walk(root, 16.0)
    return min(sizes) * scale


@pytest.mark.slow
def test_the_picture_is_laid_out_for_the_width_it_is_shown_at():
    from graphbuild.export.svg import MAX_WIDTH, MIN_WIDTH, picture_drawing

    for graph in (build_graph(load_catalog(SHIPPED_CATALOG)), page_graph(1000, 12)):
        for width in (MIN_WIDTH, 600, WIDTH, 1600, MAX_WIDTH):
            root = ET.fromstring(generate_svg(graph, picture_drawing(graph, width)))
            assert root.get("width") == str(width)
            assert _smallest_text_px(root) >= 9, (graph.number_of_nodes(), width)
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    assert generate_svg(graph, picture_drawing(graph)) == generate_svg(graph)  # the default is the build's picture
