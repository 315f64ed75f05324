"""OpenAlex's forward citations of the listed papers, for ``graphbuild watch``, beside Semantic Scholar's.

``GET /works?filter=cites:W1|…|W100,from_publication_date:SINCE`` returns the works citing any of up to 100 listed
works, published in a window (``../shared/docs/openalex-api.md`` §7.5): one list call per 100 listed papers and
per 100 citing works, where Semantic Scholar needs one request per listed paper. Which listed papers a citing work
cites is read from its own ``referenced_works``. The window read for each listed work is recorded in the cache with
the works found (:func:`graphbuild.sources.fetching.plan_windows` decides what is still to read, the same way
for both sources), so a later watch asks only for what is new. ``from_created_date`` needs a paid plan, and works
are indexed late, so each watch reads its last day again.

Answers pass :func:`.records.check_work`; the same stop rules hold as for every source.
"""

from __future__ import annotations

import logging

from ...cache import Cache
from ...works import Work
from .. import OPENALEX
from ..checks import BadRecord
from ..errors import STOPS, SourceBadAnswer, SourceError
from ..fetching import CitationsReport, plan_windows, sound_windows
from .client import OR_MAX_VALUES, OpenAlex
from .read import citing_works
from .records import check_work

log = logging.getLogger("graphbuild.citations")

MAX_RESULTS = 10_000  # basic paging stops here: a window with more citing works is read as far as it goes


def citing(work_ids: list[str], cache: Cache, client: OpenAlex | None, since: str, today: str,
           progress=None, *, refresh: bool = False) -> tuple[dict[str, list[Work]], CitationsReport]:
    """Bring the cache's OpenAlex forward citations of ``work_ids`` (listed papers' W ids) from ``since`` to
    ``today`` (offline when ``client`` is None; ``refresh``: read every window again) and return every citing work
    it holds for them, per W id. A window with a rejected answer is recorded as unread: read again next time."""
    report = CitationsReport()
    start_requests = client.requests_sent if client else 0
    if client is not None:
        windows, wrong = sound_windows(cache.get_citer_windows(OPENALEX, work_ids), today)
        report.rejected.extend(f"cached citation window of {w}; read again" for w in wrong)
        plan = plan_windows(work_ids, {} if refresh else windows, since, today)
        groups: dict[tuple, list[str]] = {}  # papers with the same windows to read are asked together
        for wid, gaps in sorted(plan.items()):
            groups.setdefault(tuple(gaps), []).append(wid)
        batches = [(windows_to_read, ids[k : k + OR_MAX_VALUES]) for windows_to_read, ids in groups.items()
                   for k in range(0, len(ids), OR_MAX_VALUES)]
        try:
            for n, (windows_to_read, batch) in enumerate(batches):
                if progress:
                    progress("reading citations from OpenAlex", n, len(batches))
                _read_batch(client, cache, batch, windows_to_read, windows, since, today, report)
        except STOPS as exc:
            report.stopped = str(exc)
        report.requests = client.requests_sent - start_requests
    found = citing_works(cache, work_ids)
    report.rejected.extend(cache.take_rejected())
    return found, report


def _read_batch(client: OpenAlex, cache: Cache, batch: list[str], gaps: tuple, windows: dict, since: str,
                today: str, report: CitationsReport) -> None:
    listed = set(batch)
    links: dict[str, list[str]] = {wid: [] for wid in batch}
    works: dict[str, dict] = {}
    complete = True
    for start, end in gaps:
        also = {"from_publication_date": start, "to_publication_date": end}
        try:
            found = client.works("cites", batch, also=also)
        except SourceBadAnswer as exc:
            report.rejected.append(f"works citing {len(batch)} listed works ({start}:{end}): {exc}")
            report.unread.extend(batch)
            return  # nothing stored: asked again next time
        except STOPS:
            raise
        except SourceError as exc:
            log.warning("OpenAlex could not list the works citing %d listed works: %s", len(batch), exc)
            report.unread.extend(batch)
            return
        if len(found) >= MAX_RESULTS:
            complete = False
        for raw in found:
            try:
                work = check_work(raw)
            except BadRecord as exc:  # one citing work that does not fit: the window is not read; again next time
                report.rejected.append(f"a work citing listed works ({start}:{end}): {exc}; read again next time")
                report.unread.extend(batch)
                return
            works[work["id"]] = work
            for ref in set(work.get("references", [])) & listed:
                links[ref].append(work["id"])
    if not complete:
        report.incomplete.extend(batch)
    old_since = min((windows[w][0] for w in batch if w in windows), default=since)
    cache.put_citers(OPENALEX, links, min(since, old_since), today,
                     complete and all(windows.get(w, ("", "", True))[2] for w in batch), works=list(works.values()))
