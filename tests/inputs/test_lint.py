"""graphbuild lint (issue 27): what a maintainer checks by hand, with file:line, on lists written for the test, on
papers.yaml built against the fake Semantic Scholar, and on real lists and bibliographies from ../shared."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from helpers import SHIPPED_CATALOG, run_graphbuild, shared_file

FAST = ["--max-rps", "0", "--backoff", "0.01", "--timeout", "5", "--sources", "s2", "--no-contexts"]

LIST = textwrap.dedent("""\
    # Awesome Speech

    ## Speech Models

    - HuBERT: Self-Supervised Speech Representation Learning [[paper]](https://arxiv.org/abs/2106.07447)
    - wav2vec 2.0: A Framework for Self-Supervised Learning [[paper]](https://arxiv.org/abs/2006.11477)
    - Broken Link Paper [[paper]](https://arxiv.org/abs/2106.074)
    - Learning from All Vehicles (CVPR 2022) [[paper]](https://arxiv.org/abs/1709.04622)

    ## speech-models!

    - HuBERT again [[paper]](https://arxiv.org/abs/2106.07447)
    - Learning from All Vehicles (CVPR 2022) [[paper]](https://arxiv.org/abs/2203.11934)
    - **A Paper Without Any Link**, *Ann Author*, ICASSP 2021.

    ## Lonely

    - Only One Here [[paper]](https://arxiv.org/abs/2301.00001)
    """)


def lint(cwd, *args, code=None):
    result = run_graphbuild("lint", *args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    if code is not None:
        assert result.returncode == code, result.stdout + result.stderr
    return result


def test_a_markdown_list_gets_every_finding_with_its_line(tmp_path):
    (tmp_path / "README.md").write_text(LIST)
    result = lint(tmp_path, "README.md", "--format", "json", code=1)
    found = {(f["line"], f["code"], f["severity"]) for f in json.loads(result.stdout)}
    assert (7, "malformed-id", "error") in found  # 2106.074 is no arXiv id
    assert (12, "duplicate", "warning") in found  # HuBERT under a second section: on purpose?
    # one title and year under two arXiv ids: one of the links points at another paper
    assert (13, "duplicate", "error") in found
    assert (14, "no-identifier", "warning") in found
    # a category is placed at its first paper's line: 'speech-models!' is 'Speech Models' in other letters
    assert (13, "category-name", "warning") in found
    assert (18, "category-of-one", "warning") in found
    text = lint(tmp_path, "README.md", code=1).stdout
    assert "README.md:13: error: has the title and year of line 8" in text
    assert text.rstrip().endswith("README.md: 2 errors, 4 warnings.")


def test_github_annotations_escape_what_the_list_says(tmp_path):
    (tmp_path / "refs.bib").write_text(textwrap.dedent("""\
        @article{a, title = {A 100% Sure::error Title}, doi = {10.1000/xyz}, year = 2020}
        @article{b, title = {Another}, doi = {10.1000/XYZ}, year = 2021}
        """))
    result = lint(tmp_path, "refs.bib", "--format", "github", code=1)
    lines = result.stdout.splitlines()
    assert lines == ["::error file=refs.bib,line=2,title=graphbuild lint%3A duplicate::lists again the paper of "
                     "line 1 ('A 100%25 Sure::error Title')"]


@pytest.mark.slow
def test_papers_yaml_with_a_link_to_another_paper_is_an_error_once_built(tmp_path, shipped_s2):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    offline = lint(tmp_path, code=0)
    assert "0 errors" in offline.stdout and "category 'Audio/Music/Others' holds one paper" in offline.stdout
    from graphbuild.catalog import load_catalog

    title = load_catalog(tmp_path / "papers.yaml").by_id["hubert"].title
    text = (tmp_path / "papers.yaml").read_text()
    assert text.count(title) == 1
    (tmp_path / "papers.yaml").write_text(text.replace(title, "A Recipe Book for Sourdough Bread"))
    built = run_graphbuild("build", "--api-url", shipped_s2.url, *FAST, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    shipped_s2.reset_log()
    result = lint(tmp_path, "--format", "json", code=1)
    wrong = [f for f in json.loads(result.stdout) if f["code"] == "wrong-paper"]
    assert len(wrong) == 1 and "paper 'hubert'" in wrong[0]["message"] and "HuBERT" in wrong[0]["message"]
    assert shipped_s2.count == 0  # from the cache: lint asks nothing


@pytest.mark.slow
def test_a_paper_openalex_says_was_retracted_is_a_warning_with_its_line(tmp_path, fake_s2, fake_oa,
                                                                        shipped_catalog):
    from helpers import shipped_corpus, shipped_works

    fake_s2.corpus = shipped_corpus(shipped_catalog)
    fake_oa.corpus_works, wid = shipped_works(shipped_catalog)
    fake_oa.corpus_works.works[wid["whisper"]]["is_retracted"] = True
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    built = run_graphbuild("build", "--sources", "s2,openalex", "--api-url", fake_s2.url, "--openalex-url",
                           fake_oa.url, *FAST[:-3], "--no-contexts", cwd=tmp_path, env={"GRAPHBUILD_SOURCES": ""},
                           timeout=120)
    assert built.returncode == 0, built.stderr
    result = lint(tmp_path, "--format", "json", code=0)  # a warning: a list may keep one on purpose
    retracted = [f for f in json.loads(result.stdout) if f["code"] == "retracted"]
    from graphbuild.catalog import load_catalog

    line = load_catalog(tmp_path / "papers.yaml").by_id["whisper"].line
    assert "id: whisper" in (tmp_path / "papers.yaml").read_text().splitlines()[line - 1]
    assert [(f["line"], f["severity"]) for f in retracted] == [(line, "warning")]
    assert "paper 'whisper' was retracted or withdrawn (OpenAlex says so)" in retracted[0]["message"]


def test_an_invalid_papers_yaml_is_reported_by_line_not_raised(tmp_path):
    (tmp_path / "papers.yaml").write_text("papers:\n  - {id: a, title: A, arxiv: '2106.074'}\n")
    result = lint(tmp_path, code=1)
    assert "papers.yaml:2: error: paper 'a': malformed arXiv id" in result.stdout
    missing = lint(tmp_path, "nowhere.md")
    assert missing.returncode == 2 and "nowhere.md" in missing.stderr


@pytest.mark.slow
def test_real_lists_and_bibliographies():
    driving = shared_file("corpus/lists/OpenDriveLab__End-to-end-Autonomous-Driving.md")
    result = lint(driving.parent, driving.name, "--format", "json", code=1)
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    # the list links 'Learning from All Vehicles' to arXiv 1709.04622 on line 268, the right 2203.11934 on 800
    assert any(f["line"] == 800 and "line 268" in f["message"] for f in errors)
    bib = shared_file("corpus/bib/ysymyth__awesome-language-agents__CoALA.bib")
    result = lint(bib.parent, bib.name, "--format", "json", code=1)
    said = [f["message"] for f in json.loads(result.stdout) if f["code"] == "duplicate"]
    assert any("Language Models are Few-Shot Learners" in m for m in said)
    assert not [f for f in json.loads(result.stdout) if f["code"] == "malformed-id"]  # {…} and , are not ids


@pytest.mark.slow
@pytest.mark.parametrize("name", ["CHIANGEL__Awesome-LLM-for-RecSys.md", "dair-ai__ML-Papers-of-the-Week.md",
                                  "rstanjieyi__GeoAI-in-CVPR-2025.md"])
def test_no_malformed_id_false_alarms_on_real_lists(name):
    path = shared_file(f"corpus/lists/{name}")
    result = lint(path.parent, path.name, "--format", "json")
    assert result.returncode in (0, 1)
    assert not [f for f in json.loads(result.stdout) if f["code"] == "malformed-id"]
