"""What every source's client shares: one ``requests.Session``, pacing, retries, ``Retry-After`` and a deadline.

A client subclasses :class:`JsonClient` and says what its answers mean (:meth:`JsonClient._answer`: a status and
body become a value, a final error, or :class:`Retryable`); the loop here does the rest, the same way for every
source: at most ``max_rps`` requests a second, a timeout on every call, retries with exponential backoff and jitter
on 429, 5xx, timeouts, dropped connections and garbled bodies (honouring ``Retry-After``), three quick tries when
nothing answers at all, and a deadline on the time the source may take in all, waits included.

The errors are :mod:`.errors`' family, one class per condition with the source's name as data, so a fetch plan can
stop a source for the rest of a build without knowing which source it is.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import requests
import urllib3

from .errors import SourceDeadlineExceeded, SourceRateLimited, SourceUnavailable, SourceUnreachable

MAX_RETRY_AFTER = 600.0  # seconds; a longer Retry-After means "not today"

log = logging.getLogger("graphbuild.http")


class Retryable(Exception):
    """Raised by :meth:`JsonClient._answer` for an answer worth asking again (after ``retry_after`` if given)."""

    def __init__(self, reason: str, retry_after: float | None = None, rate_limited: bool = False):
        super().__init__(reason)
        self.reason, self.retry_after, self.rate_limited = reason, retry_after, rate_limited


class JsonClient:
    """The transport of a JSON API client. ``requests_sent`` counts every HTTP request, retries included."""

    name = "the API"  # for messages, and the ``source`` of every error raised
    follow_redirects = False

    def __init__(
        self,
        base_url: str,
        *,
        deadline: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_rps: float = 1.0,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_retries: int = 6,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.min_interval = 1.0 / max_rps if max_rps > 0 else 0.0
        self.timeout = (connect_timeout, timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "graphbuild/0.1 (+https://github.com/graphbuild)"
        self.requests_sent = 0
        self.deadline = deadline  # seconds this client may spend in all (requests and waits); None: no limit
        self.clock = clock
        self._started: float | None = None
        self._last_request = float("-inf")
        self._random = random.Random()

    def close(self) -> None:
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a subclass says ------------------------------------------------------------------------------

    def _answer(self, response: requests.Response, url: str) -> Any:
        """The value of a response, or raise: :class:`Retryable` to ask again, a :class:`SourceError` if final."""
        raise NotImplementedError

    def _rate_limited(self, times_in_a_row: int) -> str:
        """Called on each 429 in a row: may warn; returns the hint to end the final "gave up" message with."""
        return ""

    # --- transport ------------------------------------------------------------------------------------------

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline); the clock starts at the first request."""
        if self.deadline is None:
            return None
        if self._started is None:
            self._started = self.clock()
        return self.deadline - (self.clock() - self._started)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        url = self.base_url + path
        rate_limited_in_a_row = 0
        connect_failures = 0
        for attempt in range(self.max_retries + 1):
            left = self.remaining()
            if left is not None and left <= 0:
                raise SourceDeadlineExceeded(f"its {self.deadline:g} s deadline for this build is spent (--deadline)",
                                             source=self.name)
            try:
                return self._attempt(method, url, **kwargs)
            except Retryable as exc:
                hint = ""
                if exc.rate_limited:
                    rate_limited_in_a_row += 1
                    hint = self._rate_limited(rate_limited_in_a_row)
                else:
                    rate_limited_in_a_row = 0
                if attempt == self.max_retries:
                    if exc.rate_limited:
                        raise SourceRateLimited(
                            f"{self.name} answered 429 Too Many Requests {rate_limited_in_a_row} times in a row; "
                            f"gave up after {attempt + 1} attempts.{hint}", source=self.name
                        ) from None
                    raise SourceUnavailable(f"{exc.reason} (gave up after {attempt + 1} attempts)",
                                            source=self.name) from None
                delay = self._backoff(attempt, exc.retry_after)
                left = self.remaining()
                if left is not None and delay >= left:
                    asked = f"asks to wait {exc.retry_after:g} s" if exc.retry_after is not None else \
                        f"would need a {delay:.0f} s wait"
                    raise SourceDeadlineExceeded(f"{exc.reason}: it {asked}, past this build's {self.deadline:g} s "
                                                 "deadline (--deadline)", source=self.name) from None
                log.warning("%s on %s %s; retrying in %.1f s (attempt %d of %d)", exc.reason, method, path, delay,
                            attempt + 2, self.max_retries + 1)
                self.sleep(delay)
            except _ConnectFailure as exc:
                # Nothing answers at all. Try twice more, quickly, then say so: retrying for minutes helps nobody.
                connect_failures += 1
                if connect_failures >= 3 or attempt == self.max_retries:
                    raise SourceUnreachable(f"cannot connect to {self.base_url}: {exc}", source=self.name) from None
                self.sleep(0.5 * connect_failures)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, method: str, url: str, **kwargs: Any) -> Any:
        self._wait_turn()
        self.requests_sent += 1
        timeout = self.timeout
        left = self.remaining()
        if left is not None:  # never wait for an answer past the deadline
            timeout = (min(timeout[0], max(left, 0.1)), min(timeout[1], max(left, 0.1)))
        try:
            response = self.session.request(method, url, timeout=timeout, allow_redirects=self.follow_redirects,
                                            **kwargs)
        except requests.exceptions.ConnectTimeout as exc:
            raise _ConnectFailure("connection timed out") from exc
        except requests.exceptions.Timeout:
            raise Retryable(f"no answer within {timeout[1]:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            if _is_connect_failure(exc):
                raise _ConnectFailure(_connect_reason(exc)) from exc
            raise Retryable("connection dropped") from None
        except requests.exceptions.RequestException as exc:
            raise Retryable(f"request failed ({type(exc).__name__})") from None

        return self._answer(response, url)

    def _wait_turn(self) -> None:
        """Keep at least ``min_interval`` seconds between the starts of two requests."""
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_request = time.monotonic()

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        ceiling = min(self.max_backoff, self.backoff * 2**attempt)
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)  # "equal jitter"



class _ConnectFailure(Exception):
    pass


def _root_reason(exc: requests.exceptions.ConnectionError):
    """What urllib3 says went wrong: requests wraps it as ``ConnectionError(MaxRetryError(reason=...))``."""
    reason = exc.args[0] if exc.args else exc
    return getattr(reason, "reason", reason)


def _is_connect_failure(exc: requests.exceptions.ConnectionError) -> bool:
    return isinstance(_root_reason(exc), urllib3.exceptions.NewConnectionError)


def _connect_reason(exc: requests.exceptions.ConnectionError) -> str:
    reason = _root_reason(exc)
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "name resolution failed (no network?)"
    text = str(reason)
    if "Connection refused" in text:
        return "connection refused"
    return text.split(": ", 1)[-1][:200]


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_message(response: requests.Response) -> str:
    """The error text: app errors use ``error``, gateway errors (403/429/5xx) use ``message``."""
    try:
        body = response.json()
    except ValueError:
        return (response.text or "").strip()[:200]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or "")[:500]
    return ""
