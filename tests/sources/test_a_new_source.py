"""A source is one member of the family: the tests' own Toy Index (``toy_source.py``: a module and one registry
line, nothing else) is asked by a build beside Semantic Scholar, and its name appears in every edge it vouches for,
in the page's legend, in GraphML, in ``--sources``, in ``stats`` and in ``check``, with no line of graphbuild
knowing it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from graphbuild.catalog import parse_catalog
from graphbuild.cli import main
from graphbuild.export.html import page_data
from graphbuild.jobs import build
from graphbuild.sources import registered

from helpers import SMALL_CATALOG, make_client
from toy_source import SOURCE, ToyServer
from toy_source import make_client as toy_client


@pytest.fixture
def toy():
    # alpha 1901.00001, beta 2001.00002, epsilon 2301.00005: the Toy Index says epsilon cites alpha (no one else
    # does), and beta cites alpha (as Semantic Scholar says too)
    server = ToyServer({"1901.00001": [], "2001.00002": ["1901.00001"], "2301.00005": ["1901.00001"]}).start()
    with registered(SOURCE):
        yield server
    server.stop()


def test_a_build_asks_the_new_source_and_every_output_names_it(toy, small_s2, tmp_path, capsys):
    catalog = parse_catalog(SMALL_CATALOG)
    client = toy_client(toy.url, None, max_rps=0, timeout=2)
    result = build(catalog, tmp_path / "out", clients={"semantic_scholar": make_client(small_s2), "toy": client},
                   sources=("semantic_scholar", "toy"))
    assert result.reports["toy"].requests == 1 and toy.count == 1
    graph = result.graph
    assert graph.edges["epsilon", "alpha"]["sources"] == ["toy"]
    assert graph.edges["beta", "alpha"]["sources"] == ["semantic_scholar", "toy"]
    assert graph.nodes["epsilon"]["toy_status"] == "resolved" and graph.nodes["delta"]["toy_status"] == "no_data"
    assert graph.nodes["epsilon"]["toy_id"] == "T-2301.00005"
    assert page_data(graph)["source_titles"]["toy"] == "Toy Index"  # the legend's key names it
    graphml = ET.parse(tmp_path / "out" / "graph.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert any(k.get("attr.name") == "toy_status" for k in graphml.findall("g:key", ns))
    assert "semantic_scholar,toy" in (tmp_path / "out" / "graph.graphml").read_text(encoding="utf-8")

    out = tmp_path / "out"
    args = ["--catalog", str(tmp_path / "papers.yaml"), "--out", str(out)]
    (tmp_path / "papers.yaml").write_text(SMALL_CATALOG, encoding="utf-8")
    assert main(["check", "--format", "json", "--sources", "s2,toy", *args]) == 0
    edges = json.loads(capsys.readouterr().out)
    only_toy = next(e for e in edges if (e["citing"], e["cited"]) == ("epsilon", "alpha"))
    assert only_toy["reported_by"] == "toy" and only_toy["other"] == "semantic_scholar"
    assert main(["stats", "--format", "json", "--sources", "toy", *args]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["toy"] == {"no_data": 2, "resolved": 3}
    assert main(["build", "--offline", "--sources", "toyindex", *args]) == 0  # an alias, read from the cache
    assert "Toy Index: 3 resolved, 0 unresolved, 2 without data (offline)" in capsys.readouterr().out


def test_once_unregistered_it_is_gone(tmp_path, capsys):
    (tmp_path / "papers.yaml").write_text(SMALL_CATALOG, encoding="utf-8")
    assert main(["stats", "--sources", "toy", "--catalog", str(tmp_path / "papers.yaml")]) == 2
    assert "unknown source 'toy' (one of s2, openalex)" in capsys.readouterr().err
