"""graph.graphml and graph.gexf: read back by networkx and by an independent parser (lxml), typed, no empties."""

from __future__ import annotations

import networkx as nx
import pytest
from lxml import etree

from graphbuild.catalog import parse_catalog
from graphbuild.export.formats import write
from graphbuild.export.gexf import generate_gexf
from graphbuild.export.graphml import generate_graphml
from graphbuild.files import write_atomic
from graphbuild.graph import build_graph

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


@pytest.fixture
def graph(shipped_catalog):
    return build_graph(shipped_catalog)


@pytest.fixture
def hostile_graph():
    catalog = parse_catalog("""
categories: [{id: c, label: "A & <B>", color: "#aabbcc"}]
papers:
  - {id: x, title: "<img src=x onerror=alert(1)> & \\"quotes\\"\\x1f", category: c, year: 2020, remark: "X<1>"}
  - {id: y, title: "Plain", category: c, cites: [x]}
""")
    return build_graph(catalog)


def test_graphml_reads_back_with_networkx(graph):
    back = nx.read_graphml(_write(generate_graphml(graph)))
    assert back.is_directed()
    assert set(back.nodes) == set(graph.nodes) and set(back.edges) == set(graph.edges)
    wav = back.nodes["wav2vec2"]
    assert wav["label"] == "wav2vec 2.0" and wav["title"].startswith("wav2vec 2.0")  # the name before the colon
    assert isinstance(wav["year"], int) and isinstance(wav["x"], float) and isinstance(wav["size"], float)
    assert (wav["r"], wav["g"], wav["b"]) == (0x77, 0x99, 0x66)  # the fifth category: the palette's fifth colour
    assert back.nodes["vall-e"]["label"] == "VALL-E"  # the list's remark
    assert back.nodes["survey-multimodal-large"]["label"] == "A Survey on Multimodal…"  # a name from the title, never a slug
    edge = back.edges["wav2vec2", "wav2vec"]
    assert edge["sources"] == "curated" and edge["weight"] == 1.0 and edge["confidence"] == "high"


def test_graphml_independent_parse_keys_are_typed_and_named(graph):
    root = etree.fromstring(generate_graphml(graph).encode())
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(GRAPHML + "key")}
    # named ids (Gephi takes 'label' as the label), unique as the schema requires: a name nodes and edges share
    # gets an edge key of its own
    assert all(key_id == (f"edge_{name}" if where == "edge" and ("node", name) in
                          {(f, n) for f, n, _ in keys.values()} else name) for key_id, (where, name, _) in keys.items())
    assert len(list(root.iter(GRAPHML + "key"))) == len(keys)
    assert keys["label"] == ("node", "label", "string")
    assert keys["r"][2] == keys["g"][2] == keys["b"][2] == "int"
    assert keys["x"][2] == keys["y"][2] == keys["size"][2] == "double"
    assert keys["year"][2] == "int" and keys["weight"] == ("edge", "weight", "double")
    assert len({(f, n) for f, n, _ in keys.values()}) == len(keys)  # one key per attribute: no mixed types
    graph_el = root.find(GRAPHML + "graph")
    assert graph_el.get("edgedefault") == "directed"
    assert len(graph_el.findall(GRAPHML + "node")) == 33 and len(graph_el.findall(GRAPHML + "edge")) == 93
    for data in root.iter(GRAPHML + "data"):
        assert data.text and data.text.strip() and data.text != "None"


def test_graphml_positions_match_the_timeline(graph):
    from graphbuild.layout import draw

    back = nx.read_graphml(_write(generate_graphml(graph)))
    positions = draw(graph).positions
    for node in graph:
        assert (back.nodes[node]["x"], -back.nodes[node]["y"]) == positions[node]


def test_hostile_text_is_escaped_and_control_characters_dropped(hostile_graph):
    text = generate_graphml(hostile_graph)
    assert "<img" not in text and "&lt;img src=x" in text
    back = nx.read_graphml(_write(text))
    assert back.nodes["x"]["title"] == '<img src=x onerror=alert(1)> & "quotes"'
    gexf = generate_gexf(hostile_graph)
    assert "<img" not in gexf
    assert nx.read_gexf(_write(gexf)).nodes["x"]["title"] == '<img src=x onerror=alert(1)> & "quotes"'


def test_gexf_has_viz_and_start_dates(graph):
    text = generate_gexf(graph)
    root = etree.fromstring(text.encode())
    g = root.find(GEXF + "graph")
    assert g.get("mode") == "dynamic" and g.get("timeformat") == "date" and g.get("defaultedgetype") == "directed"
    nodes = {n.get("id"): n for n in g.iter(GEXF + "node")}
    assert len(nodes) == 33 and len(list(g.iter(GEXF + "edge"))) == 93
    wav = nodes["wav2vec2"]
    assert wav.get("start") == "2020-06-01" and wav.get("label") == "wav2vec 2.0"
    color = wav.find(VIZ + "color")
    assert (color.get("r"), color.get("g"), color.get("b")) == ("119", "153", "102")
    assert wav.find(VIZ + "position") is not None and float(wav.find(VIZ + "size").get("value")) > 0
    back = nx.read_gexf(_write(text))
    assert set(back.edges) == set(graph.edges)
    assert back.nodes["wav2vec2"]["year"] == 2020


def test_exports_are_deterministic(graph, shipped_catalog):
    again = build_graph(shipped_catalog)
    assert generate_graphml(graph) == generate_graphml(again)
    assert generate_gexf(graph) == generate_gexf(again)
    assert "lastmodifieddate" not in generate_gexf(graph)


def test_failed_export_leaves_the_old_file(graph, tmp_path, monkeypatch):
    path = tmp_path / "graph.graphml"
    write("graphml", graph, path)
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("graphbuild.export.graphml.generate_graphml", explode)
    with pytest.raises(RuntimeError):
        write("graphml", graph, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]


def test_write_atomic_cleans_up_when_the_write_fails(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")

    class Boom(str):
        def encode(self, *a, **k):
            raise OSError("no space left")

    with pytest.raises(OSError):
        write_atomic(path, Boom("new"))
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    write("gexf", build_graph(parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                                         'papers: [{id: a, title: A, category: c}]\n')), path)
    assert path.read_text().startswith("<?xml")


_counter = iter(range(10**6))


def _write(text: str):
    import io

    return io.BytesIO(text.encode("utf-8"))


def test_lone_surrogates_and_control_characters_never_reach_the_xml():
    import xml.etree.ElementTree as ET

    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                            'papers: [{id: a, title: "A", category: c}]\n')
    graph = build_graph(catalog)
    graph.nodes["a"]["title"] = "Broken \ud83d title \x07 here"
    for text in (generate_graphml(graph), generate_gexf(graph)):
        assert "&#55357;" not in text and "\ud83d" not in text
        ET.fromstring(text.encode("utf-8"))


def test_graphml_reads_in_igraph_and_rustworkx_with_its_booleans(graph):
    """Booleans are XML Schema's true/false (networkx wrote True, which igraph reads as false) and every key id is
    unique (networkx named main_path's node and edge keys alike): other GraphML readers see what Gephi sees."""
    from graphbuild.analysis import mark_main_path

    igraph = pytest.importorskip("igraph")
    rustworkx = pytest.importorskip("rustworkx")
    mark_main_path(graph)
    text = generate_graphml(graph)
    ids = [k.get("id") for k in etree.fromstring(text.encode()).iter(GRAPHML + "key")]
    assert len(ids) == len(set(ids)) and "edge_main_path" in ids  # main_path is a node and an edge attribute
    on_path = {(u, v) for u, v, d in graph.edges(data=True) if d.get("main_path")}
    nodes_on = {n for n, d in graph.nodes(data=True) if d.get("main_path")}
    assert on_path and nodes_on
    path = _path(text)
    g = igraph.Graph.Read_GraphML(path)
    names = g.vs["id"]
    assert (g.vcount(), g.ecount()) == (33, 93)
    assert {(names[e.source], names[e.target]) for e in g.es if e["main_path"]} == on_path
    assert {names[v.index] for v in g.vs if v["main_path"]} == nodes_on
    (rx,) = rustworkx.read_graphml(path)
    ids = [d["id"] for d in rx.nodes()]
    assert {(ids[u], ids[v]) for u, v in rx.edge_list() if rx.get_edge_data(u, v).get("main_path")} == on_path
    assert {d["id"] for d in rx.nodes() if d.get("main_path") is True} == nodes_on
    assert next(d for d in rx.nodes() if d["id"] == "wav2vec2")["year"] == 2020


def _path(text: str) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".graphml", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    return handle.name
