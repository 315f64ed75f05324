"""Inputs: reading lists in the forms people keep them, each turned into one :class:`ImportResult`.

``read(path)`` picks the reader from the file; today that is awesome-list Markdown (:mod:`.markdown`). Writing
and merging papers.yaml from a result lives in :mod:`.listfile`.
"""

from __future__ import annotations

from pathlib import Path

from .markdown import parse_markdown
from .result import ImportedCategory, ImportedPaper, ImportResult, paper_id_for, slugify
from .text import UnreadableInput, read_text

__all__ = ["ImportResult", "ImportedCategory", "ImportedPaper", "UnreadableInput", "paper_id_for", "parse_markdown",
           "read", "read_text", "slugify"]


def read(path: str | Path) -> ImportResult:
    """Read a reading list from ``path``; raise :class:`UnreadableInput` when the file cannot be read as text."""
    text, note = read_text(path)
    result = parse_markdown(text, str(path))
    if note:
        result.notes.append(note)
    return result
