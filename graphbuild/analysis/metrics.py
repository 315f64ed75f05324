"""Influence metrics for the papers of a citation graph (edge A → B: A cites B), as plain functions.

=============  ==========================================================================================
``local``      in-list citations: in-degree (HistCite's Local Citation Score, Garfield 2004)
``refs``       in-list references: out-degree (HistCite's Local Cited References)
``global``     Semantic Scholar's citation count (HistCite's Global Citation Score); missing when unknown
``per-year``   global citations per year since first appearance, counting the first year (``as_of`` inclusive)
``pagerank``   PageRank on citing → cited links (Brin & Page 1998), damping ``alpha``; papers that cite nothing
               in the list spread their score evenly (networkx's dangling-node rule)
``authority``  HITS authority (Kleinberg 1999): cited by good hubs. Foundations score high
``hub``        HITS hub: cites good authorities. Surveys score high
``betweenness`` betweenness centrality on the undirected projection (Brandes 2001), normalised; on big lists
               estimated from sampled sources (Brandes & Pich 2007, fixed seed; see ``betweenness_sources``)
``spc``        share of all source-to-sink citation paths through the paper (search path count, Batagelj 2003)
``influential`` in-list citations a source finds influential (Semantic Scholar's isInfluential, Valenzuela et
               al. 2015); unknown when no citation's influence was read
=============  ==========================================================================================

networkx's ``pagerank`` and ``hits`` run on scipy (sparse matrices), which is why numpy and scipy are
dependencies: they stay fast at 10,000 papers, where a pure-Python power iteration would not.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from ..graph import first_year
from .mainpath import traversal_counts

ALIASES = {"hits": "authority", "lcs": "local", "gcs": "global", "lcr": "refs"}
BETWEENNESS_BUDGET = 6_000_000  # node+edge visits of Brandes' algorithm we allow (about 5 s in networkx)
BETWEENNESS_MIN_SOURCES = 32


def betweenness_sources(nodes: int, edges: int) -> int | None:
    """How many sources Brandes' algorithm starts from: all of them (exact, ``None``) when the whole run fits the
    budget (about 1,000 papers of a typical list), else as many as fit, at least 32 (measured in
    benchmarks/RESULTS.md: 10,000 papers go from 54 s to under 5 s)."""
    if nodes * (nodes + edges) <= BETWEENNESS_BUDGET:
        return None
    return min(nodes, max(BETWEENNESS_MIN_SOURCES, BETWEENNESS_BUDGET // (nodes + edges)))


class ConvergenceError(RuntimeError):
    """An iterative metric (PageRank, HITS) did not converge."""


Scores = dict[str, float | None]


def local_citations(graph: nx.DiGraph, **_: object) -> Scores:
    """In-list citations: in-degree. HistCite's Local Citation Score (Garfield, Pudovkin & Istomin 2003,
    "Why do we need algorithmic historiography?", JASIST 54(5))."""
    return {n: graph.in_degree(n) for n in graph}


def local_references(graph: nx.DiGraph, **_: object) -> Scores:
    """In-list references: out-degree (HistCite's Local Cited References)."""
    return {n: graph.out_degree(n) for n in graph}


def global_citations(graph: nx.DiGraph, **_: object) -> Scores:
    """Semantic Scholar's citation count (HistCite's Global Citation Score); None when unknown."""
    return {n: graph.nodes[n].get("citation_count") for n in graph}


def citations_per_year(graph: nx.DiGraph, *, as_of: int | None = None, **_: object) -> Scores:
    """Global citations per year since first appearance, counting the first year and ``as_of`` (default: this
    year) both; None when either is unknown."""
    as_of = as_of or datetime.date.today().year
    scores: Scores = {}
    for n, data in graph.nodes(data=True):
        first, count = first_year(data), data.get("citation_count")
        scores[n] = None if count is None or first is None else count / max(1, as_of - first + 1)
    return scores


def pagerank(graph: nx.DiGraph, *, alpha: float = 0.85, **_: object) -> Scores:
    """PageRank on citing → cited links, damping ``alpha``; papers that cite nothing in the list spread their score
    evenly (networkx's dangling-node rule).

    References: Brin, S. & Page, L. (1998). "The anatomy of a large-scale hypertextual Web search engine".
    Computer Networks and ISDN Systems 30(1-7).
    """
    try:
        return {n: round(v, 12) for n, v in nx.pagerank(graph, alpha=alpha, max_iter=200, tol=1e-10).items()}
    except nx.PowerIterationFailedConvergence as exc:
        raise ConvergenceError(f"PageRank did not converge: {exc}") from None


def _hits(graph: nx.DiGraph, which: str) -> Scores:
    if graph.number_of_edges() == 0:
        return {n: 0.0 for n in graph}
    try:
        hubs, authorities = nx.hits(graph, max_iter=500, tol=1e-10)
    except nx.PowerIterationFailedConvergence as exc:
        raise ConvergenceError(f"HITS did not converge: {exc}") from None
    scores = authorities if which == "authority" else hubs
    return {n: max(0.0, round(v, 12)) for n, v in scores.items()}  # no "-0.0000" from float noise


def hits_authority(graph: nx.DiGraph, **_: object) -> Scores:
    """HITS authority: cited by good hubs; foundations score high.

    References: Kleinberg, J. M. (1999). "Authoritative sources in a hyperlinked environment". JACM 46(5).
    """
    return _hits(graph, "authority")


def hits_hub(graph: nx.DiGraph, **_: object) -> Scores:
    """HITS hub: cites good authorities; surveys score high (Kleinberg 1999, as for the authority)."""
    return _hits(graph, "hub")


def betweenness(graph: nx.DiGraph, **_: object) -> Scores:
    """Betweenness centrality on the undirected projection, normalised; exact while cheap, else estimated from
    sampled sources with a fixed seed, so the ranking stays reproducible (see :func:`betweenness_sources`).

    References: Brandes, U. (2001). "A faster algorithm for betweenness centrality". J. Math. Sociology 25(2).
    Brandes, U. & Pich, C. (2007). "Centrality estimation in large networks". Int. J. Bifurcation and Chaos 17(7).
    """
    # A real undirected copy, not a view: Brandes' algorithm walks neighbours millions of times and the view's
    # indirection triples its cost.
    undirected = nx.Graph(graph)
    k = betweenness_sources(undirected.number_of_nodes(), undirected.number_of_edges())
    return {n: round(v, 12) for n, v in nx.betweenness_centrality(undirected, k=k, normalized=True, seed=0).items()}


def search_path_count(graph: nx.DiGraph, **_: object) -> Scores:
    """Share of all source-to-sink citation paths through the paper (SPC; Batagelj 2003, see
    :mod:`graphbuild.analysis.mainpath`)."""
    return dict(traversal_counts(graph).node_spc)


def influential(graph: nx.DiGraph, **_: object) -> Scores:
    """In-list citations a source finds influential (Valenzuela, Ha & Etzioni 2015, "Identifying Meaningful
    Citations"); None for every paper when no citation's influence is known."""
    from .why import influential_citations

    return {n: (None if v is None else float(v)) for n, v in influential_citations(graph).items()}


@dataclass(frozen=True)
class Metric:
    """One entry of the registry: the function, the one-line help the CLI and README show."""

    function: Callable[..., Scores]
    help: str


# The single source of truth for metric names: the CLI's choices and help, `rank --all`'s columns, the docs.
REGISTRY: dict[str, Metric] = {
    "local": Metric(local_citations, "in-list citations (HistCite's LCS, in-degree)"),
    "refs": Metric(local_references, "in-list references (LCR, out-degree)"),
    "global": Metric(global_citations, "Semantic Scholar citation count (GCS); unknown without Semantic Scholar data"),
    "per-year": Metric(citations_per_year, "global citations per year since first appearance"),
    "pagerank": Metric(pagerank, "PageRank on citing → cited links"),
    "authority": Metric(hits_authority, "HITS authority: foundations"),
    "hub": Metric(hits_hub, "HITS hub: surveys"),
    "betweenness": Metric(betweenness, "betweenness centrality on the undirected projection"),
    "spc": Metric(search_path_count, "share of source-to-sink citation paths through the paper"),
    "influential": Metric(influential, "in-list citations Semantic Scholar finds influential (read from the "
                                       "citing papers' text); unknown without it"),
}
METRICS = tuple(REGISTRY)


def compute(graph: nx.DiGraph, metric: str, *, alpha: float = 0.85, as_of: int | None = None) -> Scores:
    """``{paper: score}`` for one metric of :data:`REGISTRY` (or an alias); ``None`` where the score is unknown."""
    metric = ALIASES.get(metric, metric)
    if metric not in REGISTRY:
        raise ValueError(f"unknown metric {metric!r} (choose from {', '.join(METRICS)})")
    if graph.number_of_nodes() == 0:
        return {}
    return REGISTRY[metric].function(graph, alpha=alpha, as_of=as_of)


@dataclass(frozen=True)
class Ranked:
    rank: int
    paper: str
    score: float | None


def rank(graph: nx.DiGraph, by: str = "local", *, top: int | None = None, category: str | None = None,
         since: int | None = None, alpha: float = 0.85, as_of: int | None = None,
         scores: dict[str, float | None] | None = None) -> list[Ranked]:
    """Papers ordered by ``by`` (highest first; unknown scores last), ties share a rank and are listed by paper id,
    so the order is stable. ``category`` and ``since`` (first-appearance year) filter *after* scoring on the whole
    graph. ``scores`` are ``compute(graph, by)`` when the caller already has them."""
    if scores is None:
        scores = compute(graph, by, alpha=alpha, as_of=as_of)
    keep = [n for n in graph if _selected(graph.nodes[n], category, since)]
    ordered = sorted(keep, key=lambda n: (scores[n] is None, -(scores[n] or 0), n))
    ranked, previous, position = [], object(), 0
    for index, paper in enumerate(ordered, start=1):
        if scores[paper] != previous:
            position, previous = index, scores[paper]
        ranked.append(Ranked(position, paper, scores[paper]))
    return ranked[:top] if top else ranked


def _selected(data: dict, category: str | None, since: int | None) -> bool:
    if category and data.get("category") != category:
        return False
    if since:
        first = first_year(data)
        if first is None or first < since:
            return False
    return True
