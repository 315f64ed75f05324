"""The groups the citations form, and the words that name them.

**Clustering**: Leiden (Traag, Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing well-connected
communities", Scientific Reports 9) maximising modularity on *direct citation extended with bibliographic coupling
and co-citation*: Waltman, Boyack, Colavizza & van Eck (2020, "A principled methodology for comparing relatedness
measures for clustering publications", Quantitative Science Studies 1(2)) find direct citation with coupling
clusters publications best. The links are ``A + S``: each direct citation (either way) 1, plus the pair's Salton
cosine of shared references and shared citers (:mod:`.similarity`, between 0 and 1), so a pair that cites and is
coupled weighs most, and a pair only coupled still holds together. References cited by more than 100 listed papers
(a field's foundations), and papers citing more than 100 (surveys), couple nothing here: they say little about which
papers belong together, and their pairs would grow as the square (22 million at 10,000 papers, 0.7 million without
them; Cora's AMI is the same).

The implementation is graspologic-native's (Microsoft's Rust Leiden, MIT-licensed: leidenalg and python-igraph are
GPL, which an MIT project cannot require). Runs are deterministic for a seed: the links are given in one sorted
order. On Cora (2,708 papers, 7 human classes; benchmarks/RESULTS.md §12) it reaches an adjusted mutual information
of 0.447 against the classes (mean of 5 seeds; 0.435 before each paper kept only its 15 strongest similarity links),
networkx's Louvain 0.429; association strength in place of the cosine gave 0.416. Cora keeps neither the direction
of a link nor outside references, so there its "coupling" is only two steps of direct citation and adds nothing; on
a list built from a source it is the references the papers share, listed or not.

**Labels**: each community is named by the title words that set it apart, class-based TF-IDF (Grootendorst 2022,
"BERTopic: neural topic modeling with a class-based TF-IDF procedure", arXiv:2203.05794): a term's frequency in
the community's titles times ``log(1 + A / f)``, ``A`` the average number of words per community, ``f`` the
term's frequency over all communities.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .similarity import HUB, citation_matrix, cooccurrence, normalise, undirected

SEED = 1
NEAREST = 15  # similarity links kept per paper for clustering (its strongest)
STOP = frozenset("""a an and are as at based by for from in into is it its of on or over the their this to towards
via with without we our using toward through can do does not new large model models learning paper study approach
method methods""".split())
WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


def linkage(graph: nx.DiGraph) -> tuple[list[str], sp.csr_matrix]:
    """The papers and the symmetric weights Leiden clusters: direct citation plus the Salton similarity."""
    cm = citation_matrix(graph)
    direct = undirected(cm)
    similar = nearest(normalise(cooccurrence(cm, "both", hub=HUB), cm, "both", "salton"), NEAREST)
    return cm.papers, sp.csr_matrix(direct + similar)


def nearest(similar: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Each paper's ``k`` strongest similarity links (ties by column), kept both ways: a paper keeps its closest
    neighbours, and the links Leiden is given grow with the papers, not with the pairs they share (at 50,000
    papers with their outside references, tens of millions)."""
    similar = similar.tocsr()
    rows, cols, values = [], [], []
    for i in range(similar.shape[0]):
        start, end = similar.indptr[i], similar.indptr[i + 1]
        if end - start == 0:
            continue
        data, index = similar.data[start:end], similar.indices[start:end]
        if end - start > k:
            keep = np.lexsort((index, -data))[:k]
            data, index = data[keep], index[keep]
        rows.extend([i] * len(index))
        cols.extend(index.tolist())
        values.extend(data.tolist())
    kept = sp.csr_matrix((values, (rows, cols)), shape=similar.shape)
    return kept.maximum(kept.T).tocsr()


def communities(graph: nx.DiGraph, seed: int = SEED, resolution: float = 1.0) -> dict[str, int]:
    """Each paper's community, numbered from 0 by size (largest first, ties by their first paper in graph order);
    a paper linked to nothing is a community of its own. Empty when the list holds no citations."""
    import graspologic_native as gn

    papers, weights = linkage(graph)
    upper = sp.triu(weights, k=1).tocoo()
    if upper.nnz == 0:
        return {}
    order = np.lexsort((upper.col, upper.row))
    edges = [(str(int(upper.row[k])), str(int(upper.col[k])), float(upper.data[k])) for k in order]
    _, found = gn.leiden(edges, resolution=resolution, seed=seed, use_modularity=True, iterations=2)
    groups: dict[int, list[int]] = {}
    for node, group in found.items():
        groups.setdefault(group, []).append(int(node))
    alone = [[i] for i in range(len(papers)) if str(i) not in found]
    ordered = sorted((sorted(m) for m in [*groups.values(), *alone]), key=lambda m: (-len(m), m[0]))
    return {papers[i]: c for c, members in enumerate(ordered) for i in members}


def title_words(title: str) -> list[str]:
    words = [w.lower().strip("-") for w in WORD.findall(title or "")]
    return [w for w in words if len(w) > 2 and w not in STOP and not w.isdigit()]


def community_terms(graph: nx.DiGraph, membership: dict[str, int], top: int = 3) -> dict[int, list[str]]:
    """The ``top`` c-TF-IDF terms of each community's titles (see the module's docstring), best first."""
    counts: dict[int, Counter] = {}
    for paper, group in membership.items():
        counts.setdefault(group, Counter()).update(title_words(graph.nodes[paper].get("title", "")))
    overall: Counter = Counter()
    for c in counts.values():
        overall.update(c)
    if not counts:
        return {}
    average = sum(overall.values()) / len(counts)
    out = {}
    for group, c in counts.items():
        scored = sorted(((n * math.log(1 + average / overall[w]), w) for w, n in c.items()),
                        key=lambda s: (-s[0], s[1]))
        out[group] = [w for _, w in scored[:top]]
    return out


def mark_communities(graph: nx.DiGraph, seed: int = SEED) -> dict[str, int]:
    """Record each paper's community for the exports and the page: node attributes ``community`` (1 for the
    largest; a paper linked to no other has none) and ``community_label`` (its three c-TF-IDF terms)."""
    membership = communities(graph, seed=seed)
    sizes: dict[int, int] = {}
    for group in membership.values():
        sizes[group] = sizes.get(group, 0) + 1
    kept = {p: g for p, g in membership.items() if sizes[g] > 1}
    terms = community_terms(graph, kept)
    for paper, group in kept.items():
        graph.nodes[paper]["community"] = group + 1
        graph.nodes[paper]["community_label"] = " · ".join(terms.get(group, []))
    return kept
