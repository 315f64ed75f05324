"""Search path counts and main paths, on Wikipedia's worked example and on cycles."""

from __future__ import annotations

import networkx as nx
import pytest

from graphbuild.analysis import find_cycles, main_paths, mark_main_path, traversal_counts

# The sample citation network of Wikipedia's "Main path analysis" article, as far as its text describes it, in
# *flow* direction (cited → citing): paths through (B,D) are B-D-F-H-K, B-D-F-I-L, B-D-F-I-M-N, B-D-I-L, B-D-I-M-N,
# and D's only ancestor is B.
FLOW = [("B", "D"), ("D", "F"), ("D", "I"), ("F", "H"), ("F", "I"), ("H", "K"), ("I", "L"), ("I", "M"), ("M", "N")]


def wiki_graph() -> nx.DiGraph:
    """As a citation graph (citing → cited), the way graphbuild stores it."""
    return nx.DiGraph([(v, u) for u, v in FLOW])


def test_splc_of_d_f_is_6_as_in_the_worked_example():
    splc = traversal_counts(wiki_graph(), "splc").edge
    assert splc[("F", "D")] == 6  # the citation F → D is the flow link (D, F)


def test_spc_by_hand():
    spc = traversal_counts(wiki_graph(), "spc")
    assert spc.edge[("D", "B")] == 5  # the five paths listed above
    assert spc.edge[("F", "D")] == 3 and spc.edge[("I", "D")] == 2
    # two source paths reach I (B-D-I, B-D-F-I); two sink paths leave F through I (F-I-L, F-I-M-N)
    assert spc.edge[("I", "F")] == 1 * 2 and spc.edge[("M", "I")] == 2 * 1 and spc.edge[("L", "I")] == 2
    assert spc.total_paths == 5
    assert spc.node_spc["B"] == 1.0 and spc.node_spc["H"] == pytest.approx(1 / 5)


def test_spnp_by_hand():
    spnp = traversal_counts(wiki_graph(), "spnp").edge
    # N⁻*(D) = 2 (B, D); N⁺*(F) = F + its reachable paths: F,FH,FHK,FI,FIL,FIM,FIMN = 7
    assert spnp[("F", "D")] == 14


def test_local_search_branches_on_ties_and_global_takes_the_heaviest_chain():
    g = wiki_graph()
    local = main_paths(g, "spc", "local")
    # from B the heaviest link is (B,D) 5; then (D,F) 3; then (F,I) 2 beats (F,H) 1; at I the links to L and
    # M tie (SPC 2 each), giving two paths
    assert sorted(p.papers for p in local) == [["B", "D", "F", "I", "L"], ["B", "D", "F", "I", "M", "N"]]
    best = main_paths(g, "spc", "global")
    assert [p.papers for p in best] == [["B", "D", "F", "I", "M", "N"]]
    assert best[0].weights == [5, 3, 2, 2, 2] and best[0].total == 14


def test_key_route_includes_the_key_links():
    routes = main_paths(wiki_graph(), "spc", "key-route", top=2)
    assert all(p.papers[0] == "B" and p.papers[-1] in {"K", "L", "N"} for p in routes)
    assert any("D" in p.papers for p in routes)


def test_cycles_are_reported_and_condensed():
    g = nx.DiGraph([("A", "B"), ("B", "A"), ("C", "A"), ("D", "C"), ("B", "E")])  # A and B cite each other
    assert find_cycles(g) == [["A", "B"]]
    counts = traversal_counts(g, "spc")
    assert ("A", "B") not in counts.edge and ("B", "A") not in counts.edge  # inside the component: no weight
    (path,) = main_paths(g, "spc", "global")
    assert path.steps == [["E"], ["A", "B"], ["C"], ["D"]]


def test_empty_and_edgeless_graphs():
    assert main_paths(nx.DiGraph()) == []
    assert main_paths(nx.empty_graph(3, create_using=nx.DiGraph)) == []
    assert traversal_counts(nx.DiGraph()).total_paths == 0


def test_mark_main_path_records_the_spine(shipped_catalog):
    from graphbuild.graph import build_graph

    g = build_graph(shipped_catalog)
    (path,) = mark_main_path(g)
    assert path.papers[0] == "vq-vae"
    assert all(g.nodes[p].get("main_path") for p in path.papers)
    marked = [(u, v) for u, v, d in g.edges(data=True) if d.get("main_path")]
    assert len(marked) == len(path.papers) - 1
