"""What is new around the list: works outside it that cite at least ``min_cites`` listed papers, published since
a date, newest and most connected first; and their reports (a table, Markdown for an issue or pull request, YAML
for papers.yaml, JSON for scripts, BibTeX).

Pure functions of the graph and the citing works each source's ``citing`` reads
(:mod:`graphbuild.sources.semantic_scholar.citations`, :mod:`graphbuild.sources.openalex.citations`); nothing here
speaks HTTP. A work both sources report (or one
source under two ids) is one candidate, citing the listed papers either source says it cites.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..escape import markdown_text, markdown_url
from ..ids import work_keys
from ..layout import category_order
from ..sources import SOURCES, titles
from ..works import Citation, Work
from .audit import CategoryProposer
from .identity import WorkGroups


@dataclass
class Candidate:
    work_id: str  # Semantic Scholar paperId, else OpenAlex W id
    title: str
    date: str  # YYYY-MM-DD, or YYYY when only the year is known
    venue: str | None
    ids: dict[str, str]  # kind (arxiv, doi, s2) -> value
    cites: tuple[str, ...]  # the listed papers it cites
    category: str  # proposed from what it cites, as audit proposes (analysis.audit.CategoryProposer); "" for none
    by_category: dict[str, int] = field(default_factory=dict)
    first_seen: str | None = None  # when an earlier watch showed it (None: new)
    sources: tuple[str, ...] = ("semantic_scholar",)  # who reports it (the sources' names)
    reasons: dict[str, Citation] = field(default_factory=dict)  # listed paper -> how its text cites it, where read
    confidence: float = 0.0  # the proposed category's share of the votes

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

    @property
    def note(self) -> str:
        """What papers.yaml's ``notes`` says of it: it is new, and cites these listed papers (it is not cited by
        them: they came first)."""
        return f"new ({self.date}): cites {self.count} listed paper{'s' if self.count != 1 else ''} " \
               f"({', '.join(self.cites)})"


def in_window(date: str, since: str, until: str | None = None) -> bool:
    """``since`` and ``until`` inclusive; a work known only by its year (or month) counts when it overlaps the
    window."""
    return bool(date) and date >= since[: len(date)] and (until is None or date <= until[: len(date)])


def watch_candidates(graph: nx.DiGraph, citers: dict[str, dict[str, list[Work]]], since: str,
                     min_cites: int = 2, until: str | None = None) -> list[Candidate]:
    """``citers``: per source, listed paper id -> the works citing it (as each source's ``citing`` reads them).
    Works that are in the list themselves (by any source's id, arXiv id or DOI) are not candidates."""
    nodes = [d for _, d in graph.nodes(data=True)]
    id_keys = [k for source in SOURCES.values() for k in (source.attribute("id"),) if k]
    version_keys = [k for source in SOURCES.values() for k in (source.attribute("versions"),) if k]
    listed_ids = {d[k] for d in nodes for k in id_keys if d.get(k)}
    listed_ids |= {w for d in nodes for k in version_keys for w in d.get(k, [])}
    listed_keys = {k for d in nodes for k in work_keys(d.get("arxiv"), d.get("doi"))}

    def listed(work: Work) -> bool:
        return work.id in listed_ids or any(k in listed_keys for k in work_keys(work.arxiv, work.doi))

    works = WorkGroups()
    reasons: dict[tuple[str, str], Citation] = {}  # (work id, listed paper) -> how the work's text cites it
    for source, per_paper in citers.items():
        for paper, found in per_paper.items():
            for work in found:
                said = work.citations
                if said and (work.id, paper) not in reasons:
                    reasons[work.id, paper] = next(iter(said.values()))
                if not listed(work):
                    date = work.date or (str(work.year) if work.year else "")
                    works.add(work.id, paper, {"title": work.title, "date": date, "venue": work.venue,
                                               "source": source}, work.arxiv, work.doi)
    proposer = CategoryProposer(graph)
    out = []
    for group in works.groups():
        cited = works.cited_by(group)
        date = works.first(group, "date") or ""
        if len(cited) < min_cites or not in_window(date, since, until):
            continue
        counts = Counter(graph.nodes[p].get("category", "") for p in cited)
        category, confidence = proposer.propose(sorted(cited))
        ids: dict[str, str] = {}
        for wid in group:
            ids.setdefault(SOURCES[works.info[wid]["source"]].key, wid)
        for key in ("arxiv", "doi"):
            if works.first(group, key):
                ids[key] = works.first(group, key)
        sources = tuple(sorted({works.info[w]["source"] for w in group}))
        why = {p: reason for p in sorted(cited) for w in group if (reason := reasons.get((w, p))) is not None
               and (reason.contexts or reason.intents)}
        out.append(Candidate(group[0], works.first(group, "title") or group[0], date, works.first(group, "venue"),
                             ids, tuple(sorted(cited)), category or "", dict(sorted(counts.items())),
                             sources=sources, reasons=why, confidence=confidence))
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
    for source in SOURCES.values():  # the page of the source asked first
        if source.key in candidate.ids and source.page:
            return source.page.format(id=candidate.ids[source.key])
    return ""


def report_markdown(candidates: list[Candidate], graph: nx.DiGraph, since: str, min_cites: int) -> str:
    """A report ready to paste as an issue or pull-request body, grouped by suggested category."""
    labels = {c: info.get("label", c) for c, info in graph.graph.get("categories", {}).items()}
    lines = [f"## New work around the list since {since}", "",
             f"{len(candidates)} works outside the list cite at least {min_cites} listed papers "
             f"(from {_sources_text(candidates)}; found by `graphbuild watch`).", ""]
    order = [c for c in category_order(graph) if c]
    for category in [*order, ""]:  # last, the works no categorised paper gives a category to
        group = [c for c in candidates if (c.category if c.category in order else "") == category]
        if not group:
            continue
        heading = labels.get(category, category) if category else "Uncategorised"
        lines += [f"### {markdown_text(heading)} ({len(group)})", ""]
        for c in group:
            new = "" if c.first_seen is None else f" (seen {c.first_seen})"
            venue = f", {markdown_text(c.venue)}" if c.venue else ""
            lines.append(f"- [{markdown_text(c.title)}]({markdown_url(link_of(c))}) ({c.date}{venue})"
                         f"{new}: cites "
                         + ", ".join(f"`{p}`" for p in c.cites))
            for paper, said in c.reasons.items():  # how it uses the list, in its own words
                lines.append(f"  - `{paper}` ({markdown_text(', '.join(said.intents) or 'no intent given')})"
                             + (f": “{markdown_text(_cut(said.contexts[0].text, 240))}”" if said.contexts else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def reasons_json(candidate: Candidate) -> dict:
    """How a candidate's text cites each listed paper, where read: intents, influence, sentences."""
    return {paper: {"intents": list(said.intents),
                    "influential": "unknown" if said.influential is None else str(said.influential).lower(),
                    "sentences": [{"text": c.text, "intents": list(c.intents)} for c in said.contexts]}
            for paper, said in candidate.reasons.items()}


def _sources_text(candidates: list[Candidate]) -> str:
    used = sorted({s for c in candidates for s in c.sources}) or ["semantic_scholar"]
    return " and ".join(titles().get(s, s) for s in used)


def report_json(candidates: list[Candidate]) -> str:
    return json.dumps([{"title": c.title, "date": c.date, "venue": c.venue, "ids": c.ids, "cites": list(c.cites),
                        "category": c.category, "confidence": c.confidence, "by_category": c.by_category,
                        "url": link_of(c),
                        "already_suggested": c.first_seen is not None, "first_seen": c.first_seen,
                        "sources": ",".join(c.sources), "why": reasons_json(c)}
                       for c in candidates], indent=2, ensure_ascii=False) + "\n"
