"""The page at the sizes people bring: how soon lineage.html draws, how long selecting the most cited paper takes to
paint, and what a frame of zooming and panning costs, with nothing selected and with that paper's lineage shown, in
headless Chromium (Debian's), every network request blocked.

    python benchmarks/page.py [N|NxLANES ...] [--against DIR]   # default: 150x25 500 2000 10000

``--against DIR`` measures, in the same run and alternately, the page another checkout writes (a git worktree of
an earlier commit: ``git worktree add /tmp/old <commit>``), so that the before/after ratio comes from one run on
this noisy machine. Both pages answer the same calls (``window.graphbuild.select``, ``.network``), so one
measurement serves both.

- **drawn**: navigation start until the page's first frame with the graph (``timings.firstDraw``).
- **select**: ``select(most cited)`` and the frame that paints it, timed in the page (script + one ``redraw``).
- **hover**: the pointer moved to 40 places across the view (a paper, a citation or nothing under it) and, where
  that changes the card, the frame that paints it; median and 95th percentile, with the most cited paper selected.
- **find**: a keystroke in Find (typing a word a letter at a time, then deleting it) and the frame that paints its
  marks, with the table open; median and 95th percentile.
- **frame**: one ``moveTo`` (a zoom step of 1.1, or a pan of 40 px) and its ``redraw``, 30 of each; median and
  95th percentile, in milliseconds: at the first view, with every paper in view (the first view of a tall list
  shows its top), and with the most cited paper's lineage shown.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.synthetic import page_graph  # noqa: E402

# every paper in view (the new page's first view shows the top of a tall list; the old one fitted everything)
WHOLE = """() => { const g = window.graphbuild, box = document.getElementById('network');
    const bottom = g.lanes ? g.lanes().at(-1).bottom : Math.max(...g.data.lanes.map((l) => l.bottom));
    const [x0, y0, x1] = g.data.view, scale = Math.min(box.clientWidth / (x1 - x0), box.clientHeight / (bottom - y0));
    g.network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + bottom) / 2 }, scale, animation: false }); }"""
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

MOST_CITED = """() => { const n = window.graphbuild.data.nodes;
    let best = 0; n.forEach((p, i) => { if (p.in.length > n[best].in.length) best = i; }); return n[best].id; }"""
SELECT = """(id) => { const g = window.graphbuild, t = performance.now();
    g.select(id); g.network.redraw(); return performance.now() - t; }"""
HOVER = """() => { const g = window.graphbuild, box = document.getElementById('network'), out = [];
    if (!g.hoverAt) return null;
    for (let k = 0; k < 40; k++) { const t = performance.now();
        if (g.hoverAt({ x: (box.clientWidth * ((k * 37) % 40 + 0.5)) / 40, y: (box.clientHeight * ((k * 11) % 40 + 0.5)) / 40 }, 0)) g.network.redraw();
        out.push(performance.now() - t); }
    return out; }"""
FIND = """() => { const g = window.graphbuild, box = document.getElementById('search'), out = [], word = 'model';
    if (g.showTable) g.showTable(true);
    const steps = [...word].map((_, k) => word.slice(0, k + 1)), typed = steps.concat(steps.slice(0, -1).reverse(), ['']);
    typed.forEach((text) => { const t = performance.now(); box.value = text; box.dispatchEvent(new Event('input'));
        g.network.redraw(); out.push(performance.now() - t); });
    if (g.showTable) g.showTable(false);
    return out; }"""
FRAMES = """() => { const g = window.graphbuild, n = g.network, out = [];
    for (let k = 0; k < 30; k++) { const t = performance.now(), c = n.getViewPosition();
        n.moveTo({ position: c, scale: n.getScale() * (k % 2 ? 1 / 1.1 : 1.1), animation: false }); n.redraw();
        out.push(performance.now() - t); }
    for (let k = 0; k < 30; k++) { const t = performance.now(), c = n.getViewPosition(), s = n.getScale();
        n.moveTo({ position: { x: c.x + (k % 2 ? 40 : -40) / s, y: c.y }, scale: s, animation: false }); n.redraw();
        out.push(performance.now() - t); }
    return out; }"""


def measure(path: Path) -> dict[str, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            url = path.resolve().as_uri()
            context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url, wait_until="commit")
            deadline = time.perf_counter() + 300
            while not page.evaluate("!!(window.graphbuild && window.graphbuild.timings.firstDraw !== null)"):
                if time.perf_counter() > deadline:
                    raise TimeoutError(path)
                time.sleep(0.05)
            drawn = time.perf_counter() - started
            page.evaluate("window.graphbuild.fitAll()")
            idle = page.evaluate(FRAMES)
            page.evaluate(WHOLE)
            whole = page.evaluate(FRAMES)
            page.evaluate("window.graphbuild.fitAll()")
            find = page.evaluate(FIND)
            paper = page.evaluate(MOST_CITED)
            select = page.evaluate(SELECT, paper)
            busy = page.evaluate(FRAMES)
            hover = page.evaluate(HOVER)
        finally:
            browser.close()

    def p95(values: list[float]) -> float:
        return sorted(values)[int(0.95 * (len(values) - 1))]

    return {"drawn": drawn, "select": select, "idle": statistics.median(idle), "idle95": p95(idle),
            "whole": statistics.median(whole), "whole95": p95(whole),
            "busy": statistics.median(busy), "busy95": p95(busy),
            "hover": statistics.median(hover) if hover else None, "hover95": p95(hover) if hover else None,
            "find": statistics.median(find), "find95": p95(find)}


def write_page(size: str, target: Path, checkout: Path) -> tuple[int, int]:
    """The page of one synthetic size, written by the graphbuild of ``checkout`` (in a process of its own)."""
    n, lanes = (int(p) for p in size.split("x")) if "x" in size else (int(size), 25)
    citations = "x" not in size
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(checkout)!r});"
            "from benchmarks.synthetic import page_graph; from graphbuild.export.html import generate_html;"
            f"g = page_graph({n}, {lanes}, undated_every=10, citations={citations});"
            f"open({str(target)!r}, 'w', encoding='utf-8').write(generate_html(g))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=checkout)
    graph = page_graph(n, lanes, undated_every=10, citations=citations)
    return graph.number_of_nodes(), graph.number_of_edges()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", default=["150x25", "500", "2000", "10000"])
    parser.add_argument("--against", type=Path, help="another checkout, measured alternately in the same run")
    args = parser.parse_args()
    checkouts = [("now", ROOT)] + ([("before", args.against.resolve())] if args.against else [])
    print("| papers | citations | page | drawn (s) | select most cited (ms) | frame, first view: median / p95 (ms) | "
          "frame, every paper in view | frame with lineage | hover, lineage shown | Find keystroke, table open | "
          "file MB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for name, checkout in checkouts:
                path = Path(tmp) / f"{name}-{size}.html"
                papers, citations = write_page(size, path, checkout)
                m = measure(path)
                print(f"| {papers:,} | {citations:,} | {name} | {m['drawn']:.2f} | {m['select']:.0f} | "
                      f"{m['idle']:.1f} / {m['idle95']:.1f} | {m['whole']:.1f} / {m['whole95']:.1f} | "
                      f"{m['busy']:.1f} / {m['busy95']:.1f} | "
                      + (f"{m['hover']:.1f} / {m['hover95']:.1f} | " if m["hover"] is not None else "– | ")
                      + f"{m['find']:.1f} / {m['find95']:.1f} | "
                      f"{path.stat().st_size / 1e6:.1f} |", flush=True)


if __name__ == "__main__":
    main()
