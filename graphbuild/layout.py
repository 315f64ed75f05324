"""The drawing every export shares, computed once: where each paper stands, how large, which names are written
where and from which zoom, the lanes of the category tree and how they fold. The page, the README picture and
Gephi's x/y all read it, so they show one picture.

A citation graph drawn by force-directed physics is a hairball that never sits still; a reading list has a
natural order instead: time. x is a paper's first appearance; each category gets a horizontal lane. The years are
as wide as their papers ask (:func:`timeline_years`: a field crowds its last years), and the papers of one month
share its width (:func:`spread_in_months`). Units are
screen pixels of the page's first view at 1400 × 900 (:data:`VIEW`), so sizes are decided for the screen they
will be read on: a first-view name is :data:`NAME_PX` pixels, a mark at least :data:`MIN_RADIUS`.

**Lanes.** Categories form a tree (papers.yaml's ``parent``). A lane is *folded* (one lane for its whole subtree)
or *open* (its own papers, then a lane per child). Each lane's two contents are laid out once, as blocks, so the
page folds and opens lanes by stacking blocks, without laying anything out again. A list with more top-level
categories than fit (more than :data:`MAX_ROOTS`) has its consecutive categories grouped under lanes of their own
(``group:1`` …), named by their first and last member. The first view opens the largest lanes while everything
still fits (every lane at least :data:`MIN_LANE` pixels tall); the rest start folded.

**Papers in a lane** are packed greedily in time order into the lowest free band of pixel rows (the skyline
packing of strip-packing, Baker, Coffman & Rivest, SIAM J. Comput. 9(4), 1980): a paper's band is its circle's
height, or its name's where it is named at the first view, and its row must be free from just left of its circle
to just right of its name. So the most important papers (:func:`named_first`: in-list citations, then PageRank,
then citations, then id) are named at the first view by construction, however dense the list.

**Names at zoom.** Every other paper's name is placed afterwards, at the largest of a series of sizes that fits
(each 1.5 times smaller than the one before, so it becomes readable at 1.5 times the zoom), tried right of its
circle, then left, below and above: the classic fixed-position point-feature labelling (Christensen, Marks and
Shieber, ACM TOG 14(3), 1995). No name overlaps another name, a circle or the lane's edge, and every other circle
keeps farther from a name than its own, so a name is always read as its own paper's.

Everything is deterministic: the same graph gives the same numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy as np

from .ids import PROVISIONAL_TITLE_RE
from .palette import SHAPES, category_colours

VIEW = (1000.0, 850.0)  # the page's drawing area at 1400 × 900, in pixels (the side panel takes the rest)
AXIS_BAND = 24.0  # above the lanes: where the years are written
ROOM_RIGHT = 110.0  # right of the last year: room for the names of the last papers
NAME_PX = 12.0  # a first-view name
MIN_NAME_PX = 10.0  # the page writes a name once it is at least this large on screen (level of detail)
MAX_NAME_PX = 15.0  # ... and never larger: zoomed in, a name keeps to its own box
TIER_STEP = 1.5
TIERS = 7
TITLE_PX = 12.0  # lane titles, written in the page's own pixels whatever the zoom
GUTTER_MAX = 220.0  # the band left of the first year where lane titles stand at the first view
INDENT = 12.0  # a child lane's title, further in
MIN_LANE = 28.0  # every lane drawn is at least this tall at the first view
HEADER = 22.0  # an open lane with no papers of its own: its title's strip
LANE_PAD = 5.0  # above and below a lane's papers
STRETCH_MAX = 90.0  # extra height a lane may take when the lanes leave room at the first view
MAX_ROOTS = 24  # more top-level lanes than this are grouped
MAX_FIRST_LANES = 26
NAMED_FIRST = 40  # papers named at the first view (the most important, and each lane's best): at least these ...
NAMED_PER_ROOT = 3.0  # ... and, in a larger list, this many times the square root of its papers (see named_first)
PLACED_MAX = 6000  # papers whose names are placed for deeper zooms (the rest show their name when selected)
CHAR_WIDTH = 0.62  # width of a character per unit of font size (system sans-serif, generous)
BOLD = 1.1
GAP_X = 2.0  # between two circles in a row
UNDATED_COLUMNS = 6
YEAR_FLOOR = 0.5  # an empty year's width, as a share of the mean year's


def month_index(first_appearance: str | None) -> int | None:
    """``"2020-06"`` → 2020 * 12 + 5."""
    if not first_appearance or len(first_appearance) < 7:
        return None
    try:
        return int(first_appearance[:4]) * 12 + int(first_appearance[5:7]) - 1
    except ValueError:
        return None


def label_width(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * CHAR_WIDTH * (BOLD if bold else 1.0)


@dataclass(frozen=True)
class Name:
    """A paper's name: where the text starts (left edge) and its middle line, its size, and the side of its box
    that faces the circle (``left``, ``right`` or ``center``: text drawn smaller keeps to that side)."""

    x: float
    y: float
    size: float
    text: str
    anchor: str = "left"

    @property
    def width(self) -> float:
        return label_width(self.text, self.size)

    @property
    def box(self) -> tuple[float, float, float, float]:
        half = self.size * 0.65
        return (self.x, self.y - half, self.x + self.width, self.y + half)

    def moved(self, dy: float) -> Name:
        return Name(self.x, round(self.y + dy, 2), self.size, self.text, self.anchor)


@dataclass(frozen=True)
class Lane:
    """A category as the drawing knows it (or a group of top-level categories the drawing made)."""

    id: str
    label: str
    color: str
    shape: str  # the mark's shape: a second cue where top-level colours repeat
    parent: str | None
    children: tuple[str, ...]
    depth: int
    count: int  # papers in its subtree
    own: int  # papers in this category itself
    title: str  # what the lane's title says (cut after a word), with its count
    group: bool = False  # made by the drawing, not the list


@dataclass(frozen=True)
class Block:
    """The papers of a lane in one state, laid out: folded (``key`` = the lane's id: its whole subtree) or, for a
    lane with children, open (``key`` = ``id + "/own"``: its own papers). ``y`` is from the block's top."""

    key: str
    lane: str
    height: float
    x: dict[str, float]
    y: dict[str, float]
    names: dict[str, Name]


@dataclass(frozen=True)
class DrawnLane:
    lane: str
    block: str
    top: float
    bottom: float
    depth: int
    open: bool


@dataclass(frozen=True)
class Drawing:
    """The drawing. ``positions``, ``names`` and ``drawn`` are those of the first view (lanes in ``open`` open);
    :func:`compose` gives them for any other set of open lanes."""

    lanes: dict[str, Lane]
    roots: tuple[str, ...]
    blocks: dict[str, Block]
    open: frozenset[str]
    radius: dict[str, float]
    importance: tuple[str, ...]  # most important first
    tiers: tuple[float, ...]  # name sizes, the first-view size first
    first_month: int
    last_month: int
    year_x: tuple[float, ...]  # where each year starts, from the first to one past the last (timeline_years)
    undated_x: float | None
    gutter: float
    drawn: tuple[DrawnLane, ...] = ()
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    names: dict[str, Name] = field(default_factory=dict)
    pagerank: dict[str, float] = field(default_factory=dict)  # the order's PageRank (the page's table shows it)
    view_width: float = VIEW[0]  # the first view's width it was laid out for

    def x_of_month(self, month: int) -> float:
        return x_of_month(self.year_x, self.first_month, month)

    @property
    def width(self) -> float:
        last = self.x_of_month(self.last_month)
        right = self.undated_x + UNDATED_COLUMNS * 12 if self.undated_x is not None else last
        return right + ROOM_RIGHT

    @property
    def height(self) -> float:
        return self.drawn[-1].bottom if self.drawn else MIN_LANE

    @property
    def view(self) -> tuple[float, float, float, float]:
        """The first view's box: the whole width (lane titles, the years, room for names) and the lanes as far
        down as the view's height goes; a taller drawing is read further by scrolling, like a document, rather
        than shrunk until nothing in it can be read or pointed at."""
        bottom = min(max(self.height, 1.0), VIEW[1] - AXIS_BAND)
        return (-self.gutter, -AXIS_BAND, round(self.width, 2), round(bottom, 2))

    @property
    def whole(self) -> tuple[float, float, float, float]:
        """The box of everything drawn."""
        return (-self.gutter, -AXIS_BAND, round(self.width, 2), round(max(self.height, 1.0), 2))


# --- the category tree ----------------------------------------------------------------------------------------

def named_first(papers: int) -> int:
    """How many papers are named at the first view: 40, and in a larger list 3√n (67 of 500, 134 of 2,000, 300
    of 10,000). The first view shows the whole width and the top of a tall list; 40 names spread over all its
    lanes left the lanes in view with 14 to 19 names on lists of 1,500 to 2,000 papers. A name reserves its band
    in its lane, so more names make taller lanes: at 3√n a real 1,473-paper list shows 35 names in 6 lanes at the
    first view (40 names: 19 in 7 lanes; 4√n: 40 in 5)."""
    return max(NAMED_FIRST, round(NAMED_PER_ROOT * math.sqrt(papers)))


def timeline_years(months: list[int], first: int, last: int, span: float) -> tuple[float, ...]:
    """Where each year starts on the timeline (``first`` and ``last`` are months, multiples of 12; ``span`` the
    width the years share), and where the last one ends.

    A reading list crowds its last years (a field grows: 60 % of a real 1,473-paper list first appeared in 2024 and
    2025), so years of equal width give most of the width to the early years' few papers and stack the rest into
    columns too tall to read. Each year's width grows instead with the square root of the papers that first
    appeared in it, plus a floor (:data:`YEAR_FLOOR` of the mean year's) so that an empty year stays visible:
    one axis of a density-equalising map, in the spirit of cartograms (Gastner & Newman, PNAS 101(20), 2004),
    kept mild by the root so that time still reads from left to right. Within a year months are equal, and a
    list whose years hold as many papers each is drawn to a linear scale."""
    years = max((last - first) // 12, 1)
    counts = [0] * years
    for m in months:
        counts[min(max((m - first) // 12, 0), years - 1)] += 1
    roots = [math.sqrt(c) for c in counts]
    mean = sum(roots) / years or 1.0
    weights = [r + YEAR_FLOOR * mean for r in roots]
    total = sum(weights)
    edges, x = [0.0], 0.0
    for w in weights:
        x += span * w / total
        edges.append(round(x, 2))
    return tuple(edges)


def x_of_month(year_x: tuple[float, ...], first: int, month: int) -> float:
    """A month's x on the timeline of :func:`timeline_years` (months within a year equal)."""
    k = min(max((month - first) // 12, 0), len(year_x) - 2)
    return year_x[k] + (year_x[k + 1] - year_x[k]) * (month - first - 12 * k) / 12


def spread_in_months(months: dict[str, int | None], year_x: tuple[float, ...], first: int,
                     rank: dict[str, int]) -> dict[str, float | None]:
    """Each paper's x: its month's place on the timeline, the papers of one month spread evenly across the
    month's width (the more important first). A list dates its papers to the month, and a real one puts 50 in a
    single month: at one x they could only stack into a column as tall as the lane; spread, they share it."""
    by_month: dict[int, list[str]] = {}
    for n, m in months.items():
        if m is not None:
            by_month.setdefault(m, []).append(n)
    xs: dict[str, float | None] = {n: None for n, m in months.items() if m is None}
    for m, papers in by_month.items():
        start, end = x_of_month(year_x, first, m), x_of_month(year_x, first, m + 1)
        papers.sort(key=rank.__getitem__)
        if len(papers) == 1:
            xs[papers[0]] = start
            continue
        for k, n in enumerate(papers):
            xs[n] = start + (end - start) * k / len(papers)
    return xs


def category_order(graph: nx.DiGraph) -> list[str]:
    """Categories in catalog order, then any category a paper names that the catalog did not declare."""
    order = list(graph.graph.get("categories", {}))
    for _, data in sorted(graph.nodes(data=True)):
        if data.get("category") not in order:
            order.append(data.get("category", ""))
    return order


TITLE_CUT = 30  # characters of a lane's name in its title (the legend and the table have it whole)


def cut_title(name: str, limit: int = TITLE_CUT) -> str:
    """``name`` cut after a word to at most ``limit`` characters ("Representation/Classification…"), mid-word
    only when the first word alone is longer."""
    if len(name) <= limit:
        return name
    breaks = [m.start() for m in re.finditer(r"[\s/,;:&-]", name[:limit + 1]) if m.start() >= 6]
    return name[:breaks[-1] if breaks else limit - 1].rstrip(" ,;:/-&") + "…"


def _tree(graph: nx.DiGraph) -> tuple[dict[str, Lane], tuple[str, ...]]:
    info = graph.graph.get("categories", {})
    order = category_order(graph)
    parent = {c: (info.get(c, {}).get("parent") if info.get(c, {}).get("parent") in info else None) for c in order}
    for c in order:  # a circle of parents (papers.yaml refuses them; a hand-made graph may not): cut it
        seen = {c}
        at = parent[c]
        while at is not None and at not in seen:
            seen.add(at)
            at = parent[at]
        if at is not None:
            parent[c] = None
    children: dict[str | None, list[str]] = {}
    for c in order:
        children.setdefault(parent[c], []).append(c)
    own: dict[str, int] = dict.fromkeys(order, 0)
    for _, data in graph.nodes(data=True):
        own[data.get("category", "")] += 1

    def count(c: str) -> int:
        return own[c] + sum(count(k) for k in children.get(c, []))

    counts = {c: count(c) for c in order}
    keep = {c for c in order if counts[c]}  # categories with no paper anywhere below them are not drawn
    roots = [c for c in children.get(None, []) if c in keep]
    while len(roots) <= 2:  # one or two top-level headings over everything ("Papers"): their children are the lanes
        hollow = [c for c in roots if not own[c] and any(k in keep for k in children.get(c, []))]
        if not hollow:
            break
        roots = [k for c in roots for k in ([k for k in children[c] if k in keep] if c in hollow else [c])]
        for c in roots:
            parent[c] = None
    groups: dict[str, list[str]] = {}

    def grouped(kids: list[str], prefix: str) -> list[str]:
        """Too many lanes side by side to read: consecutive ones grouped under lanes the drawing makes."""
        if len(kids) <= MAX_ROOTS:
            return kids
        size = math.ceil(len(kids) / MAX_ROOTS)
        made = []
        for k in range(0, len(kids), size):
            gid = f"group:{prefix}{k // size + 1}"
            groups[gid] = kids[k:k + size]
            made.append(gid)
        return made

    roots = grouped(roots, "")
    for c in roots:
        parent[c] = None
    for above in [c for c in children if c is not None]:
        kept = grouped([k for k in children[above] if k in keep], above + ":")
        for gid in kept:
            if gid in groups:
                parent[gid] = above
        children[above] = kept
    for gid, members in groups.items():
        keep.add(gid)
        for c in members:
            parent[c] = gid
    colours = category_colours(roots)
    lanes: dict[str, Lane] = {}

    def add(c: str, depth: int, colour: str, shape: str) -> None:
        kids = tuple(k for k in (groups.get(c) or children.get(c, [])) if k in keep)
        if c in groups:
            first, last = (info.get(m, {}).get("label", m) for m in (kids[0], kids[-1]))
            label, total, mine = f"{first} – {last}", sum(counts[k] for k in kids), 0
        else:
            label, total, mine = info.get(c, {}).get("label", c) or "uncategorised", counts[c], own[c]
            if not info.get(c, {}).get("palette"):  # the list's own colour; else the drawing's lanes take the palette
                colour = info.get(c, {}).get("color") or colour
        lanes[c] = Lane(c, label, colour, shape, parent[c], kids, depth, total, mine,
                        f"{cut_title(label)} ({total})", group=c in groups)
        for k in kids:
            add(k, depth + 1, colour, shape)

    for root in roots:
        colour, shape = colours[root]
        add(root, 0, colour, shape)
    _second_cue(lanes, roots)
    return lanes, tuple(roots)


def _second_cue(lanes: dict[str, Lane], roots: list[str]) -> None:
    """Top-level lanes that share a colour (the list's own colours, or more lanes than the palette) get different
    mark shapes, and their subtrees with them."""
    used: dict[str, int] = {}
    for root in roots:
        k = used.get(lanes[root].color, 0)
        used[lanes[root].color] = k + 1
        shape = SHAPES[k % len(SHAPES)]
        stack = [root]
        while stack:
            c = stack.pop()
            lane = lanes[c]
            lanes[c] = replace(lane, shape=shape)
            stack.extend(lane.children)


def subtree(lanes: dict[str, Lane], lane: str) -> list[str]:
    out, stack = [], [lane]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(lanes[c].children))
    return out


# --- sizes and importance -------------------------------------------------------------------------------------

def node_size(in_list_citations: int, base: float = 7.0) -> float:
    """A paper's radius by in-list citations (HistCite's LCS): area grows with the count (a square root), from
    ``base`` for a paper no listed paper cites, to at most 2.2 times it (larger marks would wall in the papers of
    their years)."""
    return round(base * _growth(in_list_citations), 2)


MIN_RADIUS = 2.5


FILL = 0.3  # the share of the first view's area the papers' marks may cover (time order packs loosely)


def _growth(in_list_citations: int) -> float:
    return min(1 + 0.25 * math.sqrt(in_list_citations), 2.2)


def base_radius(in_list_citations: list[int], width: float = VIEW[0]) -> float:
    """The radius of an uncited paper: the papers' marks (each with its gap) share :data:`FILL` of the first
    view's area, so the more papers, and the more cited, the smaller each (never under :data:`MIN_RADIUS` pixels,
    a mark one can see and point at; never over 7). Solves sum((2 b g_i + gap)^2) = FILL * area for b."""
    if not in_list_citations:
        return 7.0
    area = (width - GUTTER_MAX) * (VIEW[1] - AXIS_BAND)
    growth = [_growth(k) for k in in_list_citations]
    a = 4 * sum(g * g for g in growth)
    b = 4 * GAP_X * sum(growth)
    c = len(growth) * GAP_X ** 2 - FILL * area
    root = (-b + math.sqrt(max(b * b - 4 * a * c, 0.0))) / (2 * a)
    return round(min(7.0, max(MIN_RADIUS, root)), 2)


def importance(graph: nx.DiGraph, pagerank: dict[str, float] | None = None) -> list[str]:
    """Papers, most important first: in-list citations, then PageRank, then citations overall, then id."""
    if pagerank is None:
        pagerank = _pagerank(graph)
    return sorted(graph.nodes, key=lambda n: (-graph.in_degree(n), -round(pagerank.get(n, 0.0), 9),
                                              -(graph.nodes[n].get("citation_count") or 0), n))


def _pagerank(graph: nx.DiGraph) -> dict[str, float]:
    if graph.number_of_edges() == 0:
        return {}
    from .analysis.metrics import ConvergenceError, pagerank

    try:
        return {n: v or 0.0 for n, v in pagerank(graph).items()}
    except ConvergenceError:  # the order falls back to citations and ids
        return {}


# --- the layout -----------------------------------------------------------------------------------------------

def draw(graph: nx.DiGraph, pagerank: dict[str, float] | None = None, width: float = VIEW[0]) -> Drawing:
    """The drawing of ``graph`` (see the module's docstring), for a first view ``width`` pixels wide (the page's;
    a README picture of another width is laid out for it, so that its names keep their size there)."""
    lanes, roots = _tree(graph)
    if pagerank is None:
        pagerank = _pagerank(graph)
    order = importance(graph, pagerank)
    rank = {n: k for k, n in enumerate(order)}
    months = {n: month_index(d.get("first_appearance")) for n, d in graph.nodes(data=True)}
    known = [m for m in months.values() if m is not None]
    first = (min(known) // 12) * 12 if known else 2000 * 12
    last = (max(known) // 12 + 1) * 12 if known else first + 12
    undated = [n for n, m in months.items() if m is None]
    gutter = min(GUTTER_MAX, max((label_width(lane.title, TITLE_PX, bold=True) + INDENT * lane.depth
                                  for lane in lanes.values()), default=0.0) + 16.0)
    undated_width = UNDATED_COLUMNS * 12.0 + 24.0 if undated else 0.0
    span = max(width - gutter - ROOM_RIGHT - undated_width, 200.0)
    year_x = timeline_years(known, first, last, span)
    undated_x = span + 24.0 if undated else None
    xs = spread_in_months(months, year_x, first, rank)
    labels = {n: short_label(n, graph.nodes[n]) for n in graph}

    members: dict[str, list[str]] = {c: [] for c in lanes}
    for n, d in graph.nodes(data=True):
        members[d.get("category", "")].append(n)
    named = set(order[:named_first(len(order))])
    blocks: dict[str, Block] = {}
    x_limit = span + undated_width + ROOM_RIGHT - 4.0
    # The marks' size: what shares the view's area (base_radius), then smaller while the folded top-level lanes,
    # packed, would not fit the view's height (a few trial packings, without names: they are cheap).
    base = base_radius([graph.in_degree(n) for n in graph], width)
    for _ in range(4):
        radius = {n: node_size(graph.in_degree(n), base) for n in graph}
        tall = sum(_block(c, c, [n for k in subtree(lanes, c) for n in members.get(k, [])], xs, undated_x, radius,
                          labels, named, rank, x_limit, place=False).height for c in roots)
        room = VIEW[1] - AXIS_BAND
        if tall <= room or base <= MIN_RADIUS:
            break
        base = round(max(MIN_RADIUS, base * max(0.6, math.sqrt(room / tall))), 2)
    for c, lane in lanes.items():
        papers = [n for k in subtree(lanes, c) for n in members.get(k, [])]
        best = {min(papers, key=rank.__getitem__)} if papers else set()
        blocks[c] = _block(c, c, papers, xs, undated_x, radius, labels, named | best, rank, x_limit)
        if lane.children:
            mine = members.get(c, [])
            best = {min(mine, key=rank.__getitem__)} if mine else set()
            blocks[c + "/own"] = _block(c + "/own", c, mine, xs, undated_x, radius, labels, named | best, rank,
                                        x_limit, empty=HEADER)
    tiers = tuple(round(NAME_PX / TIER_STEP ** k, 3) for k in range(TIERS))
    drawing = Drawing(lanes, roots, blocks, frozenset(), radius, tuple(order), tiers, first, last, year_x,
                      round(undated_x, 2) if undated_x is not None else None, round(gutter, 2),
                      pagerank={n: round(v, 9) for n, v in pagerank.items()}, view_width=width)
    opened = first_open(drawing)
    return _composed(drawing, opened)


def _block(key: str, lane: str, papers: list[str], xs: dict[str, float | None], undated_x: float | None,
           radius: dict[str, float], labels: dict[str, str], named: set[str], rank: dict[str, int],
           x_limit: float, empty: float = MIN_LANE, place: bool = True) -> Block:
    """Pack ``papers`` into a lane (skyline packing in time order, the named ones with room for their names), then
    place the names the zooms will show."""
    if not papers:
        return Block(key, lane, empty, {}, {}, {})
    x: dict[str, float] = {n: v for n in papers if (v := xs[n]) is not None}
    dated = sorted(x, key=lambda n: (x[n], n))
    undated = sorted((n for n in papers if n not in x), key=lambda n: (rank[n], n))
    if undated:  # a block of columns right of the last year, the most important first
        columns = min(UNDATED_COLUMNS, max(1, len(undated)))
        width = UNDATED_COLUMNS * 12.0 / columns
        start = undated_x or 0.0
        for k, n in enumerate(undated):
            x[n] = start + (k % columns) * width
    ends = _Skyline()
    centre: dict[str, float] = {}
    names: dict[str, Name] = {}
    half_name = NAME_PX * 0.65 + 4.0  # a first-view name's half height, and the clearance kept around it
    for n in dated + undated:
        r, px = radius[n], x[n]
        text = labels[n]
        name_w = label_width(text, NAME_PX) if n in named else 0.0
        side = "left"
        if name_w and px + r + 3 + name_w > x_limit:
            side = "right"  # no room right of it: the name goes left
        half = max(r + 1.0, half_name if name_w else 0.0)
        height = int(math.ceil(2 * half))
        free_from = px - r - GAP_X - (name_w + 3 + 4 if side == "right" else 0)
        j = ends.lowest(height, free_from)
        ends.take(j, height, px + r + GAP_X + (3 + name_w + 4 if name_w and side == "left" else 0))
        cy = j + height / 2
        centre[n] = cy
        if name_w:
            nx0 = px + r + 3 if side == "left" else px - r - 3 - name_w
            names[n] = Name(round(nx0, 2), round(cy, 2), NAME_PX, text, side)
    content = ends.used
    lane_height = max(MIN_LANE, content + 2 * LANE_PAD)
    offset = (lane_height - content) / 2
    y = {n: round(c + offset, 2) for n, c in centre.items()}
    names = {n: name.moved(offset) for n, name in names.items()}
    xr = {n: round(v, 2) for n, v in x.items()}
    block = Block(key, lane, round(lane_height, 2), xr, y, names)
    if place:
        _place_names(block, radius, labels, rank)
    return block


class _Skyline:
    """For each pixel row from a lane's top, the rightmost x taken so far (papers come in time order, so a row is
    free for a paper when what it holds ends left of the paper's start). numpy, so that finding the lowest free
    band looks at the blocked rows only, whatever the lane's height."""

    def __init__(self) -> None:
        self.ends = np.full(64, -np.inf)
        self.used = 0

    def lowest(self, height: int, free_from: float) -> int:
        """The first row j such that rows j .. j+height-1 are all free left of ``free_from`` (rows past the end
        are free)."""
        blocked = np.flatnonzero(self.ends[:self.used] > free_from)
        if not len(blocked):
            return 0
        starts = np.concatenate(([0], blocked + 1))  # a band starts at the top or just below a blocked row
        following = np.concatenate((blocked, [np.iinfo(np.int64).max]))  # the next blocked row after each start
        return int(starts[np.argmax(following - starts >= height)])

    def take(self, row: int, height: int, until: float) -> None:
        while len(self.ends) < row + height:
            self.ends = np.concatenate((self.ends, np.full(len(self.ends), -np.inf)))
        self.ends[row:row + height] = until
        self.used = max(self.used, row + height)


class _Grid:
    """Boxes indexed by the cells they touch, so a check looks only at its neighbours (linear, not quadratic).
    Each box has an owner (a paper's id, or None), so a name's check can pass over its own paper's circle."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float, str | None]]] = {}

    def add(self, box: tuple[float, float, float, float], owner: str | None = None) -> None:
        c = self.cell
        entry = (*box, owner)
        for gx in range(int(box[0] // c), int(box[2] // c) + 1):
            for gy in range(int(box[1] // c), int(box[3] // c) + 1):
                self.cells.setdefault((gx, gy), []).append(entry)

    def hits(self, x0: float, y0: float, x1: float, y1: float, but: str | None = None) -> bool:
        """Does the box touch a box of another owner than ``but``?"""
        c, cells = self.cell, self.cells
        for gx in range(int(x0 // c), int(x1 // c) + 1):
            for gy in range(int(y0 // c), int(y1 // c) + 1):
                for b in cells.get((gx, gy), ()):
                    if x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 and (but is None or b[4] != but):
                        return True
        return False


def _place_names(block: Block, radius: dict[str, float], labels: dict[str, str], rank: dict[str, int]) -> None:
    """Names for the papers of ``block`` not named at the first view, each at the largest size that fits (see
    the module's docstring). Other circles are kept at a distance of half the name's size, twice its distance to
    its own circle, so the nearest circle to a name is its own."""
    names = block.names
    tiers = [NAME_PX / TIER_STEP ** k for k in range(1, TIERS)]
    circles = _Grid(cell=24.0)
    texts = _Grid(cell=24.0)
    for n, px in block.x.items():
        r, cy = radius[n], block.y[n]
        circles.add((px - r, cy - r, px + r, cy + r), n)
    for name in names.values():
        texts.add(name.box)
    top, bottom = 1.0, block.height - 1.0
    todo = sorted((n for n in block.x if n not in names), key=rank.__getitem__)[:PLACED_MAX]
    for n in todo:
        px, cy, r, text = block.x[n], block.y[n], radius[n], labels[n]
        for size in tiers:
            width, gap, half, margin = label_width(text, size), size * 0.25, size * 0.65, size * 0.5
            for lx, ly, anchor in ((px + r + gap, cy, "left"), (px - r - gap - width, cy, "right"),
                                   (px - width / 2, cy + r + gap + half, "center"),
                                   (px - width / 2, cy - r - gap - half, "center")):
                y0, y1, x1 = ly - half, ly + half, lx + width
                if y0 < top or y1 > bottom or texts.hits(lx, y0, x1, y1):
                    continue
                if circles.hits(lx - margin, y0 - margin, x1 + margin, y1 + margin, but=n):
                    continue
                name = Name(round(lx, 2), round(ly, 2), round(size, 3), text, anchor)
                names[n] = name
                texts.add(name.box)
                break
            if n in names:
                break


# --- folding and stacking -------------------------------------------------------------------------------------

def drawn_blocks(drawing: Drawing, opened: Iterable[str]) -> list[tuple[str, str, int, bool]]:
    """The blocks drawn, top to bottom, for the lanes in ``opened`` open: (block key, lane, depth, open)."""
    opened = set(opened)
    out: list[tuple[str, str, int, bool]] = []

    def emit(c: str) -> None:
        lane = drawing.lanes[c]
        if lane.children and c in opened:
            if not lane.group:
                out.append((c + "/own", c, lane.depth, True))
            for k in lane.children:
                emit(k)
        else:
            out.append((c, c, lane.depth, False))

    for root in drawing.roots:
        emit(root)
    return out


def stacked(drawing: Drawing, opened: Iterable[str], room: float | None = None) -> list[DrawnLane]:
    """The lanes drawn for ``opened``, with their tops and bottoms: blocks stacked, and when they leave room in
    the first view's height, every lane given an equal share of it (up to :data:`STRETCH_MAX`). The page's script
    stacks the same way (its ``stack``), and a test holds the two to each other."""
    room = VIEW[1] - AXIS_BAND if room is None else room
    blocks = drawn_blocks(drawing, opened)
    natural = sum(drawing.blocks[key].height for key, *_ in blocks)
    extra = min(STRETCH_MAX, max(0.0, room - natural) / len(blocks)) if blocks else 0.0
    out, top = [], 0.0
    for key, lane, depth, is_open in blocks:
        bottom = top + drawing.blocks[key].height + extra
        out.append(DrawnLane(lane, key, round(top, 2), round(bottom, 2), depth, is_open))
        top = bottom
    return out


def first_open(drawing: Drawing) -> frozenset[str]:
    """The lanes open at the first view: the largest first, while the lanes still fit the view's height (or,
    when folded they are already taller, grow by at most 30 %) and they number at most :data:`MAX_FIRST_LANES`;
    a lane whose children average fewer than three papers stays folded (many small leaves read better as one
    lane)."""
    folded = sum(drawing.blocks[k].height for k, *_ in drawn_blocks(drawing, ()))
    room = max(VIEW[1] - AXIS_BAND, folded * 1.3)  # a drawing taller than the view may grow a little by opening
    opened: set[str] = set()
    while True:
        candidates = [c for key, c, _, is_open in drawn_blocks(drawing, opened)
                      if not is_open and drawing.lanes[c].children
                      and drawing.lanes[c].count >= 3 * len(drawing.lanes[c].children)]
        for c in sorted(candidates, key=lambda c: (-drawing.lanes[c].count, c)):
            trial = opened | {c}
            blocks = drawn_blocks(drawing, trial)
            if len(blocks) <= MAX_FIRST_LANES and sum(drawing.blocks[k].height for k, *_ in blocks) <= room:
                opened = trial
                break
        else:
            return frozenset(opened)


def compose(drawing: Drawing, opened: Iterable[str]) -> tuple[list[DrawnLane], dict[str, tuple[float, float]],
                                                             dict[str, Name]]:
    """Lanes, positions and names for ``opened``."""
    lanes = stacked(drawing, opened)
    positions: dict[str, tuple[float, float]] = {}
    names: dict[str, Name] = {}
    for drawn in lanes:
        block = drawing.blocks[drawn.block]
        dy = drawn.top + (drawn.bottom - drawn.top - block.height) / 2
        for n, x in block.x.items():
            positions[n] = (x, round(block.y[n] + dy, 2))
        for n, name in block.names.items():
            names[n] = name.moved(dy)
    return lanes, positions, names


def _composed(drawing: Drawing, opened: frozenset[str]) -> Drawing:
    lanes, positions, names = compose(drawing, opened)
    return replace(drawing, open=opened, drawn=tuple(lanes), positions=positions, names=names)


# --- edges and names ------------------------------------------------------------------------------------------

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
