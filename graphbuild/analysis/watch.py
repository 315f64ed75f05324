"""What is new around the list: works outside it that cite at least ``min_cites`` listed papers, published since
a date, newest and most connected first; and their reports (a table, Markdown for an issue or pull request, YAML
for papers.yaml, JSON for scripts, BibTeX).

Pure functions of the graph and the citing works :mod:`graphbuild.sources.s2_citations` and
:mod:`graphbuild.sources.openalex_citations` read; nothing here speaks HTTP. A work both sources report (or one
source under two ids) is one candidate, citing the listed papers either source says it cites.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..layout import category_order
from ..records import SOURCE_TITLES, publisher_doi
from .identity import WorkGroups


@dataclass
class Candidate:
    work_id: str  # Semantic Scholar paperId, else OpenAlex W id
    title: str
    date: str  # YYYY-MM-DD, or YYYY when only the year is known
    venue: str | None
    ids: dict[str, str]  # kind (arxiv, doi, s2) -> value
    cites: tuple[str, ...]  # the listed papers it cites
    category: str  # suggested: the majority category of what it cites (ties: catalog order)
    by_category: dict[str, int] = field(default_factory=dict)
    first_seen: str | None = None  # when an earlier watch showed it (None: new)
    sources: tuple[str, ...] = ("semantic_scholar",)  # who reports it

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    # the names render_suggestions and bibtex_entry read
    @property
    def arxiv(self) -> str | None:
        return self.ids.get("arxiv")

    @property
    def doi(self) -> str | None:
        return self.ids.get("doi")

    @property
    def cited_by(self) -> tuple[str, ...]:
        return self.cites

    @property
    def count(self) -> int:
        return len(self.cites)


def in_window(date: str, since: str) -> bool:
    """``since`` inclusive; a work known only by its year counts when its year overlaps the window."""
    return bool(date) and date >= since[: len(date)]


def watch_candidates(graph: nx.DiGraph, citers: dict[str, list[dict]], since: str, min_cites: int = 2,
                     openalex_citers: dict[str, list[dict]] | None = None) -> list[Candidate]:
    """``citers``: listed paper id -> the works citing it (as :func:`graphbuild.sources.s2_citations.fetch_citers`
    stores them); ``openalex_citers`` likewise, OpenAlex's works (:func:`graphbuild.records.check_work`'s shape).
    Works that are in the list themselves (by S2 id, OpenAlex id, arXiv id or DOI) are not candidates."""
    nodes = [d for _, d in graph.nodes(data=True)]
    listed_ids = {d[k] for d in nodes for k in ("s2_id", "openalex_id") if d.get(k)}
    listed_ids |= {w for d in nodes for w in str(d.get("openalex_other_ids", "")).split(",") if w}
    listed_arxiv = {d["arxiv"].lower() for d in nodes if d.get("arxiv")}
    listed_doi = {d["doi"].lower() for d in nodes if d.get("doi")}

    def listed(wid: str, arxiv: str | None, doi: str | None) -> bool:
        return wid in listed_ids or (arxiv or "").lower() in listed_arxiv or (doi or "").lower() in listed_doi

    works = WorkGroups()
    for paper, found in citers.items():
        for work in found:
            external = work.get("externalIds") or {}
            if not listed(work["paperId"], external.get("ArXiv"), external.get("DOI")):
                date = work.get("publicationDate") or (str(work["year"]) if work.get("year") else "")
                works.add(work["paperId"], paper, {"title": work.get("title"), "date": date, "venue": work.get("venue"),
                                                   "source": "semantic_scholar"}, external.get("ArXiv"),
                         external.get("DOI"))
    for paper, found in (openalex_citers or {}).items():
        for work in found:
            doi = publisher_doi(work)
            if not listed(work["id"], work.get("arxiv"), doi):
                date = work.get("publicationDate") or (str(work["year"]) if work.get("year") else "")
                works.add(work["id"], paper, {"title": work.get("title"), "date": date, "venue": work.get("venue"),
                                              "source": "openalex"}, work.get("arxiv"), doi)
    order = {c: k for k, c in enumerate(category_order(graph))}
    out = []
    for group in works.groups():
        cited = works.cited_by(group)
        date = works.first(group, "date") or ""
        if len(cited) < min_cites or not in_window(date, since):
            continue
        counts = Counter(graph.nodes[p].get("category", "") for p in cited)
        category = min(counts, key=lambda c: (-counts[c], order.get(c, len(order))))
        ids: dict[str, str] = {}
        for wid in group:
            ids.setdefault("openalex" if wid.startswith("W") else "s2", wid)
        for key in ("arxiv", "doi"):
            if works.first(group, key):
                ids[key] = works.first(group, key)
        sources = tuple(sorted({works.info[w]["source"] for w in group}))
        out.append(Candidate(group[0], works.first(group, "title") or group[0], date, works.first(group, "venue"),
                             ids, tuple(sorted(cited)), category, dict(sorted(counts.items())), sources=sources))
    out.sort(key=lambda c: (-len(c.cites), _later_first(c.date), c.title.lower(), c.work_id))
    return out


def _later_first(date: str) -> tuple[int, ...]:
    """A sort key putting later dates first; a work known only by its year sorts as its year's first day."""
    parts = [int(p) for p in date.split("-") if p.isdigit()] + [0, 0, 0]
    return tuple(-p for p in parts[:3])


def link_of(candidate: Candidate) -> str:
    if "arxiv" in candidate.ids:
        return f"https://arxiv.org/abs/{candidate.ids['arxiv']}"
    if "doi" in candidate.ids:
        return f"https://doi.org/{candidate.ids['doi']}"
    if "s2" in candidate.ids:
        return f"https://www.semanticscholar.org/paper/{candidate.ids['s2']}"
    return f"https://openalex.org/{candidate.work_id}"


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as written (no links, emphasis or HTML from a title)."""
    out = "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~" else ch for ch in text)
    return " ".join(out.split())


def report_markdown(candidates: list[Candidate], graph: nx.DiGraph, since: str, min_cites: int) -> str:
    """A report ready to paste as an issue or pull-request body, grouped by suggested category."""
    labels = {c: info.get("label", c) for c, info in graph.graph.get("categories", {}).items()}
    lines = [f"## New work around the list since {since}", "",
             f"{len(candidates)} works outside the list cite at least {min_cites} listed papers "
             f"(from {_sources_text(candidates)}; found by `graphbuild watch`).", ""]
    for category in category_order(graph):
        group = [c for c in candidates if c.category == category]
        if not group:
            continue
        lines += [f"### {_markdown_text(labels.get(category, category))} ({len(group)})", ""]
        for c in group:
            new = "" if c.first_seen is None else f" (seen {c.first_seen})"
            venue = f", {_markdown_text(c.venue)}" if c.venue else ""
            lines.append(f"- [{_markdown_text(c.title)}]({link_of(c)}) ({c.date}{venue}){new}: cites "
                         + ", ".join(f"`{p}`" for p in c.cites))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _sources_text(candidates: list[Candidate]) -> str:
    used = sorted({s for c in candidates for s in c.sources}) or ["semantic_scholar"]
    return " and ".join(SOURCE_TITLES.get(s, s) for s in used)


def report_json(candidates: list[Candidate]) -> str:
    return json.dumps([{"title": c.title, "date": c.date, "venue": c.venue, "ids": c.ids, "cites": list(c.cites),
                        "category": c.category, "by_category": c.by_category, "url": link_of(c),
                        "already_suggested": c.first_seen is not None, "first_seen": c.first_seen,
                        "sources": ",".join(c.sources)}
                       for c in candidates], indent=2, ensure_ascii=False) + "\n"
