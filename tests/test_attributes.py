"""The declared table of node and edge attributes (graphbuild/attributes.py) against what graphs really carry, what
the page's script reads, and what the README says."""

from __future__ import annotations

import re

import pytest

from graphbuild.analysis.mainpath import mark_main_path
from graphbuild.attributes import EDGE_ATTRIBUTES, markdown_table, node_attributes, page_node_keys
from graphbuild.catalog import load_catalog
from graphbuild.graph import build_graph

from helpers import ROOT, SHIPPED_CATALOG, fetch, make_client, make_openalex_client, shipped_corpus, shipped_works

# what page_data computes for the script itself (positions, sizes, names' boxes, neighbours), not graph attributes
PAGE_OWN = {"id", "label", "x", "size", "rank", "pr", "out", "in", "sim"}  # what page_data adds of its own


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    from fake_openalex import FakeOpenAlex
    from fake_s2 import FakeSemanticScholar

    catalog = load_catalog(SHIPPED_CATALOG)
    works, _ = shipped_works(catalog)
    with FakeSemanticScholar(shipped_corpus(catalog)) as s2, FakeOpenAlex(works) as oa:
        readings, _ = fetch(catalog, tmp_path_factory.mktemp("cache"), make_client(s2), make_openalex_client(oa))
    online, offline = build_graph(catalog, readings), build_graph(catalog)
    for graph in (online, offline):
        mark_main_path(graph)
    return online, offline


def _type_ok(kind: type, value, item: type = str) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if item is dict:  # a citing sentence: its text and its intents
        return isinstance(value, list) and all(isinstance(v, dict) and set(v) == {"text", "intents"}
                                               and isinstance(v["text"], str) and _type_ok(list, v["intents"])
                                               for v in value)
    return isinstance(value, kind) and (kind is not list or all(isinstance(v, str) for v in value))


def test_every_attribute_a_graph_has_is_declared_with_its_type(graphs):
    nodes = {a.name: a for a in node_attributes()}
    edges = {a.name: a for a in EDGE_ATTRIBUTES}
    seen = set()
    for graph in graphs:
        for _, data in graph.nodes(data=True):
            for key, value in data.items():
                assert key in nodes, f"node attribute {key!r} is not in graphbuild/attributes.py"
                assert _type_ok(nodes[key].type, value), (key, value)
                seen.add(key)
        for _, _, data in graph.edges(data=True):
            for key, value in data.items():
                assert key in edges, f"edge attribute {key!r} is not in graphbuild/attributes.py"
                assert _type_ok(edges[key].type, value, edges[key].item), (key, value)
    assert {"authors", "s2_status", "openalex_status", "openalex_id", "main_path", "citation_count"} <= seen


def test_the_page_reads_only_declared_attributes_and_gets_them():
    script = (ROOT / "graphbuild" / "export" / "templates" / "lineage.js").read_text(encoding="utf-8")
    read = set(re.findall(r"(?<![.\w])n\.([a-z0-9_]+)(?!\()", script))  # a paper's fields, not a method call
    assert read - PAGE_OWN <= set(page_node_keys()), sorted(read - PAGE_OWN - set(page_node_keys()))
    assert {"s2_status", "openalex_status", "authors", "main_path"} <= read


def test_the_readme_shows_the_table():
    assert markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8"), \
        "README.md's attribute table is not graphbuild.attributes.markdown_table(): paste it in again"
