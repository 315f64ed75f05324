"""What can go wrong when graphbuild asks a source: one family of exceptions, one class per condition, the source
as data (``exc.source``), in the style of ``requests.exceptions``.

Every client raises these and only these, so a fetch plan, the watch and the command line handle every source
the same way. The conditions that mean "this source cannot be used any more in this run" are :data:`STOPS`: a
plan that meets one stops asking that source and goes on from the cache (:mod:`.fetching`).

Nothing here knows HTTP; the module is safe to import from anywhere.
"""

from __future__ import annotations


class SourceError(Exception):
    """Base class for everything a source's client raises; ``source`` is the source's title ("OpenAlex")."""

    def __init__(self, message: str, *, source: str = ""):
        super().__init__(message)
        self.source = source


class SourceRequestError(SourceError):
    """A final answer: a 4xx that asking again will not change (a bad id, an unknown paper, a bad filter...)."""

    def __init__(self, status: int, message: str, url: str, *, source: str = ""):
        self.status, self.message, self.url = status, message, url
        super().__init__(f"HTTP {status}: {message}", source=source)


class SourceUrlTooLong(SourceRequestError):
    """The request's URL is longer than the server takes (OpenAlex's 400 "Request URL too long"): split the batch."""


class SourceRefused(SourceError):
    """The source refuses this client for the rest of the run: a refused key (Semantic Scholar's 403, OpenAlex's
    401), a daily budget spent until midnight UTC, a plan required. ``status`` is the HTTP status, if any."""

    def __init__(self, message: str, *, source: str = "", status: int | None = None):
        super().__init__(message, source=source)
        self.status = status


class SourceUnreachable(SourceError):
    """No connection could be made at all (no network, name resolution failed, connection refused)."""


class SourceRateLimited(SourceError):
    """429 Too Many Requests, again and again, until the retries ran out."""


class SourceUnavailable(SourceError):
    """5xx, timeouts, dropped connections or garbled answers until the retries ran out."""


class SourceBadAnswer(SourceError):
    """An answer that is JSON but not of the documented shape, or not an answer to what was asked: nothing in it
    is believed or cached."""


class SourceDeadlineExceeded(SourceError):
    """This run's time for the source (``--deadline``) is spent, or a wait asked for would overrun it."""


class SourceNotTheAPI(SourceError):
    """The base URL answers 404 to the API's own endpoints: a wrong URL, not missing papers."""


# The stop rule: after one of these, a source is not asked again in this run (the rest comes from the cache).
STOPS: tuple[type[SourceError], ...] = (SourceUnreachable, SourceRateLimited, SourceRefused, SourceDeadlineExceeded)
