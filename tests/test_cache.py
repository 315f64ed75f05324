"""The SQLite cache: what it keeps, that ids never become paths, that concurrent writers do not corrupt it."""

from __future__ import annotations

import multiprocessing
import sqlite3

from graphbuild.cache import Cache, References

ABC, DEF = "a" * 40, "d" * 40


def test_round_trip_with_fields_and_fetch_time(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_lookups({"ARXIV:2106.07447": ABC, "DOI:10.1/x": None})
        cache.put_papers([{"paperId": ABC, "title": "T", "year": 2021}], ["title", "year"])
        cache.put_references(ABC, References("complete", [{"paperId": DEF}]), ["paperId"])
    with Cache(tmp_path) as cache:
        assert cache.get_lookups(["ARXIV:2106.07447", "DOI:10.1/x", "ARXIV:0000.00000"]) == {
            "ARXIV:2106.07447": ABC, "DOI:10.1/x": None}
        assert cache.get_papers([ABC], ["title"]) == {ABC: {"paperId": ABC, "title": "T", "year": 2021}}
        assert cache.get_papers([ABC], ["title", "authors"]) == {}  # fetched without authors: a miss
        assert cache.get_references([ABC], ["paperId"])[ABC].refs == [{"paperId": DEF}]
        fetched_at, fields = cache.db.execute("SELECT fetched_at, fields FROM papers").fetchone()
        assert fields == "title,year" and fetched_at.endswith("Z")


def test_elided_references_stay_unknown_not_empty(tmp_path):
    with Cache(tmp_path) as cache:
        cache.put_references("p", References("elided", None), ["paperId"])
        entry = cache.get_references(["p"], ["paperId"])["p"]
    assert entry.status == "elided" and entry.refs is None and entry.is_final


def test_hostile_ids_never_touch_the_file_system(tmp_path):
    cache_dir = tmp_path / "cache"
    evil = ["../../escape", "DOI:10.1000/a/b/../../c", "/etc/passwd", "a\x00b"]
    with Cache(cache_dir) as cache:
        cache.put_lookups({e: None for e in evil})
        cache.put_papers([{"paperId": e} for e in evil], ["title"])
        assert set(cache.get_lookups(evil)) == set(evil)
        assert cache.get_papers(evil, ["title"]) == {}  # not Semantic Scholar ids: never believed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]
    assert {p.name for p in cache_dir.iterdir()} <= {"s2.sqlite", "s2.sqlite-wal", "s2.sqlite-shm"}


def _writer(folder: str, worker: int, rounds: int) -> None:
    with Cache(folder) as cache:
        for i in range(rounds):
            pid = f"{worker:020x}{i:020x}"
            cache.put_papers([{"paperId": pid, "title": f"paper {i}"}], ["title"])
            cache.put_lookups({f"ARXIV:{worker}.{i}": pid, "SHARED": pid})
            cache.put_references(pid, References("complete", [{"paperId": "f" * 40}] * 50), ["paperId"])


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), w, 150)) for w in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    with Cache(tmp_path) as cache:
        assert cache.counts() == {"lookups": 301, "papers": 300, "refs": 300}
    db = sqlite3.connect(tmp_path / "s2.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_cache_written_before_openalex_reads_as_holding_nothing_of_it(tmp_path):
    """Reading commands open the cache read-only, so they cannot add OpenAlex's tables to an older cache."""
    import sqlite3

    with Cache(tmp_path) as cache:
        cache.put_lookups({"ARXIV:2106.07447": None})
    db = sqlite3.connect(tmp_path / Cache.FILENAME)
    db.execute("DROP TABLE oa_lookups")
    db.execute("DROP TABLE oa_works")
    db.commit()
    db.close()
    with Cache(tmp_path, read_only=True) as cache:
        assert cache.get_oa_lookups(["DOI:10.1/x"]) == {} and cache.get_oa_works(["W1"]) == {}
        assert cache.get_lookups(["ARXIV:2106.07447"]) == {"ARXIV:2106.07447": None}
    with Cache(tmp_path) as cache:  # a build adds them
        cache.put_oa_lookups({"DOI:10.1/x": "W1"})
        assert cache.get_oa_lookups(["DOI:10.1/x"]) == {"DOI:10.1/x": "W1"}
