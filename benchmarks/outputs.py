"""Every command's output on fixed inputs, written to a folder, so that two commits can be compared byte for byte.

A refactoring must not change what graphbuild says or writes. This script builds two lists online against the
test suite's fake servers (real HTTP on 127.0.0.1): the shipped 33 papers with both sources (their answers
disagree on purpose, and a few works outside the list cite it, for ``watch``), and a synthetic list of 1,000
papers (``benchmarks/synthetic.py``); then it runs every reading command and export on each, and writes what each
printed and wrote into ``OUT/<list>/``. Durations in what ``build`` prints are blanked.

    python -m benchmarks.outputs OUT            # then, on another commit: python -m benchmarks.outputs OUT2
    diff -r OUT OUT2                            # nothing: the same behaviour

Only the command line is used, so the script runs unchanged on any commit that has these commands.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from benchmarks.requests_per_build import openalex_works  # noqa: E402
from benchmarks.synthetic import catalog_yaml, fake_corpus, make_list  # noqa: E402

from fake_openalex import FakeOpenAlex  # noqa: E402
from fake_s2 import FakeSemanticScholar, s2_id  # noqa: E402

FAST = ["--retries", "2", "--backoff", "0.01", "--max-rps", "0", "--timeout", "5", "--deadline", "60"]
READING = [
    ("rank", ["rank"]), ("rank-all", ["rank", "--all"]), ("rank-json", ["rank", "--all", "--format", "json"]),
    ("rank-csv", ["rank", "--by", "pagerank", "--format", "csv"]), ("mainpath", ["mainpath"]),
    ("mainpath-keyroute", ["mainpath", "--weight", "splc", "--search", "key-route", "--top", "3"]),
    ("mainpath-local", ["mainpath", "--search", "local"]), ("flows", ["flows"]),
    ("flows-json", ["flows", "--format", "json"]), ("suggest", ["suggest"]),
    ("suggest-yaml", ["suggest", "--format", "yaml"]), ("suggest-bibtex", ["suggest", "--format", "bibtex"]),
    ("stats", ["stats"]), ("stats-json", ["stats", "--format", "json"]), ("check", ["check"]),
    ("check-json", ["check", "--format", "json"]), ("check-yaml", ["check", "--format", "yaml"]),
]
EXPORTS = ["vosviewer", "pajek", "csv", "bibtex", "svg"]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    full = {k: v for k, v in os.environ.items() if k not in ("S2_API_KEY", "OPENALEX_API_KEY")}
    full.update(env, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "graphbuild", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=600)
    text = f"$ graphbuild {' '.join(args)}\n--- exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    return re.sub(r"\bin \d+\.\d s\b", "in N s", text)


def record_commands(work: Path, out: Path, env: dict[str, str], lineage: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    commands = list(READING) + [(f"lineage-{p}", ["lineage", p]) for p in lineage]
    commands += [(f"lineage-{lineage[0]}-depth", ["lineage", lineage[0], "--depth", "1", "--down"])]
    for name, args in commands:
        (out / f"{name}.txt").write_text(run(args, work, env), encoding="utf-8")
    for fmt in EXPORTS:
        target = work / "exports" / fmt
        (out / f"export-{fmt}.txt").write_text(run(["export", fmt, "-o", str(target.relative_to(work))], work, env),
                                               encoding="utf-8")
    for path in sorted((work / "exports").rglob("*")):
        if path.is_file():
            shutil.copy(path, out / ("exported-" + "-".join(path.relative_to(work / "exports").parts)))
    for path in sorted((work / "output").glob("*")):
        if path.is_file():
            shutil.copy(path, out / f"output-{path.name}")


def shipped(out: Path) -> None:
    from graphbuild.catalog import load_catalog

    from helpers import shipped_corpus, shipped_works

    catalog = load_catalog(ROOT / "papers.yaml")
    corpus = shipped_corpus(catalog)
    works, wid = shipped_works(catalog)
    ids = {p.id: s2_id("shipped:" + p.id) for p in catalog.papers}
    for k, cited in enumerate([("hubert", "wav2vec2"), ("whisper", "hubert", "wavlm"), ("encodec", "vq-vae", "audiolm")]):
        record = corpus.add(s2_id(f"citing-{k}"), f"A new work citing the list, number {k}", year=2025,
                            venue="Interspeech", references=[corpus.ref(ids[c]) for c in cited])
        record["publicationDate"] = f"2025-0{k + 1}-15"
        works.add(f"W{7000000000 + k}", f"A new work citing the list, number {k}", year=2025,
                  references=[wid[c] for c in cited])
    with FakeSemanticScholar(corpus) as s2, FakeOpenAlex(works) as oa, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "papers.yaml", work / "papers.yaml")
        env = {"GRAPHBUILD_SOURCES": "s2,openalex", "GRAPHBUILD_S2_URL": s2.url, "GRAPHBUILD_OPENALEX_URL": oa.url}
        target = out / "shipped"
        target.mkdir(parents=True, exist_ok=True)
        (target / "build.txt").write_text(run(["build", *FAST], work, env), encoding="utf-8")
        (target / "build-offline.txt").write_text(run(["build", "--offline"], work, env), encoding="utf-8")
        (target / "watch.txt").write_text(
            run(["watch", "--since", "2025-01-01", "--as-of", "2025-06-01", "--format", "json", "--max-rps", "0"],
                work, env), encoding="utf-8")
        (target / "watch-markdown.txt").write_text(
            run(["watch", "--offline", "--since", "2025-01-01", "--as-of", "2025-06-01", "--format", "markdown"],
                work, env), encoding="utf-8")
        record_commands(work, target, env, ["hubert", "wav2vec2", "vall-e"])


def synthetic(out: Path, n: int = 1000) -> None:
    papers = make_list(n)
    with FakeSemanticScholar(fake_corpus(papers)) as s2, FakeOpenAlex(openalex_works(papers)) as oa, \
            tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "papers.yaml").write_text(catalog_yaml(papers), encoding="utf-8")
        env = {"GRAPHBUILD_SOURCES": "s2,openalex", "GRAPHBUILD_S2_URL": s2.url, "GRAPHBUILD_OPENALEX_URL": oa.url}
        target = out / f"synthetic-{n}"
        target.mkdir(parents=True, exist_ok=True)
        (target / "build.txt").write_text(run(["build", *FAST], work, env), encoding="utf-8")
        record_commands(work, target, env, [papers[3].key, papers[n // 2].key])


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "outputs")
    shipped(folder)
    synthetic(folder)
    print(f"wrote {sum(1 for p in folder.rglob('*') if p.is_file())} files into {folder}")
