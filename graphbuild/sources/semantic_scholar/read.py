"""What the cache holds of Semantic Scholar's answers for a list, as :class:`~graphbuild.works.Work` records: the
read path, pure (the cache only, no HTTP), which a build runs after filling the cache and every reading command
runs alone.

Each listed paper is looked up under the key its fill asked with (:func:`lookup_key`: its most precise id, else its
title): a paperId is the paper's work, with its record and its reference list as they were stored; a key stored
without a paperId is a paper Semantic Scholar does not know; a key never asked is no data. The same pure
``plan_*`` functions decide, for the fill, what is still to ask.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...cache import Cache, CitationContexts, References
from ...catalog import Catalog, Paper
from ...works import Citation, Reading, Ref, Work
from .. import SEMANTIC_SCHOLAR
from ..fetching import title_key
from .records import citation_of, ref_of, work_of

PAPER_FIELDS = (
    "externalIds", "title", "year", "venue", "publicationDate", "citationCount", "referenceCount",
    "influentialCitationCount", "authors", "url",
)
# Fields of each cited work: enough to match it against the list and to suggest it as a missing paper.
REFERENCE_FIELDS = ("paperId", "externalIds", "title", "year", "venue", "citationCount")
PAGE_EXTRA_FIELDS = ("isInfluential",)  # edge-level, only the paging endpoint has it
# Why a paper cites each reference: the edge fields of /paper/{id}/references (the batch endpoint answers 400 to
# them nested), with the cited paper's id to tell which reference each is about.
CITATION_FIELDS = ("contexts", "intents", "contextsWithIntent", "isInfluential", "paperId")


def lookup_key(paper: Paper) -> str:
    """The cache key for resolving ``paper``: its most precise id, else its normalised title."""
    ids = paper.lookup_ids
    return ids[0] if ids else title_key(paper.title)


@dataclass
class ResolutionPlan:
    """What resolving the listed papers takes, decided from the cache alone."""

    known: dict[str, str | None]  # catalog id -> paperId (None: Semantic Scholar does not know it), from the cache
    by_id: list[Paper]  # to ask for in batch calls
    by_title: list[Paper]  # no id at all: to look up by title


def plan_resolution(papers: list[Paper], cached: dict[str, str | None]) -> ResolutionPlan:
    """Which papers the cache already resolves, and how to ask for the rest. A paper whose id was looked up before
    is known (resolved, or unknown to Semantic Scholar); a paper with no id Semantic Scholar takes is looked up by
    title, unless its title is only an identifier (an OpenReview id, a proceedings page: no title to search for)."""
    plan = ResolutionPlan({}, [], [])
    for paper in papers:
        key, tkey = lookup_key(paper), title_key(paper.title)
        if key in cached:
            plan.known[paper.id] = cached[key]
        elif key == tkey:
            if not paper.title_is_provisional:
                plan.by_title.append(paper)
        else:
            plan.by_id.append(paper)
    return plan


@dataclass
class ReferencePlan:
    """What fetching reference lists takes, decided from the cache and the papers' reference counts."""

    known: dict[str, References]  # from the cache: final, or partial (kept, and paging resumes)
    empty: list[str]  # referenceCount 0: a complete empty list, without asking
    batch: list[str]  # to ask for nested in batch calls
    pages: dict[str, int]  # to page from this offset (a partial list being resumed)


def plan_references(wanted: list[str], cached: dict[str, References],
                    reference_counts: dict[str, int | None]) -> ReferencePlan:
    """For each paper: the cache's final list, else the offset to resume paging from, else nothing to ask (no
    references), else a place in the nested batches."""
    plan = ReferencePlan({}, [], [], {})
    for sid in wanted:
        entry = cached.get(sid)
        if entry is not None:
            plan.known[sid] = entry
            if entry.is_final:
                continue
        if reference_counts.get(sid) == 0:
            plan.empty.append(sid)
        elif entry is not None and entry.next_offset is not None:
            plan.pages[sid] = entry.next_offset
        else:
            plan.batch.append(sid)
    return plan


@dataclass
class CitationPlan:
    """Whose citing sentences to read, decided from the cache and the reference lists."""

    known: dict[str, CitationContexts]  # from the cache, and final for the list as it is
    ask: list[tuple[str, int]]  # (citing paperId, offset to read from), the most cited citing papers first


def plan_citations(citing: dict[str, set[str]], cached: dict[str, CitationContexts],
                   citation_counts: dict[str, int | None]) -> CitationPlan:
    """For each listed paper that cites listed papers (``citing``: its paperId → theirs, by its reference list):
    nothing to ask when the cache holds why it cites every one of them (or holds that its references are elided);
    the rest of its pages when paging stopped before all of them were seen; all of it again when a paper listed
    since it was read is among the references it was read with, but was not kept then. Most cited first, so a
    build cut short by its deadline has read the papers readers look at most."""
    plan = CitationPlan({}, [])
    todo: list[tuple[str, int]] = []
    for sid, cited in citing.items():
        entry = cached.get(sid)
        if entry is None:
            todo.append((sid, 0))
            continue
        if entry.status == "elided":
            plan.known[sid] = entry
            continue
        seen = set(entry.seen)
        if (cited & seen) - set(entry.citations):
            todo.append((sid, 0))  # listed since: its sentences were not kept
        elif entry.status == "partial" and not cited <= seen and entry.next_offset is not None:
            plan.known[sid] = entry
            todo.append((sid, entry.next_offset))
        else:
            plan.known[sid] = entry
    plan.ask = sorted(todo, key=lambda item: (-(citation_counts.get(item[0]) or 0), item[0]))
    return plan


def citing_listed(references: dict[str, References], listed: set[str]) -> dict[str, set[str]]:
    """The listed papers (paperIds) that cite listed papers by their reference lists, with the ones they cite."""
    citing: dict[str, set[str]] = {}
    for sid in sorted(references):
        refs = references[sid].refs if sid in listed else None
        cited = {str(r.get("paperId")) for r in refs or ()} & listed - {sid}
        if cited:
            citing[sid] = cited
    return citing


def read(catalog: Catalog, cache: Cache, readings: dict[str, Reading] | None = None) -> Reading:
    """What the cache holds of Semantic Scholar's answers for ``catalog`` (``readings``, what earlier sources said,
    is not needed: Semantic Scholar is asked first)."""
    papers = catalog.papers
    keys = [lookup_key(p) for p in papers] + [title_key(p.title) for p in papers]
    plan = plan_resolution(papers, cache.get_lookups(SEMANTIC_SCHOLAR, keys))
    wanted = sorted({sid for sid in plan.known.values() if sid})
    records = cache.get_works(SEMANTIC_SCHOLAR, wanted, PAPER_FIELDS)
    lists = cache.get_references(SEMANTIC_SCHOLAR, wanted, REFERENCE_FIELDS)
    counts = {sid: records.get(sid, {}).get("referenceCount") for sid in wanted}
    known = plan_references(wanted, lists, counts).known
    contexts = cache.get_contexts(SEMANTIC_SCHOLAR, wanted)
    reading = Reading(SEMANTIC_SCHOLAR, cache_hits=len(plan.known) + sum(1 for e in known.values() if e.is_final))
    for paper in papers:
        if paper.id not in plan.known:
            continue
        sid = plan.known[paper.id]
        if sid is None:
            reading.works[paper.id] = None
            continue
        entry = known.get(sid)
        record = records.get(sid, {"paperId": sid})
        reading.works[paper.id] = work_of(record, references_status=entry.status if entry else "unknown",
                                          load_references=_loader(entry),
                                          load_citations=_citations_loader(contexts.get(sid)))
    reading.rejected.extend(cache.take_rejected())
    return reading


def _loader(entry: References | None):
    """The reference list of ``entry``, parsed when asked for (None: unknown)."""
    def load() -> tuple[Ref, ...] | None:
        refs = entry.refs if entry is not None else None
        return None if refs is None else tuple(ref_of(r) for r in refs)
    return load


def _citations_loader(entry: CitationContexts | None):
    """Why the work cites its references, read when asked for (None: never read, or its references elided)."""
    def load() -> dict[str, Citation] | None:
        if entry is None or entry.status == "elided":
            return None
        return {cited: citation_of(e) for cited, e in entry.citations.items() if isinstance(e, dict)}
    return load


def _said(citations: dict[str, Citation] | None):
    def load() -> dict[str, Citation] | None:
        return citations
    return load


def citing_works(cache: Cache, work_ids: list[str]) -> dict[str, list[Work]]:
    """The works citing each listed work that the cache holds (a watch stored them with their records), each with
    why it cites the listed work where Semantic Scholar read it (:attr:`~graphbuild.works.Work.citations`)."""
    found: dict[str, list[Work]] = {}
    for wid, citers in cache.get_citers(SEMANTIC_SCHOLAR, work_ids).items():
        for cid, record in citers:
            if record is not None and record.get("paperId") == cid:
                why = record.get("why")
                found.setdefault(wid, []).append(work_of(record, load_citations=_said(
                    {wid: citation_of(why)} if isinstance(why, dict) else None)))
    return found
