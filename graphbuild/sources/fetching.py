"""What every source's fill shares: a report, the circuit that stops a source for the rest of a build, and
rejecting answers that do not fit.

A fill (each source's ``fill`` module) subclasses :class:`SourceFetcher` and writes ``steps``: read the cache, ask
for what is missing, store each checked answer. When the source cannot be used any more (one of
:data:`.errors.STOPS`: unreachable, its key refused, its budget or this build's deadline spent; or two calls in a
row failing after all their retries), :meth:`SourceFetcher.call` raises :class:`SourceStopped`; ``run_steps`` then
says why once and stops asking, and the build goes on from what the cache holds (the source's ``read``).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ids import normalize_title
from .errors import STOPS, SourceNotTheAPI, SourceUnavailable

if TYPE_CHECKING:  # only for the annotations: the reading commands import this module without an HTTP client
    from ..cache import Cache
    from .http import JsonClient

log = logging.getLogger("graphbuild.fetch")

FAILED_CALLS_TO_STOP = 2  # calls in a row that failed after all their retries: the source is down for this build

Progress = Callable[[str, int, int], None]


@dataclass
class FetchReport:
    requests: int = 0
    cache_hits: int = 0
    offline: bool = False
    stopped: str | None = None  # why fetching stopped early (unreachable, rate limited, key refused...)
    errors: dict[str, str] = field(default_factory=dict)  # catalog id -> final error for that paper
    rejected: list[str] = field(default_factory=list)  # answers (or cached rows) that did not fit: never believed
    credits: int | None = None  # what the requests cost of a daily budget, where the source has one (OpenAlex)
    contexts_read: int = 0  # citing papers whose sentences were read in this run (Semantic Scholar)
    contexts_left: int = 0  # ... and those still to read: the next build reads them


def title_key(title: str) -> str:
    """The cache key of a lookup by title, the same for every source."""
    return "TITLE:" + normalize_title(title)


class SourceMisconfigured(Exception):
    """The source is set up wrong (its URL answers 404 to the API's own endpoints): a configuration error that
    stops the build, not papers that went missing."""


class SourceStopped(Exception):
    """The source cannot be used any more in this run."""


class SourceFetcher:
    """The frame of a fill; subclasses set ``source`` (its title in messages) and write ``steps``."""

    source = "the source"

    def __init__(self, cache: Cache, client: JsonClient, refresh: bool, progress: Progress | None):
        self.cache, self.client, self.refresh = cache, client, refresh
        self.progress: Progress = progress or (lambda *_: None)
        self.report = FetchReport()
        self.online = True  # until the source stops
        self.start_requests = client.requests_sent if client else 0
        self.start_credits = getattr(client, "credits_spent", 0)
        self.failed_calls = 0

    def steps(self) -> None:
        raise NotImplementedError

    def run_steps(self) -> FetchReport:
        try:
            self.steps()
        except SourceStopped as exc:
            self.report.stopped = str(exc)
            self.online = False
        self.report.requests = self.client.requests_sent - self.start_requests
        if hasattr(self.client, "credits_spent"):
            self.report.credits = self.client.credits_spent - self.start_credits
        for problem in self.cache.take_rejected():
            self.reject(problem)
        return self.report

    def reject(self, problem: str) -> None:
        """An answer that does not fit: warn once per problem, count it, believe and store nothing of it."""
        if problem not in self.report.rejected:
            log.warning("rejected an answer from %s: %s", self.source, problem)
            self.report.rejected.append(problem)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run one client call; turn "cannot use the source at all" into :class:`SourceStopped`: unreachable, rate
        limited for good, refused, the deadline spent, or the second call in a row that failed after all its
        retries. A wrong base URL is :class:`SourceMisconfigured`."""
        try:
            answer = fn(*args)
        except SourceNotTheAPI as exc:
            raise SourceMisconfigured(str(exc)) from None
        except STOPS as exc:
            raise SourceStopped(str(exc)) from None
        except SourceUnavailable as exc:
            self.failed_calls += 1
            if self.failed_calls >= FAILED_CALLS_TO_STOP:
                raise SourceStopped(f"{exc}; {self.failed_calls} calls in a row failed, so it is not asked again in "
                                    "this build") from None
            raise
        self.failed_calls = 0
        return answer


# --- forward citations (graphbuild watch) -----------------------------------------------------------------


@dataclass
class CitationsReport:
    requests: int = 0
    incomplete: list[str] = field(default_factory=list)  # ids whose window holds more than the API pages through
    unread: list[str] = field(default_factory=list)  # ids whose window could not be read (rejected, failed): again
    stopped: str | None = None
    rejected: list[str] = field(default_factory=list)


def day_before(date: str) -> str:
    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def is_date(text: object) -> bool:
    """Whether ``text`` is an ISO date (YYYY-MM-DD) that exists."""
    if not isinstance(text, str) or len(text) != 10:
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def sound_windows(windows: dict[str, tuple[str, str, bool]], today: str) -> tuple[dict, list[str]]:
    """The windows a cache holds that can be believed, and what is wrong with the others (a date that is not one,
    a window that ends before it begins, or ends after ``today``: a clock that went backwards, or a broken cache).
    Those are read again."""
    sound, wrong = {}, []
    for pid, (since, until, complete) in windows.items():
        if not (is_date(since) and is_date(until)):
            wrong.append(f"{pid}: the window read is {since!r} to {until!r}, not dates")
        elif since > until or until > today:
            wrong.append(f"{pid}: the window read, {since} to {until}, is not before {today}")
        else:
            sound[pid] = (since, until, complete)
    return sound, wrong


def plan_windows(paper_ids: list[str], windows: dict[str, tuple[str, str, bool]], since: str,
                 today: str) -> dict[str, list[tuple[str, str]]]:
    """The windows still to read per paper, as (start, end) ISO dates, both inclusive, from what is covered; no
    window reaches past ``today``.

    A paper never read needs ``since`` to ``today``. One read before needs what came after (its last day again,
    inclusive, for works indexed later that day) and, when ``since`` reaches further back than it was read, that
    earlier part."""
    plan: dict[str, list[tuple[str, str]]] = {}
    for pid in paper_ids:
        covered = windows.get(pid)
        if covered is None:
            plan[pid] = [(since, today)]
            continue
        start, until, _ = covered
        gaps: list[tuple[str, str]] = []
        if since < start:
            gaps.append((since, day_before(start)))
        if until < today:
            gaps.append((until, today))
        if gaps:
            plan[pid] = gaps
    return plan
