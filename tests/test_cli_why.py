"""Why a paper cites another, on the command line (issue 24): `lineage --why`, `why A B`, `rank --by influential`
and `mainpath --intent methodology`, as a user runs them after a build against the fake Semantic Scholar (the
shipped list, whose fake papers cite with sentences, some without: no full text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import SHIPPED_CATALOG, run_graphbuild, shipped_sentences

FAST = ["--max-rps", "0", "--backoff", "0.01", "--timeout", "5", "--sources", "s2"]


@pytest.fixture
def built(tmp_path, shipped_s2) -> Path:
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    result = run_graphbuild("build", "--api-url", shipped_s2.url, *FAST, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "why papers cite: read for 30 citing papers" in result.stdout
    assert shipped_s2.count == 32  # resolve, nested references, one /references per citing paper
    return tmp_path


def run(cwd: Path, *args: str):
    result = run_graphbuild(*args, "--sources", "s2", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lineage_why_prints_each_reference_with_its_sentences_or_unknown(built):
    out = run(built, "lineage", "hubert", "--why", "--up")
    why = out.split("Why it cites them:")[1]
    sentence = shipped_sentences("hubert", "wav2vec", 1)[0][0]
    assert "→ wav2vec: background, methodology, result" in why
    assert f"[methodology] “{sentence}”" in why
    assert "→ wav2vec2: unknown, no citing sentence read; reported by curated" in why  # S2 misses it


def test_why_shows_every_path_with_the_sentence_at_each_step(built):
    out = run(built, "why", "vall-e", "wav2vec2", "--paths", "3")
    assert "through 3 citation paths" in out
    first = out.split("Path 2")[0]
    assert "cites wav2vec2: methodology" in first and "“Like wav2vec2 [7], vall-e learns" in first
    assert "cites wavlm: unknown, no citing sentence read" in out
    back = run(built, "why", "wav2vec2", "vall-e")
    assert "does not build on vall-e" in back and "graphbuild why vall-e wav2vec2" in back


def test_rank_by_influential_and_the_methodological_main_path(built):
    ranked = run(built, "rank", "--by", "influential", "--top", "3", "--format", "csv").splitlines()
    assert ranked[0].endswith(",influential") and ranked[1].startswith("1,audiolm,")
    path = run(built, "mainpath", "--intent", "methodology")
    assert "whose citing sentences have the intent 'methodology'" in path
    assert "hubert" in path and "vq-vae" in path


@pytest.mark.slow
def test_without_reasons_the_commands_say_how_to_get_them(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    out = run(tmp_path, "lineage", "hubert", "--why", "--up")
    assert "no citing sentence is known for this list" in out
    result = run_graphbuild("mainpath", "--intent", "methodology", cwd=tmp_path)
    assert result.returncode == 1 and "run `graphbuild build` online" in result.stderr
    result = run_graphbuild("rank", "--by", "influential", cwd=tmp_path)
    assert result.returncode == 0 and "every paper ties" in result.stderr
