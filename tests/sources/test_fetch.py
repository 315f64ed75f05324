"""The request plan against the fake server: how many requests, and the graph each fault leaves behind."""

from __future__ import annotations

import socket

import pytest

from graphbuild.cache import Cache, References
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.graph import build_graph
from graphbuild.sources import SEMANTIC_SCHOLAR
from graphbuild.sources.semantic_scholar.client import SemanticScholar
from graphbuild.sources.semantic_scholar.fill import plan_reference_batches

from fake_s2 import s2_id
from helpers import SMALL_CATALOG, SMALL_IDS, fetch, make_client, shipped_corpus

SMALL_EDGES = {
    ("beta", "alpha"): "semantic_scholar",
    ("gamma", "alpha"): "curated",
    ("gamma", "beta"): "semantic_scholar",
    ("epsilon", "delta"): "curated",
    ("epsilon", "gamma"): "semantic_scholar",  # matched by DOI, case-insensitively
}


def edges(graph) -> dict:
    return {(u, v): ",".join(d["sources"]) for u, v, d in graph.edges(data=True)}


def run(catalog, cache_dir, client, **options):
    """Fill and read without why papers cite (its requests are tests/sources/test_contexts.py's)."""
    options.setdefault("without", ("contexts",))
    readings, reports = fetch(catalog, cache_dir, client, **options)
    return build_graph(catalog, readings), reports[SEMANTIC_SCHOLAR]


@pytest.fixture
def small(small_s2):
    return parse_catalog(SMALL_CATALOG)


# --- the plan ------------------------------------------------------------------------------------------------


def test_cold_small_build_makes_three_requests_and_the_right_graph(small, small_s2, client, tmp_path):
    graph, report = run(small, tmp_path, client)
    assert edges(graph) == SMALL_EDGES
    assert [(r.method, r.path) for r in small_s2.log] == [
        ("POST", "/graph/v1/paper/batch"),  # resolve alpha, beta, gamma, epsilon by id
        ("GET", "/graph/v1/paper/search/match"),  # delta has no id: its title
        ("POST", "/graph/v1/paper/batch"),  # every reference list, nested
    ]
    assert small_s2.log[0].body == {"ids": ["ARXIV:1901.00001", "ARXIV:2001.00002", "DOI:10.1000/Gamma.2021",
                                            "ARXIV:2301.00005"]}  # the arXiv version is stripped
    assert report.requests == 3 and report.cache_hits == 0 and not report.errors
    nodes = graph.nodes
    assert nodes["beta"]["references_resolved"] == 2 and nodes["beta"]["reference_count"] == 3  # one paperId: null
    assert nodes["delta"]["references_status"] == "elided" and "references_resolved" not in nodes["delta"]
    assert nodes["delta"]["s2_id"] == SMALL_IDS["delta"]
    assert nodes["alpha"]["citation_count"] == 900 and nodes["alpha"]["authors"] == ["Ada Lovelace"]


def test_warm_rebuild_makes_no_request(small, small_s2, client, tmp_path):
    first, _ = run(small, tmp_path, client)
    small_s2.reset_log()
    graph, report = run(small, tmp_path, client)
    assert small_s2.count == 0 and report.requests == 0
    assert edges(graph) == edges(first)
    assert dict(graph.nodes(data=True)) == dict(first.nodes(data=True))


def test_offline_uses_the_cache_and_makes_no_request(small, small_s2, client, tmp_path):
    run(small, tmp_path, client)
    small_s2.reset_log()
    graph, report = run(small, tmp_path, None)
    assert small_s2.count == 0 and report.offline
    assert edges(graph) == SMALL_EDGES


def test_offline_with_an_empty_cache_has_curated_edges_only(small, tmp_path):
    graph, report = run(small, tmp_path, None)
    assert edges(graph) == {k: v for k, v in SMALL_EDGES.items() if v == "curated"}
    assert {d["s2_status"] for _, d in graph.nodes(data=True)} == {"no_data"}


def test_refresh_asks_again(small, small_s2, client, tmp_path):
    run(small, tmp_path, client)
    small_s2.reset_log()
    graph, report = run(small, tmp_path, client, refresh=True)
    assert small_s2.count == 3 and edges(graph) == SMALL_EDGES


def test_shipped_list_cold_two_requests_warm_zero_one_added_two(shipped_s2, shipped_catalog, shipped_copy, tmp_path):
    client = make_client(shipped_s2)
    graph, report = run(shipped_catalog, tmp_path / "cache", client)
    assert shipped_s2.count == 2 and report.requests == 2
    assert graph.number_of_nodes() == 33
    assert set(edges(graph).values()) == {"semantic_scholar", "curated", "curated,semantic_scholar"}
    assert all(d["s2_status"] == "resolved" for _, d in graph.nodes(data=True))

    shipped_s2.reset_log()
    run(shipped_catalog, tmp_path / "cache", client)
    assert shipped_s2.count == 0

    # add one paper (a new one Semantic Scholar knows, citing wav2vec 2.0)
    new_id = s2_id("new-paper")
    shipped_s2.corpus.add(new_id, "A Brand New Speech Paper", arxiv="2411.00001", year=2024,
                          references=[shipped_s2.corpus.ref(s2_id("shipped:wav2vec2"))])
    text = shipped_copy.read_text(encoding="utf-8").rstrip() + (
        '\n  - id: brand-new\n    title: "A Brand New Speech Paper"\n    category: speech-llm\n'
        '    arxiv: "2411.00001"\n')
    shipped_copy.write_text(text, encoding="utf-8")
    grown = load_catalog(shipped_copy)
    shipped_s2.reset_log()
    graph, report = run(grown, tmp_path / "cache", client)
    assert shipped_s2.count == 2
    assert shipped_s2.log[0].body == {"ids": ["ARXIV:2411.00001"]}
    assert shipped_s2.log[1].body == {"ids": [new_id]}
    assert edges(graph)[("brand-new", "wav2vec2")] == "semantic_scholar"


def test_reference_batches_respect_the_caps():
    counts = {f"p{i:03d}": 900 for i in range(30)}
    groups = plan_reference_batches(sorted(counts), counts)
    assert len(groups) == 3  # 11 papers of 900 fit under 9,999
    assert all(sum(min(counts[p], 1000) for p in g) <= 9999 for g in groups)
    small = {f"q{i:04d}": 5 for i in range(1200)}
    groups = plan_reference_batches(sorted(small), small)
    assert [len(g) for g in groups] == [500, 500, 200]  # the 500-ids cap
    mixed = {"big": 50_000, "unknown": None, "tiny": 3}
    groups = plan_reference_batches(sorted(mixed), mixed)
    assert sorted(p for g in groups for p in g) == ["big", "tiny", "unknown"]
    assert all(sum(min(mixed[p] or 1000, 1000) for p in g) <= 9999 for g in groups)


def test_a_paper_with_over_1000_references_is_paged_after_the_nested_list(fake_s2, client, tmp_path):
    corpus = fake_s2.corpus
    outside = [s2_id(f"o{i}") for i in range(2500)]
    for k, pid in enumerate(outside):
        corpus.add(pid, f"Outside {k}", year=2000)
    corpus.add(s2_id("base"), "Base Paper", arxiv="1801.00001", year=2018)
    refs = [corpus.ref(pid) for pid in outside[:1700]] + [corpus.ref(s2_id("base"), influential=True)] + \
        [corpus.ref(pid) for pid in outside[1700:]]
    corpus.add(s2_id("big"), "Big Survey", arxiv="2301.00001", year=2023, references=refs)
    catalog = parse_catalog("""
categories: [{id: c, label: C, color: "#000000"}]
papers:
  - {id: big, title: Big Survey, category: c, arxiv: "2301.00001"}
  - {id: base, title: Base Paper, category: c, arxiv: "1801.00001"}
""")
    graph, report = run(catalog, tmp_path, client)
    calls = [(r.method, r.path.rsplit("/", 1)[-1], r.query.get("offset")) for r in fake_s2.log]
    assert calls == [("POST", "batch", None), ("POST", "batch", None),
                     ("GET", "references", "1000"), ("GET", "references", "2000")]
    assert graph.edges["big", "base"] == {"sources": ["semantic_scholar"], "influential": "true", "contexts": 0}
    assert graph.nodes["big"]["references_resolved"] == 2501
    with Cache(tmp_path) as cache:
        assert len(cache.get_references(SEMANTIC_SCHOLAR, [s2_id("big")], ["paperId"])[s2_id("big")].refs) == 2501


def test_interrupted_paging_resumes_where_it_stopped(fake_s2, client, tmp_path):
    corpus = fake_s2.corpus
    outside = [s2_id(f"o{i}") for i in range(3500)]
    for k, pid in enumerate(outside):
        corpus.add(pid, f"Outside {k}", year=2000)
    corpus.add(s2_id("big"), "Big Survey", arxiv="2301.00001", year=2023, references=[corpus.ref(p) for p in outside])
    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                            'papers: [{id: big, title: Big Survey, category: c, arxiv: "2301.00001"}]\n')
    # the first page (offset 1000) succeeds, the second (2000) fails finally: progress up to 2000 is kept
    fake_s2.fail("pass", path_contains="references")
    fake_s2.fail("status", status=400, body={"error": "Requested data for this limit and/or offset is not available"},
                 path_contains="references")
    graph, report = run(catalog, tmp_path, client)
    assert "big" in report.errors
    assert graph.nodes["big"]["references_status"] == "partial"
    fake_s2.reset_log()
    graph, report = run(catalog, tmp_path, client)
    assert [(r.path.rsplit("/", 1)[-1], r.query.get("offset")) for r in fake_s2.log] == [
        ("references", "2000"), ("references", "3000")]
    assert graph.nodes["big"]["references_status"] == "complete"
    assert graph.nodes["big"]["references_resolved"] == 3500


# --- faults end with the right graph and the right count -----------------------------------------------


@pytest.mark.parametrize("fault, options", [
    ("status", {"status": 429}),
    ("status", {"status": 429, "retry_after": "0"}),
    ("status", {"status": 500}),
    ("status", {"status": 503}),
    ("status", {"status": 504}),
    ("drop", {}),
    ("slow", {"delay": 1.5}),
    ("malformed", {}),
])
@pytest.mark.parametrize("target", ["/paper/batch", "/paper/search/match"])
def test_transient_faults_cost_one_retry(small, small_s2, tmp_path, fault, options, target):
    client = make_client(small_s2, timeout=0.5)
    small_s2.fail(fault, path_contains=target, **options)
    graph, report = run(small, tmp_path, client)
    assert edges(graph) == SMALL_EDGES
    assert small_s2.count == 4 and report.requests == 4 and not report.errors


def test_nested_batch_too_large_is_split(small, small_s2, client, tmp_path):
    small_s2.fail("status", status=400, fields_contains="references.",
                  body={"error": "Response would exceed maximum size. Please reduce the number of ids."})
    graph, report = run(small, tmp_path, client)
    assert edges(graph) == SMALL_EDGES
    nested = [r.body["ids"] for r in small_s2.log if "references." in r.query.get("fields", "")]
    assert len(nested) == 3 and sorted(nested[1] + nested[2]) == sorted(nested[0])


def test_a_paper_whose_nested_batch_keeps_failing_is_paged(small, small_s2, client, tmp_path):
    small_s2.fail("status", status=500, fields_contains="references.", times=100)
    graph, report = run(small, tmp_path, client)
    assert edges(graph) == SMALL_EDGES
    pages = sorted(r.path.split("/")[-2] for r in small_s2.log if r.path.endswith("/references"))
    assert pages == sorted(SMALL_IDS[p] for p in ("alpha", "beta", "gamma", "delta", "epsilon"))
    assert graph.nodes["delta"]["references_status"] == "elided"  # data: null on the paging endpoint too
    assert graph.edges["beta", "alpha"]["influential"] == "true"  # known from the paging endpoint


def test_an_id_unknown_to_semantic_scholar_is_unresolved_without_a_title_match(fake_s2, client, tmp_path):
    fake_s2.corpus.add(s2_id("o"), "Outside", year=2010)
    fake_s2.corpus.add(s2_id("x"), "A Known Title", year=2020,  # S2 does not know its arXiv id
                       references=[fake_s2.corpus.ref(s2_id("o"))])
    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\npapers:\n'
                            '  - {id: x, title: "A Known Title", category: c, arxiv: "2001.00009"}\n'
                            '  - {id: y, title: "Nobody Knows Me", category: c, arxiv: "2001.00010"}\n')
    graph, report = run(catalog, tmp_path, client)
    # one batch (400 "No valid paper ids given" means all null); a title match is only for papers without ids
    assert [r.path.rsplit("/", 1)[-1] for r in fake_s2.log] == ["batch"]
    assert graph.nodes["x"]["s2_status"] == "unresolved" and graph.nodes["y"]["s2_status"] == "unresolved"
    fake_s2.reset_log()
    run(catalog, tmp_path, client)
    assert fake_s2.count == 0  # "not found" is remembered too


def test_a_paper_without_references_costs_no_reference_request(fake_s2, client, tmp_path):
    fake_s2.corpus.add(s2_id("x"), "Lonely", arxiv="2001.00009", year=2020)  # referenceCount 0
    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                            'papers: [{id: x, title: Lonely, category: c, arxiv: "2001.00009"}]\n')
    graph, _ = run(catalog, tmp_path, client)
    assert fake_s2.count == 1 and graph.nodes["x"]["references_status"] == "complete"


def test_title_match_of_a_different_paper_is_not_taken(fake_s2, client, tmp_path):
    fake_s2.corpus.add(s2_id("x"), "Attention Is All You Need", year=2017)
    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                            'papers: [{id: x, title: "Attention Is All You Need", category: c}]\n')
    graph, _ = run(catalog, tmp_path, client)
    assert graph.nodes["x"]["s2_status"] == "resolved"
    fake_s2.corpus.papers[s2_id("x")]["title"] = "Attention Is Not All You Need At All, Really"
    fake_s2.corpus.add(s2_id("z"), "Attention Is All You Need (poster)", year=2017)
    catalog2 = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                             'papers: [{id: z, title: "Attention Was All We Needed", category: c}]\n')
    graph2, _ = run(catalog2, tmp_path / "other", client)
    assert graph2.nodes["z"]["s2_status"] == "unresolved"


def test_unreachable_stops_at_once_and_builds_from_cache(small, small_s2, client, tmp_path):
    run(small, tmp_path, client)  # fill the cache
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = SemanticScholar(f"http://127.0.0.1:{port}/graph/v1", max_rps=0, sleep=lambda s: None)
    graph, report = run(small, tmp_path, dead, refresh=True)
    assert report.stopped and "connection refused" in report.stopped
    assert dead.requests_sent == 3 and report.requests == 3  # one call, tried three times
    assert edges(graph) == SMALL_EDGES  # everything still there, from the cache


def test_forbidden_key_stops_with_a_clear_message(small, small_s2, tmp_path):
    client = SemanticScholar(small_s2.url, "wrong-key", max_rps=0)
    small_s2.fail("status", status=403, times=50)
    graph, report = run(small, tmp_path, client)
    assert small_s2.count == 1
    assert "S2_API_KEY" in report.stopped
    assert edges(graph) == {k: v for k, v in SMALL_EDGES.items() if v == "curated"}


def test_shipped_corpus_fixture_matches_catalog(shipped_catalog):
    corpus = shipped_corpus(shipped_catalog)
    assert len([p for p in corpus.papers.values() if p["externalIds"].get("ArXiv")]) == 33


# --- the decisions, without a server -------------------------------------------------------------------------


def test_plan_resolution_from_the_cache_alone():
    from graphbuild.sources.semantic_scholar.read import plan_resolution

    catalog = parse_catalog(SMALL_CATALOG)
    cached = {"ARXIV:1901.00001": SMALL_IDS["alpha"], "ARXIV:2001.00002": None}  # beta: unknown to S2
    plan = plan_resolution(catalog.papers, cached)
    assert plan.known == {"alpha": SMALL_IDS["alpha"], "beta": None}
    assert [p.id for p in plan.by_id] == ["gamma", "epsilon"]
    assert [p.id for p in plan.by_title] == ["delta"]  # no id at all: only then a title match
    plan = plan_resolution(catalog.papers, {"TITLE:delta found by title only": SMALL_IDS["delta"]})
    assert plan.known == {"delta": SMALL_IDS["delta"]} and not plan.by_title


def test_plan_references_from_the_cache_and_the_counts():
    from graphbuild.sources.semantic_scholar.read import plan_references

    final, partial = References("complete", []), References("partial", [{"paperId": "a" * 40}], 1000)
    plan = plan_references(["p1", "p2", "p3", "p4", "p5"], {"p1": final, "p2": partial},
                           {"p1": 5, "p2": 2500, "p3": 0, "p4": 40, "p5": None})
    assert plan.known == {"p1": final, "p2": partial}
    assert plan.pages == {"p2": 1000}  # resume where paging stopped
    assert plan.empty == ["p3"]  # no references: nothing to ask
    assert plan.batch == ["p4", "p5"]  # an unknown count is asked for too
