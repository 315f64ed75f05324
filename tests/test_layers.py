"""Layers import one way: the graph, its analysis, the exports and the inputs know nothing of HTTP or of the
cache. They may read the sources' registry (``graphbuild.sources`` itself, which imports none of its members),
never a member. Checked in a fresh interpreter, so nothing a test imported earlier hides an import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LOWER_LAYERS = ["graphbuild.graph", "graphbuild.analysis", "graphbuild.layout", "graphbuild.export.html",
                "graphbuild.export.graphml", "graphbuild.export.gexf", "graphbuild.inputs",
                "graphbuild.inputs.listfile", "graphbuild.works", "graphbuild.sources", "graphbuild.ids",
                "graphbuild.catalog"]
FORBIDDEN = ["requests", "urllib3", "sqlite3", "graphbuild.cache", "graphbuild.cli", "graphbuild.jobs"]


@pytest.mark.parametrize("module", LOWER_LAYERS)
def test_lower_layers_load_nothing_that_speaks_http(module):
    code = (f"import sys, json; import {module}; "
            f"print(json.dumps(sorted(m for m in sys.modules if m in {FORBIDDEN!r} "
            "or m.startswith('graphbuild.sources.'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(run.stdout) == [], f"importing {module} loads {run.stdout.strip()}"
