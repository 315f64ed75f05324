"""Records + curated references → graph: matching, the sources of each edge, flags."""

from __future__ import annotations

from graphbuild.cache import References
from graphbuild.catalog import parse_catalog
from graphbuild.graph import build_graph, edge_source_counts
from graphbuild.records import Records

CATALOG = parse_catalog("""
categories: [{id: c, label: "Cat", color: "#102030"}]
papers:
  - {id: a, title: A, category: c, arxiv: "1901.00001", year: 2019}
  - {id: b, title: B, category: c, doi: "10.1000/ABC", year: 2020}
  - {id: d, title: D, category: c, year: 2021, cites: [{id: a, evidence: "section 2", confidence: high}]}
  - {id: e, title: E, category: c, arxiv: "2201.00001", cites: [b]}
  - {id: f, title: F, category: c}
""")


def records() -> Records:
    r = Records()
    r.s2_ids = {"a": "SA", "b": "SB", "d": "SD", "e": None}  # e: unknown to S2; f: never asked
    r.papers = {"SA": {"paperId": "SA", "externalIds": {"ArXiv": "1901.00001"}, "referenceCount": 0},
                "SB": {"paperId": "SB", "citationCount": 7, "referenceCount": 3},
                "SD": {"paperId": "SD", "referenceCount": 4, "publicationDate": "2021-05-02"}}
    r.references = {
        "SB": References("complete", [{"paperId": "OTHER", "externalIds": {"ArXiv": "1901.00001"}},  # a, by arXiv
                                      {"paperId": None, "title": "?"}, {"paperId": "SB"}]),          # self: ignored
        "SD": References("complete", [{"paperId": "SA", "isInfluential": True},                      # a, by S2 id
                                      {"paperId": "X", "externalIds": {"DOI": "10.1000/abc"}},       # b, by DOI
                                      {"paperId": "Y", "title": "outside"}]),
    }
    return r


def test_matching_and_sources():
    g = build_graph(CATALOG, records())
    assert {(u, v): d for u, v, d in g.edges(data=True)} == {
        ("b", "a"): {"sources": "semantic_scholar"},
        ("d", "a"): {"sources": "curated,semantic_scholar", "evidence": "section 2", "confidence": "high", "is_influential": True},
        ("d", "b"): {"sources": "semantic_scholar"},
        ("e", "b"): {"sources": "curated"},
    }
    assert edge_source_counts(g) == {"semantic_scholar": 2, "curated": 1, "curated,semantic_scholar": 1}


def test_node_attributes_and_flags():
    g = build_graph(CATALOG, records())
    assert g.nodes["b"]["references_resolved"] == 2 and g.nodes["b"]["reference_count"] == 3
    assert g.nodes["b"]["citation_count"] == 7 and g.nodes["b"]["doi"] == "10.1000/ABC"
    assert g.nodes["d"]["first_appearance"] == "2021-05"  # from S2's publicationDate: no arXiv id
    assert g.nodes["a"]["first_appearance"] == "2019-01" and g.nodes["a"]["category_label"] == "Cat"
    assert g.nodes["e"]["s2_status"] == "unresolved" and g.nodes["f"]["s2_status"] == "no_data"
    assert g.nodes["a"]["references_status"] == "unknown"
    assert all(v is not None for _, d in g.nodes(data=True) for v in d.values())


def test_a_provisional_title_gives_way_to_the_sources():
    catalog = parse_catalog("""
categories: [{id: c, label: "Cat", color: "#102030"}]
papers:
  - {id: untitled, title: "arXiv:2106.07447", category: c, arxiv: "2106.07447"}
  - {id: titled, title: "My Own Title", category: c, arxiv: "2106.07448"}
  - {id: unknown, title: "arXiv:2106.07449", category: c, arxiv: "2106.07449"}
""")
    assert [p.title_is_provisional for p in catalog.papers] == [True, False, True]
    r = Records()
    r.s2_ids = {"untitled": "S1", "titled": "S2", "unknown": None}
    r.papers = {"S1": {"paperId": "S1", "title": "HuBERT: Self-Supervised Speech Representation Learning"},
                "S2": {"paperId": "S2", "title": "Something Else"}}
    g = build_graph(catalog, r)
    assert g.nodes["untitled"]["title"] == "HuBERT: Self-Supervised Speech Representation Learning"
    assert g.nodes["titled"]["title"] == "My Own Title"  # the list's title always wins
    assert g.nodes["unknown"]["title"] == "arXiv:2106.07449"  # nothing better known: the identifier stays
