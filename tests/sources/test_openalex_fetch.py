"""The OpenAlex plan against the fake OpenAlex (and the fake Semantic Scholar beside it): how many requests, one
node per paper whatever each source calls it, and the sources of every edge."""

from __future__ import annotations

import pytest

from graphbuild.catalog import parse_catalog
from graphbuild.graph import build_graph
from graphbuild.sources import OPENALEX, SEMANTIC_SCHOLAR
from graphbuild.sources.openalex.read import paper_keys, plan_openalex

from helpers import SMALL_CATALOG, fetch, make_client, make_openalex_client, shipped_corpus, shipped_works


@pytest.fixture
def shipped(fake_s2, fake_oa, shipped_catalog):
    fake_s2.corpus = shipped_corpus(shipped_catalog)
    fake_oa.corpus_works, wid = shipped_works(shipped_catalog)
    return shipped_catalog, fake_s2, fake_oa, wid


def both(catalog, cache_dir, s2_client, oa_client, **options):
    readings, reports = fetch(catalog, cache_dir, s2_client, oa_client, **options)
    return readings, reports[SEMANTIC_SCHOLAR], reports[OPENALEX]


def oa_ids(readings) -> dict:
    """What OpenAlex work each paper it was asked about is (None: not found)."""
    return {cid: w.id if w else None for cid, w in readings[OPENALEX].works.items()}


def distrusted(readings) -> dict:
    return {cid: w.distrusted_year for cid, w in readings[OPENALEX].works.items() if w and w.distrusted_year}


def versions(readings) -> dict:
    return {cid: list(w.versions) for cid, w in readings[OPENALEX].works.items() if w and w.versions}


def expected_sources(catalog, s2_server, oa_server, wid):
    """Each edge's sources, worked out from the two fake corpora and the curated list, independently."""
    by_s2 = {p["paperId"]: cid for cid, p in ((c.id, s2_server.corpus.resolve(f"ARXIV:{c.arxiv}")) for c in
                                                catalog.papers) for p in [{"paperId": p}]}
    by_w = {w: cid for cid, w in wid.items()}
    found: dict[tuple[str, str], set[str]] = {}
    for paper in catalog.papers:
        for cite in paper.cites:
            found.setdefault((paper.id, cite.target), set()).add("curated")
    for sid, record in s2_server.corpus.papers.items():
        for ref in record.get("references") or []:
            if sid in by_s2 and ref.get("paperId") in by_s2:
                found.setdefault((by_s2[sid], by_s2[ref["paperId"]]), set()).add("semantic_scholar")
    for w, work in oa_server.corpus_works.works.items():
        for ref in work["referenced_works"]:
            short = ref.rsplit("/", 1)[-1]
            if w in by_w and short in by_w:
                found.setdefault((by_w[w], by_w[short]), set()).add("openalex")
    return {edge: ",".join(sorted(names)) for edge, names in found.items()}


def test_shipped_list_cold_costs_two_list_calls_and_one_free_singleton_warm_nothing(shipped, tmp_path):
    catalog, s2, oa, wid = shipped
    records, _, report = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    calls = [(r.path, r.query.get("filter", "")[:4]) for r in oa.log]
    # 33 arXiv DOIs in one OR list; HuBERT, merged into its journal version, is missed by the list and found by
    # the free singleton on its arXiv DOI; then the outside works two or more listed papers cite, in one list
    assert calls == [("/works", "doi:"), ("/works/doi:10.48550/arxiv.2106.07447", ""), ("/works", "open")]
    assert report.requests == 3 and not report.errors and not report.rejected
    assert oa_ids(records) == wid
    outside = oa.log[2].query["filter"].split(":", 1)[1].split("|")
    assert "W9999999999" in outside and len(records[OPENALEX].outside) == len(outside) - 1  # the dangling id
    oa.reset_log()
    again, _, warm = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    assert oa.count == 0 and warm.requests == 0 and warm.cache_hits == 33
    assert oa_ids(again) == oa_ids(records)


def test_every_edge_carries_the_sources_that_report_it(shipped, tmp_path):
    catalog, s2, oa, wid = shipped
    records, _, _ = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    graph = build_graph(catalog, records)
    got = {(u, v): ",".join(d["sources"]) for u, v, d in graph.edges(data=True)}
    assert got == expected_sources(catalog, s2, oa, wid)
    kinds = set(got.values())
    assert {"openalex", "semantic_scholar", "curated,openalex,semantic_scholar", "curated"} <= kinds


def test_a_preprint_in_one_source_and_its_published_version_in_the_other_are_one_node(shipped, tmp_path):
    catalog, s2, oa, wid = shipped
    records, _, _ = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    graph = build_graph(catalog, records)
    hubert = graph.nodes["hubert"]
    assert hubert["openalex_id"] == wid["hubert"] and hubert["s2_status"] == "resolved"
    assert hubert["arxiv"] == "2106.07447" and graph.number_of_nodes() == 33
    citing_hubert_in_oa = {u for u, v, d in graph.edges(data=True) if v == "hubert" and "openalex" in d["sources"]}
    assert citing_hubert_in_oa  # OpenAlex's edges to the journal version land on the paper listed by its preprint


def test_an_empty_openalex_reference_list_is_unknown_not_none(shipped, tmp_path):
    from graphbuild.analysis import single_source_edges

    catalog, s2, oa, wid = shipped
    records, _, _ = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    graph = build_graph(catalog, records)
    node = graph.nodes["vall-e"]
    assert node["openalex_references_status"] == "unknown" and node["openalex_reference_count"] == 0
    s2_edges = [(u, v) for u, v, d in graph.edges(data=True) if u == "vall-e" and "semantic_scholar" in d["sources"]]
    assert s2_edges
    checks = {(e.citing, e.cited): e for e in single_source_edges(graph)}
    for edge in s2_edges:
        if edge in checks:
            assert not checks[edge].other_knows_references and "unknown, not none" in checks[edge].other_says


def test_a_bad_merge_keeps_the_paper_but_not_its_year(shipped, tmp_path):
    catalog, s2, oa, wid = shipped
    oa.corpus_works.works[wid["wav2vec"]]["publication_year"] = 2025  # word2vec in OpenAlex: 2013 → 2025
    records, _, report = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    graph = build_graph(catalog, records)
    node = graph.nodes["wav2vec"]
    assert distrusted(records) == {"wav2vec": 2025}
    assert node["openalex_year"] == 2025 and node["year"] == 2019 and node["first_appearance"].startswith("2019")
    assert node["openalex_id"] == wid["wav2vec"]  # still the same paper: its references still count


def test_a_work_whose_title_disagrees_is_not_taken(shipped, tmp_path):
    catalog, s2, oa, wid = shipped
    oa.corpus_works.works[wid["whisper"]].update(display_name="Dataset: Zenodo deposit 42", title="Dataset")
    records, _, report = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    assert oa_ids(records)["whisper"] is None
    assert "Zenodo deposit" in report.errors["whisper"] and "not taken" in report.errors["whisper"]
    graph = build_graph(catalog, records)
    assert graph.nodes["whisper"]["openalex_status"] == "unresolved"
    assert not any(u == "whisper" and "openalex" in d["sources"] for u, _, d in graph.edges(data=True))


def test_a_bad_record_is_rejected_never_cached_and_asked_again(shipped, tmp_path, caplog):
    catalog, s2, oa, wid = shipped
    good = list(oa.corpus_works.works[wid["encodec"]]["referenced_works"])
    oa.corpus_works.works[wid["encodec"]]["referenced_works"] = "abc"
    records, _, report = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    assert any("referenced_works" in problem for problem in report.rejected)
    assert "encodec" not in {c for c, w in oa_ids(records).items() if w}
    oa.corpus_works.works[wid["encodec"]]["referenced_works"] = good
    oa.reset_log()
    records, _, report = both(catalog, tmp_path, make_client(s2), make_openalex_client(oa))
    assert oa.count >= 1 and oa_ids(records)["encodec"] == wid["encodec"] and not report.rejected


def test_a_title_only_paper_is_found_through_the_free_autocomplete(fake_s2, fake_oa, tmp_path):
    from fake_openalex import FakeWorks
    from helpers import small_corpus

    fake_s2.corpus = small_corpus()
    works = FakeWorks()
    works.add("W11", "Alpha: A Foundation", arxiv="1901.00001", year=2019)
    works.add("W44", "Delta, Found by Title Only", doi="10.7777/delta", year=2022, references=["W11"])
    works.add("W45", "Delta, Found by Title Only: A Reply", doi="10.7777/reply", year=2023)
    fake_oa.corpus_works = works
    catalog = parse_catalog(SMALL_CATALOG)
    records, _, report = both(catalog, tmp_path, make_client(fake_s2), make_openalex_client(fake_oa))
    assert oa_ids(records)["delta"] == "W44" and oa_ids(records)["alpha"] == "W11"
    assert [r.path for r in fake_oa.log if r.path.startswith("/autocomplete")]
    graph = build_graph(catalog, records)
    assert "openalex" in graph.edges["delta", "alpha"]["sources"]


def test_plan_asks_only_for_what_the_cache_lacks():
    catalog = parse_catalog(SMALL_CATALOG)
    keys = {p.id: paper_keys(p, None) for p in catalog.papers}
    assert keys["beta"][0] == "DOI:10.48550/arxiv.2001.00002" and keys["gamma"][0] == "DOI:10.1000/gamma.2021"
    cached = {"DOI:10.48550/arxiv.1901.00001": "W1", keys["beta"][0]: None, keys["beta"][-1]: None}
    plan = plan_openalex(catalog.papers, keys, cached, {"W1": {"id": "W1", "title": "Alpha: A Foundation"}})
    assert plan.known == {"alpha": "W1", "beta": None}
    assert plan.dois == ["10.1000/gamma.2021", "10.48550/arxiv.2301.00005"]
    assert [p.id for p in plan.titles] == ["gamma", "delta", "epsilon"]
    # a cached answer whose work has another title (two works that swapped DOIs) is asked again, never "not found"
    plan = plan_openalex(catalog.papers, keys, cached, {"W1": {"id": "W1", "title": "Something Else Entirely"}})
    assert "alpha" not in plan.known and "10.48550/arxiv.1901.00001" in plan.dois


def test_semantic_scholars_ids_widen_the_search(fake_s2, fake_oa, tmp_path):
    """A paper listed by its arXiv id whose published version OpenAlex knows by DOI only (and whose singleton
    finds nothing): found in the same list call through the DOI Semantic Scholar gives it."""
    from fake_openalex import FakeWorks
    from helpers import SMALL_IDS, small_corpus

    corpus = small_corpus()
    corpus.papers[SMALL_IDS["beta"]]["externalIds"]["DOI"] = "10.3333/Beta.Published"
    fake_s2.corpus = corpus
    works = FakeWorks()
    works.add("W22", "Beta Builds on Alpha", doi="10.3333/beta.published", year=2020)
    fake_oa.corpus_works = works
    catalog = parse_catalog(SMALL_CATALOG)
    records, _, _ = both(catalog, tmp_path, make_client(fake_s2), make_openalex_client(fake_oa))
    assert oa_ids(records)["beta"] == "W22"
    assert sum(1 for r in fake_oa.log if r.path == "/works") == 1


def test_an_outside_work_under_two_ids_counts_once_in_suggest(fake_s2, fake_oa, tmp_path):
    """Semantic Scholar knows an outside work under two records (preprint and journal version, one DOI) and OpenAlex
    under a third id: suggest counts the listed papers citing it under any of them, once each."""
    from graphbuild.analysis import suggest_missing

    from fake_openalex import FakeWorks
    from fake_s2 import s2_id
    from helpers import SMALL_IDS, small_corpus

    corpus = small_corpus()
    twin = s2_id("outside2-journal")
    corpus.add(twin, "Another Outside Work (journal version)", doi="10.5555/OUTSIDE2", year=2016)
    corpus.papers[SMALL_IDS["beta"]]["references"].append(corpus.ref(twin))
    fake_s2.corpus = corpus
    works = FakeWorks()
    works.add("W900", "Another Outside Work", doi="10.5555/outside2", year=2015)
    works.add("W11", "Alpha: A Foundation", arxiv="1901.00001", year=2019, references=["W900"])
    works.add("W12", "Beta Builds on Alpha", arxiv="2001.00002", year=2020, references=["W11", "W900"])
    fake_oa.corpus_works = works
    catalog = parse_catalog(SMALL_CATALOG)
    records, _, _ = both(catalog, tmp_path, make_client(fake_s2), make_openalex_client(fake_oa))
    assert set(records[OPENALEX].outside) == {"W900"}
    graph = build_graph(catalog, records)
    found = {s.doi.lower() if s.doi else s.title: s for s in suggest_missing(catalog, records, graph)}
    merged = found["10.5555/outside2"]
    assert merged.cited_by == ("alpha", "beta", "epsilon", "gamma")  # S2: gamma, epsilon, beta (twin); OA: alpha, beta
    assert merged.paper_id == SMALL_IDS["outside2"] and merged.title == "Another Outside Work"
    assert sum(1 for s in found.values() if "Another Outside Work" in s.title) == 1


RECORDED_CATALOG = """\
title: "Works OpenAlex answered for, recorded"
categories:
  - {id: nlp, label: "NLP and bibliometrics", color: "#1f77b4"}
papers:
  - id: word2vec
    title: "Distributed Representations of Words and Phrases and their Compositionality"
    category: nlp
    year: 2013
    arxiv: "1310.4546"
  - id: bert
    title: "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    category: nlp
    year: 2019
    doi: "10.18653/v1/N19-1423"
  - id: gnmt
    title: "Google's Neural Machine Translation System: Bridging the Gap between Human and Machine Translation"
    category: nlp
    year: 2016
    arxiv: "1609.08144"
  - id: oa-advantage
    title: "The Open Access Advantage Considering Citation, Article Usage and Social Media Attention"
    category: nlp
    year: 2015
    arxiv: "1503.05702"
"""


def test_real_recorded_works_one_node_each_a_bad_merge_and_an_empty_title(fake_oa, tmp_path):
    """The 38 works of a real OpenAlex answer (Nov 2025), served as recorded: word2vec is a bad merge (a TIB DOI,
    the year 2025) found through its arXiv location; BERT has the title ""; a preprint merged into its journal
    version is found by the free singleton; GNMT is arXiv-only. BERT cites word2vec in OpenAlex."""
    import json

    from fake_openalex import FakeWorks
    from helpers import data_file

    page = json.loads(data_file("openalex/list-cited-by-38-works.json").read_text(encoding="utf-8"))
    works = FakeWorks()
    for raw in page["results"]:
        works.works[raw["id"].rsplit("/", 1)[-1]] = raw
    fake_oa.corpus_works = works
    catalog = parse_catalog(RECORDED_CATALOG)
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(fake_oa))
    report = reports[OPENALEX]
    assert oa_ids(readings) == {"word2vec": "W2153579005", "bert": "W2963341956", "gnmt": "W2525778437",
                                "oa-advantage": "W1996515099"}
    assert distrusted(readings) == {"word2vec": 2025} and not report.errors and not report.rejected
    singletons = sorted(r.path for r in fake_oa.log if r.path.startswith("/works/"))
    assert singletons == ["/works/doi:10.48550/arxiv.1310.4546", "/works/doi:10.48550/arxiv.1503.05702"]
    graph = build_graph(catalog, readings)
    assert graph.edges["bert", "word2vec"]["sources"] == ["openalex"]
    assert graph.nodes["word2vec"]["year"] == 2013 and graph.nodes["word2vec"]["openalex_year"] == 2025
    assert graph.nodes["bert"]["title"].startswith("BERT")  # the list's title, not OpenAlex's empty one


def test_a_preprint_and_its_journal_version_kept_apart_by_openalex_are_one_paper(fake_s2, fake_oa, tmp_path):
    """OpenAlex keeps beta's arXiv preprint (W12) and its journal version (W22, the DOI Semantic Scholar gives beta)
    as two works; gamma cites the journal version, epsilon the preprint: both citations land on beta, beta's own
    references are those of both versions, and neither version is an outside work."""
    from fake_openalex import FakeWorks
    from helpers import SMALL_IDS, small_corpus

    corpus = small_corpus()
    corpus.papers[SMALL_IDS["beta"]]["externalIds"]["DOI"] = "10.3333/beta.journal"
    fake_s2.corpus = corpus
    works = FakeWorks()
    works.add("W11", "Alpha: A Foundation", arxiv="1901.00001", year=2019)
    works.add("W12", "Beta Builds on Alpha", arxiv="2001.00002", year=2020, references=["W11"])
    works.add("W22", "Beta Builds on Alpha", doi="10.3333/beta.journal", year=2021, references=["W900"])
    works.add("W900", "Another Outside Work", doi="10.5555/outside2", year=2015)
    works.add("W13", "Gamma: Journal Work", doi="10.1000/gamma.2021", year=2021, references=["W22", "W900"])
    works.add("W15", "Epsilon: Newest of All", arxiv="2301.00005", year=2023, references=["W12"])
    fake_oa.corpus_works = works
    catalog = parse_catalog(SMALL_CATALOG)
    records, _, _ = both(catalog, tmp_path, make_client(fake_s2), make_openalex_client(fake_oa))
    assert oa_ids(records)["beta"] == "W12" and versions(records) == {"beta": ["W22"]}
    graph = build_graph(catalog, records)
    assert "openalex" in graph.edges["gamma", "beta"]["sources"] and "openalex" in graph.edges["epsilon", "beta"]["sources"]
    assert "openalex" in graph.edges["beta", "alpha"]["sources"]
    assert graph.nodes["beta"]["openalex_other_ids"] == ["W22"] and graph.nodes["beta"]["openalex_reference_count"] == 2
    assert "W22" not in records[OPENALEX].outside and set(records[OPENALEX].outside) == {"W900"}
    again, _, _ = both(catalog, tmp_path, make_client(fake_s2), make_openalex_client(fake_oa))  # from the cache
    assert versions(again) == {"beta": ["W22"]}
