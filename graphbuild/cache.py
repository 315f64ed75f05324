"""The on-disk store of everything Semantic Scholar told us, so that a rebuild asks nothing twice.

One SQLite file (standard library ``sqlite3``). Why SQLite and not a folder of JSON files:

* every answer is committed in its own transaction the moment it arrives, so a build killed mid-fetch loses
  nothing and the next one resumes where it stopped;
* two builds running at once share it safely (WAL journal, a busy timeout instead of "database is locked");
* lookups are primary-key reads, which stay fast at 100,000 papers where a directory of files would not;
* ids are never turned into file names, so a DOI's ``/`` or a hostile ``../`` cannot escape the cache folder.

Each row records when it was fetched and with which fields; a row fetched with fewer fields than the client
now asks for counts as missing, so adding a field re-fetches instead of silently serving stale shapes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Iterator

SCHEMA_VERSION = "1"
SQLITE_VARIABLES = 500  # ids per IN (...) query, well below SQLite's limit

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- What an id we sent resolved to: 'ARXIV:2006.11477' -> S2 paperId, NULL when Semantic Scholar has no such paper.
CREATE TABLE IF NOT EXISTS lookups (
    lookup TEXT PRIMARY KEY,
    paper_id TEXT,
    fetched_at TEXT NOT NULL
);
-- One paper record as the API returned it (minus nulls).
CREATE TABLE IF NOT EXISTS papers (
    paper_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    fields TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
-- A paper's reference list, including works outside the reading list.
-- status: 'complete', 'elided' (the publisher withheld it: unknown, not empty) or 'partial' (paging
-- was interrupted, resume at next_offset).
CREATE TABLE IF NOT EXISTS refs (
    paper_id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('complete', 'elided', 'partial')),
    refs TEXT,
    next_offset INTEGER,
    fields TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
"""


class References:
    """A paper's reference list. ``refs`` is None when the publisher elided it.

    Read from the cache, the list stays the JSON text it is stored as and is parsed each time ``refs`` is read:
    a 50,000-paper list holds 3 million references, which as Python dicts would take gigabytes, while the graph
    needs each list only once, briefly.
    """

    __slots__ = ("status", "next_offset", "_refs", "_raw")

    def __init__(self, status: str, refs: list[dict] | None, next_offset: int | None = None, *,
                 raw: str | None = None):
        self.status, self.next_offset, self._refs, self._raw = status, next_offset, refs, raw

    @property
    def refs(self) -> list[dict] | None:
        if self._raw is not None:
            return json.loads(self._raw)
        return self._refs

    @property
    def is_final(self) -> bool:
        return self.status in ("complete", "elided")

    def payload(self) -> str | None:
        """The list as stored: JSON text, or None when elided."""
        if self._raw is not None:
            return self._raw
        return _dumps(self._refs) if self._refs is not None else None

    def __eq__(self, other) -> bool:
        return isinstance(other, References) and (self.status, self.next_offset, self.refs) == (
            other.status, other.next_offset, other.refs)

    def __repr__(self) -> str:
        return f"References({self.status!r}, next_offset={self.next_offset!r})"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _fields_key(fields: Iterable[str]) -> str:
    return ",".join(sorted(set(fields)))


def _covers(stored: str, wanted: Iterable[str]) -> bool:
    return set(wanted) <= set(stored.split(","))


def _chunks(items: list[str], size: int = SQLITE_VARIABLES) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Cache:
    """A Semantic Scholar answer store in ``<folder>/s2.sqlite``. Use as a context manager or call :meth:`close`."""

    FILENAME = "s2.sqlite"

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / self.FILENAME
        # isolation_level=None: we open transactions ourselves ("BEGIN IMMEDIATE"), one per answer.
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout = 60000")
        _retry_while_locked(self._setup)

    def _setup(self) -> None:
        # Switching to WAL needs a moment alone with the file, and SQLite reports "locked" at once instead of
        # waiting when another process opens the cache at the same instant: hence the retry around it.
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        return _Transaction(self.db)

    # --- lookups -------------------------------------------------------------------------------------------

    def get_lookups(self, keys: Iterable[str]) -> dict[str, str | None]:
        """What each known key resolved to (None: Semantic Scholar has no such paper). Unknown keys are absent."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            for key, paper_id in self.db.execute(f"SELECT lookup, paper_id FROM lookups WHERE lookup IN ({marks})", chunk):
                found[key] = paper_id
        return found

    def put_lookups(self, resolved: dict[str, str | None]) -> None:
        now = _now()
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?)", [(k, v, now) for k, v in resolved.items()]
            )

    # --- paper records -------------------------------------------------------------------------------------

    def get_papers(self, paper_ids: Iterable[str], fields: Iterable[str]) -> dict[str, dict]:
        """Cached records that were fetched with at least ``fields``."""
        fields = list(fields)
        found = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT paper_id, record, fields FROM papers WHERE paper_id IN ({marks})", chunk)
            for paper_id, record, stored in rows:
                if _covers(stored, fields):
                    found[paper_id] = json.loads(record)
        return found

    def put_papers(self, records: Iterable[dict], fields: Iterable[str]) -> None:
        now, key = _now(), _fields_key(fields)
        rows = [(r["paperId"], _dumps(r), key, now) for r in records]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?)", rows)

    # --- references ----------------------------------------------------------------------------------------

    def get_references(self, paper_ids: Iterable[str], fields: Iterable[str]) -> dict[str, References]:
        fields = list(fields)
        found = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT paper_id, status, refs, next_offset, fields FROM refs WHERE paper_id IN ({marks})", chunk
            )
            for paper_id, status, refs, next_offset, stored in rows:
                if _covers(stored, fields):
                    found[paper_id] = References(status, None, next_offset, raw=refs)
        return found

    def put_references(self, paper_id: str, refs: References, fields: Iterable[str]) -> None:
        payload = refs.payload()
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?)",
                (paper_id, refs.status, payload, refs.next_offset, _fields_key(fields), _now()),
            )

    def put_many_references(self, items: dict[str, References], fields: Iterable[str]) -> None:
        """Store the reference lists of one batch answer in a single transaction."""
        now, key = _now(), _fields_key(fields)
        rows = [
            (pid, r.status, r.payload(), r.next_offset, key, now)
            for pid, r in items.items()
        ]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?)", rows)

    def all_references(self) -> Iterator[tuple[str, References]]:
        """Every cached reference list (used by analyses of works outside the list)."""
        for paper_id, status, refs, next_offset in self.db.execute(
            "SELECT paper_id, status, refs, next_offset FROM refs ORDER BY paper_id"
        ):
            yield paper_id, References(status, None, next_offset, raw=refs)

    def counts(self) -> dict[str, int]:
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("lookups", "papers", "refs")
        }


def _retry_while_locked(action, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    delay = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front so concurrent builds queue, never deadlock."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
