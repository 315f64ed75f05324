"""What every source's client shares: one ``requests.Session``, pacing, retries, ``Retry-After`` and a deadline.

A client subclasses :class:`JsonClient` and says what its answers mean (:meth:`JsonClient._answer`: a status and
body become a value, a final error, or :class:`Retryable`); the loop here does the rest, the same way for every
source: at most ``max_rps`` requests a second, retries with exponential backoff and jitter on 429, 5xx, timeouts,
dropped connections and garbled bodies (honouring ``Retry-After``), three quick tries when nothing answers at all,
and a deadline on the time the source may take in all, waits included.

**Every request has a wall-clock bound**: connecting, the status line, the headers and the whole body together
take at most ``timeout`` seconds, and never more than what is left of the deadline. A socket's own timeout bounds
each read only, so a server that sends one byte every half second would hold a request for ever; here a watchdog
cuts the connection (every socket the client opened is known to it) when the bound passes. The body is read in
chunks and refused past :data:`MAX_ANSWER_BYTES`, so a lying server cannot make a build take gigabytes.

The errors are :mod:`.errors`' family, one class per condition with the source's name as data, so a fetch plan can
stop a source for the rest of a build without knowing which source it is.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import socket
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import requests
import requests.adapters
import urllib3
import urllib3.connection

from .errors import (
    SourceBadAnswer,
    SourceDeadlineExceeded,
    SourceRateLimited,
    SourceUnavailable,
    SourceUnreachable,
)

MAX_RETRY_AFTER = 600.0  # seconds; a longer Retry-After means "not today"
REDACTED = "[redacted]"
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # a larger answer is refused (Semantic Scholar caps its own at 10 MB)
CHUNK_BYTES = 256 * 1024

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
        self.secrets: list[str] = []  # what must never be repeated: a client's key, once it sets one
        self._sockets = _Sockets()
        adapter = _tracking_adapter(self._sockets)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.max_answer_bytes = MAX_ANSWER_BYTES
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

    def set_deadline(self, seconds: float | None) -> None:
        """From now on, this client may spend ``seconds`` in all (a build's share of ``--deadline``)."""
        self.deadline, self._started = seconds, None

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
        bound = self.timeout[1]
        left = self.remaining()
        deadline_bound = left is not None and left < bound
        if left is not None:  # never wait for an answer past the deadline
            bound = max(min(bound, left), 0.1)
        connect = min(self.timeout[0], bound)
        fired = threading.Event()

        def cut() -> None:
            fired.set()
            self._sockets.cut()

        watchdog = threading.Timer(bound, cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            response = self.session.request(method, url, timeout=(connect, bound),
                                            allow_redirects=self.follow_redirects, stream=True, **kwargs)
            self._read_body(response)
        except requests.exceptions.ConnectTimeout as exc:
            raise _ConnectFailure("connection timed out") from exc
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            if fired.is_set():
                if deadline_bound:
                    raise SourceDeadlineExceeded(f"no whole answer within the {self.deadline:g} s deadline for this "
                                                 "build (--deadline)", source=self.name) from None
                raise Retryable(f"no whole answer within {bound:g} s") from None
            if isinstance(exc, requests.exceptions.Timeout):
                raise Retryable(f"no answer within {bound:g} s") from None
            if isinstance(exc, requests.exceptions.ConnectionError) and _is_connect_failure(exc):
                raise _ConnectFailure(_connect_reason(exc)) from exc
            if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                                urllib3.exceptions.HTTPError, OSError)):
                raise Retryable("connection dropped") from None
            raise Retryable(f"request failed ({type(exc).__name__})") from None
        finally:
            watchdog.cancel()
        return self._answer(response, url)

    def _read_body(self, response: requests.Response) -> None:
        """Read the whole body into the response, refusing one larger than :data:`MAX_ANSWER_BYTES`."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_answer_bytes:
            response.close()
            raise SourceBadAnswer(f"an answer of {int(declared):,} bytes, over the {self.max_answer_bytes:,} "
                                  "graphbuild takes", source=self.name)
        chunks, size = [], 0
        for chunk in response.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_answer_bytes:
                response.close()
                raise SourceBadAnswer(f"an answer of more than {self.max_answer_bytes:,} bytes: refused",
                                      source=self.name)
            chunks.append(chunk)
        body = b"".join(chunks)
        for secret in self.secrets:  # a server that echoes our key into an answer or an error: never repeated
            body = body.replace(secret.encode(), REDACTED.encode())
        response._content = body  # what .json() and .text read; the body is whole
        response._content_consumed = True  # type: ignore[attr-defined]

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


class _Sockets:
    """The sockets a client's connections opened, so that a watchdog can cut a request that overruns its bound."""

    def __init__(self) -> None:
        self.open: weakref.WeakSet = weakref.WeakSet()

    def add(self, sock: socket.socket) -> None:
        self.open.add(sock)

    def cut(self) -> None:
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _tracking_adapter(sockets: _Sockets) -> requests.adapters.HTTPAdapter:
    """An HTTP adapter whose connections tell ``sockets`` of every socket they open (directly or through a proxy)."""
    def tracked(base: type) -> type:
        class Tracked(base):
            def _new_conn(self):
                sock = super()._new_conn()
                sockets.add(sock)
                return sock
        return Tracked

    pools = {"http": type("Pool", (urllib3.HTTPConnectionPool,),
                          {"ConnectionCls": tracked(urllib3.connection.HTTPConnection)}),
             "https": type("Pool", (urllib3.HTTPSConnectionPool,),
                           {"ConnectionCls": tracked(urllib3.connection.HTTPSConnection)})}

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, *args: Any, **kwargs: Any):
            manager = super().proxy_manager_for(*args, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    return Adapter(max_retries=0)


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
    except (ValueError, RecursionError):
        return (response.text or "").strip()[:200]
    if isinstance(body, dict):
        return str(body.get("error") or body.get("message") or "")[:500]
    return ""
