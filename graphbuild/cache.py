"""The on-disk store of everything the sources told us, so that a rebuild asks nothing twice.

Semantic Scholar's answers live in ``lookups``, ``papers``, ``refs`` and the watch's tables; OpenAlex's in
``oa_lookups`` and ``oa_works``. Each source's tables are its own, so a refresh can be per source.

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

import functools
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .records import BadRecord, check_paper, check_references, check_stored_work, is_paper_id, work_id

log = logging.getLogger("graphbuild.cache")

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
-- Forward citations of listed papers (graphbuild watch): who cites paper_id, as the citations endpoint said.
CREATE TABLE IF NOT EXISTS citers (
    paper_id TEXT NOT NULL,
    citing_id TEXT NOT NULL,
    record TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, citing_id)
);
-- The publication-date window already read for each listed paper (ISO dates, inclusive), so a later watch asks
-- only for what is new. complete = 0 when the window held more than the API lets one page through.
CREATE TABLE IF NOT EXISTS citer_windows (
    paper_id TEXT PRIMARY KEY,
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    complete INTEGER NOT NULL,
    fetched_at TEXT NOT NULL
);
-- OpenAlex: what an identifier we asked for ('DOI:10.48550/arxiv.2106.07447', 'W:W123', 'TITLE:...') resolved
-- to: a work id, NULL when OpenAlex has no such work.
CREATE TABLE IF NOT EXISTS oa_lookups (
    lookup TEXT PRIMARY KEY,
    work_id TEXT,
    fetched_at TEXT NOT NULL
);
-- OpenAlex works as graphbuild.records.check_work keeps them (metadata and referenced works).
CREATE TABLE IF NOT EXISTS oa_works (
    work_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
-- OpenAlex's forward citations (graphbuild watch): which works cite a listed work (the works are in oa_works),
-- and the publication-date window read for each listed work.
CREATE TABLE IF NOT EXISTS oa_citers (
    paper_id TEXT NOT NULL,
    citing_id TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, citing_id)
);
CREATE TABLE IF NOT EXISTS oa_citer_windows (
    paper_id TEXT PRIMARY KEY,
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    complete INTEGER NOT NULL,
    fetched_at TEXT NOT NULL
);
-- Works a watch has shown, and when first: "already suggested" in the next report.
CREATE TABLE IF NOT EXISTS watch_seen (
    work_id TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
);
"""


class CacheDamaged(Exception):
    """The cache file is not a usable SQLite database (corrupt, truncated, or another kind of file)."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"the cache {path} is damaged ({reason})")


DAMAGE_MARKERS = ("malformed", "not a database", "file is encrypted", "disk image", "database corrupt")


def _damage(exc: sqlite3.DatabaseError) -> bool:
    return any(marker in str(exc).lower() for marker in DAMAGE_MARKERS)


def _guarded(method):
    """Damage found while reading or writing (a corrupt page deep in the file) becomes :class:`CacheDamaged`."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _damage(exc):
                raise CacheDamaged(self.path, str(exc)) from None
            raise
    return wrapper


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
        """The list (parsed and checked again when read from the cache: an older or broken build may have written
        it); None when elided, or when the stored text is not a reference list (then it is unknown, and said)."""
        if self._raw is not None:
            try:
                return check_references(json.loads(self._raw))
            except (ValueError, BadRecord) as exc:
                log.warning("a cached reference list is not one (%s); treated as unknown", exc)
                return None
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
    """A Semantic Scholar answer store in ``<folder>/s2.sqlite``. Use as a context manager or call :meth:`close`.

    ``read_only``: open an existing cache for reading only (the reading commands), which works on a file or
    folder that cannot be written. A file that is not a usable database raises :class:`CacheDamaged`.
    """

    FILENAME = "s2.sqlite"

    def __init__(self, folder: str | Path, *, read_only: bool = False):
        self.folder = Path(folder)
        self.path = self.folder / self.FILENAME
        self.read_only = read_only
        self.rejected: list[str] = []  # rows that did not pass the checks when read back
        try:
            if read_only:
                self.db = _connect_read_only(self.path)
            else:
                self.folder.mkdir(parents=True, exist_ok=True)
                # isolation_level=None: we open transactions ourselves ("BEGIN IMMEDIATE"), one per answer.
                self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                self.db.execute("PRAGMA busy_timeout = 60000")
                _retry_while_locked(self._setup)
            self.db.execute("SELECT COUNT(*) FROM meta").fetchone()
        except sqlite3.DatabaseError as exc:
            if _damage(exc) or "no such table" in str(exc):
                raise CacheDamaged(self.path, str(exc)) from None
            raise

    def take_rejected(self) -> list[str]:
        """Rows read back that failed the checks of :mod:`graphbuild.records` (they are ignored), once each."""
        rejected, self.rejected = self.rejected, []
        return rejected

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

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        return _Transaction(self.db)

    # --- lookups -------------------------------------------------------------------------------------------

    @_guarded
    def get_lookups(self, keys: Iterable[str]) -> dict[str, str | None]:
        """What each known key resolved to (None: Semantic Scholar has no such paper). Unknown keys are absent."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT lookup, paper_id FROM lookups WHERE lookup IN ({marks})"
            for key, paper_id in self.db.execute(query, chunk):
                if paper_id is None or is_paper_id(paper_id):
                    found[key] = paper_id
                else:
                    self.rejected.append(f"cached lookup {key!r}: {paper_id!r:.60} is not a Semantic Scholar id")
        return found

    @_guarded
    def put_lookups(self, resolved: dict[str, str | None]) -> None:
        now = _now()
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?)", [(k, v, now) for k, v in resolved.items()]
            )

    # --- OpenAlex ------------------------------------------------------------------------------------------

    @_guarded
    def get_oa_lookups(self, keys: Iterable[str]) -> dict[str, str | None]:
        """What each known key resolved to in OpenAlex (None: no such work). Unknown keys are absent."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            for key, wid in self._rows(f"SELECT lookup, work_id FROM oa_lookups WHERE lookup IN ({marks})", chunk):
                if wid is None or work_id(wid) == wid:
                    found[key] = wid
                else:
                    self.rejected.append(f"cached OpenAlex lookup {key!r}: {wid!r:.60} is not a work id")
        return found

    @_guarded
    def put_oa_lookups(self, resolved: dict[str, str | None]) -> None:
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO oa_lookups VALUES (?, ?, ?)",
                                [(k, v, now) for k, v in resolved.items()])

    @_guarded
    def get_oa_works(self, work_ids: Iterable[str]) -> dict[str, dict]:
        return self._checked_records("SELECT work_id, record FROM oa_works WHERE work_id IN ({marks})", work_ids,
                                     check_stored_work, "id", "cached OpenAlex work")

    @_guarded
    def put_oa_works(self, records: Iterable[dict]) -> None:
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO oa_works VALUES (?, ?, ?)",
                                [(r["id"], _dumps(r), now) for r in records])

    def _rows(self, query: str, args: list[str]) -> list[tuple]:
        """Rows of ``query``; none from a table a read-only cache written by an older graphbuild does not have."""
        try:
            return self.db.execute(query, args).fetchall()
        except sqlite3.OperationalError as exc:
            if self.read_only and "no such table" in str(exc):
                return []
            raise

    # --- paper records -------------------------------------------------------------------------------------

    @_guarded
    def get_papers(self, paper_ids: Iterable[str], fields: Iterable[str]) -> dict[str, dict]:
        """Cached records that were fetched with at least ``fields``."""
        return self._checked_records("SELECT paper_id, record, fields FROM papers WHERE paper_id IN ({marks})",
                                     paper_ids, check_paper, "paperId", "cached record", fields=list(fields))

    def _checked_records(self, query: str, ids: Iterable[str], check, id_field: str, what: str,
                         fields: list[str] | None = None) -> dict[str, dict]:
        """The JSON records ``query`` finds for ``ids`` (rows of id, record[, fields]), each checked again: a row
        written by an older or broken build is named in ``rejected`` and ignored (fetched again); with ``fields``,
        a row fetched with fewer counts as missing."""
        found = {}
        for chunk in _chunks(sorted(set(ids))):
            for row in self._rows(query.format(marks=",".join("?" * len(chunk))), chunk):
                key, record = row[0], row[1]
                if fields is not None and not _covers(row[2], fields):
                    continue
                try:
                    checked = check(json.loads(record))
                except (ValueError, BadRecord) as exc:
                    self.rejected.append(f"{what} {key}: {exc}")
                    continue
                if checked[id_field] == key:
                    found[key] = checked
        return found

    @_guarded
    def put_papers(self, records: Iterable[dict], fields: Iterable[str]) -> None:
        now, key = _now(), _fields_key(fields)
        rows = [(r["paperId"], _dumps(r), key, now) for r in records]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO papers VALUES (?, ?, ?, ?)", rows)

    # --- references ----------------------------------------------------------------------------------------

    @_guarded
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

    @_guarded
    def put_references(self, paper_id: str, refs: References, fields: Iterable[str]) -> None:
        payload = refs.payload()
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?)",
                (paper_id, refs.status, payload, refs.next_offset, _fields_key(fields), _now()),
            )

    @_guarded
    def put_many_references(self, items: dict[str, References], fields: Iterable[str]) -> None:
        """Store the reference lists of one batch answer in a single transaction."""
        now, key = _now(), _fields_key(fields)
        rows = [
            (pid, r.status, r.payload(), r.next_offset, key, now)
            for pid, r in items.items()
        ]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?)", rows)

    # --- forward citations (watch) --------------------------------------------------------------------------

    @_guarded
    def get_citer_windows(self, paper_ids: Iterable[str],
                          table: str = "citer_windows") -> dict[str, tuple[str, str, bool]]:
        """(since, until, complete) of the window already read, per listed paper (OpenAlex's: ``oa_citer_windows``)."""
        assert table in ("citer_windows", "oa_citer_windows")
        found = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT paper_id, since, until, complete FROM {table} WHERE paper_id IN ({marks})"
            for pid, since, until, complete in self._rows(query, chunk):
                found[pid] = (since, until, bool(complete))
        return found

    @_guarded
    def put_citers(self, paper_id: str, citers: list[dict], since: str, until: str, complete: bool) -> None:
        """Store the citing works read for ``paper_id`` and the window they cover, in one transaction."""
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO citers VALUES (?, ?, ?, ?)",
                                [(paper_id, c["paperId"], _dumps(c), now) for c in citers])
            self.db.execute("INSERT OR REPLACE INTO citer_windows VALUES (?, ?, ?, ?, ?)",
                            (paper_id, since, until, int(complete), now))

    @_guarded
    def get_citers(self, paper_ids: Iterable[str]) -> dict[str, list[dict]]:
        """Every stored citing work per listed paper (checked again as it is read)."""
        from .records import check_reference

        found: dict[str, list[dict]] = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT paper_id, citing_id, record FROM citers WHERE paper_id IN ({marks}) ORDER BY citing_id"
            for pid, cid, record in self.db.execute(query, chunk):
                try:
                    checked = check_reference(json.loads(record))
                except (ValueError, BadRecord) as exc:
                    self.rejected.append(f"cached citing work {cid}: {exc}")
                    continue
                if checked and checked.get("paperId") == cid:
                    found.setdefault(pid, []).append(checked)
        return found

    @_guarded
    def put_oa_citers(self, citing: dict[str, list[str]], works: list[dict], since: str, until: str,
                      complete: bool) -> None:
        """Store OpenAlex's citing works (``works``), which listed work each cites (``citing``: listed W id -> citing
        W ids) and the window read for every listed work in ``citing``, in one transaction."""
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO oa_works VALUES (?, ?, ?)",
                                [(w["id"], _dumps(w), now) for w in works])
            self.db.executemany("INSERT OR REPLACE INTO oa_citers VALUES (?, ?, ?)",
                                [(pid, cid, now) for pid, cids in citing.items() for cid in cids])
            self.db.executemany("INSERT OR REPLACE INTO oa_citer_windows VALUES (?, ?, ?, ?, ?)",
                                [(pid, since, until, int(complete), now) for pid in citing])

    @_guarded
    def get_oa_citers(self, paper_ids: Iterable[str]) -> dict[str, list[dict]]:
        """OpenAlex's citing works per listed work (checked again as they are read)."""
        links: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(paper_ids))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT paper_id, citing_id FROM oa_citers WHERE paper_id IN ({marks}) ORDER BY citing_id"
            for pid, cid in self._rows(query, chunk):
                links.setdefault(pid, []).append(cid)
        works = self.get_oa_works({c for cids in links.values() for c in cids})
        return {pid: [works[c] for c in cids if c in works] for pid, cids in links.items()}

    @_guarded
    def seen_before(self, work_ids: Iterable[str], today: str) -> dict[str, str]:
        """When each work was first shown by a watch (recording the new ones as seen ``today``)."""
        ids = sorted(set(work_ids))
        seen: dict[str, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for wid, first in self.db.execute(f"SELECT work_id, first_seen FROM watch_seen WHERE work_id IN ({marks})",
                                              chunk):
                seen[wid] = first
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO watch_seen VALUES (?, ?)", [(w, today) for w in ids])
        return seen

    @_guarded
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_guarded
    def put_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_guarded
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


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open for reading without writing anything: ``mode=ro`` (which still needs the WAL's shared-memory file),
    else ``immutable=1`` when even that cannot be created (a read-only folder)."""
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        db.execute("SELECT COUNT(*) FROM meta").fetchone()
        return db
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


def move_aside(path: Path) -> Path:
    """Rename a damaged cache file (and its WAL files) out of the way; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(target.with_name(target.name + suffix))
    return target
