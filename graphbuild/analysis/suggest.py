"""Missing-paper suggestions: works outside the list that several listed papers cite.

Built from what each source said of the list's references: Semantic Scholar's reference lists (which describe works
outside the list) and OpenAlex's (whose outside works cited by two or more listed papers a build fetches). This is
how a list maintainer finds what the list lacks: a work that five listed papers build on probably belongs in it.

One work can come under several ids: two Semantic Scholar records of a preprint and its published version, or
Semantic Scholar's record and OpenAlex's. Works are merged when they share a DOI (other than arXiv's) or an arXiv
id, and a merged work counts the listed papers that cite it under any of its ids, once each.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from ..catalog import Catalog
from ..graph import ReferenceMatcher
from ..works import Readings
from .audit import CategoryProposer
from .identity import WorkGroups


@dataclass(frozen=True)
class Suggestion:
    paper_id: str  # the id of the source most listed papers cite it under (Semantic Scholar's first on a tie)
    title: str
    year: int | None
    arxiv: str | None
    doi: str | None
    cited_by: tuple[str, ...]  # listed papers citing it
    category: str  # proposed from the citing papers, as audit proposes (analysis.audit.CategoryProposer)
    confidence: float = 0.0  # the proposed category's share of the votes

    @property
    def count(self) -> int:
        return len(self.cited_by)

    @property
    def note(self) -> str:
        """What papers.yaml's ``notes`` says of it: which listed papers cite it."""
        return f"suggested: cited by {self.count} listed paper{'s' if self.count != 1 else ''} " \
               f"({', '.join(self.cited_by)})"

    def by_category(self, graph: nx.DiGraph) -> dict[str, int]:
        return dict(Counter(graph.nodes[p]["category"] for p in self.cited_by))


def suggest_missing(catalog: Catalog, readings: Readings, graph: nx.DiGraph, min_cites: int = 2) -> list[Suggestion]:
    """Outside works cited by at least ``min_cites`` listed papers, most cited first (then by title). A reference
    counts when its source says what the cited work is: in the reference itself (Semantic Scholar), or among the
    outside works it described (OpenAlex's, those two or more listed papers cite)."""
    match = ReferenceMatcher(catalog, readings)
    works = WorkGroups()
    for name, reading in readings.items():
        for paper, work in reading.works.items():
            refs = work.references if work is not None else None
            for ref in refs or ():
                if not ref.id or match(name, ref) is not None:
                    continue
                described = reading.outside.get(ref.id)
                if described is not None:
                    title, year, arxiv, doi = described.title, described.year, described.arxiv, described.doi
                elif ref.title is None and ref.year is None and ref.arxiv is None and ref.doi is None:
                    continue  # the source names the work only: what it is, it did not say
                else:
                    title, year, arxiv, doi = ref.title, ref.year, ref.arxiv, ref.doi
                works.add(ref.id, paper, {"title": title, "year": year, "source": name}, arxiv, doi)
    proposer = CategoryProposer(graph)
    out = []
    for group in works.groups():
        papers = works.cited_by(group)
        if len(papers) < min_cites:
            continue
        category, confidence = proposer.propose(sorted(papers))
        out.append(Suggestion(group[0], works.first(group, "title") or "(untitled)", works.first(group, "year"),
                              works.first(group, "arxiv"), works.first(group, "doi"), tuple(sorted(papers)),
                              category or "", confidence))
    return sorted(out, key=lambda s: (-s.count, s.title.lower(), s.paper_id))


class Titled(Protocol):
    @property
    def title(self) -> str: ...


def suggestion_id(suggestion: Titled, taken: set[str]) -> str:
    """A short, readable, unique id slug from the title ("Attention Is All You Need" → "attention-is-all")."""
    words = re.findall(r"[a-z0-9]+", suggestion.title.lower())
    stop = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via", "by"}
    base = "-".join([w for w in words if w not in stop][:3]) or "paper"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
