"""graphbuild export parquet (issue 26): nodes and edges with every attribute, typed, read back by pyarrow as
DuckDB, Spark or pandas would read them; a clear error when pyarrow is missing."""

from __future__ import annotations

import io
import json

import pytest

from graphbuild.analysis import mark_main_path
from graphbuild.catalog import parse_catalog
from graphbuild.export.formats import MissingDependency
from graphbuild.graph import build_graph

from helpers import SHIPPED_CATALOG, run_graphbuild

pq = pytest.importorskip("pyarrow.parquet")

CATALOG = """
title: "A <list> & more"
categories: [{id: c, label: "Cat", color: "#aabbcc"}]
papers:
  - {id: a, title: "=HYPERLINK(\\"x\\")", category: c, year: 2020, authors: ["Ann One", "Bo Two"]}
  - {id: b, title: "B", category: c, year: 2021, cites: [{id: a, evidence: "read it", confidence: high}]}
  - {id: u, title: "Undated, uncategorised"}
"""


def read(data: bytes):
    return pq.read_table(io.BytesIO(data))


def test_every_attribute_reads_back_typed_lists_as_lists():
    from graphbuild.export.parquet import generate_parquet

    graph = build_graph(parse_catalog(CATALOG))
    graph.edges["b", "a"].update(intents=["methodology"], influential="true", contexts=1,
                                 sentences=[{"text": "We build on A [1].", "intents": ["methodology"]}])
    mark_main_path(graph)
    files = generate_parquet(graph)
    nodes, edges = read(files["nodes.parquet"]), read(files["edges.parquet"])
    rows = {r["id"]: r for r in nodes.to_pylist()}
    assert set(rows) == {"a", "b", "u"} and nodes.column_names[0] == "id"
    assert rows["a"]["authors"] == ["Ann One", "Bo Two"] and rows["a"]["year"] == 2020
    assert rows["a"]["title"] == '=HYPERLINK("x")'  # data, not a formula: Parquet cells are typed values
    assert rows["u"]["year"] is None and rows["u"]["category"] is None  # unknown is null, not "" or 0
    assert rows["a"]["in_list_citations"] == 1 and rows["b"]["in_list_references"] == 1
    assert str(nodes.schema.field("year").type) == "int64" and str(nodes.schema.field("main_path").type) == "bool"
    (edge,) = edges.to_pylist()
    assert (edge["source"], edge["target"], edge["sources"]) == ("b", "a", ["curated"])
    assert edge["sentences"] == [{"text": "We build on A [1].", "intents": ["methodology"]}]
    assert edge["intents"] == ["methodology"] and edge["evidence"] == "read it" and edge["contexts"] == 1
    assert str(edges.schema.field("sentences").type).startswith("list<element: struct<text: string")
    meta = json.loads(nodes.schema.metadata[b"graphbuild"])
    assert meta["title"] == "A <list> & more" and meta["categories"]["c"]["label"] == "Cat"
    assert generate_parquet(build_graph(parse_catalog(CATALOG)))["nodes.parquet"] == \
        generate_parquet(build_graph(parse_catalog(CATALOG)))["nodes.parquet"]  # the same bytes


def test_the_shipped_list_through_the_command(tmp_path):
    import shutil

    shutil.copy(SHIPPED_CATALOG, tmp_path / "papers.yaml")
    result = run_graphbuild("export", "parquet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    nodes = pq.read_table(tmp_path / "output" / "parquet" / "nodes.parquet")
    edges = pq.read_table(tmp_path / "output" / "parquet" / "edges.parquet")
    assert (nodes.num_rows, edges.num_rows) == (33, 93)
    assert "community" in nodes.column_names and edges.column("main_path").to_pylist().count(True) > 0


def test_without_pyarrow_the_command_says_how_to_install_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    from graphbuild.export.parquet import generate_parquet

    with pytest.raises(MissingDependency, match=r'pip install "graphbuild\[parquet\]"'):
        generate_parquet(build_graph(parse_catalog(CATALOG)))
    shim = tmp_path / "shim"
    (shim / "pyarrow").mkdir(parents=True)
    (shim / "pyarrow" / "__init__.py").write_text("raise ImportError('no pyarrow here')\n")
    (tmp_path / "papers.yaml").write_text(CATALOG)
    from helpers import ROOT

    result = run_graphbuild("export", "parquet", cwd=tmp_path, env={"PYTHONPATH": f"{shim}:{ROOT}"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert 'needs pyarrow: pip install "graphbuild[parquet]"' in result.stderr
    assert not (tmp_path / "output" / "parquet").exists()
