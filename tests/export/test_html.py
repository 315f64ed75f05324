"""lineage.html as text: self-contained, escaped, deterministic. (Its behaviour is in tests/test_browser.py.)"""

from __future__ import annotations

import json
import re

from graphbuild.catalog import parse_catalog
from graphbuild.export.html import _page_asset, generate_html, page_data
from graphbuild.graph import build_graph

HOSTILE = parse_catalog("""
title: "List </script><script>alert(1)</script>"
categories: [{id: c, label: "<b>Cat</b>", color: "#aabbcc"}]
papers:
  - {id: x, title: "</script><img src=x onerror=alert(1)>", category: c, year: 2020, arxiv: "2001.00001",
     remark: "<svg onload=alert(2)>", links: {paper: "https://example.org/?a=1&b=2"}}
  - {id: y, title: "\\u2028line separator\\u2029", category: c, year: 2021, cites: [x]}
""")


def test_page_is_self_contained(shipped_catalog):
    html = generate_html(build_graph(shipped_catalog))
    assert "vis-network" in html and "@license" in html  # the inlined bundle, licence header kept
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert not re.search(r"https?://[^\"'\s]*(cdn|jsdelivr|unpkg|bootstrap|googleapis)", html, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:", html)  # no stylesheet fetches either
    assert "Content-Security-Policy" in html and "connect-src 'none'" in html


def test_untrusted_text_never_becomes_markup():
    html = generate_html(build_graph(HOSTILE))
    head, _, rest = html.partition('<script type="application/json" id="graph-data">')
    data_text, _, tail = rest.partition("</script>")
    assert "<" not in data_text and ">" not in data_text and "\u2028" not in data_text
    # the page's own code writes SVG (svgcanvas.js, the view as SVG): what the list says must not, anywhere else
    outside_code = html.replace(_page_asset("svgcanvas.js"), "")
    assert "<svg" in html and "<img" not in outside_code and "<svg" not in outside_code and "<b>Cat" not in html
    assert "<title>List &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; · lineage</title>" in head
    data = json.loads(data_text)
    assert data["nodes"][0]["title"] == "</script><img src=x onerror=alert(1)>"  # intact once parsed
    assert data["categories"]["c"]["label"] == "<b>Cat</b>"


def test_page_is_deterministic(shipped_catalog):
    assert generate_html(build_graph(shipped_catalog)) == generate_html(build_graph(shipped_catalog))


def test_page_data_follows_the_graph(shipped_catalog):
    graph = build_graph(shipped_catalog)
    data = page_data(graph)
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(graph.nodes) and len(data["edges"]) == graph.number_of_edges()
    hubert = data["nodes"][ids.index("hubert")]
    assert sorted(ids[i] for i in hubert["out"]) == sorted(graph.successors("hubert"))
    assert sorted(ids[i] for i in hubert["in"]) == sorted(graph.predecessors("hubert"))
    # x follows first appearance: SALMONN (2023-10, venue year 2024) left of Qwen2-Audio (2024-07)
    assert data["nodes"][ids.index("salmonn")]["x"] < data["nodes"][ids.index("qwen2-audio")]["x"]
    assert data["roots"] == list(shipped_catalog.categories) and data["open"] == []
    assert sum(data["lanes"][c]["count"] for c in data["roots"]) == 33
    # the blocks hold every paper once per lane state, and a name where the layout placed one
    assert sorted(i for c in data["roots"] for i, _ in data["blocks"][c]["p"]) == list(range(33))
    named = {ids[row[0]] for c in data["roots"] for row in data["blocks"][c]["n"]}
    assert named == set(ids)
    edge = data["edges"][0]
    assert len(edge) == 4 and data["edge_sources"][edge[2]] == "curated"


def test_the_page_code_lives_in_its_own_files_and_repeats_no_literal():
    from importlib import resources

    from graphbuild.export.html import HINT, MAIN_PATH_LABEL, VIS_VERSION, generate_html

    folder = resources.files("graphbuild.export").joinpath("templates")
    template, script, style = (folder.joinpath(n).read_text(encoding="utf-8")
                               for n in ("lineage.html", "lineage.js", "lineage.css"))
    assert "<script>{{ page_js }}</script>" in template and "<style>{{ page_css }}</style>" in template
    for literal in (VIS_VERSION, HINT, MAIN_PATH_LABEL):  # each comes from Python, once
        assert literal not in template and literal not in script and literal not in style
    import networkx as nx

    page = generate_html(nx.DiGraph(title="T", categories={}))
    assert script in page and style in page and page.count(HINT) == 1 and VIS_VERSION in page
