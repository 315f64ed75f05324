"""Records + curated references → the citation graph (``networkx.DiGraph``; an edge A → B means A cites B).

Node ids are the catalog's paper ids. Attributes that are unknown are left out rather than set to ``None``, so
every exporter can write what is there without guessing (GraphML, for one, rejects ``None``).

Node attributes: ``title``, ``category``, ``category_label``, ``color``, ``year`` (the list's, i.e. the venue year),
``first_appearance`` (``YYYY-MM``), ``venue``, ``arxiv``, ``doi``, ``openreview``, ``s2_id``, ``url``, ``code_url``,
``project_url``, ``remark``, ``authors`` (``"; "``-joined), ``citation_count``, ``influential_citation_count``,
``reference_count``, ``references_resolved`` (how many of its references Semantic Scholar resolved to a paper),
``references_status`` (``complete``/``partial``/``elided``/``unknown``) and ``s2_status``: ``resolved``,
``unresolved`` (Semantic Scholar does not know the paper) or ``no_data`` (never asked: offline or unreachable).

The title is the list's; where the list gave only an identifier (a provisional title), Semantic Scholar's.

Edge attributes: ``provenance`` (``semantic_scholar``, ``curated`` or ``both``), ``is_influential`` where
Semantic Scholar said, and ``evidence``/``confidence`` for curated edges. After
:func:`graphbuild.analysis.mark_main_path` (which ``build`` runs), nodes and edges on the main path carry
``main_path: True``.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .catalog import Catalog
from .records import Records

SEMANTIC_SCHOLAR, CURATED, BOTH = "semantic_scholar", "curated", "both"


def build_graph(catalog: Catalog, records: Records | None = None) -> nx.DiGraph:
    """The citation graph of ``catalog``: curated ``cites`` merged with what Semantic Scholar reported."""
    records = records or Records()
    graph = nx.DiGraph(
        title=catalog.title or "Citation graph",
        categories={c.id: {"label": c.label, "color": c.color} for c in catalog.categories.values()},
    )
    for paper in catalog.papers:
        graph.add_node(paper.id, **_paper_attributes(catalog, paper, records))

    for paper in catalog.papers:
        for cite in paper.cites:
            attrs = {"provenance": CURATED}
            if cite.evidence:
                attrs["evidence"] = cite.evidence
            if cite.confidence:
                attrs["confidence"] = cite.confidence
            graph.add_edge(paper.id, cite.target, **attrs)

    match = ReferenceMatcher(catalog, records)
    for citing, sid in records.s2_ids.items():
        entry = records.references.get(sid) if sid else None
        refs = entry.refs if entry is not None else None  # parsed from the cache's JSON once, here
        if refs is None:
            continue
        graph.nodes[citing]["references_resolved"] = sum(1 for r in refs if r.get("paperId"))
        for ref in refs:
            cited = match(ref)
            if cited is None or cited == citing:
                continue
            if graph.has_edge(citing, cited):
                data = graph.edges[citing, cited]
                if data["provenance"] == CURATED:
                    data["provenance"] = BOTH
            else:
                graph.add_edge(citing, cited, provenance=SEMANTIC_SCHOLAR)
            if isinstance(ref.get("isInfluential"), bool):
                data = graph.edges[citing, cited]
                data["is_influential"] = data.get("is_influential", False) or ref["isInfluential"]
    return graph


def edge_provenance_counts(graph: nx.DiGraph) -> dict[str, int]:
    counts = Counter(data.get("provenance", SEMANTIC_SCHOLAR) for _, _, data in graph.edges(data=True))
    return {key: counts.get(key, 0) for key in (SEMANTIC_SCHOLAR, CURATED, BOTH)}


def first_year(data: dict) -> int | None:
    """The year a paper first appeared: from ``first_appearance`` (which ``build_graph`` falls back to the venue
    year for), else the year, else None."""
    first = data.get("first_appearance")
    if first:
        return int(first[:4])
    return data.get("year")


class ReferenceMatcher:
    """Find the listed paper a Semantic Scholar reference points to (call it with the reference entry): by S2 id,
    else by arXiv id or DOI (case-insensitive)."""

    def __init__(self, catalog: Catalog, records: Records):
        self.by_s2: dict[str, str] = {}
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        for paper in catalog.papers:
            sid = records.s2_ids.get(paper.id)
            record = records.papers.get(sid, {}) if sid else {}
            ids = record.get("externalIds") or {}
            if sid:
                self.by_s2[sid] = paper.id
            for arxiv in (paper.arxiv, ids.get("ArXiv")):
                if arxiv:
                    self.by_arxiv.setdefault(arxiv.lower(), paper.id)
            for doi in (paper.doi, ids.get("DOI")):
                if doi:
                    self.by_doi.setdefault(doi.lower(), paper.id)

    def __call__(self, ref: dict) -> str | None:
        sid = ref.get("paperId")
        if sid and sid in self.by_s2:
            return self.by_s2[sid]
        ids = ref.get("externalIds") or {}
        arxiv, doi = ids.get("ArXiv"), ids.get("DOI")
        if arxiv and arxiv.lower() in self.by_arxiv:
            return self.by_arxiv[arxiv.lower()]
        if doi and doi.lower() in self.by_doi:
            return self.by_doi[doi.lower()]
        return None


def _paper_attributes(catalog: Catalog, paper, records: Records) -> dict:
    category = catalog.categories.get(paper.category)
    sid = records.s2_ids.get(paper.id)
    record = records.papers.get(sid, {}) if sid else {}
    ids = record.get("externalIds") or {}
    if paper.id not in records.s2_ids:
        status = "no_data"
    else:
        status = "unresolved" if sid is None else "resolved"
    title = paper.title
    if paper.title_is_provisional and isinstance(record.get("title"), str) and record["title"].strip():
        title = record["title"].strip()  # the list gave none; the source's
    attrs = {
        "title": title,
        "category": paper.category,
        "category_label": category.label if category else paper.category,
        "color": category.color if category else "#999999",
        "year": paper.year or record.get("year"),
        "venue": paper.venue or record.get("venue") or None,
        "arxiv": paper.arxiv or ids.get("ArXiv"),
        "doi": paper.doi or ids.get("DOI"),
        "openreview": paper.openreview,
        "remark": paper.remark,
        "code_url": paper.links.get("code"),
        "project_url": paper.links.get("project"),
        "s2_status": status,
        "s2_id": sid,
        "citation_count": record.get("citationCount"),
        "influential_citation_count": record.get("influentialCitationCount"),
        "reference_count": record.get("referenceCount"),
    }
    first = paper.first_appearance
    if first is None and record.get("publicationDate"):
        first = record["publicationDate"][:7]
    if first is None and attrs["year"]:
        first = f"{attrs['year']}-01"
    attrs["first_appearance"] = first
    authors = list(paper.authors) or [a.get("name") for a in record.get("authors") or [] if a.get("name")]
    attrs["authors"] = "; ".join(authors) if authors else None
    attrs["url"] = paper.links.get("paper") or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else None) \
        or record.get("url")
    entry = records.references.get(sid) if sid else None
    attrs["references_status"] = entry.status if entry is not None else "unknown"
    return {k: v for k, v in attrs.items() if v is not None and v != ""}
