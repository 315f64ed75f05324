"""Why a paper cites another (issue 24): Semantic Scholar's citing sentences, intents and influence, read from
``/paper/{id}/references`` with the edge fields, against the fake server: what is asked, what is kept, and what
an edge says when nothing was read (unknown, never "not influential")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.cache import Cache
from graphbuild.catalog import parse_catalog
from graphbuild.graph import build_graph
from graphbuild.sources import SEMANTIC_SCHOLAR
from graphbuild.sources.checks import BadRecord
from graphbuild.sources.semantic_scholar.records import check_citation, check_citation_page

from fake_s2 import s2_id
from helpers import fetch, make_client

DATA = Path(__file__).resolve().parents[1] / "data" / "s2"

CATALOG = """\
title: "Why they cite"
categories:
  - {id: ssl, label: "Self-supervised speech", color: "#1f77b4"}
papers:
  - {id: cpc, title: "Representation Learning with Contrastive Predictive Coding", category: ssl, arxiv: "1807.03748"}
  - {id: w2v2, title: "wav2vec 2.0", category: ssl, arxiv: "2006.11477"}
  - {id: hubert, title: "HuBERT", category: ssl, arxiv: "2106.07447"}
  - {id: wavlm, title: "WavLM", category: ssl, arxiv: "2110.13900"}
"""
IDS = {name: s2_id(f"why:{name}") for name in ("cpc", "w2v2", "hubert", "wavlm")}
METHOD = "HuBERT's targets come from clustering, as wav2vec 2.0 [4] masks its latent features."


def corpus(fake_s2):
    c = fake_s2.corpus
    arxiv = {"cpc": "1807.03748", "w2v2": "2006.11477", "hubert": "2106.07447", "wavlm": "2110.13900"}
    counts = {"cpc": 9000, "w2v2": 7000, "hubert": 3000, "wavlm": 1500}
    for name, pid in IDS.items():
        c.add(pid, name, arxiv=arxiv[name], year=2018, citation_count=counts[name], references=[])
    outside = [s2_id(f"why:outside:{k}") for k in range(5)]
    for pid in outside:
        c.add(pid, "outside", year=2010)
    refs = {
        "w2v2": [c.cite(IDS["cpc"], ("Contrastive losses [12] are used in CPC.", ["background"]),
                        ("We follow CPC [12] in sampling distractors.", ["methodology"]), influential=True)],
        "hubert": [c.cite(o) for o in outside[:3]] + [
            c.cite(IDS["w2v2"], (METHOD, ["methodology"]), influential=True),
            c.cite(IDS["cpc"], ("Earlier work [7] predicts the future.", ["background"]), influential=False)] + [
            c.cite(o, ("An outside work [9].", ["background"])) for o in outside[3:]],
        # WavLM: Semantic Scholar has no text of it (no sentences); its isInfluential is left out for HuBERT
        "wavlm": [c.cite(IDS["hubert"], influential=None), c.cite(IDS["w2v2"], influential=False)],
    }
    for name, entries in refs.items():
        c.papers[IDS[name]].update(references=entries, referenceCount=len(entries))
    return fake_s2


@pytest.fixture
def why_s2(fake_s2):
    return corpus(fake_s2)


def build(tmp_path, client, text=CATALOG, **options):
    catalog = parse_catalog(text)
    readings, reports = fetch(catalog, tmp_path / "cache", client, **options)
    return build_graph(catalog, readings), reports[SEMANTIC_SCHOLAR]


def reference_pages(server) -> list[str]:
    return [r.path.split("/")[-2] for r in server.log if r.path.endswith("/references")]


def test_one_request_per_citing_paper_most_cited_first_and_none_warm(why_s2, tmp_path):
    client = make_client(why_s2)
    graph, report = build(tmp_path, client)
    # resolve + nested references, then one /references per listed paper citing listed papers, most cited first
    assert why_s2.count == 5 and report.requests == 5
    assert reference_pages(why_s2) == [IDS["w2v2"], IDS["hubert"], IDS["wavlm"]]
    asked = [r for r in why_s2.log if r.path.endswith("/references")][0]
    assert set(asked.query["fields"].split(",")) >= {"contexts", "intents", "contextsWithIntent", "isInfluential"}
    assert report.contexts_read == 3 and report.contexts_left == 0
    why_s2.reset_log()
    again, report = build(tmp_path, client)
    assert why_s2.count == 0 and report.requests == 0
    assert dict(again.edges) == dict(graph.edges)


def test_the_sentences_intents_and_influence_reach_the_edge(why_s2, tmp_path):
    graph, _ = build(tmp_path, make_client(why_s2))
    edge = graph.edges["hubert", "w2v2"]
    assert edge["sentences"] == [{"text": METHOD, "intents": ["methodology"]}]
    assert edge["intents"] == ["methodology"] and edge["contexts"] == 1 and edge["influential"] == "true"
    both = graph.edges["w2v2", "cpc"]
    assert both["intents"] == ["background", "methodology"] and both["contexts"] == 2
    assert graph.edges["hubert", "cpc"]["influential"] == "false"  # read, and found not influential


def test_an_edge_without_sentences_is_unknown_not_uninfluential(why_s2, tmp_path):
    graph, _ = build(tmp_path, make_client(why_s2))
    for cited in ("hubert", "w2v2"):  # no text of WavLM: isInfluential false (or left out) says nothing
        edge = graph.edges["wavlm", cited]
        assert edge["influential"] == "unknown" and edge["contexts"] == 0
        assert "intents" not in edge and "sentences" not in edge


def test_no_contexts_asks_nothing_more_and_what_the_cache_holds_is_still_shown(why_s2, tmp_path):
    client = make_client(why_s2)
    graph, report = build(tmp_path, client, without=("contexts",))
    assert why_s2.count == 2 and not reference_pages(why_s2)
    assert graph.edges["hubert", "w2v2"]["influential"] == "unknown"
    build(tmp_path, client)  # read them once
    graph, _ = build(tmp_path, client, without=("contexts",))
    assert graph.edges["hubert", "w2v2"]["intents"] == ["methodology"]


def test_paging_stops_once_every_listed_reference_is_seen(why_s2, tmp_path, monkeypatch):
    from graphbuild.sources.semantic_scholar import client as s2client

    monkeypatch.setattr(s2client, "PAGE_LIMIT", 2)  # HuBERT's 7 references on 4 pages; its listed ones on the 2nd and 3rd
    monkeypatch.setattr(s2client.SemanticScholar.references_page, "__defaults__", (0, 2))
    graph, _ = build(tmp_path, make_client(why_s2))
    assert reference_pages(why_s2).count(IDS["hubert"]) == 3  # not the 4th
    assert graph.edges["hubert", "cpc"]["contexts"] == 1
    with Cache(tmp_path / "cache", read_only=True) as cache:
        stored = cache.get_contexts(SEMANTIC_SCHOLAR, [IDS["hubert"]])[IDS["hubert"]]
    assert stored.status == "partial" and stored.next_offset == 6
    assert set(stored.citations) == {IDS["w2v2"], IDS["cpc"]}  # only listed papers' sentences are kept


def test_a_paper_listed_later_is_read_again_from_the_paper_citing_it(why_s2, tmp_path):
    client = make_client(why_s2)
    without_hubert = CATALOG.replace('  - {id: hubert, title: "HuBERT", category: ssl, arxiv: "2106.07447"}\n', "")
    build(tmp_path, client, without_hubert)
    why_s2.reset_log()
    graph, _ = build(tmp_path, client)  # HuBERT now listed: WavLM's reading did not keep it; HuBERT never read
    assert sorted(reference_pages(why_s2)) == sorted([IDS["hubert"], IDS["wavlm"]])
    assert graph.edges["hubert", "w2v2"]["contexts"] == 1


def test_a_deadline_leaves_the_rest_to_the_next_build(why_s2, tmp_path):
    from graphbuild.sources.semantic_scholar import fill

    client = make_client(why_s2)
    client.set_deadline(60)
    original = fill.CONTEXT_MARGIN
    try:
        fill.CONTEXT_MARGIN = 60  # room for the resolution and the references, none for why they cite
        _, report = build(tmp_path, client)
    finally:
        fill.CONTEXT_MARGIN = original
    assert report.contexts_read == 0 and report.contexts_left == 3 and not report.stopped
    client.set_deadline(None)
    why_s2.reset_log()
    graph, report = build(tmp_path, client)
    assert why_s2.count == 3 and report.contexts_read == 3 and report.contexts_left == 0
    assert graph.edges["hubert", "w2v2"]["contexts"] == 1


@pytest.mark.parametrize("tamper", [
    lambda a: {**a, "data": [{**e, "contexts": "a sentence"} for e in a["data"]]},
    lambda a: {**a, "data": [{**e, "intents": [3]} for e in a["data"]]},
    lambda a: {**a, "data": [{**e, "isInfluential": "yes"} for e in a["data"]]},
    lambda a: {**a, "data": [{**e, "contextsWithIntent": [{"context": 1}]} for e in a["data"]]},
    lambda a: {**a, "data": [{**e, "citedPaper": {"paperId": "../../etc"}} for e in a["data"]]},
    lambda a: {**a, "data": "everything"},
    lambda a: {**a, "next": 0},
])
def test_a_page_of_the_wrong_shape_is_rejected_never_stored_and_asked_again(why_s2, tmp_path, tamper):
    client = make_client(why_s2)
    why_s2.fail("tamper", path_contains="/references", fields_contains="contextsWithIntent", times=3,
                transform=lambda status, payload, query: (status, tamper(payload)))
    graph, report = build(tmp_path, client)
    assert report.rejected and report.contexts_read == 0 and report.contexts_left == 3
    assert all(d["influential"] in ("unknown", "true") and d["contexts"] == 0 for *_, d in graph.edges(data=True))
    with Cache(tmp_path / "cache", read_only=True) as cache:
        assert cache.get_contexts(SEMANTIC_SCHOLAR, list(IDS.values())) == {}
    why_s2.reset_log()
    graph, report = build(tmp_path, client)
    assert len(reference_pages(why_s2)) == 3 and graph.edges["hubert", "w2v2"]["contexts"] == 1


def test_an_answer_too_large_is_not_believed(why_s2, tmp_path):
    client = make_client(why_s2)
    why_s2.fail("huge", size=11 * 1024 * 1024, path_contains="/references", times=10)
    graph, report = build(tmp_path, client)
    assert report.contexts_read == 0 and graph.edges["hubert", "w2v2"]["contexts"] == 0


def test_elided_references_are_unknown_and_not_asked_again(why_s2, tmp_path):
    client = make_client(why_s2)
    why_s2.fail("tamper", path_contains=IDS["hubert"] + "/references",
                transform=lambda status, payload, query: (200, {"data": None}))
    graph, _ = build(tmp_path, client)
    assert graph.edges["hubert", "w2v2"]["influential"] == "unknown"
    why_s2.reset_log()
    build(tmp_path, client)
    assert why_s2.count == 0


def test_the_recorded_edges_of_the_real_api_read_as_they_say():
    reference = json.loads((DATA / "Reference.json").read_text(encoding="utf-8"))
    entry = check_citation(reference)
    assert entry["intents"] == ["background"] and entry["isInfluential"] is False
    assert entry["contexts"][0][0].startswith("Directed generative models have gained in popularity")
    citation = json.loads((DATA / "Citation.json").read_text(encoding="utf-8"))
    said = check_citation(citation)
    assert said["isInfluential"] is True and said["intents"] == ["background", "methodology", "result"]
    assert len(said["contexts"]) == len(citation["contextsWithIntent"])
    page = {"offset": 0, "data": [reference, {"citedPaper": {"paperId": None, "title": "unresolved"}}]}
    found, seen, nxt = check_citation_page(page, "p", 0)
    assert list(found) == seen == [reference["citedPaper"]["paperId"]] and nxt is None


def test_a_sentence_is_cleaned_and_bounded():
    edge = {"contexts": ["a\x00b  c\ud800", "x" * 5000, "a\x00b  c\ud800"], "intents": ["Methodology"]}
    entry = check_citation(edge)
    assert entry["contexts"][0] == ["a b c", []] and len(entry["contexts"]) == 2  # the repeat is one sentence
    assert len(entry["contexts"][1][0]) == 1000 and entry["contexts"][1][0].endswith("…")
    assert entry["intents"] == ["methodology"]
    with pytest.raises(BadRecord):
        check_citation({"intents": ["<script>alert(1)</script>"]})
