"""What the sources said (typed Works) + curated references → graph: matching, the sources of each edge, flags."""

from __future__ import annotations

from graphbuild.catalog import parse_catalog
from graphbuild.graph import build_graph, edge_source_counts
from graphbuild.sources import SEMANTIC_SCHOLAR
from graphbuild.works import Reading, Ref, Work

CATALOG = parse_catalog("""
categories: [{id: c, label: "Cat", color: "#102030"}]
papers:
  - {id: a, title: A, category: c, arxiv: "1901.00001", year: 2019}
  - {id: b, title: B, category: c, doi: "10.1000/ABC", year: 2020}
  - {id: d, title: D, category: c, year: 2021, cites: [{id: a, evidence: "section 2", confidence: high}]}
  - {id: e, title: E, category: c, arxiv: "2201.00001", cites: [b]}
  - {id: f, title: F, category: c}
""")


def work(wid: str, refs: tuple[Ref, ...] | None = None, **fields) -> Work:
    return Work(SEMANTIC_SCHOLAR, wid, references_status="complete" if refs is not None else "unknown",
                load_references=lambda: refs, **fields)


def records() -> dict[str, Reading]:
    s2 = Reading(SEMANTIC_SCHOLAR, works={  # e: unknown to S2; f: never asked
        "a": work("SA", arxiv="1901.00001", reference_count=0),
        "b": work("SB", (Ref("OTHER", arxiv="1901.00001"),  # a, by arXiv
                         Ref(None, title="?"), Ref("SB")),  # self: ignored
                  citation_count=7, reference_count=3),
        "d": work("SD", (Ref("SA", influential=True),  # a, by S2 id
                         Ref("X", doi="10.1000/abc"),  # b, by DOI
                         Ref("Y", title="outside")), reference_count=4, date="2021-05-02"),
        "e": None})
    return {SEMANTIC_SCHOLAR: s2}


def test_matching_and_sources():
    g = build_graph(CATALOG, records())
    unknown = {"contexts": 0, "influential": "unknown"}  # no source read why
    assert {(u, v): d for u, v, d in g.edges(data=True)} == {
        ("b", "a"): {"sources": ["semantic_scholar"], **unknown},
        ("d", "a"): {"sources": ["curated", "semantic_scholar"], "evidence": "section 2", "confidence": "high",
                     "contexts": 0, "influential": "true"},
        ("d", "b"): {"sources": ["semantic_scholar"], **unknown},
        ("e", "b"): {"sources": ["curated"], **unknown},
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
    r = {SEMANTIC_SCHOLAR: Reading(SEMANTIC_SCHOLAR, works={
        "untitled": work("S1", title="HuBERT: Self-Supervised Speech Representation Learning"),
        "titled": work("S2", title="Something Else"), "unknown": None})}
    g = build_graph(catalog, r)
    assert g.nodes["untitled"]["title"] == "HuBERT: Self-Supervised Speech Representation Learning"
    assert g.nodes["titled"]["title"] == "My Own Title"  # the list's title always wins
    assert g.nodes["unknown"]["title"] == "arXiv:2106.07449"  # nothing better known: the identifier stays
