"""papers.yaml: the shipped list, and one test per kind of bad input (each reported with its line)."""

from __future__ import annotations

import textwrap

import pytest

from graphbuild.catalog import InvalidCatalog, arxiv_year_month, load_catalog, normalize_arxiv, parse_catalog

HEADER = textwrap.dedent(
    """\
    categories:
      - {id: base, label: "Base", color: "#112233"}
    papers:
    """
)


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidCatalog) as info:
        parse_catalog(text, "papers.yaml")
    return [str(p) for p in info.value.problems]


def paper_block(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), "  ")


# --- the shipped list ----------------------------------------------------------------------------------------


def test_shipped_list_has_33_papers_in_7_categories(shipped_catalog):
    assert len(shipped_catalog.papers) == 33
    assert list(shipped_catalog.categories) == [
        "survey", "speech-llm", "tokenization", "asr-st", "self-supervised", "synthesis", "audio-other"]
    counts = {c: sum(p.category == c for p in shipped_catalog.papers) for c in shipped_catalog.categories}
    assert counts == {"survey": 4, "speech-llm": 8, "tokenization": 6, "asr-st": 5, "self-supervised": 5,
                      "synthesis": 4, "audio-other": 1}


def test_shipped_arxiv_ids_keep_every_digit(shipped_catalog):
    by_id = shipped_catalog.by_id
    # YAML 1.1 would read these unquoted as floats and drop the trailing zero.
    assert by_id["wavlm"].arxiv == "2110.13900"
    assert by_id["seamless"].arxiv == "2312.05187"
    assert all(normalize_arxiv(p.arxiv) == p.arxiv for p in shipped_catalog.papers)


def test_shipped_list_repairs_the_seed_defects(shipped_catalog):
    by_id = shipped_catalog.by_id
    assert by_id["owsm-v3.1"].links["code"] == "https://github.com/espnet/espnet/tree/master/egs2/owsm_v3.1/s2t1"
    assert by_id["owsm-v3.1"].category == "asr-st"
    assert by_id["salmonn"].arxiv == "2310.13289"
    assert by_id["salmonn"].links["paper"].startswith("https://openreview.net/")
    assert by_id["vall-e"].remark == "VALL-E"


def test_first_appearance_comes_from_the_arxiv_id_not_the_venue_year(shipped_catalog):
    by_id = shipped_catalog.by_id
    for pid, venue_year, first in [("next-gpt", 2024, "2023-09"), ("salmonn", 2024, "2023-10"),
                                   ("speechtokenizer", 2024, "2023-08"), ("wav2vec", 2019, "2019-04")]:
        assert by_id[pid].year == venue_year
        assert by_id[pid].first_appearance == first


def test_shipped_curated_references_carry_evidence(shipped_catalog):
    cites = [(p.id, c) for p in shipped_catalog.papers for c in p.cites]
    assert len(cites) == 93
    assert all(c.evidence and c.confidence in {"high", "medium"} for _, c in cites)
    assert ("survey-multimodal-large", "next-gpt") in {(p, c.target) for p, c in cites}  # a reference forward in time


def test_arxiv_helpers():
    assert normalize_arxiv("2106.07447v3") == "2106.07447"
    assert normalize_arxiv("arXiv:1706.03762") == "1706.03762"
    assert normalize_arxiv("hep-th/9901001v2") == "hep-th/9901001"
    assert normalize_arxiv("2113.00001") is None  # month 13
    assert normalize_arxiv("2106.074") is None
    assert arxiv_year_month("hep-th/9901001") == "1999-01"


def test_optional_forms_are_accepted():
    catalog = parse_catalog(paper_block("""\
        - id: a
          title: A
          category: base
          doi: https://doi.org/10.1000/XYZ.1
          s2: CorpusId:12345
          first_appeared: 2019-03
          authors: [Ada, Grace]
          cites: []
        - id: b
          title: "no"
          category: base
          arxiv: 2110.13900
          cites: [a]
        """))
    a, b = catalog.papers
    assert a.doi == "10.1000/XYZ.1" and a.s2 == "CorpusId:12345" and a.first_appearance == "2019-03"
    assert a.authors == ("Ada", "Grace")
    assert b.title == "no" and b.arxiv == "2110.13900"  # unquoted, yet no float and no boolean
    assert b.cites[0].target == "a"


# --- bad input: each problem named with file, line and paper ---------------------------------------------


def test_empty_file():
    assert problems("") == ["papers.yaml:1: the file is empty; expected 'categories:' and 'papers:'"]
    assert problems("# only a comment\n") == ["papers.yaml:1: the file is empty; expected 'categories:' and 'papers:'"]


def test_not_utf8(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_bytes(HEADER.encode() + b"  - id: a\n    title: Caf\xe9\n    category: base\n")
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(path)
    assert str(info.value) == f"{path}:5: not UTF-8 (byte 0xe9); save the file as UTF-8"


def test_yaml_syntax_error_has_a_line():
    found = problems(HEADER + "  - id: a\n    title: [unclosed\n    category: base\n")
    assert len(found) == 1 and found[0].startswith("papers.yaml:6: YAML syntax error")


def test_unknown_keys():
    found = problems(paper_block("""\
        - id: a
          title: A
          category: base
          yeer: 2020
          links: {paper: "https://x.org/a", slides: "https://x.org/s"}
        """))
    assert found == [
        "papers.yaml:7: paper 'a': unknown key 'yeer' (expected one of: acl, arxiv, authors, category, cites, doi, "
        "first_appeared, id, links, notes, openreview, pmcid, pmid, remark, s2, title, venue, year)",
        "papers.yaml:8: paper 'a': unknown link 'slides' (expected paper, code, project)",
    ]


def test_missing_title_and_missing_id():
    found = problems(paper_block("""\
        - id: a
          category: base
        - title: Orphan
          category: base
        """))
    assert found == ["papers.yaml:4: paper 'a': missing 'title'",
                     "papers.yaml:6: paper without an 'id' (title: 'Orphan')"]


def test_duplicate_ids_and_duplicate_keys():
    found = problems(paper_block("""\
        - id: a
          title: A
          category: base
        - id: a
          title: Again
          title: Twice
          category: base
        """))
    assert "papers.yaml:7: paper 'a': duplicate id (first used on line 4)" in found
    assert "papers.yaml:9: paper: key 'title' appears twice (first on line 8)" in found


def test_unknown_category():
    found = problems(paper_block("""\
        - id: a
          title: A
          category: nope
        """))
    assert found == ["papers.yaml:6: paper 'a': unknown category 'nope' (declared: base)"]


def test_malformed_arxiv_doi_s2():
    found = problems(paper_block("""\
        - id: a
          title: A
          category: base
          arxiv: "2106.074"
          doi: "11.1000/x"
          s2: "xyz"
        """))
    assert found == [
        "papers.yaml:7: paper 'a': malformed arXiv id '2106.074' (expected e.g. \"2106.07447\")",
        "papers.yaml:8: paper 'a': malformed DOI '11.1000/x' (expected e.g. 10.1109/TASLP.2021.3122291)",
        "papers.yaml:9: paper 'a': malformed Semantic Scholar id 'xyz' (40 hex digits or CorpusId:N)",
    ]


def test_cites_unknown_paper_and_itself():
    found = problems(paper_block("""\
        - id: a
          title: A
          category: base
          cites:
            - a
            - {id: ghost, evidence: "page 3"}
        """))
    assert found == ["papers.yaml:8: paper 'a': 'cites' names the paper itself",
                     "papers.yaml:9: paper 'a': 'cites' names unknown paper 'ghost'"]


def test_wrong_types():
    found = problems(paper_block("""\
        - id: a
          title: [not, text]
          category: base
          year: "twenty"
          cites: b
          links: "https://x.org"
        - just a string
        """))
    assert found == [
        "papers.yaml:5: paper 'a': 'title' must be text, not a list",
        "papers.yaml:5: paper 'a': missing 'title'",
        "papers.yaml:7: paper 'a': 'year' must be a four-digit year, not 'twenty'",
        "papers.yaml:8: paper 'a': 'cites' must be a list of paper ids (or {id, evidence, confidence})",
        "papers.yaml:9: paper 'a': 'links' must be a mapping of paper/code/project to URLs",
        "papers.yaml:10: a paper must be a mapping (id, title, category, ...)",
    ]


def test_bad_categories_and_top_level():
    found = problems(textwrap.dedent("""\
        categoris: []
        categories:
          - {id: base, label: Base, color: blue}
          - {id: base, label: Again, color: "#000000"}
        papers: []
        """))
    assert found == [
        "papers.yaml:1: unknown top-level key 'categoris' (expected one of: categories, description, papers, title)",
        "papers.yaml:3: category 'base': color 'blue' is not #rrggbb (quote it: \"#1f77b4\")",
        "papers.yaml:4: category 'base': declared twice (first on line 3)",
        "papers.yaml:5: 'papers' is empty",
    ]


def test_all_problems_reported_in_one_run():
    found = problems(paper_block("""\
        - id: a
          category: nope
        - id: b
          title: B
          category: base
          arxiv: "bad"
          cites: [zzz]
        """))
    assert len(found) == 4  # missing title, unknown category, bad arXiv id, unknown cite


def test_same_arxiv_id_twice():
    found = problems(paper_block("""\
        - {id: a, title: A, category: base, arxiv: "2106.07447"}
        - {id: b, title: B, category: base, arxiv: "2106.07447v2"}
        """))
    assert found == ["papers.yaml:5: paper 'b': arXiv id 2106.07447 is also given for paper 'a' (line 4)"]


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_nulls_mean_absent_with_either_yaml_loader(monkeypatch, loader):
    import yaml

    import graphbuild.catalog as catalog_module

    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML here has no {loader}")
    monkeypatch.setattr(catalog_module, "_SAFE_LOADER", getattr(yaml, loader))
    catalog = parse_catalog(
        'categories: [{id: c, label: C, color: "#000000"}]\n'
        "papers:\n"
        "  - {id: a, title: A, category: c, year: ~, links: ~, cites: ~, venue: null, authors: ~, doi: }\n"
        '  - {id: b, title: "null", category: c}\n')
    a, b = catalog.papers
    assert (a.year, a.links, a.cites, a.venue, a.authors, a.doi) == (None, {}, (), None, (), None)
    assert b.title == "null"  # quoted: the text "null"
    with pytest.raises(InvalidCatalog, match="missing 'title'"):
        parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                      "papers: [{id: a, title: null, category: c}]\n")


HEAD = 'categories: [{id: c, label: C, color: "#000000"}]\n'


@pytest.mark.parametrize("text, message", [
    ("- just\n- a list\n", "expected a mapping with 'categories:' and 'papers:'"),
    ("categories: {c: 1}\npapers: [{id: a, title: A, category: c}]\n", "'categories' must be a list"),
    ("categories: [just-a-name]\npapers: [{id: a, title: A, category: c}]\n", "a category must be a mapping"),
    ('categories: [{label: X, color: "#000000"}]\npapers: []\n', "category without an 'id'"),
    ('categories: [{id: c, label: C, color: red}]\npapers: [{id: a, title: A, category: c}]\n', "is not #rrggbb"),
    ('categories: [{id: c, label: C, parent: d}]\npapers: [{id: a, title: A, category: c}]\n',
     "category 'c': unknown parent 'd' (declared: c)"),
    ('categories: [{id: c, label: C, parent: c}]\npapers: [{id: a, title: A, category: c}]\n',
     "category 'c': is its own parent"),
    ('categories: [{id: c, parent: d}, {id: d, parent: e}, {id: e, parent: c}]\npapers: [{id: a, title: A, category: c}]\n',
     "category 'c': its parents run in a circle (c → d → e → c)"),
    ('categories: [{id: c, label: C, color: "#000000", size: 3}]\npapers: [{id: a, title: A, category: c}]\n',
     "unknown key 'size'"),
    (HEAD + "papers: {a: 1}\n", "'papers' must be a list"),
    (HEAD + "papers: [just-a-name]\n", "a paper must be a mapping"),
    (HEAD + "papers: [{title: Lost, category: c}]\n", "paper without an 'id' (title: 'Lost')"),
    (HEAD + "papers: [{id: a, title: [x], category: c}]\n", "'title' must be text, not a list"),
    (HEAD + "papers: [{id: a, title: A, category: c, links: [x]}]\n", "'links' must be a mapping"),
    (HEAD + "papers: [{id: a, title: A, category: c, links: {slides: 'https://x.org'}}]\n", "unknown link 'slides'"),
    (HEAD + "papers: [{id: a, title: A, category: c, links: {paper: 'ftp://x.org'}}]\n", "not an http(s) URL"),
    (HEAD + "papers: [{id: a, title: A, category: c, authors: Ada}]\n", "'authors' must be a list of names"),
    (HEAD + "papers: [{id: a, title: A, category: c, cites: a}]\n", "'cites' must be a list"),
    (HEAD + "papers: [{id: a, title: A, category: c, cites: [{evidence: x}]}]\n", "a 'cites' entry without an 'id'"),
    (HEAD + "papers: [{id: a, title: A, category: c}, {id: b, title: B, category: c, cites: [{id: a, why: x}]}]\n",
     "unknown key 'why' in 'cites'"),
    (HEAD + "papers: [{id: a, title: A, category: c}, {id: b, title: B, category: c, "
     "cites: [{id: a, confidence: sure}]}]\n", "confidence must be high, medium or low"),
    (HEAD + "papers: [{id: a, title: A, category: c, cites: [[x]]}]\n", "cites"),
    (HEAD + "papers:\n  - {id: a, title: A, category: c, title: B}\n", "appears twice"),
    (HEAD + "papers:\n  - {id: a, title: A, category: c, ? [k] : v}\n", "a key must be a plain name"),
    (HEAD + "papers: [{id: a, title: A, category: c, year: 20.5}]\n", "four-digit year"),
    (HEAD + "papers: [{id: a, title: A, category: c, year: 1066}]\n", "out of range"),
    (HEAD + "papers: [{id: a, title: \"bell \\x07\", category: c}]\n", "control character"),
    (HEAD + "papers: [\n", "YAML syntax error"),
    ("title: x\n", "missing 'papers:'"),
    (HEAD + "papers: []\n", "'papers' is empty"),
    (HEAD + "papers: [{id: a, title: A, category: c}]\nextra: 1\n", "unknown top-level key 'extra'"),
])
def test_structural_errors_are_reported_not_raised(text, message):
    with pytest.raises(InvalidCatalog) as caught:
        parse_catalog(text)
    assert message in str(caught.value)


def _yaml_values():
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                        st.sampled_from(["c", "a", "#000000", "2106.07447", "10.1/x", "high", "~", "null"]))
    return st.recursive(scalars, lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["id", "title", "category", "year", "links", "cites", "categories", "papers",
                                         "label", "color", "paper", "arxiv", "doi", "authors", "evidence"]),
                        children, max_size=5)), max_leaves=20)


@pytest.mark.slow
def test_parse_catalog_raises_nothing_but_invalid_catalog():
    import yaml
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(_yaml_values().map(lambda v: yaml.safe_dump(v, allow_unicode=True)), st.text(max_size=200)))
    def check(text):
        try:
            parse_catalog(text)
        except InvalidCatalog as exc:
            assert exc.problems and all(str(p) for p in exc.problems)

    check()


def test_categories_form_a_tree_and_take_the_palette_where_the_list_gives_no_colour():
    from graphbuild.palette import PALETTE

    catalog = parse_catalog("""
categories:
  - {id: attention, label: "6 Efficient Attention"}
  - {id: positional, label: "6.1 Positional Encoding Variants", parent: attention}
  - {id: speech, label: Speech, color: "#123456"}
  - {id: tts, label: TTS, parent: speech}
  - {id: later, label: Later}
papers: [{id: a, title: A, category: positional}]
""")
    c = catalog.categories
    assert c["positional"].parent == "attention" and c["attention"].parent is None
    assert c["attention"].color == PALETTE[0] and c["positional"].color == PALETTE[0]  # a child takes its root's
    assert c["speech"].color == "#123456" and c["tts"].color == "#123456"  # the list's own colour is kept
    assert c["later"].color == PALETTE[2]  # the third top-level category
    assert not c["attention"].color_given and c["speech"].color_given


def test_a_circle_of_parents_is_reported_once_with_its_line():
    with pytest.raises(InvalidCatalog) as err:
        parse_catalog("categories:\n  - {id: a, parent: b}\n  - {id: b, parent: a}\npapers: [{id: p, title: P, category: a}]\n")
    assert [str(p) for p in err.value.problems] == ["papers.yaml:2: category 'a': its parents run in a circle (a → b → a)"]
