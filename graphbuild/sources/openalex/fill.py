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
:func:`.records.check_work` before it is cached or believed. Which work is taken for a paper (its title must
agree with the list's; a year far off the list's is not believed) is :mod:`.read`'s to decide, from the cache.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from ...cache import Cache
from ...catalog import Catalog, Paper
from ...ids import ARXIV_DOI_PREFIX, titles_agree
from ...works import Reading
from .. import OPENALEX, SEMANTIC_SCHOLAR
from ..checks import BadRecord
from ..errors import SourceBadAnswer, SourceError, SourceUrlTooLong
from ..fetching import FetchReport, Progress, SourceFetcher, title_key
from .client import OpenAlex, pack_values
from .read import OpenAlexPlan, keys_of, outside_wanted, plan_openalex, settle, work_keys
from .records import check_work, work_id

log = logging.getLogger("graphbuild.openalex")


def fill(catalog: Catalog, cache: Cache, client: OpenAlex, readings: dict[str, Reading] | None = None, *,
         refresh: bool = False, progress: Progress | None = None, without: Collection[str] = ()) -> FetchReport:
    """Bring the cache up to date for ``catalog``: ask OpenAlex for what it lacks (everything, with ``refresh``)
    and store each checked answer as it arrives. ``readings``: what Semantic Scholar said (its DOIs, arXiv and MAG
    ids widen the search); None or empty is fine. What the cache then holds is :func:`.read.read`'s. ``without``:
    optional steps to leave out; OpenAlex has none (it keeps no citing sentences)."""
    return _Fetcher(catalog, readings or {}, cache, client, refresh, progress).run_steps()


# Characters that break a filter's OR list (a quote ends a quoted value, a bar separates values): a DOI holding one
# is asked alone, by the free singleton, so it cannot fail the list of a hundred others.
_UNLISTABLE = set('"|')


def _foreign(raws: list, key: str, asked: list[str]) -> str | None:
    """What is wrong with a list answer that does not answer what was asked, or None: results repeating one work's
    id, or (for DOIs, which every result carries) a result that answers none of the DOIs asked."""
    ids: dict[str, int] = {}
    checked = []
    for raw in raws:
        try:
            work = check_work(raw)
        except BadRecord:
            continue  # store() rejects it, naming it
        ids[work["id"]] = ids.get(work["id"], 0) + 1
        checked.append(work)
    repeated = [w for w, n in ids.items() if n > 1]
    if repeated:
        return f"{ids[repeated[0]]} of its results are the work {repeated[0]}"
    if key == "doi":
        wanted = {"DOI:" + v.lower() for v in asked}
        stray = next((w for w in checked if not wanted & set(work_keys(w))), None)
        if stray:
            return f"it holds {stray['id']}, which has none of the DOIs asked for"
    return None


class _Fetcher(SourceFetcher):
    source = "OpenAlex"

    def __init__(self, catalog: Catalog, readings: dict[str, Reading], cache: Cache, client: OpenAlex,
                 refresh: bool, progress: Progress | None):
        super().__init__(cache, client, refresh, progress)
        self.catalog, self.readings = catalog, readings
        self.keys = keys_of(catalog, readings)
        self.unanswered: set[str] = set()  # keys whose answer was rejected: unknown, asked again next build

    @property
    def api(self) -> OpenAlex:
        assert isinstance(self.client, OpenAlex), "asked OpenAlex while offline"
        return self.client

    def steps(self) -> None:
        all_keys = {k for keys in self.keys.values() for k in keys}
        cached = {} if self.refresh else self.cache.get_lookups(OPENALEX, all_keys)
        works = self.cache.get_works(OPENALEX, {w for w in cached.values() if w}) if not self.refresh else {}
        plan = plan_openalex(self.catalog.papers, self.keys, cached, works)
        self.report.cache_hits += len(plan.known)
        lookups = dict(cached)
        self.ask(plan, lookups, works)
        settled = settle(self.catalog, self.keys, lookups, works, self.readings.get(SEMANTIC_SCHOLAR))
        self.load_outside(outside_wanted(settled))

    # --- asking --------------------------------------------------------------------------------------------

    def ask(self, plan: OpenAlexPlan, lookups: dict[str, str | None], works: dict[str, dict]) -> None:
        self.progress("asking OpenAlex", 0, len(self.catalog.papers))
        alone = [d for d in plan.dois if _UNLISTABLE & set(d)]
        self.ask_lists("doi", [d for d in plan.dois if d not in alone], "DOI:", lookups, works)
        for doi in alone:
            self.ask_one("doi:" + doi, "DOI:" + doi.lower(), lookups, works)
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
        # a paper whose answers were rejected is unknown, not missing: no title lookup makes it "not found"
        by_title = [p for p in plan.titles if not self._found(p, lookups, works) and not p.title_is_provisional
                    and not self.unanswered & set(self.keys[p.id])]
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
                self.cache.put_lookups(OPENALEX, {key: None})
            else:
                candidates[key] = wid
        self.ask_lists("openalex", sorted({w for w in candidates.values() if w not in works}), "W:", lookups, works)
        # a candidate whose work did not come (or did not pass the checks) is looked up again next time
        self.cache.put_lookups(OPENALEX, {k: w for k, w in candidates.items() if w in works})
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
                self.unanswered.update(prefix + (v.lower() if prefix == "DOI:" else v) for v in batch)
                continue
            except SourceError as exc:
                log.warning("OpenAlex could not answer for %d %s values: %s", len(batch), key, exc)
                continue
            foreign = _foreign(found, key, batch)
            if foreign:  # an answer to another question: nothing of it is believed, cached or taken for "not found"
                self.reject(f"the list of {len(batch)} {key} values: {foreign}")
                self.unanswered.update(prefix + (v.lower() if prefix == "DOI:" else v) for v in batch)
                continue
            answered, rejected = self.store(found, lookups, works)
            if rejected:  # which values the rejected works answered is unknown: nothing is a miss, all asked again
                self.unanswered.update(prefix + (v.lower() if prefix == "DOI:" else v) for v in batch)
                continue
            missed = {prefix + v.lower() if prefix == "DOI:" else prefix + v: None for v in batch}
            for k in answered:
                missed.pop(k, None)
            lookups.update(missed)
            # an arXiv DOI the list missed is asked once more, alone: its miss is cached after that
            self.cache.put_lookups(OPENALEX, {k: v for k, v in missed.items()
                                              if not k.startswith("DOI:" + ARXIV_DOI_PREFIX)})

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
        if rejected:
            self.unanswered.add(key)
        if key not in answered and not rejected:
            self.cache.put_lookups(OPENALEX, {key: None})
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
        self.cache.put_works(OPENALEX, good)
        self.cache.put_lookups(OPENALEX, answered)
        lookups.update(answered)
        return set(answered), len(good) < len(raws)

    def load_outside(self, wanted: list[str]) -> None:
        """The works outside the list that at least two listed papers cite, asked for where the cache lacks them
        (ids that resolved to nothing before are not asked again)."""
        if not wanted:
            return
        known = {} if self.refresh else self.cache.get_works(OPENALEX, wanted)
        gone = {} if self.refresh else self.cache.get_lookups(OPENALEX, ("W:" + w for w in wanted))
        missing = [w for w in wanted if w not in known and gone.get("W:" + w, "") is not None]
        if missing and self.online:
            self.progress("outside works from OpenAlex", 0, len(missing))
            lookups: dict[str, str | None] = {}
            self.ask_lists("openalex", missing, "W:", lookups, known)

    # --- deciding ---

    def _found(self, paper: Paper, lookups: dict[str, str | None], works: dict[str, dict]) -> bool:
        return any(lookups.get(k) in works for k in self.keys[paper.id])
