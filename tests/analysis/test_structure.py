"""What the citations say about the list's structure (issue 25): similarity by coupling and co-citation, the
communities, and the audit of the categories, on small graphs whose answers are known by hand, on the shipped
list, and on a real citation network with people's categories (Cora, from ../shared)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from graphbuild.analysis.audit import (
    adjusted_mutual_information,
    adjusted_rand_index,
    audit,
    labelling,
    misplacement,
)
from graphbuild.analysis.communities import communities, community_terms
from graphbuild.analysis.similarity import citation_matrix, cooccurrence, most_similar, normalise, similarity
from graphbuild.graph import build_graph

from helpers import shared_file


def graph_of(edges, categories=None, titles=None) -> nx.DiGraph:
    g = nx.DiGraph(categories={c: {"label": c.upper()} for c in sorted(set((categories or {}).values()))})
    nodes = sorted({n for e in edges for n in e} | set(categories or {}))
    for n in nodes:
        g.add_node(n, category=(categories or {}).get(n, ""), title=(titles or {}).get(n, n))
    g.add_edges_from(edges)
    return g


# --- similarity ---------------------------------------------------------------------------------------------------

def test_coupling_and_cocitation_counts_by_hand():
    # a and b both cite x and y (coupled by 2); c and d both cite a and b (a, b co-cited twice)
    g = graph_of([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("c", "a"), ("c", "b"), ("d", "a"), ("d", "b")])
    cm = citation_matrix(g)
    i, j = cm.papers.index("a"), cm.papers.index("b")
    assert cooccurrence(cm, "coupling")[i, j] == 2
    assert cooccurrence(cm, "cocitation")[i, j] == 2
    assert cooccurrence(cm, "both")[i, j] == 4
    assert cooccurrence(cm, "both")[i, i] == 0
    # Salton on coupling: 2 shared of 2 references each → 1; Jaccard 2 / (2 + 2 - 2) → 1
    assert normalise(cooccurrence(cm, "coupling"), cm, "coupling", "salton")[i, j] == pytest.approx(1.0)
    assert normalise(cooccurrence(cm, "coupling"), cm, "coupling", "jaccard")[i, j] == pytest.approx(1.0)
    # c and d are coupled by a and b; x and y co-cited by a and b: association strength w K / (k_i k_j)
    counts = cooccurrence(cm, "both")
    k = np.asarray(counts.sum(1)).ravel()
    strength = normalise(counts, cm, "both", "association")
    assert strength[i, j] == pytest.approx(4 * k.sum() / (k[i] * k[j]))


def test_outside_references_couple_listed_papers_and_are_named_as_evidence():
    g = graph_of([("a", "z"), ("b", "z")])
    g.graph["outside_references"] = {"a": ("W1", "W2"), "b": ("W1",), "z": ("W9",)}
    found = most_similar(g, "a", kind="coupling", norm="count")
    assert found[0].paper == "b" and found[0].score == 2  # z (listed) and W1 (outside); W2, W9 couple nothing
    assert found[0].shared_references == ("W1", "z")
    papers, scores = similarity(g, "coupling", "count")
    assert scores.shape == (3, 3)


def test_most_similar_gives_the_citers_behind_a_cocitation_and_refuses_an_unknown_paper():
    g = graph_of([("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("d", "e")])
    found = most_similar(g, "a", kind="cocitation", norm="salton")
    assert [s.paper for s in found][:1] == ["b"] and found[0].shared_citers == ("c", "d")
    assert found[0].score == pytest.approx(1.0)
    with pytest.raises(KeyError):
        most_similar(g, "nope")


@pytest.mark.parametrize("kind", ["both", "coupling", "cocitation"])
@pytest.mark.parametrize("norm", ["association", "salton", "jaccard", "count"])
@pytest.mark.parametrize("hub", [None, 3])
def test_one_papers_row_is_the_whole_matrix_row(shipped_catalog, kind, norm, hub):
    g = build_graph(shipped_catalog)
    cm = citation_matrix(g)
    full = normalise(cooccurrence(cm, kind, hub=hub), cm, kind, norm)
    i = cm.papers.index("hubert")
    row = full.getrow(i).toarray().ravel()
    expected = sorted((j for j in range(len(row)) if row[j] > 0), key=lambda j: (-round(row[j], 6), cm.papers[j]))
    found = most_similar(g, "hubert", top=100, kind=kind, norm=norm, hub=hub)
    assert [s.paper for s in found] == [cm.papers[j] for j in expected]
    assert [s.score for s in found] == pytest.approx([row[j] for j in expected], abs=1e-6)  # rounded to 6


def test_a_hub_couples_nothing_when_pruned():
    # h is cited by a, b, c: coupled pairwise through it; with hub=2 they are not
    g = graph_of([("a", "h"), ("b", "h"), ("c", "h"), ("a", "x"), ("b", "x")])
    cm = citation_matrix(g)
    i, j, k = (cm.papers.index(p) for p in "abc")
    assert cooccurrence(cm, "coupling")[i, k] == 1 and cooccurrence(cm, "coupling")[i, j] == 2
    pruned = cooccurrence(cm, "coupling", hub=2)
    assert pruned[i, k] == 0 and pruned[i, j] == 1  # x, cited by two, still couples a and b


# --- comparing partitions -------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, ami, ari", [
    ([0, 0, 1, 1], [1, 1, 0, 0], 1.0, 1.0),  # the same partition, renamed
    ([0, 0, 1, 2], [0, 0, 1, 1], None, 0.5714285714285715),
    # the values scikit-learn gives (adjusted_mutual_info_score, adjusted_rand_score), recorded as facts
    ([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 1, 2, 2, 2, 0, 0], 0.17152423540072848, 0.09090909090909091),
    ([1, 1, 2, 2, 3, 3, 3, 4], [5, 5, 5, 6, 6, 7, 7, 7], 0.20118648299711017, 0.15789473684210525),
])
def test_adjusted_mutual_information_and_rand_index(a, b, ami, ari):
    if ami is not None:
        assert adjusted_mutual_information(a, b) == pytest.approx(ami, abs=1e-12)
    assert adjusted_rand_index(a, b) == pytest.approx(ari, abs=1e-12)


# --- communities ------------------------------------------------------------------------------------------------

def two_cliques(planted: str | None = None, loose: str | None = None) -> nx.DiGraph:
    """Two cliques of five (speech papers s0..s4, vision papers v0..v4), each citing its elders, one bridge
    citation s4 → v0; ``planted`` is put in the other category, ``loose`` left without one."""
    edges = [(f"{p}{i}", f"{p}{j}") for p in "sv" for i in range(5) for j in range(i)] + [("s4", "v0")]
    categories = {f"{p}{i}": "speech" if p == "s" else "vision" for p in "sv" for i in range(5)}
    if planted:
        categories[planted] = "vision" if categories[planted] == "speech" else "speech"
    if loose:
        categories.pop(loose)
    titles = {f"s{i}": f"Speech recognition with transducers part {i}" for i in range(5)}
    titles.update({f"v{i}": f"Image segmentation with convolutions part {i}" for i in range(5)})
    return graph_of(edges, categories, titles)


def test_two_cliques_and_a_bridge_make_two_communities_named_by_their_words():
    g = two_cliques()
    found = communities(g)
    groups = {c: sorted(p for p in found if found[p] == c) for c in set(found.values())}
    assert sorted(groups.values()) == [[f"s{i}" for i in range(5)], [f"v{i}" for i in range(5)]]
    assert communities(g) == found  # the same seed, the same answer
    terms = community_terms(g, found)
    speech = found["s0"]
    assert set(terms[speech]) <= {"speech", "recognition", "transducers", "part"}
    assert "speech" in terms[speech] and "image" in terms[1 - speech]


def test_no_citations_no_communities():
    g = graph_of([], {"a": "x", "b": "y"})
    assert communities(g) == {}
    result = audit(g)
    assert result.links == 0 and result.agreement["ami"] is None and not result.misplaced
    assert result.holdout["accuracy"] is None


# --- the audit ---------------------------------------------------------------------------------------------------

def test_the_clean_list_agrees_with_its_communities_and_hides_nothing_misplaced():
    result = audit(two_cliques())
    assert result.agreement["ami"] == pytest.approx(1.0) and result.agreement["ari"] == pytest.approx(1.0)
    cohesion = {c.category: c for c in result.cohesion}
    # speech: 10 links inside, 1 bridge out of 11 touching it
    assert (cohesion["speech"].inside, cohesion["speech"].links) == (10, 11)
    assert cohesion["speech"].share == pytest.approx(10 / 11, abs=1e-4)
    assert result.misplaced == []
    assert result.holdout["accuracy"] == 1.0 and len(result.holdout["per_seed"]) == 5


def test_a_paper_planted_in_the_wrong_category_comes_first_with_its_evidence():
    result = audit(two_cliques(planted="s2"))
    first = result.misplaced[0]
    assert (first.paper, first.category, first.proposed) == ("s2", "vision", "speech")
    assert first.confidence > 0.5 > first.support
    assert first.evidence.links == 4 and first.evidence.neighbours == {"speech": ["s0", "s1", "s3", "s4"]}
    assert [m.paper for m in result.misplaced] == ["s2"]


def test_a_paper_without_a_category_gets_one_proposed_from_its_citations():
    result = audit(two_cliques(loose="v3"))
    assert [(p.paper, p.proposed) for p in result.proposals] == [("v3", "vision")]
    assert result.proposals[0].confidence > 0.8  # a little speech reaches it over the bridge
    assert result.proposals[0].evidence.neighbours == {"vision": ["v0", "v1", "v2", "v4"]}
    data = result.to_dict()
    for key in ("agreement", "cohesion", "misplaced", "proposals", "holdout"):
        assert key in data
    assert set(data["agreement"]) >= {"ami", "ari"}
    assert set(data["proposals"][0]) >= {"paper", "proposed", "confidence", "evidence"}
    assert set(data["holdout"]) >= {"share", "seeds", "accuracy"}


def test_a_paper_no_link_reaches_gets_no_proposal():
    g = two_cliques()
    g.add_node("lonely", category="", title="Nothing cites me")
    result = audit(g)
    lonely = next(p for p in result.proposals if p.paper == "lonely")
    assert lonely.proposed is None and lonely.confidence == 0.0


def test_top_level_categories_are_audited_through_the_tree():
    g = two_cliques()
    g.graph["categories"] = {"speech": {"label": "Speech", "parent": "media"}, "vision": {"label": "Vision",
                             "parent": "media"}, "media": {"label": "Media"}}
    assert labelling(g, "top").categories == ["media"]
    assert audit(g, level="top").misplaced == []


def test_the_shipped_list(shipped_catalog):
    shipped_graph = build_graph(shipped_catalog)
    result = audit(shipped_graph)
    assert result.papers == 33 and result.links == 93
    assert 0 <= result.agreement["ami"] <= 1 and result.agreement["communities"] >= 2
    assert {c.category for c in result.cohesion} == {shipped_graph.nodes[n]["category"] for n in shipped_graph}
    assert result.proposals == []  # every shipped paper has a category
    assert audit(shipped_graph).to_dict() == result.to_dict()  # deterministic


# --- a real network with people's categories -----------------------------------------------------------------

def cora() -> nx.DiGraph:
    edges = shared_file("data/citation-networks/cora.edges.tsv").read_text().splitlines()[1:]
    labels = shared_file("data/citation-networks/cora.labels.tsv").read_text().splitlines()[1:]
    g = nx.DiGraph(categories={})
    for line in labels:
        paper, label = line.split()
        g.add_node(paper, category=f"class-{label}", title="")
    g.add_edges_from(tuple(line.split()) for line in edges)
    return g


def test_cora_proposals_beat_plain_label_propagation():
    result = audit(cora())
    assert result.papers == 2708 and result.links == 5278
    assert result.holdout["accuracy"] >= 0.87  # plain label propagation: 0.855 (../shared's README)
    assert 0.35 <= result.agreement["ami"] <= 0.6


def test_cora_planted_misplacements_rank_high():
    g = cora()
    papers = sorted(g, key=int)
    precision = []
    for seed in range(5):
        rng = np.random.default_rng(seed)
        planted = set(rng.choice(papers, len(papers) // 20, replace=False).tolist())
        moved = g.copy()
        for p in sorted(planted):
            own = moved.nodes[p]["category"]
            moved.nodes[p]["category"] = rng.choice(sorted({f"class-{c}" for c in range(7)} - {own}))
        lab = labelling(moved)
        support, _, _ = misplacement(lab)
        degree = np.asarray(lab.links.sum(1)).ravel()
        order = np.lexsort((-degree, support))[: math.floor(len(papers) * 0.05)]
        precision.append(np.mean([lab.papers[i] in planted for i in order]))
    # the issue's target is 0.65; a plain neighbour vote gives 0.57, the neighbours' spread categories without
    # the paper's own echo removed 0.668, with it 0.696 (deterministic: fixed seeds, plantings in sorted order)
    assert np.mean(precision) >= 0.68


def test_outside_works_get_a_category_proposed_the_audits_way_and_none_is_lost():
    from graphbuild.analysis.audit import CategoryProposer
    from graphbuild.analysis.watch import Candidate, report_markdown

    g = two_cliques()
    g.add_node("lonely", category="", title="Uncategorised and unlinked")
    proposer = CategoryProposer(g)
    category, confidence = proposer.propose(["s0", "s1"])
    assert category == "speech" and confidence > 0.8
    mixed, split = proposer.propose(["s0", "v0"])  # one of each: a toss-up, and it says so
    assert mixed in ("speech", "vision") and 0.45 <= split <= 0.55
    assert proposer.propose(["lonely"]) == (None, 0.0) and proposer.propose(["not listed"]) == (None, 0.0)
    works = [Candidate("W1", "Speech thing", "2024-01-01", None, {}, ("s0", "s1"), category, {}),
             Candidate("W2", "Lonely thing", "2024-01-01", None, {}, ("lonely",), "", {})]
    report = report_markdown(works, g, "2024-01-01", 1)
    assert "### SPEECH (1)" in report and "### Uncategorised (1)" in report and "Lonely thing" in report


def test_the_vosviewer_similarity_map_links_what_similar_finds(shipped_catalog, tmp_path):
    import json

    from graphbuild.export.formats import write

    g = build_graph(shipped_catalog)
    g.nodes["hubert"]["title"] = "<b>HuBERT</b> & co"
    path, = write("vosviewer-similarity", g, tmp_path / "map.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    number = {item["label"]: item["id"] for item in data["network"]["items"]}
    ids = sorted(g.nodes)
    hubert = ids.index("hubert") + 1
    linked = {(link["target_id"] if link["source_id"] == hubert else link["source_id"]): link["strength"]
              for link in data["network"]["links"] if hubert in (link["source_id"], link["target_id"])}
    expected = {ids.index(s.paper) + 1: s.score for s in most_similar(g, "hubert", top=100)}
    assert linked == pytest.approx(expected, abs=1e-4)
    assert all("x" not in item for item in data["network"]["items"])  # VOSviewer lays it out itself
    assert "&lt;b&gt;HuBERT&lt;/b&gt; &amp; co" in data["network"]["items"][hubert - 1]["description"]
    assert number and data["config"]["terminology"]["link"] == "similarity"
