"""graphbuild diff: two versions of the shipped list (a paper added, one removed, a curated reference added) give
exactly those changes, from two files or from two git revisions."""

from __future__ import annotations

import json
import subprocess

import pytest

from graphbuild.cli import main

from helpers import SHIPPED_CATALOG

SPARKS_CITES = "      - id: seamlessm4t\n        confidence: high\n"


def edited(text: str) -> str:
    start = text.index("  - id: comprehensive-review-multimodal\n")
    end = text.index("  - id: ", start + 10)
    text = text[:start] + text[end:]  # removed: nobody cites it and it cites nothing listed
    text = text.replace(SPARKS_CITES, "      - whisper\n" + SPARKS_CITES, 1)  # a curated reference added
    return text + '  - {id: new-one, title: "A New One", category: survey, year: 2025, cites: [hubert]}\n'


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_of_two_files_gives_exactly_the_changes(tmp_path, capsys):
    new = tmp_path / "papers.yaml"
    new.write_text(edited(SHIPPED_CATALOG.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = run(capsys, "diff", str(SHIPPED_CATALOG), str(new), "--format", "json",
                         "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    diff = json.loads(out)
    assert diff["added"] == ["new-one"] and diff["removed"] == ["comprehensive-review-multimodal"]
    assert diff["citations_gained"] == [{"citing": "new-one", "cited": "hubert"},
                                        {"citing": "sparks-large-audio", "cited": "whisper"}]
    assert diff["citations_lost"] == []
    # whisper (9 → 10 citations) stays 2nd and the two it tied with drop to 3rd; hubert (11 → 12) stays 1st
    assert diff["rank_moves"] == [{"paper": "vq-vae", "old": 2, "new": 3, "change": -1},
                                  {"paper": "wav2vec2", "old": 2, "new": 3, "change": -1}]
    assert diff["flows_changed"] == [{"citing": "survey", "cited": "asr-st", "old": 2, "new": 3},
                                     {"citing": "survey", "cited": "self-supervised", "old": 1, "new": 2}]
    code, markdown, _ = run(capsys, "diff", str(SHIPPED_CATALOG), str(new), "--cache-dir", str(tmp_path / "cache"))
    assert "### Papers added (1)" in markdown and "- `new-one` A New One" in markdown
    assert "### Citations gained (2)" in markdown and "- `sparks-large-audio` → `whisper`" in markdown
    code, same, _ = run(capsys, "diff", str(SHIPPED_CATALOG), str(SHIPPED_CATALOG), "--cache-dir",
                        str(tmp_path / "cache"))
    assert "No change" in same


def test_diff_of_two_git_revisions(tmp_path, capsys):
    repo = tmp_path / "list"
    repo.mkdir()
    catalog = repo / "papers.yaml"

    def git(*args):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=30)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "Test")
    catalog.write_text(SHIPPED_CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", "papers.yaml")
    git("commit", "-q", "-m", "one")
    catalog.write_text(edited(catalog.read_text(encoding="utf-8")), encoding="utf-8")
    git("commit", "-q", "-am", "two")
    code, out, err = run(capsys, "diff", "HEAD~1", "HEAD", "--catalog", str(catalog), "--format", "json",
                         "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    assert json.loads(out)["added"] == ["new-one"]
    code, _, err = run(capsys, "diff", "no-such-rev", "HEAD", "--catalog", str(catalog))
    assert code == 2 and "neither a file nor a git revision" in err


@pytest.mark.parametrize("by", ["pagerank", "global"])
def test_diff_by_another_metric(tmp_path, capsys, by):
    code, out, _ = run(capsys, "diff", str(SHIPPED_CATALOG), str(SHIPPED_CATALOG), "--by", by, "--format", "json",
                       "--cache-dir", str(tmp_path / "c"))
    assert code == 0 and json.loads(out)["metric"] == by and json.loads(out)["rank_moves"] == []


def test_a_paper_under_a_new_id_is_renamed_not_removed_and_added(tmp_path, capsys):
    # renaming ids (hubert → hubert-2021, its arXiv id kept; vall-e → valle, its arXiv id dropped but its title and
    # year kept) reported 2 added, 2 removed and 28 citations gained and lost
    import re

    text = SHIPPED_CATALOG.read_text(encoding="utf-8")
    text = re.sub(r"(?<![\w-])hubert(?![\w-])", "hubert-2021", text)
    text = re.sub(r"(?<![\w-])vall-e(?![\w-])", "valle", text).replace('    arxiv: "2301.02111"\n', "", 1)
    new = tmp_path / "papers.yaml"
    new.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "diff", str(SHIPPED_CATALOG), str(new), "--format", "json",
                         "--cache-dir", str(tmp_path / "cache"))
    assert code == 0, err
    diff = json.loads(out)
    assert diff["renamed"] == [{"old": "hubert", "new": "hubert-2021"}, {"old": "vall-e", "new": "valle"}]
    assert (diff["added"], diff["removed"], diff["citations_gained"], diff["citations_lost"]) == ([], [], [], [])
    assert diff["rank_moves"] == [] and diff["flows_changed"] == []
    code, markdown, _ = run(capsys, "diff", str(SHIPPED_CATALOG), str(new), "--cache-dir", str(tmp_path / "cache"))
    assert "### Papers renamed (2)" in markdown and "- `hubert` → `hubert-2021` HuBERT" in markdown
