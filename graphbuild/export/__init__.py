"""Exports: pure "graph → text" functions (``generate_*``), and ``write_*`` wrappers that replace files atomically."""

from __future__ import annotations

from ..files import write_atomic

__all__ = ["write_atomic"]
