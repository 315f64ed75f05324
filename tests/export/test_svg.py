"""lineage.svg: a standalone picture (parses as XML, no script, no external reference), every paper in it, titles
escaped, labels that never overlap each other, and small enough for a README at 500 papers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import networkx as nx

from graphbuild.analysis import mark_main_path
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.export.svg import CHAR_WIDTH, LABEL_HEIGHT, generate_svg
from graphbuild.graph import build_graph

from helpers import SHIPPED_CATALOG

NS = "{http://www.w3.org/2000/svg}"


def test_the_shipped_list_as_a_standalone_picture():
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    mark_main_path(graph)
    text = generate_svg(graph)
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    circles = root.findall(f"{NS}circle")
    tips = {c.find(f"{NS}title").text for c in circles if c.find(f"{NS}title") is not None}
    assert len(tips) == graph.number_of_nodes()  # every paper, its title as the tooltip
    assert not re.search(r"<script|href=|xlink|url\(|@import|<image|<foreignObject", text, re.I)
    assert len([ln for ln in root.findall(f"{NS}line") if ln.get("stroke-width") == "3"]) >= 1  # the main path
    labels = [t for t in root.findall(f"{NS}text") if t.get("paint-order") == "stroke"]
    assert "HuBERT" in {t.text for t in labels}
    boxes = [(float(t.get("x")), float(t.get("y")) - 4 - LABEL_HEIGHT / 2,
              float(t.get("x")) + CHAR_WIDTH * len(t.text), float(t.get("y")) - 4 + LABEL_HEIGHT / 2) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), "labels overlap"


def test_titles_are_escaped():
    graph = build_graph(parse_catalog('categories: [{id: c, label: "<b>Cat</b>", color: "#102030"}]\n'
                                      'papers: [{id: x, title: "</title><script>alert(1)</script> & co", '
                                      'remark: "<i>X</i>", category: c, year: 2020}]\n'))
    text = generate_svg(graph)
    ET.fromstring(text)
    assert "<script>" not in text and "&lt;script&gt;" in text and "&lt;i&gt;X&lt;/i&gt;" in text


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
    ns = "{http://www.w3.org/2000/svg}"
    lines = [line for line in root.iter(ns + "line") if line.get("stroke-opacity") == "0.35"]  # the citations
    widths = sorted({float(line.get("stroke-width")) for line in lines})
    dashed = [line for line in lines if line.get("stroke-dasharray")]
    assert widths == [0.8, 1.6]  # one source (curated only, or one database) and three
    assert len(dashed) == graph.number_of_edges() - 2  # the curated references alone: dashed
