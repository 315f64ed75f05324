"""The reading commands (rank, lineage, mainpath, flows, suggest, stats): offline, stable output, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from graphbuild.cli import main
from graphbuild.jobs import build

from helpers import SHIPPED_CATALOG, SMALL_CATALOG, make_client


@pytest.fixture
def shipped_args(tmp_path):
    return ["--catalog", str(SHIPPED_CATALOG), "--out", str(tmp_path / "out")]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rank_table_top_10(capsys, shipped_args):
    code, out, _ = run(capsys, "rank", "--top", "10", *shipped_args)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 12
    assert lines[0].split() == ["rank", "id", "title", "year", "category", "local"]
    assert lines[2].split()[:2] == ["1", "hubert"] and lines[2].split()[-1] == "11"
    assert [line.split()[1] for line in lines[3:6]] == ["vq-vae", "wav2vec2", "whisper"]  # tied at 9, by id
    assert [line.split()[0] for line in lines[3:6]] == ["2", "2", "2"]


def test_rank_json_csv_and_all(capsys, shipped_args):
    code, out, _ = run(capsys, "rank", "--by", "pagerank", "--format", "json", "--category", "self-supervised",
                       *shipped_args)
    records = json.loads(out)
    assert code == 0 and [r["id"] for r in records][:2] == ["hubert", "wav2vec2"]
    assert set(records[0]) == {"rank", "id", "title", "year", "category", "pagerank"}
    code, out, _ = run(capsys, "rank", "--all", "--format", "csv", "--since", "2024", *shipped_args)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["year"] for r in rows} == {"2024"} and "spc" in rows[0] and "hub" in rows[0]
    code, out, _ = run(capsys, "rank", "--all", "--top", "3", *shipped_args)
    assert code == 0 and "betweenness" in out.splitlines()[0]


def test_rank_bad_category_exits_2(capsys, shipped_args):
    code, _, err = run(capsys, "rank", "--category", "nope", *shipped_args)
    assert code == 2 and "unknown category 'nope'" in err


def test_lineage_tree_and_ambiguity(capsys, shipped_args):
    code, out, _ = run(capsys, "lineage", "2106.07447", "--up", *shipped_args)
    assert code == 0
    assert out.splitlines()[:5] == [
        "hubert  HuBERT: Self-Supervised Speech Representation Learning by Masked Pred… (2021-06)",
        "",
        "Builds on (3 in the list):",
        "  ├── vq-vae  Neural Discrete Representation Learning (2017-11)",
        "  ├── wav2vec  wav2vec: Unsupervised Pre-Training for Speech Recognition (2019-04)",
    ]
    assert "Built on by" not in out
    code, out, err = run(capsys, "lineage", "wav", *shipped_args)
    assert code == 2 and "'wav' matches 3 papers" in err and "wavlm" in err
    code, _, err = run(capsys, "lineage", "nothing like this", *shipped_args)
    assert code == 2 and "no paper matches" in err


def test_mainpath_prints_the_chain(capsys, shipped_args):
    code, out, _ = run(capsys, "mainpath", *shipped_args)
    assert code == 0 and out.startswith("Main path 1 of 1 (global search, SPC; total weight ")
    assert "  2017  vq-vae" in out and "wav2vec2" in out
    code, out, _ = run(capsys, "mainpath", "--weight", "splc", "--search", "key-route", "--top", "2", *shipped_args)
    assert code == 0 and "key-route search, SPLC, top 2 key links" in out


def test_flows_and_stats(capsys, shipped_args):
    code, out, _ = run(capsys, "flows", "--format", "json", *shipped_args)
    data = json.loads(out)
    assert code == 0 and sum(sum(row.values()) for row in data["counts"].values()) == 93
    code, out, _ = run(capsys, "flows", *shipped_args)
    assert "cites →" in out and "self-supervised" in out
    code, out, _ = run(capsys, "stats", *shipped_args)
    assert code == 0 and "papers:           33" in out and "curated 93" in out
    code, out, _ = run(capsys, "stats", "--format", "json", *shipped_args)
    assert json.loads(out)["papers"] == 33


def test_suggest_from_a_built_cache(capsys, small_s2, tmp_path):
    catalog = tmp_path / "papers.yaml"
    catalog.write_text(SMALL_CATALOG, encoding="utf-8")
    build(catalog, tmp_path / "out", client=make_client(small_s2))
    args = ["--catalog", str(catalog), "--out", str(tmp_path / "out")]
    code, out, _ = run(capsys, "suggest", *args)
    assert code == 0 and "An Outside Classic" in out and out.splitlines()[2].split()[0] == "4"
    code, out, _ = run(capsys, "suggest", "--format", "yaml", "--min-cites", "3", *args)
    entries = yaml.safe_load(out)
    assert entries == [{"id": "outside-classic", "title": "An Outside Classic", "category": "apps", "year": 2010,
                        "notes": "suggested: cited by 4 listed papers (alpha, beta, epsilon, gamma)"}]
    code, out, _ = run(capsys, "suggest", "--format", "bibtex", "--min-cites", "3", *args)
    from graphbuild.inputs.bibtex import parse_bibtex

    (paper,) = parse_bibtex(out, "suggested.bib").papers  # ready to paste into a .bib, and read back
    assert code == 0 and paper.id == "outside-classic" and paper.title == "An Outside Classic"


def test_suggest_without_cache_says_how_to_get_data(capsys, shipped_args):
    code, out, err = run(capsys, "suggest", *shipped_args)
    assert code == 0 and "run `graphbuild build` online" in err and "No work outside the list" in out
