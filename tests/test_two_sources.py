"""End to end: `graphbuild build` with Semantic Scholar and OpenAlex together (both fakes, real HTTP), with faults
in each, then the reading commands on what it built."""

from __future__ import annotations

import json
import shutil
import time
import xml.etree.ElementTree as ET

import pytest

from helpers import SHIPPED_CATALOG, run_graphbuild, shipped_corpus, shipped_works

pytestmark = pytest.mark.slow  # every test here builds twice in subprocesses against two fake servers

FAST = ["--retries", "2", "--backoff", "0.01", "--max-rps", "0", "--timeout", "2", "--deadline", "20"]


@pytest.fixture
def servers(fake_s2, fake_oa, shipped_catalog):
    fake_s2.corpus = shipped_corpus(shipped_catalog)
    fake_oa.corpus_works, wid = shipped_works(shipped_catalog)
    return fake_s2, fake_oa


@pytest.fixture
def workdir(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    return tmp_path


def graphbuild(*args, cwd, env=None):
    """The CLI with its own default sources (both), not the Semantic-Scholar-only default of the other tests."""
    return run_graphbuild(*args, cwd=cwd, env={"GRAPHBUILD_SOURCES": "", **(env or {})}, timeout=120)


def build_both(servers, workdir, *extra, env=None):
    s2, oa = servers
    return graphbuild("build", "--sources", "s2,openalex", "--api-url", s2.url, "--openalex-url", oa.url, *FAST,
                      *extra, cwd=workdir, env=env)


def test_a_build_with_both_sources_merges_them_edge_by_edge(servers, workdir):
    result = build_both(servers, workdir)
    assert result.returncode == 0, result.stderr
    assert "OpenAlex: 33 resolved, 0 unresolved, 0 without data; requests: 3 (2 credits of the daily budget)" in result.stdout
    assert "curated+openalex+semantic_scholar" in result.stdout
    graphml = ET.parse(workdir / "output" / "graph.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    key = next(k.get("id") for k in graphml.findall("g:key", ns) if k.get("attr.name") == "sources")
    values = {d.text for d in graphml.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == key}
    assert {"openalex", "semantic_scholar", "curated", "curated,openalex,semantic_scholar"} <= values
    assert "provenance" not in (workdir / "output" / "graph.gexf").read_text(encoding="utf-8")
    page = (workdir / "output" / "lineage.html").read_text(encoding="utf-8")
    import re

    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert {"openalex", "semantic_scholar", "curated,openalex,semantic_scholar"} <= set(data["edge_sources"])

    stats = json.loads(graphbuild("stats", "--format", "json", cwd=workdir).stdout)
    assert stats["openalex"] == {"resolved": 33} and stats["openalex_references_unknown"] == ["vall-e"]
    assert sum(stats["citations_by_sources"].values()) == stats["citations"]
    assert stats["sources_disagree_most"]  # the fakes disagree on purpose
    first = stats["sources_disagree_most"][0]
    assert first["semantic_scholar_only"] + first["openalex_only"] >= 1

    check = graphbuild("check", "--format", "json", cwd=workdir)
    edges = json.loads(check.stdout)
    assert edges and all(e["reported_by"] in ("semantic_scholar", "openalex") for e in edges)
    assert any(e["other_knows_references"] and "is not among them" in e["other_says"] for e in edges)
    assert any(not e["other_knows_references"] and "unknown, not none" in e["other_says"] for e in edges)
    to_confirm = graphbuild("check", "--format", "yaml", "--evidence-only", cwd=workdir).stdout
    import yaml

    entries = yaml.safe_load(to_confirm)
    assert entries and all(set(e) == {"id", "cites"} and e["cites"][0]["evidence"] for e in entries)
    # never a citation papers.yaml already curates
    from graphbuild.catalog import load_catalog

    curated = {(p.id, c.target) for p in load_catalog(workdir / "papers.yaml").papers for c in p.cites}
    every = yaml.safe_load(graphbuild("check", "--format", "yaml", cwd=workdir).stdout)
    assert every and not [(e["id"], e["cites"][0]["id"]) for e in every if (e["id"], e["cites"][0]["id"]) in curated]
    single = {(e["citing"], e["cited"]) for e in edges}
    assert single & curated, "the fakes should have a curated citation one source alone reports"

    # offline, from the cache of both: the same graph, byte for byte
    before = (workdir / "output" / "graph.graphml").read_bytes()
    offline = graphbuild("build", "--offline", "--sources", "s2,openalex", cwd=workdir)
    assert offline.returncode == 0 and (workdir / "output" / "graph.graphml").read_bytes() == before
    # a warm rebuild asks nothing of either
    s2, oa = servers
    s2.reset_log(), oa.reset_log()
    warm = build_both(servers, workdir)
    assert warm.returncode == 0 and s2.count == 0 and oa.count == 0
    assert (workdir / "output" / "graph.graphml").read_bytes() == before


def test_refresh_can_be_per_source(servers, workdir):
    s2, oa = servers
    assert build_both(servers, workdir).returncode == 0
    s2.reset_log(), oa.reset_log()
    again = build_both(servers, workdir, "--refresh", "openalex")
    assert again.returncode == 0 and s2.count == 0 and oa.count == 3


def test_a_refused_key_stops_openalex_and_the_build_goes_on(servers, workdir):
    s2, oa = servers
    oa.keys = {"the-real-key"}
    started = time.monotonic()
    result = build_both(servers, workdir, env={"OPENALEX_API_KEY": "a-wrong-key-123"})
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("OpenAlex could not be used") == 1 and "OPENALEX_API_KEY was refused" in result.stderr
    assert oa.count == 1  # a 401 is final
    assert "OpenAlex: 0 resolved, 0 unresolved, 33 without data" in result.stdout
    assert "Semantic Scholar: 33 resolved" in result.stdout
    for path in [*(workdir / "output").rglob("*")]:
        if path.is_file():
            assert b"a-wrong-key-123" not in path.read_bytes(), f"the key leaked into {path}"
    assert "a-wrong-key-123" not in result.stdout + result.stderr
    strict = build_both(servers, workdir, "--strict", env={"OPENALEX_API_KEY": "a-wrong-key-123"})
    assert strict.returncode == 1 and "data is missing from OpenAlex" in strict.stderr


def test_a_spent_keyless_budget_stops_openalex_at_once(servers, workdir):
    s2, oa = servers
    oa.budgets[None] = 0
    result = build_both(servers, workdir)
    assert result.returncode == 0, result.stderr
    assert "daily budget is spent" in result.stderr and "midnight UTC" in result.stderr
    assert "without a key" in result.stderr and oa.count == 1


def test_openalex_down_is_bounded_and_semantic_scholar_carries_the_build(servers, workdir):
    s2, oa = servers
    oa.fail("status", status=500, times=1000)
    started = time.monotonic()
    result = build_both(servers, workdir)
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr
    assert "OpenAlex could not be used" in result.stderr and "2 calls in a row failed" in result.stderr
    assert "Semantic Scholar: 33 resolved" in result.stdout


def test_semantic_scholar_down_and_openalex_carries_the_build(servers, workdir):
    s2, oa = servers
    s2.fail("status", status=500, times=1000)
    result = build_both(servers, workdir)
    assert result.returncode == 0, result.stderr
    assert "Semantic Scholar: 0 resolved" in result.stdout and "error for anygpt: lookup failed" in result.stdout
    assert "OpenAlex: 33 resolved" in result.stdout and "curated+openalex " in result.stdout


def test_sources_must_be_known(workdir):
    result = graphbuild("build", "--offline", "--sources", "s2,crossref", cwd=workdir)
    assert result.returncode == 2 and "unknown source 'crossref'" in result.stderr and "Traceback" not in result.stderr
    bad_env = graphbuild("stats", cwd=workdir, env={"GRAPHBUILD_SOURCES": "nope"})
    assert bad_env.returncode == 2 and "GRAPHBUILD_SOURCES" in bad_env.stderr


def test_check_says_when_there_is_nothing_to_compare(workdir):
    result = graphbuild("check", cwd=workdir)
    assert result.returncode == 0 and "does not hold answers from both sources" in result.stdout


def test_an_openalex_black_hole_ends_within_the_deadline(servers, workdir):
    s2, oa = servers
    oa.fail("blackhole", delay=30, times=100)
    started = time.monotonic()
    result = graphbuild("build", "--sources", "s2,openalex", "--api-url", s2.url, "--openalex-url", oa.url,
                        "--retries", "2", "--backoff", "0.01", "--max-rps", "0", "--timeout", "2", "--deadline", "4",
                        cwd=workdir)
    assert time.monotonic() - started < 20
    assert result.returncode == 0, result.stderr
    assert "OpenAlex could not be used" in result.stderr and "Semantic Scholar: 33 resolved" in result.stdout


def test_an_openalex_list_of_the_wrong_shape_is_rejected_and_the_singletons_recover(servers, workdir):
    s2, oa = servers
    oa.fail("tamper", transform=lambda status, payload, query: (200, {"meta": {"count": 1}, "results": "oops"}),
            path_contains="/works")
    result = build_both(servers, workdir)
    assert result.returncode == 0, result.stderr
    assert "rejected an answer from OpenAlex" in result.stderr and "'results' list" in result.stderr
    # nothing of the rejected list is believed or cached as "not found": the arXiv DOIs are asked one by one
    assert sum(1 for r in oa.log if r.path.startswith("/works/doi:10.48550")) == 33
    assert "OpenAlex: 33 resolved" in result.stdout
    oa.reset_log()
    assert build_both(servers, workdir).returncode == 0 and oa.count == 0  # all of it cached since
