"""graph → lineage.svg: the lineage as a standalone picture for a README (GitHub shows an SVG inside Markdown).

It is the page's first view (:func:`graphbuild.layout.draw`: x = first appearance, a lane per category, the same
lanes open and folded, the same names), drawn with nothing but SVG shapes and text: no script, no external font,
image or style sheet, so it renders wherever it is embedded. GitHub shows a README about 880 pixels wide, so the
picture is :data:`WIDTH` pixels wide whatever the list's size, and its text is as large there as on the page
(a name 12 × 0.8 ≈ 10 pixels; never under 9): a picture is only as good as what can be read in it where it is
shown.

At that width the picture holds what the first view holds: the names the layout places for it, every paper as a
mark (batched in one path per colour, shape and size, so 10,000 papers stay a few hundred kilobytes), and the
citations most worth seeing (the main path, then those between the most important papers, :data:`EDGE_BUDGET`
at most), each with an arrowhead at the cited paper. Everything is linear in the graph's size. Every text is
escaped for XML.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ..layout import AXIS_BAND, NAME_PX, TITLE_PX, VIEW, Drawing, draw, edge_dashed, edge_width, label_width
from .graphml import clean_value

WIDTH = 880  # pixels: the width GitHub gives a README's picture (laid out as the page's first view, VIEW[0])
# what --width accepts: narrower, the lane titles leave too little room for names of 9 px
MIN_WIDTH, MAX_WIDTH = 400, 8000
EDGE_BUDGET = 1500  # citations drawn at most: the main path, then those between the most important papers
LEGEND_ROW = 18.0
MAX_HEIGHT = 1400.0  # drawing units: lanes starting below are left out (a README picture, not a poster)
LEGEND_COLUMN = 250.0
CITATION = "#52606d"
SPINE = "#1f2933"


def _text(value: object) -> str:
    return escape(clean_value(str(value)) or "")


def _attr(value: object) -> str:
    return quoteattr(clean_value(str(value)) or "")


def _mark(shape: str, x: float, y: float, r: float) -> str:
    """One mark as path data: a circle is a zero-length line drawn with round caps (the path's stroke width is
    the mark's diameter), the other shapes are outlines filled."""
    if shape == "circle":
        return f"M{x:.1f} {y:.1f}h0"
    if shape == "square":
        s = r * 0.89  # the same area as the circle, near enough
        return f"M{x - s:.1f} {y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "triangle":
        s = r * 1.3
        return f"M{x:.1f} {y - s:.1f}l{s * 0.87:.1f} {s * 1.5:.1f}h{-s * 1.73:.1f}z"
    s = r * 1.25  # diamond
    return f"M{x:.1f} {y - s:.1f}l{s:.1f} {s:.1f}l{-s:.1f} {s:.1f}l{-s:.1f} {-s:.1f}z"


def chosen_edges(graph: nx.DiGraph, drawing: Drawing, inside: set[str],
                 budget: int = EDGE_BUDGET) -> list[tuple[str, str]]:
    """The citations among the papers ``inside`` the picture it draws: the main path first, then by the
    importance of their two papers (the sum of their ranks), at most ``budget``; in a stable order."""
    rank = {n: k for k, n in enumerate(drawing.importance)}
    edges = [e for e in graph.edges if e[0] in inside and e[1] in inside]
    ordered = sorted(edges, key=lambda e: (not graph.edges[e].get("main_path"), rank[e[0]] + rank[e[1]], e))
    return sorted(ordered[:budget])


def picture_drawing(graph: nx.DiGraph, width: int = WIDTH) -> Drawing:
    """The drawing for a picture ``width`` pixels wide: the layout of a first view as much wider or narrower than
    the page's as the picture is than :data:`WIDTH`, so that its names are as large where it is shown."""
    return draw(graph, width=VIEW[0] * width / WIDTH)


def generate_svg(graph: nx.DiGraph, drawing: Drawing | None = None) -> str:
    """The picture as a string, as wide as its drawing was laid out for (:func:`picture_drawing`; the page's
    drawing gives :data:`WIDTH` pixels)."""
    drawing = drawing or draw(graph)
    width = round(WIDTH * drawing.view_width / VIEW[0])
    x0, y0, x1, y1 = drawing.whole
    shown_lanes = [lane for lane in drawing.drawn if lane.top < MAX_HEIGHT] or list(drawing.drawn[:1])
    y1 = min(y1, shown_lanes[-1].bottom if shown_lanes else y1, MAX_HEIGHT)  # a lane taller than that is cut
    left_out = [lane for lane in drawing.drawn if lane not in shown_lanes]
    inside = {n for lane in shown_lanes for n in drawing.blocks[lane.block].x
              if drawing.positions[n][1] + drawing.radius[n] <= y1}
    cut = sum(len(drawing.blocks[lane.block].x) for lane in shown_lanes) - len(inside)
    roots = [drawing.lanes[r] for r in drawing.roots]
    columns = max(1, int((x1 - x0) // LEGEND_COLUMN))
    legend_rows = math.ceil(len(roots) / columns) + 1 + (1 if left_out or cut else 0)
    legend_top = y1 + 16.0
    bottom = legend_top + LEGEND_ROW * legend_rows + 6.0
    scale = width / (x1 - x0)
    height = round((bottom - y0) * scale)
    title = graph.graph.get("title", "Citation graph")
    box = f"{x0:.1f} {y0:.1f} {x1 - x0:.1f} {bottom - y0:.1f}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="{box}" '
           f'font-family="sans-serif" font-size="{NAME_PX:g}" role="img" aria-label={_attr(title + " · lineage")}>',
           f"<title>{_text(title)} · lineage</title>",
           f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{bottom - y0:.1f}" fill="#ffffff"/>',
           '<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" '
           f'orient="auto" markerUnits="strokeWidth"><path d="M0 0L10 5L0 10z" fill="{CITATION}"/></marker>'
           '<marker id="s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="3" markerHeight="3" orient="auto" '
           f'markerUnits="strokeWidth"><path d="M0 0L10 5L0 10z" fill="{SPINE}"/></marker></defs>']
    for k, lane in enumerate(shown_lanes):  # lanes, and their titles in the gutter
        info = drawing.lanes[lane.lane]
        shade = "0.10" if k % 2 == 0 else "0.05"
        tall = min(lane.bottom, y1) - lane.top
        out.append(f'<rect x="{x0:.1f}" y="{lane.top:.1f}" width="{x1 - x0:.1f}" height="{tall:.1f}"'
                   f' fill={_attr(info.color)} fill-opacity="{shade}"/>')
        mark = "▾ " if lane.open else ("▸ " if info.children else "")
        out.append(f'<text x="{x0 + 4 + 12 * lane.depth:.1f}" y="{lane.top + TITLE_PX + 3:.1f}" '
                   f'font-size="{TITLE_PX:g}" font-weight="bold" fill="#1f2933">{_text(mark + info.title)}</text>')
    # year ticks; a year's label where it has room (years are as wide as their papers ask: a sparse one may be
    # too narrow for its label), "undated" always
    free = drawing.undated_x if drawing.undated_x is not None else math.inf
    labels = []
    right = -math.inf
    for year in range(drawing.first_month // 12, drawing.last_month // 12 + 1):
        x = drawing.x_of_month(year * 12)
        out.append(f'<line x1="{x:.1f}" y1="{-AXIS_BAND + 4:.1f}" x2="{x:.1f}" y2="{y1:.1f}" stroke="#c5ccd3" '
                   'stroke-width="0.6"/>')
        end = x + 3 + label_width(str(year), NAME_PX)
        if year < drawing.last_month // 12 and x + 3 >= right + 6 and end + 6 <= free:
            labels.append(f'<text x="{x + 3:.1f}" y="{-8:.1f}" fill="#52606d">{year}</text>')
            right = end
    out.extend(labels)
    if drawing.undated_x is not None:
        out.append(f'<text x="{drawing.undated_x:.1f}" y="{-8:.1f}" fill="#52606d">undated</text>')
    positions, radius = drawing.positions, drawing.radius
    plain: dict[tuple[float, bool], list[str]] = {}
    spine: list[str] = []
    chosen = chosen_edges(graph, drawing, inside)
    for u, v in chosen:  # citations, citing → cited, ending at the cited paper's rim
        (ax, ay), (bx, by) = positions[u], positions[v]
        length = math.hypot(bx - ax, by - ay) or 1.0
        tip = radius[v] + 1.0
        ex, ey = bx - (bx - ax) / length * tip, by - (by - ay) / length * tip
        line = f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{ex:.1f}" y2="{ey:.1f}"/>'
        data = graph.edges[u, v]
        if data.get("main_path"):
            spine.append(line)
        else:
            sources = data.get("sources", [])
            plain.setdefault((0.6 * edge_width(sources), edge_dashed(sources)), []).append(line)
    for (stroke, dashed), lines in sorted(plain.items()):
        dash = ' stroke-dasharray="3 2"' if dashed else ""
        out.append(f'<g stroke="{CITATION}" stroke-opacity="0.45" stroke-width="{stroke:g}"{dash} '
                   f'marker-end="url(#a)">' + "".join(lines) + "</g>")
    if spine:
        out.append(f'<g stroke="{SPINE}" stroke-width="2.5" stroke-linecap="round" marker-end="url(#s)">'
                   + "".join(spine) + "</g>")
    marks: dict[tuple[str, str, float], list[str]] = {}
    for node in sorted(inside):  # papers, batched by colour, shape and size
        category = drawing.lanes.get(graph.nodes[node].get("category", ""))
        colour = category.color if category else graph.nodes[node].get("color", "#999999")
        shape = category.shape if category else "circle"
        r = round(radius[node] * 2) / 2
        x, y = positions[node]
        marks.setdefault((colour, shape, r), []).append(_mark(shape, x, y, r))
    for (colour, shape, r), paths in sorted(marks.items()):
        if shape == "circle":
            out.append(f'<path stroke={_attr(colour)} stroke-width="{2 * r:g}" stroke-linecap="round" '
                       f'd="{"".join(paths)}"/>')
        else:
            out.append(f'<path fill={_attr(colour)} d="{"".join(paths)}"/>')
    for node, name in sorted(drawing.names.items()):  # the first view's names
        if name.size < NAME_PX or node not in inside:
            continue
        out.append(f'<text x="{name.x:.1f}" y="{name.y + name.size * 0.35:.1f}" fill="#1f2933" stroke="#ffffff" '
                   f'stroke-width="3" paint-order="stroke">{_text(name.text)}</text>')
    y = legend_top + 6  # the legend: top-level categories, and how citations are drawn
    for k, root in enumerate(roots):
        lx, ly = x0 + 8 + (k % columns) * LEGEND_COLUMN, y + (k // columns) * LEGEND_ROW
        out.append(f'<path fill={_attr(root.color)} stroke={_attr(root.color)} d="{_mark(root.shape, lx + 6, ly, 5)}"'
                   ' stroke-width="10" stroke-linecap="round"/>' if root.shape == "circle" else
                   f'<path fill={_attr(root.color)} d="{_mark(root.shape, lx + 6, ly, 5)}"/>')
        out.append(f'<text x="{lx + 18:.1f}" y="{ly + 4:.1f}" fill="#1f2933">{_text(root.title)}</text>')
    y += math.ceil(len(roots) / columns) * LEGEND_ROW
    if left_out or cut:
        papers = sum(len(drawing.blocks[lane.block].x) for lane in left_out) + cut
        lanes = f"{len(left_out)} more lanes, " if left_out else ""
        more = f"… and {lanes}{papers} more papers below, on the lineage page"
        out.append(f'<text x="{x0 + 8:.1f}" y="{y + 4:.1f}" fill="#1f2933">{_text(more)}</text>')
        y += LEGEND_ROW
    shown = len(chosen)
    note = f"{shown} of {graph.number_of_edges()} citations" if shown < graph.number_of_edges() else "a citation"
    out.append(f'<line x1="{x0 + 8:.1f}" y1="{y:.1f}" x2="{x0 + 28:.1f}" y2="{y:.1f}" stroke="{SPINE}" '
               f'stroke-width="2.5"/><text x="{x0 + 34:.1f}" y="{y + 4:.1f}" fill="#1f2933">main path</text>'
               f'<line x1="{x0 + 120:.1f}" y1="{y:.1f}" x2="{x0 + 140:.1f}" y2="{y:.1f}" stroke="{CITATION}" '
               f'marker-end="url(#a)"/><text x="{x0 + 146:.1f}" y="{y + 4:.1f}" fill="#1f2933">{_text(note)} '
               "(dashed: only the list's own references say so) · x: first appearance · size: citations within "
               "the list</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
