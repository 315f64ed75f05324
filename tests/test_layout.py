"""layout.py: the timeline's undated block, the first view, and names placed so that none overlaps another."""

from __future__ import annotations

import itertools

import pytest

from benchmarks.synthetic import page_graph
from graphbuild.graph import build_graph
from graphbuild.layout import first_view, label_width, lane_title, node_size, place_labels, timeline_layout


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(graph):
    timeline = timeline_layout(graph)
    view = first_view(timeline)
    labels = place_labels(graph, timeline, view)
    boxes = [label.box for label in labels.values()]
    circles = []
    for node, (x, y) in timeline.positions.items():
        r = node_size(graph.in_degree(node))
        circles.append((x - r, y - r, x + r, y + r))
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b)
    for a in boxes:
        assert not any(_overlap(a, c) for c in circles + view.title_boxes)
        assert view.box[0] <= a[0] and a[2] <= view.box[2] and timeline.lanes[0].top <= a[1] and a[3] <= view.box[3]
    for a, b in itertools.combinations(view.title_boxes, 2):
        assert not _overlap(a, b)
    for lane, box in zip(timeline.lanes, view.title_boxes):
        assert lane.top <= box[1] and box[3] <= lane.bottom and box[2] < 0  # in its lane, left of the first year
    return timeline, view, labels


def test_the_shipped_list_names_nearly_every_paper_at_the_first_size(shipped_catalog):
    graph = build_graph(shipped_catalog)
    _, view, labels = _check(graph)
    first = [node for node, label in labels.items() if label.size == view.label_sizes[0]]
    assert len(first) >= 25
    assert view.label_sizes[0] * view.scale == 13.0 or abs(view.label_sizes[0] * view.scale - 13.0) < 0.01


def test_undated_papers_stand_in_a_block_right_of_the_dated():
    graph = page_graph(150, 25, undated_every=3, citations=False)
    timeline, _, labels = _check(graph)
    dated = [timeline.positions[n][0] for n in graph if "first_appearance" in graph.nodes[n]]
    undated = [timeline.positions[n] for n in graph if "first_appearance" not in graph.nodes[n]]
    assert min(x for x, _ in undated) > max(dated)
    assert timeline.undated_x is not None and min(x for x, _ in undated) == timeline.undated_x
    assert len({x for x, _ in undated}) > 1  # columns, not one column as tall as the papers are many
    assert len(labels) >= 60


@pytest.mark.slow
def test_big_lists_name_their_most_cited_papers_first():
    graph = page_graph(2000, 25, undated_every=10)
    _, view, labels = _check(graph)
    top = sorted(graph, key=lambda n: (-graph.in_degree(n), n))[:20]
    named = [labels[n].size for n in top if n in labels]
    assert len(named) >= 15  # the most cited are named (a circle walled in by others' may not be)
    assert sum(named) / len(named) > 2 * sum(label.size for label in labels.values()) / len(labels)  # and larger
    assert len(view.label_sizes) > 2  # smaller tiers show as one zooms in


def test_a_long_lane_name_is_shortened_in_its_title_only():
    graph = page_graph(10, 2)
    graph.graph["categories"]["cat00"]["label"] = "Self-supervised Pretrained Speech Models and More"
    timeline = timeline_layout(graph)
    title = lane_title(timeline.lanes[0])
    assert title.startswith("Self-supervised Pretrained") and "…" in title and title.endswith(")")
    assert label_width(title, 13) < label_width("Self-supervised Pretrained Speech Models and More (5)", 13)


def test_a_crowded_list_gets_wider_months_not_a_tall_column():
    import networkx as nx

    graph = nx.DiGraph(categories={"a": {"label": "A"}, "b": {"label": "B"}})
    for i in range(400):  # 400 papers in two years: at 16 px a month, a column of dozens of rows
        graph.add_node(f"p{i}", title=f"Paper {i}", category="ab"[i % 2], first_appearance=f"{2023 + i % 2}-{i % 12 + 1:02d}")
    fixed = timeline_layout(graph, pixels_per_month=16.0)
    timeline = timeline_layout(graph)
    assert timeline.pixels_per_month > 16.0
    width = max(x for x, _ in timeline.positions.values()) + 400
    assert timeline.lanes[-1].bottom <= 0.8 * width + 1 < fixed.lanes[-1].bottom
    # still a linear axis: a month is the same width everywhere
    assert timeline.x_of_month(2024 * 12) - timeline.x_of_month(2023 * 12) == 12 * timeline.pixels_per_month
    _check(graph)


def test_lane_titles_are_cut_after_a_word():
    from graphbuild.layout import Lane

    def title(label):
        return lane_title(Lane("x", label, "#000", 0, 1, 3))

    assert title("Audio-Visual Representation/Classification/Retrieval") == "Audio-Visual Representation… (3)"
    assert title("Speech Synthesis") == "Speech Synthesis (3)"
    assert title("Supercalifragilisticexpialidocious-and-more") == "Supercalifragilisticexpiali… (3)"
