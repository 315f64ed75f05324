"""Exports of the trade: VOSviewer JSON, Pajek (read back by igraph), CSV (read back by csv), BibTeX (read back by
our own importer): the same nodes, arcs and attributes as the graph; text never becomes markup."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import igraph
import pytest

from graphbuild.analysis import mark_main_path
from graphbuild.catalog import load_catalog, parse_catalog
from graphbuild.cli import main
from graphbuild.export.bibtex import generate_bibtex
from graphbuild.export.pajek import generate_pajek
from graphbuild.export.tables import generate_tables
from graphbuild.export.vosviewer import vosviewer_map
from graphbuild.graph import build_graph, first_year
from graphbuild.inputs.bibtex import parse_bibtex

from helpers import SHIPPED_CATALOG


@pytest.fixture(scope="module")
def graph():
    g = build_graph(load_catalog(SHIPPED_CATALOG))
    mark_main_path(g)
    return g


def test_vosviewer_map_follows_the_schema_and_the_graph(graph):
    data = vosviewer_map(graph)
    items, links, clusters = data["network"]["items"], data["network"]["links"], data["network"]["clusters"]
    assert len(items) == graph.number_of_nodes() and len(links) == graph.number_of_edges()
    by_id = {item["id"]: item for item in items}
    assert sorted(by_id) == list(range(1, len(items) + 1))
    for item in items:
        assert {"id", "label", "x", "y", "cluster", "weights", "description"} <= set(item)
        assert isinstance(item["x"], float) and isinstance(item["cluster"], int)
    node_of = {item["id"]: node for item, node in zip(items, sorted(graph.nodes))}
    assert {(node_of[lk["source_id"]], node_of[lk["target_id"]]) for lk in links} == set(graph.edges)
    assert all(lk["strength"] == 1 for lk in links)
    hubert = next(item for item, node in zip(items, sorted(graph.nodes)) if node == "hubert")
    assert hubert["weights"]["In-list citations"] == graph.in_degree("hubert") and hubert["label"] == "HuBERT"
    assert hubert["scores"]["Year"] == first_year(graph.nodes["hubert"])
    labels = {c["cluster"]: c["label"] for c in clusters}
    assert labels[hubert["cluster"]] == graph.nodes["hubert"]["category_label"]
    json.dumps(data)


def test_vosviewer_descriptions_escape_titles():
    g = build_graph(parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                                  'papers: [{id: x, title: "<script>alert(1)</script> & more", category: c}]\n'))
    description = vosviewer_map(g)["network"]["items"][0]["description"]
    assert "<script>" not in description and "&lt;script&gt;" in description and "&amp; more" in description


def test_pajek_is_read_back_by_igraph(graph, tmp_path):
    files = generate_pajek(graph)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    read = igraph.Graph.Read_Pajek(str(tmp_path / "graph.net"))
    nodes = sorted(graph.nodes)
    assert read.is_directed() and read.vcount() == len(nodes)
    assert read.vs["name"] == nodes
    assert {(nodes[e.source], nodes[e.target]) for e in read.es} == set(graph.edges)  # citing → cited
    clu = files["graph.clu"].split()
    vec = files["graph.vec"].split()
    assert clu[:2] == ["*Vertices", str(len(nodes))] and vec[:2] == ["*Vertices", str(len(nodes))]
    categories = list(graph.graph["categories"])
    assert [categories[int(c) - 1] for c in clu[2:]] == [graph.nodes[n]["category"] for n in nodes]
    assert [int(v) for v in vec[2:]] == [first_year(graph.nodes[n]) or 0 for n in nodes]


def test_csv_is_read_back_with_every_attribute(graph):
    tables = generate_tables(graph)
    nodes = list(csv.DictReader(io.StringIO(tables["nodes.csv"])))
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"])))
    assert [row["id"] for row in nodes] == sorted(graph.nodes)
    for row in nodes:
        data = graph.nodes[row["id"]]
        for key, value in data.items():
            assert row[key] == str(value), (row["id"], key)
        assert row["in_list_citations"] == str(graph.in_degree(row["id"]))
    assert {(row["source"], row["target"]) for row in edges} == set(graph.edges)
    assert all(row["sources"] == ",".join(graph.edges[row["source"], row["target"]]["sources"]) for row in edges)
    assert any(row["main_path"] == "True" for row in edges)


def test_bibtex_round_trips_through_the_importer(graph):
    text = generate_bibtex(graph)
    assert len(bibtexparser.parse_string(text).entries) == graph.number_of_nodes()
    back = {p.id: p for p in parse_bibtex(text, "papers.bib").papers}
    assert set(back) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        paper = back[node]
        assert paper.title == data["title"] and paper.arxiv == data.get("arxiv") and paper.year == data.get("year")
        assert paper.doi == data.get("doi")


def test_bibtex_escapes_latex_specials():
    g = build_graph(parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                                  'papers: [{id: x, title: "50% of R&D_costs {braces} $5 #1 ~ ^", category: c, '
                                  'authors: ["Zoë O\'Brien"]}]\n'))
    text = generate_bibtex(g)
    assert r"50\% of R\&D\_costs \{braces\} \$5 \#1" in text
    assert parse_bibtex(text, "x.bib").papers[0].title.startswith("50% of R&D_costs")


def test_cli_export_and_build_formats(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["--catalog", str(SHIPPED_CATALOG), "--out", str(out)]
    assert main(["export", "pajek", *args]) == 0
    assert sorted(p.name for p in (out / "pajek").iterdir()) == ["graph.clu", "graph.net", "graph.vec"]
    assert main(["export", "bibtex", "-o", str(tmp_path / "refs.bib"), *args]) == 0
    assert (tmp_path / "refs.bib").read_text(encoding="utf-8").startswith("@misc{anygpt,")
    assert main(["export", "nonsense", *args]) == 2
    capsys.readouterr()
    assert main(["build", "--offline", "--formats", "vosviewer,csv", *args]) == 0
    assert (out / "vosviewer.json").exists() and (out / "csv" / "nodes.csv").exists()
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no staged or temporary file left
    assert main(["build", "--offline", "--formats", "gephi", *args]) == 2
    assert "unknown format 'gephi'" in capsys.readouterr().err


def test_cli_export_svg_for_the_width_it_is_shown_at(tmp_path, capsys):
    args = ["--catalog", str(SHIPPED_CATALOG), "--out", str(tmp_path / "out")]
    assert main(["export", "svg", "--width", "1200", "-o", str(tmp_path / "wide.svg"), *args]) == 0
    assert '<svg xmlns="http://www.w3.org/2000/svg" width="1200" ' in (tmp_path / "wide.svg").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "svg", "--width", "100", *args]) == 2
    assert "--width 100: give 400 to 8000 pixels" in capsys.readouterr().err
    assert main(["export", "csv", "--width", "900", *args]) == 2
    assert "--width is for the svg picture" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()  # refused before anything is written


@pytest.mark.parametrize("name", ["graphml", "gexf", "html", "svg"])
def test_export_writes_what_the_build_writes_with_or_without_a_cache(name, tmp_path, capsys):
    """Every format a build writes is a format of graphbuild export too, and gives the same bytes (a list never
    built has no cache: it is still every source's "no data", as in the build)."""
    from graphbuild.export.formats import FORMATS
    from graphbuild.jobs import build

    built = build(SHIPPED_CATALOG, tmp_path / "out")
    target = tmp_path / "exported"
    args = ["--catalog", str(SHIPPED_CATALOG), "--cache-dir", str(tmp_path / "none"), "--sources", "s2,openalex"]
    assert main(["export", name, "-o", str(target), *args]) == 0
    assert target.read_bytes() == (tmp_path / "out" / FORMATS[name].default).read_bytes()
    assert (tmp_path / "out" / FORMATS[name].default) in built.written
