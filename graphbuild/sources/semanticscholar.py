"""A polite client for the Semantic Scholar Academic Graph API (https://api.semanticscholar.org/graph/v1).

It speaks only the calls a citation graph needs: ``POST /paper/batch`` (metadata, and nested reference lists),
``GET /paper/{id}/references`` (paging) and ``GET /paper/search/match`` (title fallback). Politeness is built in:
one ``requests.Session``, a timeout on every call, at most ``max_rps`` requests per second, and retries with
exponential backoff and jitter on 429, 5xx, timeouts, dropped connections and garbled bodies, honouring
``Retry-After`` when the server sends one. Other 4xx answers are final (:class:`S2RequestError`).

The API key travels in the ``x-api-key`` header and nowhere else: it is never logged, never cached, and
redirects are not followed (``requests`` forwards custom headers to other hosts).

What to ask for and what to remember is :mod:`graphbuild.sources.s2_fetch`'s business; this module knows no files.
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

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
BATCH_MAX_IDS = 500  # POST /paper/batch: at most 500 ids a call
NESTED_REFERENCES_MAX = 9999  # ... and at most 9,999 nested citations/references in one answer
NESTED_LIST_MAX = 1000  # a nested references list is cut at 1,000 items
PAGE_LIMIT = 1000  # GET /paper/{id}/references: limit ≤ 1000
MAX_RETRY_AFTER = 600.0  # seconds; a longer Retry-After means "not today"

log = logging.getLogger("graphbuild.s2")


class S2Error(Exception):
    """Base class for everything the client raises."""


class S2RequestError(S2Error):
    """A final answer: 4xx other than 429 (bad id, unknown paper, forbidden key...)."""

    def __init__(self, status: int, message: str, url: str):
        self.status, self.message, self.url = status, message, url
        super().__init__(f"HTTP {status}: {message}")


class S2Forbidden(S2RequestError):
    """403: the API key was refused (wrong, or pruned after ~60 days unused). Nothing will work with it."""


class S2Unreachable(S2Error):
    """No connection could be made at all (no network, name resolution failed, connection refused)."""


class S2RateLimited(S2Error):
    """429 Too Many Requests, again and again, until the retries ran out."""


class S2Unavailable(S2Error):
    """5xx, timeouts, dropped connections or garbled answers until the retries ran out."""


class S2BadAnswer(S2Error):
    """An answer that is JSON but not of the documented shape (``{"data": "oops"}``): nothing in it is believed."""


class S2DeadlineExceeded(S2Error):
    """This build's time for Semantic Scholar (``deadline``) is spent, or a wait asked for would overrun it."""


class S2NotTheAPI(S2Error):
    """The base URL answers 404 to the API's own endpoints: a wrong ``--api-url``, not missing papers."""


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None, rate_limited: bool = False):
        super().__init__(reason)
        self.reason, self.retry_after, self.rate_limited = reason, retry_after, rate_limited


class SemanticScholar:
    """The API client. ``requests_sent`` counts every HTTP request, retries included."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
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
        self.base_url = (base_url or DEFAULT_API_URL).rstrip("/")
        self.min_interval = 1.0 / max_rps if max_rps > 0 else 0.0
        self.timeout = (connect_timeout, timeout)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "graphbuild/0.1 (+https://github.com/graphbuild)"
        if api_key:
            self.session.headers["x-api-key"] = api_key
        self.has_key = bool(api_key)
        self.requests_sent = 0
        self.deadline = deadline  # seconds this client may spend in all (requests and waits); None: no limit
        self.clock = clock
        self._started: float | None = None
        self._last_request = float("-inf")
        self._random = random.Random()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> SemanticScholar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the calls -----------------------------------------------------------------------------------------

    def batch(self, ids: list[str], fields: str) -> list[dict | None]:
        """``POST /paper/batch``: one record per id, in order, ``None`` where the id is unknown.

        When *no* id resolves, the API answers 400 "No valid paper ids given" instead of an all-null list;
        that is translated back into the all-null list it means.
        """
        if not 0 < len(ids) <= BATCH_MAX_IDS:
            raise ValueError(f"a batch takes 1 to {BATCH_MAX_IDS} ids, not {len(ids)}")
        try:
            answer = self._call("POST", "/paper/batch", params={"fields": fields}, json={"ids": ids})
        except S2RequestError as exc:
            if exc.status == 400 and "no valid paper ids" in exc.message.lower():
                return [None] * len(ids)
            if exc.status == 404:  # the batch endpoint itself is missing: this is not the API
                raise S2NotTheAPI(f"POST {exc.url} answered 404 {exc.message!r}: is {self.base_url} the API's URL? "
                                  f"(expected {DEFAULT_API_URL})") from None
            raise
        if not isinstance(answer, list) or len(answer) != len(ids):
            shape = f"{len(answer)} slots" if isinstance(answer, list) else type(answer).__name__
            raise S2BadAnswer(f"batch answer has the wrong shape ({shape}, expected {len(ids)} slots)")
        return answer  # slots are checked by graphbuild.records before anything believes them

    def references_page(self, paper_id: str, fields: str, offset: int = 0, limit: int = PAGE_LIMIT) -> dict:
        """One page of ``GET /paper/{id}/references``: ``{"offset", "next"?, "data": [...] | None}``."""
        answer = self._call(
            "GET", f"/paper/{paper_id}/references", params={"fields": fields, "offset": offset, "limit": limit}
        )
        if not isinstance(answer, dict) or "data" not in answer:
            raise S2BadAnswer(f"references answer for {paper_id} has no 'data'")
        return answer

    def citations_page(self, paper_id: str, fields: str, offset: int = 0, limit: int = PAGE_LIMIT,
                       window: str | None = None) -> dict:
        """One page of ``GET /paper/{id}/citations`` (``window``: ``publicationDateOrYear``, e.g. ``2025-11-01:``)."""
        params: dict[str, Any] = {"fields": fields, "offset": offset, "limit": limit}
        if window:
            params["publicationDateOrYear"] = window
        answer = self._call("GET", f"/paper/{paper_id}/citations", params=params)
        if not isinstance(answer, dict) or "data" not in answer:
            raise S2BadAnswer(f"citations answer for {paper_id} has no 'data'")
        return answer

    def match_title(self, title: str, fields: str) -> dict | None:
        """``GET /paper/search/match``: the best title match, or None ("Title match not found")."""
        # Hyphenated words match nothing in S2's search (API docs): search with spaces instead.
        query = " ".join(title.replace("-", " ").split())
        try:
            answer = self._call("GET", "/paper/search/match", params={"query": query, "fields": fields})
        except S2RequestError as exc:
            if exc.status == 404:
                return None
            raise
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            # "no match" is a 404; an answer without a list of matches is a broken answer, not "not found"
            raise S2BadAnswer(f"title match answer has the wrong shape ({str(answer)[:80]!r})")
        return data[0]

    # --- transport -----------------------------------------------------------------------------------------

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
                raise S2DeadlineExceeded(f"its {self.deadline:g} s deadline for this build is spent (--deadline)")
            try:
                return self._attempt(method, url, **kwargs)
            except _Retryable as exc:
                if exc.rate_limited:
                    rate_limited_in_a_row += 1
                    if rate_limited_in_a_row == 3 and not self.has_key:
                        log.warning(
                            "Semantic Scholar keeps answering 429 Too Many Requests: the anonymous pool is crowded. "
                            "An API key (S2_API_KEY) gives a dedicated 1 request/second."
                        )
                else:
                    rate_limited_in_a_row = 0
                if attempt == self.max_retries:
                    if exc.rate_limited:
                        hint = "" if self.has_key else " Set S2_API_KEY to use an API key, or try again later."
                        raise S2RateLimited(
                            f"Semantic Scholar answered 429 Too Many Requests {rate_limited_in_a_row} times in a row; "
                            f"gave up after {attempt + 1} attempts.{hint}"
                        ) from None
                    raise S2Unavailable(f"{exc.reason} (gave up after {attempt + 1} attempts)") from None
                delay = self._backoff(attempt, exc.retry_after)
                left = self.remaining()
                if left is not None and delay >= left:
                    asked = f"asks to wait {exc.retry_after:g} s" if exc.retry_after is not None else \
                        f"would need a {delay:.0f} s wait"
                    raise S2DeadlineExceeded(f"{exc.reason}: it {asked}, past this build's {self.deadline:g} s "
                                             "deadline (--deadline)") from None
                log.warning("%s on %s %s; retrying in %.1f s (attempt %d of %d)", exc.reason, method, path, delay,
                            attempt + 2, self.max_retries + 1)
                self.sleep(delay)
            except _ConnectFailure as exc:
                # Nothing answers at all. Try twice more, quickly, then say so: retrying for minutes helps nobody.
                connect_failures += 1
                if connect_failures >= 3 or attempt == self.max_retries:
                    raise S2Unreachable(f"cannot connect to {self.base_url}: {exc}") from None
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
            response = self.session.request(method, url, timeout=timeout, allow_redirects=False, **kwargs)
        except requests.exceptions.ConnectTimeout as exc:
            raise _ConnectFailure("connection timed out") from exc
        except requests.exceptions.Timeout:
            raise _Retryable(f"no answer within {timeout[1]:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            if _is_connect_failure(exc):
                raise _ConnectFailure(_connect_reason(exc)) from exc
            raise _Retryable("connection dropped") from None
        except requests.exceptions.RequestException as exc:
            raise _Retryable(f"request failed ({type(exc).__name__})") from None

        status = response.status_code
        if status == 429:
            raise _Retryable("429 Too Many Requests", _retry_after(response), rate_limited=True)
        if status >= 500:
            raise _Retryable(f"{status} {_message(response) or 'server error'}", _retry_after(response))
        if status == 403:
            hint = "the API key in S2_API_KEY was refused" if self.has_key else "access refused"
            raise S2Forbidden(status, f"{_message(response) or 'Forbidden'} ({hint})", url)
        if status >= 300:
            raise S2RequestError(status, _message(response) or response.reason or "request failed", url)
        try:
            return response.json()
        except ValueError:
            raise _Retryable("garbled answer (not JSON)") from None

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


def _retry_after(response: requests.Response) -> float | None:
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


def _message(response: requests.Response) -> str:
    """The error text: app errors use ``error``, gateway errors (403/429/5xx) use ``message``."""
    try:
        body = response.json()
    except ValueError:
        return (response.text or "").strip()[:200]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or "")[:500]
    return ""
