"""A fake OpenAlex API: a real HTTP server on 127.0.0.1 that answers like the real one
(``../shared/docs/openalex-api.md``).

Works are made from a real recorded Work (``shared/openalex-samples``: every key, null fields and URL ids as the API
sends them), with the fields a test cares about set. It serves what graphbuild asks for, as the API does:

* ``GET /works?filter=K:A|B|…`` for ``doi``, ``openalex`` (and ``ids.openalex``, ``openalex_id``), ``cites``,
  ``cited_by``; ``select``, ``per_page`` (1–200), ``page`` (``page × per_page ≤ 10,000``) or ``cursor`` (a null
  ``next_cursor`` on the short last page, the 2026-04 rule). Results come in the default order (most cited
  first), values that match nothing are silently left out, ``doi`` matches ``ids.doi``, and an arXiv preprint
  merged into its published version is not found by its arXiv DOI in a list.
* ``GET /works/W…`` (a lower-case ``w`` redirects with 302, a merged id with 301), ``/works/doi:…`` (which, like
  the real singleton, also finds a merged preprint by its arXiv DOI); unknown ids get Flask's HTML 404 page.
* ``GET /autocomplete/works?q=`` (exact title first, then prefix matches by citations).
* 400s with the API's bodies: an unknown parameter, filter or select field, more than 100 OR values, a request
  line over 8,190 bytes, paging misuse.
* Keys: ``Authorization: Bearer``, ``api_key=`` or an ``api-key`` header. A key not in ``keys`` gets the 401 body on
  every path; a daily budget per key (``None``: keyless, per IP) in credits (list 1, singleton and autocomplete 0,
  search 10) and, once spent, the "Insufficient budget" 429 with ``Retry-After`` until midnight UTC. Every answer
  carries the ``x-ratelimit-*`` headers of 2026.

Faults are queued as on the fake Semantic Scholar (``fail``): per-second 429s, 5xx, HTML pages, a black hole,
``tamper``. Every request is logged with its headers.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from fake_s2 import FakeSemanticScholar, Raw
from helpers import data_file

OR_MAX = 100
URL_MAX = 8190
VALID_PARAMS = {"filter", "select", "per_page", "per-page", "page", "cursor", "sort", "search", "api_key", "api-key",
                "mailto", "group_by", "group-by", "sample", "seed", "include_xpac"}
LIST_FILTERS = {"doi", "openalex", "ids.openalex", "openalex_id", "cites", "referenced_works", "cited_by",
                "publication_year", "from_publication_date", "to_publication_date", "type", "has_doi",
                "locations.landing_page_url", "title.search", "ids.mag", "mag"}
NOT_FOUND_HTML = (b'<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n'
                  b'<p>The requested URL was not found on the server. If you entered the URL manually please check '
                  b'your spelling and try again.</p>\n')
KEY_REFUSED = {"error": "Invalid or missing API key", "message": "API key not found"}
BUDGETS = {None: 1000}  # keyless, per IP (2026-06); a free key gets 10,000


@cache
def template() -> dict:
    """A real Work from the recorded responses (W3046863325, Nov 2025): the key set and shapes of the API."""
    page = json.loads(data_file("openalex/list-openalex-or-cursor-page1.json").read_text(encoding="utf-8"))
    return next(w for w in page["results"] if w["id"].endswith("W3046863325"))


@cache
def select_fields() -> frozenset[str]:
    body = json.loads(data_file("openalex/error-400-invalid-select-field.json").read_text(encoding="utf-8"))
    listed = body["message"].split("Valid fields for select are:", 1)[1]
    return frozenset(f.strip().rstrip(".") for f in listed.split(",") if f.strip())


def w_url(wid: str) -> str:
    return "https://openalex.org/" + wid


@dataclass
class FakeWorks:
    """Works by W id, in the API's shape. ``merged``: old W id → surviving W id (a 301)."""

    works: dict[str, dict] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)

    def add(self, wid: str, title: str | None, *, doi: str | None = None, arxiv: str | None = None,
            arxiv_merged: str | None = None, year: int | None = None, references: list[str] = (),
            date: str | None = None,
            cited_by: int = 0, venue: str | None = None, authors: tuple[str, ...] = ("A. Author",),
            ids_doi: str | None = None) -> dict:
        """``arxiv``: an arXiv-only work (its DOI is arXiv's); ``arxiv_merged``: a published work that absorbed its
        arXiv preprint as a location (no arXiv DOI anywhere, as in the recordings)."""
        work = copy.deepcopy(template())
        if arxiv:
            doi = f"10.48550/arxiv.{arxiv}"
        doi_url = f"https://doi.org/{doi.lower()}" if doi else None
        work.update(id=w_url(wid), doi=doi_url, title=title, display_name=title, publication_year=year,
                    publication_date=date or (f"{year}-06-01" if year else None), cited_by_count=cited_by,
                    referenced_works=[w_url(r) for r in references], referenced_works_count=len(references),
                    type="preprint" if arxiv else "article")
        work["ids"] = {"openalex": w_url(wid), **({"doi": ids_doi or doi_url} if doi_url or ids_doi else {}),
                       "mag": wid[1:]}
        source = {"id": "https://openalex.org/S4306400194", "display_name": "arXiv (Cornell University)",
                  "type": "repository"} if arxiv else ({"id": "https://openalex.org/S1", "display_name": venue,
                                                         "type": "conference"} if venue else None)
        primary = {"id": f"doi:{doi.lower()}" if doi else f"mag:{wid[1:]}", "is_oa": True,
                   "landing_page_url": f"http://arxiv.org/abs/{arxiv}" if arxiv else doi_url, "pdf_url": None,
                   "source": source, "version": "submittedVersion" if arxiv else "publishedVersion"}
        locations = [primary]
        if arxiv_merged:
            locations.append({"id": f"pmh:oai:arXiv.org:{arxiv_merged}", "is_oa": True,
                              "landing_page_url": f"http://arxiv.org/abs/{arxiv_merged}",
                              "pdf_url": f"https://arxiv.org/pdf/{arxiv_merged}", "source": {
                                  "id": "https://openalex.org/S4306400194",
                                  "display_name": "arXiv (Cornell University)", "type": "repository"},
                              "version": "submittedVersion"})
        work.update(primary_location=primary, locations=locations, locations_count=len(locations),
                    best_oa_location=primary)
        work["authorships"] = [{"author_position": "first" if i == 0 else "middle",
                                "author": {"id": None, "display_name": name, "orcid": None}, "institutions": [],
                                "countries": [], "is_corresponding": i == 0, "raw_author_name": name,
                                "raw_affiliation_strings": [], "affiliations": []} for i, name in enumerate(authors)]
        self.works[wid] = work
        return work

    def by_doi(self, doi: str, *, singleton: bool = False) -> list[str]:
        """Works whose ``doi`` or ``ids.doi`` is ``doi``; the singleton also finds a preprint merged into its
        journal version by its arXiv DOI (its external-id lookup)."""
        doi = doi.lower().removeprefix("https://doi.org/").removeprefix("doi:")
        index = self._index()
        found = list(index.get(doi, []))
        if not found and singleton and doi.startswith("10.48550/arxiv."):
            found = list(index.get("arxiv-location:" + doi[len("10.48550/arxiv."):], []))
        return found

    def _index(self) -> dict[str, list[str]]:
        """DOIs and arXiv locations → W ids, rebuilt when works were added or their DOIs changed."""
        stamp = tuple((w, work.get("doi"), work.get("ids", {}).get("doi")) for w, work in self.works.items()) \
            if len(self.works) < 2000 else len(self.works)
        if getattr(self, "_stamp", None) != stamp:
            index: dict[str, list[str]] = {}
            for wid, work in self.works.items():
                dois = {(work.get("doi") or "").removeprefix("https://doi.org/"),
                        (work.get("ids", {}).get("doi") or "").removeprefix("https://doi.org/")} - {""}
                for doi in dois:
                    index.setdefault(doi, []).append(wid)
                for loc in work["locations"]:
                    if loc.get("id", "").lower().startswith("pmh:oai:arxiv.org:"):
                        index.setdefault("arxiv-location:" + loc["id"][len("pmh:oai:arxiv.org:"):].lower(),
                                         []).append(wid)
            self._cached, self._stamp = index, stamp
        return self._cached


class FakeOpenAlex(FakeSemanticScholar):
    """Start with :meth:`start` (or as a context manager); ``url`` is the API base to give the client."""

    def __init__(self, works: FakeWorks | None = None, keys: set[str] | None = None):
        super().__init__()
        self.corpus_works = works or FakeWorks()
        self.keys = keys or set()  # keys that exist
        self.budgets: dict[str | None, int] = dict(BUDGETS)
        self.used: dict[str | None, int] = {}
        self.last_request_line = ""

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def requests_to(self, path: str) -> list:
        return [r for r in self.log if r.path == path or r.path.startswith(path + "/")]

    # --- the API ---
    def answer(self, method, path, query, body):
        key = self._key(query)
        if key is not None and key not in self.keys:
            return 401, KEY_REFUSED
        if len(self.last_request_line) > URL_MAX:
            return 400, {"error": "Request URL too long", "message": f"Your request URL is "
                         f"{len(self.last_request_line)} bytes, over the {URL_MAX}-byte limit. Split the OR list."}
        bad = sorted(k for k in query if k not in VALID_PARAMS and not (k == "q" and path == "/autocomplete/works"))
        if bad:
            return self._metered(key, 0, 400, {"error": "Invalid query parameters error.",
                                               "message": f"{bad[0]} is not a valid parameter. Valid parameters are: "
                                                          + ", ".join(sorted(VALID_PARAMS))})
        if path == "/works":
            return self._metered(key, 1, *self.works(query))
        if path == "/autocomplete/works":
            return self._metered(key, 0, *self.autocomplete(query))
        m = re.fullmatch(r"/works/(.+)", path)
        if m:
            return self._metered(key, 0, *self.singleton(unquote(m.group(1)), query))
        return 404, Raw(NOT_FOUND_HTML, "text/html; charset=utf-8")

    def _key(self, query) -> str | None:
        for header in (self.log[-1].headers if self.log else {}).items():
            name, value = header[0].lower(), header[1]
            if name == "authorization" and value.startswith("Bearer "):
                return value[7:] or None
            if name in ("api_key", "api-key") and value:
                return value
        return query.get("api_key") or query.get("api-key") or None

    def _metered(self, key, cost, status, payload):
        limit = self.budgets.get(key, 10000)
        used = self.used.get(key, 0)
        midnight = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) \
            + datetime.timedelta(days=1)
        reset = int((midnight - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
        if used + cost > limit:
            body = {"error": "Rate limit exceeded", "message": f"Insufficient budget. This request costs "
                    f"${cost / 10000:g} but you only have ${(limit - used) / 10000:g} remaining. Resets at midnight "
                    "UTC. Need more? Add funds at https://openalex.org/pricing", "retryAfter": reset,
                    "costUsd": cost / 10000, "dailyRemainingUsd": (limit - used) / 10000, "creditsRequired": cost,
                    "creditsRemaining": limit - used}
            headers = {"Retry-After": str(reset), "x-ratelimit-limit": str(limit), "x-ratelimit-remaining":
                       str(limit - used), "x-ratelimit-credits-required": str(cost), "x-ratelimit-reset": str(reset)}
            return 429, Raw(json.dumps(body).encode(), "application/json", headers)
        self.used[key] = used + cost
        headers = {"x-ratelimit-limit": str(limit), "x-ratelimit-remaining": str(limit - used - cost),
                   "x-ratelimit-credits-used": str(cost), "x-ratelimit-reset": str(reset),
                   "x-ratelimit-limit-usd": f"{limit / 10000:g}", "x-ratelimit-cost-usd": f"{cost / 10000:g}"}
        if isinstance(payload, Raw):
            payload.headers.update(headers)
            return status, payload
        text = json.dumps(payload, separators=(", ", ": ") if "meta" in payload else (",", ":"))
        return status, Raw(text.encode() + (b"" if "meta" in payload else b"\n"), "application/json", headers)

    def works(self, query):
        per_page = int(query.get("per_page", query.get("per-page", 25)))
        if not 1 <= per_page <= 200:
            return 400, {"error": "Pagination error.", "message": "per-page parameter must be between 1 and 200."}
        if "cursor" in query and "page" in query:
            return 400, {"error": "Pagination error.", "message": "Cannot use page parameter with cursor."}
        page = int(query.get("page", 1))
        if page * per_page > 10000:
            return 400, {"error": "Pagination error.", "message": "Maximum results size of 10,000 records is "
                         "exceeded. Cursor pagination is required for records beyond 10,000."}
        refused = self._select(query)
        if refused:
            return refused
        found: list[str] | None = None
        for part in _split_filters(query.get("filter", "")):
            name, _, value = part.partition(":")
            name = name.replace("-", "_").lower()
            if name not in LIST_FILTERS:
                return 400, {"error": "Invalid query parameters error.",
                             "message": f"{name} is not a valid field. Valid fields are underscore or hyphenated "
                                        f"versions of: {', '.join(sorted(LIST_FILTERS))}"}
            values = [v.strip('"') for v in value.split("|") if v]
            if len(values) > OR_MAX:
                return 400, {"error": "Invalid query parameters error.",
                             "message": f"Maximum number of values exceeded for {name}. Decrease values to "
                                        f"{OR_MAX} or below, or consider downloading the full dataset."}
            matched = self._filter(name, values)
            found = matched if found is None else [w for w in found if w in matched]
        if found is None:
            found = list(self.corpus_works.works)
        found = sorted(set(found), key=lambda w: (-self.corpus_works.works[w]["cited_by_count"], w))
        meta = {"count": len(found), "db_response_time_ms": 7, "page": page, "per_page": per_page,
                "groups_count": None}
        if "cursor" in query:
            start = int(unquote(query["cursor"]).strip("*") or 0) if query["cursor"] != "*" else 0
            chunk = found[start : start + per_page]
            meta.update(page=None, next_cursor=str(start + per_page) if start + per_page < len(found) else None)
        else:
            chunk = found[(page - 1) * per_page : page * per_page]
        return 200, {"meta": meta, "results": [self._project(w, query) for w in chunk], "group_by": []}

    def _filter(self, name: str, values: list[str]) -> list[str]:
        works = self.corpus_works
        out: list[str] = []
        for value in values:
            if name == "doi":
                out.extend(works.by_doi(value))
            elif name in ("openalex", "ids.openalex", "openalex_id"):
                wid = value.rsplit("/", 1)[-1].upper()
                wid = works.merged.get(wid, wid)
                if wid in works.works:
                    out.append(wid)
            elif name in ("cites", "referenced_works"):
                url = w_url(value.rsplit("/", 1)[-1].upper())
                out.extend(w for w, work in works.works.items() if url in work["referenced_works"])
            elif name in ("from_publication_date", "to_publication_date"):
                later = name.startswith("from")
                out.extend(w for w, work in works.works.items() if work.get("publication_date") and
                           (work["publication_date"] >= value if later else work["publication_date"] <= value))
            elif name == "cited_by":
                work = works.works.get(value.rsplit("/", 1)[-1].upper())
                out.extend(r.rsplit("/", 1)[-1] for r in (work or {}).get("referenced_works", [])
                           if r.rsplit("/", 1)[-1] in works.works)  # dangling ids vanish, as in the recordings
        return out

    def _select(self, query):
        if "select" not in query:
            return None
        bad = [f for f in query["select"].split(",") if f not in select_fields()]
        if bad:
            return 400, {"error": "Invalid query parameters error.",
                         "message": f"{bad[0]} is not a valid select field. Valid fields for select are: "
                                    + ", ".join(sorted(select_fields())) + "."}
        return None

    def _project(self, wid: str, query) -> dict:
        work = self.corpus_works.works[wid]
        if "select" not in query:
            return copy.deepcopy(work)
        return {f: copy.deepcopy(work.get(f)) for f in query["select"].split(",")}

    def singleton(self, ident: str, query):
        works = self.corpus_works
        if re.fullmatch(r"w\d+", ident):
            return 302, Raw(b"", "text/html", {"Location": "/works/" + ident.upper()})
        if re.fullmatch(r"W\d+", ident):
            if ident in works.merged:
                return 301, Raw(b"", "text/html", {"Location": "/works/" + works.merged[ident]})
            found = [ident] if ident in works.works else []
        elif ident.lower().startswith(("doi:", "https://doi.org/")):
            found = works.by_doi(ident, singleton=True)
        else:
            found = []
        if not found:
            return 404, Raw(NOT_FOUND_HTML, "text/html; charset=utf-8")
        refused = self._select(query)
        return refused or (200, self._project(found[0], query))

    def autocomplete(self, query):
        q = " ".join(query.get("q", "").lower().split())
        if not q:
            return 200, {"meta": {"count": 0, "db_response_time_ms": 3, "page": 1, "per_page": 10}, "results": []}
        works = self.corpus_works.works
        exact = [w for w, work in works.items() if (work["display_name"] or "").lower() == q]
        prefix = sorted((w for w, work in works.items() if (work["display_name"] or "").lower().startswith(q)
                         and w not in exact), key=lambda w: -works[w]["cited_by_count"])
        results = [{"id": w_url(w), "short_id": f"works/{w}", "display_name": works[w]["display_name"],
                    "hint": ", ".join(a["author"]["display_name"] for a in works[w]["authorships"]),
                    "cited_by_count": works[w]["cited_by_count"], "works_count": None, "entity_type": "work",
                    "external_id": works[w]["doi"], "filter_key": "openalex"} for w in (exact + prefix)[:10]]
        return 200, {"meta": {"count": len(results), "db_response_time_ms": 3, "page": 1, "per_page": 10},
                     "results": results}


def _split_filters(text: str) -> list[str]:
    """Split ``filter`` on commas outside double quotes, as the API does after URL-decoding."""
    parts, current, quoted = [], "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current:
        parts.append(current)
    return parts
