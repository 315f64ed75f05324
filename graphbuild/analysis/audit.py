"""The list's categories held against the structure of its citations: how well they agree with the communities the
citations form, how cohesive each category is, which papers cite and are cited mostly from another category, and
a category proposed for every paper without one, with the accuracy such proposals reach on this very list.

**Proposals** spread the known categories over the citation links, *label spreading* (Zhou, Bousquet, Lal, Weston
& Schölkopf 2004, "Learning with local and global consistency", NeurIPS): ``F ← α S F + (1 − α) Y`` with ``S`` the
symmetrically normalised links and ``α = 0.8``, so a paper's category comes from its neighbours and, more faintly,
from theirs. Label propagation over direct citations assigns categories about as well as anything (Rivest, Vignola-
Gagné & Archambault 2021, "Article-level classification of scientific publications: a comparison of deep learning,
direct citation and bibliographic coupling", PLOS ONE 16(5)); spreading, which does not clamp the known papers,
does slightly better on Cora (0.875 against 0.861 with 20 % hidden: benchmarks/RESULTS.md §12).

**Misplaced papers** are ranked by how little their neighbours' spread categories support their own, the paper's
own category taken out (leave-one-out: its echo returning through its neighbours removed to second order, the
diagonal of ``S²``), most links first among equals.

**Agreement** is the adjusted mutual information (Vinh, Epps & Bailey 2010, "Information theoretic measures for
clusterings comparison", JMLR 11; arithmetic normalisation, as scikit-learn) and the adjusted Rand index (Hubert &
Arabie 1985) between the categories and the communities (:mod:`.communities`), over the papers that have both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from .similarity import citation_matrix, undirected

ALPHA = 0.8
ITERATIONS = 40  # 0.8 ** 40 < 1e-4: converged
HOLDOUT_SHARE = 0.2
HOLDOUT_SEEDS = 5
LEVELS = ("leaf", "top")


# --- comparing two partitions ------------------------------------------------------------------------------------

def _contingency(a: list, b: list) -> np.ndarray:
    rows = {x: i for i, x in enumerate(sorted(set(a), key=str))}
    cols = {x: i for i, x in enumerate(sorted(set(b), key=str))}
    table = np.zeros((len(rows), len(cols)), dtype=np.int64)
    for x, y in zip(a, b):
        table[rows[x], cols[y]] += 1
    return table


def adjusted_rand_index(a: list, b: list) -> float:
    """The adjusted Rand index of two labellings of the same items (1: the same partition; about 0: chance)."""
    table = _contingency(a, b)
    n = int(table.sum())
    if n < 2:
        return 1.0

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols, total = pairs(table), pairs(table.sum(1)), pairs(table.sum(0)), n * (n - 1) / 2
    expected = rows * cols / total
    best = (rows + cols) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def adjusted_mutual_information(a: list, b: list) -> float:
    """The adjusted mutual information of two labellings (Vinh et al. 2010, arithmetic mean normalisation)."""
    table = _contingency(a, b)
    n = int(table.sum())
    rows, cols = table.sum(1), table.sum(0)
    if len(rows) == len(cols) == 1 or len(rows) == len(cols) == n:
        return 1.0
    nz = table > 0
    outer = np.outer(rows, cols)
    mi = float((table[nz] / n * np.log(table[nz] * n / outer[nz])).sum())
    expected = _expected_mutual_information(rows, cols, n)
    mean = (_entropy(rows) + _entropy(cols)) / 2
    denominator = mean - expected
    if abs(denominator) < 1e-15:
        return 0.0 if abs(mi - expected) < 1e-15 else 1.0
    return float((mi - expected) / denominator)


def _expected_mutual_information(rows: np.ndarray, cols: np.ndarray, n: int) -> float:
    """E[MI] under the hypergeometric model of random labellings with these cluster sizes (Vinh et al. 2010,
    eq. 24a)."""
    total = 0.0
    lg_n = gammaln(n + 1)
    for a in rows.tolist():
        for b in cols.tolist():
            low, high = max(1, a + b - n), min(a, b)
            if low > high:
                continue
            nij = np.arange(low, high + 1, dtype=float)
            log_p = (gammaln(a + 1) + gammaln(b + 1) + gammaln(n - a + 1) + gammaln(n - b + 1) - lg_n
                     - gammaln(nij + 1) - gammaln(a - nij + 1) - gammaln(b - nij + 1) - gammaln(n - a - b + nij + 1))
            total += float((nij / n * np.log(n * nij / (a * b)) * np.exp(log_p)).sum())
    return total


# --- spreading categories over the links ------------------------------------------------------------------------

def _normalised(links: sp.csr_matrix) -> sp.csr_matrix:
    degree = np.asarray(links.sum(1)).ravel()
    scale = sp.diags(1 / np.sqrt(np.where(degree > 0, degree, 1)))
    return sp.csr_matrix(scale @ links @ scale)


def spread(links: sp.csr_matrix, seeds: np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """Label spreading (Zhou et al. 2004): ``seeds`` is papers × categories (1 where a paper's category is known);
    the result, the same shape, how much of each category reaches each paper."""
    s = _normalised(links)
    f = seeds.copy()
    for _ in range(ITERATIONS):
        f = alpha * (s @ f) + (1 - alpha) * seeds
    return f


@dataclass(frozen=True)
class Labelling:
    """The papers (graph order), the categories (sorted), each paper's category index (-1: none) and the links."""

    papers: list[str]
    categories: list[str]
    labels: np.ndarray
    links: sp.csr_matrix

    def seeds(self, known: np.ndarray | None = None) -> np.ndarray:
        known = (self.labels >= 0) if known is None else known
        out = np.zeros((len(self.papers), len(self.categories)))
        out[np.flatnonzero(known), self.labels[known]] = 1.0
        return out


def category_of(graph: nx.DiGraph, paper: str, level: str = "leaf") -> str:
    """A paper's category, or the top-level category above it (``level="top"``); "" for none."""
    category = graph.nodes[paper].get("category") or ""
    if level == "top" and category:
        tree = graph.graph.get("categories", {})
        seen = {category}
        while (parent := tree.get(category, {}).get("parent")) and parent not in seen:
            seen.add(parent)
            category = parent
    return category


def labelling(graph: nx.DiGraph, level: str = "leaf") -> Labelling:
    cm = citation_matrix(graph)
    names = [category_of(graph, p, level) for p in cm.papers]
    categories = sorted({c for c in names if c})
    index = {c: i for i, c in enumerate(categories)}
    labels = np.array([index.get(c, -1) for c in names], dtype=np.int64)
    return Labelling(cm.papers, categories, labels, undirected(cm))


# --- the audit --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """What a category proposed for a paper rests on: its links, and its neighbours in each category."""

    links: int
    neighbours: dict[str, list[str]]  # category → the linked papers in it (cited or citing)


@dataclass(frozen=True)
class Proposal:
    paper: str
    proposed: str | None  # None: no link reaches a categorised paper
    confidence: float
    evidence: Evidence
    category: str = ""  # its own, for a misplaced paper
    support: float | None = None  # for a misplaced paper: the share of what reaches it that is its own category


@dataclass(frozen=True)
class Cohesion:
    category: str
    label: str
    papers: int
    links: int  # in-list links with one end in the category (the other categorised)
    inside: int  # of them, with both ends in it
    share: float | None  # inside / links; None without links


@dataclass(frozen=True)
class Community:
    id: int
    size: int
    terms: list[str]
    categories: dict[str, int]  # the categories of its papers, most first


@dataclass(frozen=True)
class Audit:
    papers: int
    links: int
    level: str
    agreement: dict
    cohesion: list[Cohesion]
    misplaced: list[Proposal]
    proposals: list[Proposal]
    holdout: dict
    communities: list[Community] = field(default_factory=list)

    def to_dict(self) -> dict:
        def proposal(p: Proposal, own: bool) -> dict:
            out = {"paper": p.paper, **({"category": p.category, "support": p.support} if own else {}),
                   "proposed": p.proposed, "confidence": p.confidence,
                   "evidence": {"links": p.evidence.links, "neighbours": p.evidence.neighbours}}
            return out

        return {"papers": self.papers, "links": self.links, "level": self.level, "agreement": self.agreement,
                "cohesion": [asdict(c) for c in self.cohesion],
                "misplaced": [proposal(p, True) for p in self.misplaced],
                "proposals": [proposal(p, False) for p in self.proposals],
                "holdout": self.holdout, "communities": [asdict(c) for c in self.communities]}


def _evidence(lab: Labelling, i: int) -> Evidence:
    row = lab.links.getrow(i)
    neighbours: dict[str, list[str]] = {}
    for j in sorted(row.indices.tolist(), key=lambda j: lab.papers[j]):
        if lab.labels[j] >= 0:
            neighbours.setdefault(lab.categories[lab.labels[j]], []).append(lab.papers[j])
    ordered = dict(sorted(neighbours.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    return Evidence(int(row.nnz), ordered)


def propose(lab: Labelling, known: np.ndarray | None = None,
            spread_all: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For every paper, the category index the spread categories favour (-1: none reaches it) and its share
    (``spread_all``: the spreading of every known category, when the caller has it already)."""
    f = spread(lab.links, lab.seeds(known)) if spread_all is None or known is not None else spread_all
    total = f.sum(1)
    best = f.argmax(1)
    share = np.divide(f[np.arange(len(best)), best], total, out=np.zeros(len(best)), where=total > 0)
    return np.where(total > 0, best, -1), share


def misplacement(lab: Labelling, spread_all: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leave-one-out support: for each categorised paper, the share of its neighbours' spread categories that is
    its own (the paper's own seed removed to second order), the best other category and its share
    (``spread_all``: :func:`spread` of every known category, when the caller has it already)."""
    seeds = lab.seeds()
    s = _normalised(lab.links)
    if spread_all is None and lab.links.nnz:
        spread_all = spread(lab.links, seeds)
    f = ALPHA * (s @ spread_all) if lab.links.nnz else np.zeros_like(seeds)
    # what paper i's own seed contributes back to itself: (1 - α) Σ_t α^t (S^t)_ii, t = 2 (S has no diagonal)
    echo = (1 - ALPHA) * ALPHA ** 2 * np.asarray(s.multiply(s).sum(1)).ravel()
    rows = np.flatnonzero(lab.labels >= 0)
    f = np.asarray(f)
    f[rows, lab.labels[rows]] = np.maximum(f[rows, lab.labels[rows]] - echo[rows], 0)
    total = f.sum(1)
    own = np.zeros(len(lab.papers))
    own[rows] = np.divide(f[rows, lab.labels[rows]], total[rows], out=np.zeros(len(rows)), where=total[rows] > 0)
    others = f.copy()
    others[rows, lab.labels[rows]] = -1
    best = others.argmax(1)
    best_share = np.divide(others[np.arange(len(best)), best].clip(0), total, out=np.zeros(len(best)),
                           where=total > 0)
    support = np.where(total > 0, own, 1.0)  # no evidence: nothing says it is misplaced
    return support, best, best_share


def holdout(lab: Labelling, share: float = HOLDOUT_SHARE, seeds: int = HOLDOUT_SEEDS) -> dict:
    """Hide ``share`` of the known categories (``seeds`` draws), propose them from the rest, and count how many
    come back right (a paper no link reaches gets the commonest category, a fair baseline)."""
    known = np.flatnonzero(lab.labels >= 0)
    if len(known) < 5 or not lab.links.nnz:
        return {"share": share, "seeds": seeds, "accuracy": None, "per_seed": [], "hidden": 0}
    hide = max(1, int(round(share * len(known))))
    accuracies = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        hidden = rng.choice(known, hide, replace=False)
        mask = lab.labels >= 0
        mask[hidden] = False
        best, _ = propose(lab, mask)
        common = np.bincount(lab.labels[mask], minlength=len(lab.categories)).argmax()
        guess = np.where(best[hidden] >= 0, best[hidden], common)
        accuracies.append(float((guess == lab.labels[hidden]).mean()))
    return {"share": share, "seeds": seeds, "hidden": hide, "accuracy": round(float(np.mean(accuracies)), 4),
            "per_seed": [round(a, 4) for a in accuracies]}


def cohesion(lab: Labelling, labels: dict[str, str]) -> list[Cohesion]:
    """Each category's share of its in-list links (to categorised papers) that stay inside it."""
    upper = sp.triu(lab.links, k=1).tocoo()
    a, b = lab.labels[upper.row], lab.labels[upper.col]
    both = (a >= 0) & (b >= 0)
    a, b = a[both], b[both]
    counts = np.bincount(lab.labels[lab.labels >= 0], minlength=len(lab.categories))
    out = []
    for c, name in enumerate(lab.categories):
        touching = int(((a == c) | (b == c)).sum())
        inside = int(((a == c) & (b == c)).sum())
        out.append(Cohesion(name, labels.get(name, name), int(counts[c]), touching, inside,
                            round(inside / touching, 4) if touching else None))
    return out


def audit(graph: nx.DiGraph, level: str = "leaf", top: int | None = None, seed: int = 1) -> Audit:
    """The whole audit of ``graph``'s categories (see the module's docstring); ``top`` keeps the most misplaced."""
    from .communities import communities, community_terms

    if level not in LEVELS:
        raise ValueError(f"unknown level '{level}' (expected one of: {', '.join(LEVELS)})")
    lab = labelling(graph, level)
    links = int(lab.links.nnz // 2)
    tree = graph.graph.get("categories", {})
    names = {c: tree.get(c, {}).get("label", c) for c in lab.categories}
    membership = communities(graph, seed=seed) if links else {}
    agreement: dict = {"ami": None, "ari": None, "communities": len(set(membership.values())),
                       "categories": len(lab.categories), "papers": 0}
    pairs = [(lab.categories[lab.labels[i]], membership[p]) for i, p in enumerate(lab.papers)
             if lab.labels[i] >= 0 and p in membership]
    if pairs and len(lab.categories) > 1:
        cats, comms = zip(*pairs)
        agreement.update(ami=round(adjusted_mutual_information(list(cats), list(comms)), 4),
                         ari=round(adjusted_rand_index(list(cats), list(comms)), 4), papers=len(pairs))
    groups: list[Community] = []
    if membership:
        terms = community_terms(graph, membership)
        members: dict[int, list[str]] = {}
        for p, c in membership.items():
            members.setdefault(c, []).append(p)
        for c in sorted(members):
            if len(members[c]) < 2:
                continue
            held = Counter(category_of(graph, p, level) for p in members[c] if category_of(graph, p, level))
            groups.append(Community(c, len(members[c]), terms.get(c, []),
                                    dict(sorted(held.items(), key=lambda kv: (-kv[1], kv[0])))))

    misplaced: list[Proposal] = []
    proposals: list[Proposal] = []
    spread_all = spread(lab.links, lab.seeds()) if links and lab.categories else None  # once, for both below
    if links and len(lab.categories) > 1:
        support, best, best_share = misplacement(lab, spread_all)
        degree = np.asarray(lab.links.sum(1)).ravel()
        order = sorted((i for i in range(len(lab.papers)) if lab.labels[i] >= 0 and best_share[i] > support[i]),
                       key=lambda i: (support[i], -degree[i], lab.papers[i]))
        for i in order[:top] if top else order:
            misplaced.append(Proposal(lab.papers[i], lab.categories[best[i]], round(float(best_share[i]), 4),
                                      _evidence(lab, i), lab.categories[lab.labels[i]], round(float(support[i]), 4)))
    if links and lab.categories:
        best, share = propose(lab, spread_all=spread_all)
        for i in np.flatnonzero(lab.labels < 0).tolist():
            proposed = lab.categories[best[i]] if best[i] >= 0 else None
            proposals.append(Proposal(lab.papers[i], proposed, round(float(share[i]), 4) if proposed else 0.0,
                                      _evidence(lab, i)))
    return Audit(len(lab.papers), links, level, agreement, cohesion(lab, names), misplaced, proposals,
                 holdout(lab) if len(lab.categories) > 1 else
                 {"share": HOLDOUT_SHARE, "seeds": HOLDOUT_SEEDS, "accuracy": None, "per_seed": [], "hidden": 0},
                 groups)


class CategoryProposer:
    """A category for works outside the list from the listed papers they cite or that cite them (for ``suggest``
    and ``watch``), the way ``audit`` proposes one for a listed paper: the spread categories of those papers
    (each normalised to sum to 1, so every listed paper votes once), summed. Spread once, asked many times."""

    def __init__(self, graph: nx.DiGraph, level: str = "leaf"):
        self.lab = labelling(graph, level)
        self.index = {p: i for i, p in enumerate(self.lab.papers)}
        if self.lab.categories:
            f = spread(self.lab.links, self.lab.seeds()) if self.lab.links.nnz else self.lab.seeds()
            self.shares = f / np.maximum(f.sum(1, keepdims=True), 1e-12)
        else:
            self.shares = np.zeros((len(self.lab.papers), 0))

    def propose(self, papers: Sequence[str]) -> tuple[str | None, float]:
        """The category and its share of the votes; (None, 0.0) when none of ``papers`` is reached by one."""
        rows = [self.index[p] for p in papers if p in self.index]
        if not rows or not self.lab.categories:
            return None, 0.0
        votes = self.shares[rows].sum(0)
        if votes.sum() <= 0:
            return None, 0.0
        best = int(votes.argmax())
        return self.lab.categories[best], round(float(votes[best] / votes.sum()), 4)
