"""Bibliographies in, formats of the trade out, at 10,000 papers: seconds per step (targets, issue 15: a
10,000-entry .bib imports in <= 5 s; each export of a 10,000-paper graph takes <= 5 s).

    python3 -m benchmarks.formats [N]
"""

from __future__ import annotations

import random
import sys
import time

import networkx as nx

from graphbuild.export.formats import FORMATS
from graphbuild.inputs.bibtex import parse_bibtex
from graphbuild.layout import draw

CATEGORIES = [f"cat{k}" for k in range(12)]


def synthetic_bib(n: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    entries = ['@string{nips = "Advances in Neural Information Processing Systems"}']
    for i in range(n):
        year = 2000 + i % 25
        kind = i % 3
        authors = " and ".join(f"Surname{rng.randrange(5000)}, Given{j} {{\\'e}}" for j in range(1 + i % 4))
        if kind == 0:
            entries.append(f"@inproceedings{{paper{i},\n  title = {{A {{Study}} of Thing {i}: with Caf{{\\'e}}}},\n"
                           f"  author = {{{authors}}},\n  booktitle = nips,\n  year = {{{year}}},\n"
                           f"  doi = {{10.5555/{i}}}\n}}")
        elif kind == 1:
            entries.append(f"@article{{paper{i},\n  title = {{Learning {i} Things}},\n  author = {{{authors}}},\n"
                           f"  journal = {{arXiv preprint arXiv:{20 + i % 5:02d}{1 + i % 12:02d}.{i:05d}}},\n"
                           f"  year = {{{year}}}\n}}")
        else:
            entries.append(f"@misc{{paper{i},\n  title = {{Misc {i}}},\n  author = {{{authors}}},\n"
                           f"  eprint = {{{20 + i % 5:02d}{1 + i % 12:02d}.{50000 + i:05d}}},\n"
                           f"  archivePrefix = {{arXiv}}, year = {year}\n}}")
    return "\n\n".join(entries) + "\n"


def synthetic_graph(n: int, seed: int = 5) -> nx.DiGraph:
    rng = random.Random(seed)
    g = nx.DiGraph(title="Synthetic", categories={c: {"label": c.upper(), "color": "#336699"} for c in CATEGORIES})
    for i in range(n):
        year = 2000 + i * 25 // n
        g.add_node(f"p{i:05d}", title=f"Paper {i}: a study", category=CATEGORIES[i % 12], year=year,
                   first_appearance=f"{year}-{1 + i % 12:02d}", authors="A. One; B. Two", arxiv=f"2001.{i:05d}",
                   citation_count=rng.randrange(1000), category_label=CATEGORIES[i % 12].upper())
    for i in range(1, n):
        for _ in range(5):
            j = rng.randrange(i)
            g.add_edge(f"p{i:05d}", f"p{j:05d}", provenance="semantic_scholar")
    return g


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 10_000
    text = synthetic_bib(n)
    started = time.perf_counter()
    result = parse_bibtex(text, "synthetic.bib")
    print(f"import of a {n:,}-entry .bib ({len(text) / 1e6:.1f} MB): {time.perf_counter() - started:.2f} s, "
          f"{len(result.papers):,} papers")
    graph = synthetic_graph(n)
    drawing = draw(graph)
    for name, fmt in FORMATS.items():
        started = time.perf_counter()
        files = fmt.generate(graph, drawing)
        size = sum(len(t) for t in files.values())
        print(f"export {name} of {n:,} papers, {graph.number_of_edges():,} citations: "
              f"{time.perf_counter() - started:.2f} s, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
