"""`graphbuild build` as a user runs it: real subprocesses, real files, the fake server over real HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from helpers import ROOT, SHIPPED_CATALOG, run_graphbuild

FAST = ["--max-rps", "0", "--backoff", "0.01", "--timeout", "5"]


def graphbuild(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return run_graphbuild(*args, cwd=cwd, env=env, timeout=timeout)


@pytest.fixture
def workdir(tmp_path) -> Path:
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    return tmp_path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_main_command_offline_on_the_shipped_list(workdir):
    result = graphbuild("build", "--offline", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "Built the citation graph of 33 papers" in result.stdout
    assert "citations: 93 (curated 93)" in result.stdout
    assert "requests: 0" in result.stdout
    assert "Traceback" not in result.stderr
    out = workdir / "output"
    assert sorted(p.name for p in out.iterdir()) == ["cache", "graph.gexf", "graph.graphml", "lineage.html", "lineage.svg"]
    graph = nx.read_graphml(out / "graph.graphml")
    assert graph.number_of_nodes() == 33 and graph.number_of_edges() == 93


def test_python_dash_m_and_help(workdir):
    result = graphbuild("build", "--help", cwd=workdir)
    assert result.returncode == 0 and "Example:" in result.stdout and "--offline" in result.stdout


def test_bad_catalog_exits_2_names_every_problem_and_writes_nothing(workdir):
    (workdir / "papers.yaml").write_text(
        'categories: [{id: c, label: C, color: "#000000"}]\n'
        "papers:\n"
        "  - id: a\n    category: nope\n"
        "  - id: b\n    title: B\n    category: c\n    arxiv: 2106.074\n    cites: [ghost]\n",
        encoding="utf-8")
    result = graphbuild("build", "--offline", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "papers.yaml:3: paper 'a': missing 'title'",
        "papers.yaml:4: paper 'a': unknown category 'nope' (declared: c)",
        "papers.yaml:8: paper 'b': malformed arXiv id '2106.074' (expected e.g. \"2106.07447\")",
        "papers.yaml:9: paper 'b': 'cites' names unknown paper 'ghost'",
        "graphbuild: 4 problems in the catalog; nothing was written.",
    ]
    assert not (workdir / "output").exists()


@pytest.mark.parametrize("content, message", [
    (b"", "papers.yaml:1: the file is empty"),
    (b"categories: []\npapers: [\xff]\n", "papers.yaml:2: not UTF-8 (byte 0xff)"),
    (b"papers: [a, b\n", "papers.yaml:2: YAML syntax error"),
])
def test_unreadable_catalogs_exit_2_without_traceback(workdir, content, message):
    (workdir / "papers.yaml").write_bytes(content)
    result = graphbuild("build", "--offline", cwd=workdir)
    assert result.returncode == 2 and result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_missing_catalog_and_bad_option(workdir):
    result = graphbuild("build", "--catalog", "nope.yaml", cwd=workdir)
    assert result.returncode == 2 and result.stderr.startswith("nope.yaml: cannot read")
    result = graphbuild("build", "--max-rps", "fast", cwd=workdir)
    assert result.returncode == 2 and "expected a number of 0 or more, not 'fast'" in result.stderr
    assert result.stderr.count("\n") == 1  # one line


@pytest.mark.slow
def test_online_build_with_key_never_writes_the_key(workdir, shipped_s2):
    secret = "s2-secret-key-do-not-leak-42"
    result = graphbuild("build", "--api-url", shipped_s2.url, "-v", *FAST, cwd=workdir, env={"S2_API_KEY": secret})
    assert result.returncode == 0, result.stderr
    # resolving, references, and why each citing paper cites (30 of the 32 cite listed papers)
    assert shipped_s2.count == 32 and "requests: 32, cache hits: 0" in result.stdout
    assert any("contexts" in r.query.get("fields", "") for r in shipped_s2.log)
    assert all(r.headers.get("x-api-key") == secret for r in shipped_s2.log)
    assert secret not in result.stdout + result.stderr
    assert "asked without a key" not in result.stderr
    written = [p for p in (workdir / "output").rglob("*") if p.is_file()]
    assert any(p.name == "cache.sqlite" for p in written)
    for path in written:
        assert secret.encode() not in path.read_bytes(), path
    # and a warm rebuild asks nothing
    shipped_s2.reset_log()
    again = graphbuild("build", "--api-url", shipped_s2.url, *FAST, cwd=workdir, env={"S2_API_KEY": secret})
    assert again.returncode == 0 and shipped_s2.count == 0 and "requests: 0" in again.stdout


def test_api_url_from_the_environment(workdir, shipped_s2):
    result = graphbuild("build", *FAST, "--no-contexts", cwd=workdir, env={"GRAPHBUILD_S2_URL": shipped_s2.url})
    assert result.returncode == 0 and shipped_s2.count == 2  # resolving and references: why papers cite left out
    # without a key it works, and says once why it may be slow and how a key helps
    assert result.stderr.count("Semantic Scholar is asked without a key") == 1 and "S2_API_KEY" in result.stderr


@pytest.mark.slow
def test_killed_build_resumes_without_refetching(workdir, shipped_s2):
    # The reference batch hangs; kill the build while it waits. The resolution batch was already answered.
    shipped_s2.fail("slow", delay=30, fields_contains="references.")
    process = subprocess.Popen(
        [sys.executable, "-m", "graphbuild", "build", "--api-url", shipped_s2.url, "--max-rps", "0", "--timeout", "60",
         "--no-contexts"],
        cwd=workdir, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while shipped_s2.count < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shipped_s2.count == 2, "the build never reached its reference batch"
    process.kill()
    process.communicate(timeout=10)  # reaps it and closes its pipes
    assert process.returncode != 0
    first_fields = [r.query["fields"] for r in shipped_s2.log]
    assert "references." not in first_fields[0] and "references." in first_fields[1]

    shipped_s2.reset_log()
    result = graphbuild("build", "--api-url", shipped_s2.url, *FAST, "--no-contexts", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert [r.query["fields"].startswith("references.") for r in shipped_s2.log] == [True]  # only what was missing
    assert "requests: 1, cache hits: 33" in result.stdout


@pytest.mark.slow
def test_unreachable_says_so_once_and_builds_from_cache_and_curated(workdir):
    url = f"http://127.0.0.1:{closed_port()}/graph/v1"
    started = time.monotonic()
    result = graphbuild("build", "--api-url", url, *FAST, cwd=workdir)
    assert time.monotonic() - started < 20
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("could not be used") == 1 and "connection refused" in result.stderr
    assert "33 without data" in result.stdout and "without Semantic Scholar data: anygpt, audiolm" in result.stdout
    assert "curated 93" in result.stdout
    strict = graphbuild("build", "--api-url", url, "--strict", *FAST, cwd=workdir)
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_strict_passes_when_everything_is_there(workdir, shipped_s2):
    result = graphbuild("build", "--api-url", shipped_s2.url, "--strict", *FAST, cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_output_folder_that_cannot_be_written(workdir):
    (workdir / "blocker").write_text("a file, not a folder")
    result = graphbuild("build", "--offline", "--out", "blocker/out", cwd=workdir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("graphbuild: cannot write")


@pytest.mark.slow
def test_two_builds_at_once_share_the_cache(workdir, shipped_s2):
    import sqlite3

    command = [sys.executable, "-m", "graphbuild", "build", "--api-url", shipped_s2.url, *FAST]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen(command + ["--out", f"out{k}", "--cache-dir", "shared-cache"], cwd=workdir, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(2)]
    results = []
    for p in runs:
        out, err = p.communicate(timeout=60)  # waits, reads and closes both pipes
        results.append((p.returncode, out, err))
    assert [code for code, _, _ in results] == [0, 0], results
    db = sqlite3.connect(workdir / "shared-cache" / "cache.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM refs").fetchone() == (33,)
    assert (workdir / "out0" / "graph.graphml").read_bytes() == (workdir / "out1" / "graph.graphml").read_bytes()
    shipped_s2.reset_log()
    again = graphbuild("build", "--api-url", shipped_s2.url, "--cache-dir", "shared-cache", *FAST, cwd=workdir)
    assert again.returncode == 0 and shipped_s2.count == 0


def test_progress_is_a_live_bar_on_a_terminal(workdir, shipped_s2):
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "graphbuild", "build", "--api-url", shipped_s2.url, *FAST],
                               cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(30)
    os.close(controller)
    shown = b"".join(chunks).decode()
    assert process.returncode == 0
    assert "\rfetching references" in shown and "] 33/33" in shown and "#" * 30 in shown
