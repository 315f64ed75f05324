"""A polite client for the Semantic Scholar Academic Graph API (https://api.semanticscholar.org/graph/v1).

It speaks only the calls a citation graph needs: ``POST /paper/batch`` (metadata, and nested reference lists),
``GET /paper/{id}/references`` (paging) and ``GET /paper/search/match`` (title fallback). Politeness is built in:
one ``requests.Session``, a timeout on every call, at most ``max_rps`` requests per second, and retries with
exponential backoff and jitter on 429, 5xx, timeouts, dropped connections and garbled bodies, honouring
``Retry-After`` when the server sends one. Other 4xx answers are final (:class:`~.errors.SourceRequestError`).

The API key travels in the ``x-api-key`` header and nowhere else: it is never logged, never cached, and
redirects are not followed (``requests`` forwards custom headers to other hosts).

What to ask for and what to remember is :mod:`.fill`'s business; this module knows no files.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from ..errors import SourceBadAnswer, SourceNotTheAPI, SourceRefused, SourceRequestError
from ..http import JsonClient, Retryable, error_message, retry_after

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
BATCH_MAX_IDS = 500  # POST /paper/batch: at most 500 ids a call
NESTED_REFERENCES_MAX = 9999  # ... and at most 9,999 nested citations/references in one answer
NESTED_LIST_MAX = 1000  # a nested references list is cut at 1,000 items
PAGE_LIMIT = 1000  # GET /paper/{id}/references: limit ≤ 1000

log = logging.getLogger("graphbuild.s2")


class SemanticScholar(JsonClient):
    """The API client. ``requests_sent`` counts every HTTP request, retries included; ``options`` are
    :class:`~graphbuild.sources.http.JsonClient`'s (deadline, max_rps, timeouts, retries, backoff, session...)."""

    name = "Semantic Scholar"

    def __init__(self, base_url: str | None = None, api_key: str | None = None, **options: Any):
        super().__init__(base_url or DEFAULT_API_URL, **options)
        if api_key:
            self.session.headers["x-api-key"] = api_key
            if len(api_key) >= 8:  # a real key (a one-letter test key would redact every word)
                self.secrets.append(api_key)
        self.has_key = bool(api_key)
        self._said_keyless = False

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
        except SourceRequestError as exc:
            if exc.status == 400 and "no valid paper ids" in exc.message.lower():
                return [None] * len(ids)
            if exc.status == 404:  # the batch endpoint itself is missing: this is not the API
                raise SourceNotTheAPI(f"POST {exc.url} answered 404 {exc.message!r}: is {self.base_url} the API's "
                                      f"URL? (expected {DEFAULT_API_URL})", source=self.name) from None
            raise
        if not isinstance(answer, list) or len(answer) != len(ids):
            shape = f"{len(answer)} slots" if isinstance(answer, list) else type(answer).__name__
            raise SourceBadAnswer(f"batch answer has the wrong shape ({shape}, expected {len(ids)} slots)",
                                  source=self.name)
        return answer  # slots are checked (.records) before anything believes them

    def references_page(self, paper_id: str, fields: str, offset: int = 0, limit: int = PAGE_LIMIT) -> dict:
        """One page of ``GET /paper/{id}/references``: ``{"offset", "next"?, "data": [...] | None}``."""
        answer = self._call(
            "GET", f"/paper/{paper_id}/references", params={"fields": fields, "offset": offset, "limit": limit}
        )
        if not isinstance(answer, dict) or "data" not in answer:
            raise SourceBadAnswer(f"references answer for {paper_id} has no 'data'", source=self.name)
        return answer

    def citations_page(self, paper_id: str, fields: str, offset: int = 0, limit: int = PAGE_LIMIT,
                       window: str | None = None) -> dict:
        """One page of ``GET /paper/{id}/citations`` (``window``: ``publicationDateOrYear``, e.g. ``2025-11-01:``)."""
        params: dict[str, Any] = {"fields": fields, "offset": offset, "limit": limit}
        if window:
            params["publicationDateOrYear"] = window
        answer = self._call("GET", f"/paper/{paper_id}/citations", params=params)
        if not isinstance(answer, dict) or "data" not in answer:
            raise SourceBadAnswer(f"citations answer for {paper_id} has no 'data'", source=self.name)
        return answer

    def match_title(self, title: str, fields: str) -> dict | None:
        """``GET /paper/search/match``: the best title match, or None ("Title match not found")."""
        # Hyphenated words match nothing in S2's search (API docs): search with spaces instead.
        query = " ".join(title.replace("-", " ").split())
        try:
            answer = self._call("GET", "/paper/search/match", params={"query": query, "fields": fields})
        except SourceRequestError as exc:
            if exc.status == 404:
                return None
            raise
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list) or not data or not isinstance(data[0], dict):
            # "no match" is a 404; an answer without a list of matches is a broken answer, not "not found"
            raise SourceBadAnswer(f"title match answer has the wrong shape ({str(answer)[:80]!r})", source=self.name)
        return data[0]

    # --- what answers mean ---------------------------------------------------------------------------------

    def _answer(self, response: requests.Response, url: str) -> Any:
        status = response.status_code
        if status == 429:
            raise Retryable("429 Too Many Requests", retry_after(response), rate_limited=True)
        if status >= 500:
            raise Retryable(f"{status} {error_message(response) or 'server error'}", retry_after(response))
        if status == 403:
            hint = ("the API key in S2_API_KEY was refused: Semantic Scholar prunes keys unused for 60 days; unset "
                    "it to ask without a key, more slowly") if self.has_key else "access refused"
            raise SourceRefused(f"HTTP 403: {error_message(response) or 'Forbidden'} ({hint})", source=self.name,
                                status=403)
        if status >= 300:
            raise SourceRequestError(status, error_message(response) or response.reason or "request failed", url,
                                     source=self.name)
        try:
            return response.json()
        except (ValueError, RecursionError):  # not JSON, or JSON nested deeper than anything a parser should follow
            raise Retryable("garbled answer (not JSON)") from None

    def _attempt(self, method: str, url: str, **kwargs: Any) -> Any:
        if not self.has_key and not self._said_keyless:
            self._said_keyless = True
            log.warning("Semantic Scholar is asked without a key: the anonymous pool is shared by every user, so "
                        "answers come slower and 429s are retried. A key in S2_API_KEY gives 1 request a second of "
                        "your own (Semantic Scholar grants them for research use, not to third-party applications, "
                        "and prunes keys unused for 60 days).")
        return super()._attempt(method, url, **kwargs)

    def _rate_limited(self, times_in_a_row: int) -> str:
        if self.has_key:
            return ""
        if times_in_a_row == 3:
            log.warning("Semantic Scholar keeps answering 429 Too Many Requests: the anonymous pool is crowded. "
                        "An API key (S2_API_KEY) gives a dedicated 1 request/second.")
        return " Set S2_API_KEY to use an API key, or try again later."


def make_client(base_url: str | None, api_key: str | None, **options: Any) -> SemanticScholar:
    """The registry's way to make this source's client (``options``: :class:`~..http.JsonClient`'s)."""
    return SemanticScholar(base_url, api_key, **options)
