"""graph → lineage.svg: the timeline as a standalone picture for a README (GitHub shows an SVG inside Markdown).

The same layout as the page (x = first appearance, a lane per category), drawn with nothing but SVG shapes and
text: no script, no external font, image or style sheet, so it renders wherever it is embedded. Citations are
faint lines, the main path a thick dark one; papers are circles sized by in-list citations. Labels are placed
greedily, most cited first, to the right of their paper, else to its left, and left out where they would overlap
another label or a paper: the picture shows the names that fit. Every text is escaped for XML.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from ..graph import first_year
from ..layout import Timeline, edge_dashed, edge_width, node_size, short_label, timeline_layout
from .graphml import clean_value

LEFT = 190.0  # room for the lane titles
TOP = 40.0  # room for the year ticks
CHAR_WIDTH = 6.2  # px per character at font-size 11 (a sans-serif estimate, generous)
LABEL_HEIGHT = 13.0
LEGEND_ROW = 18.0


def _text(value: object) -> str:
    return escape(clean_value(str(value)) or "")


def _attr(value: object) -> str:
    return quoteattr(clean_value(str(value)) or "")


def _overlaps(box: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def generate_svg(graph: nx.DiGraph, timeline: Timeline | None = None) -> str:
    timeline = timeline or timeline_layout(graph)
    positions = {n: (LEFT + x, TOP + y) for n, (x, y) in timeline.positions.items()}
    radius = {n: round(node_size(graph.in_degree(n)) / 2.5, 1) for n in graph}
    right = max([x + 160 for x, _ in positions.values()] + [LEFT + timeline.x_of_month(timeline.last_month) + 40])
    bottom = max([TOP + lane.bottom for lane in timeline.lanes] + [TOP + 40])
    categories = graph.graph.get("categories", {})
    legend_top = bottom + 20
    height = legend_top + LEGEND_ROW * (len(timeline.lanes) + 2) + 10
    title = graph.graph.get("title", "Citation graph")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{right:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {right:.0f} {height:.0f}" font-family="sans-serif" font-size="11" role="img" '
           f'aria-label={_attr(title + " · lineage")}>',
           f"<title>{_text(title)} · lineage</title>",
           f'<rect width="{right:.0f}" height="{height:.0f}" fill="#ffffff"/>']
    for lane in timeline.lanes:  # lanes and their titles
        out.append(f'<rect x="0" y="{TOP + lane.top:.1f}" width="{right:.0f}" height="{lane.bottom - lane.top:.1f}" '
                   f'fill={_attr(lane.color)} fill-opacity="0.07"/>')
        out.append(f'<text x="8" y="{TOP + lane.top + 16:.1f}" fill={_attr(lane.color)} font-weight="bold">'
                   f"{_text(lane.label)} ({lane.count})</text>")
    for year in range(timeline.first_month // 12, timeline.last_month // 12 + 1):  # year ticks
        x = LEFT + timeline.x_of_month(year * 12)
        out.append(f'<line x1="{x:.1f}" y1="{TOP - 8:.0f}" x2="{x:.1f}" y2="{bottom:.0f}" stroke="#d0d5da" '
                   'stroke-width="0.5"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{TOP - 12:.0f}" fill="#52606d">{year}</text>')
    spine = [(u, v) for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])) if d.get("main_path")]
    for u, v in sorted(graph.edges):  # citations, citing → cited; thicker the more sources report them
        (x1, y1), (x2, y2) = positions[u], positions[v]
        sources = graph.edges[u, v].get("sources", [])
        dashed = ' stroke-dasharray="3 2"' if edge_dashed(sources) else ""
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7b8794" '
                   f'stroke-opacity="0.35" stroke-width="{0.8 * edge_width(sources):g}"{dashed}/>')
    for u, v in spine:
        (x1, y1), (x2, y2) = positions[u], positions[v]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#1f2933" '
                   'stroke-width="3" stroke-linecap="round"/>')
    for node in sorted(graph.nodes):  # papers
        x, y = positions[node]
        data = graph.nodes[node]
        appeared = first_year(data)
        tip = f"{data.get('title', node)} ({appeared})" if appeared else data.get("title", node)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[node]}" fill={_attr(data.get("color", "#999999"))}'
                   f' stroke="#ffffff" stroke-width="1"><title>{_text(tip)}</title></circle>')
    boxes = [(positions[n][0] - radius[n], positions[n][1] - radius[n], positions[n][0] + radius[n],
              positions[n][1] + radius[n]) for n in graph]
    labels = []
    for node in sorted(graph.nodes, key=lambda n: (-graph.in_degree(n), n)):  # most cited first
        x, y = positions[node]
        text = short_label(node, graph.nodes[node])
        width = CHAR_WIDTH * len(text)
        for x0 in (x + radius[node] + 3, x - radius[node] - 3 - width):
            box = (x0, y - LABEL_HEIGHT / 2, x0 + width, y + LABEL_HEIGHT / 2)
            others = [b for b in boxes if not (b[0] <= x <= b[2] and b[1] <= y <= b[3])]  # not its own circle
            if x0 >= 0 and box[2] <= right and not _overlaps(box, others):
                boxes.append(box)
                labels.append(f'<text x="{x0:.1f}" y="{y + 4:.1f}" fill="#1f2933" stroke="#ffffff" '
                              f'stroke-width="3" paint-order="stroke">{_text(text)}</text>')
                break
    out += labels
    y = legend_top  # the legend: categories, and how edges are drawn
    for lane in timeline.lanes:
        label = categories.get(lane.category, {}).get("label", lane.label)
        out.append(f'<circle cx="14" cy="{y:.1f}" r="6" fill={_attr(lane.color)}/>')
        out.append(f'<text x="26" y="{y + 4:.1f}" fill="#1f2933">{_text(label)}</text>')
        y += LEGEND_ROW
    out.append(f'<line x1="6" y1="{y:.1f}" x2="22" y2="{y:.1f}" stroke="#1f2933" stroke-width="3"/>'
               f'<text x="26" y="{y + 4:.1f}" fill="#1f2933">main path</text>')
    y += LEGEND_ROW
    out.append(f'<line x1="6" y1="{y:.1f}" x2="22" y2="{y:.1f}" stroke="#7b8794" stroke-opacity="0.6"/>'
               f'<text x="26" y="{y + 4:.1f}" fill="#1f2933">a citation, thicker the more sources report it, '
               "dashed when only the list's own references do (x: first appearance, size: citations within the "
               "list)</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
