"""A version of papers.yaml: a file, or a git revision of one (``HEAD~1``, ``main``, a commit), for
``graphbuild diff``. Reads the revision with ``git show REV:PATH``; never changes the working tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..catalog import Catalog, load_catalog, parse_catalog


class RevisionNotFound(LookupError):
    """Neither a file nor a git revision that holds the catalog."""


def load_version(spec: str, catalog_path: str | Path) -> tuple[Catalog, str]:
    """The catalog ``spec`` names (a file path, else a git revision of ``catalog_path``) and a display name."""
    if Path(spec).is_file():
        return load_catalog(spec), spec
    if spec.startswith("-"):  # never an option to git, whatever it says
        raise RevisionNotFound(f"{spec!r} is neither a file nor a git revision of {catalog_path}")
    path = Path(catalog_path).resolve()
    try:
        top = subprocess.run(["git", "-C", str(path.parent), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
        relative = path.relative_to(top).as_posix()
        shown = subprocess.run(["git", "-C", top, "show", "--end-of-options", f"{spec}:{relative}"],
                               capture_output=True, text=True, check=True, timeout=30)
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise RevisionNotFound(f"{spec!r} is neither a file nor a git revision of {catalog_path} "
                               f"({' '.join(str(detail).split())[:160]})") from None
    name = f"{spec}:{relative}"
    return parse_catalog(shown.stdout, name), name
