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

import logging
from typing import Any

import requests

from .http import (
    JsonClient,
    Retryable,
    SourceBadAnswer,
    SourceDeadlineExceeded,
    SourceError,
    SourceNotTheAPI,
    SourceRateLimited,
    SourceRefused,
    SourceRequestError,
    SourceUnavailable,
    SourceUnreachable,
    error_message,
    retry_after,
)

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
BATCH_MAX_IDS = 500  # POST /paper/batch: at most 500 ids a call
NESTED_REFERENCES_MAX = 9999  # ... and at most 9,999 nested citations/references in one answer
NESTED_LIST_MAX = 1000  # a nested references list is cut at 1,000 items
PAGE_LIMIT = 1000  # GET /paper/{id}/references: limit ≤ 1000

log = logging.getLogger("graphbuild.s2")


class S2Error(SourceError):
    """Base class for everything the client raises."""


class S2RequestError(S2Error, SourceRequestError):
    """A final answer: 4xx other than 429 (bad id, unknown paper, forbidden key...)."""


class S2Forbidden(S2RequestError, SourceRefused):
    """403: the API key was refused (wrong, or pruned after ~60 days unused). Nothing will work with it."""


class S2Unreachable(S2Error, SourceUnreachable):
    """No connection could be made at all (no network, name resolution failed, connection refused)."""


class S2RateLimited(S2Error, SourceRateLimited):
    """429 Too Many Requests, again and again, until the retries ran out."""


class S2Unavailable(S2Error, SourceUnavailable):
    """5xx, timeouts, dropped connections or garbled answers until the retries ran out."""


class S2BadAnswer(S2Error, SourceBadAnswer):
    """An answer that is JSON but not of the documented shape (``{"data": "oops"}``): nothing in it is believed."""


class S2DeadlineExceeded(S2Error, SourceDeadlineExceeded):
    """This build's time for Semantic Scholar (``deadline``) is spent, or a wait asked for would overrun it."""


class S2NotTheAPI(S2Error, SourceNotTheAPI):
    """The base URL answers 404 to the API's own endpoints: a wrong ``--api-url``, not missing papers."""


class SemanticScholar(JsonClient):
    """The API client. ``requests_sent`` counts every HTTP request, retries included; ``options`` are
    :class:`~graphbuild.sources.http.JsonClient`'s (deadline, max_rps, timeouts, retries, backoff, session...)."""

    name = "Semantic Scholar"
    Unreachable, RateLimited, Unavailable, DeadlineExceeded = S2Unreachable, S2RateLimited, S2Unavailable, \
        S2DeadlineExceeded

    def __init__(self, base_url: str | None = None, api_key: str | None = None, **options: Any):
        super().__init__(base_url or DEFAULT_API_URL, **options)
        if api_key:
            self.session.headers["x-api-key"] = api_key
        self.has_key = bool(api_key)

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

    # --- what answers mean ---------------------------------------------------------------------------------

    def _answer(self, response: requests.Response, url: str) -> Any:
        status = response.status_code
        if status == 429:
            raise Retryable("429 Too Many Requests", retry_after(response), rate_limited=True)
        if status >= 500:
            raise Retryable(f"{status} {error_message(response) or 'server error'}", retry_after(response))
        if status == 403:
            hint = "the API key in S2_API_KEY was refused" if self.has_key else "access refused"
            raise S2Forbidden(status, f"{error_message(response) or 'Forbidden'} ({hint})", url)
        if status >= 300:
            raise S2RequestError(status, error_message(response) or response.reason or "request failed", url)
        try:
            return response.json()
        except ValueError:
            raise Retryable("garbled answer (not JSON)") from None

    def _rate_limited(self, times_in_a_row: int) -> str:
        if self.has_key:
            return ""
        if times_in_a_row == 3:
            log.warning("Semantic Scholar keeps answering 429 Too Many Requests: the anonymous pool is crowded. "
                        "An API key (S2_API_KEY) gives a dedicated 1 request/second.")
        return " Set S2_API_KEY to use an API key, or try again later."
