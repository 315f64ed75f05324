"""What to ask OpenAlex for: find each listed paper's work, with its ``referenced_works``, in as few calls as the
API's caps allow (``../shared/docs/openalex-api.md`` §7), and remember every answer.

A listed paper is looked for under every identifier it has, its own and the ones Semantic Scholar gave it, most
precise first: its DOI, its arXiv id as arXiv's DOI (``10.48550/arxiv.ID``, the only form OpenAlex knows),
Semantic Scholar's DOI and arXiv id for it (so a preprint listed by its arXiv id is found as the published
version OpenAlex merged it into), and ``W<MAG id>`` (an old work's W number is its MAG id). The plan, for N papers:

1. **DOIs in OR lists**: ``filter=doi:A|B|…``, up to 100 values a call and under the URL limit, each work coming
   with its metadata and references (1 credit a call). Results are mapped back by ``doi``, ``ids.doi`` (they can
   differ) and the arXiv id of their locations; values that match nothing are simply absent.
2. **W ids** from MAG ids in ``filter=openalex:…`` lists, the same way.
3. **arXiv misses** are asked once more through the free singleton ``/works/doi:10.48550/arxiv.ID``, which finds
   preprints the list filter misses.
4. **Titles last**: a paper still not found (or listed with no identifier) is looked up by the free autocomplete,
   the candidate taken only if its title agrees; its work then comes in one more ``openalex:`` list.

5. **Works outside the list** that at least two listed papers cite (what ``graphbuild suggest`` proposes, merged
   with Semantic Scholar's by DOI and arXiv id) come in ``openalex:`` lists too, the most cited first, at most
   :data:`OUTSIDE_MAX` of them; ids that resolve to nothing (merged or deleted works) are remembered as such.

So 33 papers with DOIs or arXiv ids cost 2 to 4 calls, and a warm rebuild none. Every answer is checked by
:func:`graphbuild.records.check_work` before it is cached or believed. A work is taken for a paper only when its
title agrees with the list's (a DOI can point to the wrong work after a bad merge); a year more than one off the
list's (word2vec, 2013, is 2025 in OpenAlex) is not believed and is named in ``OpenAlexRecords.distrusted_years``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..cache import Cache
from ..catalog import Catalog, Paper
from ..ids import titles_agree
from ..records import ARXIV_DOI_PREFIX, BadRecord, OpenAlexRecords, Records, arxiv_doi, check_work, work_id
from .errors import SourceBadAnswer, SourceError, SourceUrlTooLong
from .fetching import FetchReport, Progress, SourceFetcher, title_key
from .openalex import OpenAlex, pack_values

log = logging.getLogger("graphbuild.openalex")

YEAR_TOLERANCE = 1  # a preprint's year and its venue's year differ by one; more is a bad merge
OUTSIDE_MIN_CITERS = 2  # an outside work cited by this many listed papers is worth knowing (suggest's default)
OUTSIDE_MAX = 1000  # outside works fetched at most: 10 list calls


def fetch_openalex(catalog: Catalog, s2: Records | None, cache: Cache, client: OpenAlex | None, *,
                   refresh: bool = False, progress: Progress | None = None) -> tuple[OpenAlexRecords, FetchReport]:
    """Bring the cache up to date for ``catalog`` (``client`` None: offline) and return what OpenAlex said.

    ``s2`` is what Semantic Scholar said (its DOIs, arXiv and MAG ids widen the search); None or empty is fine.
    """
    fetcher = _Fetcher(catalog, s2 or Records(), cache, client, refresh, progress)
    report = fetcher.run_steps()
    return fetcher.records, report


def paper_keys(paper: Paper, s2_record: dict | None) -> list[str]:
    """The cache keys under which ``paper`` is looked for in OpenAlex, most precise first: ``DOI:…`` (the arXiv
    id as arXiv's DOI) and ``W:W…``; ``TITLE:…`` last."""
    ids = (s2_record or {}).get("externalIds") or {}
    keys = []
    for doi in (paper.doi, arxiv_doi(paper.arxiv) if paper.arxiv else None, ids.get("DOI"),
                arxiv_doi(ids["ArXiv"]) if ids.get("ArXiv") else None):
        if doi:
            keys.append("DOI:" + doi.lower())
    if str(ids.get("MAG", "")).isdigit():
        keys.append(f"W:W{ids['MAG']}")
    keys.append(title_key(paper.title))
    return list(dict.fromkeys(keys))


@dataclass
class OpenAlexPlan:
    """What finding the listed papers in OpenAlex takes, decided from the cache alone."""

    known: dict[str, str | None]  # catalog id -> work id from the cache (None: every key was asked, none found)
    dois: list[str]  # DOIs to ask for in OR lists
    work_ids: list[str]  # W ids (from MAG ids) to ask for
    titles: list[Paper]  # papers to look up by title if the ids do not find them


def plan_openalex(papers: list[Paper], keys: dict[str, list[str]], cached: dict[str, str | None],
                  cached_works: set[str]) -> OpenAlexPlan:
    """For each paper: the first of its keys the cache resolves to a work it holds; else known as not found when
    every key was asked; else its unasked keys go into the lists to ask for."""
    plan = OpenAlexPlan({}, [], [], [])
    for paper in papers:
        mine = keys[paper.id]
        found = next((cached[k] for k in mine if cached.get(k) in cached_works), None)
        if found is not None:
            plan.known[paper.id] = found
            continue
        unasked = [k for k in mine if k not in cached]
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


def work_keys(work: dict) -> list[str]:
    """The keys a work answers to: its DOIs (both), its arXiv DOI, its W id."""
    keys = ["DOI:" + d for d in work.get("dois", [])]
    if work.get("arxiv"):
        keys.append("DOI:" + arxiv_doi(work["arxiv"]))
    keys.append("W:" + work["id"])
    return list(dict.fromkeys(keys))


class _Fetcher(SourceFetcher):
    source = "OpenAlex"

    def __init__(self, catalog: Catalog, s2: Records, cache: Cache, client: OpenAlex | None, refresh: bool,
                 progress: Progress | None):
        super().__init__(cache, client, refresh, progress)
        self.catalog, self.s2 = catalog, s2
        self.records = OpenAlexRecords()
        self.keys = {p.id: paper_keys(p, self._s2_record(p)) for p in catalog.papers}

    def reset(self) -> None:
        self.records = OpenAlexRecords()

    @property
    def api(self) -> OpenAlex:
        assert isinstance(self.client, OpenAlex), "asked OpenAlex while offline"
        return self.client

    def _s2_record(self, paper: Paper) -> dict | None:
        sid = self.s2.s2_ids.get(paper.id)
        return self.s2.papers.get(sid) if sid else None

    def steps(self) -> None:
        all_keys = {k for keys in self.keys.values() for k in keys}
        use_cache = not (self.refresh and self.online)
        cached = self.cache.get_oa_lookups(all_keys) if use_cache else {}
        works = self.cache.get_oa_works({w for w in cached.values() if w}) if use_cache else {}
        plan = plan_openalex(self.catalog.papers, self.keys, cached, set(works))
        self.report.cache_hits += len(plan.known)
        lookups = dict(cached)
        if self.online:
            self.ask(plan, lookups, works)
        self.settle(lookups, works)
        self.load_outside(use_cache)

    # --- asking --------------------------------------------------------------------------------------------

    def ask(self, plan: OpenAlexPlan, lookups: dict[str, str | None], works: dict[str, dict]) -> None:
        self.progress("asking OpenAlex", 0, len(self.catalog.papers))
        self.ask_lists("doi", plan.dois, "DOI:", lookups, works)
        self.ask_lists("openalex", plan.work_ids, "W:", lookups, works)
        wanted = set(plan.dois)
        for paper in self.catalog.papers:  # arXiv misses: the free singleton finds what a list filter misses
            if self._found(paper, lookups, works):
                continue
            for key in self.keys[paper.id]:
                if key.startswith("DOI:" + ARXIV_DOI_PREFIX) and key[4:] in wanted and lookups.get(key) is None:
                    self.ask_one("doi:" + key[4:], key, lookups, works)
                    if lookups.get(key):
                        break
        self.progress("asking OpenAlex", len(self.catalog.papers), len(self.catalog.papers))
        candidates: dict[str, str] = {}
        by_title = [p for p in plan.titles if not self._found(p, lookups, works) and not p.title_is_provisional]
        for n, paper in enumerate(by_title):
            self.progress("matching titles in OpenAlex", n, len(by_title))
            key = title_key(paper.title)
            try:
                found = self.call(self.api.autocomplete, paper.title)
            except SourceError as exc:
                self.report.errors[paper.id] = f"OpenAlex title lookup: {exc}"
                continue
            match = next((c for c in found if titles_agree(paper.title, c.get("display_name"))), None)
            wid = work_id(match.get("id")) if match else None
            lookups[key] = wid
            if wid is None:
                self.cache.put_oa_lookups({key: None})
            else:
                candidates[key] = wid
        self.ask_lists("openalex", sorted({w for w in candidates.values() if w not in works}), "W:", lookups, works)
        # a candidate whose work did not come (or did not pass the checks) is looked up again next time
        self.cache.put_oa_lookups({k: w for k, w in candidates.items() if w in works})
        for key, wid in candidates.items():
            lookups[key] = wid if wid in works else None

    def ask_lists(self, key: str, values: list[str], prefix: str, lookups: dict[str, str | None],
                  works: dict[str, dict]) -> None:
        """Ask for ``values`` in OR lists; map each work back to every key it answers to; a value that found
        nothing is cached as not found."""
        if not values:
            return
        queue = pack_values(values, self.api.base_url, key)
        while queue:
            batch = queue.pop(0)
            try:
                found = self.call(self.api.works, key, batch)
            except SourceUrlTooLong:
                if len(batch) > 1:
                    queue[:0] = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
                continue
            except SourceBadAnswer as exc:
                self.reject(f"the list of {len(batch)} {key} values: {exc}")
                continue
            except SourceError as exc:
                log.warning("OpenAlex could not answer for %d %s values: %s", len(batch), key, exc)
                continue
            answered, rejected = self.store(found, lookups, works)
            if rejected:  # which values the rejected works answered is unknown: nothing is a miss, all asked again
                continue
            missed = {prefix + v.lower() if prefix == "DOI:" else prefix + v: None for v in batch}
            for k in answered:
                missed.pop(k, None)
            lookups.update(missed)
            # an arXiv DOI the list missed is asked once more, alone: its miss is cached after that
            self.cache.put_oa_lookups({k: v for k, v in missed.items() if not k.startswith("DOI:" + ARXIV_DOI_PREFIX)})

    def ask_one(self, ident: str, key: str, lookups: dict[str, str | None], works: dict[str, dict]) -> None:
        try:
            raw = self.call(self.api.work, ident)
        except SourceBadAnswer as exc:
            self.reject(f"the work {ident}: {exc}")
            return
        except SourceError as exc:
            log.warning("OpenAlex could not answer for %s: %s", ident, exc)
            return
        answered, rejected = self.store([] if raw is None else [raw], lookups, works)
        if key not in answered and not rejected:
            self.cache.put_oa_lookups({key: None})
            lookups[key] = None

    def store(self, raws: list[dict], lookups: dict[str, str | None],
              works: dict[str, dict]) -> tuple[set[str], bool]:
        """Check and cache works; return the keys they answer to (now in ``lookups``), and whether any was
        rejected."""
        good = []
        for raw in raws:
            try:
                good.append(check_work(raw))
            except BadRecord as exc:
                self.reject(str(exc))
        answered: dict[str, str | None] = {}
        for work in good:
            works[work["id"]] = work
            for key in work_keys(work):
                answered.setdefault(key, work["id"])
        self.cache.put_oa_works(good)
        self.cache.put_oa_lookups(answered)
        lookups.update(answered)
        return set(answered), len(good) < len(raws)

    def load_outside(self, use_cache: bool) -> None:
        """The works outside the list that at least two listed papers cite, from the cache, else asked for."""
        listed = {w for paper in self.records.ids for w in self.records.work_ids(paper)}
        citers: dict[str, int] = {}
        for paper in sorted(self.records.ids):
            refs = {r for w in self.records.work_ids(paper) for r in self.records.works[w].get("references", [])}
            for ref in sorted(refs - listed):
                citers[ref] = citers.get(ref, 0) + 1
        wanted = sorted((w for w, n in citers.items() if n >= OUTSIDE_MIN_CITERS), key=lambda w: (-citers[w], w))
        wanted = wanted[:OUTSIDE_MAX]
        if not wanted:
            return
        known = self.cache.get_oa_works(wanted) if use_cache else {}
        gone = self.cache.get_oa_lookups("W:" + w for w in wanted) if use_cache else {}
        missing = [w for w in wanted if w not in known and gone.get("W:" + w, "") is not None]
        if missing and self.online:
            self.progress("outside works from OpenAlex", 0, len(missing))
            lookups: dict[str, str | None] = {}
            self.ask_lists("openalex", missing, "W:", lookups, known)
        self.records.outside = {w: known[w] for w in wanted if w in known}

    # --- deciding ------------------------------------------------------------------------------------------

    def _found(self, paper: Paper, lookups: dict[str, str | None], works: dict[str, dict]) -> bool:
        return any(lookups.get(k) in works for k in self.keys[paper.id])

    def settle(self, lookups: dict[str, str | None], works: dict[str, dict]) -> None:
        """Each paper's work: the first of its keys whose work has a title that agrees with the list's; the works
        its other keys find, with titles that agree, are its other versions (a preprint and its journal version
        that OpenAlex keeps apart)."""
        for paper in self.catalog.papers:
            mine = self.keys[paper.id]
            if not any(k in lookups for k in mine):
                continue  # never asked (offline, or OpenAlex stopped before it): no data
            taken: list[dict] = []
            for key in mine:
                work = works.get(lookups.get(key) or "")
                if work is None or any(w["id"] == work["id"] for w in taken):
                    continue
                if paper.title_is_provisional or not work.get("title") or titles_agree(paper.title, work["title"]):
                    taken.append(work)
                    continue
                self.report.errors.setdefault(
                    paper.id, f"OpenAlex's {work['id']} (for {key.split(':', 1)[1]}) is titled "
                              f"{work['title'][:80]!r}; not taken")
            chosen = taken[0] if taken else None
            self.records.ids[paper.id] = chosen["id"] if chosen else None
            if chosen is None:
                continue
            self.report.errors.pop(paper.id, None)
            for work in taken:
                self.records.works[work["id"]] = work
            if len(taken) > 1:
                self.records.versions[paper.id] = [w["id"] for w in taken[1:]]
            listed_year = paper.year or (self._s2_record(paper) or {}).get("year")
            if chosen.get("year") and listed_year and abs(chosen["year"] - listed_year) > YEAR_TOLERANCE:
                self.records.distrusted_years[paper.id] = chosen["year"]
