"""Records + curated references → the citation graph (``networkx.DiGraph``; an edge A → B means A cites B).

One node per listed paper, whatever identifier each source knows it by: a source's record is tied to the paper it
was looked up for, and a reference is matched to a listed paper by Semantic Scholar id, OpenAlex id, arXiv id or
DOI, where each paper's ids are the union of what the list and every source give it (so a reference to the
published version finds the paper listed by its preprint, and the other way round).

Node ids are the catalog's paper ids. Attributes that are unknown are left out rather than set to ``None``, so
every exporter can write what is there without guessing (GraphML, for one, rejects ``None``).

Node attributes: ``title``, ``category``, ``category_label``, ``color``, ``year`` (the list's, i.e. the venue year),
``first_appearance`` (``YYYY-MM``), ``venue``, ``arxiv``, ``doi``, ``openreview``, ``s2_id``, ``url``, ``code_url``,
``project_url``, ``remark``, ``authors`` (``"; "``-joined), ``citation_count``, ``influential_citation_count``,
``reference_count``, ``references_resolved`` (how many of its references Semantic Scholar resolved to a paper),
``references_status`` (``complete``/``partial``/``elided``/``unknown``) and ``s2_status``: ``resolved``,
``unresolved`` (Semantic Scholar does not know the paper) or ``no_data`` (never asked: offline or unreachable).
From OpenAlex: ``openalex_id``, ``openalex_other_ids`` (other versions OpenAlex keeps apart, as a preprint and its
journal version: one paper here), ``openalex_status`` (the same three values), ``openalex_reference_count`` and
``openalex_references_status``: ``complete``, or ``unknown`` when its ``referenced_works`` is empty (OpenAlex keeps
a reference only when it matches a work it has, so an empty list is no evidence of no references), and
``openalex_year`` when OpenAlex's year is more than a year off the list's (a bad merge: not believed).

The title is the list's; where the list gave only an identifier (a provisional title), a source's. Other fields
the list leaves empty come from Semantic Scholar, else from OpenAlex.

Edge attributes: ``sources``, the sorted, comma-separated names of what reports the edge (``curated``,
``openalex``, ``semantic_scholar``); ``is_influential`` where Semantic Scholar said, and ``evidence``/``confidence``
for curated edges. After
:func:`graphbuild.analysis.mark_main_path` (which ``build`` runs), nodes and edges on the main path carry
``main_path: True``.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .catalog import Catalog
from .records import CURATED, OPENALEX, SEMANTIC_SCHOLAR, Records, arxiv_doi, publisher_doi

__all__ = ["CURATED", "OPENALEX", "SEMANTIC_SCHOLAR", "ReferenceMatcher", "build_graph", "edge_source_counts",
           "first_year", "source_names"]


def build_graph(catalog: Catalog, records: Records | None = None) -> nx.DiGraph:
    """The citation graph of ``catalog``: curated ``cites`` merged, edge by edge, with what each source reported."""
    records = records or Records()
    graph = nx.DiGraph(
        title=catalog.title or "Citation graph",
        categories={c.id: {"label": c.label, "color": c.color} for c in catalog.categories.values()},
    )
    for paper in catalog.papers:
        graph.add_node(paper.id, **_paper_attributes(catalog, paper, records))
    vouched: dict[tuple[str, str], set[str]] = {}

    def vouch(citing: str, cited: str, source: str) -> None:
        if cited != citing:
            vouched.setdefault((citing, cited), set()).add(source)

    for paper in catalog.papers:
        for cite in paper.cites:
            vouch(paper.id, cite.target, CURATED)
    influential: dict[tuple[str, str], bool] = {}
    match = ReferenceMatcher(catalog, records)
    for citing, sid in records.s2_ids.items():
        entry = records.references.get(sid) if sid else None
        refs = entry.refs if entry is not None else None  # parsed from the cache's JSON once, here
        if refs is None:
            continue
        graph.nodes[citing]["references_resolved"] = sum(1 for r in refs if r.get("paperId"))
        for ref in refs:
            cited = match(ref)
            if cited is None:
                continue
            vouch(citing, cited, SEMANTIC_SCHOLAR)
            if isinstance(ref.get("isInfluential"), bool):
                influential[citing, cited] = influential.get((citing, cited), False) or ref["isInfluential"]
    oa = records.openalex
    for citing in oa.ids:
        for wid in oa.work_ids(citing):  # every version OpenAlex keeps of the paper
            for ref in oa.works.get(wid, {}).get("references", []):
                cited = match.by_openalex.get(ref)
                if cited is not None:
                    vouch(citing, cited, OPENALEX)

    for paper in catalog.papers:  # in the list's order, as before: exports list edges the same way every time
        for cite in paper.cites:
            attrs = {"sources": ",".join(sorted(vouched.get((paper.id, cite.target), {CURATED})))}
            if cite.evidence:
                attrs["evidence"] = cite.evidence
            if cite.confidence:
                attrs["confidence"] = cite.confidence
            graph.add_edge(paper.id, cite.target, **attrs)
    for (citing, cited), names in vouched.items():
        if not graph.has_edge(citing, cited):
            graph.add_edge(citing, cited, sources=",".join(sorted(names)))
        if (citing, cited) in influential:
            graph.edges[citing, cited]["is_influential"] = influential[citing, cited]
    return graph


# The node attribute that says whether each source knows a paper: resolved, unresolved or no_data.
STATUS_KEYS = {SEMANTIC_SCHOLAR: "s2_status", OPENALEX: "openalex_status"}


def source_names(data: dict) -> list[str]:
    """The names of what vouches for an edge (its ``sources``), as a list."""
    return [name for name in str(data.get("sources", "")).split(",") if name]


def edge_source_counts(graph: nx.DiGraph) -> dict[str, int]:
    """Edges per combination of sources (``"curated,semantic_scholar"``: 12), most common first."""
    counts = Counter(data.get("sources", "") for _, _, data in graph.edges(data=True))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def first_year(data: dict) -> int | None:
    """The year a paper first appeared: from ``first_appearance`` (which ``build_graph`` falls back to the venue
    year for), else the year, else None."""
    first = data.get("first_appearance")
    if first:
        return int(first[:4])
    return data.get("year")


class ReferenceMatcher:
    """Find the listed paper a Semantic Scholar reference points to (call it with the reference entry): by S2 id,
    else by arXiv id or DOI (case-insensitive), each paper answering to the ids of the list and of every source.
    ``by_openalex`` maps OpenAlex work ids to listed papers."""

    def __init__(self, catalog: Catalog, records: Records):
        self.by_s2: dict[str, str] = {}
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        self.by_openalex: dict[str, str] = {}
        oa = records.openalex
        for paper in catalog.papers:
            sid = records.s2_ids.get(paper.id)
            record = records.papers.get(sid, {}) if sid else {}
            ids = record.get("externalIds") or {}
            wid = oa.ids.get(paper.id)
            work = oa.works.get(wid, {}) if wid else {}
            if sid:
                self.by_s2.setdefault(sid, paper.id)
            for version in oa.work_ids(paper.id):
                self.by_openalex.setdefault(version, paper.id)
            for arxiv in (paper.arxiv, ids.get("ArXiv"), work.get("arxiv")):
                if arxiv:
                    self.by_arxiv.setdefault(arxiv.lower(), paper.id)
            for doi in (paper.doi, ids.get("DOI"), *work.get("dois", [])):
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
        if arxiv and arxiv_doi(arxiv) in self.by_doi:  # a listed paper OpenAlex knows by arXiv's DOI only
            return self.by_doi[arxiv_doi(arxiv)]
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
    oa = records.openalex
    wid = oa.ids.get(paper.id)
    work = oa.works.get(wid, {}) if wid else {}
    oa_status = "no_data" if paper.id not in oa.ids else "unresolved" if wid is None else "resolved"
    distrusted = paper.id in oa.distrusted_years
    oa_year = None if distrusted else work.get("year")
    title = paper.title
    if paper.title_is_provisional:  # the list gave none; a source's
        title = next((t.strip() for t in (record.get("title"), work.get("title")) if isinstance(t, str) and t.strip()),
                     title)
    attrs = {
        "title": title,
        "category": paper.category,
        "category_label": category.label if category else paper.category,
        "color": category.color if category else "#999999",
        "year": paper.year or record.get("year") or oa_year,
        "venue": paper.venue or record.get("venue") or work.get("venue") or None,
        "arxiv": paper.arxiv or ids.get("ArXiv") or work.get("arxiv"),
        "doi": paper.doi or ids.get("DOI") or publisher_doi(work),
        "openreview": paper.openreview,
        "remark": paper.remark,
        "code_url": paper.links.get("code"),
        "project_url": paper.links.get("project"),
        "s2_status": status,
        "s2_id": sid,
        "citation_count": record.get("citationCount"),
        "influential_citation_count": record.get("influentialCitationCount"),
        "reference_count": record.get("referenceCount"),
        "openalex_status": oa_status,
        "openalex_id": wid,
        "openalex_year": oa.distrusted_years.get(paper.id),
    }
    if work:
        refs = {r for w in oa.work_ids(paper.id) for r in oa.works.get(w, {}).get("references", [])}
        attrs["openalex_reference_count"] = len(refs)
        if oa.versions.get(paper.id):
            attrs["openalex_other_ids"] = ",".join(oa.versions[paper.id])
        attrs["openalex_references_status"] = "complete" if refs else "unknown"
        attrs["openalex_citation_count"] = work.get("citationCount")
    first = paper.first_appearance
    dated = record.get("publicationDate") or (None if distrusted else work.get("publicationDate"))
    if first is None and dated:
        first = dated[:7]
    if first is None and attrs["year"]:
        first = f"{attrs['year']}-01"
    attrs["first_appearance"] = first
    authors = list(paper.authors) or [a.get("name") for a in record.get("authors") or [] if a.get("name")] \
        or work.get("authors", [])
    attrs["authors"] = "; ".join(authors) if authors else None
    attrs["url"] = paper.links.get("paper") or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else None) \
        or record.get("url")
    entry = records.references.get(sid) if sid else None
    attrs["references_status"] = entry.status if entry is not None else "unknown"
    return {k: v for k, v in attrs.items() if v is not None and v != ""}
