"""Writing files so that a reader never sees half of one: every file graphbuild writes goes through here.

:func:`write_atomic` replaces one file. :func:`write_output_set` writes the files of one build as a set: each is
first written whole beside its final name (``.NAME.staged``), then a commit note (``.graphbuild-commit``) lists
the renames, the renames happen, and the note goes. A build killed at any point leaves either the old set or a
note that the next build finishes first (:func:`finish_interrupted_write`), so an output folder never holds two
builds for long, and no temporary file outlives the next run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

COMMIT_NOTE = ".graphbuild-commit"
STAGED_SUFFIX = ".staged"


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a half-written one.

    The bytes go to a temporary file in the same folder (same file system), are flushed to disk, and the file is
    renamed over ``path`` in one step. If anything fails, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_output_set(out_dir: Path, texts: dict[str, str]) -> list[Path]:
    """Write ``texts`` (file name → content) into ``out_dir`` as one set (see the module docstring)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        write_atomic(_staged(out_dir, name), text)
    write_atomic(out_dir / COMMIT_NOTE, json.dumps(sorted(texts)))
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
