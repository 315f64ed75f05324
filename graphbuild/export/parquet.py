"""graph → ``nodes.parquet`` and ``edges.parquet``: every attribute, typed, for DuckDB, Spark, pandas and polars.

The hand-over format past one machine (see the README's "A whole field" section): where a list outgrows
networkx, the nodes and edges go on in an engine that reads Parquet. Unlike the CSV tables, lists stay lists
(``authors``, ``sources``, ``intents`` as ``list<string>``; the citing ``sentences`` as
``list<struct<text, intents>>``), integers stay integers and booleans booleans, as the attribute table
(:mod:`graphbuild.attributes`) declares them; an attribute the table does not declare takes the type of its
values (text when they mix). Unknown values are nulls. The graph's title and categories travel in the schema's
metadata (``graphbuild`` key, JSON).

pyarrow (Apache-2.0) writes it: an optional extra (``pip install "graphbuild[parquet]"``), since no build needs
it. Compressed with zstd, which DuckDB, Spark and pandas all read; the same graph gives the same bytes for one
pyarrow version.
"""

from __future__ import annotations

import io
import json

import networkx as nx

from ..attributes import EDGE_ATTRIBUTES, node_attributes
from .formats import MissingDependency

FILES = ("nodes.parquet", "edges.parquet")


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependency('the parquet export needs pyarrow: pip install "graphbuild[parquet]"') from None
    return pa, pq


def _declared_types(pa) -> dict[str, object]:
    sentence = pa.struct([("text", pa.string()), ("intents", pa.list_(pa.string()))])
    simple = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), float: pa.float64()}
    out: dict[str, object] = {}
    for a in (*node_attributes(), *EDGE_ATTRIBUTES):
        if a.type is list:
            out[a.name] = pa.list_(sentence if a.item is dict else pa.string())
        elif a.type in simple:
            out[a.name] = simple[a.type]
    out.update(id=pa.string(), source=pa.string(), target=pa.string(), in_list_citations=pa.int64(),
               in_list_references=pa.int64())  # the columns the export adds
    return out


def _column(pa, name: str, values: list, declared: dict):
    kind = declared.get(name)
    if kind is not None:
        try:
            return pa.array(values, type=kind)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            pass  # a value of another shape than the table says (a graph read back from a file): as text below
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
                         if isinstance(v, (list, dict)) else str(v) for v in values], type=pa.string())


def _table(pa, rows: list[dict], first: list[str], declared: dict, metadata: dict):
    names = first + sorted({k for row in rows for k in row} - set(first))
    columns = [_column(pa, name, [row.get(name) for row in rows], declared) for name in names]
    table = pa.table(dict(zip(names, columns))) if names else pa.table({})
    return table.replace_schema_metadata({"graphbuild": json.dumps(metadata, ensure_ascii=False, sort_keys=True)})


def _bytes(pq, table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", store_schema=True)
    return buffer.getvalue()


def _plain(value):
    """Tuples as lists (pyarrow reads both, JSON and the struct conversion want lists)."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def generate_parquet(graph: nx.DiGraph) -> dict[str, bytes]:
    """The two Parquet files, nodes sorted by id and edges by (source, target)."""
    pa, pq = _pyarrow()
    declared = _declared_types(pa)
    metadata = {"title": graph.graph.get("title"), "categories": graph.graph.get("categories", {})}
    nodes = [{"id": n, "in_list_citations": graph.in_degree(n), "in_list_references": graph.out_degree(n),
              **{k: _plain(v) for k, v in graph.nodes[n].items()}} for n in sorted(graph.nodes)]
    edges = [{"source": u, "target": v, **{k: _plain(x) for k, x in graph.edges[u, v].items()}}
             for u, v in sorted(graph.edges)]
    return {"nodes.parquet": _bytes(pq, _table(pa, nodes, ["id"], declared, metadata)),
            "edges.parquet": _bytes(pq, _table(pa, edges, ["source", "target"], declared, metadata))}
