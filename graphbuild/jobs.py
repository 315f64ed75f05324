"""The jobs graphbuild does, as library functions the command line only calls and prints: :func:`build` (papers.yaml
→ every source, through the cache → graph → graph.graphml, graph.gexf, lineage.html, lineage.svg), and
:func:`load_list`, what every reading command works from (the catalog, what the cache holds, the graph).

A build is *fill, then read*: each source in the registry's order fills the cache with what it lacks (its
``fill``), then the graph is made from what the cache holds (each source's ``read``, the same pure path the
reading commands take), so a build and a rebuild from the cache give the same graph. Semantic Scholar is asked
first: the DOIs, arXiv and MAG ids it gives a paper widen OpenAlex's search for it. The files of one build are
written as a set (:func:`graphbuild.files.write_output_set`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .cache import Cache
from .catalog import Catalog, load_catalog
from .files import finish_interrupted_write, locked, write_output_set
from .sources import SEMANTIC_SCHOLAR, SOURCES, source_names
from .sources.fetching import FetchReport, Progress
from .works import Reading, Readings

log = logging.getLogger("graphbuild.build")

OUTPUT_FILES = ("graph.graphml", "graph.gexf", "lineage.html", "lineage.svg")  # every build's (export/formats.py)


@dataclass
class BuildResult:
    catalog: Catalog
    graph: nx.DiGraph
    reports: dict[str, FetchReport]  # per source used, in the order asked
    readings: Readings = field(default_factory=dict)  # what each source said, as the graph was made from it
    written: list[Path] = field(default_factory=list)

    @property
    def report(self) -> FetchReport:
        """Semantic Scholar's report (an empty offline one when it was not used)."""
        return self.reports.get(SEMANTIC_SCHOLAR) or FetchReport(offline=True)

    def papers_with_status(self, status: str, source: str = SEMANTIC_SCHOLAR) -> list[str]:
        key = SOURCES[source].status_key
        return sorted(n for n, d in self.graph.nodes(data=True) if d.get(key) == status)


def default_cache_dir(out_dir: str | Path) -> Path:
    return Path(out_dir) / "cache"


def make_client(source: str = SEMANTIC_SCHOLAR, api_url: str | None = None, **options: Any):
    """A client of ``source`` for ``api_url`` (else the source's ``$GRAPHBUILD_…_URL``, else the real API), keyed
    by its key variable (``$S2_API_KEY``, ``$OPENALEX_API_KEY``) when set. ``options``: the transport's (deadline,
    max_rps, timeouts, retries, backoff...)."""
    described = SOURCES[source]
    url = api_url or (os.environ.get(described.url_variable) if described.url_variable else None) or None
    key = (os.environ.get(described.key_variable) if described.key_variable else None) or None
    return described.member("make_client")(url, key, **options)


def read_all(catalog: Catalog, cache: Cache, sources: Collection[str] | None = None) -> Readings:
    """What ``cache`` holds for ``catalog`` from each of ``sources`` (default: every source), in the registry's
    order: each source's pure read, given what the sources before it said."""
    readings: Readings = {}
    for name in source_names():
        if sources is None or name in sources:
            readings[name] = SOURCES[name].member("read")(catalog, cache, readings)
    return readings


def load_readings(catalog: Catalog, cache_dir: str | Path, sources: Collection[str] | None = None) -> Readings:
    """What the cache in ``cache_dir`` holds for ``catalog``, with no network (no data from any source when there
    is no cache yet)."""
    if not Cache.exists(cache_dir):
        return {name: Reading(name) for name in source_names() if sources is None or name in sources}
    with Cache(cache_dir, read_only=True) as cache:  # reading never writes: works on a read-only cache too
        return read_all(catalog, cache, sources)


class Budget:
    """One bound on a whole run's waiting on sources (``--deadline``), handed out in turn: each source, when its
    turn comes, may use what is left divided by the turns still to come (so two sources that are both down take
    the deadline once between them, and time one leaves unused goes to the next)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.started = clock()

    def left(self) -> float:
        return max(self.seconds - (self.clock() - self.started), 0.0)

    def give(self, client: Any, turns_left: int) -> None:
        """Give ``client`` its share for the turn about to start."""
        client.set_deadline(self.left() / max(turns_left, 1))


def fill_and_read(catalog: Catalog, cache: Cache, clients: Mapping[str, Any], sources: Collection[str] | None = None,
                  *, refresh: bool | Collection[str] = False, progress: Progress | None = None,
                  budget: Budget | None = None, turns_after: int = 0,
                  without: Collection[str] = ()) -> tuple[Readings, dict[str, FetchReport]]:
    """Each of ``sources`` in turn: fill the cache through its client in ``clients`` (none: offline), then read
    what the cache holds. ``refresh``: True for every source, or the names of those to ask again for everything.
    ``budget``: the run's deadline, shared out among the sources' turns (``turns_after``: turns the caller still
    has for them after these). ``without``: optional steps the sources leave out (``"contexts"``)."""
    readings: Readings = {}
    reports: dict[str, FetchReport] = {}
    asking = [n for n in source_names() if (sources is None or n in sources) and clients.get(n) is not None]
    for name in source_names():
        if sources is not None and name not in sources:
            continue
        source, client = SOURCES[name], clients.get(name)
        again = refresh is True or (not isinstance(refresh, bool) and name in refresh)
        if client is None:
            report = FetchReport(offline=True)
        else:
            if budget is not None:
                budget.give(client, len(asking) - asking.index(name) + turns_after)
            report = source.member("fill")(catalog, cache, client, readings, refresh=again, progress=progress,
                                           without=without)
        reading = readings[name] = source.member("read")(catalog, cache, readings)
        if client is None or report.stopped:
            report.cache_hits = reading.cache_hits  # what it could take from the cache, all of it
        report.errors.update(reading.errors)
        report.rejected.extend(r for r in reading.rejected if r not in report.rejected)
        reports[name] = report
    return readings, reports


def _open_cache(folder: str | Path, *, writing: bool) -> Cache:
    """The cache, to write into; a run that asks no source and finds it unwritable (a read-only folder, a full disk)
    reads it as it is instead, since it has nothing to store."""
    from .cache import CacheUnwritable

    try:
        return Cache(folder)
    except CacheUnwritable:
        if writing or not Cache.exists(folder):
            raise
        return Cache(folder, read_only=True)


def load_graph(catalog: Catalog, cache_dir: str | Path, sources: Collection[str] | None = None) -> nx.DiGraph:
    """The graph from the catalog and what the cache holds, with no network."""
    from .graph import build_graph

    return build_graph(catalog, load_readings(catalog, cache_dir, sources))


def load_list(catalog: Catalog | str | Path, cache_dir: str | Path,
              sources: Collection[str] | None = None) -> tuple[Catalog, Readings, nx.DiGraph]:
    """Everything the reading commands work from, with no network: the catalog (loaded when a path is given),
    what the cache holds for it, and the graph of both."""
    from .graph import build_graph

    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog)
    readings = load_readings(catalog, cache_dir, sources)
    return catalog, readings, build_graph(catalog, readings)


def build(
    catalog: Catalog | str | Path = "papers.yaml",
    out_dir: str | Path = "output",
    *,
    cache_dir: str | Path | None = None,
    clients: Mapping[str, Any] | None = None,
    client: Any = None,
    openalex: Any = None,
    sources: Collection[str] | None = None,
    refresh: bool | Collection[str] = False,
    progress: Progress | None = None,
    formats: tuple[str, ...] = (),
    deadline: float | None = None,
    contexts: bool = True,
) -> BuildResult:
    """Build and export the citation graph from ``sources`` (default: every source), each asked through its client
    in ``clients`` (``client`` and ``openalex`` are Semantic Scholar's and OpenAlex's, for short); a source without
    a client is used offline, from what the cache holds of it. ``refresh``: True, or the names of the sources to
    ask again for everything. ``deadline``: seconds all the sources may take together, waits included (then the
    build goes on from the cache); shared out in turn (:class:`Budget`). None: each client's own. ``contexts``:
    read why papers cite (Semantic Scholar's citing sentences, one request per citing paper, within the deadline;
    what is left is read by the next build); False leaves them out (what the cache holds is still shown).

    ``catalog`` is a :class:`Catalog` already loaded, or the path of papers.yaml. ``formats`` names extra exports
    of :data:`graphbuild.export.formats.FORMATS`, written with the four files, as one set. Raises
    :class:`graphbuild.catalog.InvalidCatalog` before anything is written when papers.yaml is invalid,
    :class:`graphbuild.cache.CacheDamaged` when the cache is not a usable database, and
    :class:`graphbuild.sources.fetching.SourceMisconfigured` when a source's URL is wrong.
    """
    from .analysis.communities import mark_communities
    from .analysis.mainpath import mark_main_path
    from .export.formats import BUILD_FORMATS, output_texts
    from .graph import build_graph
    from .layout import draw

    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog)
    out_dir = Path(out_dir)
    asking = {**({"semantic_scholar": client} if client else {}), **({"openalex": openalex} if openalex else {}),
              **(clients or {})}
    with locked(out_dir, waiting=lambda message: log.warning("%s", message)):
        finish_interrupted_write(out_dir)
        with _open_cache(cache_dir or default_cache_dir(out_dir), writing=bool(asking)) as cache:
            readings, reports = fill_and_read(catalog, cache, asking, sources, refresh=refresh, progress=progress,
                                              budget=Budget(deadline) if deadline is not None else None,
                                              without=() if contexts else ("contexts",))
        graph = build_graph(catalog, readings)
        mark_main_path(graph)  # the spine, shown by the page and carried into GraphML/GEXF
        mark_communities(graph)  # the groups the citations form, likewise
        result = BuildResult(catalog, graph, reports, readings)
        texts = output_texts(graph, draw(graph), (*BUILD_FORMATS, *formats))
        result.written = write_output_set(out_dir, texts)
    return result


class NothingToWatch(Exception):
    """No listed paper is known to any source yet: there is nothing whose citing works could be read."""


class WatchRefused(Exception):
    """A watch that would rewrite what the cache remembers of earlier ones falsely (a clock gone backwards)."""


@dataclass
class WatchResult:
    """What a watch found: the candidates (newest first among the most connected), and what each source did."""

    catalog: Catalog
    graph: nx.DiGraph
    since: str
    today: str
    candidates: list  # graphbuild.analysis.watch.Candidate
    reports: dict[str, FetchReport]  # filling the list's own answers, per source
    citations: dict[str, Any]  # graphbuild.sources.fetching.CitationsReport, per source
    listed: dict[str, dict[str, list[str]]]  # per source: catalog id -> the source's ids for it
    stopped: dict[str, str] = field(default_factory=dict)  # per source that could not be used: why
    notes: list[str] = field(default_factory=list)  # what was wrong with the remembered state, and ignored

    @property
    def requests(self) -> int:
        return sum(c.requests for c in self.citations.values()) + sum(r.requests for r in self.reports.values())

    def papers_of(self, source: str, work_ids: Collection[str]) -> list[str]:
        """The listed papers that ``work_ids`` (the source's own ids) are works of."""
        return sorted(cid for cid, ids in self.listed.get(source, {}).items() if set(ids) & set(work_ids))


def watch(catalog: Catalog | str | Path, cache_dir: str | Path, clients: Mapping[str, Any] | None = None,
          sources: Collection[str] | None = None, *, since: str | None = None, today: str | None = None,
          min_cites: int = 2, top: int | None = None, progress: Progress | None = None,
          deadline: float | None = None, refresh: bool = False) -> WatchResult:
    """Works outside the list that cite at least ``min_cites`` listed papers, published from ``since`` (default:
    the last watch the cache recorded, else a year before ``today``) to ``today`` (default: today).

    Each source with a client in ``clients`` first fills what the cache lacks of the list itself, then reads the
    works citing it window by window (its ``citing``), so the next watch asks only for what is new; a source
    without a client reports from the cache. A watch that every source answered records ``today`` as the last
    watch. ``deadline``: seconds all of it may wait on sources, shared out in turn (:class:`Budget`); ``refresh``:
    read every window again. Works published after ``today`` are left out, whatever a source dates them. Raises
    :class:`NothingToWatch` when no listed paper is known to any source, and :class:`WatchRefused` when ``today`` is
    before the last watch the cache recorded (a watch cannot go back in time: ``since`` chooses an earlier window).
    A recorded last watch that is not a date, or later than today, is said (``WatchResult.notes``) and ignored.
    """
    import datetime

    from .analysis.watch import watch_candidates
    from .graph import build_graph

    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog)
    clients = clients or {}
    today = today or datetime.date.today().isoformat()
    from .sources.fetching import is_date

    notes: list[str] = []
    with _open_cache(cache_dir, writing=bool(clients)) as cache:
        last = cache.get_meta("last_watch")
        if last is not None and not is_date(last):
            notes.append(f"the last watch the cache records, {last!r:.40}, is not a date: ignored")
            last = None
        rewinding = last is not None and today < last
        if rewinding and clients:
            raise WatchRefused(f"today ({today}) is before the last watch the cache records ({last}): a watch cannot "
                               "go back in time; choose an earlier window with --since instead (or --offline to "
                               "report from the cache only)")
        if rewinding:
            notes.append(f"reporting as of {today}, before the last watch ({last}), from the cache: nothing is "
                         "recorded")
        since = since or last or (datetime.date.fromisoformat(today) - datetime.timedelta(days=365)).isoformat()
        budget = Budget(deadline) if deadline is not None else None
        asking = [n for n in source_names() if (sources is None or n in sources) and clients.get(n) is not None]
        readings, reports = fill_and_read(catalog, cache, clients, sources, progress=progress, budget=budget,
                                          turns_after=len(asking), without=("contexts",))  # the build reads them
        graph = build_graph(catalog, readings)
        listed = {name: {cid: reading.ids(cid) for cid, work in reading.works.items() if work}
                  for name, reading in readings.items()}
        if not any(listed.values()):
            known = " or ".join(SOURCES[name].title for name in readings) or "any source"
            raise NothingToWatch(f"no listed paper is known to {known} yet: run `graphbuild build` online first (or "
                                 "without --offline)")
        citers: dict[str, dict[str, list]] = {}
        citations: dict[str, Any] = {}
        citing_turns = [n for n in listed if clients.get(n) is not None]
        for name, per_paper in listed.items():
            work_ids = sorted({w for ids in per_paper.values() for w in ids})
            if budget is not None and clients.get(name) is not None:
                budget.give(clients[name], len(citing_turns) - citing_turns.index(name))
            found, citations[name] = SOURCES[name].member("citing")(work_ids, cache, clients.get(name), since, today,
                                                                    progress, refresh=refresh)
            citers[name] = {cid: [c for w in ids for c in found.get(w, [])] for cid, ids in per_paper.items()}
        candidates = watch_candidates(graph, citers, since, min_cites, until=today)[: top or None]
        seen = cache.seen_before([c.work_id for c in candidates], today, record=not rewinding)
        for c in candidates:
            c.first_seen = seen.get(c.work_id)
        stopped = {name: why for name in readings
                   if (why := reports[name].stopped or citations[name].stopped)}
        unread = any(getattr(c, "unread", None) for c in citations.values())
        if clients and not stopped and not unread:  # a window left unread must be read from its start next time
            cache.put_meta("last_watch", today)
    return WatchResult(catalog, graph, since, today, candidates, reports, citations, listed, stopped, notes)
