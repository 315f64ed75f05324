"""Every real list in ../shared/corpus and the seed, imported and compared field by field with a hand-checked sample
of 25 of its entries (tests/inputs/truth/: how the sample was drawn is in sample.py, what was read is in each file).

A title, venue or year that differs from what a person reads on the line fails here, naming the list and line; so
does a paper made of a line that is none, or an entry the importer lost."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from graphbuild.inputs import parse_markdown

from helpers import SHARED, shared_file

TRUTH = Path(__file__).parent / "truth"
URL_RE = re.compile(r"https?://[^\s)\]>\"']+")


def truth_files() -> list[Path]:
    return sorted(TRUTH.glob("*.yaml"))


def test_every_list_has_a_sample():
    lists = {p.name for p in (SHARED / "corpus" / "lists").glob("*.md")}
    if not lists:
        pytest.skip("needs ../shared/corpus/lists (the read-only ../shared folder beside the clone)")
    sampled = {Path(yaml.safe_load(p.read_text(encoding="utf-8"))["list"]).name for p in truth_files()}
    assert lists <= sampled
    assert {"awesome-large-speech-models.md", "awesome-speech-pretraining.md"} <= sampled


@pytest.mark.slow
@pytest.mark.parametrize("truth", truth_files(), ids=lambda p: p.stem)
def test_the_import_reads_each_sampled_entry_as_a_person_does(truth):
    expected = yaml.safe_load(truth.read_text(encoding="utf-8"))
    path = shared_file(expected["list"])
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != expected["sha256"]:
        pytest.skip(f"{path} is not the version sampled in {truth.name} (its sha256 differs): sample it again")
    lines = raw.decode("utf-8").splitlines()
    result = parse_markdown(raw.decode("utf-8"), path.name)
    by_line = {p.line: p for p in result.papers}
    assert len(expected["entries"]) == 25
    wrong = []
    for entry in expected["entries"]:
        n = entry["line"]
        if entry.get("paper") is False:
            urls = set(URL_RE.findall(lines[n - 1]))
            made = [p for p in result.papers if p.line == n or urls & set(p.links.values())]
            if made:
                wrong.append(f"{path.name}:{n}: no paper, but imported as {made[0].title!r}")
            continue
        paper = by_line.get(entry["at"])
        if paper is None:
            wrong.append(f"{path.name}:{entry['at']}: the entry is lost")
            continue
        got = {"title": " ".join(paper.title.split()), "venue": paper.venue, "year": paper.year}
        for field in ("title", "venue", "year"):
            if got[field] != entry[field]:
                wrong.append(f"{path.name}:{entry['at']}: {field} {got[field]!r}, the line shows {entry[field]!r}")
    assert wrong == []
