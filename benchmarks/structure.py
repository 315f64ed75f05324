"""What the citations say about a list's structure (issue 25), measured on a real network with people's categories
and at the sizes people bring.

    python benchmarks/structure.py [--cora DIR] [--sizes 10000 50000]

**Cora** (``../shared/data/citation-networks``: 2,708 papers, 5,278 links, 7 human classes; the release keeps no
direction, so each link is read as its first paper citing its second), beside the baselines of that folder's
README, all on the same hidden sets and plantings:

- proposals: 20 % of the categories hidden (5 seeds), proposed from the rest; ``audit``'s label spreading
  against plain label propagation (neighbours' categories, known ones clamped: 0.855 in the README);
- planted misplacements: 5 % of the papers moved to a random other category (5 seeds); the share of them among
  the first 5 % ``audit`` lists, against a plain neighbour vote;
- communities: AMI against the classes (5 seeds), ``audit``'s Leiden against networkx's Louvain on direct
  citation.

**Scale**: ``audit`` and ``similar`` on the synthetic lists of ``benchmarks/scale.py`` (a cache as an online build
leaves it, with the outside works the papers' references name), each in a fresh process: CPU seconds and peak
memory (the graph loaded first, then measured).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from graphbuild.analysis.audit import (  # noqa: E402
    adjusted_mutual_information,
    holdout,
    labelling,
    misplacement,
)
from graphbuild.analysis.communities import communities  # noqa: E402

SEEDS = 5


def read_cora(folder: Path) -> nx.DiGraph:
    graph = nx.DiGraph(categories={})
    for line in (folder / "cora.labels.tsv").read_text().splitlines()[1:]:
        paper, label = line.split()
        graph.add_node(paper, category=f"class-{label}", title="")
    graph.add_edges_from(tuple(line.split()) for line in (folder / "cora.edges.tsv").read_text().splitlines()[1:])
    return graph


def plain_propagation(lab, known: np.ndarray) -> np.ndarray:
    """The README's baseline: each paper takes the commonest category among its neighbours, iterated with the
    known ones clamped (Zhu & Ghahramani 2002)."""
    seeds = lab.seeds(known)
    degree = np.asarray(lab.links.sum(1)).ravel()
    walk = lab.links.multiply(1 / np.where(degree > 0, degree, 1)[:, None]).tocsr()
    f = seeds.copy()
    for _ in range(40):
        f = walk @ f
        f[known] = seeds[known]
    return np.where(f.sum(1) > 0, f.argmax(1), -1)


def cora_rows(folder: Path) -> list[str]:
    graph = read_cora(folder)
    lab = labelling(graph)
    n = len(lab.papers)
    # proposals, on the hidden sets holdout draws
    ours = holdout(lab, 0.2, SEEDS)
    known_all = np.flatnonzero(lab.labels >= 0)
    base = []
    for seed in range(SEEDS):
        hidden = np.random.default_rng(seed).choice(known_all, int(round(0.2 * len(known_all))), replace=False)
        mask = lab.labels >= 0
        mask[hidden] = False
        guess = plain_propagation(lab, mask)[hidden]
        common = np.bincount(lab.labels[mask]).argmax()
        base.append(float((np.where(guess >= 0, guess, common) == lab.labels[hidden]).mean()))
    # planted misplacements
    ours_p, vote_p = [], []
    papers = sorted(graph, key=int)
    top = math.floor(n * 0.05)
    for seed in range(SEEDS):
        rng = np.random.default_rng(seed)
        planted = set(rng.choice(papers, n // 20, replace=False).tolist())
        moved = graph.copy()
        for p in sorted(planted):
            own = moved.nodes[p]["category"]
            moved.nodes[p]["category"] = rng.choice(sorted({f"class-{c}" for c in range(7)} - {own}))
        m = labelling(moved)
        degree = np.asarray(m.links.sum(1)).ravel()
        support, _, _ = misplacement(m)
        ours_p.append(np.mean([m.papers[i] in planted for i in np.lexsort((-degree, support))[:top]]))
        votes = m.links @ m.seeds()
        own_share = votes[np.arange(n), m.labels] / np.maximum(votes.sum(1), 1)
        vote_p.append(np.mean([m.papers[i] in planted for i in np.lexsort((-degree, own_share))[:top]]))
    # communities
    classes = [graph.nodes[p]["category"] for p in graph]
    leiden, louvain, sizes = [], [], []
    undirected = graph.to_undirected()
    for seed in range(1, SEEDS + 1):
        found = communities(graph, seed=seed)
        sizes.append(len(set(found.values())))
        leiden.append(adjusted_mutual_information(classes, [found[p] for p in graph]))
        parts = nx.community.louvain_communities(undirected, seed=seed)
        where = {p: k for k, part in enumerate(parts) for p in part}
        louvain.append(adjusted_mutual_information(classes, [where[p] for p in graph]))
    return [
        f"| proposals, 20 % hidden (accuracy) | {ours['accuracy']:.3f} ({', '.join(f'{a:.3f}' for a in ours['per_seed'])})"
        f" | plain label propagation {np.mean(base):.3f} | ≥ 0.87 |",
        f"| planted misplacements (precision in the top 5 %) | {np.mean(ours_p):.3f} | neighbour vote "
        f"{np.mean(vote_p):.3f} | ≥ 0.65 |",
        f"| communities (AMI against the classes) | {np.mean(leiden):.3f} ({int(np.mean(sizes))} communities) | "
        f"Louvain, direct citation {np.mean(louvain):.3f} | – |",
    ]


CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from benchmarks.scale import prepare
from graphbuild import load_catalog, load_graph
from graphbuild.analysis.audit import audit
from graphbuild.analysis.similarity import most_similar
folder = Path(tempfile.mkdtemp())
prepare(int(sys.argv[2]), folder)  # a list and a cache as an online build leaves them: outside references too
graph = load_graph(load_catalog(folder / "papers.yaml"), folder / "cache")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.process_time(); result = audit(graph); audit_cpu = time.process_time() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
hub = max(graph, key=graph.in_degree)
t = time.process_time(); most_similar(graph, hub); similar_cpu = time.process_time() - t
print(json.dumps({"edges": graph.number_of_edges(), "audit": audit_cpu, "similar": similar_cpu,
                  "graph_mb": before / 1024, "peak_mb": peak / 1024, "communities": result.agreement["communities"]}))
"""


def scale_row(n: int) -> str:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(n)], capture_output=True, text=True,
                         timeout=900)
    if out.returncode:
        return f"| {n:,} | failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode} |"
    r = json.loads(out.stdout)
    return (f"| {n:,} | {r['edges']:,} | {r['audit']:.2f} | {r['similar']:.2f} | {r['graph_mb']:.0f} | "
            f"{r['peak_mb']:.0f} | {r['communities']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cora", type=Path, default=ROOT.parent / "shared" / "data" / "citation-networks")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 50000])
    args = parser.parse_args()
    if (args.cora / "cora.edges.tsv").exists():
        started = time.process_time()
        rows = cora_rows(args.cora)
        print("| on Cora | graphbuild audit | baseline | target |\n|---|---|---|---|")
        print("\n".join(rows))
        print(f"\n(Cora, all of it: {time.process_time() - started:.1f} CPU s)\n")
    else:
        print(f"Cora skipped: {args.cora} has no cora.edges.tsv\n")
    print("| papers | citations | audit CPU s | similar (the most cited paper) CPU s | graph MB | peak MB | "
          "communities |\n|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        print(scale_row(n), flush=True)
    _ = resource  # the child measures its own peak


if __name__ == "__main__":
    main()
