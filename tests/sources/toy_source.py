"""A source of the tests' own, to show that adding one is a module and a registry line: "Toy Index", a tiny JSON API
(``GET /works?arxiv=A,B``: each work with the arXiv ids it cites) served by :class:`ToyServer` on 127.0.0.1.

It has every member the registry names (``make_client``, ``fill``, ``read``, ``citing``, ``check_work``) and
nothing else: no line of graphbuild knows it.
"""

from __future__ import annotations

from typing import Any

from graphbuild.sources import Source
from graphbuild.sources.checks import BadRecord
from graphbuild.sources.fetching import CitationsReport, FetchReport, SourceFetcher
from graphbuild.sources.http import JsonClient, Retryable
from graphbuild.works import Reading, Ref, Work

from fake_s2 import FakeSemanticScholar

NAME = "toy"
SOURCE = Source(NAME, "Toy Index", "toy", ("toyindex",),
                {member: f"toy_source:{member}" for member in ("make_client", "fill", "read", "citing", "check_work")},
                page="https://toy.example/{id}")


class ToyServer(FakeSemanticScholar):
    """The Toy Index: ``works`` maps an arXiv id to the arXiv ids its work cites."""

    def __init__(self, works: dict[str, list[str]]):
        super().__init__()
        self.works = works

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, method, path, query, body):
        if path != "/works":
            return 404, {"error": "no such endpoint"}
        asked = [a for a in query.get("arxiv", "").split(",") if a]
        return 200, {"works": [{"id": f"T-{a}", "arxiv": a, "cites": self.works[a]} for a in asked
                               if a in self.works]}


class ToyClient(JsonClient):
    name = "Toy Index"

    def works(self, arxiv_ids: list[str]) -> list[dict]:
        return self._call("GET", "/works", params={"arxiv": ",".join(arxiv_ids)})["works"]

    def _answer(self, response, url: str) -> Any:
        if response.status_code >= 500:
            raise Retryable(f"{response.status_code}")
        return response.json()


def make_client(base_url: str | None, api_key: str | None, **options: Any) -> ToyClient:
    return ToyClient(base_url or "http://127.0.0.1:9", **options)


def check_work(raw: Any) -> dict:
    if not isinstance(raw, dict) or not str(raw.get("id", "")).startswith("T-") or \
            not isinstance(raw.get("cites"), list):
        raise BadRecord("work", "is not a Toy Index work")
    return {"id": raw["id"], "arxiv": str(raw["arxiv"]), "cites": [str(c) for c in raw["cites"]]}


class _Fill(SourceFetcher):
    source = "Toy Index"

    def __init__(self, catalog, cache, client, refresh, progress):
        super().__init__(cache, client, refresh, progress)
        self.catalog = catalog

    def steps(self) -> None:
        wanted = [p.arxiv for p in self.catalog.papers if p.arxiv]
        known = {} if self.refresh else self.cache.get_lookups(NAME, wanted)
        self.report.cache_hits = len(known)
        missing = [a for a in wanted if a not in known]
        if not missing:
            return
        assert isinstance(self.client, ToyClient)
        found = [check_work(w) for w in self.call(self.client.works, missing)]
        self.cache.put_works(NAME, found)
        by_arxiv = {w["arxiv"]: w["id"] for w in found}
        self.cache.put_lookups(NAME, {a: by_arxiv.get(a) for a in missing})


def fill(catalog, cache, client, readings=None, *, refresh=False, progress=None, without=()) -> FetchReport:
    return _Fill(catalog, cache, client, refresh, progress).run_steps()


def read(catalog, cache, readings=None) -> Reading:
    lookups = cache.get_lookups(NAME, [p.arxiv for p in catalog.papers if p.arxiv])
    works = cache.get_works(NAME, [w for w in lookups.values() if w])
    reading = Reading(NAME, cache_hits=len(lookups))
    for paper in catalog.papers:
        if paper.arxiv not in lookups:
            continue
        work = works.get(lookups[paper.arxiv] or "")
        if work is None:
            reading.works[paper.id] = None
            continue
        refs = tuple(Ref(f"T-{a}", arxiv=a) for a in work["cites"])
        reading.works[paper.id] = Work(NAME, work["id"], arxiv=work["arxiv"], reference_count=len(refs),
                                       references_status="complete", load_references=lambda refs=refs: refs)
    return reading


def citing(work_ids, cache, client, since, today, progress=None, *, refresh=False):
    return {}, CitationsReport()
