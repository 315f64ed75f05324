"""`graphbuild audit` and `graphbuild similar` (issue 25) as a user runs them, offline, on the shipped list, on a
list whose papers have no category, on one where some have none, and on one whose papers cite nothing."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
import yaml

from helpers import SHIPPED_CATALOG, run_graphbuild


def run(cwd, *args, code=0):
    result = run_graphbuild(*args, cwd=cwd)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.mark.slow
def test_audit_of_the_shipped_list_in_every_format(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    table = run(tmp_path, "audit")
    assert "33 papers, 93 citation links, 7 categories (as listed)" in table
    assert "Categories against communities: AMI" in table and "Cohesion" in table
    assert "How far to trust a proposal" in table
    data = json.loads(run(tmp_path, "audit", "--format", "json"))
    assert set(data) >= {"agreement", "cohesion", "misplaced", "proposals", "holdout"}
    assert set(data["misplaced"][0]) >= {"paper", "category", "proposed", "confidence", "evidence"}
    assert yaml.safe_load(run(tmp_path, "audit", "--format", "yaml")) == data
    top = json.loads(run(tmp_path, "audit", "--level", "top", "--top", "2", "--format", "json"))
    assert top["level"] == "top" and len(top["misplaced"]) <= 2


@pytest.mark.slow
def test_similar_names_what_two_papers_share(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    out = run(tmp_path, "similar", "wav2vec 2.0", "--by", "cocitation", "--norm", "salton", "--top", "3")
    assert out.startswith("wav2vec2  wav2vec 2.0") and "cited together by" in out
    found = json.loads(run(tmp_path, "similar", "hubert", "--format", "json"))
    assert len(found) == 10 and all(s["shared_references"] or s["shared_citers"] for s in found)
    assert found == sorted(found, key=lambda s: (-s["score"], s["paper"]))
    missing = run_graphbuild("similar", "no such paper at all", cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


LIST = textwrap.dedent("""\
    title: Half sorted
    categories:
      - {id: tts, label: Speech synthesis}
      - {id: asr, label: Speech recognition}
    papers:
      - {id: a, title: Tacotron, year: 2017, category: tts}
      - {id: b, title: FastSpeech, year: 2019, category: tts, cites: [a]}
      - {id: c, title: Glow-TTS, year: 2020, cites: [a, b]}
      - {id: d, title: Listen Attend and Spell, year: 2016, category: asr}
      - {id: e, title: Conformer, year: 2020, category: asr, cites: [d]}
      - {id: f, title: Whisper, year: 2022, cites: [d, e]}
      - {id: g, title: Cites nothing listed, year: 2022}
    """)


@pytest.mark.slow
def test_papers_without_a_category_get_one_proposed_and_the_page_draws_them(tmp_path):
    (tmp_path / "papers.yaml").write_text(LIST)
    data = json.loads(run(tmp_path, "audit", "--format", "json"))
    proposed = {p["paper"]: p["proposed"] for p in data["proposals"]}
    assert proposed == {"c": "tts", "f": "asr", "g": None}
    table = run(tmp_path, "audit")
    assert "(none: no link to a categorised paper)" in table
    run(tmp_path, "build", "--offline")
    page = (tmp_path / "output" / "lineage.html").read_text()
    assert "uncategorised" in page


@pytest.mark.slow
def test_a_list_without_categories_or_without_citations_says_so(tmp_path):
    (tmp_path / "papers.yaml").write_text("papers:\n  - {id: a, title: A}\n  - {id: b, title: B, cites: [a]}\n")
    assert "No paper has a category" in run(tmp_path, "audit")
    (tmp_path / "papers.yaml").write_text(LIST.replace(", cites: [a, b]", "").replace(", cites: [a]", "")
                                          .replace(", cites: [d, e]", "").replace(", cites: [d]", ""))
    out = run(tmp_path, "audit")
    assert "cite none of each other" in out and "Cohesion" not in out
