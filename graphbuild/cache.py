"""The on-disk store of everything the sources told us, so that a rebuild asks nothing twice.

One interface for every source, keyed by the source's name (``semantic_scholar``, ``openalex``, or any source of
the registry): what an identifier resolved to (``lookups``), the works it described (``works``), reference lists
that come apart from their works (``refs``), why a work cites its references (``contexts``: the citing
sentences, their intents, whether the citation is influential), the works citing a listed work and the
publication-date windows read for it (``citers``, ``citer_windows``), and the works a watch has shown
(``watch_seen``). A refresh can be per source.

One SQLite file (standard library ``sqlite3``), ``cache.sqlite``. Why SQLite and not a folder of JSON files:

* every answer is committed in its own transaction the moment it arrives, so a build killed mid-fetch loses
  nothing and the next one resumes where it stopped;
* two builds running at once share it safely (WAL journal, a busy timeout instead of "database is locked");
* lookups are primary-key reads, which stay fast at 100,000 papers where a directory of files would not;
* ids are never turned into file names, so a DOI's ``/`` or a hostile ``../`` cannot escape the cache folder.

**Checked once, when written.** A work is checked by its source's ``check_work`` as it is written (the fill
checked it before, as every answer is checked before it is believed), and every row is checked again when the
schema changes (:func:`migrate`); reading trusts what it wrote, so a 50,000-paper rebuild does not check three
million references again. Each row records when it was fetched and with which fields; a row fetched with fewer
fields than are now asked for counts as missing, so adding a field re-fetches instead of serving stale shapes.

Caches written before this layout (``s2.sqlite``, one set of tables per source, schema 1) are migrated in place
on first use, each row checked on the way, and renamed ``cache.sqlite``; opened read-only (the reading commands),
an old cache is migrated in memory and the file is left alone.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from .sources import OPENALEX, SEMANTIC_SCHOLAR, SOURCES
from .sources.checks import BadRecord

log = logging.getLogger("graphbuild.cache")

SCHEMA_VERSION = "2"
SQLITE_VARIABLES = 500  # ids per IN (...) query, well below SQLite's limit

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- What an identifier we sent resolved to: ('semantic_scholar', 'ARXIV:2006.11477') -> a paperId;
-- ('openalex', 'DOI:10.48550/arxiv.2106.07447') -> a W id. NULL when the source has no such work.
CREATE TABLE IF NOT EXISTS lookups (
    source TEXT NOT NULL,
    lookup TEXT NOT NULL,
    work_id TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, lookup)
);
-- One work as its source described it, in the source's checked shape, with the fields it was fetched with.
CREATE TABLE IF NOT EXISTS works (
    source TEXT NOT NULL,
    work_id TEXT NOT NULL,
    record TEXT NOT NULL,
    fields TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, work_id)
);
-- A work's reference list, where the source gives it apart from the work (Semantic Scholar), including works
-- outside the reading list. status: 'complete', 'elided' (the publisher withheld it: unknown, not empty) or
-- 'partial' (paging was interrupted, resume at next_offset).
CREATE TABLE IF NOT EXISTS refs (
    source TEXT NOT NULL,
    work_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('complete', 'elided', 'partial')),
    refs TEXT,
    next_offset INTEGER,
    fields TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, work_id)
);
-- Forward citations of listed works (graphbuild watch): who cites work_id, with the citing work's record where the
-- source gives it here (else the citing work is in works).
CREATE TABLE IF NOT EXISTS citers (
    source TEXT NOT NULL,
    work_id TEXT NOT NULL,
    citing_id TEXT NOT NULL,
    record TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, work_id, citing_id)
);
-- The publication-date window already read for each listed work (ISO dates, inclusive), so a later watch asks
-- only for what is new. complete = 0 when the window held more than the API lets one page through.
CREATE TABLE IF NOT EXISTS citer_windows (
    source TEXT NOT NULL,
    work_id TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    complete INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, work_id)
);
-- Why a work cites its references, read from its text (Semantic Scholar's /references with the edge fields):
-- citations holds, for the cited works that were listed when it was read, what the source says of each
-- (JSON {cited id: {"contexts": [[sentence, [intent]]], "intents": [...], "isInfluential": bool}}), and seen every
-- cited id on the pages read. status: 'complete', 'partial' (paging stopped: resume at next_offset) or 'elided'
-- (the publisher withheld the references: unknown). A paper's text does not change: kept until a refresh.
-- (Added to schema 2: created when a cache is first opened for writing, absent from older ones opened read-only.)
CREATE TABLE IF NOT EXISTS contexts (
    source TEXT NOT NULL,
    work_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('complete', 'partial', 'elided')),
    citations TEXT NOT NULL,
    seen TEXT NOT NULL,
    next_offset INTEGER,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, work_id)
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


class CacheUnwritable(Exception):
    """The cache cannot be written: a read-only folder or file, an immutable file, a full disk, a file-size limit."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"cannot write the cache {path} ({reason})")


DAMAGE_MARKERS = ("malformed", "not a database", "file is encrypted", "disk image", "database corrupt")
UNWRITABLE_MARKERS = ("readonly", "read-only", "unable to open", "disk is full", "disk i/o error",
                      "database or disk is full", "permission denied", "file too large")


def _damage(exc: sqlite3.DatabaseError) -> bool:
    return any(marker in str(exc).lower() for marker in DAMAGE_MARKERS)


def _unwritable(exc: Exception) -> bool:
    return any(marker in str(exc).lower() for marker in UNWRITABLE_MARKERS)


def _guarded(method):
    """Damage found while reading or writing (a corrupt page deep in the file) becomes :class:`CacheDamaged`; a
    write the disk or the file system refuses, :class:`CacheUnwritable`."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _damage(exc):
                raise CacheDamaged(self.path, str(exc)) from None
            if _unwritable(exc):
                raise CacheUnwritable(self.path, str(exc)) from None
            raise
    return wrapper


class References:
    """A work's reference list. ``refs`` is None when the publisher elided it.

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
        """The list; None when elided, or when the stored text is not a list (then it is unknown, and said)."""
        if self._raw is not None:
            try:
                refs = json.loads(self._raw)
            except ValueError as exc:
                log.warning("a cached reference list is not JSON (%s); treated as unknown", exc)
                return None
            if not isinstance(refs, list):
                log.warning("a cached reference list is a %s; treated as unknown", type(refs).__name__)
                return None
            return [r for r in refs if isinstance(r, dict)]
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


class CitationContexts(NamedTuple):
    """What a work's text says of why it cites its references, as stored (see the ``contexts`` table)."""

    status: str  # complete, partial (resume paging at next_offset) or elided (unknown)
    citations: dict[str, dict]  # cited id -> the source's checked entry, for the cited works listed when read
    seen: list[str]  # every cited id on the pages read
    next_offset: int | None = None

    @property
    def is_final(self) -> bool:
        return self.status in ("complete", "elided")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _fields_key(fields: Iterable[str]) -> str:
    return ",".join(sorted(set(fields)))


def _covers(stored: str, wanted: Iterable[str]) -> bool:
    return set(wanted) <= set(stored.split(","))


def _chunks(items: list[str], size: int = SQLITE_VARIABLES) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(chunk: list[str]) -> str:
    return ",".join("?" * len(chunk))


class Cache:
    """The answer store in ``<folder>/cache.sqlite``. Use as a context manager or call :meth:`close`.

    ``read_only``: open an existing cache for reading only (the reading commands), which works on a file or
    folder that cannot be written. A file that is not a usable database raises :class:`CacheDamaged`.
    """

    FILENAME = "cache.sqlite"
    OLD_FILENAME = "s2.sqlite"  # before schema 2

    def __init__(self, folder: str | Path, *, read_only: bool = False):
        self.folder = Path(folder)
        self.path = self.folder / self.FILENAME
        old = self.folder / self.OLD_FILENAME
        if not self.path.exists() and old.exists():
            self.path = old
        self.read_only = read_only
        self.rejected: list[str] = []  # rows that could not be read back (they are ignored)
        try:
            if read_only:
                self.db = _connect_read_only(self.path)
                if _schema_version(self.db) != SCHEMA_VERSION:
                    self.db = _migrated_in_memory(self.db)
            else:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.db = self._connect(self.path)
                _retry_while_locked(self._setup)
                if self.path.name == self.OLD_FILENAME:
                    self._take_new_name()
            self.db.execute("SELECT COUNT(*) FROM meta").fetchone()
        except sqlite3.DatabaseError as exc:
            if _damage(exc) or "no such table" in str(exc):
                raise CacheDamaged(self.path, str(exc)) from None
            if not read_only and _unwritable(exc):
                raise CacheUnwritable(self.path, str(exc)) from None
            raise
        except OSError as exc:  # the folder itself cannot be made
            raise CacheUnwritable(self.folder, exc.strerror or str(exc)) from None

    @classmethod
    def exists(cls, folder: str | Path) -> bool:
        """Whether ``folder`` holds a cache (of this layout, or of the one before)."""
        folder = Path(folder)
        return (folder / cls.FILENAME).exists() or (folder / cls.OLD_FILENAME).exists()

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # isolation_level=None: we open transactions ourselves ("BEGIN IMMEDIATE"), one per answer.
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 60000")
        return db

    def take_rejected(self) -> list[str]:
        """Rows read back that could not be read (they are ignored), once each."""
        rejected, self.rejected = self.rejected, []
        return rejected

    def _setup(self) -> None:
        # Switching to WAL needs a moment alone with the file, and SQLite reports "locked" at once instead of
        # waiting when another process opens the cache at the same instant: hence the retry around it.
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        with self.transaction():
            version = _schema_version(self.db)
            if version is not None and version != SCHEMA_VERSION:
                migrate(self.db)
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    def _take_new_name(self) -> None:
        """A cache migrated from ``s2.sqlite`` takes its new name (once; another build may have done it first)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        new = self.folder / self.FILENAME
        if not new.exists():
            self.path.rename(new)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        self.path = new
        self.db = self._connect(new)

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
    def get_lookups(self, source: str, keys: Iterable[str]) -> dict[str, str | None]:
        """What each known key resolved to with ``source`` (None: it has no such work). Unknown keys are absent."""
        found: dict[str, str | None] = {}
        for chunk in _chunks(sorted(set(keys))):
            query = f"SELECT lookup, work_id FROM lookups WHERE source = ? AND lookup IN ({_marks(chunk)})"
            found.update(self.db.execute(query, [source, *chunk]))
        return found

    @_guarded
    def put_lookups(self, source: str, resolved: dict[str, str | None]) -> None:
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?)",
                                [(source, k, v, now) for k, v in resolved.items()])

    # --- works ---------------------------------------------------------------------------------------------

    @_guarded
    def get_works(self, source: str, work_ids: Iterable[str], fields: Iterable[str] = ()) -> dict[str, dict]:
        """The stored works of ``source`` among ``work_ids`` that were fetched with at least ``fields``."""
        wanted = list(fields)
        found = {}
        for chunk in _chunks(sorted(set(work_ids))):
            query = f"SELECT work_id, record, fields FROM works WHERE source = ? AND work_id IN ({_marks(chunk)})"
            for key, record, stored in self.db.execute(query, [source, *chunk]):
                if wanted and not _covers(stored, wanted):
                    continue
                loaded = self._loads(record, f"cached {source} work {key}")
                if isinstance(loaded, dict):
                    found[key] = loaded
        return found

    def _loads(self, text: str, what: str):
        try:
            return json.loads(text)
        except ValueError as exc:
            self.rejected.append(f"{what}: not JSON ({exc})")
            return None

    @_guarded
    def put_works(self, source: str, records: Iterable[dict], fields: Iterable[str] = ()) -> None:
        """Store works of ``source``, each checked by the source's ``check_work`` first (:class:`BadRecord` when one
        does not fit: nothing of the call is stored)."""
        rows = self._work_rows(source, records, _fields_key(fields), _now())
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO works VALUES (?, ?, ?, ?, ?)", rows)

    def _work_rows(self, source: str, records: Iterable[dict], fields: str, now: str) -> list[tuple]:
        check = SOURCES[source].member("check_work")
        rows = []
        for record in records:
            checked = check(record)
            key = checked.get("paperId") or checked.get("id")
            rows.append((source, key, _dumps(checked), fields, now))
        return rows

    # --- references ----------------------------------------------------------------------------------------

    @_guarded
    def get_references(self, source: str, work_ids: Iterable[str], fields: Iterable[str]) -> dict[str, References]:
        fields = list(fields)
        found = {}
        for chunk in _chunks(sorted(set(work_ids))):
            query = (f"SELECT work_id, status, refs, next_offset, fields FROM refs WHERE source = ? "
                     f"AND work_id IN ({_marks(chunk)})")
            for work_id, status, refs, next_offset, stored in self.db.execute(query, [source, *chunk]):
                if _covers(stored, fields):
                    found[work_id] = References(status, None, next_offset, raw=refs)
        return found

    @_guarded
    def put_references(self, source: str, work_id: str, refs: References, fields: Iterable[str]) -> None:
        self.put_many_references(source, {work_id: refs}, fields)

    @_guarded
    def put_many_references(self, source: str, items: dict[str, References], fields: Iterable[str]) -> None:
        """Store reference lists (checked by the caller's plan as they arrived) in a single transaction."""
        now, key = _now(), _fields_key(fields)
        rows = [(source, wid, r.status, r.payload(), r.next_offset, key, now) for wid, r in items.items()]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    # --- why works cite (citation contexts) -----------------------------------------------------------------

    @_guarded
    def get_contexts(self, source: str, work_ids: Iterable[str]) -> dict[str, CitationContexts]:
        """What is stored of why each of ``work_ids`` cites its references (absent: never read)."""
        if not self._has_table("contexts"):  # a cache written before the table, opened read-only
            return {}
        found = {}
        for chunk in _chunks(sorted(set(work_ids))):
            query = (f"SELECT work_id, status, citations, seen, next_offset FROM contexts WHERE source = ? "
                     f"AND work_id IN ({_marks(chunk)})")
            for wid, status, citations, seen, next_offset in self.db.execute(query, [source, *chunk]):
                loaded = self._loads(citations, f"cached {source} citation contexts of {wid}")
                ids = self._loads(seen, f"cached {source} references seen of {wid}")
                if isinstance(loaded, dict) and isinstance(ids, list):
                    found[wid] = CitationContexts(status, loaded, ids, next_offset)
        return found

    @_guarded
    def put_contexts(self, source: str, items: dict[str, CitationContexts]) -> None:
        """Store why works cite (checked by the source's records as they arrived), in one transaction."""
        now = _now()
        rows = [(source, wid, c.status, _dumps(c.citations), _dumps(c.seen), c.next_offset, now)
                for wid, c in items.items()]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO contexts VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               (name,)).fetchone() is not None

    # --- forward citations (watch) --------------------------------------------------------------------------

    @_guarded
    def get_citer_windows(self, source: str, work_ids: Iterable[str]) -> dict[str, tuple[str, str, bool]]:
        """(since, until, complete) of the window already read, per listed work."""
        found = {}
        for chunk in _chunks(sorted(set(work_ids))):
            query = (f"SELECT work_id, since, until, complete FROM citer_windows WHERE source = ? "
                     f"AND work_id IN ({_marks(chunk)})")
            for wid, since, until, complete in self.db.execute(query, [source, *chunk]):
                found[wid] = (since, until, bool(complete))
        return found

    @_guarded
    def put_citers(self, source: str, citing: dict[str, list[str]], since: str, until: str, complete: bool, *,
                   records: dict[str, dict] | None = None, works: Iterable[dict] = ()) -> None:
        """Store, in one transaction, which works cite each listed work (``citing``: listed id -> citing ids), the
        window read for every listed work in ``citing``, and the citing works themselves: as ``records`` beside the
        links (citing id -> record), or as ``works`` of their own (checked as every work is)."""
        now = _now()
        work_rows = self._work_rows(source, works, "", now)
        records = records or {}
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO works VALUES (?, ?, ?, ?, ?)", work_rows)
            self.db.executemany(
                "INSERT OR REPLACE INTO citers VALUES (?, ?, ?, ?, ?)",
                [(source, wid, cid, _dumps(records[cid]) if cid in records else None, now)
                 for wid, cids in citing.items() for cid in cids])
            self.db.executemany("INSERT OR REPLACE INTO citer_windows VALUES (?, ?, ?, ?, ?, ?)",
                                [(source, wid, since, until, int(complete), now) for wid in citing])

    @_guarded
    def get_citers(self, source: str, work_ids: Iterable[str]) -> dict[str, list[tuple[str, dict | None]]]:
        """Every stored citing work per listed work: (citing id, its record where stored beside the link)."""
        found: dict[str, list[tuple[str, dict | None]]] = {}
        for chunk in _chunks(sorted(set(work_ids))):
            query = (f"SELECT work_id, citing_id, record FROM citers WHERE source = ? AND work_id IN ({_marks(chunk)}) "
                     "ORDER BY citing_id")
            for wid, cid, record in self.db.execute(query, [source, *chunk]):
                loaded = None if record is None else self._loads(record, f"cached {source} citing work {cid}")
                if record is None or isinstance(loaded, dict):
                    found.setdefault(wid, []).append((cid, loaded))
        return found

    @_guarded
    def seen_before(self, work_ids: Iterable[str], today: str, *, record: bool = True) -> dict[str, str]:
        """When each work was first shown by a watch (recording the new ones as seen ``today``, unless not
        ``record``)."""
        ids = sorted(set(work_ids))
        seen: dict[str, str] = {}
        for chunk in _chunks(ids):
            query = f"SELECT work_id, first_seen FROM watch_seen WHERE work_id IN ({_marks(chunk)})"
            seen.update(self.db.execute(query, chunk))
        if self.read_only or not record:  # a watch from a cache it cannot write: it reports, and remembers nothing
            return seen
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
    def counts(self, source: str = SEMANTIC_SCHOLAR) -> dict[str, int]:
        """Rows per table for ``source``."""
        return {table: self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE source = ?", (source,)).fetchone()[0]
                for table in ("lookups", "works", "refs")}


def _schema_version(db: sqlite3.Connection) -> str | None:
    """The cache's schema version; None for a new, empty file."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else "1"


# --- schema 1 (s2.sqlite: Semantic Scholar's tables, and OpenAlex's oa_*) → schema 2 -----------------------------

_OLD_TABLES = ("lookups", "papers", "refs", "citers", "citer_windows", "oa_lookups", "oa_works", "oa_citers",
               "oa_citer_windows")


def migrate(db: sqlite3.Connection) -> dict[str, int]:
    """Move a schema-1 cache into schema 2, inside the caller's transaction: every row keyed by its source, every
    work and reference list checked as if it had just arrived (a row that does not fit is dropped, and said).
    Returns the rows dropped per table."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    old = {t: f"old_{t}" for t in _OLD_TABLES if t in tables}
    for table, renamed in old.items():
        db.execute(f"ALTER TABLE {table} RENAME TO {renamed}")
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    dropped: dict[str, int] = {}

    def rows(table: str) -> list[tuple]:
        return db.execute(f"SELECT * FROM {old[table]}").fetchall() if table in old else []

    s2_check = SOURCES[SEMANTIC_SCHOLAR].member("check_work")
    oa_check = SOURCES[OPENALEX].member("check_work")
    from .sources.semantic_scholar.records import check_references

    def checked(check, text: str) -> str | None:
        try:
            return _dumps(check(json.loads(text)))
        except (ValueError, BadRecord):
            return None

    db.executemany("INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?)",
                   [(SEMANTIC_SCHOLAR, *r) for r in rows("lookups")] + [(OPENALEX, *r) for r in rows("oa_lookups")])
    works = []
    for source, check, table, has_fields in ((SEMANTIC_SCHOLAR, s2_check, "papers", True),
                                              (OPENALEX, oa_check, "oa_works", False)):
        for row in rows(table):
            work_id, record = row[0], checked(check, row[1])
            if record is None:
                dropped[table] = dropped.get(table, 0) + 1
                continue
            fields, fetched = (row[2], row[3]) if has_fields else ("", row[2])
            works.append((source, work_id, record, fields, fetched))
    db.executemany("INSERT OR REPLACE INTO works VALUES (?, ?, ?, ?, ?)", works)
    refs = []
    for work_id, status, text, next_offset, fields, fetched in rows("refs"):
        if text is not None and checked(check_references, text) is None:
            dropped["refs"] = dropped.get("refs", 0) + 1
            continue
        refs.append((SEMANTIC_SCHOLAR, work_id, status, text, next_offset, fields, fetched))
    db.executemany("INSERT OR REPLACE INTO refs VALUES (?, ?, ?, ?, ?, ?, ?)", refs)
    db.executemany("INSERT OR REPLACE INTO citers VALUES (?, ?, ?, ?, ?)",
                   [(SEMANTIC_SCHOLAR, *r) for r in rows("citers")]
                   + [(OPENALEX, pid, cid, None, fetched) for pid, cid, fetched in rows("oa_citers")])
    db.executemany("INSERT OR REPLACE INTO citer_windows VALUES (?, ?, ?, ?, ?, ?)",
                   [(SEMANTIC_SCHOLAR, *r) for r in rows("citer_windows")]
                   + [(OPENALEX, *r) for r in rows("oa_citer_windows")])
    for renamed in old.values():
        db.execute(f"DROP TABLE {renamed}")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    for table, count in dropped.items():
        log.warning("the cache's %s held %d rows of the wrong shape (written by an older or broken build): dropped",
                    table, count)
    return dropped


def _migrated_in_memory(db: sqlite3.Connection) -> sqlite3.Connection:
    """An old cache opened read-only: a copy in memory, migrated there (the file is left as it is)."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    db.backup(memory)
    db.close()
    with _Transaction(memory):
        migrate(memory)
    return memory


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
