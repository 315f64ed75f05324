"""The page: time until lineage.html of 500 / 2,000 / 5,000 papers has drawn and answers a click, in headless
Chromium, beside a plain pyvis page of the same graph with pyvis's default physics, in the same run.

    python benchmarks/page.py [N ...]        # default: 500 2000 5000

Both pages are opened from file:// with every network request blocked. "Drawn" is the first frame with the graph
(our page: two animation frames after the network exists; pyvis: its loading bar gone after stabilisation, or the network
object present for pages without one). "Click" is a real mouse click on a node until the page shows the paper
selected. Target: 2,000 papers interactive within 3 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.synthetic import CATEGORIES, COLORS, make_list  # noqa: E402
from graphbuild.export.html import generate_html  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def synthetic_graph(n: int) -> nx.DiGraph:
    papers = make_list(n)
    graph = nx.DiGraph(title=f"Synthetic {n}", categories={c: {"label": c.title(), "color": COLORS[k]}
                                                           for k, c in enumerate(CATEGORIES)})
    for p in papers:
        graph.add_node(p.key, title=p.title, category=p.category, year=p.year, color=COLORS[CATEGORIES.index(p.category)],
                       first_appearance=f"{p.year}-{p.month:02d}")
    for p in papers:
        for j in p.cites:
            graph.add_edge(p.key, papers[j].key, provenance="semantic_scholar")
    return graph


def pyvis_page(graph: nx.DiGraph) -> str:
    """pyvis's own page with its defaults (physics on). Nodes and edges are set directly: pyvis's add_edge scans
    every node per edge, which would make this script, not the page, the slow part."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="900px", width="100%")
    net.nodes = [{"id": n, "label": n, "shape": "dot", "size": 10, "color": d["color"], "title": d["title"]}
                 for n, d in graph.nodes(data=True)]
    net.edges = [{"from": u, "to": v, "arrows": "to"} for u, v in graph.edges]
    return net.generate_html()


def measure(browser, path: Path, kind: str, paper: str, timeout: float) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    if kind == "ours":
        page.wait_for_function("window.graphbuild && window.graphbuild.timings.firstDraw !== null",
                               timeout=timeout * 1000, polling="raf")
        position = "(id) => { const g = window.graphbuild, i = g.data.nodes.findIndex((n) => n.id === id);" \
                   " g.network.focus(i, {scale: 1, animation: false}); return g.network.canvasToDOM(g.network.getPositions([i])[i]); }"
        selected = "() => window.graphbuild.state.selected !== null"  # big nodes overlap: any paper will do
    else:
        page.wait_for_function("window.network && (!document.getElementById('loadingBar') || "
                               "document.getElementById('loadingBar').style.display === 'none' || "
                               "getComputedStyle(document.getElementById('loadingBar')).opacity === '0')",
                               timeout=timeout * 1000, polling="raf")
        position = "(id) => { network.focus(id, {scale: 1, animation: false}); return network.canvasToDOM(network.getPositions([id])[id]); }"
        selected = "() => network.getSelectedNodes().length > 0"
    drawn = time.perf_counter() - started
    point = page.evaluate(position, paper)
    box = page.locator("#network" if kind == "ours" else "#mynetwork").bounding_box()
    page.wait_for_timeout(300)  # let the focus settle before clicking
    clicked = time.perf_counter()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(selected, timeout=timeout * 1000, polling="raf")
    click = time.perf_counter() - clicked
    context.close()
    return drawn, click


def main(sizes: list[int]) -> None:
    print("| papers | citations | page | drawn (s) | click → selected (s) | file MB |")
    print("|---:|---:|---|---:|---:|---:|")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in sizes:
            graph = synthetic_graph(n)
            paper = max(graph, key=graph.in_degree)
            pages = {"ours": Path(tmp) / f"lineage-{n}.html", "pyvis": Path(tmp) / f"pyvis-{n}.html"}
            pages["ours"].write_text(generate_html(graph), encoding="utf-8")
            pages["pyvis"].write_text(pyvis_page(graph), encoding="utf-8")
            for kind, path in pages.items():
                try:
                    drawn, click = measure(browser, path, kind, paper, timeout=300)
                    cells = f"{drawn:.2f} | {click:.2f}"
                except Exception as exc:  # a page that never settles is a result too
                    cells = f"not settled after 300 s ({type(exc).__name__}) | –"
                label = "graphbuild lineage.html" if kind == "ours" else "plain pyvis, default physics"
                print(f"| {n:,} | {graph.number_of_edges():,} | {label} | {cells} | {path.stat().st_size / 1e6:.1f} |",
                      flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000, 5000])
