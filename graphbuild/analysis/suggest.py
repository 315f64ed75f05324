"""Missing-paper suggestions: works outside the list that several listed papers cite.

Built from the reference lists in the cache: Semantic Scholar's (which include works outside the list) and OpenAlex's
(whose outside works cited by two or more listed papers a build fetches). This is how a list maintainer finds what
the list lacks: a work that five listed papers build on probably belongs in it.

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
from ..records import Records, publisher_doi
from .identity import WorkGroups


@dataclass(frozen=True)
class Suggestion:
    paper_id: str  # Semantic Scholar paperId
    title: str
    year: int | None
    arxiv: str | None
    doi: str | None
    cited_by: tuple[str, ...]  # listed papers citing it
    category: str  # the majority category of the citing papers (ties: catalog order)

    @property
    def count(self) -> int:
        return len(self.cited_by)

    def by_category(self, graph: nx.DiGraph) -> dict[str, int]:
        return dict(Counter(graph.nodes[p]["category"] for p in self.cited_by))


def suggest_missing(catalog: Catalog, records: Records, graph: nx.DiGraph, min_cites: int = 2) -> list[Suggestion]:
    """Outside works cited by at least ``min_cites`` listed papers, most cited first (then by title)."""
    match = ReferenceMatcher(catalog, records)
    works = WorkGroups()
    for paper, sid in records.s2_ids.items():
        entry = records.references.get(sid) if sid else None
        refs = entry.refs if entry is not None else None
        if refs is None:
            continue
        for ref in refs:
            rid = ref.get("paperId")
            if not rid or match(ref) is not None:
                continue
            ids = ref.get("externalIds") or {}
            works.add(rid, paper, {"title": ref.get("title"), "year": ref.get("year")}, ids.get("ArXiv"),
                      ids.get("DOI"))
    oa = records.openalex
    for paper in oa.ids:
        refs = {r for wid in oa.work_ids(paper) for r in oa.works.get(wid, {}).get("references", [])}
        for ref in sorted(refs):
            work = oa.outside.get(ref)
            if work is None or ref in match.by_openalex:
                continue
            works.add(ref, paper, {"title": work.get("title"), "year": work.get("year")}, work.get("arxiv"),
                      publisher_doi(work))
    order = {c: i for i, c in enumerate(catalog.categories)}
    out = []
    for group in works.groups():
        papers = works.cited_by(group)
        if len(papers) < min_cites:
            continue
        votes = Counter(graph.nodes[p]["category"] for p in papers)
        category = sorted(votes, key=lambda c: (-votes[c], order.get(c, len(order))))[0]
        out.append(Suggestion(group[0], works.first(group, "title") or "(untitled)", works.first(group, "year"),
                              works.first(group, "arxiv"), works.first(group, "doi"), tuple(sorted(papers)),
                              category))
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
