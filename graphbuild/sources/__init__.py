"""The sources graphbuild asks: each a client (HTTP, retries, deadline, key header) and a plan of what to ask for.

* :mod:`.semanticscholar` and :mod:`.s2_fetch`: Semantic Scholar's Graph API (metadata, reference lists);
  :mod:`.s2_citations`: its forward citations, for ``graphbuild watch``.
* :mod:`.openalex` and :mod:`.openalex_fetch`: OpenAlex (metadata, ``referenced_works``, the works outside the
  list that listed papers cite); :mod:`.openalex_citations`: its forward citations, for ``graphbuild watch``.
* :mod:`.http`: what the clients share: one session, pacing, retries with backoff, ``Retry-After``, a deadline;
  :mod:`.fetching`: what the plans share: a report, the circuit that stops a source, rejections.

Every answer is checked by :mod:`graphbuild.records` before it is cached or believed. The names below are the
vocabulary of provenance: an edge's ``sources`` is a sorted, comma-separated set of them.
"""

from __future__ import annotations

from ..records import CURATED, OPENALEX, SEMANTIC_SCHOLAR, SOURCE_NAMES

__all__ = ["CURATED", "OPENALEX", "SEMANTIC_SCHOLAR", "SOURCE_NAMES"]
