"""Never hurt by a source: a hostile fake Semantic Scholar (answers of the wrong shape, lone surrogates, bad dates,
a ``next`` that never moves, a black hole, 500 forever, 404 everywhere, ``Retry-After: 600``), damaged and
read-only caches, a kill while the outputs are swapped, and options that make no sense. Each build must end within
its deadline, store nothing invalid, say what it dropped, and exit as documented."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from graphbuild.cache import Cache, CacheDamaged
from graphbuild.catalog import parse_catalog
from graphbuild.cli import main
from graphbuild.export.gexf import generate_gexf
from graphbuild.files import finish_interrupted_write, write_output_set
from graphbuild.graph import build_graph
from graphbuild.jobs import OUTPUT_FILES, build
from graphbuild.sources import SEMANTIC_SCHOLAR
from graphbuild.sources.semantic_scholar.read import PAPER_FIELDS

from helpers import SMALL_CATALOG, SMALL_IDS, fetch, make_client

ALPHA, BETA = SMALL_IDS["alpha"], SMALL_IDS["beta"]


@pytest.fixture
def small(small_s2):
    return parse_catalog(SMALL_CATALOG)


def run(catalog, cache_dir, client):
    readings, reports = fetch(catalog, cache_dir, client)
    return build_graph(catalog, readings), reports[SEMANTIC_SCHOLAR]


def slot_of(payload, pid):
    return next(s for s in payload if isinstance(s, dict) and s.get("paperId") == pid)


def on_slot(pid, change):
    """A tamper function that edits one paper's slot of a batch answer."""
    def transform(status, payload, query):
        if isinstance(payload, list):
            change(slot_of(payload, pid))
        return status, payload
    return transform


# --- answers of the wrong shape are rejected, never cached, never a traceback ---------------------------------


@pytest.mark.parametrize("field, value", [
    ("externalIds", "ARXIV"),
    ("paperId", ["not", "an", "id"]),
    ("referenceCount", "12"),
    ("publicationDate", "</sc"),
    ("year", "2020"),
    ("authors", "Ada"),
    ("title", {"nested": "object"}),
])
def test_a_record_of_the_wrong_shape_is_rejected_and_not_cached(small, small_s2, tmp_path, field, value):
    small_s2.fail("tamper", path_contains="/paper/batch", fields_contains="externalIds",
                  transform=on_slot(ALPHA, lambda slot: slot.update({field: value})))
    graph, report = run(small, tmp_path, make_client(small_s2))
    assert graph.nodes["alpha"]["s2_status"] == "no_data"  # nothing believed for alpha
    assert graph.nodes["beta"]["s2_status"] == "resolved"  # the rest of the answer is used
    assert len(report.rejected) == 1 and "alpha" in report.rejected[0] and repr(field.split(".")[0])[1:-1] in \
        report.rejected[0]
    with Cache(tmp_path) as cache:
        assert ALPHA not in cache.get_works(SEMANTIC_SCHOLAR, [ALPHA], PAPER_FIELDS)
        assert "ARXIV:1901.00001" not in cache.get_lookups(SEMANTIC_SCHOLAR, ["ARXIV:1901.00001"])  # asked again next time
    small_s2.reset_log()
    graph, report = run(small, tmp_path, make_client(small_s2))  # the next build asks for alpha again, and heals
    assert graph.nodes["alpha"]["s2_status"] == "resolved" and not report.rejected
    assert [r.body["ids"] for r in small_s2.log if r.path.endswith("/batch")][0] == ["ARXIV:1901.00001"]


def test_a_lone_surrogate_is_cleaned_and_every_build_goes_on(small, small_s2, tmp_path):
    small_s2.fail("tamper", path_contains="/paper/batch", fields_contains="externalIds",
                  transform=on_slot(ALPHA, lambda slot: slot.update(title="Alpha \ud83d broken \x07 title")))
    graph, report = run(small, tmp_path, make_client(small_s2))
    assert not report.rejected
    with Cache(tmp_path) as cache:
        assert cache.get_works(SEMANTIC_SCHOLAR, [ALPHA], PAPER_FIELDS)[ALPHA]["title"] == "Alpha broken title"
    ET.fromstring(generate_gexf(graph))  # well-formed XML


def test_nested_references_of_the_wrong_shape_are_not_an_empty_list(small, small_s2, tmp_path):
    small_s2.fail("tamper", path_contains="/paper/batch", fields_contains="references.",
                  transform=on_slot(BETA, lambda slot: slot.update(references="abc")))
    graph, report = run(small, tmp_path, make_client(small_s2))
    assert any("beta" in r and "references" in r for r in report.rejected)
    assert graph.nodes["beta"]["references_status"] == "unknown"  # not "complete" with no references
    assert not graph.has_edge("beta", "alpha")
    with Cache(tmp_path) as cache:
        assert BETA not in cache.get_references(SEMANTIC_SCHOLAR, [BETA], ["paperId"])
    graph, _ = run(small, tmp_path, make_client(small_s2))  # asked again, and the edge appears
    assert graph.has_edge("beta", "alpha")


@pytest.mark.parametrize("answer", [{"data": {"0": None}}, {"data": "oops"}, "just text", [1, 2]])
def test_a_batch_answer_of_the_wrong_shape_is_rejected_whole(small, small_s2, tmp_path, answer):
    small_s2.fail("tamper", path_contains="/paper/batch", fields_contains="externalIds",
                  transform=lambda status, payload, query: (200, answer))
    graph, report = run(small, tmp_path, make_client(small_s2))
    assert report.rejected and all(graph.nodes[p]["s2_status"] == "no_data"
                                   for p in ("alpha", "beta", "gamma", "epsilon"))
    with Cache(tmp_path) as cache:
        assert cache.counts(SEMANTIC_SCHOLAR)["lookups"] <= 1  # at most delta's title lookup: nothing from the bad batch


def test_a_title_match_of_the_wrong_shape_is_not_cached_as_not_found(small, small_s2, tmp_path):
    small_s2.fail("tamper", path_contains="/search/match", transform=lambda s, p, q: (200, {"data": "oops"}))
    graph, report = run(small, tmp_path, make_client(small_s2))
    assert graph.nodes["delta"]["s2_status"] == "no_data" and any("delta" in r for r in report.rejected)
    graph, _ = run(small, tmp_path, make_client(small_s2))
    assert graph.nodes["delta"]["s2_status"] == "resolved"


@pytest.mark.parametrize("bad_next", ["abc", 0, -5, 1000])
def test_paging_that_does_not_advance_stops_at_once(fake_s2, tmp_path, bad_next):
    from fake_s2 import s2_id

    big = s2_id("big")
    others = [s2_id(f"o{i}") for i in range(1500)]
    for i, pid in enumerate(others):
        fake_s2.corpus.add(pid, f"Outside {i}", year=2000)
    fake_s2.corpus.add(big, "Big Survey", arxiv="2101.00001", year=2021,
                       references=[fake_s2.corpus.ref(p) for p in others])
    catalog = parse_catalog('categories: [{id: c, label: C, color: "#000000"}]\n'
                            'papers: [{id: big, title: "Big Survey", category: c, arxiv: "2101.00001"}]\n')

    def stuck(status, payload, query):
        payload["next"] = bad_next if bad_next != 1000 else int(query.get("offset", 0))
        return status, payload

    fake_s2.fail("tamper", path_contains="/references", transform=stuck, times=10_000)
    started = time.monotonic()
    graph, report = run(catalog, tmp_path, make_client(fake_s2))
    assert time.monotonic() - started < 10
    pages = [r for r in fake_s2.log if r.path.endswith("/references")]
    assert len(pages) == 1 and any("next" in r for r in report.rejected)


# --- time spent on a source that is down is bounded -----------------------------------------------------------


@pytest.mark.slow
def test_a_black_hole_ends_within_the_deadline(small, small_s2, tmp_path):
    small_s2.fail("blackhole", delay=20, times=1000)
    client = make_client(small_s2, timeout=30, connect_timeout=30, deadline=2.0)
    started = time.monotonic()
    graph, report = run(small, tmp_path, client)
    assert time.monotonic() - started < 6
    assert report.stopped and "deadline" in report.stopped
    assert graph.has_edge("gamma", "alpha")  # the curated references still make a graph


def test_500_forever_stops_after_two_failed_calls(small, small_s2, tmp_path):
    small_s2.fail("status", status=500, times=10_000)
    graph, report = run(small, tmp_path, make_client(small_s2, max_retries=2))
    assert report.stopped and "calls in a row failed" in report.stopped
    assert small_s2.count <= 2 * 3  # two calls of three attempts each, then nothing more
    assert graph.has_edge("gamma", "alpha")


def test_retry_after_600_is_not_waited_for(small, small_s2, tmp_path):
    small_s2.fail("status", status=429, retry_after="600", times=100)
    slept = []
    client = make_client(small_s2, deadline=120, sleep=slept.append)
    started = time.monotonic()
    _, report = run(small, tmp_path, client)
    assert time.monotonic() - started < 5 and sum(slept) < 1
    assert report.stopped and "600" in report.stopped and "deadline" in report.stopped


def test_a_wrong_api_url_is_a_configuration_error(small_catalog_path, small_s2, tmp_path, capsys):
    url = small_s2.url.replace("/graph/v1", "/nothing/here")
    code = main(["build", "--catalog", str(small_catalog_path), "--out", str(tmp_path / "out"), "--api-url", url])
    err = capsys.readouterr().err
    assert code == 1 and "the API's URL?" in err and err.count("\n") == 1
    assert not (tmp_path / "out" / "lineage.html").exists()


# --- local state never becomes a traceback ----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_cache_is_named_and_can_be_moved_aside(small_catalog_path, tmp_path, capsys, content):
    out = tmp_path / "out"
    (out / "cache").mkdir(parents=True)
    (out / "cache" / Cache.FILENAME).write_bytes(content)
    args = ["--catalog", str(small_catalog_path), "--out", str(out)]
    assert main(["build", "--offline", *args]) == 1
    err = capsys.readouterr().err
    assert "cache.sqlite is damaged" in err and "--yes" in err and "Traceback" not in err
    assert main(["rank", *args]) == 1 and "is damaged" in capsys.readouterr().err
    assert main(["build", "--offline", "--yes", *args]) == 0
    assert "moved it to" in capsys.readouterr().err
    assert any(p.name.startswith("cache.sqlite.damaged-") for p in (out / "cache").iterdir())
    assert (out / "lineage.html").exists()


@pytest.mark.slow
def test_a_read_only_cache_serves_the_reading_commands(small_catalog_path, small_s2, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--catalog", str(small_catalog_path), "--out", str(out), "--api-url", small_s2.url]) == 0
    with Cache(out / "cache", read_only=True) as cache:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            cache.db.execute("INSERT INTO meta VALUES ('x', 'y')")
    before = {p.name: p.stat().st_mtime_ns for p in (out / "cache").iterdir() if not p.name.endswith("-shm")}
    capsys.readouterr()
    assert main(["rank", "--catalog", str(small_catalog_path), "--out", str(out), "--by", "global"]) == 0
    assert "alpha" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in (out / "cache").iterdir() if p.name in before} == before


@pytest.mark.parametrize("phase, expected", [("staging", "old\n"), ("swap", "new\n")])
def test_a_kill_while_writing_the_outputs_leaves_one_build(tmp_path, monkeypatch, phase, expected):
    out = tmp_path / "out"
    write_output_set(out, {name: "old\n" for name in OUTPUT_FILES})
    (out / ".lineage.html.12345.tmp").write_text("a leftover of a killed write")
    real_replace, calls = os.replace, []

    def killed(src, dst):
        final = not os.path.basename(dst).startswith(".")
        if (phase == "swap") == final:
            calls.append(dst)
            if len(calls) == 2:  # killed right after the first file of that phase
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_output_set(out, {name: "new\n" for name in OUTPUT_FILES})
    monkeypatch.setattr(os, "replace", real_replace)
    finish_interrupted_write(out)  # what the next build does first
    assert {p.name: p.read_text() for p in out.iterdir()} == {name: expected for name in OUTPUT_FILES}


def test_a_build_cleans_what_a_killed_build_left(small_catalog_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".graph.gexf.staged").write_text("half")
    (out / ".lineage.html.x1y2.tmp").write_text("half")
    build(small_catalog_path, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "cache"])


# --- options are checked where they are parsed -------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["build", "--timeout", "0"], ["build", "--timeout", "nan"], ["build", "--retries", "-1"],
    ["build", "--backoff", "-5"], ["build", "--deadline", "inf"], ["build", "--max-rps", "-1"],
    ["rank", "--damping", "0"], ["rank", "--damping", "1"], ["rank", "--top", "0"], ["rank", "--top", "-3"],
    ["suggest", "--min-cites", "-1"], ["lineage", "hubert", "--depth", "0"], ["lineage", "hubert", "--depth", "-1"],
    ["mainpath", "--top", "0"], ["lineage", ""], ["lineage", "   "],
])
def test_bad_options_exit_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("graphbuild") and "Traceback" not in err


def test_no_traceback_from_a_real_process_on_a_damaged_cache(small_catalog_path, tmp_path):
    (tmp_path / "out" / "cache").mkdir(parents=True)
    (tmp_path / "out" / "cache" / Cache.FILENAME).write_bytes(b"garbage" * 1000)
    run_ = subprocess.run([sys.executable, "-m", "graphbuild", "stats", "--catalog", str(small_catalog_path),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert run_.returncode == 1 and "Traceback" not in run_.stderr and "damaged" in run_.stderr


def test_cache_damaged_is_raised_for_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / Cache.FILENAME).write_bytes(b"x" * 5000)
    with pytest.raises(CacheDamaged, match="cache.sqlite"):
        Cache(tmp_path)
    (tmp_path / Cache.FILENAME).unlink()
    (tmp_path / Cache.OLD_FILENAME).write_bytes(b"x" * 5000)  # a damaged cache of the layout before, too
    with pytest.raises(CacheDamaged, match="s2.sqlite"):
        Cache(tmp_path)
