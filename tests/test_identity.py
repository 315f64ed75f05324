"""Identity in one place (graphbuild/ids.py): every kind of identifier a list can give a paper travels from the
Markdown the maintainer wrote, through papers.yaml, to the build, which finds the paper by it and names it."""

from __future__ import annotations

import textwrap

import pytest

from graphbuild.catalog import parse_catalog
from graphbuild.ids import (
    CATALOG_ID_KINDS,
    IDENTIFIER_KINDS,
    is_provisional_title,
    provisional_title,
    s2_lookup_id,
    work_keys,
)
from graphbuild.inputs import parse_markdown
from graphbuild.inputs.listfile import render_catalog
from graphbuild.jobs import build

from fake_s2 import s2_id
from helpers import make_client

S2_PAPER = "0123456789abcdef0123456789abcdef01234567"
# one entry per kind, each only a link (so each gets a provisional title), with what Semantic Scholar knows of it
ENTRIES = [
    ("arxiv", "https://arxiv.org/abs/2106.07447v2", "2106.07447", {"ArXiv": "2106.07447"}),
    ("doi", "https://doi.org/10.1109/TASLP.2021.3122291", "10.1109/TASLP.2021.3122291",
     {"DOI": "10.1109/TASLP.2021.3122291"}),
    ("s2", f"https://www.semanticscholar.org/paper/{S2_PAPER}", S2_PAPER, None),
    ("acl", "https://aclanthology.org/2023.acl-long.1/", "2023.acl-long.1", {"ACL": "2023.acl-long.1"}),
    ("pmid", "https://pubmed.ncbi.nlm.nih.gov/31452104/", "31452104", {"PubMed": "31452104"}),
    ("pmcid", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6815624/", "PMC6815624",
     {"PubMedCentral": "6815624"}),
    ("openreview", "https://openreview.net/forum?id=14rn7HpKVk", "14rn7HpKVk", None),
    ("proceedings", "https://proceedings.mlr.press/v202/kim23a.html", None, None),
]


def markdown() -> str:
    return "## Papers\n\n" + "".join(f"- {url}\n" for _, url, _, _ in ENTRIES)


def test_every_identifier_kind_from_markdown_to_papers_yaml_to_the_build(fake_s2, tmp_path):
    result = parse_markdown(markdown(), "list.md")
    assert result.problems == [] and len(result.papers) == len(ENTRIES)
    catalog = parse_catalog(render_catalog(result, "list.md"))
    by_kind = {}
    for (kind, _, value, _), paper in zip(ENTRIES, catalog.papers):
        by_kind[kind] = paper
        assert paper.title_is_provisional, (kind, paper.title)
        if kind in CATALOG_ID_KINDS:
            assert paper.identifiers == {kind: value}, kind
            assert paper.title == provisional_title(kind, value)
    # Semantic Scholar knows every paper it can be asked for by these ids (not OpenReview's, not a page's)
    for n, (kind, _, _value, external) in enumerate(ENTRIES):
        if external is not None or kind == "s2":
            pid = S2_PAPER if kind == "s2" else s2_id(f"paper-{kind}")
            fake_s2.corpus.add(pid, f"The real title of the {kind} paper", year=2020 + n, external=external)
    built = build(catalog, tmp_path / "out", client=make_client(fake_s2))
    nodes = built.graph.nodes
    for kind, _, _, external in ENTRIES:
        data = nodes[by_kind[kind].id]
        if external is not None or kind == "s2":
            assert data["s2_status"] == "resolved", kind
            assert data["title"] == f"The real title of the {kind} paper", kind  # the provisional title gives way
        else:
            assert data["s2_status"] == "no_data" and is_provisional_title(data["title"]), kind
    asked = [i for r in fake_s2.log if r.path.endswith("/paper/batch") for i in r.body["ids"]]
    assert {"ACL:2023.acl-long.1", "PMID:31452104", "PMCID:6815624", S2_PAPER, "ARXIV:2106.07447",
            "DOI:10.1109/TASLP.2021.3122291"} <= set(asked)
    assert not any(r.path.endswith("/search/match") for r in fake_s2.log)  # no title to search by


@pytest.mark.parametrize("kind", sorted(IDENTIFIER_KINDS))
def test_a_provisional_title_of_every_kind_is_one_whatever_its_case(kind):
    title = provisional_title(kind, "X123")
    assert is_provisional_title(title) and is_provisional_title(title.lower()) and is_provisional_title(title.upper())
    assert not is_provisional_title(f"{IDENTIFIER_KINDS[kind].label}: A Real Title")


def test_malformed_identifiers_of_the_new_kinds_are_reported_with_their_line():
    from graphbuild.catalog import InvalidCatalog

    text = textwrap.dedent("""\
        categories: [{id: c, label: C, color: "#000000"}]
        papers:
          - {id: a, title: A, category: c, acl: "x"}
          - {id: b, title: B, category: c, pmid: "12ab"}
          - {id: d, title: D, category: c, pmcid: "6815624"}
          - {id: e, title: E, category: c, pmid: "31452104"}
          - {id: f, title: F, category: c, pmid: "31452104"}
        """)
    with pytest.raises(InvalidCatalog) as caught:
        parse_catalog(text)
    assert [str(p) for p in caught.value.problems] == [
        "papers.yaml:3: paper 'a': malformed ACL Anthology id 'x' (expected e.g. 2023.acl-long.1 or P19-1001)",
        "papers.yaml:4: paper 'b': malformed PubMed id '12ab' (expected e.g. 31452104)",
        "papers.yaml:5: paper 'd': malformed PubMed Central id '6815624' (expected e.g. PMC6815624)",
        "papers.yaml:7: paper 'f': PubMed id 31452104 is also given for paper 'e' (line 6)",
    ]


def test_same_work_keys_and_how_semantic_scholar_takes_each_id():
    assert work_keys("2106.07447", "10.48550/arXiv.2106.07447") == ["arxiv:2106.07447"]
    assert work_keys(None, "10.48550/ARXIV.2106.07447") == ["arxiv:2106.07447"]  # arXiv's DOI is the arXiv id
    assert work_keys("1706.03762", "10.5555/X") == ["arxiv:1706.03762", "doi:10.5555/x"]
    assert [s2_lookup_id(k, v) for k, v in (("arxiv", "2106.07447"), ("pmcid", "PMC6815624"), ("s2", "ABC"),
                                            ("openreview", "x"))] == ["ARXIV:2106.07447", "PMCID:6815624", "abc",
                                                                      None]
