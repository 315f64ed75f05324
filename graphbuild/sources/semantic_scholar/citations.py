"""Forward citations of the listed papers, for ``graphbuild watch``: who cites them, read window by window.

``GET /paper/{id}/citations`` with ``publicationDateOrYear=SINCE:`` returns the works citing a paper published in a
window (a work known only by its year counts when its year overlaps, as the API does), each with the sentences of its
text that cite the paper (the edge fields, kept beside the citing work as its ``why``, so the weekly report says how
a new work uses the list). The window read for each listed paper is recorded in the cache with the works found, so a
later watch asks only for what is new: one request per listed paper (more only when a paper gained over 1,000 citing
works). The API pages citations only to a depth of 10,000 (``offset + limit < 10000``): a window deeper than that is
read as far as it goes and reported as incomplete, never silently cut.

Answers pass the same checks as every other (:mod:`.records`), and the same stop rules hold (a source
that cannot be reached, or rate-limits for good, stops; the watch goes on from what the cache holds).
"""

from __future__ import annotations

import logging

from ...cache import Cache
from ...works import Work
from .. import SEMANTIC_SCHOLAR
from ..checks import BadRecord
from ..errors import STOPS, SourceBadAnswer, SourceError
from ..fetching import CitationsReport, plan_windows, sound_windows
from .client import PAGE_LIMIT, SemanticScholar
from .read import citing_works
from .records import check_citation, check_page

log = logging.getLogger("graphbuild.citations")

CITER_FIELDS = ("paperId", "title", "year", "publicationDate", "venue", "externalIds", "citationCount")
# ... and how the citing work's text cites the listed one: the edge fields /citations takes as /references does
EDGE_FIELDS = ("contexts", "intents", "contextsWithIntent", "isInfluential")
PAGING_DEPTH = 10_000  # the API refuses offset + limit >= 10,000 on /citations


def citing(paper_ids: list[str], cache: Cache, client: SemanticScholar | None, since: str, today: str,
           progress=None, *, refresh: bool = False) -> tuple[dict[str, list[Work]], CitationsReport]:
    """Bring the cache's forward citations of ``paper_ids`` (Semantic Scholar ids) from ``since`` to ``today``
    (offline when ``client`` is None; ``refresh``: read every window again) and return every citing work it holds
    for them, published by ``today``. A window is recorded as read only when it was: one with a rejected page or a
    failed call is read again by the next watch."""
    report = CitationsReport()
    start_requests = client.requests_sent if client else 0
    if client is not None:
        windows, wrong = sound_windows(cache.get_citer_windows(SEMANTIC_SCHOLAR, paper_ids), today)
        report.rejected.extend(f"cached citation window of {w}; read again" for w in wrong)
        plan = plan_windows(paper_ids, {} if refresh else windows, since, today)
        fields = ",".join((*CITER_FIELDS, *EDGE_FIELDS))
        try:
            for n, (pid, gaps) in enumerate(sorted(plan.items())):
                if progress:
                    progress("reading citations", n, len(plan))
                found: list[dict] = []
                states = []
                for start, end in gaps:
                    works, state = _read_window(client, pid, fields, f"{start}:{end}", report)
                    found.extend(works)
                    states.append(state)
                if "failed" in states:
                    report.unread.append(pid)  # nothing recorded: the next watch reads the window again
                    continue
                complete = "deep" not in states
                old = windows.get(pid)
                cache.put_citers(SEMANTIC_SCHOLAR, {pid: [w["paperId"] for w in found]},
                                 min(since, old[0]) if old else since, today, complete and (old[2] if old else True),
                                 records={w["paperId"]: w for w in found})
                if not complete:
                    report.incomplete.append(pid)
        except STOPS as exc:
            report.stopped = str(exc)
        report.requests = client.requests_sent - start_requests
    held = citing_works(cache, paper_ids)
    report.rejected.extend(cache.take_rejected())
    return held, report


def _reasons(page: dict, pid: str) -> dict[str, dict]:
    """Why each citing work of a checked page cites ``pid``, by its paperId (:func:`.records.check_citation`'s
    shape; only those with something to say). A reason of the wrong shape rejects the page."""
    found = {}
    for edge in page.get("data") or []:
        citing = edge.get("citingPaper") if isinstance(edge, dict) else None
        if isinstance(citing, dict) and citing.get("paperId"):
            entry = check_citation(edge, pid)
            if entry:
                found[citing["paperId"]] = entry
    return found


def _read_window(client: SemanticScholar, pid: str, fields: str, window: str,
                 report: CitationsReport) -> tuple[list[dict], str]:
    """Every citing work of one window, and how it was read: ``whole``, ``deep`` (past the depth the API pages
    through: as far as it goes) or ``failed`` (a page rejected, a call that failed: unread)."""
    works: list[dict] = []
    offset = 0
    while True:
        limit = min(PAGE_LIMIT, PAGING_DEPTH - 1 - offset)
        if limit <= 0:
            return works, "deep"  # deeper than the API pages: what could be read, and said
        try:
            page = client.citations_page(pid, fields, offset, limit, window)
            data, nxt = check_page(page, pid, offset, key="citingPaper")
            why = _reasons(page, pid)
        except (SourceBadAnswer, BadRecord) as exc:
            report.rejected.append(f"citations of {pid} ({window}) at offset {offset}: {exc}; read again next time")
            return works, "failed"
        except STOPS:
            raise
        except SourceError as exc:
            if "not available" in str(exc):  # the API's depth limit, met early
                return works, "deep"
            log.warning("citations of %s could not be read: %s", pid, exc)
            return works, "failed"
        works.extend({**w, "why": why[w["paperId"]]} if why.get(w["paperId"]) else w
                     for w in data or [] if w.get("paperId"))
        if nxt is None or not data:
            return works, "whole"
        offset = nxt
