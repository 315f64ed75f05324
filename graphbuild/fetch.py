"""What to ask Semantic Scholar for: compare the catalog with the cache, ask only for what is missing.

The request plan, for N listed papers (the number of requests is the cost users feel: 1 request/second):

1. **Resolve** every paper by its most precise id (S2 id, arXiv id without version, DOI) in ``POST /paper/batch``
   calls of up to 500 ids, asking for the metadata fields at the same time. A ``null`` slot (or a paper with no id)
   falls back to ``GET /paper/search/match`` on its title.
2. **References** come nested in further batch calls (``fields=references.paperId,...``). Nested lists are cut at
   1,000 items and one call may carry at most 9,999 references, so the resolved papers are packed into calls by
   their ``referenceCount`` (first-fit, each paper weighing ``min(referenceCount, 1000)``). A paper with more than
   1,000 references continues by paging ``GET /paper/{id}/references`` from offset 1,000. A batch call that fails
   (too large, 5xx after retries) is split in half; a single paper that still fails is paged instead.

So the shipped 33-paper list costs 2 requests cold, 0 warm, and one added paper costs 2. Every answer is written
to the cache as it arrives; a build that is interrupted resumes from there.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from .cache import Cache, References
from .catalog import Catalog, Paper
from .semanticscholar import (
    BATCH_MAX_IDS,
    NESTED_LIST_MAX,
    NESTED_REFERENCES_MAX,
    S2Error,
    S2Forbidden,
    S2RateLimited,
    S2Unreachable,
    SemanticScholar,
)

log = logging.getLogger("graphbuild.fetch")

PAPER_FIELDS = (
    "externalIds", "title", "year", "venue", "publicationDate", "citationCount", "referenceCount",
    "influentialCitationCount", "authors", "url",
)
# Fields of each cited work: enough to match it against the list and to suggest it as a missing paper.
REFERENCE_FIELDS = ("paperId", "externalIds", "title", "year", "venue", "citationCount")
PAGE_EXTRA_FIELDS = ("isInfluential",)  # edge-level, only the paging endpoint has it
TITLE_MATCH_MIN_SIMILARITY = 0.9

Progress = Callable[[str, int, int], None]


@dataclass
class Records:
    """What is known from Semantic Scholar about the listed papers, keyed by catalog id where it says so."""

    s2_ids: dict[str, str | None] = field(default_factory=dict)  # catalog id -> S2 paperId; None: not found
    papers: dict[str, dict] = field(default_factory=dict)  # S2 paperId -> record
    references: dict[str, References] = field(default_factory=dict)  # S2 paperId -> reference list


@dataclass
class FetchReport:
    requests: int = 0
    cache_hits: int = 0
    offline: bool = False
    stopped: str | None = None  # why fetching stopped early (unreachable, rate limited)
    errors: dict[str, str] = field(default_factory=dict)  # catalog id -> final error for that paper
    seconds: float = 0.0


def lookup_key(paper: Paper) -> str:
    """The cache key for resolving ``paper``: its most precise id, else its normalised title."""
    ids = paper.lookup_ids
    return ids[0] if ids else title_key(paper.title)


def title_key(title: str) -> str:
    return "TITLE:" + normalize_title(title)


def normalize_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.lower()).split())


def titles_agree(ours: str, theirs: str | None) -> bool:
    """Guard against /search/match returning a different paper: it always returns *something* close."""
    if not theirs:
        return False
    a, b = normalize_title(ours), normalize_title(theirs)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_MATCH_MIN_SIMILARITY


def fetch_records(
    catalog: Catalog,
    cache: Cache,
    client: SemanticScholar | None,
    *,
    refresh: bool = False,
    progress: Progress | None = None,
) -> tuple[Records, FetchReport]:
    """Bring the cache up to date for ``catalog`` (unless ``client`` is None: offline) and return what it holds."""
    return _Fetcher(catalog, cache, client, refresh, progress or (lambda *_: None)).run()


class _Stop(Exception):
    """Semantic Scholar cannot be used any more in this run (unreachable or rate limited for good)."""


class _Fetcher:
    def __init__(self, catalog: Catalog, cache: Cache, client: SemanticScholar | None, refresh: bool,
                 progress: Progress):
        self.catalog, self.cache, self.client = catalog, cache, client
        self.refresh, self.progress = refresh, progress
        self.records = Records()
        self.report = FetchReport(offline=client is None)
        self.online = client is not None
        self.start_requests = client.requests_sent if client else 0

    def run(self) -> tuple[Records, FetchReport]:
        started = time.monotonic()
        try:
            self.steps()
        except _Stop as exc:
            # Semantic Scholar cannot be used: say why once, and build from what the cache holds.
            self.report.stopped = str(exc)
            self.online = False
            self.records, self.report.cache_hits = Records(), 0
            self.steps()
        if self.client is not None:
            self.report.requests = self.client.requests_sent - self.start_requests
        self.report.seconds = time.monotonic() - started
        return self.records, self.report

    def steps(self) -> None:
        self.resolve()
        self.load_papers()
        self.load_references()

    def call(self, fn, *args):
        """Run one client call; turn "cannot use the API at all" into :class:`_Stop`."""
        try:
            return fn(*args)
        except (S2Unreachable, S2RateLimited, S2Forbidden) as exc:
            raise _Stop(str(exc)) from None

    # --- 1. resolve ----------------------------------------------------------------------------------------

    def resolve(self) -> None:
        papers = self.catalog.papers
        keys = {p.id: lookup_key(p) for p in papers}
        titles = {p.id: title_key(p.title) for p in papers}
        cached = {} if self.refresh and self.online else self.cache.get_lookups([*keys.values(), *titles.values()])
        by_id: list[Paper] = []  # to resolve by id in batch calls
        by_title: list[Paper] = []  # to resolve by title match
        for paper in papers:
            key, tkey = keys[paper.id], titles[paper.id]
            if key in cached and (cached[key] is not None or key == tkey):
                self.records.s2_ids[paper.id] = cached[key]
                self.report.cache_hits += 1
            elif key in cached and tkey in cached:  # the id is unknown to S2; its title was looked up before
                self.records.s2_ids[paper.id] = cached[tkey]
                self.report.cache_hits += 1
            elif key in cached or key == tkey:
                by_title.append(paper)
            else:
                by_id.append(paper)
        if not self.online:
            return
        for start in range(0, len(by_id), BATCH_MAX_IDS):
            chunk = by_id[start : start + BATCH_MAX_IDS]
            self.progress("resolving papers", start, len(by_id))
            try:
                slots = self.call(self.client.batch, [keys[p.id] for p in chunk], ",".join(PAPER_FIELDS))
            except S2Error as exc:  # a final 4xx for the whole batch: report per paper, try their titles
                for paper in chunk:
                    self.report.errors[paper.id] = f"lookup failed: {exc}"
                by_title.extend(chunk)
                continue
            self.cache.put_papers([s for s in slots if s], PAPER_FIELDS)
            self.cache.put_lookups({keys[p.id]: (s["paperId"] if s else None) for p, s in zip(chunk, slots)})
            for paper, slot in zip(chunk, slots):
                if slot:
                    self.records.s2_ids[paper.id] = slot["paperId"]
                    self.records.papers[slot["paperId"]] = slot
                else:
                    by_title.append(paper)
        if by_id:
            self.progress("resolving papers", len(by_id), len(by_id))
        for n, paper in enumerate(by_title):
            self.progress("matching titles", n, len(by_title))
            try:
                match = self.call(self.client.match_title, paper.title, ",".join(PAPER_FIELDS))
            except S2Error as exc:
                self.report.errors[paper.id] = f"title match failed: {exc}"
                continue
            if match is not None and not titles_agree(paper.title, match.get("title")):
                log.info("title match for %r returned %r; not taken", paper.title, match.get("title"))
                match = None
            if match:
                self.cache.put_papers([match], PAPER_FIELDS)
                self.records.papers[match["paperId"]] = match
            self.cache.put_lookups({titles[paper.id]: match["paperId"] if match else None})
            self.records.s2_ids[paper.id] = match["paperId"] if match else None
            if match:
                self.report.errors.pop(paper.id, None)

    # --- metadata for papers resolved earlier ----------------------------------------------------------------

    def load_papers(self) -> None:
        wanted = sorted({sid for sid in self.records.s2_ids.values() if sid} - set(self.records.papers))
        cached = self.cache.get_papers(wanted, PAPER_FIELDS)
        self.records.papers.update(cached)  # arrived with the resolution: not counted as a second cache hit
        missing = [sid for sid in wanted if sid not in cached]
        if not missing or not self.online:
            return
        for start in range(0, len(missing), BATCH_MAX_IDS):
            chunk = missing[start : start + BATCH_MAX_IDS]
            try:
                slots = self.call(self.client.batch, chunk, ",".join(PAPER_FIELDS))
            except S2Error as exc:
                log.warning("could not fetch %d paper records: %s", len(chunk), exc)
                continue
            found = [s for s in slots if s]
            self.cache.put_papers(found, PAPER_FIELDS)
            self.records.papers.update({s["paperId"]: s for s in found})

    # --- 2. references -------------------------------------------------------------------------------------

    def load_references(self) -> None:
        nested_fields = [f"references.{f}" for f in REFERENCE_FIELDS]
        page_fields = [*REFERENCE_FIELDS, *PAGE_EXTRA_FIELDS]
        wanted = sorted({sid for sid in self.records.s2_ids.values() if sid})
        cached = {} if self.refresh and self.online else self.cache.get_references(wanted, REFERENCE_FIELDS)
        todo_batch: list[str] = []
        todo_pages: dict[str, int] = {}  # paper -> offset to page from
        for sid in wanted:
            entry = cached.get(sid)
            if entry is not None and entry.is_final:
                self.records.references[sid] = entry
                self.report.cache_hits += 1
                continue
            if entry is not None:  # partial: keep what we have, resume paging
                self.records.references[sid] = entry
            if not self.online:
                continue
            count = self.records.papers.get(sid, {}).get("referenceCount")
            if count == 0:
                empty = References("complete", [])
                self.cache.put_references(sid, empty, REFERENCE_FIELDS)
                self.records.references[sid] = empty
            elif entry is not None and entry.next_offset is not None:
                todo_pages[sid] = entry.next_offset
            else:
                todo_batch.append(sid)
        if not self.online:
            return
        groups = plan_reference_batches(todo_batch, {s: self.records.papers.get(s, {}).get("referenceCount")
                                                     for s in todo_batch})
        total = len(todo_batch) + len(todo_pages)
        done = 0
        while groups:
            group = groups.pop(0)
            self.progress("fetching references", done, total)
            try:
                slots = self.call(self.client.batch, group, ",".join(nested_fields))
            except S2Error as exc:
                if len(group) > 1:
                    log.info("reference batch of %d failed (%s); splitting it", len(group), exc)
                    half = len(group) // 2
                    groups[:0] = [group[:half], group[half:]]
                else:
                    todo_pages[group[0]] = 0
                continue
            answers: dict[str, References] = {}
            for sid, slot in zip(group, slots):
                if slot is None:
                    todo_pages[sid] = 0
                    continue
                refs = slot.get("references")
                if refs is None:
                    answers[sid] = References("elided", None)
                    continue
                refs = [_compact(r) for r in refs if isinstance(r, dict)]
                count = self.records.papers.get(sid, {}).get("referenceCount") or 0
                if len(refs) >= NESTED_LIST_MAX and count > len(refs):
                    answers[sid] = References("partial", refs, len(refs))
                    todo_pages[sid] = len(refs)
                else:
                    answers[sid] = References("complete", refs)
            self.cache.put_many_references(answers, REFERENCE_FIELDS)
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
        while True:
            try:
                page = self.call(self.client.references_page, sid, ",".join(fields), offset)
            except S2Error as exc:
                self.report.errors[self._catalog_id(sid)] = f"references: {exc}"
                return
            if page.get("data") is None:  # publisher-elided: unknown, not empty
                entry = References("elided", None)
                self.cache.put_references(sid, entry, REFERENCE_FIELDS)
                self.records.references[sid] = entry
                return
            refs.extend(_compact(edge.get("citedPaper") or {}, edge) for edge in page["data"] if isinstance(edge, dict))
            next_offset = page.get("next")
            if next_offset is None or not page["data"]:
                entry = References("complete", refs)
            else:
                entry = References("partial", refs, int(next_offset))
            self.cache.put_references(sid, entry, REFERENCE_FIELDS)
            self.records.references[sid] = entry
            if entry.is_final:
                return
            offset = int(next_offset)

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


def _compact(paper: dict, edge: dict | None = None) -> dict:
    """A cited work as stored: the requested fields without nulls (and the edge's ``isInfluential``)."""
    entry = {k: v for k, v in paper.items() if v is not None and v != [] and v != ""}
    if "externalIds" in entry and isinstance(entry["externalIds"], dict):
        entry["externalIds"] = {k: v for k, v in entry["externalIds"].items() if k in ("ArXiv", "DOI") and v}
        if not entry["externalIds"]:
            del entry["externalIds"]
    if edge is not None and isinstance(edge.get("isInfluential"), bool):
        entry["isInfluential"] = edge["isInfluential"]
    return entry
