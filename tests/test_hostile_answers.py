"""Answers that lie: the right shape, the wrong content. A Semantic Scholar batch that repeats one paper's record in
another's slot, an OpenAlex list whose results are all one work, a list holding a work nobody asked for, two works
that swapped DOIs, a DOI that breaks an OR list. Each is rejected as a whole, never cached, never taken for "not
found", and the next healthy build asks again and heals."""

from __future__ import annotations

import copy
import json

import pytest

from graphbuild.cache import Cache
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.graph import build_graph
from graphbuild.sources import OPENALEX, SEMANTIC_SCHOLAR

from fake_openalex import FakeWorks
from fake_s2 import Raw
from helpers import SHIPPED_CATALOG, SMALL_CATALOG, SMALL_IDS, fetch, make_client, make_openalex_client, shipped_works

ALPHA, BETA = SMALL_IDS["alpha"], SMALL_IDS["beta"]


def on_json(change):
    """A tamper function for the fake OpenAlex, whose answers are bytes as recorded: ``change`` edits the JSON."""
    def transform(status, payload, query):
        body = json.loads(payload.body) if isinstance(payload, Raw) else payload
        if isinstance(body, dict):
            change(body, query)
        return status, body
    return transform


@pytest.fixture
def small(small_s2):
    return parse_catalog(SMALL_CATALOG)


def test_a_batch_that_repeats_one_papers_record_in_another_slot_is_rejected_whole(small, small_s2, tmp_path):
    def repeat(status, payload, query):
        if isinstance(payload, list) and len(payload) > 1:
            payload[1] = copy.deepcopy(payload[0])  # beta's slot holds alpha's record
        return status, payload

    small_s2.fail("tamper", path_contains="/paper/batch", fields_contains="externalIds", transform=repeat)
    readings, reports = fetch(small, tmp_path, make_client(small_s2))
    assert any("answers other papers than were asked for" in r and "beta" in r for r in reports[SEMANTIC_SCHOLAR].rejected)
    graph = build_graph(small, readings)
    assert graph.nodes["alpha"]["s2_status"] == "no_data" and graph.nodes["beta"]["s2_status"] == "no_data"
    with Cache(tmp_path) as cache:
        assert cache.get_lookups(SEMANTIC_SCHOLAR, ["ARXIV:1901.00001", "ARXIV:2001.00002"]) == {}
    readings, reports = fetch(small, tmp_path, make_client(small_s2))  # healthy again: asked again, and right
    graph = build_graph(small, readings)
    assert graph.nodes["beta"]["s2_id"] == BETA and graph.nodes["alpha"]["s2_id"] == ALPHA
    assert not reports[SEMANTIC_SCHOLAR].rejected


def test_one_paper_found_under_both_its_ids_is_no_lie(small_s2, tmp_path):
    """Two listed entries for a preprint and its journal version, which Semantic Scholar keeps as one record: both
    slots hold the same paperId, and each answers the id it was asked for."""
    catalog = parse_catalog(SMALL_CATALOG.replace('doi: "10.1000/Gamma.2021"', 'doi: "10.1000/Gamma.2021"')
                            + '  - {id: alpha-journal, title: "Alpha: A Foundation", category: base, '
                              'doi: "10.7777/alpha"}\n')
    small_s2.corpus.papers[ALPHA]["externalIds"]["DOI"] = "10.7777/alpha"
    readings, reports = fetch(catalog, tmp_path, make_client(small_s2))
    works = readings[SEMANTIC_SCHOLAR].works
    assert works["alpha"].id == works["alpha-journal"].id == ALPHA and not reports[SEMANTIC_SCHOLAR].rejected


@pytest.fixture
def shipped(fake_oa):
    catalog = load_catalog(SHIPPED_CATALOG)
    fake_oa.corpus_works, wid = shipped_works(catalog)
    return catalog, fake_oa, wid


def oa_ids(readings) -> dict:
    return {cid: w.id if w else None for cid, w in readings[OPENALEX].works.items()}


def test_a_list_whose_results_are_all_one_work_is_rejected_and_poisons_nothing(shipped, tmp_path):
    catalog, oa, wid = shipped

    def all_one(body, query):
        if body.get("results"):
            body["results"] = [{**r, "id": body["results"][0]["id"]} for r in body["results"]]

    oa.fail("tamper", path_contains="/works", transform=on_json(all_one))
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    assert any("of its results are the work" in r for r in reports[OPENALEX].rejected)
    # nothing of the list is believed: every paper OpenAlex is said to know (through the free singletons asked
    # after it) is its own work, and no lookup points at the repeated one
    found = {cid: w for cid, w in oa_ids(readings).items() if w}
    assert all(wid[cid] == w for cid, w in found.items())
    with Cache(tmp_path) as cache:
        lookups = cache.get_lookups(OPENALEX, [f"DOI:10.48550/arxiv.{p.arxiv}" for p in catalog.papers if p.arxiv])
    assert len(set(lookups.values()) - {None}) == len([v for v in lookups.values() if v])
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))  # healthy: heals
    assert oa_ids(readings) == wid and not reports[OPENALEX].rejected


def test_a_list_that_holds_a_work_nobody_asked_for_is_rejected(shipped, tmp_path):
    catalog, oa, wid = shipped
    stranger = {"id": "https://openalex.org/W1234", "doi": "https://doi.org/10.9999/stranger",
                "display_name": "A stranger", "referenced_works": [f"https://openalex.org/{wid['hubert']}"]}

    def add_stranger(body, query):
        if isinstance(body.get("results"), list) and "doi:" in query.get("filter", ""):
            body["results"].append(stranger)

    oa.fail("tamper", path_contains="/works", transform=on_json(add_stranger))
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    assert any("W1234, which has none of the DOIs asked for" in r for r in reports[OPENALEX].rejected)
    with Cache(tmp_path) as cache:
        assert cache.get_works(OPENALEX, ["W1234"]) == {}


def test_two_works_that_swapped_dois_are_asked_again_not_taken_for_not_found(shipped, tmp_path):
    catalog, oa, wid = shipped
    works = oa.corpus_works.works
    a, b = works[wid["wavlm"]], works[wid["hubert"]]
    swapped = copy.deepcopy(oa.corpus_works)
    sa, sb = swapped.works[wid["wavlm"]], swapped.works[wid["data2vec"]]
    sa["doi"], sb["doi"] = sb["doi"], sa["doi"]
    sa["ids"]["doi"], sb["ids"]["doi"] = sb["ids"]["doi"], sa["ids"]["doi"]
    for loc in sa.get("locations", []) + sb.get("locations", []):
        loc["landing_page_url"] = None
    oa.corpus_works = swapped
    readings, _ = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    assert oa_ids(readings)["wavlm"] != wid["wavlm"]  # the swapped DOI's work has another title: not taken
    assert a and b
    oa.corpus_works = shipped_works(catalog)[0]  # OpenAlex fixed it
    oa.reset_log()
    readings, _ = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    assert oa.count >= 1 and oa_ids(readings)["wavlm"] == wid["wavlm"]  # asked again, and found


def test_a_doi_that_would_break_an_or_list_is_asked_alone(fake_oa, tmp_path):
    catalog = parse_catalog(SMALL_CATALOG.replace('doi: "10.1000/Gamma.2021"', 'doi: "10.1000/Gamma\\"|2021"'))
    works = FakeWorks()
    works.add("W11", "Alpha: A Foundation", arxiv="1901.00001", year=2019)
    works.add("W12", "Beta Builds on Alpha", arxiv="2001.00002", year=2020)
    fake_oa.corpus_works = works
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(fake_oa))
    assert oa_ids(readings)["alpha"] == "W11" and oa_ids(readings)["beta"] == "W12"
    lists = [r.query["filter"] for r in fake_oa.log if r.path == "/works"]
    assert lists and not any('"|' in f or "Gamma" in f for f in lists)  # not in any list
    assert any("gamma" in r.path for r in fake_oa.log if r.path.startswith("/works/"))  # alone, by the singleton


def test_papers_whose_every_answer_was_rejected_have_no_data_not_not_found(shipped, tmp_path):
    catalog, oa, _ = shipped
    def garbage(body, query):
        if "results" in body:  # a list, or the autocomplete
            body.update(meta={"count": 1}, results=[{"id": "garbage"}])
        else:  # a singleton
            body["id"] = "garbage"

    oa.fail("tamper", path_contains="/works", times=1000, transform=on_json(garbage))
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    graph = build_graph(catalog, readings)
    statuses = {d["openalex_status"] for _, d in graph.nodes(data=True)}
    assert statuses == {"no_data"} and reports[OPENALEX].rejected


def test_a_retraction_flag_that_is_not_a_boolean_drops_that_work_only(shipped, tmp_path):
    """``is_retracted: "no"`` is not OpenAlex's shape: that work's answer is not believed (lint would say a paper
    was retracted on a string's word), the other works are, and a retraction that is a boolean is kept."""
    catalog, oa, wid = shipped
    oa.corpus_works.works[wid["wavlm"]]["is_retracted"] = "no"
    oa.corpus_works.works[wid["whisper"]]["is_retracted"] = True
    readings, reports = fetch(catalog, tmp_path, openalex=make_openalex_client(oa))
    works = readings[OPENALEX].works
    assert any("is_retracted" in r for r in reports[OPENALEX].rejected)
    assert works.get("wavlm") is None and works["whisper"].retracted is True and works["hubert"].retracted is False
