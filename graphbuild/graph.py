"""What each source said + curated references → the citation graph (``networkx.DiGraph``; an edge A → B means A
cites B).

One node per listed paper, whatever identifier each source knows it by: a source's work is tied to the paper it
was looked up for, and a reference is matched to a listed paper by the citing source's own id, by arXiv id or by
DOI, where each paper's ids are the union of what the list and every source give it (so a reference to the
published version finds the paper listed by its preprint, and the other way round).

Node ids are the catalog's paper ids. Attributes that are unknown are left out rather than set to ``None``, so
every exporter can write what is there without guessing (GraphML, for one, rejects ``None``). What each attribute
means, and who sets it, is :mod:`graphbuild.attributes`' table (values stay what they are: ``authors`` is a list;
each exporter flattens its own copy); each source's attributes are named by its entry in
:data:`graphbuild.sources.SOURCES` (``s2_status``, ``openalex_status``, ...).

The title is the list's; where the list gave only an identifier (a provisional title), a source's. Other fields
the list leaves empty come from the sources in the registry's order (Semantic Scholar, then OpenAlex); a year a
source's answer is not believed for (:attr:`~graphbuild.works.Work.distrusted_year`) is not taken.

Every edge has ``sources``: the sorted list of what reports it (``curated`` and the sources' names); why it cites,
as far as a source read it in the citing paper's text (:func:`why_attributes`: ``contexts``, ``influential``,
``intents``, ``sentences``; unknown unless said), and ``evidence``/``confidence`` for curated edges. After
:func:`graphbuild.analysis.mark_main_path` (which ``build`` runs), nodes and edges on the main path carry
``main_path: True``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from .catalog import Catalog, Paper
from .ids import work_keys
from .sources import CURATED, OPENALEX, SEMANTIC_SCHOLAR, SOURCES, Source
from .works import Citation, Context, Readings, Ref, Work

__all__ = ["CURATED", "OPENALEX", "SEMANTIC_SCHOLAR", "ReferenceMatcher", "build_graph", "edge_source_counts",
           "first_year", "source_names", "status_keys"]


def build_graph(catalog: Catalog, readings: Readings | None = None) -> nx.DiGraph:
    """The citation graph of ``catalog``: curated ``cites`` merged, edge by edge, with what each source reported."""
    readings = readings or {}
    sources = [(SOURCES[name], reading) for name, reading in readings.items() if name in SOURCES]
    graph = nx.DiGraph(
        title=catalog.title or "Citation graph",
        categories={c.id: {"label": c.label, "color": c.color, **({"parent": c.parent} if c.parent else {}),
                           **({} if c.color_given else {"palette": True})}
                    for c in catalog.categories.values()},
    )
    for paper in catalog.papers:
        graph.add_node(paper.id, **_paper_attributes(catalog, paper, sources))
    vouched: dict[tuple[str, str], set[str]] = {}

    def vouch(citing: str, cited: str, source: str) -> None:
        if cited != citing:
            vouched.setdefault((citing, cited), set()).add(source)

    for paper in catalog.papers:
        for cite in paper.cites:
            vouch(paper.id, cite.target, CURATED)
    why: dict[tuple[str, str], list[Citation]] = {}
    outside: dict[str, tuple[str, ...]] = {}  # paper → the unlisted works it cites (for coupling: analysis.similarity)
    match = ReferenceMatcher(catalog, readings)
    for source, reading in sources:
        resolved_key = source.attribute("references_resolved")
        for citing, work in reading.works.items():
            refs = work.references if work is not None else None
            if refs is None:
                continue
            if resolved_key:
                graph.nodes[citing][resolved_key] = sum(1 for r in refs if r.id)
            said = (work.citations if work is not None else None) or {}
            unlisted: list[str] = []
            by_own_id = match.by_id.get(source.name, {})
            for ref in refs:
                # the matcher's rule, its first step inlined: most of a list's references are outside works
                # without an arXiv id or DOI, and three million calls cost seconds at 50,000 papers
                cited = by_own_id.get(ref.id) if ref.id else None
                if cited is None and (ref.arxiv or ref.doi):
                    cited = match(source.name, ref)
                if cited is None:
                    if ref.id:
                        unlisted.append(ref.id)
                    continue
                vouch(citing, cited, source.name)
                if ref.id in said:
                    why.setdefault((citing, cited), []).append(said[ref.id])
                if ref.influential is not None:
                    why.setdefault((citing, cited), []).append(Citation(is_influential=ref.influential))
            if unlisted and citing not in outside:  # the first source that lists a paper's references says them
                outside[citing] = tuple(unlisted)

    for paper in catalog.papers:  # in the list's order, as before: exports list edges the same way every time
        for cite in paper.cites:
            attrs: dict = {"sources": sorted(vouched.get((paper.id, cite.target), {CURATED}))}
            if cite.evidence:
                attrs["evidence"] = cite.evidence
            if cite.confidence:
                attrs["confidence"] = cite.confidence
            graph.add_edge(paper.id, cite.target, **attrs)
    for (citing, cited), names in vouched.items():
        if not graph.has_edge(citing, cited):
            graph.add_edge(citing, cited, sources=sorted(names))
    for citing, cited, data in graph.edges(data=True):
        data.update(why_attributes(why.get((citing, cited), [])))
    if outside:
        graph.graph["outside_references"] = outside
    return graph


def why_attributes(said: list[Citation]) -> dict:
    """An edge's ``contexts`` (how many citing sentences are known), ``influential`` (``true``, ``false`` or
    ``unknown``), and, where known, its ``intents`` (their union) and ``sentences`` (each ``{"text", "intents"}``),
    from what the sources said of it (nothing said: unknown)."""
    sentences: dict[str, set[str]] = {}
    intents: set[str] = set()
    for citation in said:
        intents.update(citation.intents)
        for context in citation.contexts:
            sentences.setdefault(context.text, set()).update(context.intents)
    read = Citation(tuple(Context(t, tuple(sorted(i))) for t, i in sentences.items()),
                    is_influential=True if any(c.is_influential for c in said) else
                    False if any(c.is_influential is False for c in said) else None)
    influential = read.influential
    attrs: dict = {"contexts": len(sentences),
                   "influential": "unknown" if influential is None else "true" if influential else "false"}
    if intents:
        attrs["intents"] = sorted(intents)
    if sentences:
        attrs["sentences"] = [{"text": t, "intents": sorted(i)} for t, i in sentences.items()]
    return attrs


def status_keys() -> dict[str, str]:
    """The node attribute that says whether each source knows a paper (resolved, unresolved or no_data)."""
    return {name: source.status_key for name, source in SOURCES.items()}


def source_names(data: dict) -> list[str]:
    """The names of what vouches for an edge (its ``sources``; a graph read back from GraphML holds them joined)."""
    sources = data.get("sources", [])
    return [name for name in (sources.split(",") if isinstance(sources, str) else sources) if name]


def edge_source_counts(graph: nx.DiGraph) -> dict[str, int]:
    """Edges per combination of sources (``"curated,semantic_scholar"``: 12), most common first."""
    counts = Counter(",".join(source_names(data)) for _, _, data in graph.edges(data=True))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def first_year(data: dict) -> int | None:
    """The year a paper first appeared: from ``first_appearance`` (which ``build_graph`` falls back to the venue
    year for), else the year, else None."""
    first = data.get("first_appearance")
    if first:
        return int(first[:4])
    return data.get("year")


class ReferenceMatcher:
    """Find the listed paper a reference points to (call it with the citing source's name and the reference): by
    that source's own id (every version of a paper's), else by arXiv id or DOI (case-insensitive), each paper
    answering to the ids of the list and of every source."""

    def __init__(self, catalog: Catalog, readings: Readings):
        self.by_id: dict[str, dict[str, str]] = {name: {} for name in readings}
        self.by_key: dict[str, str] = {}  # graphbuild.ids.work_keys -> listed paper
        for paper in catalog.papers:
            works = [r.work(paper.id) for r in readings.values()]
            for name, reading in readings.items():
                for wid in reading.ids(paper.id):
                    self.by_id[name].setdefault(wid, paper.id)
            keys = work_keys(paper.arxiv, paper.doi)
            for work in works:
                if work:
                    keys += work_keys(work.arxiv) + [k for d in work.dois for k in work_keys(None, d)]
            for key in keys:
                self.by_key.setdefault(key, paper.id)

    def __call__(self, source: str, ref: Ref) -> str | None:
        if ref.id and ref.id in self.by_id.get(source, {}):
            return self.by_id[source][ref.id]
        # by arXiv id, then DOI (a listed paper a source knows by arXiv's DOI only is found by its arXiv id)
        return next((self.by_key[k] for k in work_keys(ref.arxiv, ref.doi) if k in self.by_key), None)

    def listed(self, source: str, wid: str) -> bool:
        """Whether ``wid`` is one of ``source``'s works for a listed paper."""
        return wid in self.by_id.get(source, {})


def _first(works: list[Work], value) -> Any:
    """The first value a source gives, in the registry's order (``value``: a function of a work)."""
    return next((v for v in (value(w) for w in works) if v), None)


def _paper_attributes(catalog: Catalog, paper: Paper, sources: list) -> dict:
    category = catalog.categories.get(paper.category)
    works: list[Work] = [w for _, r in sources if (w := r.work(paper.id)) is not None]
    believed = [w for w in works if w.year_believed]
    title = paper.title
    if paper.title_is_provisional:  # the list gave none; a source's
        title = _first(works, lambda w: w.title.strip() if isinstance(w.title, str) else None) or title
    attrs: dict = {
        "title": title,
        "category": paper.category,
        "category_label": category.label if category else paper.category,
        "color": category.color if category else "#999999",
        "year": paper.year or _first(believed, lambda w: w.year),
        "venue": paper.venue or _first(works, lambda w: w.venue),
        "arxiv": paper.arxiv or _first(works, lambda w: w.arxiv),
        "doi": paper.doi or _first(works, lambda w: w.doi),
        "openreview": paper.openreview,
        "remark": paper.remark,
        "code_url": paper.links.get("code"),
        "project_url": paper.links.get("project"),
    }
    for source, reading in sources:
        attrs.update(_source_attributes(source, reading, paper.id))
    first = paper.first_appearance
    dated = _first(believed, lambda w: w.date)
    if first is None and dated:
        first = dated[:7]
    if first is None and attrs["year"]:
        first = f"{attrs['year']}-01"
    attrs["first_appearance"] = first
    authors = list(paper.authors) or list(_first(works, lambda w: w.authors) or ())
    attrs["authors"] = authors or None
    attrs["url"] = paper.links.get("paper") or (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else None) \
        or _first(works, lambda w: w.url)
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def _source_attributes(source: Source, reading, paper: str) -> dict:
    """What ``source`` says of ``paper``, under the attribute names its registry entry gives."""
    work = reading.works.get(paper)
    status = "no_data" if paper not in reading.works else "unresolved" if work is None else "resolved"
    values: dict = {"status": status}
    if work is not None:
        values.update(id=work.id, citation_count=work.citation_count, reference_count=work.reference_count,
                      influential_citation_count=work.influential_citation_count,
                      references_status=work.references_status, distrusted_year=work.distrusted_year,
                      versions=list(work.versions) or None)
    for field in source.known_for_all:
        values.setdefault(field, "unknown")
    out = {}
    for field, value in values.items():
        key = source.attribute(field)
        if key and value is not None:
            out[key] = value
    return out
