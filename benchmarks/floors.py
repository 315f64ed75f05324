"""graphbuild beside the bare libraries doing the same work on the same data (issue 26: "near the floor").

    python benchmarks/floors.py [N]        # default 10000 papers

One synthetic list and cache (benchmarks/synthetic.py), one process, each pair measured alternately three times
(median CPU seconds, ``time.process_time``), so both sides see the same machine:

- reading: ``load_graph`` (catalog, cache, every source's records and references, the graph) against the floor of
  the same bytes: SQLite rows, ``json.loads`` of every reference list, and ``networkx.DiGraph`` from the edges;
- PageRank and HITS: graphbuild's metric against networkx's own call and igraph's (C) on the same graph;
- main path counts: graphbuild's SPC (Batagelj 2003, exact integers) against igraph's topological sort plus the
  same two sweeps in Python over igraph's adjacency;
- GraphML: graphbuild's writer against ``networkx.write_graphml`` of the same graph (ElementTree).
"""

from __future__ import annotations

import io
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main(n: int) -> None:
    import networkx as nx

    from benchmarks.scale import prepare
    from graphbuild import load_catalog, load_graph
    from graphbuild.analysis.mainpath import traversal_counts
    from graphbuild.analysis.metrics import hits_authority, pagerank
    from graphbuild.export.graphml import generate_graphml
    from graphbuild.layout import draw

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(n, folder)
        catalog = load_catalog(folder / "papers.yaml")
        graph = load_graph(catalog, folder / "cache")
        edges = list(graph.edges)
        db = next(folder.joinpath("cache").glob("*.sqlite"))

        def floor_read():
            con = sqlite3.connect(db)
            for (text,) in con.execute("SELECT refs FROM refs"):
                if text:
                    json.loads(text)
            for (text,) in con.execute("SELECT record FROM works"):
                json.loads(text)
            con.close()
            nx.DiGraph(edges)

        rows = [("read the list and cache into a graph", lambda: load_graph(catalog, folder / "cache"), floor_read,
                 "SQLite + json.loads + nx.DiGraph")]
        rows.append(("PageRank", lambda: pagerank(graph), lambda: nx.pagerank(graph, max_iter=200, tol=1e-10),
                     "networkx.pagerank"))
        rows.append(("HITS", lambda: hits_authority(graph), lambda: nx.hits(graph, max_iter=500, tol=1e-10),
                     "networkx.hits"))
        try:
            import igraph

            ig = igraph.Graph.TupleList(edges, directed=True)
            rows.append(("PageRank", lambda: pagerank(graph), lambda: ig.pagerank(), "igraph.pagerank (C)"))
            rows.append(("HITS", lambda: hits_authority(graph), lambda: ig.hub_score(), "igraph.hub_score (C)"))

            def igraph_spc():
                """The same counts on igraph: strong components contracted, a topological order, two sweeps."""
                dag = ig.copy()
                dag.contract_vertices(ig.connected_components(mode="strong").membership)
                dag.simplify()
                order = dag.topological_sorting(mode="in")  # a cited paper before the papers citing it
                cited, citing = dag.get_adjlist(mode="out"), dag.get_adjlist(mode="in")
                into, out = [0] * dag.vcount(), [0] * dag.vcount()
                for v in order:
                    into[v] = sum(into[c] for c in cited[v]) or 1
                for v in reversed(order):
                    out[v] = sum(out[c] for c in citing[v]) or 1
                return [into[v] * out[u] for u, v in dag.get_edgelist()]

            rows.append(("main path counts (SPC)", lambda: traversal_counts(graph), igraph_spc,
                         "igraph: contract, sort, two sweeps"))
        except ImportError:
            pass
        drawing = draw(graph)
        rows.append(("GraphML", lambda: generate_graphml(graph, drawing),
                     lambda: nx.write_graphml(_gephi_like(graph), io.BytesIO()), "networkx.write_graphml"))
        print(f"{n:,} papers, {graph.number_of_edges():,} citations\n")
        print("| phase | graphbuild CPU s | floor | floor CPU s | ratio |")
        print("|---|---:|---|---:|---:|")
        for phase, ours, floor, name in rows:
            a, b = [], []
            for _ in range(3):  # alternately, so both see the same machine
                a.append(cpu(ours, 1))
                b.append(cpu(floor, 1))
            ma, mb = statistics.median(a), statistics.median(b)
            print(f"| {phase} | {ma:.2f} | {name} | {mb:.2f} | {ma / mb if mb else float('inf'):.1f}× |", flush=True)


def _gephi_like(graph):
    """The graph with its attributes flattened to scalars, as networkx's writer needs them."""
    from graphbuild.attributes import flat_attributes

    out = type(graph)()
    out.add_nodes_from((n, {k: v for k, v in flat_attributes(d).items() if v is not None}) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, flat_attributes(d)) for u, v, d in graph.edges(data=True))
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
