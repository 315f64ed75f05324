"""The lineage page's pure logic (templates/pagelogic.js: reach, paths, Find, the address, BibTeX and CSV) under
`node --test`, run from the suite so that the README's one test command holds it too; and the page inlines it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from graphbuild.export.html import generate_html
from graphbuild.graph import build_graph

from helpers import ROOT

TESTS = Path(__file__).with_name("pagelogic.test.js")


def test_the_pages_pure_logic_passes_node_test():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (.ci/run installs it): the page's logic is not run outside Chromium")
    done = subprocess.run([node, "--test", str(TESTS)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# pass 0" not in done.stdout


def test_the_page_inlines_the_logic_it_was_tested_with(shipped_catalog):
    page = generate_html(build_graph(shipped_catalog))
    logic = (ROOT / "graphbuild" / "export" / "templates" / "pagelogic.js").read_text(encoding="utf-8")
    assert logic in page
    assert page.index(logic) < page.index("PageLogic.reach(")  # defined before the page's script uses it
