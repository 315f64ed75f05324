"""layout.py: the one drawing every export shares. Names that never overlap and always sit nearest their own
paper, the most important papers named at the first view, marks one can point at, lanes that are a category tree
folding and opening by stacking blocks, lanes grouped past what can be read, and the first view's size."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from benchmarks.synthetic import page_graph
from graphbuild.catalog import parse_catalog
from graphbuild.graph import build_graph
from graphbuild.layout import (
    MAX_FIRST_LANES,
    MAX_ROOTS,
    MIN_LANE,
    MIN_RADIUS,
    NAME_PX,
    NAMED_FIRST,
    VIEW,
    compose,
    cut_title,
    draw,
    drawn_blocks,
    named_first,
    spread_in_months,
    stacked,
    timeline_years,
    x_of_month,
)

from helpers import SHARED, tree_graph


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _distance(box, x, y) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def _check_block(drawing, key):
    """Within one block: no two names overlap, no name covers a mark, and each name is nearer its own mark's
    rim than any other mark's rim (so it is read as its own paper's)."""
    block = drawing.blocks[key]
    boxes = {n: name.box for n, name in block.names.items()}
    for (_, a), (_, b) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(a, b)
    for n, box in boxes.items():
        assert -1e-6 <= box[1] and box[3] <= block.height + 1e-6, (key, n)
        mine = _distance(box, block.x[n], block.y[n]) - drawing.radius[n]
        for m in block.x:
            if m == n:
                continue
            other = _distance(box, block.x[m], block.y[m]) - drawing.radius[m]
            assert other > 0, (key, n, m, "a name covers another paper")
            assert other >= mine - 1e-6, (key, n, m, "a name nearer another paper than its own")


def _check(drawing):
    for key in drawing.blocks:
        _check_block(drawing, key)
    # the marks within a block never overlap
    for key, block in drawing.blocks.items():
        marks = sorted(block.x, key=lambda n: block.x[n])
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                if block.x[b] - block.x[a] > 2 * max(drawing.radius.values()):
                    break
                gap = math.hypot(block.x[a] - block.x[b], block.y[a] - block.y[b])
                assert gap >= drawing.radius[a] + drawing.radius[b] - 1e-6, (key, a, b)


def test_the_shipped_list_names_every_paper_at_the_first_view(shipped_catalog):
    graph = build_graph(shipped_catalog)
    drawing = draw(graph)
    _check(drawing)
    assert {n for n, name in drawing.names.items() if name.size == NAME_PX} == set(graph)
    assert len(drawing.drawn) == 7 and all(lane.bottom - lane.top >= MIN_LANE for lane in drawing.drawn)
    assert drawing.height <= VIEW[1]  # 33 papers fit the first view whole
    x0, y0, x1, y1 = drawing.view
    assert x1 - x0 <= VIEW[0] + 1 and drawing.view == drawing.whole


@pytest.mark.slow
@pytest.mark.parametrize("papers", [500, 2000])
def test_the_most_important_papers_are_named_at_the_first_view(papers):
    graph = page_graph(papers, 12, undated_every=10)
    drawing = draw(graph)
    _check(drawing)
    first = {n for n, name in drawing.names.items() if name.size == NAME_PX}
    assert set(drawing.importance[:named_first(papers)]) <= first
    assert named_first(papers) == round(3 * papers ** 0.5) > NAMED_FIRST  # 67 of 500, 134 of 2,000
    assert min(drawing.radius.values()) >= MIN_RADIUS  # a mark one can see and point at
    assert len({name.size for name in drawing.names.values()}) > 2  # smaller tiers, read as one zooms in
    # the lanes drawn are every paper, once
    seen = [n for lane in drawing.drawn for n in drawing.blocks[lane.block].x]
    assert sorted(seen) == sorted(graph)


def test_undated_papers_stand_in_a_block_right_of_the_dated():
    graph = page_graph(150, 5, undated_every=3, citations=False)
    drawing = draw(graph)
    _check(drawing)
    dated = [drawing.positions[n][0] for n in graph if "first_appearance" in graph.nodes[n]]
    undated = [drawing.positions[n] for n in graph if "first_appearance" not in graph.nodes[n]]
    assert min(x for x, _ in undated) > max(dated)
    assert drawing.undated_x is not None and min(x for x, _ in undated) == drawing.undated_x
    assert len({x for x, _ in undated}) > 1  # columns, not one column as tall as the papers are many




def test_a_category_tree_folds_and_opens_by_stacking_blocks():
    graph = tree_graph()
    drawing = draw(graph)
    _check(drawing)
    assert drawing.roots == ("models", "data")
    assert drawing.lanes["models"].children == ("vision", "speech") and drawing.lanes["tts"].depth == 2
    assert drawing.lanes["models"].count == 32 and drawing.lanes["models"].own == 8
    # folded: one lane holds the whole subtree
    folded = drawn_blocks(drawing, ())
    assert [key for key, *_ in folded] == ["models", "data"]
    assert set(drawing.blocks["models"].x) == {n for n in graph if graph.nodes[n]["category"] != "data"}
    # open all the way: the parent's own papers, then each child, depth first
    everything = drawn_blocks(drawing, {"models", "speech"})
    assert [key for key, *_ in everything] == ["models/own", "vision", "speech/own", "tts", "data"]
    lanes, positions, names = compose(drawing, {"models", "speech"})
    assert sorted(positions) == sorted(graph)
    for lane in lanes:  # each paper inside its lane, lanes one under the other
        for n in drawing.blocks[lane.block].x:
            assert lane.top <= positions[n][1] <= lane.bottom
    assert all(a.bottom == b.top for a, b in zip(lanes, lanes[1:]))
    # the same blocks: opening a lane moves its papers, it does not lay them out again
    block = drawing.blocks["tts"]
    n = next(iter(block.x))
    assert positions[n][0] == block.x[n]


def test_stacking_shares_the_room_left_equally():
    drawing = draw(tree_graph())
    lanes = stacked(drawing, ())
    natural = [drawing.blocks[lane.block].height for lane in lanes]
    extra = [(lane.bottom - lane.top) - h for lane, h in zip(lanes, natural)]
    assert len({round(e, 2) for e in extra}) == 1 and extra[0] > 0


def test_more_top_level_categories_than_can_be_read_are_grouped():
    graph = nx.DiGraph(categories={f"c{k:03d}": {"label": f"Week {k}"} for k in range(130)})
    for k in range(390):
        graph.add_node(f"p{k}", title=f"Paper {k}", category=f"c{k // 3:03d}",
                       first_appearance=f"{2020 + k // 100}-{1 + k % 12:02d}")
    drawing = draw(graph)
    assert len(drawing.roots) <= MAX_ROOTS and all(drawing.lanes[r].group for r in drawing.roots)
    assert drawing.lanes[drawing.roots[0]].label == "Week 0 – Week 5"
    assert len(drawing.drawn) <= MAX_FIRST_LANES
    _check(drawing)


def test_too_many_subcategories_are_grouped_too():
    graph = nx.DiGraph(categories={"a": {"label": "A"}, "b": {"label": "B"}, "c": {"label": "C"},
                                   **{f"w{k}": {"label": f"Week {k}", "parent": "a"} for k in range(60)}})
    for k in range(240):
        graph.add_node(f"p{k}", title=f"Paper {k}", category=f"w{k % 60}" if k < 180 else "bc"[k % 2],
                       first_appearance=f"2024-{1 + k % 12:02d}")
    drawing = draw(graph)
    kids = drawing.lanes["a"].children
    assert 1 < len(kids) <= MAX_ROOTS and all(drawing.lanes[k].group for k in kids)
    assert sum(drawing.lanes[k].count for k in kids) == 180
    assert sorted(n for lane in stacked(drawing, {"a", *kids}) for n in drawing.blocks[lane.block].x) == sorted(graph)


def test_a_lone_heading_over_everything_is_no_lane():
    graph = nx.DiGraph(categories={"papers": {"label": "Papers"},
                                   **{f"m{k}": {"label": f"Month {k}", "parent": "papers"} for k in range(6)}})
    for k in range(60):
        graph.add_node(f"p{k}", title=f"Paper {k}", category=f"m{k % 6}", first_appearance=f"2024-{1 + k % 6:02d}")
    drawing = draw(graph)
    assert drawing.roots == tuple(f"m{k}" for k in range(6))
    assert len({drawing.lanes[r].color for r in drawing.roots}) == 6


def test_lane_titles_are_cut_after_a_word():
    assert cut_title("Audio-Visual Representation/Classification/Retrieval") == "Audio-Visual Representation…"
    assert cut_title("Speech Synthesis") == "Speech Synthesis"
    assert cut_title("Supercalifragilisticexpialidocious-and-more") == "Supercalifragilisticexpialido…"  # 30 characters at most


def test_the_same_graph_gives_the_same_drawing():
    assert draw(page_graph(300, 8)) == draw(page_graph(300, 8))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Xnhyacinth__Awesome-LLM-Long-Context-Modeling.md",
                                  "dair-ai__ML-Papers-of-the-Week.md"])
def test_real_lists_draw_with_readable_lanes(name):
    """Two real lists (read from ../shared): 87 nested and 130 weekly categories."""
    source = SHARED / "corpus" / "lists" / name
    if not source.exists():
        pytest.skip(f"{source} is not here (../shared sits beside the clone in CI)")
    from graphbuild.inputs import read
    from graphbuild.inputs.listfile import render_catalog

    graph = build_graph(parse_catalog(render_catalog(read(source), name)))
    drawing = draw(graph)
    _check(drawing)
    assert len(drawing.roots) <= MAX_ROOTS and len(drawing.drawn) <= MAX_FIRST_LANES
    assert all(lane.bottom - lane.top >= 22 for lane in drawing.drawn)
    assert set(drawing.importance[:named_first(len(graph))]) <= {n for n, m in drawing.names.items() if m.size == NAME_PX}


# --- the timeline: years as wide as their papers ask, a month's papers spread across it ---------------------------

def test_years_holding_as_many_papers_each_are_drawn_to_a_linear_scale():
    months = [2000 * 12 + 12 * y + m for y in range(4) for m in (0, 5, 9)]
    assert timeline_years(months, 2000 * 12, 2004 * 12, 800.0) == (0.0, 200.0, 400.0, 600.0, 800.0)


def test_a_crowded_year_is_wider_than_a_sparse_one_and_an_empty_year_stays_visible():
    # the shape of a real list: a few early papers, most in the last two years (Xnhyacinth: 60 % in 2024-25)
    counts = {2019: 4, 2020: 0, 2021: 9, 2022: 16, 2023: 100, 2024: 400, 2025: 400}
    months = [y * 12 + k % 12 for y, c in counts.items() for k in range(c)]
    edges = timeline_years(months, 2019 * 12, 2026 * 12, 700.0)
    widths = [b - a for a, b in zip(edges, edges[1:])]
    assert edges[0] == 0.0 and edges[-1] == pytest.approx(700.0, abs=0.05)
    assert widths[5] > 2 * widths[3] > 2 * widths[0]  # more papers, more room; by the square root, not linearly
    assert widths[5] < 10 * widths[2]
    assert min(widths) == widths[1] > 0.2 * 700.0 / 7 / 2  # the empty year: narrow, there
    # within a year, months are equal
    assert x_of_month(edges, 2019 * 12, 2024 * 12 + 6) == pytest.approx((edges[5] + edges[6]) / 2)


def test_the_papers_of_one_month_share_its_width_whatever_lane_they_are_in():
    graph = page_graph(300, 4)
    months = {n: 2020 * 12 + 3 for n in list(graph)[:12]}  # twelve papers of one month
    months.update({n: 2021 * 12 for n in list(graph)[12:13]})
    year_x = timeline_years(list(v for v in months.values() if v is not None), 2020 * 12, 2022 * 12, 480.0)
    rank = {n: k for k, n in enumerate(sorted(months))}
    xs = spread_in_months(months, year_x, 2020 * 12, rank)
    start, end = x_of_month(year_x, 2020 * 12, 2020 * 12 + 3), x_of_month(year_x, 2020 * 12, 2020 * 12 + 4)
    same = sorted(xs[n] for n in list(graph)[:12])
    assert len(set(same)) == 12 and start == same[0] and same[-1] < end  # spread, and still within the month
    assert xs[list(graph)[12]] == x_of_month(year_x, 2020 * 12, 2021 * 12)  # alone in its month: at its start
    # the first view's x of a paper is the same when its lane is folded or open (positions from the months alone)
    drawing = draw(page_graph(400, 6))
    folded = {n: p[0] for n, p in drawing.positions.items()}
    _, opened, _ = compose(drawing, set(drawing.lanes))
    assert all(opened[n][0] == pytest.approx(x) for n, x in folded.items())
