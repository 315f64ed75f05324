"""Requests per cold build: graphbuild vs a per-paper client vs the floor the API's caps allow, for Semantic Scholar
and for OpenAlex.

Runs against the fake Semantic Scholar server (tests/fake_s2.py) over real HTTP on 127.0.0.1, for synthetic lists
of 33, 1,000 and 10,000 papers (benchmarks/synthetic.py: most papers 20-80 references, a few over 1,000).

    python benchmarks/requests_per_build.py [N ...]

The floor: ceil(N/500) batch calls to resolve, plus ceil(sum(min(refs, 1000)) / 9999) nested-reference calls, plus
the extra /references pages (1,000 each) of papers over 1,000 references. Why papers cite (the citing sentences, on
by default) is measured apart: its floor is one /references page per listed paper citing listed papers. The
per-paper client is how common
clients work: GET /paper/{id}, then GET /paper/{id}/references pages of 100 (the API's default page size).

OpenAlex (tests/fake_openalex.py, the same papers): one work per paper, most arXiv-only; one in twenty published,
its preprint merged in as a location (not found by its arXiv DOI in a list: a free singleton finds it); one in fifty
missing from OpenAlex; five references each to a pool of N/2 outside works. The floor is ceil(N / 100) list calls
(100 arXiv DOIs fit in one URL under 4 KB); misses cost free singletons and autocompletes (0 credits, paced at 8/s);
the outside works two or more listed papers cite (for suggest) cost ceil(k / 100) more calls, k ≤ 1,000. Credits
are what OpenAlex's daily budget counts.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import requests  # noqa: E402

from benchmarks.synthetic import catalog_yaml, fake_corpus, make_list  # noqa: E402
from graphbuild.cache import Cache  # noqa: E402
from graphbuild.catalog import parse_catalog  # noqa: E402
from graphbuild.jobs import fill_and_read  # noqa: E402
from graphbuild.sources import OPENALEX, SEMANTIC_SCHOLAR  # noqa: E402
from graphbuild.sources.openalex.client import OpenAlex  # noqa: E402
from graphbuild.sources.semantic_scholar.client import SemanticScholar  # noqa: E402

from fake_openalex import FakeOpenAlex, FakeWorks  # noqa: E402
from fake_s2 import FakeSemanticScholar  # noqa: E402


def floor_requests(reference_counts: list[int]) -> int:
    n = len(reference_counts)
    nested = math.ceil(sum(min(r, 1000) for r in reference_counts) / 9999)
    pages = sum(math.ceil((r - 1000) / 1000) for r in reference_counts if r > 1000)
    return math.ceil(n / 500) + nested + pages


def contexts_floor(corpus, listed: set[str]) -> int:
    """Why papers cite, at the least: one /references page of 1,000 per listed paper citing listed papers, more
    only where a listed reference stands past the first page."""
    total = 0
    for pid in listed:
        refs = corpus.papers[pid].get("references") or []
        at = [k for k, r in enumerate(refs) if r.get("paperId") in listed and r.get("paperId") != pid]
        if at:
            total += math.ceil((max(at) + 1) / 1000)
    return total


def per_paper_client(server: FakeSemanticScholar, arxiv_ids: list[str], page: int = 100) -> int:
    session, sent = requests.Session(), 0
    for arxiv in arxiv_ids:
        answer = session.get(f"{server.url}/paper/ARXIV:{arxiv}", params={"fields": "title,externalIds,referenceCount"})
        sent += 1
        paper_id = answer.json()["paperId"]
        offset = 0
        while True:
            body = session.get(f"{server.url}/paper/{paper_id}/references",
                               params={"fields": "paperId,externalIds", "offset": offset, "limit": page}).json()
            sent += 1
            if body.get("next") is None or not body.get("data"):
                break
            offset = body["next"]
    return sent


def one_nested_batch(server: FakeSemanticScholar, arxiv_ids: list[str]) -> str:
    """What the 'one call does it all' client meets: a single 500-id batch with nested references."""
    answer = requests.post(f"{server.url}/paper/batch", params={"fields": "title,references.paperId"},
                           json={"ids": [f"ARXIV:{a}" for a in arxiv_ids[:500]]})
    return "ok" if answer.status_code == 200 else f"{answer.status_code} {answer.json().get('error', '')[:45]}"


def run(n: int) -> dict:
    papers = make_list(n)
    catalog = parse_catalog(catalog_yaml(papers))
    corpus = fake_corpus(papers)
    counts = [corpus.papers[p.s2_id]["referenceCount"] for p in papers]
    row = {"papers": n, "floor": floor_requests(counts), "over_1000": sum(c > 1000 for c in counts)}
    with FakeSemanticScholar(corpus) as server, tempfile.TemporaryDirectory() as tmp:
        client = SemanticScholar(server.url, max_rps=0)
        started = time.perf_counter()
        with Cache(tmp) as cache:  # metadata and reference lists (build --no-contexts)
            readings, reports = fill_and_read(catalog, cache, {SEMANTIC_SCHOLAR: client}, (SEMANTIC_SCHOLAR,),
                                              without=("contexts",))
        report = reports[SEMANTIC_SCHOLAR]
        row["graphbuild_seconds_local"] = round(time.perf_counter() - started, 1)
        row["graphbuild"] = server.count
        assert sum(1 for w in readings[SEMANTIC_SCHOLAR].works.values() if w) == n and not report.errors
        server.reset_log()
        with Cache(tmp) as cache:  # then why papers cite: what a build adds by default
            _, reports = fill_and_read(catalog, cache, {SEMANTIC_SCHOLAR: client}, (SEMANTIC_SCHOLAR,))
        row["contexts"] = server.count
        row["contexts_floor"] = contexts_floor(corpus, {p.s2_id for p in papers})
        assert reports[SEMANTIC_SCHOLAR].contexts_left == 0 and not reports[SEMANTIC_SCHOLAR].rejected
        server.reset_log()
        with Cache(tmp) as cache:
            fill_and_read(catalog, cache, {SEMANTIC_SCHOLAR: client}, (SEMANTIC_SCHOLAR,))
        row["warm"] = server.count
        server.reset_log()
        row["per_paper"] = per_paper_client(server, [p.arxiv for p in papers])
        row["one_nested_batch"] = one_nested_batch(server, [p.arxiv for p in papers])
        row.update(openalex_run(papers, catalog, tmp))
    return row


def openalex_works(papers) -> FakeWorks:
    works = FakeWorks()
    wid = {p.key: f"W{5000000000 + i}" for i, p in enumerate(papers)}
    pool = max(10, len(papers) // 2)  # works outside the list, cited with a heavy tail (k² favours the first)
    for k in range(pool):
        works.add(f"W{6000000000 + k}", f"Outside work {k}", doi=f"10.8888/outside.{k}", year=1990)
    for i, paper in enumerate(papers):
        if i % 50 == 13:
            continue  # OpenAlex does not have it
        refs = [wid[papers[j].key] for j in paper.cites if papers[j].key in wid]
        refs += [f"W{6000000000 + (i * 7919 * (r + 1)) % pool * ((i + r) % pool) // pool}" for r in range(5)]
        if i % 20 == 7:
            works.add(wid[paper.key], paper.title, doi=f"10.9999/synthetic.{i}", arxiv_merged=paper.arxiv,
                      year=paper.year, references=refs)
        else:
            works.add(wid[paper.key], paper.title, arxiv=paper.arxiv, year=paper.year, references=refs)
    return works


def openalex_run(papers, catalog, tmp: str) -> dict:
    """OpenAlex after Semantic Scholar (whose answers are in the cache in ``tmp``): what its fill asks for."""
    n = len(papers)
    both = (SEMANTIC_SCHOLAR, OPENALEX)
    with FakeOpenAlex(openalex_works(papers)) as server:
        client = OpenAlex(server.url, max_rps=0)
        with Cache(tmp) as cache:
            readings, reports = fill_and_read(catalog, cache, {OPENALEX: client}, both)
        reading, report = readings[OPENALEX], reports[OPENALEX]
        lists = sum(1 for r in server.log if r.path == "/works")
        row = {"oa_floor": math.ceil(n / 100), "oa_lists": lists, "oa_credits": server.used.get(None, 0),
               "oa_outside": len(reading.outside),
               "oa_singletons": sum(1 for r in server.log if r.path.startswith("/works/")),
               "oa_autocomplete": sum(1 for r in server.log if r.path.startswith("/autocomplete")),
               "oa_found": sum(1 for w in reading.works.values() if w)}
        server.reset_log()
        with Cache(tmp) as cache:
            fill_and_read(catalog, cache, {OPENALEX: client}, both)
        row["oa_warm"] = server.count
        assert not report.rejected and row["oa_found"] == n - len([i for i in range(n) if i % 50 == 13])
    return row


def minutes(requests_made: int) -> str:
    seconds = requests_made  # at 1 request per second
    return f"{seconds / 60:.1f} min" if seconds >= 120 else f"{seconds} s"


def main(sizes: list[int]) -> None:
    print("| papers | floor | graphbuild cold | ratio | why papers cite: floor | graphbuild | warm | "
          "per-paper client | 1 nested 500-id batch | graphbuild at 1 req/s (with why) | per-paper at 1 req/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    rows = []
    for n in sizes:
        r = run(n)
        print(f"| {r['papers']:,} | {r['floor']} | {r['graphbuild']} | {r['graphbuild'] / r['floor']:.2f} | "
              f"{r['contexts_floor']:,} | {r['contexts']:,} | {r['warm']} | {r['per_paper']:,} | "
              f"{r['one_nested_batch']} | {minutes(r['graphbuild'])} ({minutes(r['graphbuild'] + r['contexts'])}) | "
              f"{minutes(r['per_paper'])} |", flush=True)
        rows.append(r)
    print("\nOpenAlex (same papers):\n")
    print("| papers | floor (list calls) | list calls (credits) | free singletons | free autocomplete | found | "
          "outside works | warm |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['papers']:,} | {r['oa_floor']} | {r['oa_lists']} ({r['oa_credits']}) | {r['oa_singletons']} | "
              f"{r['oa_autocomplete']} | {r['oa_found']:,} | {r['oa_outside']} | {r['oa_warm']} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [33, 1000, 10000])
