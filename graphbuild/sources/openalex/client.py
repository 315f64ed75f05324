"""A polite client for the OpenAlex API (https://api.openalex.org), beside Semantic Scholar's.

It speaks only the calls a citation graph needs (``../shared/docs/openalex-api.md`` §4, §7), cheapest first:

* ``GET /works?filter=doi:A|B|…`` (or ``openalex:W1|W2|…``): up to 100 works with their metadata and
  ``referenced_works`` in one list call (1 credit, whatever the number of results). Values that match nothing are
  silently missing from the answer; the caller maps results back itself.
* ``GET /works/W123`` and ``GET /works/doi:10.…``: one work, free (0 credits). A 404 is an HTML page: ``None``.
* ``GET /autocomplete/works?q=TITLE``: up to 10 candidates for a title, free since 2026-08.

The same transport as Semantic Scholar's (:class:`~graphbuild.sources.http.JsonClient`): pacing, retries with
backoff on per-second 429s, 403s and 5xx (honouring ``Retry-After``), a deadline. What is OpenAlex's own:

* **Four kinds of 429.** Per second (retried); a daily budget spent (``"Insufficient budget…"``) and "Plan upgrade
  required", which cannot clear before midnight UTC or ever: :class:`~.errors.SourceRefused`, which stops OpenAlex
  for the build at once instead of waiting hours.
* **The key** (``$OPENALEX_API_KEY``) travels in the ``Authorization: Bearer`` header only: never in a URL, so
  never in a log or the cache (``requests`` drops it on a redirect to another host). A key that does not exist is
  a 401 on every call (:class:`~.errors.SourceRefused`), never a quiet fallback to the keyless tier. Without a key the
  client says once that it runs on the small keyless budget.
* **Errors are not always JSON** (404 and some 5xx are HTML pages): the body is read as JSON only when it says
  it is. A page cut off by the server's 5 s limit (``meta.timed_out``) is incomplete: asked again.
* **Long URLs**: the request line must stay under 8,190 bytes (documented: "about 4 KB");
  :func:`pack_values` packs OR lists to stay under :data:`MAX_URL_BYTES`, and a 400 "Request URL too long"
  is :class:`~.errors.SourceUrlTooLong` so the caller splits the batch.

What to ask for and what to remember is :mod:`.fill`'s business.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode

import requests

from ..errors import SourceBadAnswer, SourceNotTheAPI, SourceRefused, SourceRequestError, SourceUrlTooLong
from ..http import JsonClient, Retryable, retry_after

DEFAULT_API_URL = "https://api.openalex.org"
OR_MAX_VALUES = 100  # values in one filter's OR list
PER_PAGE = 100  # the documented maximum (the code allows 200)
MAX_URL_BYTES = 4000  # the documented "about 4 KB"; the server's hard limit is 8,190 bytes
MAX_LIST_PAGES = 100  # basic paging stops at 10,000 results: 100 pages of 100
# The fields a graph needs, valid on lists and singletons alike (openalex-api.md §5).
WORK_FIELDS = ("id", "doi", "ids", "display_name", "publication_year", "publication_date", "type", "authorships",
               "primary_location", "locations", "referenced_works", "referenced_works_count", "cited_by_count",
               "is_retracted", "updated_date")

log = logging.getLogger("graphbuild.openalex")


class OpenAlex(JsonClient):
    """The API client; ``options`` are :class:`~graphbuild.sources.http.JsonClient`'s."""

    name = "OpenAlex"
    follow_redirects = True  # 301 for merged works, 302 for non-canonical ids; same host, so the key goes along

    def __init__(self, base_url: str | None = None, api_key: str | None = None, **options: Any):
        options.setdefault("max_rps", 8.0)  # under the keyless 10/s; with a key the limit is 30/s
        super().__init__(base_url or DEFAULT_API_URL, **options)
        api_key = (api_key or "").strip()  # a whitespace-only key is a 401 on every call: send none instead
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"
            if len(api_key) >= 8:  # a real key (a one-letter test key would redact every word)
                self.secrets.append(api_key)
        self.has_key = bool(api_key)
        self._said_keyless = False
        self.credits_spent = 0  # list calls answered (1 credit each; singletons and autocomplete are free)

    # --- the calls -----------------------------------------------------------------------------------------

    def works(self, key: str, values: list[str], select: Iterable[str] = WORK_FIELDS, *,
              also: dict[str, str] | None = None) -> list[dict]:
        """Every work ``filter=key:v1|v2|…`` (and the filters ``also`` gives, e.g. ``from_publication_date``)
        matches, through basic paging (``page=``; keyless cursors are reportedly refused). Raises
        :class:`~.errors.SourceUrlTooLong` when the server finds the URL too long."""
        if not 0 < len(values) <= OR_MAX_VALUES:
            raise ValueError(f"an OR list takes 1 to {OR_MAX_VALUES} values, not {len(values)}")
        params = works_params(key, values, select, also)
        results: list[dict] = []
        for page in range(1, MAX_LIST_PAGES + 1):
            answer = self._call("GET", "/works", params={**params, "page": page})
            meta, batch = _list_shape(answer)
            results.extend(batch)
            count = meta.get("count")
            if not batch or not isinstance(count, int) or len(results) >= count:
                return results
        return results

    def work(self, ident: str, select: Iterable[str] = WORK_FIELDS) -> dict | None:
        """``GET /works/{ident}`` (``W123`` or ``doi:10.…``, both free): the work, or None when OpenAlex has none."""
        try:
            answer = self._call("GET", "/works/" + quote(ident, safe=":/"), params={"select": ",".join(select)})
        except SourceRequestError as exc:
            if exc.status == 404:
                return None
            raise
        if not isinstance(answer, dict):
            raise SourceBadAnswer(f"the work {ident} is {type(answer).__name__}, not an object", source=self.name)
        return answer

    def autocomplete(self, text: str) -> list[dict]:
        """``GET /autocomplete/works?q=``: up to 10 candidates (``id``, ``display_name``, ``hint``...), free."""
        # "|" and standalone AND/OR/NOT are query syntax (openalex-api.md §4): not part of a title.
        words = [w.lower() if w in ("AND", "OR", "NOT") else w for w in text.replace("|", " ").split()]
        answer = self._call("GET", "/autocomplete/works", params={"q": " ".join(words)})
        _, results = _list_shape(answer)
        return results

    # --- what answers mean ---------------------------------------------------------------------------------

    def _attempt(self, method: str, url: str, **kwargs: Any) -> Any:
        if not self.has_key and not self._said_keyless:
            self._said_keyless = True
            log.warning("OpenAlex is asked without a key: the keyless budget is small and shared by everything "
                        "behind this IP (about 1,000 list calls a day). A free key from openalex.org/settings/api, "
                        "in OPENALEX_API_KEY, gives 10,000.")
        return super()._attempt(method, url, **kwargs)

    def _answer(self, response: requests.Response, url: str) -> Any:
        status = response.status_code
        body = _json_body(response)
        message = _message(body, response)
        if status == 429:
            if _budget_spent(body, response):
                reset = response.headers.get("x-ratelimit-reset")
                when = f" (it resets in {int(reset) // 3600} h {int(reset) % 3600 // 60} min, at midnight UTC)" \
                    if reset and reset.isdigit() else ""
                raise SourceRefused(f"OpenAlex's daily budget is spent{when}: {message}. OpenAlex is not asked "
                                    "again in this build." + ("" if self.has_key else
                                                              " A free key (OPENALEX_API_KEY) gives ten times more."),
                                    source=self.name, status=429)
            raise Retryable(f"429 {message}", retry_after(response), rate_limited=True)
        if status == 403:  # the old docs' rate limit: a few tries, like a 429
            raise Retryable(f"403 {message}", retry_after(response), rate_limited=True)
        if status >= 500:
            raise Retryable(f"{status} {message or 'server error'}", retry_after(response))
        if status == 401:
            hint = "the key in OPENALEX_API_KEY was refused" if self.has_key else "OpenAlex asks for a key"
            raise SourceRefused(f"HTTP 401: {message or 'Unauthorized'} ({hint})", source=self.name, status=401)
        if status == 404 and url.rstrip("/").endswith(("/works", "/autocomplete/works")):
            raise SourceNotTheAPI(f"GET {url} answered 404: is {self.base_url} OpenAlex's URL? (expected "
                                  f"{DEFAULT_API_URL})", source=self.name)
        if status == 400 and "too long" in message.lower():
            raise SourceUrlTooLong(status, message, url, source=self.name)
        if status >= 300:
            raise SourceRequestError(status, message or response.reason or "request failed", url, source=self.name)
        if body is None:
            raise Retryable("garbled answer (not JSON)")
        if url.rstrip("/").endswith("/works"):
            self.credits_spent += 1
        if isinstance(body, dict) and isinstance(body.get("meta"), dict) and body["meta"].get("timed_out"):
            raise Retryable("a page cut off by OpenAlex's time limit (meta.timed_out)")
        return body

    def _rate_limited(self, times_in_a_row: int) -> str:
        return "" if self.has_key else " A free key (OPENALEX_API_KEY) raises the per-second limit."


def works_params(key: str, values: list[str], select: Iterable[str] = WORK_FIELDS,
                 also: dict[str, str] | None = None) -> dict[str, Any]:
    """The query of a list call: the OR filter (commas inside a value quoted: a comma separates filters), and
    further filters ANDed to it."""
    quoted = [f'"{v}"' if "," in v else v for v in values]
    filters = [f"{key}:{'|'.join(quoted)}", *(f"{k}:{v}" for k, v in (also or {}).items())]
    return {"filter": ",".join(filters), "select": ",".join(select), "per_page": PER_PAGE}


def request_line_bytes(base_url: str, key: str, values: list[str]) -> int:
    """How long ``GET /works?…`` is for these values, as sent (percent-encoded, with a two-digit page)."""
    query = urlencode({**works_params(key, values), "page": 10})
    return len(f"GET {base_url}/works?{query} HTTP/1.1")


def pack_values(values: list[str], base_url: str, key: str, max_bytes: int = MAX_URL_BYTES) -> list[list[str]]:
    """``values`` in OR lists of at most 100 whose request line stays under ``max_bytes``, in order."""
    batches: list[list[str]] = []
    current: list[str] = []
    for value in values:
        candidate = [*current, value]
        if current and (len(candidate) > OR_MAX_VALUES or request_line_bytes(base_url, key, candidate) > max_bytes):
            batches.append(current)
            candidate = [value]
        current = candidate
    if current:
        batches.append(current)
    return batches


def _json_body(response: requests.Response) -> Any:
    """The body as JSON when it says it is JSON (404s and some 5xx are HTML pages); else None."""
    if "json" not in response.headers.get("content-type", "").lower():
        return None
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested deeper than anything a parser should follow
        return None


def _message(body: Any, response: requests.Response) -> str:
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("error", "message") if isinstance(body.get(k), str) and body[k]]
        return ": ".join(parts)[:300]
    text = response.text or ""
    start, end = text.find("<title>"), text.find("</title>")
    if 0 <= start < end:
        return " ".join(text[start + 7 : end].split())[:200]
    return " ".join(text.split())[:200]


def _budget_spent(body: Any, response: requests.Response) -> bool:
    """A 429 that waiting seconds will not clear: the daily budget spent, or a plan required (no Retry-After)."""
    if isinstance(body, dict):
        error, message = str(body.get("error", "")), str(body.get("message", ""))
        if error.lower().startswith("plan upgrade") or message.lower().startswith("insufficient budget"):
            return True
    remaining = response.headers.get("x-ratelimit-remaining", "")
    required = response.headers.get("x-ratelimit-credits-required", "")
    return remaining.isdigit() and required.isdigit() and int(remaining) < int(required)


def _list_shape(answer: Any) -> tuple[dict, list[dict]]:
    """``meta`` and ``results`` of a list answer; :class:`~.errors.SourceBadAnswer` when it is not one."""
    if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
        raise SourceBadAnswer(f"a list answer without a 'results' list ({str(answer)[:80]!r})", source="OpenAlex")
    meta = answer.get("meta")
    return meta if isinstance(meta, dict) else {}, [r for r in answer["results"] if isinstance(r, dict)]


def make_client(base_url: str | None, api_key: str | None, **options: Any) -> OpenAlex:
    """The registry's way to make this source's client (``options``: :class:`~..http.JsonClient`'s)."""
    return OpenAlex(base_url, api_key, **options)
