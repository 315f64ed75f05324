"""The visual encoding every export shares: timeline positions (x = first appearance, y = a lane per category), the
order of categories, node sizes and short labels.

A citation graph drawn by force-directed physics is a hairball that never sits still; a reading list has a
natural order instead: time. Each category gets a horizontal lane (in catalog order); within a lane, papers
that would overlap are stacked into sub-rows, greedily, the first row with room (deterministic: papers are
placed in order of date, then id). The result is plain numbers, so the HTML page and Gephi show the same picture.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import networkx as nx

from .catalog import PROVISIONAL_TITLE_RE

PIXELS_PER_MONTH = 16.0
MIN_GAP = 80.0  # horizontal room a node needs in its row
ROW_HEIGHT = 60.0
LANE_PADDING = 50.0


@dataclass(frozen=True)
class Lane:
    category: str
    label: str
    color: str
    top: float
    bottom: float
    count: int


@dataclass(frozen=True)
class Timeline:
    positions: dict[str, tuple[float, float]]
    lanes: list[Lane]
    first_month: int  # months since year 0 of the leftmost tick
    last_month: int

    def x_of_month(self, month_index: int) -> float:
        return (month_index - self.first_month) * PIXELS_PER_MONTH


def month_index(first_appearance: str | None) -> int | None:
    """``"2020-06"`` → 2020 * 12 + 5."""
    if not first_appearance or len(first_appearance) < 7:
        return None
    try:
        return int(first_appearance[:4]) * 12 + int(first_appearance[5:7]) - 1
    except ValueError:
        return None


def timeline_layout(graph: nx.DiGraph) -> Timeline:
    """Positions for every node of ``graph`` (papers with no date go to the right end of their lane)."""
    months = {n: month_index(d.get("first_appearance")) for n, d in graph.nodes(data=True)}
    known = [m for m in months.values() if m is not None]
    first = (min(known) // 12) * 12 if known else 2000 * 12
    last = (max(known) // 12 + 1) * 12 if known else first + 12
    undated = last + 6
    order = category_order(graph)
    by_lane: dict[str, list[str]] = {c: [] for c in order}
    for node, data in graph.nodes(data=True):
        by_lane[data.get("category", "")].append(node)

    positions: dict[str, tuple[float, float]] = {}
    lanes: list[Lane] = []
    top = 0.0
    for category in order:
        nodes = sorted(by_lane[category], key=lambda n: (months[n] if months[n] is not None else undated, n))
        row_ends: list[float] = []
        placed: list[tuple[str, float, int]] = []
        for node in nodes:
            month = months[node]
            x = ((month if month is not None else undated) - first) * PIXELS_PER_MONTH
            for row, end in enumerate(row_ends):
                if x >= end + MIN_GAP:
                    row_ends[row] = x
                    break
            else:
                row = len(row_ends)
                row_ends.append(x)
            placed.append((node, x, row))
        rows = max(len(row_ends), 1)
        for node, x, row in placed:
            positions[node] = (round(x, 2), round(top + LANE_PADDING + row * ROW_HEIGHT, 2))
        bottom = top + 2 * LANE_PADDING + (rows - 1) * ROW_HEIGHT
        info = graph.graph.get("categories", {}).get(category, {})
        lanes.append(Lane(category, info.get("label", category), info.get("color", "#999999"), top, bottom, len(nodes)))
        top = bottom
    return Timeline(positions, lanes, first, last)


def category_order(graph: nx.DiGraph) -> list[str]:
    """Categories in catalog order, then any category a paper names that the catalog did not declare."""
    order = list(graph.graph.get("categories", {}))
    for _, data in sorted(graph.nodes(data=True)):
        if data.get("category") not in order:
            order.append(data.get("category", ""))
    return order


def node_size(in_list_citations: int) -> float:
    """Node radius by in-list citations (HistCite's LCS): area grows with the count, so use a square root."""
    return round(10 + 6 * math.sqrt(in_list_citations), 2)


SHORT_LABEL_MAX = 18


ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z0-9.-]{1,15})\)")
FIRST_WORDS_MAX = 24


def short_label(node: str, data: dict) -> str:
    """What to print beside a paper: the list's remark ("VALL-E"), else a name the title gives: the part before its
    colon ("HuBERT: Self-Supervised ..." → "HuBERT"), an acronym in parentheses ("... Transformers (BERT)" →
    "BERT"), or its first words ("A Survey on Multimodal…"); never a slug. A title that is only an identifier
    (the list gave none) is shown as it is."""
    if data.get("remark"):
        return str(data["remark"])
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        return node
    if PROVISIONAL_TITLE_RE.match(title):
        return title
    head, colon, _ = title.partition(":")
    if colon and 0 < len(head.strip()) <= SHORT_LABEL_MAX:
        return head.strip()
    acronym = ACRONYM_RE.search(title)
    if acronym:
        return acronym.group(1)
    words: list[str] = []
    for word in title.split():
        if words and len(" ".join([*words, word])) > FIRST_WORDS_MAX:
            break
        words.append(word)
    shown = " ".join(words)
    return shown if len(shown) == len(title) else shown.rstrip(",;:.-") + "…"
