"""Nothing becomes something else, and nothing is said that should not be, round three: CSV cells that start like
a formula, a DOI that would close a BibTeX field, a git revision that is an option, two builds into one folder at
once, a server that echoes our key, temporary files an export left when it was killed."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import bibtexparser

from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.export.bibtex import bibtex_entry, generate_bibtex
from graphbuild.export.formats import write
from graphbuild.export.tables import generate_tables
from graphbuild.graph import build_graph

from helpers import SHIPPED_CATALOG, SMALL_CATALOG, make_client, run_graphbuild

PAYLOADS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3", "\t=1+1"]


def test_csv_cells_that_start_like_a_formula_are_neutralised():
    catalog = parse_catalog(SMALL_CATALOG)
    graph = build_graph(catalog)
    for node, payload in zip(sorted(graph.nodes), PAYLOADS):
        graph.nodes[node]["title"] = payload
        graph.nodes[node]["venue"] = payload
    rows = list(csv.DictReader(io.StringIO(generate_tables(graph)["nodes.csv"])))
    cells = [row[key] for row in rows for key in ("title", "venue")]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert {row["title"] for row in rows} == {"'" + p for p in PAYLOADS}  # kept, shown as text
    assert all(row["year"].isdigit() for row in rows)  # numbers are left alone


def test_a_doi_that_would_close_the_bibtex_field_stays_inside_it():
    text = bibtex_entry("paper", title="A {title} with } braces", doi="10.1234/x},title={pwned",
                        url="https://x.org/a}b", arxiv="2106.07447")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert [f.key for f in entry.fields].count("title") == 1 and "pwned" not in entry["title"]
    assert entry["doi"] == "10.1234/x%7D,title=%7Bpwned" and entry["url"] == "https://x.org/a%7Db"
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    assert not bibtexparser.parse_string(generate_bibtex(graph)).failed_blocks


def test_a_revision_that_is_an_option_never_reaches_git_as_one(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x", "--allow-empty"],
                   cwd=tmp_path, check=True)
    done = run_graphbuild("diff", "--", "--output=pwned.txt", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and "is neither a file nor a git revision" in done.stderr
    assert not (tmp_path / "pwned.txt").exists()


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path, capsys):
    import fcntl
    import logging
    import threading

    from graphbuild.jobs import build

    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a first build, holding the folder
    threading.Timer(1.0, lambda: os.close(fd)).start()
    logging.getLogger("graphbuild").addHandler(handler := logging.StreamHandler())
    try:
        build(SHIPPED_CATALOG, out)
    finally:
        logging.getLogger("graphbuild").removeHandler(handler)
    assert "another build is writing" in capsys.readouterr().err and (out / "lineage.html").exists()


def test_a_server_that_echoes_our_key_never_gets_it_repeated(small_s2, tmp_path):
    secret = "s2-secret-key-echoed-back-1234"
    small_s2.fail("status", status=403, body={"message": f"Forbidden: key {secret} is not valid"}, times=10)
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    done = run_graphbuild("build", "--api-url", small_s2.url, "--max-rps", "0", "--retries", "0", cwd=tmp_path,
                          env={"S2_API_KEY": secret})
    assert done.returncode == 0 and "[redacted]" in done.stderr
    assert secret not in done.stdout + done.stderr
    for path in (tmp_path / "output").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    client = make_client(small_s2, api_key=secret)
    small_s2.faults.clear()
    small_s2.fail("tamper", transform=lambda s, p, q: (s, [{"paperId": "a" * 40, "title": secret}]))
    assert client.batch(["ARXIV:1901.00001"], "title") == [{"paperId": "a" * 40, "title": "[redacted]"}]


def test_an_export_removes_what_a_killed_export_left(tmp_path):
    graph = build_graph(load_catalog(SHIPPED_CATALOG))
    target = tmp_path / "vosviewer.json"
    leftover = tmp_path / ".vosviewer.json.abc123.tmp"
    leftover.write_text("half", encoding="utf-8")
    other = tmp_path / ".other.json.abc123.tmp"  # not this export's
    other.write_text("x", encoding="utf-8")
    write("vosviewer", graph, target)
    assert target.exists() and not leftover.exists() and other.exists()
