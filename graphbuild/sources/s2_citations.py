"""Forward citations of the listed papers, for ``graphbuild watch``: who cites them, read window by window.

``GET /paper/{id}/citations`` with ``publicationDateOrYear=SINCE:`` returns the works citing a paper published in
a window (a work known only by its year counts when its year overlaps, as the API does). The window read for each
listed paper is recorded in the cache with the works found, so a later watch asks only for what is new: one
request per listed paper (more only when a paper gained over 1,000 citing works). The API pages citations only
to a depth of 10,000 (``offset + limit < 10000``): a window deeper than that is read as far as it goes and
reported as incomplete, never silently cut.

Answers pass the same checks as every other (:mod:`graphbuild.records`), and the same stop rules hold (a source
that cannot be reached, or rate-limits for good, stops; the watch goes on from what the cache holds).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from ..cache import Cache
from ..records import BadRecord, check_page
from .errors import STOPS, SourceBadAnswer, SourceError
from .semanticscholar import PAGE_LIMIT, SemanticScholar

log = logging.getLogger("graphbuild.citations")

CITER_FIELDS = ("paperId", "title", "year", "publicationDate", "venue", "externalIds", "citationCount")
PAGING_DEPTH = 10_000  # the API refuses offset + limit >= 10,000 on /citations


@dataclass
class CitationsReport:
    requests: int = 0
    incomplete: list[str] = field(default_factory=list)  # S2 ids whose window could not be read whole
    stopped: str | None = None
    rejected: list[str] = field(default_factory=list)


def day_before(date: str) -> str:
    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def plan_windows(paper_ids: list[str], windows: dict[str, tuple[str, str, bool]], since: str,
                 today: str) -> dict[str, list[tuple[str, str | None]]]:
    """The windows still to read per paper, as (start, end) ISO dates (end None: open), from what is covered.

    A paper never read needs ``since:``. One read before needs what came after (its last day again, inclusive, for
    works indexed later that day) and, when ``since`` reaches further back than it was read, that earlier part."""
    plan: dict[str, list[tuple[str, str | None]]] = {}
    for pid in paper_ids:
        covered = windows.get(pid)
        if covered is None:
            plan[pid] = [(since, None)]
            continue
        start, until, _ = covered
        gaps: list[tuple[str, str | None]] = []
        if since < start:
            gaps.append((since, day_before(start)))
        if until < today:
            gaps.append((until, None))
        if gaps:
            plan[pid] = gaps
    return plan


def fetch_citers(paper_ids: list[str], cache: Cache, client: SemanticScholar | None, since: str, today: str,
                 progress=None) -> tuple[dict[str, list[dict]], CitationsReport]:
    """Bring the cache's forward citations of ``paper_ids`` (Semantic Scholar ids) up to ``today`` from ``since``
    (offline when ``client`` is None) and return every citing work it holds for them."""
    report = CitationsReport()
    start_requests = client.requests_sent if client else 0
    if client is not None:
        windows = cache.get_citer_windows(paper_ids)
        plan = plan_windows(paper_ids, windows, since, today)
        fields = ",".join(CITER_FIELDS)
        try:
            for n, (pid, gaps) in enumerate(sorted(plan.items())):
                if progress:
                    progress("reading citations", n, len(plan))
                found: list[dict] = []
                complete = True
                for start, end in gaps:
                    works, whole = _read_window(client, pid, fields, f"{start}:{end or ''}", report)
                    found.extend(works)
                    complete = complete and whole
                old = windows.get(pid)
                cache.put_citers(pid, found, min(since, old[0]) if old else since, today,
                                 complete and (old[2] if old else True))
                if not complete:
                    report.incomplete.append(pid)
        except STOPS as exc:
            report.stopped = str(exc)
        report.requests = client.requests_sent - start_requests
    for problem in cache.take_rejected():
        report.rejected.append(problem)
    return cache.get_citers(paper_ids), report


def _read_window(client: SemanticScholar, pid: str, fields: str, window: str,
                 report: CitationsReport) -> tuple[list[dict], bool]:
    """Every citing work of one window, and whether the window could be read whole."""
    works: list[dict] = []
    offset = 0
    while True:
        limit = min(PAGE_LIMIT, PAGING_DEPTH - 1 - offset)
        if limit <= 0:
            return works, False  # deeper than the API pages: what could be read, and said
        try:
            page = client.citations_page(pid, fields, offset, limit, window)
            data, nxt = check_page(page, pid, offset, key="citingPaper")
        except (SourceBadAnswer, BadRecord) as exc:
            report.rejected.append(f"citations of {pid} ({window}) at offset {offset}: {exc}")
            return works, False
        except STOPS:
            raise
        except SourceError as exc:
            if "not available" in str(exc):  # the API's depth limit, met early
                return works, False
            log.warning("citations of %s could not be read: %s", pid, exc)
            return works, False
        works.extend(w for w in data or [] if w.get("paperId"))
        if nxt is None or not data:
            return works, True
        offset = nxt
