"""The drawing and the README picture at 1,000 / 10,000 / 50,000 papers: CPU seconds of graphbuild.layout.draw and
of lineage.svg, the picture's size in bytes and pixels, and what the first view holds (lanes, names at the
first-view size, the smallest mark).

    python benchmarks/drawing.py [N ...] [--against DIR]   # default: 1000 10000 50000

``--against DIR`` times an earlier checkout's ``timeline_layout`` + ``generate_svg`` on the same graphs, in the
same run, each in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import json, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {checkout!r})
from benchmarks.synthetic import page_graph
from graphbuild.export.svg import generate_svg
import graphbuild.layout as layout
graph = page_graph({n}, 40, undated_every=10)
start = time.process_time()
drawing = layout.draw(graph) if hasattr(layout, "draw") else layout.timeline_layout(graph)
drawn = time.process_time() - start
start = time.process_time()
svg = generate_svg(graph, drawing)
pictured = time.process_time() - start
head = svg.split(">", 1)[0]
width = head.split('width="', 1)[1].split('"', 1)[0]
height = head.split('height="', 1)[1].split('"', 1)[0]
out = dict(layout=drawn, svg=pictured, bytes=len(svg.encode()), width=width, height=height,
           citations=graph.number_of_edges())
if hasattr(drawing, "names"):
    out.update(lanes=len(drawing.drawn), named=sum(1 for m in drawing.names.values() if m.size == layout.NAME_PX),
               radius=min(drawing.radius.values()))
print(json.dumps(out))
"""


def run(n: int, checkout: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", CODE.format(root=str(ROOT), checkout=str(checkout), n=n)],
                            stdout=subprocess.PIPE, text=True, check=True, cwd=checkout, timeout=3600)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 50000])
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    print("| papers | citations | checkout | layout CPU s | lineage.svg CPU s | svg KB | svg px | first-view lanes / "
          "names / smallest radius |")
    print("|---:|---:|---|---:|---:|---:|---|---|")
    for n in args.sizes:
        for name, checkout in [("now", ROOT)] + ([("before", args.against.resolve())] if args.against else []):
            m = run(n, checkout)
            view = f"{m['lanes']} / {m['named']} / {m['radius']}" if "lanes" in m else "–"
            print(f"| {n:,} | {m['citations']:,} | {name} | {m['layout']:.2f} | {m['svg']:.2f} | {m['bytes'] / 1024:.0f} "
                  f"| {m['width']} × {m['height']} | {view} |", flush=True)


if __name__ == "__main__":
    main()
