"""Strange files and unwritable disks, round three: lists nested deeper than a Markdown parser goes, headings that
YAML reads as null or that are only a symbol, links to scripts, RIS records without their end, control characters
in papers.yaml, JSON nested 200,000 deep; read-only folders, immutable files, a full disk and a file-size limit.
Nothing is lost without a word, no traceback, one line naming the path, the documented exit code.

The disks are real: a tmpfs mounted for the test (read-only, or a few hundred kilobytes), ``chattr +i``, and
``RLIMIT_FSIZE`` in the child; where the machine does not allow them, the test says so and is skipped."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graphbuild.catalog import InvalidCatalog, load_catalog, parse_catalog
from graphbuild.inputs import parse_markdown
from graphbuild.inputs.csljson import parse_csl_json
from graphbuild.inputs.listfile import render_catalog
from graphbuild.inputs.ris import parse_ris

from helpers import SHIPPED_CATALOG, run_graphbuild

# --- lists and files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [12, 80, 2000])
def test_an_outline_nested_deeper_than_the_parser_goes_loses_nothing_after_it(depth):
    outline = "".join("  " * k + f"- level {k}\n" for k in range(depth))
    text = ("## A\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\n## Outline\n\n" + outline
            + "\n## B\n\n- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)\n")
    result = parse_markdown(text, "list.md")
    assert [p.arxiv for p in result.papers] == ["1706.03762", "1810.04805"]  # the paper after the outline too
    if depth > 60:
        assert result.problems == ["list.md:68: an outline nested deeper than 60 levels: its deeper levels are read "
                                   "as that deep"]


def test_headings_yaml_reads_as_null_or_true_and_symbol_headings_are_ordinary_categories():
    text = textwrap.dedent("""\
        ## Null
        - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
        ## True
        - [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)
        ## ~
        - [Language Models are Unsupervised Multitask Learners](https://arxiv.org/abs/1902.00001)
        ## ★
        - [A Paper Under a Star Heading](https://arxiv.org/abs/2001.00001)
        ## 🚀
        - [A Paper Under a Rocket Heading](https://arxiv.org/abs/2001.00002)
        """)
    result = parse_markdown(text, "list.md")
    assert [(c.id, c.label) for c in result.categories] == [
        ("null", "Null"), ("true", "True"), ("tilde", "~"), ("black-star", "★"), ("rocket", "🚀")]
    catalog = parse_catalog(render_catalog(result, "list.md"))  # "null" stays text in papers.yaml
    assert [p.category for p in catalog.papers] == ["null", "true", "tilde", "black-star", "rocket"]


def test_links_to_scripts_and_local_files_are_reported_with_their_line():
    result = parse_markdown("## A\n\n- [bad](javascript:alert(1)) [worse](file:///etc/passwd) "
                            "[A Real Paper Title Here](https://arxiv.org/abs/2001.00003)\n", "list.md")
    assert [p.arxiv for p in result.papers] == ["2001.00003"]
    assert result.problems == ["list.md:3: link 'javascript:alert(1)' dropped: not an http(s) address",
                               "list.md:3: link 'file:///etc/passwd' dropped: not an http(s) address"]


def test_a_ris_record_without_its_end_is_ended_at_the_next_and_said():
    text = ("TY  - JOUR\nTI  - First paper title\nDO  - 10.1000/first\n"
            "TY  - JOUR\nTI  - Second paper title\nDO  - 10.1000/second\nER  - \n")
    result = parse_ris(text, "refs.ris")
    assert [(p.title, p.doi) for p in result.papers] == [("First paper title", "10.1000/first"),
                                                         ("Second paper title", "10.1000/second")]
    assert result.problems == ["refs.ris:1: a record without its 'ER  -' line: ended where the next one begins "
                               "(line 4)"]


def test_a_control_character_in_papers_yaml_is_one_line_with_its_place(tmp_path):
    text = SHIPPED_CATALOG.read_text(encoding="utf-8").replace("id: wav2vec2", "id: \x00wav2vec2", 1)
    with pytest.raises(InvalidCatalog) as caught:
        parse_catalog(text)
    (problem,) = caught.value.problems
    at = text.index("\x00")
    line, column = text[:at].count("\n") + 1, at - text.rfind("\n", 0, at)
    assert str(problem) == f"papers.yaml:{line}: a control character (0x00) at column {column}: remove it"


def test_json_nested_too_deep_is_a_bad_file_not_a_crash(tmp_path):
    result = parse_csl_json("[" * 200_000 + "]" * 200_000, "refs.json")
    assert result.papers == [] and result.problems == ["refs.json:1: JSON nested too deep to be a bibliography"]
    path = tmp_path / "refs.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    done = run_graphbuild("import", str(path), "-o", str(tmp_path / "papers.yaml"), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "nested too deep" in done.stderr


# --- disks that refuse to be written --------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "4m"):
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "none", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}): the disk cases need one")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def built(folder: Path) -> None:
    shutil.copy(SHIPPED_CATALOG, folder / "papers.yaml")
    assert run_graphbuild("build", "--offline", cwd=folder).returncode == 0


@pytest.mark.slow
def test_a_read_only_folder_still_serves_the_build_offline_and_the_reading_commands(tmp_path):
    with tmpfs(tmp_path / "disk") as disk:
        built(disk)
        read_only(disk)
        elsewhere = tmp_path / "elsewhere"
        done = run_graphbuild("build", "--offline", "--cache-dir", str(disk / "output" / "cache"), "--out",
                              str(elsewhere), cwd=disk)
        assert done.returncode == 0 and (elsewhere / "lineage.html").exists(), done.stderr  # read as it is
        assert run_graphbuild("rank", cwd=disk).returncode == 0
        done = run_graphbuild("build", "--offline", cwd=disk)  # its own outputs cannot be written there
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip().endswith("cannot write output/graph.graphml: Read-only file system")
        done = run_graphbuild("import", str(SHIPPED_CATALOG.parent / "README.md"), "-o", "new/papers.yaml", cwd=disk)
        assert done.returncode == 1 and "cannot write new" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_the_last_outputs_stay_whole(tmp_path):
    with tmpfs(tmp_path / "disk", size="1300k") as disk:
        built(disk)  # about 950 kB of outputs
        before = {p.name: p.read_bytes() for p in (disk / "output").glob("*.*")}
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "ballast").write_bytes(b"x" * max(free - 100_000, 0))  # room for a little, not for the page
        catalog = (disk / "papers.yaml").read_text(encoding="utf-8").replace("Papers Relative", "Papers Now", 1)
        (disk / "papers.yaml").write_text(catalog, encoding="utf-8")
        done = run_graphbuild("build", "--offline", cwd=disk)
        assert done.returncode == 1 and "No space left on device" in done.stderr and "Traceback" not in done.stderr
        assert {p.name: p.read_bytes() for p in (disk / "output").glob("*.*")} == before  # the old set, whole
        assert not [p.name for p in (disk / "output").iterdir() if p.name.startswith(".")]  # no staged copies left


def test_a_file_size_limit_is_one_line(tmp_path):
    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    limit = 200 * 1024

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(SHIPPED_CATALOG.parent)}
    done = subprocess.run([sys.executable, "-m", "graphbuild", "build", "--offline"], cwd=tmp_path, env=env,
                          preexec_fn=limited, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "File too large" in done.stderr and "lineage.html" in done.stderr


@pytest.mark.slow
def test_an_immutable_cache_file_is_read_as_it_is(tmp_path):
    built(tmp_path)
    cache = tmp_path / "output" / "cache" / "cache.sqlite"
    if subprocess.run(["chattr", "+i", str(cache)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here: the immutable-file case needs it")
    try:
        done = run_graphbuild("build", "--offline", cwd=tmp_path)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert run_graphbuild("stats", cwd=tmp_path).returncode == 0
    finally:
        subprocess.run(["chattr", "-i", str(cache)], capture_output=True)
    assert load_catalog(tmp_path / "papers.yaml")
