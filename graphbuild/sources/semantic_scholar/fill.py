"""What to ask Semantic Scholar for: compare the catalog with the cache, ask only for what is missing.

The request plan, for N listed papers (the number of requests is the cost users feel: 1 request/second):

1. **Resolve** every paper by its most precise id (S2 id, arXiv id without version, DOI) in ``POST /paper/batch``
   calls of up to 500 ids, asking for the metadata fields at the same time. A ``null`` slot is a paper Semantic
   Scholar does not know (unresolved); only a paper with no id at all is looked up by ``GET /paper/search/match``
   on its title.
2. **References** come nested in further batch calls (``fields=references.paperId,...``). Nested lists are cut at
   1,000 items and one call may carry at most 9,999 references, so the resolved papers are packed into calls by
   their ``referenceCount`` (first-fit, each paper weighing ``min(referenceCount, 1000)``). A paper with more than
   1,000 references continues by paging ``GET /paper/{id}/references`` from offset 1,000. A batch call that fails
   (too large, 5xx after retries) is split in half; a single paper that still fails is paged instead.

So the shipped 33-paper list costs 2 requests cold, 0 warm, and one added paper costs 2. Every answer is written
to the cache as it arrives; a build that is interrupted resumes from there.

Never hurt by the source: every answer is checked (:mod:`.records`) before it is cached or believed (a
record that does not fit is rejected, named in ``FetchReport.rejected`` and never stored); a paper with an id that
Semantic Scholar does not know is *unresolved*, not looked up again by title (only papers without any id are); and
the time spent is bounded: the client's deadline, and a circuit that opens after two calls in a row fail for good,
stop the source for the rest of the build, which goes on from the cache and the curated references.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection
from dataclasses import dataclass, field

from ...cache import Cache, CitationContexts, References
from ...catalog import Catalog
from ...ids import titles_agree
from ...works import Reading
from .. import SEMANTIC_SCHOLAR
from ..checks import BadRecord
from ..errors import SourceBadAnswer, SourceError, SourceUnavailable
from ..fetching import FetchReport, Progress, SourceFetcher, title_key
from .client import BATCH_MAX_IDS, NESTED_LIST_MAX, NESTED_REFERENCES_MAX, SemanticScholar
from .read import (
    CITATION_FIELDS,
    PAGE_EXTRA_FIELDS,
    PAPER_FIELDS,
    REFERENCE_FIELDS,
    citing_listed,
    lookup_key,
    plan_citations,
    plan_references,
    plan_resolution,
)
from .records import answers, check_citation_page, check_page, check_paper

log = logging.getLogger("graphbuild.fetch")

CONTEXT_MARGIN = 2.0  # seconds: why papers cite is not asked when less than this (and one request's pacing) is left
MAX_PAGES = 200  # reference pages for one paper (200,000 references): a bound, whatever ``next`` says

__all__ = ["fill", "plan_reference_batches"]


def fill(catalog: Catalog, cache: Cache, client: SemanticScholar, readings: dict[str, Reading] | None = None, *,
         refresh: bool = False, progress: Progress | None = None, without: Collection[str] = ()) -> FetchReport:
    """Bring the cache up to date for ``catalog``: ask Semantic Scholar for what it lacks (everything, with
    ``refresh``) and store each checked answer as it arrives. What the cache then holds is :func:`.read.read`'s.
    ``without``: optional steps to leave out (``"contexts"``: why papers cite, one request per citing paper)."""
    return _Fetcher(catalog, cache, client, refresh, progress, without).run_steps()


@dataclass
class _State:
    """What this run has learnt so far, for the next step's plan (the cache has all of it too)."""

    s2_ids: dict[str, str | None] = field(default_factory=dict)  # catalog id -> paperId (None: unknown to S2)
    papers: dict[str, dict] = field(default_factory=dict)  # paperId -> checked record
    references: dict[str, References] = field(default_factory=dict)  # paperId -> its reference list


class _Fetcher(SourceFetcher):
    source = "Semantic Scholar"

    def __init__(self, catalog: Catalog, cache: Cache, client: SemanticScholar, refresh: bool,
                 progress: Progress | None, without: Collection[str] = ()):
        super().__init__(cache, client, refresh, progress)
        self.catalog = catalog
        self.records = _State()
        self.without = set(without)

    def steps(self) -> None:
        self.resolve()
        self.load_papers()
        self.load_references()
        if "contexts" not in self.without:
            self.load_citations()

    @property
    def api(self) -> SemanticScholar:
        """The client; only used on the paths that run online (``self.online``)."""
        assert isinstance(self.client, SemanticScholar), "asked Semantic Scholar while offline"
        return self.client

    def checked_slots(self, slots: list, who: list[str], *, nested: bool = False) -> list[dict | None | BadRecord]:
        """Each batch slot as a checked record, None (unknown to Semantic Scholar) or the :class:`BadRecord`."""
        out: list[dict | None | BadRecord] = []
        for slot, name in zip(slots, who):
            if slot is None:
                out.append(None)
                continue
            try:
                out.append(check_paper(slot, nested_references=nested))
            except BadRecord as exc:
                self.reject(f"paper '{name}': {exc}")
                out.append(exc)
        return out

    # --- 1. resolve ----------------------------------------------------------------------------------------

    def resolve(self) -> None:
        papers = self.catalog.papers
        keys = {p.id: lookup_key(p) for p in papers}
        titles = {p.id: title_key(p.title) for p in papers}
        cached = {} if self.refresh else self.cache.get_lookups(SEMANTIC_SCHOLAR, [*keys.values(), *titles.values()])
        plan = plan_resolution(papers, cached)
        self.records.s2_ids.update(plan.known)
        self.report.cache_hits += len(plan.known)
        by_id, by_title = plan.by_id, plan.by_title
        if not self.online:
            return
        for start in range(0, len(by_id), BATCH_MAX_IDS):
            chunk = by_id[start : start + BATCH_MAX_IDS]
            self.progress("resolving papers", start, len(by_id))
            try:
                slots = self.call(self.api.batch, [keys[p.id] for p in chunk], ",".join(PAPER_FIELDS))
            except SourceBadAnswer as exc:
                self.reject(f"the batch for {len(chunk)} papers: {exc}")
                continue
            except SourceError as exc:  # a final answer for the whole batch: say so per paper
                for paper in chunk:
                    self.report.errors[paper.id] = f"lookup failed: {exc}"
                continue
            checked = self.checked_slots(slots, [p.id for p in chunk])
            wrong = [(p, s) for p, s in zip(chunk, checked) if isinstance(s, dict) and not answers(keys[p.id], s)]
            if wrong:  # a slot that answers another id than the one asked: nothing of this answer is believed
                (stray, held), more = wrong[0], len(wrong) - 1
                self.reject(f"the batch for {len(chunk)} papers answers other papers than were asked for (the slot "
                            f"for '{stray.id}', {keys[stray.id]}, holds {held['paperId']}"
                            f"{f'; {more} more like it' if more else ''})")
                continue
            good = [(p, s) for p, s in zip(chunk, checked) if not isinstance(s, BadRecord)]
            self.cache.put_works(SEMANTIC_SCHOLAR, [s for _, s in good if s], PAPER_FIELDS)
            self.cache.put_lookups(SEMANTIC_SCHOLAR, {keys[p.id]: (s["paperId"] if s else None) for p, s in good})
            for paper, slot in good:
                self.records.s2_ids[paper.id] = slot["paperId"] if slot else None
                if slot:
                    self.records.papers[slot["paperId"]] = slot
        if by_id:
            self.progress("resolving papers", len(by_id), len(by_id))
        for n, paper in enumerate(by_title):
            self.progress("matching titles", n, len(by_title))
            try:
                raw = self.call(self.api.match_title, paper.title, ",".join(PAPER_FIELDS))
                match = None if raw is None else check_paper(raw)
            except (SourceBadAnswer, BadRecord) as exc:
                self.reject(f"paper '{paper.id}': title match: {exc}")
                continue
            except SourceError as exc:
                self.report.errors[paper.id] = f"title match failed: {exc}"
                continue
            if match is not None and not titles_agree(paper.title, match.get("title")):
                log.info("title match for %r returned %r; not taken", paper.title, match.get("title"))
                match = None
            if match:
                self.cache.put_works(SEMANTIC_SCHOLAR, [match], PAPER_FIELDS)
                self.records.papers[match["paperId"]] = match
            self.cache.put_lookups(SEMANTIC_SCHOLAR, {titles[paper.id]: match["paperId"] if match else None})
            self.records.s2_ids[paper.id] = match["paperId"] if match else None
            if match:
                self.report.errors.pop(paper.id, None)

    # --- metadata for papers resolved earlier ----------------------------------------------------------------

    def load_papers(self) -> None:
        wanted = sorted({sid for sid in self.records.s2_ids.values() if sid} - set(self.records.papers))
        cached = self.cache.get_works(SEMANTIC_SCHOLAR, wanted, PAPER_FIELDS)
        self.records.papers.update(cached)  # arrived with the resolution: not counted as a second cache hit
        missing = [sid for sid in wanted if sid not in cached]
        if not missing or not self.online:
            return
        for start in range(0, len(missing), BATCH_MAX_IDS):
            chunk = missing[start : start + BATCH_MAX_IDS]
            try:
                slots = self.call(self.api.batch, chunk, ",".join(PAPER_FIELDS))
            except SourceBadAnswer as exc:
                self.reject(f"the batch for {len(chunk)} paper records: {exc}")
                continue
            except SourceError as exc:
                log.warning("could not fetch %d paper records: %s", len(chunk), exc)
                continue
            found = [s for s in self.checked_slots(slots, [self._catalog_id(c) for c in chunk])
                     if isinstance(s, dict)]
            self.cache.put_works(SEMANTIC_SCHOLAR, found, PAPER_FIELDS)
            self.records.papers.update({s["paperId"]: s for s in found})

    # --- 2. references -------------------------------------------------------------------------------------

    def load_references(self) -> None:
        nested_fields = [f"references.{f}" for f in REFERENCE_FIELDS]
        page_fields = [*REFERENCE_FIELDS, *PAGE_EXTRA_FIELDS]
        wanted = sorted({sid for sid in self.records.s2_ids.values() if sid})
        cached = {} if self.refresh else self.cache.get_references(SEMANTIC_SCHOLAR, wanted, REFERENCE_FIELDS)
        counts = {sid: self.records.papers.get(sid, {}).get("referenceCount") for sid in wanted}
        plan = plan_references(wanted, cached, counts)
        self.records.references.update(plan.known)
        self.report.cache_hits += sum(1 for entry in plan.known.values() if entry.is_final)
        if not self.online:
            return
        for sid in plan.empty:  # referenceCount 0: nothing to ask
            empty = References("complete", [])
            self.cache.put_references(SEMANTIC_SCHOLAR, sid, empty, REFERENCE_FIELDS)
            self.records.references[sid] = empty
        todo_batch, todo_pages = plan.batch, dict(plan.pages)
        groups = plan_reference_batches(todo_batch, {s: self.records.papers.get(s, {}).get("referenceCount")
                                                     for s in todo_batch})
        total = len(todo_batch) + len(todo_pages)
        done = 0
        while groups:
            group = groups.pop(0)
            self.progress("fetching references", done, total)
            try:
                slots = self.call(self.api.batch, group, ",".join(nested_fields))
            except SourceBadAnswer as exc:
                self.reject(f"the reference batch for {len(group)} papers: {exc}")
                done += len(group)
                continue
            except SourceUnavailable as exc:  # the nested batches keep failing: page every paper still to do instead
                log.info("reference batch failed after its retries (%s); paging the rest instead", exc)
                for sid in [*group, *(s for g in groups for s in g)]:
                    todo_pages[sid] = 0
                groups = []
                continue
            except SourceError as exc:  # a final answer (too large for one call): split it
                if len(group) > 1:
                    log.info("reference batch of %d failed (%s); splitting it", len(group), exc)
                    half = len(group) // 2
                    groups[:0] = [group[:half], group[half:]]
                else:
                    todo_pages[group[0]] = 0
                continue
            answers: dict[str, References] = {}
            checked = self.checked_slots(slots, [self._catalog_id(s) for s in group], nested=True)
            for sid, slot in zip(group, checked):
                if isinstance(slot, BadRecord):
                    continue  # rejected: nothing stored, asked again next build
                if slot is None or slot["paperId"] != sid:
                    todo_pages[sid] = 0
                    continue
                refs = slot.get("references")
                if refs is None:
                    answers[sid] = References("elided", None)
                    continue
                count = self.records.papers.get(sid, {}).get("referenceCount") or 0
                if len(refs) >= NESTED_LIST_MAX and count > len(refs):
                    answers[sid] = References("partial", refs, len(refs))
                    todo_pages[sid] = len(refs)
                else:
                    answers[sid] = References("complete", refs)
            self.cache.put_many_references(SEMANTIC_SCHOLAR, answers, REFERENCE_FIELDS)
            self.records.references.update(answers)
            done += len(group)
        for sid, offset in sorted(todo_pages.items()):
            self.progress("paging references", done, total)
            self.page_references(sid, offset, page_fields)
            done += 1
        if total:
            self.progress("fetching references", total, total)

    def page_references(self, sid: str, offset: int, fields: list[str]) -> None:
        have = self.records.references.get(sid)
        refs = list(have.refs or []) if have is not None and offset > 0 else []
        for _ in range(MAX_PAGES):
            try:
                page = self.call(self.api.references_page, sid, ",".join(fields), offset)
                data, next_offset = check_page(page, self._catalog_id(sid), offset)
            except (SourceBadAnswer, BadRecord) as exc:
                self.reject(f"paper '{self._catalog_id(sid)}': references page at offset {offset}: {exc}")
                return
            except SourceError as exc:
                self.report.errors[self._catalog_id(sid)] = f"references: {exc}"
                return
            if data is None:  # publisher-elided: unknown, not empty
                entry = References("elided", None)
                self.cache.put_references(SEMANTIC_SCHOLAR, sid, entry, REFERENCE_FIELDS)
                self.records.references[sid] = entry
                return
            refs.extend(data)
            if next_offset is None or not data:
                entry = References("complete", refs)
            else:
                entry = References("partial", refs, next_offset)
            self.cache.put_references(SEMANTIC_SCHOLAR, sid, entry, REFERENCE_FIELDS)
            self.records.references[sid] = entry
            if entry.is_final or next_offset is None:
                return
            offset = next_offset
        self.reject(f"paper '{self._catalog_id(sid)}': more than {MAX_PAGES} pages of references; kept as partial")

    # --- 3. why papers cite (citation contexts) -----------------------------------------------------------

    def load_citations(self) -> None:
        """Read why each listed paper that cites listed papers cites them: its ``/references`` with the edge fields
        (one request per citing paper, paging on only while some of its listed references are not yet seen), most
        cited first, while the deadline leaves room for one more request; what is left is counted in the report,
        and read by the next build."""
        listed = {sid for sid in self.records.s2_ids.values() if sid}
        citing = citing_listed(self.records.references, listed)
        cached = {} if self.refresh else self.cache.get_contexts(SEMANTIC_SCHOLAR, list(citing))
        counts = {sid: self.records.papers.get(sid, {}).get("citationCount") for sid in citing}
        plan = plan_citations(citing, cached, counts)
        self.report.contexts_left = len(plan.ask)
        if not self.online or not plan.ask:
            return
        for n, (sid, offset) in enumerate(plan.ask):
            left = self.api.remaining()
            if left is not None and left < CONTEXT_MARGIN + self.api.min_interval:
                log.info("why papers cite: %d of %d citing papers left for the next build (the deadline)",
                         len(plan.ask) - n, len(plan.ask))
                break
            self.progress("reading why papers cite", n, len(plan.ask))
            if self.read_citations(sid, offset, cached.get(sid) if offset else None, citing[sid], listed):
                self.report.contexts_read += 1
                self.report.contexts_left -= 1
        else:
            self.progress("reading why papers cite", len(plan.ask), len(plan.ask))

    def read_citations(self, sid: str, offset: int, prior: CitationContexts | None, cited: set[str],
                       listed: set[str]) -> bool:
        """Page one citing paper's references with the edge fields from ``offset`` (on top of ``prior``, what an
        earlier build read of it) until every listed paper it cites is seen; store what it says after each page.
        False when an answer was rejected or failed (nothing of it believed: the next build asks again)."""
        kept = dict(prior.citations) if prior else {}
        seen = list(prior.seen) if prior else []
        name = self._catalog_id(sid)
        for _ in range(MAX_PAGES):
            try:
                page = self.call(self.api.references_page, sid, ",".join(CITATION_FIELDS), offset)
                found, ids, next_offset = check_citation_page(page, name, offset)
            except (SourceBadAnswer, BadRecord) as exc:
                self.reject(f"paper '{name}': why it cites, page at offset {offset}: {exc}")
                return False
            except SourceError as exc:
                log.warning("why paper '%s' cites could not be read: %s", name, exc)
                return False
            if found is None:  # the publisher withheld its references: unknown, and not asked again
                self.cache.put_contexts(SEMANTIC_SCHOLAR, {sid: CitationContexts("elided", {}, [])})
                return True
            seen.extend(ids)
            kept.update({pid: found.get(pid, {}) for pid in ids if pid in listed})
            done = next_offset is None or not ids or cited <= set(seen)
            status = "complete" if next_offset is None or not ids else "partial"
            self.cache.put_contexts(SEMANTIC_SCHOLAR, {sid: CitationContexts(
                status, kept, sorted(set(seen)), None if status == "complete" else next_offset)})
            if done or next_offset is None:
                return True
            offset = next_offset
        self.reject(f"paper '{name}': more than {MAX_PAGES} pages of references read for why it cites; kept as "
                    "partial")
        return True

    @functools.cached_property
    def _catalog_ids(self) -> dict[str, str]:
        """Semantic Scholar id → listed paper, for error messages; built once, after resolution settled the ids."""
        return {s2: cid for cid, s2 in self.records.s2_ids.items() if s2}

    def _catalog_id(self, sid: str) -> str:
        return self._catalog_ids.get(sid, sid)


def plan_reference_batches(paper_ids: list[str], reference_counts: dict[str, int | None]) -> list[list[str]]:
    """Pack papers into nested-reference batch calls that respect the API's caps.

    Each paper weighs ``min(referenceCount, 1000)`` (a nested list stops at 1,000; an unknown count weighs the
    full 1,000); a call holds at most 9,999 weight and 500 ids. First-fit decreasing keeps the number of calls
    within a call or so of the ``ceil(total / 9999)`` floor.
    """
    def weight(pid: str) -> int:
        count = reference_counts.get(pid)
        return NESTED_LIST_MAX if count is None else max(1, min(count, NESTED_LIST_MAX))

    groups: list[list[str]] = []
    loads: list[int] = []
    for pid in sorted(paper_ids, key=lambda p: (-weight(p), p)):
        w = weight(pid)
        for i, load in enumerate(loads):
            if load + w <= NESTED_REFERENCES_MAX and len(groups[i]) < BATCH_MAX_IDS:
                groups[i].append(pid)
                loads[i] += w
                break
        else:
            groups.append([pid])
            loads.append(w)
    return [sorted(g) for g in groups]
