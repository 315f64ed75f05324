"""lineage.html in a real browser: Debian's Chromium driven by Playwright, every network request blocked and recorded.

Set GRAPHBUILD_SCREENSHOT=docs/lineage.png to also save the HuBERT lineage screenshot there (how the README's is made).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.catalog import parse_catalog
from graphbuild.export.formats import write
from graphbuild.graph import build_graph

from helpers import tree_graph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A page opened from a file:// URL with every other request blocked and recorded."""

    def __init__(self, browser, path: Path, fragment: str = "", viewport: tuple[int, int] = (1400, 900),
                 touch: bool = False):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, has_touch=touch)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url + fragment)
        self.page.wait_for_selector("body[data-ready=true]", timeout=15000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    @property
    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def click_paper(self, paper_id: str) -> None:
        x, y = self.js("""(id) => {
            const g = window.graphbuild;
            g.network.moveTo({position: g.position(id), scale: 1.0, animation: false});
            const p = g.screenPosition(id);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""", paper_id)
        self.page.mouse.click(x, y)

    def wait(self, expression: str, timeout: float = 10.0) -> None:
        """Until ``expression`` is true in the page (polled from here: the page's CSP forbids the string eval
        Playwright's wait_for_function would use in it)."""
        import time

        deadline = time.monotonic() + timeout
        while not self.js(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout} s: {expression}")
            time.sleep(0.05)

    def state(self) -> dict:
        return self.js("window.graphbuild.state")

    def close(self):
        self.context.close()


@pytest.fixture
def shipped_graph(shipped_catalog):
    return build_graph(shipped_catalog)


@pytest.fixture
def shipped_page(browser, shipped_graph, tmp_path):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    page = Page(browser, path)
    yield page
    page.close()


def test_renders_every_node_offline_with_zero_requests(shipped_page, shipped_graph, tmp_path):
    page = shipped_page
    assert page.js("window.graphbuild.data.nodes.length") == 33
    assert page.js("window.graphbuild.data.edges.length") == shipped_graph.number_of_edges()
    # every paper drawn: the pixel at each centre is its category's colour
    colours = page.js("""() => { const g = window.graphbuild, canvas = document.querySelector('#network canvas');
        g.network.redraw();
        const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth, out = {};
        g.data.nodes.forEach((n) => { const p = g.screenPosition(n.id);
            const d = ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
            out[n.id] = '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join(''); });
        return out; }""")
    wanted = {n: shipped_graph.nodes[n]["color"] for n in shipped_graph}
    assert colours == wanted
    assert page.js("document.getElementById('stats').textContent") == "33 papers · 93 citations"
    assert page.js("document.querySelectorAll('#legend button').length") == 7
    shot = tmp_path / "lineage.png"
    page.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert page.outside_requests == [] and page.errors == []


def test_clicking_a_paper_highlights_exactly_its_lineage(shipped_page, shipped_graph, tmp_path):
    page = shipped_page
    page.click_paper("hubert")
    state = page.state()
    assert state["selected"] == "hubert"
    # what it builds on = everything it cites, transitively; what builds on it = everything citing it
    assert state["upstream"] == sorted(nx.descendants(shipped_graph, "hubert"))
    assert state["downstream"] == sorted(nx.ancestors(shipped_graph, "hubert"))
    shown = page.js("window.graphbuild.highlighted()")
    assert shown["nodes"] == {"hubert": "selected", **{p: "up" for p in state["upstream"]},
                              **{p: "down" for p in state["downstream"]}}
    lineage = {"hubert", *state["upstream"], *state["downstream"]}
    assert set(shown["edges"]) == {f"{u}>{v}" for u, v in shipped_graph.edges
                                   if (u == "hubert" or u in state["upstream"]) and v in state["upstream"]
                                   or u in state["downstream"] and (v == "hubert" or v in state["downstream"])}
    # on screen: every other paper fades behind the veil, the lineage keeps its colour above it
    others = set(shipped_graph) - lineage
    pixels = page.js("""(ids) => { const g = window.graphbuild, canvas = document.querySelector('#network canvas');
        g.fitAll(); g.network.redraw();  // everything in view, drawn now: the canvas holds the frame that is read
        const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth, out = {};
        ids.forEach((id) => { const p = g.screenPosition(id);
            out[id] = [...ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data].slice(0, 3); });
        return out; }""", sorted(shipped_graph))
    def faded(rgb):
        return min(rgb) > 170  # blended towards white by the veil
    assert others and all(faded(pixels[p]) for p in others), {p: pixels[p] for p in others}
    assert not any(faded(pixels[p]) for p in lineage), {p: pixels[p] for p in lineage if faded(pixels[p])}
    details = page.js("document.getElementById('details').innerText")
    assert "HuBERT: Self-Supervised Speech Representation Learning" in details and "2021-06" in details
    shot = tmp_path / "hubert.png"
    page.js("window.graphbuild.fitAll()")
    page.page.screenshot(path=str(shot))
    if os.environ.get("GRAPHBUILD_SCREENSHOT"):
        shutil.copy(shot, os.environ["GRAPHBUILD_SCREENSHOT"])

    # a paper in the side panel's lists is clickable
    page.page.click("#details a.paper-link >> text=wav2vec 2.0 (2020)")
    assert page.state()["selected"] == "wav2vec2"

    # clicking empty space resets
    box = page.page.locator("#network").bounding_box()
    page.js("window.graphbuild.network.moveTo({position: {x: -5000, y: -5000}, scale: 1, animation: false})")
    page.page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 30)
    assert page.state()["selected"] is None and page.state()["upstream"] == []
    assert page.outside_requests == []


def test_search_finds_by_arxiv_id_title_and_id(shipped_page):
    page = shipped_page
    for query, expected in [("2106.07447", "hubert"), ("neural codec language", "vall-e"), ("qwen2-audio", "qwen2-audio")]:
        page.page.fill("#search", query)
        page.page.press("#search", "Enter")
        assert page.state()["selected"] == expected, query
    page.page.fill("#search", "no such paper anywhere")
    page.page.press("#search", "Enter")
    assert "No paper matches" in page.js("document.getElementById('message').textContent")


def test_category_toggle_and_year_range_hide_nodes(shipped_page, shipped_graph):
    page = shipped_page
    hidden = "() => window.graphbuild.hidden()"
    page.page.click("#legend button[data-category=survey]")
    surveys = sorted(n for n, d in shipped_graph.nodes(data=True) if d["category"] == "survey")
    assert page.js(hidden) == surveys and len(surveys) == 4
    assert page.js("document.querySelector('#legend button[data-category=survey]').getAttribute('aria-pressed')") == "false"
    assert page.js("document.getElementById('stats').textContent") == "33 papers · 93 citations (29 shown)"
    page.page.click("#legend button[data-category=survey]")
    assert page.js(hidden) == []
    page.page.fill("#year-from", "2023")
    page.page.dispatch_event("#year-from", "change")
    before_2023 = sorted(n for n, d in shipped_graph.nodes(data=True) if d["first_appearance"] < "2023")
    assert page.js(hidden) == before_2023


def test_path_between_two_papers(shipped_page, shipped_graph):
    page = shipped_page
    page.page.fill("#path-from", "vall-e")
    page.page.fill("#path-to", "wav2vec")
    page.page.click("#path-go")
    path = page.state()["path"]
    assert path[0] == "vall-e" and path[-1] == "wav2vec"
    assert len(path) == nx.shortest_path_length(shipped_graph, "vall-e", "wav2vec") + 1
    assert all(shipped_graph.has_edge(a, b) for a, b in zip(path, path[1:]))
    page.page.fill("#path-from", "wav2vec")
    page.page.fill("#path-to", "comprehensive-review-multimodal")
    page.page.click("#path-go")  # wav2vec cites nothing listed, and the 2024 review cites nothing it reaches
    assert not nx.has_path(shipped_graph, "comprehensive-review-multimodal", "wav2vec")  # the precondition
    assert not nx.has_path(shipped_graph, "wav2vec", "comprehensive-review-multimodal")
    assert "No citation path" in page.js("document.getElementById('message').textContent")


def test_injected_titles_run_no_script(browser, tmp_path):
    catalog = parse_catalog("""
title: "</title><script>window.__pwned = 'title'</script>"
categories: [{id: c, label: "<img src=x onerror=\\"window.__pwned='label'\\">", color: "#aabbcc"}]
papers:
  - id: x
    title: "<img src=x onerror=window.__pwned=1>"
    remark: "</script><script>window.__pwned=2</script>"
    category: c
    year: 2020
    authors: ["<svg onload=window.__pwned=3>"]
    links: {paper: "https://example.org/x"}
  - {id: y, title: "javascript link", category: c, year: 2021, cites: [x]}
""")
    path = tmp_path / "hostile.html"
    write("html", build_graph(catalog), path)
    page = Page(browser, path)
    try:
        page.click_paper("x")
        assert page.state()["selected"] == "x"
        assert page.js("window.__pwned === undefined")
        assert page.js("document.querySelector('#details h3').textContent") == "<img src=x onerror=window.__pwned=1>"
        assert page.js("document.querySelectorAll('img, svg').length") == 0
        assert "<svg onload=window.__pwned=3>" in page.js("document.getElementById('details').innerText")
        assert page.js("document.title").startswith("</title><script>")
        assert page.outside_requests == [] and page.errors == []
    finally:
        page.close()


def test_an_address_names_the_paper_shown_and_a_link_opens_it(browser, shipped_graph, tmp_path):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    page = Page(browser, path, "#paper=hubert")
    try:
        assert page.state()["selected"] == "hubert"  # a shared link shows what its sender saw
        page.click_paper("vall-e")
        assert page.js("location.hash") == "#paper=vall-e"  # the address follows the selection
        page.page.keyboard.press("Escape")
        assert page.state()["selected"] is None and page.js("location.hash") == ""
        page.js("location.hash = '#paper=whisper'")
        page.wait("window.graphbuild.state.selected === 'whisper'")
        assert page.errors == [] and page.outside_requests == []
    finally:
        page.close()


def test_escape_resets_the_view_too(shipped_page):
    page = shipped_page
    page.click_paper("hubert")  # zooms in on it
    zoomed = page.js("window.graphbuild.network.getScale()")
    page.page.keyboard.press("Escape")
    after = page.js("window.graphbuild.network.getScale()")
    fitted = page.js("(() => { window.graphbuild.fitAll(); return window.graphbuild.network.getScale(); })()")
    assert after == pytest.approx(fitted, rel=0.001) and after < zoomed  # the whole graph in view again


def test_find_as_you_type_and_no_silent_pick(shipped_page):
    page = shipped_page
    page.page.type("#search", "HuBER")  # typed, no Enter: a unique match selects at once
    page.wait("window.graphbuild.state.selected === 'hubert'")
    page.page.fill("#search", "")
    page.page.type("#search", "speech")
    message = page.js("document.getElementById('message').textContent")
    assert "papers match “speech”" in message and page.state()["selected"] == "hubert"  # nothing picked for it
    page.page.press("#search", "Enter")
    assert page.state()["selected"] == "hubert"  # Enter on an ambiguous query does not pick one either


def test_an_inverted_year_range_is_refused_with_a_reason(shipped_page):
    page = shipped_page
    page.page.fill("#year-to", "2021")
    page.page.dispatch_event("#year-to", "change")
    before = page.js("document.getElementById('stats').textContent")
    assert "shown" in before
    page.page.fill("#year-from", "2024")
    page.page.dispatch_event("#year-from", "change")
    assert "must not be after" in page.js("document.getElementById('message').textContent")
    assert page.js("document.getElementById('stats').textContent") == before  # the refused range hid nothing
    assert page.js("document.getElementById('year-from').value") != "2024"  # and the box says the range in force


def test_paths_and_filters_travel_in_the_address_too(browser, shipped_graph, tmp_path):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    page = Page(browser, path, "#path=hubert,wav2vec&hide=survey&years=2019-2024")
    try:
        state = page.state()
        assert state["path"][0] == "hubert" and state["path"][-1] == "wav2vec" and state["selected"] is None
        assert state["hiddenCategories"] == ["survey"] and state["yearRange"] == [2019, 2024]  # filters kept
        page.page.fill("#year-from", "2020")
        page.page.dispatch_event("#year-from", "change")
        assert "years=2020-2024" in page.js("location.hash")
        page.page.click("#legend button[data-category=survey]")  # shown again: the address forgets it
        assert "hide=" not in page.js("location.hash")
        page.page.click("#legend button[data-category=survey]")
        assert "hide=survey" in page.js("location.hash")
        assert page.errors == []
    finally:
        page.close()


def test_an_edge_along_a_row_bends_around_the_papers_between(shipped_page):
    page = shipped_page
    curved = page.js("""(() => { const g = window.graphbuild, ids = g.data.nodes.map((n) => n.id);
        return g.data.edges.filter((e, k) => g.curved(k)).map((e) => ids[e[0]] + '>' + ids[e[1]]); })()""")
    assert "hubert>wav2vec" in curved  # wav2vec 2.0 sits between them on the row
    assert "hubert>wav2vec2" not in curved  # neighbours on the row: a straight line


def test_the_toolbar_is_one_row_from_1280_px(browser, shipped_graph, tmp_path):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    page = Page(browser, path)
    try:
        page.page.set_viewport_size({"width": 1280, "height": 800})
        tops = page.js("[...document.querySelectorAll('header > *')].filter((e) => e.offsetParent !== null)"
                       ".map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))")
        assert max(tops) - min(tops) <= 6, tops
    finally:
        page.close()


# --- names never overlap: at the first view and zoomed in, on the shipped list and on synthetic lists ---------

def _overlaps(boxes: list[dict], others: list[dict]) -> list[tuple[str, str]]:
    found = []
    for k, a in enumerate(boxes):
        for b in boxes[k + 1:] + others:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                found.append((a["id"], b["id"]))
    return found


def _check_names(page: Page) -> int:
    """No drawn name overlaps another or a lane title, nor any paper's circle; returns how many are drawn."""
    names, titles = page.js("window.graphbuild.labelBoxes()"), page.js("window.graphbuild.titleBoxes()")
    circles = page.js("""(() => { const g = window.graphbuild;
        const pos = g.positions();
        return g.data.nodes.map((n) => { const p = pos[n.id];
            return { id: 'circle:' + n.id, box: [p.x - n.size, p.y - n.size, p.x + n.size, p.y + n.size] }; }); })()""")
    assert _overlaps(names, titles) == []
    assert _overlaps(names, []) == []
    assert [(a, b) for a, b in _overlaps(names, circles) if b.startswith("circle:")] == []
    assert _overlaps(titles, []) == []
    assert _overlaps(page.js("window.graphbuild.tickBoxes()"), []) == []  # the years' (and months') labels
    return len(names)


def _readable_names(page: Page) -> int:
    """Names drawn at 11 px or more on screen (a name's box is 1.3 times its size tall)."""
    return page.js("""(() => { const g = window.graphbuild, s = g.network.getScale();
        return g.labelBoxes().filter((b) => (b.box[3] - b.box[1]) / 1.3 * s >= 11 - 1e-6).length; })()""")


def _every_paper_in_view(page: Page) -> list[str]:
    """The papers outside the view (none, at the first view)."""
    return page.js("""(() => { const g = window.graphbuild, box = document.getElementById('network');
        const w = box.clientWidth, h = box.clientHeight;
        return g.data.nodes.filter((n) => { const p = g.screenPosition(n.id);
            return !(p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h); }).map((n) => n.id); })()""")


def _every_paper_in_width(page: Page) -> list[str]:
    """The papers left or right of the view (none, at the first view: a taller drawing scrolls, it is not cut)."""
    return page.js("""(() => { const g = window.graphbuild, w = document.getElementById('network').clientWidth;
        return g.data.nodes.filter((n) => { const p = g.screenPosition(n.id); return !(p.x >= 0 && p.x <= w); })
            .map((n) => n.id); })()""")


def _scrolls_to_the_last_lane(page: Page) -> None:
    """The wheel scrolls a tall drawing down to its last lane, and no further."""
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(40):
        page.page.mouse.wheel(0, 2000)
    page.page.wait_for_timeout(100)
    bottom, top = page.js("""(() => { const g = window.graphbuild, lanes = g.lanes();
        const at = (y) => g.network.canvasToDOM({x: 0, y}).y;
        return [at(lanes[lanes.length - 1].bottom), at(lanes[0].top)]; })()""")
    assert 0 < bottom <= box["height"] + 1, bottom  # the last lane's bottom in view, not scrolled past
    tall = page.js("window.graphbuild.lanes().at(-1).bottom") * page.js("window.graphbuild.network.getScale()")
    if tall > box["height"]:
        assert top < 0  # a drawing taller than the view scrolled


def _papers_on_screen(page: Page) -> int:
    return len(page.js("window.graphbuild.data.nodes")) - len(_every_paper_in_view(page))


def _zoom(page: Page, factor: float) -> None:
    page.js("""(f) => { const g = window.graphbuild, n = g.network, c = n.getViewPosition();
        n.moveTo({ position: c, scale: n.getScale() * f, animation: false }); n.redraw(); }""", factor)


def test_no_name_overlaps_another_or_a_lane_title_on_the_shipped_list(shipped_page):
    page = shipped_page
    first = _check_names(page)
    assert first >= 25  # nearly every paper of the shipped list is named at the first view
    assert _every_paper_in_view(page) == []
    _zoom(page, 3)
    _check_names(page)
    ticks = [t["id"] for t in page.js("window.graphbuild.tickBoxes()")]
    assert "Jul" in ticks and "2021" in ticks  # zoomed in, half-years or quarters between the years
    # the year band: the last tick closes the last year (no "2025" over an empty span)
    labels = page.js("window.graphbuild.data.axis.map((t) => t.label)")
    assert labels[0] == "2017" and labels[-1] == ""


@pytest.mark.parametrize("size, categories, undated_every, citations", [
    (150, 25, 3, False),  # like a real graph-neural-network list: many lanes, a third undated, no citations
    (500, 8, 0, True),
    (2000, 25, 10, True),
])
def test_names_never_overlap_at_any_zoom_and_every_paper_is_in_the_first_view(
        browser, tmp_path, size, categories, undated_every, citations):
    from benchmarks.synthetic import page_graph

    graph = page_graph(size, categories, undated_every, citations)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    try:
        assert page.errors == []
        assert _every_paper_in_width(page) == []
        _scrolls_to_the_last_lane(page)
        page.js("window.graphbuild.fitAll()")
        drawn = [_check_names(page) / max(1, _papers_on_screen(page))]
        if size >= 500:  # the first view of a large list names at least 30 papers at 11 px or more
            assert _readable_names(page) >= 30, _readable_names(page)
        for _ in range(3):  # zoomed in: a larger share of the papers on screen named, still none over another
            _zoom(page, 2.5)
            drawn.append(_check_names(page) / max(1, _papers_on_screen(page)))
        assert drawn[0] * size >= 15 and (max(drawn[1:]) > drawn[0] or drawn[0] == 1), drawn
        if undated_every:
            assert page.js("window.graphbuild.data.axis.at(-1).label") == "undated"
        # the undated stand right of every dated paper
        xs = {n["id"]: n["x"] for n in page.js("window.graphbuild.data.nodes") if n["id"] in list(graph)[:40]}
        dated = [xs[n] for n in xs if "first_appearance" in graph.nodes[n]]
        undated = [xs[n] for n in xs if "first_appearance" not in graph.nodes[n]]
        if undated:
            assert min(undated) > max(dated)
        wanted = sorted(graph)[size // 2]
        page.page.goto(page.url + "#paper=" + wanted)
        page.wait(f"window.graphbuild && window.graphbuild.state.selected === '{wanted}'")
    finally:
        page.close()


@pytest.mark.parametrize("name", ["CHIANGEL__Awesome-LLM-for-RecSys.md",
                                  "Xnhyacinth__Awesome-LLM-Long-Context-Modeling.md"])  # 634 and 1,473 papers
def test_a_real_awesome_list_imported_and_drawn_offline_reads_without_overlaps(browser, tmp_path, name):
    """Awesome lists as people write them (634 papers in 19 sections; 1,473 in 87 nested categories; no citations
    offline): names placed, 30 or more readable at the first view, nothing in it overlaps, every paper in reach."""
    from graphbuild.catalog import load_catalog
    from graphbuild.inputs import read
    from graphbuild.inputs.listfile import write_new_catalog

    from helpers import shared_file

    source = shared_file("corpus/lists/" + name)
    write_new_catalog(read(source), source.name, tmp_path / "papers.yaml")
    graph = build_graph(load_catalog(tmp_path / "papers.yaml"))
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    try:
        assert page.errors == [] and page.outside_requests == []
        assert _every_paper_in_width(page) == []
        assert _check_names(page) >= 30 and _readable_names(page) >= 30
        _scrolls_to_the_last_lane(page)
        _zoom(page, 4)
        _check_names(page)
    finally:
        page.close()


def test_the_list_under_find_shows_title_id_and_year(shipped_page):
    options = shipped_page.js("[...document.querySelectorAll('#paper-list option')].map((o) => [o.value, o.label])")
    assert len(options) == 33
    assert ["HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units",
            "hubert · 2021"] in options


def test_edges_show_how_many_sources_vouch_for_them_and_the_panel_names_them(browser, shipped_graph, tmp_path):
    graph = shipped_graph.copy()
    combos = ["curated", "curated,semantic_scholar", "curated,openalex,semantic_scholar"]
    for k, (u, v) in enumerate(sorted(graph.edges)):
        graph.edges[u, v]["sources"] = combos[k % 3].split(",")
    graph.add_edge("hubert", "wav2vec", sources="openalex")  # one database alone
    graph.nodes["hubert"].update(openalex_status="resolved", openalex_id="W3169320628",
                                 openalex_references_status="complete", openalex_reference_count=61)
    graph.nodes["vall-e"].update(openalex_status="resolved", openalex_id="W1", openalex_references_status="unknown",
                                 openalex_reference_count=0)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    widths = page.js("""() => { const g = window.graphbuild, out = {};
        g.data.edges.forEach((e, k) => { if (!(e[3] & 2)) out[g.data.edge_sources[e[2]]] = g.edgeStyle(k).width; });
        return out; }""")
    assert widths["openalex"] == widths["curated"] < widths["curated,semantic_scholar"] \
        < widths["curated,openalex,semantic_scholar"]
    dashed = page.js("""() => { const g = window.graphbuild, out = {};
        g.data.edges.forEach((e, k) => { if (!(e[3] & 2)) out[g.data.edge_sources[e[2]]] = g.edgeStyle(k).dashed; });
        return out; }""")
    assert dashed == {"curated": True, "curated,semantic_scholar": False, "curated,openalex,semantic_scholar": False,
                      "openalex": False}
    page.click_paper("hubert")
    details = page.js("document.getElementById('details').innerText")
    assert "OpenAlex\nW3169320628, 61 references" in details
    items = page.js("[...document.querySelectorAll('#details li')].map((li) => li.innerText)")
    assert "wav2vec (2019) · OpenAlex" in items
    assert any(t.endswith("· curated, OpenAlex, Semantic Scholar") for t in items)
    page.js("window.graphbuild.select('vall-e')")
    assert "references unknown (none listed)" in page.js("document.getElementById('details').innerText")
    assert page.outside_requests == [] and page.errors == []
    page.close()


# --- lists at their real size: a category tree that folds, lineages in depth, picking, history, Find -----------



def _lanes_in_python(drawing, opened):
    from graphbuild.layout import stacked

    return [[lane.lane, lane.block, lane.top, lane.bottom] for lane in stacked(drawing, opened)]


def _lanes_in_page(page):
    return page.js("window.graphbuild.lanes().map((l) => [l.lane, l.key, l.top, l.bottom])")


def _click_title(page, lane_id):
    x, y = page.js("""(id) => { const g = window.graphbuild, t = g.titleBoxes().find((b) => b.id === id);
        const p = g.network.canvasToDOM({x: (t.box[0] + t.box[2]) / 2, y: (t.box[1] + t.box[3]) / 2});
        const r = document.getElementById('network').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""",
                   lane_id)
    page.page.mouse.click(x, y)


def test_lane_titles_fold_and_open_the_category_tree(browser, tmp_path):
    from graphbuild.layout import draw

    graph = tree_graph()
    drawing = draw(graph)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    try:
        assert page.errors == []
        first = set(page.js("window.graphbuild.state.open"))
        assert first == set(drawing.open)
        assert _lanes_in_page(page) == _lanes_in_python(drawing, first)  # the page stacks as Python does
        for opened in ([], ["models"], ["models", "speech"]):  # every state, stacked the same way
            assert page.js("(o) => window.graphbuild.stack(o).map((l) => [l.lane, l.key, l.top, l.bottom])",
                           opened) == _lanes_in_python(drawing, opened)
        page.js("window.graphbuild.fitAll()")
        if "models" not in first:
            _click_title(page, "models")
        assert "models" in page.js("window.graphbuild.state.open")
        _click_title(page, "models")  # folded: one lane for the whole subtree
        assert page.js("window.graphbuild.state.open") == []
        assert [lane[0] for lane in _lanes_in_page(page)] == ["models", "data"]
        assert "open=-" in page.js("location.hash")
        page.js("window.graphbuild.select('p3')")  # a paper in a folded lane: its lane opens down to its category
        assert {"models", "speech"} <= set(page.js("window.graphbuild.state.open"))
        assert any(lane[1] == "tts" for lane in _lanes_in_page(page))
        positions = page.js("window.graphbuild.positions()")
        lanes = {lane[1]: lane for lane in _lanes_in_page(page)}
        assert lanes["tts"][2] <= positions["p3"]["y"] <= lanes["tts"][3]
        reopened = Page(browser, path, "#open=models")
        try:
            assert reopened.js("window.graphbuild.state.open") == ["models"]
            assert _lanes_in_page(reopened) == _lanes_in_python(drawing, {"models"})
        finally:
            reopened.close()
    finally:
        page.close()


def test_a_foundational_paper_shows_its_direct_citations_first(browser, tmp_path):
    from benchmarks.synthetic import page_graph

    graph = page_graph(500, 8)
    top = max(graph, key=lambda n: (graph.in_degree(n), n))
    assert len(nx.ancestors(graph, top)) > 50  # the precondition: a lineage too large to read whole
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path, "#paper=" + top)
    try:
        state = page.state()
        assert state["downstream"] == sorted(graph.predecessors(top))  # direct citations only
        assert state["upstream"] == sorted(graph.successors(top))
        details = page.js("document.getElementById('details').innerText")
        assert "more in the whole lineage" in details
        page.page.click("#details .depth button[data-depth='0']")
        state = page.state()
        assert state["downstream"] == sorted(nx.ancestors(graph, top))
        assert state["upstream"] == sorted(nx.descendants(graph, top))
        assert "depth=all" in page.js("location.hash")
        page.page.click("#details .depth button[data-depth='2']")
        two = {m for n in graph.predecessors(top) for m in graph.predecessors(n)} | set(graph.predecessors(top))
        assert page.state()["downstream"] == sorted(two - {top})
        # the lineage shown is in view: fitted, not run off the screen
        assert page.errors == []
    finally:
        page.close()


def test_a_click_near_a_small_paper_picks_it(browser, tmp_path):
    from benchmarks.synthetic import page_graph

    graph = page_graph(2000, 25, 10)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    try:
        # a paper drawn small at the first view: a click 5 px right of its rim selects it
        target = page.js("""() => { const g = window.graphbuild, w = document.getElementById('network').clientWidth;
            const h = document.getElementById('network').clientHeight, pos = g.positions(), scale = g.network.getScale();
            const small = g.data.nodes.filter((n) => { const p = g.screenPosition(n.id);
                return n.size * scale < 4 && p.x > 40 && p.x < w - 40 && p.y > 60 && p.y < h - 40; });
            // the click lands 5 px right of the rim: no other paper's rim within 8 px of that point
            const alone = small.find((n) => { const cx = pos[n.id].x + n.size + 5 / scale, cy = pos[n.id].y;
                return g.data.nodes.every((m) => m === n
                    || (Math.hypot(pos[m.id].x - cx, pos[m.id].y - cy) - m.size) * scale > 9); });
            return alone && alone.id; }""")
        assert target, "no small, isolated paper in the first view"
        x, y, r = page.js("""(id) => { const g = window.graphbuild, p = g.screenPosition(id);
            const box = document.getElementById('network').getBoundingClientRect();
            const n = g.data.nodes.find((m) => m.id === id);
            return [box.left + p.x, box.top + p.y, n.size * g.network.getScale()]; }""", target)
        page.page.mouse.click(x + r + 5, y)
        assert page.state()["selected"] == target
    finally:
        page.close()


def test_back_returns_to_the_previous_paper(shipped_page):
    page = shipped_page
    page.click_paper("hubert")
    page.click_paper("vall-e")
    assert page.js("location.hash") == "#paper=vall-e"
    page.page.go_back()
    page.wait("window.graphbuild.state.selected === 'hubert'")
    page.page.go_back()
    page.wait("window.graphbuild.state.selected === null")


def test_find_rings_every_match_and_path_refuses_one_paper_twice(shipped_page, shipped_graph):
    page = shipped_page
    page.page.fill("#search", "speech")
    page.page.dispatch_event("#search", "input")
    expected = sorted(n for n, d in shipped_graph.nodes(data=True)
                      if "speech" in n.lower() or "speech" in d["title"].lower()
                      or "speech" in (d.get("remark") or "").lower())
    matched = page.js("window.graphbuild.matched()")
    assert len(matched) > 1 and set(expected) <= set(matched)
    assert f"{len(matched)} papers match" in page.js("document.getElementById('message').textContent")
    page.page.fill("#path-from", "hubert")
    page.page.fill("#path-to", "hubert")
    page.page.click("#path-go")
    assert "two different papers" in page.js("document.getElementById('message').textContent")
    assert page.state()["path"] == []


# --- accessibility: axe-core (from the npm registry, package.json) finds nothing wrong ---------------------------

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("fragment, viewport, scheme", [
    ("", (1400, 900), "light"), ("#paper=hubert", (1400, 900), "light"), ("#path=vall-e,wav2vec", (1400, 900), "light"),
    ("", (390, 844), "light"), ("#paper=hubert&table=1", (1400, 900), "light"), ("#table=1", (390, 844), "light"),
    ("", (768, 1024), "light"), ("#paper=hubert&table=1", (1400, 900), "dark"), ("#path=vall-e,wav2vec", (390, 844), "dark"),
    ("#paper=hubert&colour=community", (1400, 900), "light"), ("#paper=hubert&colour=community", (390, 844), "dark")])
def test_axe_finds_no_violation(browser, shipped_graph, tmp_path, fragment, viewport, scheme):
    from graphbuild.analysis.communities import mark_communities

    if not AXE.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{AXE} is missing: .ci/run must run npm ci")
        pytest.skip(f"{AXE} not installed (npm ci)")
    path = tmp_path / "lineage.html"
    graph = shipped_graph.copy()
    mark_communities(graph)  # as the build writes it: the communities' key and the most similar papers too
    write("html", graph, path)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=True,
                                  color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri() + fragment)
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("axe.run(document)")
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
        assert found == []
        assert len(result["passes"]) > 30  # axe ran its rules
    finally:
        context.close()


# --- taking it away: the lineage shown, as BibTeX and CSV, and the view as a PNG ------------------------------

def _download(page: Page, selector: str) -> Path:
    with page.page.expect_download() as info:
        page.page.click(selector)
    return Path(info.value.path())


def test_the_lineage_shown_downloads_as_bibtex_csv_and_png(browser, shipped_graph, tmp_path):
    import csv

    from graphbuild.export.bibtex import generate_bibtex

    graph = shipped_graph.copy()
    graph.nodes["hubert"]["title"] = "HuBERT}, note = {pwned"  # a title that would close its field
    graph.nodes["wav2vec"]["venue"] = "=HYPERLINK(\"http://x\")"  # a cell a spreadsheet would run
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path, "#paper=hubert")
    try:
        shown = sorted(page.js("Object.keys(window.graphbuild.highlighted().nodes)"))
        text = _download(page, "#details .export button[data-export=bibtex]").read_text(encoding="utf-8")
        assert text == generate_bibtex(graph.subgraph(shown))  # the same entries graphbuild export writes
        rows = list(csv.DictReader(_download(page, "#details .export button[data-export=csv]").open(encoding="utf-8")))
        assert sorted(r["id"] for r in rows) == shown
        assert {r["id"]: r["role"] for r in rows}["hubert"] == "selected"
        assert {r["id"]: r["venue"] for r in rows}["wav2vec"].startswith("'=")
        png = _download(page, "#details .export button[data-export=png]").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert page.errors == []
    finally:
        page.close()


# the two pictures, drawn in a blank page at a quarter of their size (each pixel the mean of 16: glyphs rasterised a
# little differently then agree, a line or a mark out of place does not): the share of pixels that differ by more
# than a quarter of the range
COMPARE = """async ([png, svg]) => {
    const load = (src) => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
    const [a, b] = await Promise.all([load(png), load(svg)]);
    const w = Math.round(a.width / 4), h = Math.round(a.height / 4);
    const pixels = (img) => {  // drawn at its size, then that raster made smaller (the SVG too: not redrawn small)
        const full = document.createElement('canvas'); full.width = a.width; full.height = a.height;
        full.getContext('2d').drawImage(img, 0, 0, a.width, a.height);
        const c = document.createElement('canvas'); c.width = w; c.height = h;
        const x = c.getContext('2d'); x.imageSmoothingQuality = 'high'; x.drawImage(full, 0, 0, w, h); return x.getImageData(0, 0, w, h).data; };
    const p = pixels(a), q = pixels(b);
    let off = 0, ink = 0;
    for (let k = 0; k < p.length; k += 4) {
        const d = Math.max(Math.abs(p[k] - q[k]), Math.abs(p[k + 1] - q[k + 1]), Math.abs(p[k + 2] - q[k + 2]));
        if (d > 64) off++;
        if (Math.min(p[k], p[k + 1], p[k + 2]) < 160) ink++;
    }
    return { off: off / (p.length / 4), ink: ink / (p.length / 4), size: [a.width, a.height, b.width, b.height] };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_view_downloads_as_an_svg_that_draws_what_the_canvas_shows(browser, shipped_graph, tmp_path, scheme):
    import base64
    import xml.etree.ElementTree as ET

    graph = shipped_graph.copy()
    graph.nodes["hubert"]["remark"] = "Hu<b>BERT</b> & \"co\""  # the name drawn beside the selected paper
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path, "#paper=hubert")
    try:
        page.page.emulate_media(color_scheme=scheme)
        page.page.mouse.move(1, 1)  # no card under the pointer in either picture
        page.js("window.graphbuild.network.redraw()")
        svg = _download(page, "#details .export button[data-export=svg]").read_text(encoding="utf-8")
        png = _download(page, "#details .export button[data-export=png]").read_bytes()
        root = ET.fromstring(svg)  # well-formed, with the hostile name as text
        ns = "{http://www.w3.org/2000/svg}"
        texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
        assert 'Hu<b>BERT</b> & "co"' in texts and "<b>" not in svg
        assert "VALL-E" in texts and "2021" in texts  # the names and the years drawn on the canvas
        assert not [e for e in root.iter() if e.tag in (ns + "script", ns + "foreignObject", ns + "image")]
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
        width, height = page.js("[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]")
        assert (root.get("width"), root.get("height")) == (str(width), str(height))
        blank = browser.new_page()
        try:
            seen = blank.evaluate(COMPARE, ["data:image/png;base64," + base64.b64encode(png).decode(),
                                            "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()])
        finally:
            blank.close()
        assert seen["size"][:2] == [width, height]
        assert seen["off"] < 0.001, seen  # the same picture: lanes, lines, marks and names where the canvas has them
        assert page.errors == []
    finally:
        page.close()


def test_the_keyboard_walks_the_papers_and_the_panel_lists_them_all(shipped_page, shipped_graph):
    page = shipped_page
    page.page.focus("#network")
    page.page.keyboard.press("n")
    first = page.state()["selected"]
    order = sorted(shipped_graph, key=lambda n: (page.js(f"window.graphbuild.position('{n}').x"), sorted(shipped_graph).index(n)))
    assert first == order[0]
    page.page.keyboard.press("n")
    assert page.state()["selected"] == order[1]
    assert "Selected" in page.js("document.getElementById('message').textContent")
    page.page.keyboard.press("p")
    assert page.state()["selected"] == order[0]
    page.page.keyboard.press("t")  # the table, from the drawing's keys
    assert page.js("document.activeElement.id") == "papers"
    assert page.js("document.getElementById('papers').getAttribute('aria-rowcount')") == "34"


def test_an_id_is_one_match_among_titles_and_a_list_without_citations_says_what_to_do(browser, tmp_path):
    catalog = parse_catalog("""
categories: [{id: c, label: "C"}]
papers:
  - {id: llm, title: "Language Models", category: c, year: 2020}
  - {id: a, title: "An LLM for speech", category: c, year: 2021}
  - {id: b, title: "LLM agents", category: c, year: 2022}
""")
    path = tmp_path / "lineage.html"
    write("html", build_graph(catalog), path)
    page = Page(browser, path)
    try:
        page.page.fill("#search", "llm")
        page.page.dispatch_event("#search", "input")
        assert page.state()["selected"] is None  # the paper whose id is "llm" does not win silently
        assert page.js("window.graphbuild.matched()") == ["a", "b", "llm"]
        page.page.fill("#search", "LLM agents")
        page.page.dispatch_event("#search", "input")
        assert page.state()["selected"] == "b"  # a title typed out is that paper
        page.page.keyboard.press("Escape")
        hint = page.js("document.querySelector('#details .hint').textContent")
        assert "No citations yet" in hint and "graphbuild build" in hint
        assert page.js("getComputedStyle(document.querySelector('.key')).display") == "none"
        assert page.js("getComputedStyle(document.getElementById('path-go')).display") == "none"
    finally:
        page.close()


def test_the_legend_counts_what_the_years_let_through(shipped_page, shipped_graph):
    page = shipped_page
    page.page.fill("#year-from", "2023")
    page.page.dispatch_event("#year-from", "change")
    count = page.js("document.querySelector('#legend button[data-category=survey] .count').textContent")
    assert int(count) == sum(1 for d in shipped_graph.nodes.values() if d["category"] == "survey" and int(d["first_appearance"][:4]) >= 2023)


def test_a_click_on_a_citation_says_who_cites_whom_and_who_says_so(shipped_page, shipped_graph):
    page = shipped_page
    found = page.js("""() => { const g = window.graphbuild, ids = g.data.nodes.map((n) => n.id), pos = g.positions();
        const scale = g.network.getScale(), edges = g.data.edges;
        for (let k = 0; k < edges.length; k++) {  // a citation whose middle is clear of papers and other lines
            const m = g.edgeMiddle(k);
            const clear = g.data.nodes.every((n) => Math.hypot(pos[n.id].x - m.x, pos[n.id].y - m.y) * scale > n.size * scale + 14);
            if (!clear) continue;
            const chord = (e) => { const a = pos[ids[e[0]]], b = pos[ids[e[1]]], dx = b.x - a.x, dy = b.y - a.y;
                const u = Math.max(0, Math.min(1, ((m.x - a.x) * dx + (m.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
                return Math.hypot(a.x + u * dx - m.x, a.y + u * dy - m.y); };
            const lonely = edges.every((e, j) => { if (j === k) return true; const o = g.edgeMiddle(j);
                return Math.hypot(o.x - m.x, o.y - m.y) * scale > 14 && chord(e) * scale > 14; });
            if (lonely) { const p = g.network.canvasToDOM(m); return [ids[edges[k][0]] + '>' + ids[edges[k][1]], p.x, p.y]; }
        }
        return null; }""")
    assert found, "no citation clear of papers in the first view"
    edge, x, y = found
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + x, box["y"] + y)
    assert page.state()["edge"] == edge and page.state()["selected"] is None
    details = page.js("document.getElementById('details').innerText")
    citing, cited = edge.split(">")
    label = page.js(f"window.graphbuild.data.nodes.find((n) => n.id === '{cited}').label")
    assert " cites " in details and label in details and "reported by" in details and "curated" in details.lower()
    assert page.js("window.graphbuild.highlighted().edges") == [edge]
    note = shipped_graph.edges[citing, cited].get("evidence")
    if note:  # the curated evidence note, where there is one
        assert note in details
    page.page.mouse.move(box["x"] + x, box["y"] + y + 40)
    page.page.mouse.move(box["x"] + x, box["y"] + y)  # hovering the line says the same on a card
    page.wait(f"window.graphbuild.hoveredEdge() === '{edge}'")
    page.page.mouse.move(box["x"] + 2, box["y"] + box["height"] - 2)
    page.wait("window.graphbuild.hoveredEdge() === null")


# --- the table of papers: sortable, filtered like the drawing, selecting both ways, from the keyboard -------------

def _table(page: Page) -> list[str]:
    return page.js("window.graphbuild.tableRows()")


def _rows_drawn(page: Page) -> list[str]:
    return page.js("[...document.querySelectorAll('#papers tbody tr[data-paper]')].map((r) => r.dataset.paper)")


def test_the_table_sorts_and_lists_what_find_the_legend_and_the_years_let_through(shipped_page, shipped_graph):
    page, graph = shipped_page, shipped_graph
    page.page.click("#table-toggle")
    assert page.js("document.getElementById('table-pane').hidden") is False and "table=1" in page.js("location.hash")
    rows = _table(page)
    assert sorted(rows) == sorted(graph)  # every paper, most cited in the list first
    assert [graph.in_degree(n) for n in rows] == sorted((graph.in_degree(n) for n in graph), reverse=True)
    assert _rows_drawn(page)[:5] == rows[:5]
    page.page.click("#papers th[data-sort=title] button")
    titles = [graph.nodes[n]["title"].lower() for n in _table(page)]
    assert titles == sorted(titles) and page.js("document.querySelector('#papers th[data-sort=title]').getAttribute('aria-sort')") == "ascending"
    page.page.click("#papers th[data-sort=title] button")
    assert page.js("document.querySelector('#papers th[data-sort=title]').getAttribute('aria-sort')") == "descending"
    page.page.click("#papers th[data-sort=year] button")
    firsts = [graph.nodes[n]["first_appearance"] for n in _table(page)]
    assert firsts == sorted(firsts)
    page.page.fill("#search", "speech")
    page.page.dispatch_event("#search", "input")
    assert sorted(_table(page)) == page.js("window.graphbuild.matched()")  # Find's matches, and only them
    # Find's matches go away as BibTeX and CSV, in the table's order, each marked as a match
    import csv

    from graphbuild.export.bibtex import generate_bibtex

    found = _table(page)
    rows = list(csv.DictReader(_download(page, "#table-csv").open(encoding="utf-8")))
    assert [r["id"] for r in rows] == found and {r["role"] for r in rows} == {"match"}
    entries = _download(page, "#table-bibtex").read_text(encoding="utf-8").strip().split("\n\n")
    assert len(entries) == len(found) > 1
    assert sorted(entries) == sorted(generate_bibtex(graph.subgraph(found)).strip().split("\n\n"))
    page.page.fill("#search", "")
    page.page.dispatch_event("#search", "input")
    assert len(_table(page)) == 33
    category = graph.nodes["hubert"]["category"]
    page.page.click(f"#legend button[data-category='{category}']")
    assert not {n for n in _table(page) if graph.nodes[n]["category"] == category}
    assert len(_table(page)) == 33 - sum(1 for n in graph if graph.nodes[n]["category"] == category)
    page.page.fill("#year-from", "2023")
    page.page.dispatch_event("#year-from", "change")
    assert all(graph.nodes[n]["year"] >= 2023 for n in _table(page)) and _table(page)
    assert page.js("document.getElementById('table-count').textContent").endswith("of 33 papers")


def test_a_row_selects_its_paper_and_a_selection_scrolls_the_table_to_it(browser, tmp_path):
    from benchmarks.synthetic import page_graph

    graph = page_graph(2000, 12, 5)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path, "#table=1")
    try:
        assert page.js("document.getElementById('table-pane').hidden") is False
        drawn = _rows_drawn(page)
        assert 10 <= len(drawn) <= 80  # only the rows in view exist, not 2,000
        row = drawn[3]
        page.page.click(f"#papers tr[data-paper='{row}'] td:nth-child(2)")
        assert page.state()["selected"] == row
        # a paper far down the table, chosen in the drawing: the table scrolls to its row and marks it
        last = _table(page)[-1]
        page.click_paper(last)
        assert page.state()["selected"] == last
        inside = page.js("""(id) => { const r = document.querySelector(`#papers tr[data-paper="${id}"]`);
            if (!r) return null; const b = r.getBoundingClientRect(), s = document.getElementById('table-scroll').getBoundingClientRect();
            return [r.getAttribute('aria-selected'), b.top >= s.top - 1 && b.bottom <= s.bottom + 1]; }""", last)
        assert inside == ["true", True]
        rowindex = page.js(f"document.querySelector('#papers tr[data-paper=\"{last}\"]').getAttribute('aria-rowindex')")
        assert rowindex == "2001"  # its place in the whole table, for assistive tech
    finally:
        page.close()


def test_the_keyboard_reaches_the_table_steps_through_it_selects_and_clears(shipped_page):
    page = shipped_page
    page.page.focus("#search")
    page.page.keyboard.press("Tab")  # Find → the years → the table's button
    page.page.keyboard.press("Tab")
    page.page.keyboard.press("Tab")
    assert page.js("document.activeElement.id") == "table-toggle"
    page.page.keyboard.press("Enter")
    assert page.js("document.activeElement.id") == "papers"
    rows = _table(page)
    page.page.keyboard.press("ArrowDown")
    page.page.keyboard.press("ArrowDown")
    assert page.js("document.getElementById('papers').getAttribute('aria-activedescendant')") == page.js(
        f"document.querySelector('#papers tr[data-paper=\"{rows[2]}\"]').id")
    page.page.keyboard.press("Enter")
    assert page.state()["selected"] == rows[2]
    page.page.keyboard.press("End")
    page.page.keyboard.press("Enter")
    assert page.state()["selected"] == rows[-1]
    page.page.keyboard.press("Escape")
    assert page.state()["selected"] is None


def test_the_legend_opens_and_folds_lanes_and_hides_a_subtree(browser, tmp_path):
    graph = tree_graph()
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path, "#open=-")
    try:
        assert page.js("window.graphbuild.state.open") == []
        page.page.click("#legend button.fold[data-lane=speech]")  # a lane inside a folded one: both open
        assert page.js("window.graphbuild.state.open") == ["models", "speech"]
        assert any(lane[1] == "tts" for lane in _lanes_in_page(page))
        assert page.js("document.querySelector('#legend button.fold[data-lane=speech]').getAttribute('aria-expanded')") == "true"
        page.page.click("#legend button.fold[data-lane=models]")
        assert page.js("window.graphbuild.state.open") == []
        assert page.js("document.querySelector('#legend button.fold[data-lane=speech]').getAttribute('aria-expanded')") == "false"
        page.page.click("#legend button[data-category=speech]")  # hiding a category hides what is below it
        below = {n for n, d in graph.nodes(data=True) if d["category"] in ("speech", "tts")}
        assert set(page.js("window.graphbuild.hidden()")) == below
    finally:
        page.close()


def test_dark_mode_follows_the_system_on_the_page_and_in_the_drawing(browser, shipped_graph, tmp_path):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(21, 25, 30)"  # palette.DARK_BACKGROUND, against which the palette was chosen
        # the drawing's colours too: the year band at the top of the canvas (above its labels) is the theme's colour
        band = """() => { const c = document.querySelector('#network canvas');
            return [...c.getContext('2d').getImageData(Math.round(c.width * 0.6), 1, 1, 1).data]; }"""
        pixel = page.evaluate(band)
        assert pixel[3] > 200 and max(pixel[:3]) < 60, pixel
        page.emulate_media(color_scheme="light")  # the system changes its mind: the page and the drawing follow
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        page.wait_for_timeout(200)
        assert min(page.evaluate(band)[:3]) > 200
    finally:
        context.close()


# --- a phone and a tablet: the drawing takes the screen, a tap slides the paper's details up --------------------

@pytest.mark.parametrize("viewport", [(390, 844), (768, 1024)])
def test_on_a_phone_or_tablet_the_drawing_takes_the_screen_and_a_tap_slides_the_paper_up(
        browser, shipped_graph, tmp_path, viewport):
    path = tmp_path / "lineage.html"
    write("html", shipped_graph, path)
    page = Page(browser, path, viewport=viewport, touch=True)
    width, height = viewport
    box = lambda selector: page.page.locator(selector).bounding_box()  # noqa: E731
    try:
        drawing, header, sheet = box("#network"), box("header"), box("aside")
        assert drawing["width"] * drawing["height"] >= 0.72 * width * height  # the drawing's share of the screen
        assert drawing["y"] >= header["y"] + header["height"] - 1  # the toolbar covers none of it
        assert sheet["height"] <= 60 and sheet["y"] + sheet["height"] <= height + 1  # the sheet only peeks
        assert not page.page.locator("#year-from").is_visible()  # the tools wait behind Menu
        assert _check_names(page) >= 20  # names are drawn and readable at the first view, not shrunk away
        smallest = page.js("Math.min(...window.graphbuild.labelBoxes().map((b) => b.box[3] - b.box[1]))")
        assert smallest * page.js("window.graphbuild.network.getScale()") >= 9

        # the most cited paper the first view shows (on a phone: the latest years; the timeline pans sideways)
        chosen, label = page.js("""() => { const g = window.graphbuild, b = document.getElementById('network');
            const seen = g.data.nodes.filter((n) => { const p = g.screenPosition(n.id);
                return p.x > 20 && p.x < b.clientWidth - 20 && p.y > 30 && p.y < b.clientHeight - 20; });
            seen.sort((a, c) => c.in.length - a.in.length || (a.id < c.id ? -1 : 1));
            return [seen[0].id, seen[0].label]; }""")
        at = """(id) => { const p = window.graphbuild.screenPosition(id);
            const b = document.getElementById('network').getBoundingClientRect(); return [b.left + p.x, b.top + p.y]; }"""
        x, y = page.js(at, chosen)
        assert 0 < x < width and drawing["y"] < y < drawing["y"] + drawing["height"]  # in the first view
        page.page.touchscreen.tap(x, y)
        page.wait(f"window.graphbuild.state.selected === '{chosen}'")
        page.page.wait_for_timeout(300)  # the sheet's slide
        sheet = box("aside")
        assert sheet["height"] >= 0.4 * height and sheet["y"] + sheet["height"] <= height + 1
        assert label in page.page.locator("#sheet-title").inner_text()
        assert page.page.locator("#details h3, #details h2").first.is_visible()
        assert page.js("document.getElementById('sheet-handle').getAttribute('aria-expanded')") == "true"
        drawing = box("#network")  # the drawing gave the sheet its room, and the paper is in what is left
        assert drawing["y"] + drawing["height"] <= sheet["y"] + 1
        x, y = page.js(at, chosen)
        assert 0 < x < width and drawing["y"] < y < sheet["y"]

        page.page.locator("#sheet-handle").tap()  # the handle folds it back, the paper stays chosen
        page.page.wait_for_timeout(300)
        assert box("aside")["height"] <= 60 and page.state()["selected"] == chosen

        page.page.locator("#menu-toggle").tap()
        assert page.page.locator("#year-from").is_visible() and page.page.locator("#reset").is_visible()
        drawing, header = box("#network"), box("header")
        assert drawing["y"] >= header["y"] + header["height"] - 1  # the drawing moves down below the open menu
        page.page.locator("#table-toggle").tap()  # the table: its titles readable, its export in reach
        assert box("#papers th[data-sort=title]")["width"] >= 0.4 * width
        assert page.page.locator("#table-csv").is_visible() and box("#table-csv")["x"] + box("#table-csv")["width"] <= width
        assert page.errors == []
    finally:
        page.close()


# --- why a citation is made (issue 24): the sentences on a citation, badges in the panel, the lineage filters -----

@pytest.fixture
def why_page(browser, shipped_catalog, shipped_s2, tmp_path):
    """The shipped list built against the fake Semantic Scholar, whose papers cite with sentences (some without:
    no full text), drawn as a page."""
    from helpers import fetch, make_client

    readings, _ = fetch(shipped_catalog, tmp_path / "cache", make_client(shipped_s2), sources=("semantic_scholar",))
    graph = build_graph(shipped_catalog, readings)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    yield page, graph
    page.close()


def test_a_citation_shows_its_sentences_with_their_intents_and_an_unread_one_says_unknown(why_page):
    page, graph = why_page
    ids = page.js("window.graphbuild.data.nodes.map((n) => n.id)")
    edges = page.js("window.graphbuild.data.edges")
    said = [k for k, e in enumerate(edges) if graph.edges[ids[e[0]], ids[e[1]]].get("sentences")]
    k = next(k for k in said if len(graph.edges[ids[edges[k][0]], ids[edges[k][1]]]["sentences"]) == 2)
    page.js("(k) => window.graphbuild.showEdge(k)", k)
    details = page.js("document.getElementById('details').textContent")
    data = graph.edges[ids[edges[k][0]], ids[edges[k][1]]]
    for sentence in data["sentences"]:
        assert sentence["text"] in details
    assert "Citing sentences (2)" in details
    badges = page.js("[...document.querySelectorAll('#details blockquote.said .intent')].map((b) => b.textContent)")
    assert badges == [i for s in data["sentences"] for i in s["intents"]]
    unread = next(k for k, e in enumerate(edges) if graph.edges[ids[e[0]], ids[e[1]]]["influential"] == "unknown")
    page.js("(k) => window.graphbuild.showEdge(k)", unread)
    details = page.js("document.getElementById('details').textContent")
    assert "unknown (no citing sentence read)" in details and "Citing sentences" not in details
    assert not page.errors


def test_hovering_a_citation_shows_why_on_its_card(why_page):
    page, graph = why_page
    ids = page.js("window.graphbuild.data.nodes.map((n) => n.id)")
    edges = page.js("window.graphbuild.data.edges")
    said = [k for k, e in enumerate(edges) if graph.edges[ids[e[0]], ids[e[1]]].get("sentences")]
    # the first citation with sentences whose middle is under nothing else: hover it as a pointer would
    hovered = page.js("""(said) => { const g = window.graphbuild, ids = g.data.nodes.map((n) => n.id);
        for (const k of said) {
            const p = g.network.canvasToDOM(g.edgeMiddle(k));
            g.hoverAt(p, 0);
            const e = g.data.edges[k];
            if (g.hoveredEdge() === ids[e[0]] + '>' + ids[e[1]]) return k;
        }
        return null; }""", said)
    assert hovered is not None, "no citation with sentences could be hovered"
    page.wait("window.graphbuild.edgeCard() !== null")
    card = page.js("window.graphbuild.edgeCard()")
    data = graph.edges[ids[edges[hovered][0]], ids[edges[hovered][1]]]
    first = data["sentences"][0]["text"]
    assert card[0].endswith(" cites " + page.js(f"window.graphbuild.data.nodes[{edges[hovered][1]}].label"))
    assert card[2] == "why: " + page.js(f"window.graphbuild.whySummary({hovered})")
    assert all(intent in card[2] for intent in data["intents"])
    assert card[3] == "“" + (first if len(first) <= 90 else first[:88] + "…") + "”"
    # and one no sentence was read for says unknown
    unread = next(k for k, e in enumerate(edges) if graph.edges[ids[e[0]], ids[e[1]]]["influential"] == "unknown")
    assert "unknown" in page.js(f"window.graphbuild.whySummary({unread})")
    assert not page.errors


def test_the_panel_lists_carry_intent_and_influence_badges(why_page):
    page, graph = why_page
    page.click_paper("hubert")
    page.wait("window.graphbuild.state.selected === 'hubert'")
    items = page.js("""[...document.querySelectorAll('#details ul:not(.similar) li')].map((li) => [li.querySelector('a').title,
        [...li.querySelectorAll('.intent')].map((b) => b.textContent)])""")
    titles = {graph.nodes[n]["title"]: n for n in graph}
    assert len(items) == graph.degree("hubert")
    for title, badges in items:
        paper = titles[title]
        data = graph.edges["hubert", paper] if graph.has_edge("hubert", paper) else graph.edges[paper, "hubert"]
        expected = list(data.get("intents", [])) + (["influential"] if data["influential"] == "true" else [])
        assert badges == (expected if data["influential"] != "unknown" or data.get("sentences") else ["unknown"])


def test_the_methodology_filter_draws_only_the_methodological_lineage_and_travels_in_the_address(why_page):
    page, graph = why_page
    ids = page.js("window.graphbuild.data.nodes.map((n) => n.id)")
    edges = page.js("window.graphbuild.data.edges")
    assert len(page.js("window.graphbuild.drawnEdges()")) == len(edges)
    page.page.select_option("#cites-filter", "methodology")
    drawn = page.js("window.graphbuild.drawnEdges()")
    method = [k for k, e in enumerate(edges) if "methodology" in graph.edges[ids[e[0]], ids[e[1]]].get("intents", [])]
    assert drawn == method and 0 < len(drawn) < len(edges)
    assert "cites=methodology" in page.js("location.hash")
    assert "made for a method" in page.js("document.getElementById('message').textContent")
    page.page.select_option("#cites-filter", "influential")
    drawn = page.js("window.graphbuild.drawnEdges()")
    assert drawn == [k for k, e in enumerate(edges) if graph.edges[ids[e[0]], ids[e[1]]]["influential"] == "true"]
    page.click_paper("hubert")
    page.wait("window.graphbuild.state.selected === 'hubert'")
    assert "cites=influential" in page.js("location.hash")
    from graphbuild.analysis.why import lineage_filter
    influential = lineage_filter(graph, influential=True)  # the lineage follows the citations shown
    assert page.state()["upstream"] == sorted(nx.descendants(influential, "hubert"))
    page.page.select_option("#cites-filter", "methodology")
    assert page.state()["upstream"] == sorted(nx.descendants(lineage_filter(graph, ("methodology",)), "hubert"))
    page.page.select_option("#cites-filter", "")
    assert len(page.js("window.graphbuild.drawnEdges()")) == len(edges)


def test_without_sentences_the_filter_is_off_and_says_why(shipped_page):
    assert shipped_page.js("document.getElementById('cites-filter').disabled")
    assert "build online" in shipped_page.js("document.getElementById('cites-filter').title")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_reasons_of_a_citation(browser, shipped_catalog, shipped_s2, tmp_path, scheme):
    from helpers import fetch, make_client

    if not AXE.exists():
        pytest.skip(f"{AXE} not installed (npm ci)")
    readings, _ = fetch(shipped_catalog, tmp_path / "cache", make_client(shipped_s2), sources=("semantic_scholar",))
    path = tmp_path / "lineage.html"
    write("html", build_graph(shipped_catalog, readings), path)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri() + "#paper=hubert&cites=methodology")
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        assert page.evaluate("document.getElementById('cites-filter').value") == "methodology"
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        for step in ("null", "window.graphbuild.showEdge(Number(Object.keys(window.graphbuild.data.why)[0]))"):
            page.evaluate(f"() => {step}")
            result = page.evaluate("axe.run(document)")
            assert [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]] == []
            assert page.evaluate("document.querySelectorAll('#details .intent').length") > 0
    finally:
        context.close()


# --- colour by community, and the most similar papers (issue 25) ----------------------------------------------

@pytest.fixture
def community_page(browser, shipped_catalog, tmp_path):
    """The shipped page as the build writes it: with the communities marked."""
    from graphbuild.analysis.communities import mark_communities

    graph = build_graph(shipped_catalog)
    mark_communities(graph)
    path = tmp_path / "lineage.html"
    write("html", graph, path)
    page = Page(browser, path)
    yield page, graph
    page.close()


PIXELS = """() => { const g = window.graphbuild, canvas = document.querySelector('#network canvas');
    g.network.redraw();
    const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth, out = {};
    g.data.nodes.forEach((n) => { const p = g.screenPosition(n.id);
        const d = ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
        out[n.id] = '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join(''); });
    return out; }"""


def test_marks_take_their_communitys_colour_and_the_choice_travels_in_the_address(community_page):
    from graphbuild.analysis.communities import communities
    from graphbuild.palette import PALETTE

    page, graph = community_page
    assert page.js("document.getElementById('colour-by').disabled") is False
    page.page.select_option("#colour-by", "community")
    assert "colour=community" in page.js("location.hash")
    assert page.js("document.getElementById('community-key').hidden") is False
    colours = page.js(PIXELS)
    groups = {}
    for paper, c in communities(graph).items():
        groups.setdefault(c, []).append(paper)
    for members in groups.values():
        if len(members) > 1:  # a community's papers share one colour, the palette's in order of size
            assert {colours[p] for p in members} == {PALETTE[graph.nodes[members[0]]["community"] - 1]}
        else:  # a paper linked to no other is grey
            assert colours[members[0]] == "#8a8a8a"
    keys = page.js("[...document.querySelectorAll('#community-key li')].map((li) => li.textContent)")
    assert len(keys) == len({graph.nodes[p]["community"] for p in graph if "community" in graph.nodes[p]})
    assert keys[0].startswith("1: " + graph.nodes[groups[0][0]]["community_label"])
    page.page.select_option("#colour-by", "")
    assert page.js(PIXELS) == {n: graph.nodes[n]["color"] for n in graph}
    assert not page.errors
    shared = Page(page.page.context.browser, Path(page.page.url.split("#")[0].replace("file://", "")), "#colour=community")
    try:  # a link with the choice in it opens coloured by community
        assert shared.js("document.getElementById('colour-by').value") == "community"
        assert shared.js(PIXELS) == colours
    finally:
        shared.close()


def test_the_panel_names_the_community_and_the_five_most_similar(community_page):
    from graphbuild.analysis.similarity import most_similar

    page, graph = community_page
    page.click_paper("hubert")
    page.wait("window.graphbuild.state.selected === 'hubert'")
    details = page.js("document.getElementById('details').innerText")
    assert f"{graph.nodes['hubert']['community']}: {graph.nodes['hubert']['community_label']}" in details
    shown = page.js("[...document.querySelectorAll('#details ul.similar a')].map((a) => a.title)")
    assert shown == [graph.nodes[s.paper]["title"] for s in most_similar(graph, "hubert", top=5)]
    assert "graphbuild similar hubert" in details


def test_without_communities_the_colour_choice_is_off_and_says_why(shipped_page):
    assert shipped_page.js("document.getElementById('colour-by').disabled") is True
    assert "no communities" in shipped_page.js("document.getElementById('colour-by').title")
