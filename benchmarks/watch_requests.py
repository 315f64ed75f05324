"""Requests for a weekly ``graphbuild watch``: the first run and the following week, against a per-paper client
that pages every listed paper's citations in full each week (pages of 100, the API's default).

Runs against the fake Semantic Scholar (tests/fake_s2.py) over real HTTP on 127.0.0.1, for the shipped list (its
fake corpus as the tests build it) and a synthetic list of 1,000 papers; outside works citing three listed papers
each are added before the first run (a year's worth) and before the second (a week's worth). Then the same for
OpenAlex (tests/fake_openalex.py): its watch asks ``filter=cites:W1|…|W100`` per 100 listed papers and window.

    python3 -m benchmarks.watch_requests [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402

from benchmarks.synthetic import catalog_yaml, fake_corpus, make_list  # noqa: E402
from graphbuild.cache import Cache  # noqa: E402
from graphbuild.catalog import Catalog, load_catalog, parse_catalog  # noqa: E402
from graphbuild.jobs import fill_and_read  # noqa: E402
from graphbuild.sources import SEMANTIC_SCHOLAR  # noqa: E402
from graphbuild.sources.openalex.citations import citing as openalex_citing  # noqa: E402
from graphbuild.sources.openalex.client import OpenAlex  # noqa: E402
from graphbuild.sources.semantic_scholar.citations import citing  # noqa: E402
from graphbuild.sources.semantic_scholar.client import SemanticScholar  # noqa: E402

from fake_openalex import FakeOpenAlex, FakeWorks  # noqa: E402
from fake_s2 import FakeCorpus, FakeSemanticScholar, s2_id  # noqa: E402


def add_citing_works(corpus: FakeCorpus, listed: list[str], count: int, dates: list[str], tag: str) -> None:
    rng = random.Random(tag)
    for k in range(count):
        cites = rng.sample(listed, min(3, len(listed)))
        record = corpus.add(s2_id(f"{tag}-{k}"), f"Outside work {tag} {k}", year=int(dates[k % len(dates)][:4]),
                            references=[{"paperId": c, "title": ""} for c in cites])
        record["publicationDate"] = dates[k % len(dates)]


def per_paper(server: FakeSemanticScholar, ids: list[str]) -> int:
    session, sent = requests.Session(), 0
    for pid in ids:
        offset = 0
        while True:
            body = session.get(f"{server.url}/paper/{pid}/citations",
                               params={"fields": "paperId,title,publicationDate", "offset": offset, "limit": 100}).json()
            sent += 1
            if body.get("next") is None or not body.get("data"):
                break
            offset = body["next"]
    return sent


def measure(name: str, catalog: Catalog, corpus: FakeCorpus, popular: int = 0) -> None:
    """``popular``: one listed paper also gets this many citing works over the year (a field's classic)."""
    server = FakeSemanticScholar(corpus).start()
    try:
        client = SemanticScholar(server.url, max_rps=0, timeout=30, backoff=0.01)
        with tempfile.TemporaryDirectory() as folder, Cache(folder) as cache:
            # the build, before any watch: not counted
            readings, _ = fill_and_read(catalog, cache, {SEMANTIC_SCHOLAR: client}, (SEMANTIC_SCHOLAR,))
            ids = sorted({w.id for w in readings[SEMANTIC_SCHOLAR].works.values() if w})
            year_dates = [f"2025-{m:02d}-{d:02d}" for m in range(1, 12) for d in (3, 17)]
            add_citing_works(corpus, ids, 3 * len(ids), year_dates, "year")
            if popular:
                add_citing_works(corpus, ids[:1], popular, year_dates, "popular")
            rows = []
            for week, (since, today, added) in enumerate([("2024-11-27", "2025-11-27", 0),
                                                          ("2025-11-27", "2025-12-04", max(1, len(ids) // 10))]):
                if added:
                    add_citing_works(corpus, ids, added, ["2025-11-28", "2025-12-01", "2025-12-03"], "week")
                before = client.requests_sent
                citing(ids, cache, client, since, today)
                ours = client.requests_sent - before
                rows.append((["first run", "the following week"][week], ours, per_paper(server, ids)))
        for label, ours, full in rows:
            print(f"| {name} | {len(ids):,} | {label} | {ours:,} | {full:,} |", flush=True)
    finally:
        server.stop()


def measure_openalex(name: str, n: int, popular: int = 0) -> None:
    """The same weeks against the fake OpenAlex: ``n`` listed works, citing works added as for Semantic Scholar."""
    works = FakeWorks()
    listed = [f"W{8000000000 + k}" for k in range(n)]
    for k, wid in enumerate(listed):
        works.add(wid, f"Listed work {k}", doi=f"10.6666/listed.{k}", year=2020)
    year_dates = [f"2025-{m:02d}-{d:02d}" for m in range(1, 12) for d in (3, 17)]

    def add(count: int, cited: list[str], dates: list[str], tag: str) -> None:
        rng = random.Random(tag)
        for k in range(count):
            works.add(f"W{9000000000 + len(works.works)}", f"Outside work {tag} {k}", doi=f"10.6666/{tag}.{k}",
                      date=dates[k % len(dates)], references=rng.sample(cited, min(3, len(cited))))

    with FakeOpenAlex(works) as server, tempfile.TemporaryDirectory() as folder, Cache(folder) as cache:
        client = OpenAlex(server.url, max_rps=0, timeout=30, backoff=0.01)
        add(3 * n, listed, year_dates, "year")
        if popular:
            add(popular, listed[:1], year_dates, "popular")
        for week, (since, today, added) in enumerate([("2024-11-27", "2025-11-27", 0),
                                                      ("2025-11-27", "2025-12-04", max(1, n // 10))]):
            if added:
                add(added, listed, ["2025-11-28", "2025-12-01", "2025-12-03"], "week")
            before = client.requests_sent
            openalex_citing(listed, cache, client, since, today)
            print(f"| {name} (OpenAlex) | {n:,} | {['first run', 'the following week'][week]} | "
                  f"{client.requests_sent - before:,} | – |", flush=True)


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    print("| list | listed papers | watch | graphbuild requests | per-paper client (full pages of 100) |")
    print("|---|---:|---|---:|---:|")
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import SHIPPED_CATALOG, shipped_corpus

    shipped = load_catalog(SHIPPED_CATALOG)
    measure("shipped", shipped, shipped_corpus(shipped))
    measure("shipped, one paper cited 5,000 times in the year", shipped, shipped_corpus(shipped), popular=5000)
    papers = make_list(n)
    measure(f"synthetic {n:,}", parse_catalog(catalog_yaml(papers)), fake_corpus(papers))
    measure_openalex("shipped", 33)
    measure_openalex("shipped, one paper cited 5,000 times in the year", 33, popular=5000)
    measure_openalex(f"synthetic {n:,}", n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
