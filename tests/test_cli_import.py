"""`graphbuild import` at the command line: bad files and odd outputs give one line and an exit code, never a
traceback; encodings are detected; a list with no papers is described, not blamed on the output file."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from graphbuild.catalog import load_catalog
from graphbuild.cli import main

LIST = "# L\n\n## Über Sprache\n- [Über die Sprachmodelle: eine Studie](https://arxiv.org/abs/2001.00001) (ACL 2020)\n"


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
    (bytes(range(256)) * 4, "a binary file"),
])
def test_unreadable_lists_exit_2_with_one_line(tmp_path, capsys, content, message):
    source = tmp_path / "LIST.md"
    source.write_bytes(content)
    assert main(["import", str(source), "-o", str(tmp_path / "papers.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(source) in err and message in err
    assert not (tmp_path / "papers.yaml").exists()


@pytest.mark.parametrize("encoding, note", [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", "read as UTF-16"), ("utf-16-le", "read as UTF-16"),
    ("cp1252", "not UTF-8"),
])
def test_encodings_are_detected_and_named(tmp_path, capsys, encoding, note):
    source = tmp_path / "LIST.md"
    source.write_bytes(LIST.encode(encoding))
    out = tmp_path / "papers.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    paper = load_catalog(out).papers[0]
    assert paper.title == "Über die Sprachmodelle: eine Studie" and paper.year == 2020 and paper.venue == "ACL"
    err = capsys.readouterr().err
    assert (note in err) if note else err == ""


def test_a_list_without_papers_is_described(tmp_path, capsys):
    source = tmp_path / "LIST.md"
    source.write_text("# Tools\n\n## Libraries\n- [DGL](https://github.com/dmlc/dgl)\n- [Docs](#docs)\n", "utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "papers.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"graphbuild: {source}: no papers found (2 links: ")
    assert "code 1" in err and "papers.yaml" not in err
    assert not (tmp_path / "papers.yaml").exists()


def test_output_in_a_folder_or_under_a_file(tmp_path, capsys):
    source = tmp_path / "LIST.md"
    source.write_text(LIST, "utf-8")
    assert main(["import", str(source), "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    assert main(["import", str(source), "-o", str(blocker / "papers.yaml")]) == 1
    assert "a parent of it is a file" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.md"), "-o", str(tmp_path / "p.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_no_traceback_from_a_real_process(tmp_path):
    source = tmp_path / "LIST.md"
    source.write_bytes(codecs.BOM_UTF16_LE + "# x\n".encode("utf-16-le") + b"\x00\xd8")  # a broken UTF-16 tail
    run = subprocess.run([sys.executable, "-m", "graphbuild", "import", str(source), "-o", str(tmp_path / "p.yaml")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr and str(source) in run.stderr
