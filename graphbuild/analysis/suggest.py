"""Missing-paper suggestions: works outside the list that several listed papers cite.

Built from the reference lists in the cache (Semantic Scholar's, including works outside the list). This is how a
list maintainer finds what the list lacks: a work that five listed papers build on probably belongs in it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from ..catalog import Catalog
from ..graph import ReferenceMatcher
from ..records import Records


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
    citing: dict[str, set[str]] = {}
    info: dict[str, dict] = {}
    for paper, sid in records.s2_ids.items():
        entry = records.references.get(sid) if sid else None
        refs = entry.refs if entry is not None else None
        if refs is None:
            continue
        for ref in refs:
            rid = ref.get("paperId")
            if not rid or match(ref) is not None:
                continue
            citing.setdefault(rid, set()).add(paper)
            info.setdefault(rid, ref)
    order = {c: i for i, c in enumerate(catalog.categories)}
    out = []
    for rid, papers in citing.items():
        if len(papers) < min_cites:
            continue
        votes = Counter(graph.nodes[p]["category"] for p in papers)
        category = sorted(votes, key=lambda c: (-votes[c], order.get(c, len(order))))[0]
        ref = info[rid]
        ids = ref.get("externalIds") or {}
        out.append(Suggestion(rid, ref.get("title") or "(untitled)", ref.get("year"), ids.get("ArXiv"), ids.get("DOI"),
                              tuple(sorted(papers)), category))
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
