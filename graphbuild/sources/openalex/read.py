"""What the cache holds of OpenAlex's answers for a list, as :class:`~graphbuild.works.Work` records: the read path,
pure (the cache only, no HTTP), which a build runs after filling the cache and every reading command runs alone.

A listed paper is looked for under every key its fill asked with (:func:`paper_keys`: its DOI, its arXiv id as
arXiv's DOI, Semantic Scholar's DOI and arXiv id for it, ``W<MAG id>``, its title). Its work is the first whose
title agrees with the list's (a DOI can point to the wrong work after a bad merge); the works its other keys find,
with titles that agree, are its other versions (a preprint and its journal version that OpenAlex keeps apart),
whose references are its references too. A year more than one off the list's (word2vec, 2013, is 2025 in
OpenAlex) is not believed: :attr:`~graphbuild.works.Work.distrusted_year`. The works outside the list that at
least two listed papers cite (for ``graphbuild suggest``) are :attr:`~graphbuild.works.Reading.outside`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ...cache import Cache
from ...catalog import Catalog, Paper
from ...ids import arxiv_doi, titles_agree
from ...works import Reading, Ref, Work
from .. import OPENALEX, SEMANTIC_SCHOLAR
from ..fetching import title_key
from .records import work_of

YEAR_TOLERANCE = 1  # a preprint's year and its venue's year differ by one; more is a bad merge
OUTSIDE_MIN_CITERS = 2  # an outside work cited by this many listed papers is worth knowing (suggest's default)
OUTSIDE_MAX = 1000  # outside works fetched at most: 10 list calls


def paper_keys(paper: Paper, known: Work | None) -> list[str]:
    """The cache keys under which ``paper`` is looked for in OpenAlex, most precise first: ``DOI:…`` (the arXiv
    id as arXiv's DOI) and ``W:W…``; ``TITLE:…`` last. ``known`` is Semantic Scholar's work for it, if any."""
    keys = []
    s2_doi, s2_arxiv = (known.doi, known.arxiv) if known else (None, None)
    for doi in (paper.doi, arxiv_doi(paper.arxiv) if paper.arxiv else None, s2_doi,
                arxiv_doi(s2_arxiv) if s2_arxiv else None):
        if doi:
            keys.append("DOI:" + doi.lower())
    if known and known.mag:
        keys.append(f"W:W{known.mag}")
    keys.append(title_key(paper.title))
    return list(dict.fromkeys(keys))


def keys_of(catalog: Catalog, readings: dict[str, Reading] | None) -> dict[str, list[str]]:
    """Every listed paper's keys, widened by what Semantic Scholar said of it."""
    s2 = (readings or {}).get(SEMANTIC_SCHOLAR)
    return {p.id: paper_keys(p, s2.work(p.id) if s2 else None) for p in catalog.papers}


def work_keys(work: dict) -> list[str]:
    """The keys a work answers to: its DOIs (both), its arXiv DOI, its W id."""
    keys = ["DOI:" + d for d in work.get("dois", [])]
    if work.get("arxiv"):
        keys.append("DOI:" + arxiv_doi(work["arxiv"]))
    keys.append("W:" + work["id"])
    return list(dict.fromkeys(keys))


@dataclass
class OpenAlexPlan:
    """What finding the listed papers in OpenAlex takes, decided from the cache alone."""

    known: dict[str, str | None]  # catalog id -> work id from the cache (None: every key was asked, none found)
    dois: list[str]  # DOIs to ask for in OR lists
    work_ids: list[str]  # W ids (from MAG ids) to ask for
    titles: list[Paper]  # papers to look up by title if the ids do not find them


def agrees(paper: Paper, work: dict) -> bool:
    """Whether ``work`` can be ``paper``'s: its title agrees with the list's (a DOI can point to the wrong work
    after a bad merge, or two works can swap DOIs), or there is no title to compare."""
    return paper.title_is_provisional or not work.get("title") or titles_agree(paper.title, work["title"])


def plan_openalex(papers: list[Paper], keys: dict[str, list[str]], cached: dict[str, str | None],
                  cached_works: dict[str, dict]) -> OpenAlexPlan:
    """For each paper: the first of its keys the cache resolves to a work it holds, whose title agrees; else known
    as not found when every key was asked; else its unasked keys go into the lists to ask for. A key the cache
    resolves to a work of another title counts as unasked (never as "not found": asked again)."""
    plan = OpenAlexPlan({}, [], [], [])
    for paper in papers:
        mine = keys[paper.id]
        found = next((cached[k] for k in mine if cached.get(k) in cached_works
                      and agrees(paper, cached_works[cached[k] or ""])), None)
        if found is not None:
            plan.known[paper.id] = found
            continue
        unasked = [k for k in mine if k not in cached
                   or (cached[k] in cached_works and not agrees(paper, cached_works[cached[k] or ""]))]
        if not unasked:
            plan.known[paper.id] = None
            continue
        plan.dois.extend(k[4:] for k in unasked if k.startswith("DOI:"))
        plan.work_ids.extend(k[2:] for k in unasked if k.startswith("W:"))
        if any(k.startswith("TITLE:") for k in unasked):
            plan.titles.append(paper)
    plan.dois = list(dict.fromkeys(plan.dois))
    plan.work_ids = list(dict.fromkeys(plan.work_ids))
    return plan


@dataclass
class Settled:
    """Each listed paper's works, decided from what the lookups found (:func:`settle`)."""

    ids: dict[str, str | None] = field(default_factory=dict)  # catalog id -> its work (None: not found)
    works: dict[str, dict] = field(default_factory=dict)  # W id -> checked work, of every version taken
    versions: dict[str, list[str]] = field(default_factory=dict)  # catalog id -> its other versions' W ids
    distrusted_years: dict[str, int] = field(default_factory=dict)  # catalog id -> OpenAlex's year, off by > 1
    errors: dict[str, str] = field(default_factory=dict)  # catalog id -> a work not taken, and why

    def work_ids(self, paper: str) -> list[str]:
        wid = self.ids.get(paper)
        return [wid, *self.versions.get(paper, [])] if wid else []


def settle(catalog: Catalog, keys: dict[str, list[str]], lookups: dict[str, str | None], works: dict[str, dict],
           s2: Reading | None = None) -> Settled:
    """Each paper's work: the first of its keys whose work has a title that agrees with the list's; the works its
    other keys find, with titles that agree, are its other versions. A paper none of whose keys was ever asked is
    left out (no data)."""
    settled = Settled()
    for paper in catalog.papers:
        mine = keys[paper.id]
        if not any(k in lookups for k in mine):
            continue  # never asked (offline, or OpenAlex stopped before it): no data
        taken: list[dict] = []
        for key in mine:
            work = works.get(lookups.get(key) or "")
            if work is None or any(w["id"] == work["id"] for w in taken):
                continue
            if agrees(paper, work):
                taken.append(work)
                continue
            settled.errors.setdefault(
                paper.id, f"OpenAlex's {work['id']} (for {key.split(':', 1)[1]}) is titled {work['title'][:80]!r}; "
                          "not taken")
        chosen = taken[0] if taken else None
        settled.ids[paper.id] = chosen["id"] if chosen else None
        if chosen is None:
            continue
        settled.errors.pop(paper.id, None)
        for work in taken:
            settled.works[work["id"]] = work
        if len(taken) > 1:
            settled.versions[paper.id] = [w["id"] for w in taken[1:]]
        s2_work = s2.work(paper.id) if s2 else None
        listed_year = paper.year or (s2_work.year if s2_work else None)
        if chosen.get("year") and listed_year and abs(chosen["year"] - listed_year) > YEAR_TOLERANCE:
            settled.distrusted_years[paper.id] = chosen["year"]
    return settled


def outside_wanted(settled: Settled) -> list[str]:
    """The works outside the list that at least :data:`OUTSIDE_MIN_CITERS` listed papers cite, most cited first,
    at most :data:`OUTSIDE_MAX`."""
    listed = {w for paper in settled.ids for w in settled.work_ids(paper)}
    citers: dict[str, int] = {}
    for paper in sorted(settled.ids):
        refs = {r for w in settled.work_ids(paper) for r in settled.works[w].get("references", [])}
        for ref in sorted(refs - listed):
            citers[ref] = citers.get(ref, 0) + 1
    wanted = sorted((w for w, n in citers.items() if n >= OUTSIDE_MIN_CITERS), key=lambda w: (-citers[w], w))
    return wanted[:OUTSIDE_MAX]


def read(catalog: Catalog, cache: Cache, readings: dict[str, Reading] | None = None) -> Reading:
    """What the cache holds of OpenAlex's answers for ``catalog``; ``readings``: what the sources asked before it
    said (Semantic Scholar's ids widen the search), None or empty when OpenAlex is the only source."""
    keys = keys_of(catalog, readings)
    lookups = cache.get_lookups(OPENALEX, {k for mine in keys.values() for k in mine})
    works = cache.get_works(OPENALEX, {w for w in lookups.values() if w})
    plan = plan_openalex(catalog.papers, keys, lookups, works)
    settled = settle(catalog, keys, lookups, works, (readings or {}).get(SEMANTIC_SCHOLAR))
    wanted = outside_wanted(settled)
    outside = cache.get_works(OPENALEX, wanted) if wanted else {}
    reading = Reading(OPENALEX, errors=dict(settled.errors), cache_hits=len(plan.known))
    reading.outside = {w: work_of(outside[w]) for w in wanted if w in outside}
    for paper in catalog.papers:
        if paper.id not in settled.ids:
            continue
        wid = settled.ids[paper.id]
        reading.works[paper.id] = None if wid is None else listed_work(settled, paper.id)
    reading.rejected.extend(cache.take_rejected())
    return reading


def listed_work(settled: Settled, paper: str) -> Work:
    """A listed paper's work: its chosen work, with the references of every version (as W ids: what the cited
    works are, where OpenAlex said, is in :attr:`~graphbuild.works.Reading.outside`), the other versions' ids and
    a year not believed."""
    versions = settled.work_ids(paper)
    chosen = work_of(settled.works[versions[0]])
    ids = list(dict.fromkeys(r for w in versions for r in settled.works[w].get("references", [])))
    refs = tuple(Ref(r) for r in ids)
    return dataclasses.replace(
        chosen, reference_count=len(set(ids)), references_status="complete" if ids else "unknown",
        versions=tuple(versions[1:]), distrusted_year=settled.distrusted_years.get(paper),
        load_references=lambda: refs or None)


def citing_works(cache: Cache, work_ids: list[str]) -> dict[str, list[Work]]:
    """The works citing each listed work that the cache holds (a watch stored them)."""
    links = cache.get_citers(OPENALEX, work_ids)
    works = cache.get_works(OPENALEX, {cid for citers in links.values() for cid, _ in citers})
    return {wid: [work_of(works[cid]) for cid, _ in citers if cid in works] for wid, citers in links.items()}
