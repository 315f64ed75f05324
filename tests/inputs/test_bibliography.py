"""graphbuild import reads bibliographies: real BibTeX and RIS files of published work (read from
../shared/corpus/bib, never copied here), CSL-JSON, lists of identifiers; every identifier an entry holds is kept."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.cli import main
from graphbuild.inputs import detect_format, parse
from graphbuild.inputs.bibtex import parse_bibtex
from graphbuild.inputs.listfile import render_catalog
from graphbuild.inputs.ris import parse_ris

from helpers import SHARED, shared_file

BIB = SHARED / "corpus" / "bib"
ENTRY_RE = re.compile(r"^[ \t]*@(\w+)[ \t]*[{(]", re.M)
ARXIV_RES = [re.compile(r"arxiv\.org/(?:abs|pdf)/([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})", re.I),
             re.compile(r"arXiv:\s*(\d{4}\.\d{4,5})", re.I), re.compile(r"arXiv:\s*([a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)]


def raw_entries(text: str) -> list[str]:
    """Entry texts, counted the way ../shared/corpus/bib/README.md counts them (a regex, not a parser)."""
    starts = [m for m in ENTRY_RE.finditer(text) if m.group(1).lower() not in ("string", "comment", "preamble")]
    all_starts = [m.start() for m in ENTRY_RE.finditer(text)] + [len(text)]
    return [text[m.start(): min(s for s in all_starts if s > m.start())] for m in starts]


def expected_ids(entry: str) -> set[tuple[str, str]]:
    found = set()
    for pattern in ARXIV_RES:
        for m in pattern.finditer(entry):
            found.add(("arxiv", re.sub(r"v\d+$", "", m.group(1)).lower()))
    eprint = re.search(r"eprint\s*=\s*[{\"]\s*([^}\"]+?)\s*[}\"]", entry, re.I)
    if eprint and re.search(r"(archiveprefix|eprinttype)\s*=\s*[{\"]?\s*arxiv", entry, re.I):
        found.add(("arxiv", re.sub(r"v\d+$", "", eprint.group(1)).lower()))
    doi = re.search(r"(?<![a-z])doi\s*=\s*[{\"]\s*([^}\"]+?)\s*[}\"]", entry, re.I)
    if doi:
        value = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi.group(1)).lower()
        found.add(("arxiv", value.split("arxiv.", 1)[1]) if value.startswith("10.48550/arxiv.") else ("doi", value))
    return found


def bib_files() -> list:
    if not BIB.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"needs {BIB} (../shared beside the clone)"))]
    return [pytest.param(p, id=p.name[:24]) for p in sorted(BIB.glob("*.bib"))]


@pytest.mark.parametrize("path", bib_files())
def test_every_identifier_in_a_real_bib_file_is_kept(path):
    text = path.read_text(encoding="utf-8")
    result = parse_bibtex(text, path.name)
    held = {key for paper in result.papers for key in paper.identities}
    entries = raw_entries(text)
    with_ids = [e for e in entries if expected_ids(e)]
    assert with_ids, "the file has entries with identifiers"
    for entry in with_ids:
        key = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)", entry).group(1)
        if f"second entry with the key '{key}'" in " ".join(result.problems) and entry is not \
                next(e for e in entries if e.lstrip().split(",")[0].endswith(key)):
            continue  # a repeated key: reported, the first entry with it is used
        assert expected_ids(entry) <= held, f"{path.name}: entry {key} lost {expected_ids(entry) - held}"
    assert len(result.papers) + result.skipped["entries listing a paper again"] + len(result.problems) >= len(entries)
    catalog = parse_catalog(render_catalog(result, path.name))  # a papers.yaml graphbuild accepts
    assert len(catalog.papers) == len(result.papers)


def test_string_macros_and_latex_accents_become_plain_text():
    result = parse_bibtex(shared_file("corpus/bib/danqi__thesis__ref.bib").read_text(encoding="utf-8"), "ref.bib")
    assert any("Association for Computational Linguistics (ACL)" == p.venue for p in result.papers)  # @string acl
    authors = {a for p in result.papers for a in p.authors}
    assert "Tomáš Mikolov" in authors or any("Tomáš" in a for a in authors)
    assert not any("\\" in p.title or "{" in p.title for p in result.papers)
    assert not any("\\" in a or "{" in a for a in authors)


def test_real_ris_file_keeps_every_doi():
    path = shared_file("corpus/bib/KhalidMHASNI__SLR-automatic-screening-__Exported_Items.ris")
    text = path.read_text(encoding="utf-8")
    result = parse_ris(text, path.name)
    dois = {m.group(1).strip().lower() for m in re.finditer(r"^DO  - (.+)$", text, re.M) if m.group(1).strip()}
    assert len(dois) == 465 and dois <= {v for p in result.papers for k, v in p.identities if k == "doi"}
    assert len(result.papers) == 467 and result.papers[0].line == 1
    assert result.papers[0].authors[0] == "R. Uma Maheshwari" and result.papers[0].venue == "Plasmonics"


SMALL_BIB = textwrap.dedent(r"""
    @string{nips = "Advances in Neural Information Processing Systems"}
    @proceedings{neurips2017, title = {NeurIPS 2017}, booktitle = nips, year = 2017, publisher = {Curran}}
    @inproceedings{vaswani2017, title = {Attention is {All} you Need}, author = {Vaswani, Ashish and Shazeer, Noam},
      crossref = {neurips2017}, keywords = {transformers, attention}}
    @article{devlin2018bert, title = {{BERT}: Pre-training of Deep Bidirectional Transformers},
      author = {Devlin, Jacob and Chang, Ming-Wei}, journal = {arXiv preprint arXiv:1810.04805}, year = {2018},
      keywords = {language models}}
    @misc{brown2020, title = {Language Models are Few-Shot Learners}, eprint = {2005.14165},
      archivePrefix = {arXiv}, primaryClass = {cs.CL}}
    @article{ss2023, title = {Semantic Scholar Style}, journal = {ArXiv}, volume = {abs/2303.08774}, year = 2023}
    @article{broken, title = {Missing brace, author = {Nobody}
    @article{devlin2018again, title = {BERT again}, doi = {10.48550/arXiv.1810.04805}}
    """)


def test_crossref_arxiv_forms_duplicates_and_bad_entries():
    result = parse_bibtex(SMALL_BIB, "small.bib", category_field="keywords")
    by_id = {p.id: p for p in result.papers}
    assert set(by_id) >= {"vaswani2017", "devlin2018bert", "brown2020", "ss2023"}
    attention = by_id["vaswani2017"]
    assert (attention.title, attention.year, attention.venue) == (
        "Attention is All you Need", 2017, "Advances in Neural Information Processing Systems")  # via crossref
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert by_id["devlin2018bert"].arxiv == "1810.04805" and by_id["brown2020"].arxiv == "2005.14165"
    assert by_id["ss2023"].arxiv == "2303.08774"
    assert result.skipped["entries listing a paper again"] == 1  # the arXiv DOI of BERT is the same paper
    assert [c.label for c in result.categories][:2] == ["transformers", "language models"]
    assert all(p.startswith("small.bib:") for p in result.problems)


def test_csl_json_id_lists_and_format_detection(tmp_path, capsys):
    csl = [{"id": "a1", "type": "article-journal", "title": "Deep Residual Learning",
            "author": [{"family": "He", "given": "Kaiming"}, {"literal": "Microsoft Research"}],
            "issued": {"date-parts": [[2016, 6]]}, "container-title": "CVPR", "DOI": "10.1109/CVPR.2016.90"},
           {"id": "a2", "title": "Attention Is All You Need", "URL": "https://arxiv.org/abs/1706.03762v5"}]
    text = json.dumps(csl, indent=2)
    assert detect_format("export.json", text) == "csl-json"
    first, second = parse(text, "export.json", "csl-json").papers
    assert (first.doi, first.year, first.venue, first.authors) == ("10.1109/CVPR.2016.90", 2016, "CVPR",
                                                                   ("Kaiming He", "Microsoft Research"))
    assert second.arxiv == "1706.03762" and first.line == 3
    ids = "# my reading list\n2106.07447\narXiv:1706.03762v2 Attention Is All You Need\n10.1109/CVPR.2016.90\n" \
          "https://openreview.net/forum?id=YicbFdNTTy\nnot-an-id\n"
    assert detect_format("list.txt", ids) == "ids" and detect_format("noext", ids) == "ids"
    result = parse(ids, "list.txt", "ids")
    assert [p.arxiv or p.doi or p.openreview for p in result.papers] == [
        "2106.07447", "1706.03762", "10.1109/CVPR.2016.90", "YicbFdNTTy"]
    assert result.papers[0].provisional_title and result.papers[1].title == "Attention Is All You Need"
    assert result.problems == ["list.txt:6: 'not-an-id' is not an arXiv id, a DOI or a URL"]
    assert detect_format("refs.txt", SMALL_BIB) == "bibtex" and detect_format("x", "TY  - JOUR\nER  - \n") == "ris"


def test_cli_import_of_a_bib_file_merges_and_refuses_an_empty_one(tmp_path, capsys):
    source = tmp_path / "library.bib"
    source.write_text(SMALL_BIB, encoding="utf-8")
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out), "--category", "Reading"]) == 0
    captured = capsys.readouterr()
    assert "library.bib:" in captured.err  # the broken entry, by line
    catalog = load_catalog(out)
    assert {p.category for p in catalog.papers} == {"reading"}
    assert main(["import", str(source), "-o", str(out), "--merge", "--category", "Reading"]) == 0
    assert "0 added, 0 updated, 0 no longer in the list" in capsys.readouterr().out
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing here\n", encoding="utf-8")
    assert main(["import", str(empty), "-o", str(tmp_path / "e.yaml")]) == 2
    assert "empty.bib: no papers found" in capsys.readouterr().err


def test_dblp_ris_gives_the_arxiv_id_of_its_corr_volume():
    # DBLP's RIS export of a CoRR paper: the arXiv id is only in the volume ("VL  - abs/1706.03762"), as its BibTeX
    # export's volume = {abs/1706.03762}, which was read; the RIS one was not
    text = textwrap.dedent("""\
        TY  - JOUR
        TI  - Attention Is All You Need
        AU  - Vaswani, Ashish
        PY  - 2017
        VL  - abs/1706.03762
        JO  - CoRR
        UR  - https://dblp.org/rec/journals/corr/VaswaniSPUJGKP17
        ER  -
        """)
    [paper] = parse_ris(text, "dblp.ris").papers
    assert paper.arxiv == "1706.03762" and paper.venue == "CoRR"


def test_a_list_of_ids_links_a_bare_doi_to_its_resolver_and_names_papers_by_their_ids():
    # "10.1109/CVPR.2016.90" became the link https://10.1109/CVPR.2016.90, and the papers the ids "doi" and "arxiv"
    result = parse("10.1109/CVPR.2016.90\narXiv:2006.11477\nhttps://arxiv.org/abs/1706.03762 Attention Is All You Need\n",
                   "ids.txt", "ids")
    doi, arxiv, titled = result.papers
    assert (doi.doi, doi.links["paper"]) == ("10.1109/CVPR.2016.90", "https://doi.org/10.1109/CVPR.2016.90")
    assert (doi.id, arxiv.id) == ("doi-10.1109-cvpr.2016.90", "arxiv-2006.11477")
    assert titled.title == "Attention Is All You Need" and titled.id == "attention-all-you"  # as before


def test_a_bib_file_without_keywords_imports_uncategorised_and_a_merge_keeps_curated_categories(tmp_path, capsys):
    source = tmp_path / "library.bib"
    source.write_text(SMALL_BIB, encoding="utf-8")
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "categories: []" in text and "# --- uncategorised ---" in text and "category:" not in text
    catalog = load_catalog(out)
    assert catalog.categories == {} and {p.category for p in catalog.papers} == {""}
    # a curated list with categories, merged with the same file: nothing loses its category
    curated = tmp_path / "curated.yaml"
    assert main(["import", str(source), "-o", str(curated), "--category", "Reading"]) == 0
    assert main(["import", str(source), "-o", str(curated), "--merge"]) == 0
    assert {p.category for p in load_catalog(curated).papers} == {"reading"}
    # with --category-field, an entry without that field is uncategorised, the others take theirs
    result = parse_bibtex(SMALL_BIB, "small.bib", category_field="keywords")
    by_id = {p.id: p.category for p in result.papers}
    assert by_id["ss2023"] == "" and by_id["vaswani2017"]
    reread = parse_catalog(render_catalog(result, "small.bib"))
    assert {p.id: p.category for p in reread.papers} == by_id
