"""Main path analysis: the spine of a citation network.

Hummon, N. P. & Doreian, P. (1989). Connectivity in a citation network: The development of DNA theory.
*Social Networks* 11(1), 39-63. Traversal weights computed in linear time as in Batagelj, V. (2003), *Efficient
algorithms for citation network analysis*, arXiv:cs/0309023. Key-route search: Liu, J. S. & Lu, L. Y. Y. (2012),
*An integrated approach for main path analysis*, JASIST 63(3), 528-542.

Everything here works on the **flow** direction, from the cited paper to the citing one (knowledge flows forward in
time), i.e. on the reverse of graphbuild's citation graph. Sources are papers that cite nothing in the list;
sinks are papers nothing in the list cites.

Citation graphs of preprints contain cycles (a revised preprint cites a paper that cites its first version).
Path counts need a DAG, so the rule is: **each strongly connected component is condensed into one node** before
counting (networkx ``condensation``); a path through a component counts once. :func:`find_cycles` reports them.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

WEIGHTS = ("spc", "splc", "spnp")
SEARCHES = ("local", "global", "key-route")


@dataclass(frozen=True)
class TraversalCounts:
    """Search path counts on the condensed flow DAG, mapped back to papers and citation links.

    ``edge`` is keyed by *citation* edges (citing, cited) of the original graph; edges inside a condensed
    component get no weight. ``node_spc`` is the share of all source-to-sink paths that pass through each paper.
    """

    edge: dict[tuple[str, str], int]
    node_spc: dict[str, float]
    total_paths: int
    dag: nx.DiGraph  # the condensed flow DAG with integer weights on edges ("weight") and members on nodes


def find_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """The strongly connected components with more than one paper (each sorted), largest first."""
    comps = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return sorted(comps, key=lambda c: (-len(c), c))


def traversal_counts(graph: nx.DiGraph, weight: str = "spc") -> TraversalCounts:
    """Traversal weight of every citation link: ``spc``, ``splc`` or ``spnp`` (Batagelj 2003, linear time).

    With N⁻(v) the number of paths from a source to v, N⁺(v) from v to a sink, and the "all" variants counting
    paths that may start (N⁻*) or end (N⁺*) at any node: SPC(u,v) = N⁻(u)·N⁺(v); SPLC(u,v) = N⁻*(u)·N⁺(v);
    SPNP(u,v) = N⁻*(u)·N⁺*(v). Counts are exact integers (Python ints do not overflow).
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    flow = graph.reverse(copy=False)
    dag = nx.condensation(flow)  # node attr 'members'; graph attr 'mapping': paper -> component
    order = list(nx.topological_sort(dag))
    sources_in = {c: 0 for c in dag}  # N⁻: paths from a source
    any_in = {c: 0 for c in dag}  # N⁻*: paths from any node
    for c in order:
        preds = list(dag.predecessors(c))
        sources_in[c] = sum(sources_in[p] for p in preds) if preds else 1
        any_in[c] = 1 + sum(any_in[p] for p in preds)
    to_sink = {c: 0 for c in dag}  # N⁺
    to_any = {c: 0 for c in dag}  # N⁺*
    for c in reversed(order):
        succs = list(dag.successors(c))
        to_sink[c] = sum(to_sink[s] for s in succs) if succs else 1
        to_any[c] = 1 + sum(to_any[s] for s in succs)

    for u, v in dag.edges:
        if weight == "spc":
            w = sources_in[u] * to_sink[v]
        elif weight == "splc":
            w = any_in[u] * to_sink[v]
        else:
            w = any_in[u] * to_any[v]
        dag.edges[u, v]["weight"] = w

    isolated = {c for c in dag if dag.degree(c) == 0}
    total = sum(sources_in[c] for c in dag if dag.out_degree(c) == 0 and c not in isolated)
    mapping = dag.graph["mapping"]
    node_spc = {}
    for paper, c in mapping.items():
        through = 0 if c in isolated else sources_in[c] * to_sink[c]
        node_spc[paper] = _share(through, total)
    edge = {}
    for citing, cited in graph.edges:
        cu, cv = mapping[cited], mapping[citing]  # flow direction: cited → citing
        if cu != cv:
            edge[(citing, cited)] = dag.edges[cu, cv]["weight"]
    return TraversalCounts(edge, node_spc, total, dag)


def _share(part: int, total: int) -> float:
    if total <= 0:
        return 0.0
    return (part * 10**15 // total) / 10**15  # exact for huge integers, where float(part) would overflow


@dataclass(frozen=True)
class MainPath:
    """One main path in flow order (oldest first): each step a condensed component (usually one paper)."""

    steps: list[list[str]]
    weights: list[int]  # weight of the link into each step after the first

    @property
    def papers(self) -> list[str]:
        return [p for step in self.steps for p in step]

    @property
    def total(self) -> int:
        return sum(self.weights)


def main_paths(graph: nx.DiGraph, weight: str = "spc", search: str = "global",
               top: int | None = None) -> list[MainPath]:
    """The main path(s) of ``graph``.

    ``local``: priority-first from the heaviest source link, always taking the heaviest outgoing link (ties give
    several paths), heaviest total first, the first ``top`` of them when given. ``global``: the source-to-sink path
    with the largest total weight. ``key-route``: for each of the ``top`` (default 3) heaviest links, extend
    backwards and forwards greedily (local key-route search, Liu & Lu 2012). Deterministic: ties beyond the
    documented branching are broken by paper id.
    """
    if search not in SEARCHES:
        raise ValueError(f"search must be one of {', '.join(SEARCHES)}, not {search!r}")
    counts = traversal_counts(graph, weight)
    dag = counts.dag
    if dag.number_of_edges() == 0:
        return []
    key = {c: min(dag.nodes[c]["members"]) for c in dag}  # stable tie-breaker per component

    def heaviest(edges):
        edges = list(edges)
        best = max(dag.edges[e]["weight"] for e in edges)
        return sorted((e for e in edges if dag.edges[e]["weight"] == best), key=lambda e: (key[e[0]], key[e[1]]))

    paths: list[list[int]] = []
    if search == "global":
        paths = [nx.dag_longest_path(dag, weight="weight", topo_order=_stable_topo(dag, key))]
    elif search == "local":
        sources = [c for c in dag if dag.in_degree(c) == 0 and dag.out_degree(c) > 0]
        starts = heaviest(e for s in sources for e in dag.out_edges(s))
        paths = []
        for u, v in starts:
            paths.extend(_forward(dag, [u, v], heaviest, limit=16))
    else:
        ranked = sorted(dag.edges, key=lambda e: (-dag.edges[e]["weight"], key[e[0]], key[e[1]]))[: max(1, top or 3)]
        for u, v in ranked:
            back = [u]
            while dag.in_degree(back[0]):
                back.insert(0, heaviest(dag.in_edges(back[0]))[0][0])
            paths.append(_forward(dag, back + [v], heaviest, limit=1)[0])
    unique: list[list[int]] = []
    for path in paths:
        if path not in unique:
            unique.append(path)
    found = [MainPath([sorted(dag.nodes[c]["members"]) for c in p],
                      [dag.edges[a, b]["weight"] for a, b in zip(p, p[1:])]) for p in unique]
    if search == "local":  # the heaviest first (a stable sort keeps the tie order above), the first `top`
        found.sort(key=lambda path: -path.total)
        found = found[:top] if top else found
    return found


def _forward(dag: nx.DiGraph, path: list[int], heaviest, limit: int) -> list[list[int]]:
    """Extend ``path`` to a sink along the heaviest links, branching on ties (at most ``limit`` paths)."""
    done, todo = [], [path]
    while todo:
        current = todo.pop(0)
        if not dag.out_degree(current[-1]):
            done.append(current)
            continue
        options = heaviest(dag.out_edges(current[-1]))
        room = max(1, limit - len(done) - len(todo))
        todo.extend(current + [v] for _, v in options[:room])
    return done


def _stable_topo(dag: nx.DiGraph, key: dict[int, str]) -> list[int]:
    return list(nx.lexicographical_topological_sort(dag, key=lambda c: key[c]))


def mark_main_path(graph: nx.DiGraph, weight: str = "spc", search: str = "global") -> list[MainPath]:
    """Record the main path in ``graph`` (node and edge attribute ``main_path=True``) for the exports."""
    paths = main_paths(graph, weight, search)
    for path in paths:
        for paper in path.papers:
            graph.nodes[paper]["main_path"] = True
    for citing, cited in path_edges(graph, paths):
        graph.edges[citing, cited]["main_path"] = True
    return paths


def path_edges(graph: nx.DiGraph, paths: list[MainPath]) -> set[tuple[str, str]]:
    """The citations (citing, cited) that join the steps of ``paths``."""
    edges: set[tuple[str, str]] = set()
    for path in paths:
        for a, b in zip(path.steps, path.steps[1:]):
            edges.update((citing, cited) for cited in a for citing in b if graph.has_edge(citing, cited))
    return edges
