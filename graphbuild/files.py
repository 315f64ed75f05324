"""Writing files so that a reader never sees half of one: every file graphbuild writes goes through here.

:func:`write_atomic` replaces one file. :func:`write_output_set` writes the files of one build as a set: each is
first written whole beside its final name (``.NAME.staged``), then a commit note (``.graphbuild-commit``) lists
the renames, the renames happen, and the note goes. A build killed at any point leaves either the old set or a
note that the next build finishes first (:func:`finish_interrupted_write`), so an output folder never holds two
builds for long, and no temporary file outlives the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

COMMIT_NOTE = ".graphbuild-commit"
STAGED_SUFFIX = ".staged"


class OutputBusy(Exception):
    """Another build held the output folder longer than this one would wait."""

    def __init__(self, folder: Path, waited: float):
        self.folder, self.waited = folder, waited
        super().__init__(f"another build has been writing {folder} for {waited:.0f} s; try again when it is done")


@contextlib.contextmanager
def locked(folder: str | Path, *, wait: float = 900.0, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``folder`` for one build: a second build into it waits (saying so once, through ``waiting``) until the
    first is done, up to ``wait`` seconds, then raises :class:`OutputBusy`. Two builds never mix their files.

    The lock is the folder's own (``flock`` on the directory), so it leaves no file behind, and it goes when the
    process does, however it ends."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(folder)) from None
    try:
        started, said = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not said and waiting is not None:
                    waiting(f"another build is writing {folder}; waiting for it to finish")
                    said = True
                if time.monotonic() - started > wait:
                    raise OutputBusy(folder, time.monotonic() - started) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # the lock goes with it


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a half-written one.

    The bytes go to a temporary file in the same folder (same file system), are flushed to disk, and the file is
    renamed over ``path`` in one step. If anything fails, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the file that could not be written, not a temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def write_output_set(out_dir: Path, texts: dict[str, str | bytes]) -> list[Path]:
    """Write ``texts`` (file name → content) into ``out_dir`` as one set (see the module docstring)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out_dir)) from None
    try:
        for name, text in texts.items():
            write_atomic(_staged(out_dir, name), text)
        write_atomic(out_dir / COMMIT_NOTE, json.dumps(sorted(texts)))
    except OSError as exc:  # nothing is half-written: the old set stays, and the staged copies go
        for name in texts:
            with contextlib.suppress(OSError):  # a read-only folder refuses even this
                _staged(out_dir, name).unlink(missing_ok=True)
        failed = Path(exc.filename) if exc.filename else out_dir
        target = out_dir / failed.name[1:].removesuffix(STAGED_SUFFIX) if failed.name.endswith(STAGED_SUFFIX) \
            else failed
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    _commit(out_dir, sorted(texts))
    return [out_dir / name for name in texts]


def finish_interrupted_write(out_dir: str | Path) -> None:
    """Finish the renames a killed build had committed to, and remove temporary files it left behind."""
    out_dir = Path(out_dir)
    note = out_dir / COMMIT_NOTE
    if note.exists():
        try:
            names = [n for n in json.loads(note.read_text(encoding="utf-8")) if _safe_name(n)]
        except (OSError, ValueError, TypeError, RecursionError):
            names = []
        _commit(out_dir, names)
    if out_dir.is_dir():
        for stray in [*out_dir.glob(".*"), *out_dir.glob("*/.*")]:
            if stray.is_file() and (stray.name.endswith(STAGED_SUFFIX) or stray.name.endswith(".tmp")):
                stray.unlink(missing_ok=True)


def _safe_name(name: object) -> bool:
    """A file name the commit note may list: relative, inside the output folder, at most one folder deep."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or "\\" in name:
        return False
    parts = name.split("/")
    return len(parts) <= 2 and all(p and p not in (".", "..") for p in parts)


def _staged(out_dir: Path, name: str) -> Path:
    folder, _, file_name = name.rpartition("/")
    return out_dir / folder / f".{file_name}{STAGED_SUFFIX}"


def _commit(out_dir: Path, names: list[str]) -> None:
    for name in names:
        staged = _staged(out_dir, name)
        if staged.exists():
            os.replace(staged, out_dir / name)
    (out_dir / COMMIT_NOTE).unlink(missing_ok=True)
