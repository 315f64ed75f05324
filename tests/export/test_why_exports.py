"""Why a paper cites another, in the exports (issue 24): GraphML and GEXF carry ``intents``, ``influential`` and
``contexts`` (read back by networkx and igraph, so Gephi can filter by intent), the sentences themselves go to the
CSV edges table and citations.json, and an edge nobody read is ``unknown``."""

from __future__ import annotations

import csv
import io
import json

import igraph
import networkx as nx
import pytest

from graphbuild.catalog import parse_catalog
from graphbuild.export.citations import generate_citations
from graphbuild.export.gexf import generate_gexf
from graphbuild.export.graphml import generate_graphml
from graphbuild.export.tables import generate_tables
from graphbuild.graph import build_graph
from graphbuild.sources import SEMANTIC_SCHOLAR
from graphbuild.works import Citation, Context, Reading, Ref, Work

CATALOG = parse_catalog("""
categories: [{id: c, label: "Cat", color: "#102030"}]
papers:
  - {id: cpc, title: CPC, category: c, year: 2018}
  - {id: w2v2, title: "wav2vec 2.0", category: c, year: 2020}
  - {id: hubert, title: HuBERT, category: c, year: 2021, cites: [cpc]}
""")
SAID = '=HYPERLINK("http://x") builds on <b>wav2vec 2.0</b> [4], masking "latent" features.'


def graph() -> nx.DiGraph:
    def work(wid, refs=(), said=None):
        return Work(SEMANTIC_SCHOLAR, wid, references_status="complete", load_references=lambda: tuple(refs),
                    load_citations=lambda: said)

    hubert_said = {"W2": Citation((Context(SAID, ("methodology",)), Context("See also [4].", ("background",))),
                                  ("background", "methodology"), True)}
    reading = Reading(SEMANTIC_SCHOLAR, works={
        "cpc": work("C"), "w2v2": work("W2", [Ref("C")], {}),  # read: no sentence for CPC
        "hubert": work("H", [Ref("W2"), Ref("C")], hubert_said)})
    return build_graph(CATALOG, {SEMANTIC_SCHOLAR: reading})


@pytest.mark.parametrize("generate,read", [(generate_graphml, nx.parse_graphml),
                                           (generate_gexf, lambda text: nx.read_gexf(io.BytesIO(text.encode())))])
def test_gephi_formats_carry_intents_influence_and_counts_not_sentences(generate, read):
    back = read(generate(graph(), None))
    edge = back.edges["hubert", "w2v2"]
    assert edge["intents"] == "background,methodology" and edge["influential"] == "true" and edge["contexts"] == 2
    assert "sentences" not in edge
    unknown = back.edges["w2v2", "cpc"]
    assert unknown["influential"] == "unknown" and unknown["contexts"] == 0 and "intents" not in unknown
    assert back.edges["hubert", "cpc"]["influential"] == "unknown"  # curated and S2: no sentence read


def test_igraph_reads_the_graphml_and_filters_by_intent(tmp_path):
    path = tmp_path / "graph.graphml"
    path.write_text(generate_graphml(graph(), None), encoding="utf-8")
    g = igraph.Graph.Read_GraphML(str(path))
    methodological = [e for e in g.es if "methodology" in (e["intents"] or "").split(",")]
    assert [(g.vs[e.source]["id"], g.vs[e.target]["id"]) for e in methodological] == [("hubert", "w2v2")]


def test_csv_edges_hold_the_sentences_one_a_line_with_their_intents_and_no_formula():
    rows = {(r["source"], r["target"]): r for r in csv.DictReader(io.StringIO(generate_tables(graph())["edges.csv"]))}
    cell = rows["hubert", "w2v2"]["sentences"]
    assert cell.splitlines() == [f"[methodology] {SAID}", "[background] See also [4]."]
    assert rows["w2v2", "cpc"]["sentences"] == "" and rows["w2v2", "cpc"]["influential"] == "unknown"
    lone = generate_tables(build_graph(CATALOG, {SEMANTIC_SCHOLAR: Reading(SEMANTIC_SCHOLAR, works={
        "hubert": Work(SEMANTIC_SCHOLAR, "H", load_references=lambda: (Ref("W2"),),
                       load_citations=lambda: {"W2": Citation((Context(SAID),))}),
        "w2v2": Work(SEMANTIC_SCHOLAR, "W2")})}))["edges.csv"]
    first = next(r for r in csv.DictReader(io.StringIO(lone)) if r["target"] == "w2v2")["sentences"]
    assert first.startswith("'=HYPERLINK")  # a spreadsheet would run it: quoted


def test_citations_json_says_why_each_citation_is_made():
    document = json.loads(generate_citations(graph()))
    by_edge = {(c["citing"], c["cited"]): c for c in document["citations"]}
    assert by_edge["hubert", "w2v2"]["sentences"][0] == {"text": SAID, "intents": ["methodology"]}
    assert by_edge["hubert", "w2v2"]["influential"] == "true" and by_edge["hubert", "w2v2"]["citing_title"] == "HuBERT"
    assert by_edge["hubert", "cpc"]["sources"] == ["curated", "semantic_scholar"]
    assert by_edge["hubert", "cpc"]["influential"] == "unknown" and by_edge["hubert", "cpc"]["sentences"] == []
    assert document["counts"] == {"citations": 3, "with_sentences": 1, "influential": 1}
    assert generate_citations(graph()) == generate_citations(graph())  # the same bytes


def test_the_page_holds_the_sentences_a_list_of_its_size_can_carry():
    from graphbuild.export.html import SENTENCE_BUDGET, page_data, sentence_room

    assert sentence_room(100) == (3, 300)  # a list of the usual size: three sentences of 300 characters
    one, chars = sentence_room(10_000)
    assert one == 1 and chars * 10_000 <= SENTENCE_BUDGET and chars >= 80
    assert sentence_room(40_000) == (0, 0)  # too many to carry: intents and influence only (why/export have them)
    data = page_data(graph())
    rows = {tuple(data["nodes"][i]["id"] for i in e[:2]): (k, e[3]) for k, e in enumerate(data["edges"])}
    k, flags = rows["hubert", "w2v2"]
    assert data["why"][str(k)] == [2, "background,methodology", SAID, "methodology", "See also [4].", "background"]
    assert flags & 4 and flags & 8  # influential, made for a method
    k, flags = rows["w2v2", "cpc"]
    assert str(k) not in data["why"] and not flags & 12  # never read: unknown, not "not influential"
