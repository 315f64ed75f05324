"""Synthetic reading lists for the benchmarks: realistic sizes, reference counts and citation structure.

``make_list(n)`` gives n papers spread over 30 years in 8 categories. Each paper has a reference count drawn like
real papers' (most 20-80, one in two hundred over 1,000); a handful of its references point to earlier listed
papers chosen by preferential attachment (the rich get cited more), the rest to works outside the list, a few are
unresolved (``paperId: null``). One paper in two hundred also cites a slightly *later* one (revised preprints),
which creates citation cycles. Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field

CATEGORIES = ["theory", "models", "data", "speech", "vision", "systems", "evaluation", "surveys"]
COLORS = ["#4e79a7", "#e15759", "#f28e2b", "#76b7b2", "#59a14f", "#b07aa1", "#9c755f", "#edc948"]


def sid(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()


@dataclass
class SyntheticPaper:
    key: str
    title: str
    category: str
    year: int
    month: int
    arxiv: str
    reference_count: int
    cites: list[int] = field(default_factory=list)  # indexes of listed papers it cites

    @property
    def s2_id(self) -> str:
        return sid("paper:" + self.key)


def reference_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.005:
        return rng.randint(1001, 3000)
    if roll < 0.05:
        return rng.randint(81, 400)
    if roll < 0.08:
        return rng.randint(0, 19)
    return rng.randint(20, 80)


def make_list(n: int, seed: int = 7) -> list[SyntheticPaper]:
    rng = random.Random(seed)
    papers: list[SyntheticPaper] = []
    counters: dict[str, int] = {}
    # preferential attachment (Barabási-Albert): each paper appears in `pool` once, plus once per citation it
    # received, so a uniform pick from the pool favours the already well cited
    pool: list[int] = []
    for i in range(n):
        year = 1995 + (30 * i) // n
        month = 1 + (i * 7) % 12
        yymm = f"{year % 100:02d}{month:02d}"
        counters[yymm] = counters.get(yymm, 0) + 1
        arxiv = f"{yymm}.{counters[yymm]:05d}" if year >= 2007 else f"cs/{yymm}{counters[yymm]:03d}"
        refs = reference_count(rng)
        paper = SyntheticPaper(f"p{i:05d}", f"Synthetic paper {i} on {CATEGORIES[i % 8]} topic {rng.randint(1, 999)}",
                               CATEGORIES[(i * 5 + rng.randint(0, 2)) % 8], year, month, arxiv, refs)
        if papers:
            k = min(len(papers), rng.randint(2, 8), refs)
            chosen: set[int] = set()
            while len(chosen) < k:
                chosen.add(pool[rng.randrange(len(pool))])
            paper.cites = sorted(chosen)
            pool.extend(paper.cites)
        papers.append(paper)
        pool.append(i)
    for i, paper in enumerate(papers):  # a few forward references: cycles, as with revised preprints
        if i % 200 == 17 and i + 3 < n and paper.reference_count > len(paper.cites):
            paper.cites.append(i + 3)
            if i not in papers[i + 3].cites:
                papers[i + 3].cites.append(i)
    return papers


def catalog_yaml(papers: list[SyntheticPaper]) -> str:
    lines = ['title: "Synthetic benchmark list"', "categories:"]
    lines += [f'  - {{id: {c}, label: "{c.title()}", color: "{COLORS[k]}"}}' for k, c in enumerate(CATEGORIES)]
    lines.append("papers:")
    for p in papers:
        lines.append(f'  - {{id: {p.key}, title: "{p.title}", category: {p.category}, year: {p.year}, '
                     f'arxiv: "{p.arxiv}"}}')
    return "\n".join(lines) + "\n"


def references_of(paper: SyntheticPaper, papers: list[SyntheticPaper], rng: random.Random) -> list[dict]:
    """The paper's full reference list as Semantic Scholar would give it (listed + outside + unresolved)."""
    refs = [{"paperId": papers[j].s2_id, "title": papers[j].title, "year": papers[j].year,
             "externalIds": {"ArXiv": papers[j].arxiv}} for j in paper.cites]
    outside = paper.reference_count - len(refs)
    for k in range(max(0, outside)):
        if rng.random() < 0.05:
            refs.append({"paperId": None, "title": f"Unresolved reference {k}"})
        else:
            o = rng.randint(0, 200_000)
            refs.append({"paperId": sid(f"outside:{o}"), "title": f"Outside work {o}", "year": 1990 + o % 35})
    return refs


def fill_cache(cache, papers: list[SyntheticPaper], seed: int = 11) -> None:
    """Write what a complete online build would have cached, without HTTP (for offline scale runs)."""
    from graphbuild.cache import References
    from graphbuild.sources import SEMANTIC_SCHOLAR as S2
    from graphbuild.sources.semantic_scholar.read import PAPER_FIELDS, REFERENCE_FIELDS

    rng = random.Random(seed)
    cache.put_lookups(S2, {f"ARXIV:{p.arxiv}": p.s2_id for p in papers})
    records = [{"paperId": p.s2_id, "title": p.title, "year": p.year, "externalIds": {"ArXiv": p.arxiv},
                "citationCount": rng.randint(0, 5000), "influentialCitationCount": rng.randint(0, 100),
                "referenceCount": p.reference_count, "publicationDate": f"{p.year}-{p.month:02d}-01",
                "authors": [{"authorId": str(k), "name": f"Author {k}"} for k in range(rng.randint(1, 6))]}
               for p in papers]
    for start in range(0, len(records), 2000):
        cache.put_works(S2, records[start : start + 2000], PAPER_FIELDS)
    batch = {}
    for p in papers:
        batch[p.s2_id] = References("complete", references_of(p, papers, rng))
        if len(batch) >= 500:
            cache.put_many_references(S2, batch, REFERENCE_FIELDS)
            batch = {}
    if batch:
        cache.put_many_references(S2, batch, REFERENCE_FIELDS)


def fake_corpus(papers: list[SyntheticPaper], seed: int = 11):
    """The same list as a fake Semantic Scholar corpus (tests/fake_s2.py), for request-count runs."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from fake_s2 import FakeCorpus

    rng = random.Random(seed)
    corpus = FakeCorpus()
    for p in papers:
        refs = references_of(p, papers, rng)
        corpus.papers[p.s2_id] = {
            "paperId": p.s2_id, "corpusId": int(p.s2_id[:7], 16),
            "externalIds": {"ArXiv": p.arxiv, "CorpusId": int(p.s2_id[:7], 16)}, "title": p.title, "year": p.year,
            "venue": "", "publicationDate": f"{p.year}-{p.month:02d}-01", "url": "", "citationCount": 1,
            "influentialCitationCount": 0, "referenceCount": len(refs), "authors": [], "references": refs,
        }
    return corpus


if __name__ == "__main__":  # quick look: python benchmarks/synthetic.py 1000
    import sys

    listed = make_list(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(json.dumps({"papers": len(listed), "in_list_citations": sum(len(p.cites) for p in listed),
                      "references": sum(p.reference_count for p in listed),
                      "over_1000": sum(p.reference_count > 1000 for p in listed)}))


WORDS = ["Neural", "Graph", "Attention", "Sparse", "Contrastive", "Diffusion", "Speech", "Vision", "Robust",
         "Scalable", "Self-Supervised", "Federated", "Causal", "Efficient", "Multimodal", "Adaptive"]


def page_graph(n: int, categories: int = 8, undated_every: int = 0, citations: bool = True, seed: int = 7):
    """A graph as ``build`` makes it, for the page's tests and benchmark: n papers of :func:`make_list` spread over
    ``categories`` lanes (the later ones small, as in real lists), every ``undated_every``-th paper without a date,
    titles whose short names vary in length ("GraphSAGE", "Robust Sparse Attention for…"), optionally no citations."""
    import networkx as nx

    rng = random.Random(seed)
    papers = make_list(n, seed)
    names = [f"cat{k:02d}" for k in range(categories)]
    palette = COLORS * (categories // len(COLORS) + 1)
    graph = nx.DiGraph(title=f"Synthetic {n} in {categories}",
                       categories={c: {"label": (f"Category {k} " + "topic " * (k % 4)).strip(), "color": palette[k]}
                                   for k, c in enumerate(names)})
    for i, p in enumerate(papers):
        # every lane has a paper; then a few big lanes and a long tail of small ones
        lane = i if i < categories else min(int(rng.paretovariate(1.0)) - 1, categories - 1)
        words = rng.sample(WORDS, rng.randint(2, 6))
        title = (f"{words[0]}{rng.choice(['Net', 'Former', 'GAN', 'SAGE'])}: " if i % 3 == 0 else "") + " ".join(words)
        attrs = {"title": title, "category": names[lane], "year": p.year}
        if not (undated_every and i % undated_every == 0):
            attrs["first_appearance"] = f"{p.year}-{p.month:02d}"
        graph.add_node(p.key, **attrs)
    if citations:
        for p in papers:
            for j in p.cites:
                graph.add_edge(p.key, papers[j].key, provenance="semantic_scholar")
    return graph
