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

from .ids import PROVISIONAL_TITLE_RE

PIXELS_PER_MONTH = 16.0
MIN_GAP = 80.0  # horizontal room a node needs in its row
ROW_HEIGHT = 60.0
LANE_PADDING = 50.0
UNDATED_COLUMNS = 6


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
    undated_x: float | None = None  # the column of papers with no date, right of the last year (None: all dated)
    pixels_per_month: float = PIXELS_PER_MONTH

    def x_of_month(self, month_index: int) -> float:
        return (month_index - self.first_month) * self.pixels_per_month


def month_index(first_appearance: str | None) -> int | None:
    """``"2020-06"`` → 2020 * 12 + 5."""
    if not first_appearance or len(first_appearance) < 7:
        return None
    try:
        return int(first_appearance[:4]) * 12 + int(first_appearance[5:7]) - 1
    except ValueError:
        return None


MAX_STRETCH = 3.0
ASPECT = 0.8  # height / width of the page's drawing area: a timeline much taller than that is drawn too small


def timeline_layout(graph: nx.DiGraph, pixels_per_month: float | None = None) -> Timeline:
    """Positions for every node of ``graph`` (papers with no date in a block right of the last year).

    A crowded list (hundreds of papers in a few years) stacks into so many rows that the picture becomes a tall
    column whose years are a few pixels wide. So, unless told, the width of a month grows (by half, at most seven
    times) until the timeline is no taller than the page's drawing area in proportion: more papers fit in each
    row, fewer rows. The axis stays linear in time, only its scale changes, and it is the same for every year.
    The other way round, a long, flat timeline (many thin lanes over decades) gets taller rows, up to three times,
    so that small lanes have room for their titles and papers' names."""
    if pixels_per_month is not None:
        return _timeline_layout(graph, pixels_per_month)
    ppm = PIXELS_PER_MONTH
    timeline = _timeline_layout(graph, ppm)
    for _ in range(7):
        width, height = _extent(timeline)
        if height <= ASPECT * width:
            break
        ppm *= 1.5
        timeline = _timeline_layout(graph, ppm)
    width, height = _extent(timeline)
    if 0 < height < ASPECT * width:
        timeline = _timeline_layout(graph, ppm, min(MAX_STRETCH, ASPECT * width / height))
    return timeline


def _extent(timeline: Timeline) -> tuple[float, float]:
    xs = [x for x, _ in timeline.positions.values()] or [0.0]
    return max(xs) - min(xs) + 400.0, timeline.lanes[-1].bottom if timeline.lanes else 0.0


def _timeline_layout(graph: nx.DiGraph, ppm: float, stretch: float = 1.0) -> Timeline:
    row_height, padding = ROW_HEIGHT * stretch, LANE_PADDING * stretch
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
        dated = [n for n in nodes if months[n] is not None]
        row_ends: list[float] = []
        placed: list[tuple[str, float, int]] = []
        for node in dated:
            x = (months[node] - first) * ppm  # type: ignore[operator]
            for row, end in enumerate(row_ends):
                if x >= end + MIN_GAP:
                    row_ends[row] = x
                    break
            else:
                row = len(row_ends)
                row_ends.append(x)
            placed.append((node, x, row))
        # the undated stand in a block of columns (not one column of as many rows as papers): about as tall as the
        # lane's dated rows, or a squarish block, but never wider than the years
        undated_nodes = nodes[len(dated):]
        if undated_nodes:
            count = len(undated_nodes)
            rows_wanted = max(len(row_ends), math.ceil(math.sqrt(count / 2)), 1)
            widest = max(UNDATED_COLUMNS, int((last - first) * ppm / MIN_GAP))
            columns = max(1, min(math.ceil(count / rows_wanted), widest))
            for k, node in enumerate(undated_nodes):
                placed.append((node, (undated - first) * ppm + (k % columns) * MIN_GAP, k // columns))
            row_ends.extend([0.0] * max(0, math.ceil(count / columns) - len(row_ends)))
        rows = max(len(row_ends), 1)
        for node, x, row in placed:
            positions[node] = (round(x, 2), round(top + padding + row * row_height, 2))
        bottom = top + 2 * padding + (rows - 1) * row_height
        info = graph.graph.get("categories", {}).get(category, {})
        lanes.append(Lane(category, info.get("label", category), info.get("color", "#999999"), top, bottom, len(nodes)))
        top = bottom
    has_undated = any(m is None for m in months.values())
    return Timeline(positions, lanes, first, last, (undated - first) * ppm if has_undated else None, ppm)


# --- names and lane titles: placed once, in graph units, so that none overlaps another at any zoom -------------
# The page opens on a view planned here (:func:`first_view`): its scale sets how large a name must be, in graph units,
# to be readable at the first view; smaller tiers are readable only once the reader zooms in (level of detail).

READ_PX = 13.0  # a name's size on screen at the first view, in pixels
VIEW = (1040.0, 840.0)  # the drawing area of the page at 1400 x 900 (the side panel takes the rest)
ROOM_RIGHT_PX = 120.0  # screen room kept right of the last paper for its name
GUTTER_PX = 16.0  # between a lane title and the first year
AXIS_PX = 22.0  # the band above the lanes where the years are written
CHAR_WIDTH = 0.62  # width of a character per unit of font size (system sans-serif, generous)
BOLD = 1.1
MIN_LABEL = 8.0  # graph units: the smallest name drawn (readable from a zoom of about 1)
TIER_STEP = 1.5


@dataclass(frozen=True)
class Label:
    x: float  # where the text starts (left edge) and its middle line
    y: float
    size: float
    text: str
    anchor: str = "left"  # the side of the box next to the circle ("left", "right" or "center")

    @property
    def box(self) -> tuple[float, float, float, float]:
        half = self.size * 0.65
        return (self.x, self.y - half, self.x + label_width(self.text, self.size), self.y + half)


@dataclass(frozen=True)
class FirstView:
    scale: float  # screen pixels per graph unit on the reference view
    box: tuple[float, float, float, float]  # what it shows: lane titles, every paper, room for names
    title_boxes: list[tuple[float, float, float, float]]  # one per lane, right-aligned in the gutter
    title_sizes: list[float]
    label_sizes: tuple[float, ...]  # tiers, largest (readable at the first view) first


def label_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * CHAR_WIDTH * (BOLD if bold else 1.0)


TITLE_MAX = 28  # characters of a lane's name in its title (the legend has it whole): the gutter stays narrow


def lane_title(lane: Lane) -> str:
    name = lane.label
    if len(name) > TITLE_MAX:  # cut after a word ("Representation/Classification/…"), else mid-word
        breaks = [m.start() for m in re.finditer(r"[\s/,;:&-]", name[:TITLE_MAX + 1]) if m.start() >= 8]
        name = name[:breaks[-1] if breaks else TITLE_MAX - 1].rstrip(" ,;:/-&") + "…"
    return f"{name} ({lane.count})"


def first_view(timeline: Timeline) -> FirstView:
    """The view the page opens on, and the sizes that follow from it. Lane titles are READ_PX on screen where the
    lane is tall enough (else smaller, readable when zoomed in: a title never runs into the next lane), in a
    gutter left of the first year, so they never meet a tick or a paper's circle."""
    xs = [x for x, _ in timeline.positions.values()] or [0.0]
    radius = node_size(len(xs))  # no circle is larger: a paper is cited by fewer papers than there are
    span = max(max(xs) - min(0.0, min(xs)), 1.0) + 2 * min(radius, 60.0)
    height = max((timeline.lanes[-1].bottom - timeline.lanes[0].top) if timeline.lanes else 1.0, 1.0)
    longest = max((label_width(lane_title(lane), READ_PX, bold=True) for lane in timeline.lanes), default=0.0)
    scale = min((VIEW[0] - ROOM_RIGHT_PX - GUTTER_PX - longest) / span, (VIEW[1] - AXIS_PX) / height, 1.5)
    scale = max(scale, 1e-3)
    sizes, boxes = [], []
    for lane in timeline.lanes:
        size = round(min(READ_PX / scale, (lane.bottom - lane.top) * 0.6 / 1.3), 2)
        right = -GUTTER_PX / scale
        top = lane.top + 0.2 * size
        sizes.append(size)
        boxes.append((round(right - label_width(lane_title(lane), size, bold=True), 2), round(top, 2),
                      round(right, 2), round(top + 1.3 * size, 2)))
    tiers = [READ_PX / scale]
    while tiers[-1] / TIER_STEP >= MIN_LABEL and len(tiers) < 8:
        tiers.append(tiers[-1] / TIER_STEP)
    left = min([b[0] for b in boxes] + [min(xs) - 60.0])
    top = timeline.lanes[0].top if timeline.lanes else 0.0
    box = (round(left - 8 / scale, 2), round(top - AXIS_PX / scale, 2), round(max(xs) + ROOM_RIGHT_PX / scale, 2),
           round(top + height, 2))
    return FirstView(round(scale, 5), box, boxes, sizes, tuple(round(t, 2) for t in tiers))


class _Grid:
    """Boxes indexed by the cells they touch, so a check looks only at its neighbours (linear, not quadratic)."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        c = self.cell
        for gx in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for gy in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield gx, gy

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box) -> bool:
        for key in self._keys(box):
            for b in self.cells.get(key, ()):
                if box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]:
                    return True
        return False


def place_labels(graph: nx.DiGraph, timeline: Timeline, view: FirstView | None = None) -> dict[str, Label]:
    """A name for each paper that has room: tried right of its circle, then left, below, above and at its corners,
    at the largest size of the view's tiers that fits, the most cited papers first (in the list, then overall);
    never over another name, a paper's circle or a lane title, nor outside the first view. Each name keeps its place
    and size in graph units, so none overlaps another at any zoom; the page draws a tier only once it is large
    enough on screen, so more names appear as one zooms in. (The idea of fixed candidate positions tried in order is
    the classic one of point-feature labelling; Christensen, Marks and Shieber, ACM TOG 14(3), 1995.)"""
    view = view or first_view(timeline)
    grid = _Grid(cell=max(96.0, 4 * view.label_sizes[-1]))
    x0, _, x1, _ = view.box
    y0 = timeline.lanes[0].top if timeline.lanes else view.box[1]  # not into the band of the years
    y1 = view.box[3]
    for node, (x, y) in timeline.positions.items():
        r = node_size(graph.in_degree(node))
        grid.add((x - r, y - r, x + r, y + r))
    for box in view.title_boxes:
        grid.add(box)
    order = sorted(graph.nodes, key=lambda n: (-graph.in_degree(n), -(graph.nodes[n].get("citation_count") or 0), n))
    placed: dict[str, Label] = {}
    for node in order:
        x, y = timeline.positions[node]
        r = node_size(graph.in_degree(node))
        text = short_label(node, graph.nodes[node])
        for size in view.label_sizes:
            width, gap = label_width(text, size), size * 0.3
            below, above = y + r + gap + size * 0.65, y - r - gap - size * 0.65
            # (left edge, middle line, which side of the box faces the circle: text shrunk on screen keeps to it)
            for lx, ly, anchor in ((x + r + gap, y, "left"), (x - r - gap - width, y, "right"),
                                   (x - width / 2, below, "center"), (x - width / 2, above, "center"),
                                   (x + r * 0.7, below, "left"), (x + r * 0.7, above, "left"),
                                   (x - r * 0.7 - width, below, "right"), (x - r * 0.7 - width, above, "right")):
                label = Label(round(lx, 2), round(ly, 2), size, text, anchor)
                b = label.box
                if x0 <= b[0] and b[2] <= x1 and y0 <= b[1] and b[3] <= y1 and not grid.hits(b):
                    grid.add(label.box)
                    placed[node] = label
                    break
            if node in placed:
                break
    return placed


def category_order(graph: nx.DiGraph) -> list[str]:
    """Categories in catalog order, then any category a paper names that the catalog did not declare."""
    declared = graph.graph.get("categories", {})
    used = {data.get("category") for _, data in graph.nodes(data=True)}
    parents = {info.get("parent") for info in declared.values()}
    order = [cid for cid in declared if cid in used or cid not in parents]  # an empty parent is no lane
    for _, data in sorted(graph.nodes(data=True)):
        if data.get("category") not in order:
            order.append(data.get("category", ""))
    return order


def node_size(in_list_citations: int) -> float:
    """Node radius by in-list citations (HistCite's LCS): area grows with the count, so use a square root."""
    return round(10 + 6 * math.sqrt(in_list_citations), 2)


def edge_width(sources: list[str] | str) -> float:
    """A citation's line width by how many sources vouch for it (the curated list, Semantic Scholar, OpenAlex):
    one 1, two 1.5, three 2. Sources that agree are the strongest evidence of a citation; the width says so
    without a legend's colour to learn."""
    names = sources.split(",") if isinstance(sources, str) else sources
    vouchers = len([name for name in names if name]) or 1
    return 0.5 + 0.5 * vouchers


def edge_dashed(sources: list[str] | str) -> bool:
    """Dashed: only the list's own curated references say so (no database reports it)."""
    return list(sources.split(",") if isinstance(sources, str) else sources) == ["curated"]


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
