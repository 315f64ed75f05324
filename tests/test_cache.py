"""The SQLite cache: one interface keyed by source, rows checked when written, ids that never become paths,
concurrent writers that do not corrupt it, and caches of the layout before (s2.sqlite) migrated in place."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest

from graphbuild.cache import Cache, References
from graphbuild.sources import OPENALEX, SEMANTIC_SCHOLAR
from graphbuild.sources.checks import BadRecord

ABC, DEF = "a" * 40, "d" * 40
S2 = SEMANTIC_SCHOLAR


def test_round_trip_with_fields_and_fetch_time(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_lookups(S2, {"ARXIV:2106.07447": ABC, "DOI:10.1/x": None})
        cache.put_works(S2, [{"paperId": ABC, "title": "T", "year": 2021}], ["title", "year"])
        cache.put_references(S2, ABC, References("complete", [{"paperId": DEF}]), ["paperId"])
    with Cache(tmp_path) as cache:
        assert cache.get_lookups(S2, ["ARXIV:2106.07447", "DOI:10.1/x", "ARXIV:0000.00000"]) == {
            "ARXIV:2106.07447": ABC, "DOI:10.1/x": None}
        assert cache.get_works(S2, [ABC], ["title"]) == {ABC: {"paperId": ABC, "title": "T", "year": 2021}}
        assert cache.get_works(S2, [ABC], ["title", "authors"]) == {}  # fetched without authors: a miss
        assert cache.get_references(S2, [ABC], ["paperId"])[ABC].refs == [{"paperId": DEF}]
        fetched_at, fields = cache.db.execute("SELECT fetched_at, fields FROM works").fetchone()
        assert fields == "title,year" and fetched_at.endswith("Z")


def test_each_source_has_its_own_answers(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_lookups(S2, {"DOI:10.1/x": ABC})
        cache.put_lookups(OPENALEX, {"DOI:10.1/x": "W7"})
        cache.put_works(OPENALEX, [{"id": "W7", "title": "Seven", "references": ["W8"]}])
        assert cache.get_lookups(S2, ["DOI:10.1/x"]) == {"DOI:10.1/x": ABC}
        assert cache.get_lookups(OPENALEX, ["DOI:10.1/x"]) == {"DOI:10.1/x": "W7"}
        assert cache.get_works(S2, ["W7"]) == {} and cache.get_works(OPENALEX, ["W7"])["W7"]["title"] == "Seven"
        assert cache.counts(OPENALEX) == {"lookups": 1, "works": 1, "refs": 0}


def test_elided_references_stay_unknown_not_empty(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_references(S2, "p", References("elided", None), ["paperId"])
        entry = cache.get_references(S2, ["p"], ["paperId"])["p"]
    assert entry.status == "elided" and entry.refs is None and entry.is_final


def test_a_work_is_checked_when_it_is_written_and_nothing_of_a_bad_call_is_stored(tmp_path):
    with Cache(tmp_path) as cache:
        with pytest.raises(BadRecord, match="paperId"):
            cache.put_works(S2, [{"paperId": ABC, "title": "fine"}, {"paperId": "../../escape"}], ["title"])
        with pytest.raises(BadRecord, match="references"):
            cache.put_works(OPENALEX, [{"id": "W3", "references": "abc"}])
        assert cache.get_works(S2, [ABC, "../../escape"], ["title"]) == {}
        assert cache.get_works(OPENALEX, ["W3"]) == {}


def test_hostile_ids_never_touch_the_file_system(tmp_path):
    cache_dir = tmp_path / "cache"
    evil = ["../../escape", "DOI:10.1000/a/b/../../c", "/etc/passwd", "a\x00b"]
    with Cache(cache_dir) as cache:
        cache.put_lookups(S2, {e: None for e in evil})
        assert set(cache.get_lookups(S2, evil)) == set(evil)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]
    assert {p.name for p in cache_dir.iterdir()} <= {"cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"}


def test_a_row_that_is_not_json_is_said_and_ignored(tmp_path):
    with Cache(tmp_path) as cache:
        cache.db.execute("INSERT INTO works VALUES (?, 'W9', '{not json', '', 'now')", (OPENALEX,))
        assert cache.get_works(OPENALEX, ["W9"]) == {}
        assert any("W9" in r and "not JSON" in r for r in cache.take_rejected())


def _writer(folder: str, worker: int, rounds: int) -> None:
    with Cache(folder) as cache:
        for i in range(rounds):
            pid = f"{worker:020x}{i:020x}"
            cache.put_works(S2, [{"paperId": pid, "title": f"paper {i}"}], ["title"])
            cache.put_lookups(S2, {f"ARXIV:{worker}.{i}": pid, "SHARED": pid})
            cache.put_references(S2, pid, References("complete", [{"paperId": "f" * 40}] * 50), ["paperId"])


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 150)) for w in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    with Cache(tmp_path) as cache:
        assert cache.counts(S2) == {"lookups": 301, "works": 300, "refs": 300}
    db = sqlite3.connect(tmp_path / Cache.FILENAME)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- the layout before (schema 1, s2.sqlite: Semantic Scholar's tables, OpenAlex's oa_* tables) ------------------

SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE lookups (lookup TEXT PRIMARY KEY, paper_id TEXT, fetched_at TEXT NOT NULL);
CREATE TABLE papers (paper_id TEXT PRIMARY KEY, record TEXT NOT NULL, fields TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE refs (paper_id TEXT PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('complete', 'elided', 'partial')),
    refs TEXT, next_offset INTEGER, fields TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE citers (paper_id TEXT NOT NULL, citing_id TEXT NOT NULL, record TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, citing_id));
CREATE TABLE citer_windows (paper_id TEXT PRIMARY KEY, since TEXT NOT NULL, until TEXT NOT NULL,
    complete INTEGER NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE oa_lookups (lookup TEXT PRIMARY KEY, work_id TEXT, fetched_at TEXT NOT NULL);
CREATE TABLE oa_works (work_id TEXT PRIMARY KEY, record TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE oa_citers (paper_id TEXT NOT NULL, citing_id TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, citing_id));
CREATE TABLE oa_citer_windows (paper_id TEXT PRIMARY KEY, since TEXT NOT NULL, until TEXT NOT NULL,
    complete INTEGER NOT NULL, fetched_at TEXT NOT NULL);
CREATE TABLE watch_seen (work_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
"""


def old_cache(folder, *, openalex: bool = True):
    """A cache as graphbuild wrote it before schema 2 (with a row of the wrong shape in each kind of table)."""
    db = sqlite3.connect(folder / Cache.OLD_FILENAME)
    db.executescript(SCHEMA_1)
    db.executemany("INSERT INTO lookups VALUES (?, ?, 'then')", [("ARXIV:2106.07447", ABC), ("DOI:10.1/x", None)])
    db.executemany("INSERT INTO papers VALUES (?, ?, 'title', 'then')",
                   [(ABC, json.dumps({"paperId": ABC, "title": "HuBERT"})), (DEF, '{"paperId": "not an id"}')])
    db.executemany("INSERT INTO refs VALUES (?, 'complete', ?, NULL, 'paperId', 'then')",
                   [(ABC, json.dumps([{"paperId": DEF}])), (DEF, '"not a list"')])
    db.execute("INSERT INTO citers VALUES (?, ?, ?, 'then')", (ABC, DEF, json.dumps({"paperId": DEF, "title": "C"})))
    db.execute("INSERT INTO citer_windows VALUES (?, '2025-01-01', '2025-06-01', 1, 'then')", (ABC,))
    db.execute("INSERT INTO watch_seen VALUES ('W5', '2025-06-01')")
    if openalex:
        db.execute("INSERT INTO oa_lookups VALUES ('DOI:10.1/x', 'W1', 'then')")
        db.executemany("INSERT INTO oa_works VALUES (?, ?, 'then')",
                       [("W1", '{"id": "W1", "title": "One", "references": ["W2"]}'),
                        ("W3", '{"id": "W3", "references": "abc"}')])
        db.execute("INSERT INTO oa_citers VALUES ('W1', 'W2', 'then')")
        db.execute("INSERT INTO oa_citer_windows VALUES ('W1', '2025-01-01', '2025-06-01', 0, 'then')")
    else:
        db.executescript("DROP TABLE oa_lookups; DROP TABLE oa_works; DROP TABLE oa_citers; "
                         "DROP TABLE oa_citer_windows;")
    db.commit()
    db.close()


def assert_migrated(cache: Cache, *, openalex: bool = True) -> None:
    assert cache.get_lookups(S2, ["ARXIV:2106.07447", "DOI:10.1/x"]) == {"ARXIV:2106.07447": ABC, "DOI:10.1/x": None}
    assert cache.get_works(S2, [ABC, DEF], ["title"]) == {ABC: {"paperId": ABC, "title": "HuBERT"}}  # DEF dropped
    assert set(cache.get_references(S2, [ABC, DEF], ["paperId"])) == {ABC}
    assert cache.get_citers(S2, [ABC]) == {ABC: [(DEF, {"paperId": DEF, "title": "C"})]}
    assert cache.get_citer_windows(S2, [ABC]) == {ABC: ("2025-01-01", "2025-06-01", True)}
    assert cache.seen_before(["W5"], "2026-01-01") == {"W5": "2025-06-01"} or cache.read_only
    if openalex:
        assert cache.get_lookups(OPENALEX, ["DOI:10.1/x"]) == {"DOI:10.1/x": "W1"}
        assert set(cache.get_works(OPENALEX, ["W1", "W3"])) == {"W1"}  # W3 did not fit: dropped
        assert cache.get_citers(OPENALEX, ["W1"]) == {"W1": [("W2", None)]}
        assert cache.get_citer_windows(OPENALEX, ["W1"]) == {"W1": ("2025-01-01", "2025-06-01", False)}
    assert cache.get_meta("schema_version") == "2"


def test_an_old_cache_is_migrated_in_place_every_row_checked_and_renamed(tmp_path, caplog):
    old_cache(tmp_path)
    with Cache(tmp_path) as cache:
        assert cache.path.name == Cache.FILENAME
        assert_migrated(cache)
    assert "dropped" in caplog.text
    assert not (tmp_path / Cache.OLD_FILENAME).exists() and (tmp_path / Cache.FILENAME).exists()
    with Cache(tmp_path) as cache:  # and stays so
        assert_migrated(cache)


def test_an_old_cache_opened_read_only_is_migrated_in_memory_and_left_alone(tmp_path):
    old_cache(tmp_path, openalex=False)
    before = (tmp_path / Cache.OLD_FILENAME).read_bytes()
    with Cache(tmp_path, read_only=True) as cache:
        assert_migrated(cache, openalex=False)
        assert cache.get_works(OPENALEX, ["W1"]) == {}  # written before OpenAlex: holds nothing of it
    assert (tmp_path / Cache.OLD_FILENAME).read_bytes() == before
    assert not (tmp_path / Cache.FILENAME).exists()
