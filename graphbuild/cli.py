"""The command line: parse options, call the library, print. Exit codes: 0 done, 1 could not do it, 2 bad input.

Each command is one entry of :data:`COMMANDS`: its one-line help, a function that declares its options (beside
the function that runs it), and the shared option groups it takes. A parser is built for the command being run
only, and every command imports what it needs when it runs, so ``graphbuild --help`` loads no networkx, no HTTP
client and no YAML parser.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
SOURCES_VARIABLE = "GRAPHBUILD_SOURCES"


class CommandError(Exception):
    """A failure to report in one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors are bad input: exit 2, like argparse, in one plain line
        raise CommandError(f"{self.prog}: {message} (see '{self.prog} --help')", EXIT_BAD_INPUT)


def _number(text: str, kind: type, what: str, ok) -> float:
    """Parse ``text`` as ``kind`` and check it with ``ok``; argparse turns the ValueError into one line."""
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, not {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")) or not ok(value):  # NaN, infinities
        raise argparse.ArgumentTypeError(f"expected {what}, not {text!r}")
    return value


def positive_number(text: str) -> float:
    return _number(text, float, "a number above 0", lambda v: v > 0)


def non_negative_number(text: str) -> float:
    return _number(text, float, "a number of 0 or more", lambda v: v >= 0)


def positive_int(text: str) -> int:
    return int(_number(text, int, "a whole number of 1 or more", lambda v: v >= 1))


def non_negative_int(text: str) -> int:
    return int(_number(text, int, "a whole number of 0 or more", lambda v: v >= 0))


def damping_factor(text: str) -> float:
    return _number(text, float, "a number between 0 and 1 (exclusive)", lambda v: 0 < v < 1)


def _date(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → an ISO date (the first day of a month or year)."""
    import datetime

    parts = text.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4:
            raise ValueError
        full = [int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1]
        return datetime.date(*full).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, not {text!r}") from None


def _source_list(text: str) -> tuple[str, ...]:
    """``s2,openalex`` → the sources' names, in the order they are asked."""
    from .sources import SOURCES, by_alias

    names = [n.strip() for n in text.split(",") if n.strip()]
    found = {n: by_alias(n) for n in names}
    unknown = [n for n, source in found.items() if source is None]
    if unknown or not names:
        keys = ", ".join(source.key for source in SOURCES.values())
        raise argparse.ArgumentTypeError(f"unknown source {unknown[0].lower() if unknown else text!r} (one of {keys})")
    chosen = {source.name for source in found.values() if source}
    return tuple(n for n in SOURCES if n in chosen)


def _format_list(text: str) -> tuple[str, ...]:
    from .export.formats import FORMATS

    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format {unknown[0]!r} (one of {', '.join(FORMATS)})")
    return names


def _describe_command(parser: argparse.ArgumentParser, description: str, *examples: str) -> None:
    parser.description = textwrap.dedent(description).strip()
    parser.epilog = "Example:\n" + "\n".join(f"  {e}" for e in examples)


# --- shared option groups -----------------------------------------------------------------------------------


def common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="store_true", help="say more on stderr (retries, decisions)")


def list_options(p: argparse.ArgumentParser, *, cache: str = "the build's cache (default: OUT/cache); read only, "
                 "no network") -> None:
    """Which list, which output folder and cache, which sources: every command that reads the graph."""
    p.add_argument("--catalog", default="papers.yaml", help="the reading list (default: papers.yaml)")
    p.add_argument("--out", default="output", help="the output folder (default: output/)")
    p.add_argument("--cache-dir", help=cache)
    p.add_argument("--sources", type=_source_list, default=None, metavar="S,S",
                   help="the sources to use: s2, openalex (default: $GRAPHBUILD_SOURCES, else both)")


def network_options(p: argparse.ArgumentParser) -> None:
    """How the commands that ask sources ask them: URLs, pace, patience."""
    p.add_argument("--offline", action="store_true", help="make no request: work from what the cache holds")
    p.add_argument("--api-url",
                   help="Semantic Scholar Graph API base URL (default: $GRAPHBUILD_S2_URL or the real API)")
    p.add_argument("--openalex-url", help="OpenAlex API base URL (default: $GRAPHBUILD_OPENALEX_URL or the real API)")
    p.add_argument("--max-rps", type=non_negative_number, default=1.0,
                   help="requests per second to Semantic Scholar at most (default: 1; 0: no limit); OpenAlex is "
                        "paced at 8/s")
    p.add_argument("--timeout", type=positive_number, default=30.0,
                   help="seconds one request may take, connecting and the whole answer together (default: 30)")
    p.add_argument("--retries", type=non_negative_int, default=6, help="retries on 429/5xx/timeouts (default: 6)")
    p.add_argument("--backoff", type=non_negative_number, default=2.0,
                   help="first retry delay in seconds, doubling (default: 2)")
    p.add_argument("--deadline", type=positive_number, default=120.0,
                   help="seconds all the sources may take together, requests and waits included, each in turn "
                        "getting what is left divided by the turns to come; then the command goes on from the "
                        "cache (default: 120)")


# --- what each command takes ----------------------------------------------------------------------------------


def build_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Read papers.yaml, ask Semantic Scholar and OpenAlex which listed papers cite which (asking only for what
        the cache lacks), merge their answers edge by edge with the curated 'cites', and write OUT/graph.graphml,
        OUT/graph.gexf, OUT/lineage.html and OUT/lineage.svg as one set. Set S2_API_KEY and OPENALEX_API_KEY to use
        API keys (both free). Exit codes: 0 built, 1 could not build (or --strict and data missing), 2 bad input.""",
                      "graphbuild build --offline",
                      "S2_API_KEY=... graphbuild build --catalog papers.yaml --out output/")
    from .export.formats import FORMATS

    p.add_argument("--refresh", nargs="?", const=True, default=False, type=_source_list, metavar="SOURCES",
                   help="ask again for everything: every source, or only these (s2,openalex)")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1) if a source cannot be used, or Semantic Scholar leaves a paper without data")
    p.add_argument("--yes", action="store_true",
                   help="move a damaged cache aside (cache.sqlite.damaged-DATE) and build without it")
    p.add_argument("--formats", type=_format_list, default=(), metavar="F,F",
                   help=f"also write these exports with the build: {', '.join(FORMATS)}")
    p.add_argument("--no-contexts", dest="contexts", action="store_false",
                   help="do not read why papers cite (Semantic Scholar's citing sentences and intents: one request "
                        "per citing paper, within --deadline, the most cited first; what is left is read by the next "
                        "build); what the cache holds of them is still shown")


def rank_options(p: argparse.ArgumentParser) -> None:
    from .analysis.metrics import ALIASES, METRICS, REGISTRY

    _describe_command(p, f"""
        Rank the listed papers by one metric ({', '.join(METRICS)}; 'hits' means authority), or print them all
        side by side with --all. Works offline from the graph of the catalog and the cache.""",
                      "graphbuild rank --top 10", "graphbuild rank --by pagerank --category speech-llm --format csv")
    p.add_argument("--by", default="local", choices=[*METRICS, *ALIASES], metavar="METRIC",
                   help="the metric (default: local): " + "; ".join(f"{name}: {metric.help}"
                                                                      for name, metric in REGISTRY.items()))
    p.add_argument("--top", type=positive_int, help="show the first N only")
    p.add_argument("--category", help="only papers of this category id")
    p.add_argument("--since", type=int, help="only papers that first appeared in this year or later")
    p.add_argument("--all", action="store_true", help="every metric side by side (sorted by --by)")
    p.add_argument("--damping", type=damping_factor, default=0.85, help="PageRank damping factor (default: 0.85)")
    p.add_argument("--as-of", type=int, help="the year 'per-year' counts up to (default: this year)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")


def lineage_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Print what PAPER builds on (the listed papers it cites, transitively) and what builds on it, as indented
        trees with first-appearance dates. PAPER is an id, an arXiv id or a unique title fragment.""",
                      "graphbuild lineage hubert --depth 2", 'graphbuild lineage "Neural Codec" --down')
    p.add_argument("paper", metavar="PAPER")
    p.add_argument("--depth", type=positive_int, help="levels to show (default: all)")
    direction = p.add_mutually_exclusive_group()
    direction.add_argument("--up", action="store_true", help="only what PAPER builds on")
    direction.add_argument("--down", action="store_true", help="only what builds on PAPER")
    p.add_argument("--why", action="store_true",
                   help="for each listed paper PAPER cites (and that cites it), why: the citing sentences with their "
                        "intents and whether the citation is influential, as Semantic Scholar read them (unknown "
                        "where it read none)")


def mainpath_options(p: argparse.ArgumentParser) -> None:
    from .analysis.mainpath import SEARCHES, WEIGHTS

    _describe_command(p, """
        Main path analysis (Hummon & Doreian 1989): weight every citation link by its traversal count (SPC, SPLC or
        SPNP, computed in linear time as in Batagelj 2003), then chain the heaviest links (local, global or
        key-route search). Cycles are reported and each is condensed into one node before counting.""",
                      "graphbuild mainpath", "graphbuild mainpath --weight splc --search key-route --top 3")
    p.add_argument("--weight", choices=WEIGHTS, default="spc")
    p.add_argument("--search", choices=SEARCHES, default="global")
    p.add_argument("--top", type=positive_int,
                   help="key-route search: the number of key links (default: 3); local search: the heaviest N paths")
    p.add_argument("--intent", choices=("methodology", "background", "result"),
                   help="only the citations made for this reason, as Semantic Scholar read it in the citing "
                        "sentences (methodology: the methodological lineage); citations not read are left out")
    p.add_argument("--influential", action="store_true",
                   help="only the citations Semantic Scholar finds influential")


def flows_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        The category x category citation matrix: how many citations papers of each category (rows) give to papers
        of each category (columns), with the share of each row.""", "graphbuild flows")
    p.add_argument("--format", choices=("table", "json"), default="table")


def suggest_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Works outside the list cited by at least K listed papers, from the reference lists in the cache (Semantic
        Scholar's, and the outside works OpenAlex's lists name), with the citing papers and a suggested category
        (their majority). --format yaml prints entries ready to paste into papers.yaml.""",
                      "graphbuild suggest --min-cites 3", "graphbuild suggest --format yaml >> new-papers.yaml")
    p.add_argument("--min-cites", type=non_negative_int, default=2,
                   help="cited by at least K listed papers (default: 2)")
    p.add_argument("--top", type=positive_int, help="show the first N only")
    p.add_argument("--format", choices=("table", "yaml", "bibtex"), default="table")


def watch_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Works outside the list that cite at least K listed papers, published since --since (inclusive; default:
        the last watch recorded in the cache, else a year ago), most connected and newest first, each with the
        listed papers it cites, a suggested category (their majority) and whether an earlier watch showed it.
        Forward citations come from Semantic Scholar's citations endpoint (one request per listed paper) and
        OpenAlex's cites filter (one per 100 listed papers), read by publication-date window and cached, so the next
        watch asks only for what is new; a work both report is shown once.""",
                      "graphbuild watch --since 2025-06-01", "graphbuild watch --format markdown > report.md")
    p.add_argument("--since", type=_date, help="the first publication date to include (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--as-of", type=_date, help="the watch's today (default: today)")
    p.add_argument("--min-cites", type=positive_int, default=2, help="cite at least K listed papers (default: 2)")
    p.add_argument("--top", type=positive_int, help="show the first N only")
    p.add_argument("--format", choices=("table", "markdown", "yaml", "json", "bibtex"), default="table")
    p.add_argument("--refresh", action="store_true", help="read every citation window again, not only what is new")


def diff_options(p: argparse.ArgumentParser) -> None:
    from .analysis.metrics import ALIASES, METRICS

    _describe_command(p, """
        Compare two versions of the list, each a papers.yaml file or a git revision of --catalog (HEAD~1, main,
        a commit): papers added and removed, citations gained and lost, papers whose rank moved (--by, default
        local), and category flows that changed. A paper whose id changed (same arXiv id, DOI, or title and year)
        is reported as renamed. Both graphs are built offline from the same cache. --format markdown is ready for
        a pull-request comment; json has renamed, added, removed, citations_gained, citations_lost, rank_moves and
        flows_changed.""", "graphbuild diff HEAD~1 HEAD",
                      "graphbuild diff old/papers.yaml papers.yaml --format json")
    p.add_argument("old", metavar="OLD", help="a papers.yaml, or a git revision of --catalog")
    p.add_argument("new", metavar="NEW", help="a papers.yaml, or a git revision of --catalog")
    p.add_argument("--by", default="local", choices=[*METRICS, *ALIASES], metavar="METRIC",
                   help="the metric whose rank moves are shown (default: local)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")


def export_options(p: argparse.ArgumentParser) -> None:
    from .export.formats import FORMATS

    formats = "; ".join(f"{name}: {fmt.help}" for name, fmt in FORMATS.items())
    _describe_command(p, f"Write the graph of the catalog and the cache (offline) in a format of the trade: {formats}. "
                         "-o names the file, or the folder for formats of several files (default: under OUT/).",
                      "graphbuild export vosviewer", "graphbuild export vosviewer --similarity",
                      "graphbuild export pajek -o pajek/",
                      "graphbuild export bibtex -o refs.bib")
    p.add_argument("format", choices=list(FORMATS), metavar="FORMAT", help=", ".join(FORMATS))
    folders = ", ".join(name for name, fmt in FORMATS.items() if fmt.folder)
    p.add_argument("-o", "--output", help=f"where to write (a file; a folder for {folders})")
    p.add_argument("--similarity", action="store_true",
                   help="vosviewer only: the similarity map (papers linked by shared references and citers) instead "
                        "of the citation map; the same as the format vosviewer-similarity")
    p.add_argument("--width", type=int, metavar="PX",
                   help="svg only: the width the picture will be shown at, in pixels (default 880, a GitHub README; "
                        "it is laid out for that width, so its names stay about 10 px there)")


def import_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Read an awesome-list README as it is written (bullets, numbered items, paragraphs, tables, <details>
        blocks, bare URLs): every distinct paper identifier (arXiv, DOI, OpenReview, ACL Anthology, PMLR,
        proceedings pages ...) is one paper, with its title, year, venue and authors read from its entry;
        headings, group bullets and <summary> texts become categories. Entries that look like papers but
        cannot be read are reported as LIST.md:LINE: why, and what is passed over is counted by reason; the
        rest is still imported. --merge updates an existing papers.yaml and keeps what the markdown does not
        know (curated cites, notes, ids, comments); papers gone from the markdown are reported, and removed
        only with --prune.

        Bibliographies are read too, the format taken from the extension or the content: BibTeX/BibLaTeX
        (.bib, as Zotero, JabRef and Overleaf write them: @string, crossref, LaTeX accents, eprint/doi/url), RIS
        (.ris), CSL-JSON (.json, Zotero's Better CSL JSON or plain) and a plain list of arXiv ids, DOIs or
        URLs (.txt). Their papers go into one category named after the file, unless --category-field names a
        field to take it from (keywords, groups, ...) or --category gives one.""",
                      "graphbuild import README.md -o papers.yaml", "graphbuild import README.md --merge",
                      "graphbuild import library.bib --category-field keywords -o papers.yaml")
    p.add_argument("markdown", metavar="LIST", help="an awesome-list README, .bib, .ris, CSL .json or a list of ids")
    p.add_argument("--input-format", choices=("markdown", "bibtex", "ris", "csl-json", "ids"),
                   help="the list's format (default: from the extension, else the content)")
    p.add_argument("--category-field", metavar="FIELD",
                   help="bibliographies: the field whose first value is a paper's category (keywords, groups, ...)")
    p.add_argument("--category", help="put every paper in this category")
    p.add_argument("-o", "--output", default="papers.yaml", help="the papers.yaml to write (default: papers.yaml)")
    p.add_argument("--merge", action="store_true", help="update the existing papers.yaml instead of replacing it")
    p.add_argument("--prune", action="store_true", help="with --merge: remove papers that vanished from the markdown")
    p.add_argument("--force", action="store_true", help="replace an existing papers.yaml (without --merge); with "
                   "--merge --prune, also remove papers that hold hand-curated cites or notes")


def stats_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Papers, citations by the sources that report them, the papers the sources disagree on most, density,
        components, cycles, papers per category, how complete the reference data is, and the papers a source could
        not resolve.""", "graphbuild stats")
    p.add_argument("--format", choices=("table", "json"), default="table")


def check_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Each citation that Semantic Scholar or OpenAlex alone reports, with what the other source knows of the
        citing paper: not found, no reference list (unknown), or a reference list without this one (worth a
        look). --format yaml writes papers.yaml 'cites' entries to confirm by hand, with the evidence.""",
                      "graphbuild check --top 20", "graphbuild check --format yaml > to-confirm.yaml")
    p.add_argument("--top", type=positive_int, help="show the first N only")
    p.add_argument("--evidence-only", action="store_true",
                   help="only edges the other source's reference list leaves out (not those it cannot know)")
    p.add_argument("--format", choices=("table", "json", "yaml"), default="table")


def audit_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Hold the list's categories against the structure of its citations: the communities the citations form
        (Leiden, named by the words that set their titles apart) and how well they agree with the categories (AMI,
        ARI); each category's cohesion (the share of its citation links that stay inside it); the papers whose
        citations sit mostly in another category, most misplaced first, with the evidence; a proposed category,
        with a confidence, for every paper without one; and how accurate such proposals are on this very list
        (a share of the known categories hidden, proposed again and compared, over several seeds). Works offline
        on what the cache holds.""", "graphbuild audit", "graphbuild audit --level top --format json")
    p.add_argument("--level", choices=("leaf", "top"), default="leaf",
                   help="audit the categories papers are in (leaf, default) or the top-level ones above them")
    p.add_argument("--top", type=positive_int, default=20, help="the most misplaced papers to show (default: 20)")
    p.add_argument("--format", choices=("table", "json", "yaml"), default="table")


def similar_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        The listed papers closest to PAPER by their citations: bibliographic coupling (the references both cite,
        listed or not) and co-citation (the listed papers citing both), normalised by association strength
        (VOSviewer's) or, on request, the Salton cosine or Jaccard index; each with the shared references and
        citers that make it so.""", "graphbuild similar hubert", "graphbuild similar wav2vec2 --by cocitation")
    p.add_argument("paper", metavar="PAPER")
    p.add_argument("--top", type=positive_int, default=10, help="how many to show (default: 10)")
    p.add_argument("--by", choices=("both", "coupling", "cocitation"), default="both",
                   help="what makes two papers alike (default: both)")
    p.add_argument("--norm", choices=("association", "salton", "jaccard", "count"), default="association",
                   help="how the shared counts are normalised (default: association strength)")
    p.add_argument("--with-hubs", action="store_true",
                   help="count every shared reference, also those more than 100 listed papers cite (a field's "
                        "foundations), and every shared citer, also papers citing more than 100 listed ones")
    p.add_argument("--format", choices=("table", "json"), default="table")


def lint_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Check a paper list as its maintainer would by hand: the same paper listed twice (by arXiv id, DOI, or
        title and year), identifiers that are malformed, entries with no identifier or no title, categories of
        one paper or whose names differ only in case or punctuation; and for papers.yaml, from the cache of a
        build (no request), titles that disagree with the paper their identifier names (a link to another paper)
        and identifiers no source knows. Each finding is FILE:LINE; --format github writes them as annotations
        on a pull request's lines. Exit codes: 0 no error (warnings allowed), 1 errors found, 2 unreadable.""",
                      "graphbuild lint", "graphbuild lint README.md --format github")
    p.add_argument("list", nargs="?", metavar="LIST",
                   help="the list to check: papers.yaml (default: --catalog), an awesome list's Markdown, a .bib, "
                        ".ris, CSL-JSON or id list")
    p.add_argument("--input-format", choices=("markdown", "bibtex", "ris", "csl-json", "ids"),
                   help="the list's format (default: from its extension and content)")
    p.add_argument("--format", choices=("text", "github", "json"), default="text")


class ProgressPrinter:
    """A live bar when stderr is a terminal; otherwise one line per phase, so logs stay readable."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty()
        self.phase = None
        self.last_draw = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.live:
            if phase != self.phase:
                print(f"graphbuild: {phase} ({total})", file=self.stream)
                self.phase = phase
            return
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.last_draw < 0.1:
            return
        self.phase, self.last_draw = phase, now
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r{phase:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.phase:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


# --- commands ------------------------------------------------------------------------------------------------


def _listing(ids: list[str], limit: int = 20) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def cmd_build(args: argparse.Namespace) -> int:
    from .cache import CacheDamaged, move_aside
    from .catalog import load_catalog
    from .graph import edge_source_counts
    from .sources import SEMANTIC_SCHOLAR, SOURCES

    catalog = load_catalog(args.catalog)
    started = time.monotonic()
    try:
        result = _build(args, catalog)
    except CacheDamaged as exc:
        if not args.yes:
            raise CommandError(f"{exc}. It holds only answers that can be fetched again: delete it, or run again "
                               "with --yes to move it aside and rebuild.") from None
        moved = move_aside(exc.path)
        print(f"graphbuild: {exc}; moved it to {moved} and built without it.", file=sys.stderr)
        result = _build(args, catalog)
    graph, reports = result.graph, result.reports
    stopped = [(name, report.stopped) for name, report in reports.items() if report.stopped]
    for name, why in stopped:
        print(f"graphbuild: {SOURCES[name].title} could not be used: {why}", file=sys.stderr)
    if stopped:
        others = " and the other source" if len(stopped) < len(reports) else ""
        print(f"graphbuild: built from the cache{others} and the curated references instead.", file=sys.stderr)
    out = sys.stdout
    print(f"Built the citation graph of {graph.number_of_nodes()} papers from {args.catalog} "
          f"in {time.monotonic() - started:.1f} s.", file=out)
    missing: dict[str, list[str]] = {}
    for name, report in reports.items():
        key, title = SOURCES[name].status_key, SOURCES[name].title
        counts = {s: sorted(n for n, d in graph.nodes(data=True) if d.get(key) == s)
                  for s in ("resolved", "unresolved", "no_data")}
        missing[name] = counts["unresolved"] + counts["no_data"]
        print(f"  {title}: {len(counts['resolved'])} resolved, {len(counts['unresolved'])} unresolved, "
              f"{len(counts['no_data'])} without data{' (offline)' if report.offline else ''}; "
              f"requests: {report.requests}"
              + (f" ({report.credits} credit{'s' if report.credits != 1 else ''} of the daily budget)"
                 if report.credits else "")
              + f", cache hits: {report.cache_hits}", file=out)
        if report.contexts_read or report.contexts_left:
            print(f"    why papers cite: read for {report.contexts_read} citing papers"
                  + (f", {report.contexts_left} left for the next build (--deadline)" if report.contexts_left else ""),
                  file=out)
        if report.rejected:
            print(f"    rejected answers (wrong shape; not believed, not cached): {len(report.rejected)}", file=out)
        if counts["unresolved"]:
            print(f"    unresolved (not found by {title}): {_listing(counts['unresolved'])}", file=out)
        if counts["no_data"]:
            print(f"    without {title} data: {_listing(counts['no_data'])}", file=out)
        for paper_id, error in sorted(report.errors.items()):
            print(f"    error for {paper_id}: {error}", file=out)
    edges = edge_source_counts(graph)
    by = ", ".join(f"{combo.replace(',', '+') or 'none'} {n}" for combo, n in edges.items())
    print(f"  citations: {graph.number_of_edges()}" + (f" ({by})" if by else ""), file=out)
    print(f"  wrote {', '.join(str(p) for p in result.written)}", file=out)
    if args.strict:
        s2 = reports.get(SEMANTIC_SCHOLAR)
        failed = [SOURCES[n].title for n, r in reports.items() if r.stopped or r.rejected]
        if s2 is not None and (missing[SEMANTIC_SCHOLAR] or s2.errors) and "Semantic Scholar" not in failed:
            failed.insert(0, "Semantic Scholar")
        if failed:
            print(f"graphbuild: --strict: data is missing from {' and '.join(failed)} (see above)", file=sys.stderr)
            return EXIT_FAILED
    return EXIT_OK


def _sources(args: argparse.Namespace) -> tuple[str, ...]:
    """``--sources``, else ``$GRAPHBUILD_SOURCES``, else every source."""
    from .sources import source_names

    if args.sources is not None:
        return args.sources
    try:
        return _source_list(os.environ.get(SOURCES_VARIABLE) or ",".join(source_names()))
    except argparse.ArgumentTypeError as exc:
        raise CommandError(f"${SOURCES_VARIABLE}: {exc}", EXIT_BAD_INPUT) from None


def _build(args: argparse.Namespace, catalog):
    import contextlib

    from .export.formats import MissingDependency
    from .jobs import build
    from .sources.fetching import SourceMisconfigured

    sources = _sources(args)
    clients = _clients(args, sources)
    progress = ProgressPrinter()
    try:
        with contextlib.ExitStack() as stack:
            for client in clients.values():
                stack.enter_context(client)
            return build(catalog, args.out, cache_dir=args.cache_dir, clients=clients, sources=sources,
                         refresh=args.refresh, progress=progress, formats=args.formats,
                         deadline=args.deadline if clients else None, contexts=args.contexts)
    except (SourceMisconfigured, MissingDependency) as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.out}: {exc.strerror or exc}") from None
    finally:
        progress.close()


# --- reading commands ----------------------------------------------------------------------------------------


def _load(args: argparse.Namespace):
    from .jobs import default_cache_dir, load_list

    return load_list(args.catalog, args.cache_dir or default_cache_dir(args.out), _sources(args))


def short_title(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _year(data: dict) -> str:
    from .graph import first_year

    year = first_year(data)
    return str(year) if year else ""


def _format_score(metric: str, value) -> str:
    if value is None:
        return "–"
    whole = isinstance(value, float) and value.is_integer() and metric in ("local", "refs", "global", "influential")
    if isinstance(value, int) or whole:
        return str(int(value))
    if metric == "per-year":
        return f"{value:.1f}"
    return f"{value:.4f}"


def print_table(headers: list[str], rows: list[list[str]], right: Collection[int] = frozenset(), out=None) -> None:
    out = out or sys.stdout
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells):
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    print(line(headers), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in rows:
        print(line(row), file=out)


def cmd_rank(args: argparse.Namespace) -> int:
    import csv
    import io
    import json

    from .analysis.metrics import ALIASES, METRICS, ConvergenceError, compute, rank
    from .graph import first_year

    catalog, _, graph = _load(args)
    if args.category and args.category not in catalog.categories:
        raise CommandError(f"unknown category '{args.category}' (declared: {', '.join(catalog.categories)})",
                           EXIT_BAD_INPUT)
    by = ALIASES.get(args.by, args.by)
    options = dict(alpha=args.damping, as_of=args.as_of)
    metrics = list(METRICS) if args.all else [by]
    try:
        columns = {m: compute(graph, m, **options) for m in metrics}  # each metric computed once
    except ConvergenceError as exc:
        raise CommandError(str(exc)) from None
    if by in ("global", "per-year") and not any("citation_count" in d for _, d in graph.nodes(data=True)):
        print(f"graphbuild: '{by}' needs Semantic Scholar citation counts, and the cache holds none: every paper "
              "ties. Run `graphbuild build` online first.", file=sys.stderr)
    if by == "influential" and all(v is None for v in columns[by].values()):
        print("graphbuild: 'influential' needs why the papers cite, and the cache holds none: every paper ties. Run "
              "`graphbuild build` online (without --no-contexts) first.", file=sys.stderr)
    ranked = rank(graph, by, top=args.top, category=args.category, since=args.since, scores=columns[by])
    records = []
    for r in ranked:
        data = graph.nodes[r.paper]
        year = first_year(data)
        record = {"rank": r.rank, "id": r.paper, "title": data.get("title", ""),
                  "year": year if args.format == "json" else (str(year) if year else ""),
                  "category": data.get("category", "")}
        record.update({m: columns[m][r.paper] for m in metrics})
        records.append(record)
    if args.format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["rank", "id", "title", "year", "category", *metrics],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        sys.stdout.write(buffer.getvalue())
    else:
        width = 34 if args.all else 52
        rows = [[str(r["rank"]), r["id"], short_title(r["title"], width), r["year"], r["category"],
                 *(_format_score(m, r[m]) for m in metrics)] for r in records]
        headers = ["rank", "id", "title", "year", "category", *metrics]
        print_table(headers, rows, right={0, *range(5, 5 + len(metrics))})
    return EXIT_OK


def _resolve_paper(graph, query: str) -> str:
    from .analysis.lineage import AmbiguousPaper, PaperNotFound, find_paper

    try:
        return find_paper(graph, query)
    except AmbiguousPaper as exc:
        lines = [f"'{query}' matches {len(exc.matches)} papers; say which:"]
        lines += [f"  {m}  {short_title(graph.nodes[m].get('title', ''), 70)}" for m in exc.matches]
        raise CommandError("\n".join(lines), EXIT_BAD_INPUT) from None
    except PaperNotFound:
        raise CommandError(f"no paper matches '{query}' (try an id, an arXiv id or a title fragment)",
                           EXIT_BAD_INPUT) from None


def _describe(graph, paper: str) -> str:
    data = graph.nodes[paper]
    when = data.get("first_appearance") or data.get("year", "?")
    return f"{paper}  {short_title(data.get('title', ''), 70)} ({when})"


def _print_tree(graph, node, prefix: str = "", printed: set | None = None) -> None:
    """Print a lineage tree; a paper expanded at another place says whether that place is above or below."""
    printed = set() if printed is None else printed
    for index, child in enumerate(node.children):
        last = index == len(node.children) - 1
        mark = ""
        if child.repeated and graph.degree(child.paper):
            mark = " (shown above)" if child.paper in printed else " (shown below)"
        printed.add(child.paper)
        print(f"{prefix}{'└── ' if last else '├── '}{_describe(graph, child.paper)}{mark}")
        _print_tree(graph, child, prefix + ("    " if last else "│   "), printed)


def cmd_lineage(args: argparse.Namespace) -> int:
    from .analysis.lineage import lineage_reach, lineage_tree, tree_papers

    if not args.paper.strip():
        raise CommandError("PAPER is empty: give an id, an arXiv id or a title fragment", EXIT_BAD_INPUT)
    _, _, graph = _load(args)
    paper = _resolve_paper(graph, args.paper)
    print(_describe(graph, paper))
    for direction, title, wanted in (("up", "Builds on", not args.down), ("down", "Built on by", not args.up)):
        if not wanted:
            continue
        tree = lineage_tree(graph, paper, direction, args.depth)
        reach, shown = lineage_reach(graph, paper, direction), tree_papers(tree)
        within = f"; {len(shown)} within {args.depth} level{'s' if args.depth != 1 else ''}" \
            if len(shown) != len(reach) else ""
        print(f"\n{title} ({len(reach)} in the list{within}):")
        if not tree.children:
            print("  (nothing in the list)")
        _print_tree(graph, tree, "  ")
        if args.why:
            _print_reasons(graph, paper, direction)
    return EXIT_OK


def _print_reasons(graph, paper: str, direction: str) -> None:
    """Why ``paper`` cites each listed paper it cites (``up``), or why each listed paper citing it does (``down``)."""
    from .analysis.why import has_reasons, reason

    pairs = [(paper, c) for c in sorted(graph.successors(paper))] if direction == "up" else \
        [(c, paper) for c in sorted(graph.predecessors(paper))]
    if not pairs:
        return
    print(f"\n  Why {'it cites them' if direction == 'up' else 'they cite it'}:")
    for citing, cited in pairs:
        said = reason(graph, citing, cited)
        other = cited if direction == "up" else citing
        print(f"  {'→' if direction == 'up' else '←'} {other}: {said.summary()}")
        _print_sentences(said.sentences, "      ")
    if not has_reasons(graph):
        print("  (no citing sentence is known for this list: `graphbuild build` online reads them from Semantic "
              "Scholar)")


def _print_sentences(sentences, indent: str, limit: int | None = None) -> None:
    shown = sentences if limit is None else sentences[:limit]
    for text, intents in shown:
        tag = f"[{', '.join(intents)}] " if intents else ""
        print(textwrap.fill(f"{tag}“{text}”", width=110, initial_indent=indent, subsequent_indent=indent + "  "))
    if limit is not None and len(sentences) > limit:
        print(f"{indent}(and {len(sentences) - limit} more: graphbuild lineage … --why)")


def why_options(p: argparse.ArgumentParser) -> None:
    _describe_command(p, """
        Show how PAPER builds on CITED: every citation path from PAPER down to CITED (PAPER cites … cites CITED),
        shortest first, with why each paper on the way cites the next: the citing sentences with their intents
        (background, methodology, result) and whether the citation is influential, as Semantic Scholar read them in
        the citing paper's text; unknown where no sentence was read. PAPER and CITED are ids, arXiv ids or unique
        title fragments.""", "graphbuild why hubert wav2vec2", "graphbuild why valle soundstream --paths 3")
    p.add_argument("paper", metavar="PAPER")
    p.add_argument("cited", metavar="CITED")
    p.add_argument("--paths", type=positive_int, default=5, help="the most paths to show, shortest first (default: 5)")
    p.add_argument("--sentences", type=positive_int, default=2,
                   help="the most citing sentences to show per step (default: 2)")


def cmd_why(args: argparse.Namespace) -> int:
    from .analysis.why import citation_paths, has_reasons, reason

    for given in (args.paper, args.cited):
        if not given.strip():
            raise CommandError("PAPER and CITED must not be empty: give ids, arXiv ids or title fragments",
                               EXIT_BAD_INPUT)
    _, _, graph = _load(args)
    start, end = _resolve_paper(graph, args.paper), _resolve_paper(graph, args.cited)
    if start == end:
        raise CommandError(f"PAPER and CITED are the same paper ({start})", EXIT_BAD_INPUT)
    paths = citation_paths(graph, start, end, limit=args.paths)
    if not paths:
        back = citation_paths(graph, end, start, limit=1)
        hint = f"; it is the other way round: {end} builds on {start} (graphbuild why {end} {start})" if back else ""
        print(f"{start} does not build on {end} in the list: no citation path leads from it to {end}{hint}.")
        return EXIT_OK
    print(f"{_describe(graph, start)}\nbuilds on {_describe(graph, end)}\n"
          f"through {len(paths)} citation path{'s' if len(paths) != 1 else ''}"
          f"{' (the shortest ' + str(args.paths) + ')' if len(paths) == args.paths else ''}:")
    for number, path in enumerate(paths, start=1):
        print(f"\nPath {number} ({len(path) - 1} citation{'s' if len(path) != 2 else ''}):")
        print(f"  {_describe(graph, path[0])}")
        for citing, cited in zip(path, path[1:]):
            said = reason(graph, citing, cited)
            print(f"    cites {cited}: {said.summary()}")
            _print_sentences(said.sentences, "      ", args.sentences)
    if not has_reasons(graph):
        print("\n(no citing sentence is known for this list: `graphbuild build` online reads them from Semantic "
              "Scholar)")
    return EXIT_OK


def cmd_mainpath(args: argparse.Namespace) -> int:
    from .analysis.mainpath import find_cycles, main_paths

    _, _, graph = _load(args)
    if args.intent or args.influential:
        from .analysis.why import has_reasons, lineage_filter

        if not has_reasons(graph):
            raise CommandError("--intent and --influential need why the papers cite, and the cache holds none: run "
                               "`graphbuild build` online (without --no-contexts) first")
        graph = lineage_filter(graph, (args.intent,) if args.intent else (), influential=args.influential)
        kept = "influential " if args.influential else ""
        print(f"Over the {graph.number_of_edges()} {kept}citations"
              f"{' whose citing sentences have the intent ' + repr(args.intent) if args.intent else ''} (citations "
              "whose reason was not read are left out):\n")
    cycles = find_cycles(graph)
    if cycles:
        print(f"{len(cycles)} citation cycle(s), each condensed into one node before counting:")
        for cycle in cycles:
            print("  " + " ↔ ".join(cycle))
        print()
    paths = main_paths(graph, args.weight, args.search, args.top)
    if not paths:
        print("No citation links: no main path.")
        return EXIT_OK
    label = f"{args.search} search, {args.weight.upper()}" + (
        f", top {args.top or 3} key links" if args.search == "key-route" else "")
    for number, path in enumerate(paths, start=1):
        print(f"Main path {number} of {len(paths)} ({label}; total weight {path.total}), oldest first:")
        for index, step in enumerate(path.steps):
            if index:
                print(f"        │ {path.weights[index - 1]}")
            for paper in step:
                data = graph.nodes[paper]
                print(f"  {_year(data):>4}  {paper:<18} {short_title(data.get('title', ''), 60)}")
        print()
    return EXIT_OK


def cmd_flows(args: argparse.Namespace) -> int:
    import json

    from .analysis.flows import category_flows

    _, _, graph = _load(args)
    flows = category_flows(graph)
    cats = flows.categories
    if args.format == "json":
        counts = {a: {b: flows.counts.get((a, b), 0) for b in cats} for a in cats}
        shares = {a: {b: round(flows.share(a, b), 4) for b in cats} for a in cats}
        print(json.dumps({"categories": cats, "counts": counts, "shares": shares}, indent=2))
        return EXIT_OK
    print("Citations from papers of each row's category to papers of each column's category:\n")
    rows = [[a, *(str(flows.counts.get((a, b), 0)) for b in cats), str(flows.row_total(a))] for a in cats]
    print_table(["cites →", *cats, "total"], rows, right=set(range(1, len(cats) + 2)))
    print("\nShare of each row (%):\n")
    rows = [[a, *(f"{100 * flows.share(a, b):.0f}" for b in cats)] for a in cats]
    print_table(["cites →", *cats], rows, right=set(range(1, len(cats) + 1)))
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from .analysis.suggest import suggest_missing, suggestion_id
    from .export.bibtex import bibtex_entry
    from .inputs.listfile import render_suggestions

    catalog, readings, graph = _load(args)
    if not any(r.outside or any(w and w.references_status != "unknown" for w in r.works.values())
               for r in readings.values()):
        print("graphbuild: the cache holds no reference lists of works outside the list yet: run `graphbuild build` "
              "online.", file=sys.stderr)
    found = suggest_missing(catalog, readings, graph, args.min_cites)[: args.top or None]
    if args.format == "yaml":
        sys.stdout.write(render_suggestions(found, {p.id for p in catalog.papers}))
        return EXIT_OK
    if args.format == "bibtex":
        taken = {p.id for p in catalog.papers}
        sys.stdout.write("\n".join(
            bibtex_entry(suggestion_id(s, taken), title=s.title, year=s.year, doi=s.doi, arxiv=s.arxiv,
                         note=f"suggested by graphbuild: cited by {s.count} listed papers") for s in found))
        return EXIT_OK
    if not found:
        print(f"No work outside the list is cited by {args.min_cites} or more listed papers.")
        return EXIT_OK
    rows = []
    for s in found:
        split = ", ".join(f"{c} {n}" for c, n in sorted(s.by_category(graph).items(), key=lambda kv: (-kv[1], kv[0])))
        rows.append([str(s.count), short_title(s.title, 50), str(s.year or ""), _proposed(s), split,
                     short_title(", ".join(s.cited_by), 50)])
    print_table(["cites", "title", "year", "suggested", "by category", "cited by"], rows, right={0})
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .analysis.communities import mark_communities
    from .analysis.mainpath import mark_main_path
    from .export.formats import FORMATS, MissingDependency, write

    drawing = None
    if args.similarity:
        if args.format != "vosviewer":
            raise CommandError(f"--similarity is for the vosviewer map, not {args.format}", EXIT_BAD_INPUT)
        args.format = "vosviewer-similarity"
    if args.width is not None:
        from .export.svg import MAX_WIDTH, MIN_WIDTH, picture_drawing

        if args.format != "svg":
            raise CommandError(f"--width is for the svg picture, not {args.format}", EXIT_BAD_INPUT)
        if not MIN_WIDTH <= args.width <= MAX_WIDTH:
            raise CommandError(f"--width {args.width}: give {MIN_WIDTH} to {MAX_WIDTH} pixels", EXIT_BAD_INPUT)
    _, _, graph = _load(args)
    mark_main_path(graph)  # as the build records it, so csv and the others carry it too
    mark_communities(graph)
    if args.width is not None:
        drawing = picture_drawing(graph, args.width)
    target = Path(args.output) if args.output else Path(args.out) / FORMATS[args.format].default
    try:
        written = write(args.format, graph, target, drawing)
    except MissingDependency as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or target}: {exc.strerror or exc}") from None
    print(f"Wrote {', '.join(str(p) for p in written)} ({graph.number_of_nodes()} papers, "
          f"{graph.number_of_edges()} citations).")
    return EXIT_OK




def cmd_diff(args: argparse.Namespace) -> int:
    from .analysis.diff import diff_graphs
    from .analysis.diff import report_json as diff_json
    from .analysis.diff import report_markdown as diff_markdown
    from .analysis.metrics import ALIASES
    from .inputs.revisions import RevisionNotFound, load_version
    from .jobs import default_cache_dir, load_list

    cache_dir = args.cache_dir or default_cache_dir(args.out)
    try:
        (old, old_name), (new, new_name) = (load_version(v, args.catalog) for v in (args.old, args.new))
    except RevisionNotFound as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    old_graph, new_graph = load_list(old, cache_dir)[2], load_list(new, cache_dir)[2]
    diff = diff_graphs(old_graph, new_graph, ALIASES.get(args.by, args.by))
    if args.format == "json":
        sys.stdout.write(diff_json(diff))
    else:
        titles = {n: d.get("title", "") for g in (old_graph, new_graph) for n, d in g.nodes(data=True)}
        sys.stdout.write(diff_markdown(diff, old_name, new_name, titles))
    return EXIT_OK


def _clients(args: argparse.Namespace, sources: tuple[str, ...]) -> dict:
    """A client for each source to ask (none with --offline), paced and bounded as the options say."""
    from .jobs import make_client
    from .sources import OPENALEX, SEMANTIC_SCHOLAR

    if args.offline:
        return {}
    options = dict(timeout=args.timeout, max_retries=args.retries, backoff=args.backoff)
    urls = {SEMANTIC_SCHOLAR: args.api_url, OPENALEX: args.openalex_url}
    paced = {SEMANTIC_SCHOLAR: {"max_rps": args.max_rps}}
    return {name: make_client(name, urls.get(name), **paced.get(name, {}), **options) for name in sources}


def cmd_watch(args: argparse.Namespace) -> int:
    import contextlib

    from .analysis.suggest import suggestion_id
    from .analysis.watch import report_json, report_markdown
    from .catalog import load_catalog
    from .export.bibtex import bibtex_entry
    from .inputs.listfile import render_suggestions
    from .jobs import NothingToWatch, WatchRefused, default_cache_dir, watch
    from .sources import SOURCES

    catalog = load_catalog(args.catalog)
    sources = _sources(args)
    clients = _clients(args, sources)
    try:
        with contextlib.ExitStack() as stack:
            for client in clients.values():
                stack.enter_context(client)
            result = watch(catalog, args.cache_dir or default_cache_dir(args.out), clients, sources,
                           since=args.since, today=args.as_of, min_cites=args.min_cites, top=args.top,
                           deadline=args.deadline if clients else None, refresh=args.refresh)
    except NothingToWatch as exc:
        raise CommandError(str(exc)) from None
    except WatchRefused as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    for note in result.notes:
        print(f"graphbuild: {note}", file=sys.stderr)
    candidates, graph, since = result.candidates, result.graph, result.since
    for name in sources:
        crep, title = result.citations[name], SOURCES[name].title
        for problem in crep.rejected:
            print(f"graphbuild: rejected an answer from {title} that does not fit: {problem}", file=sys.stderr)
        if name in result.stopped:
            print(f"graphbuild: {title} could not be used: {result.stopped[name]}; reporting from the cache.",
                  file=sys.stderr)
        if crep.unread:
            print(f"graphbuild: {len(crep.unread)} listed paper(s) could not have their citing works read from {title} "
                  "(see above); the next watch reads those windows again: "
                  + ", ".join(result.papers_of(name, crep.unread)), file=sys.stderr)
        if crep.incomplete:
            print(f"graphbuild: {len(crep.incomplete)} listed paper(s) have more citing works in the window than "
                  f"{title} pages through (10,000); those windows are read as far as they go: "
                  + ", ".join(result.papers_of(name, crep.incomplete)), file=sys.stderr)
    print(f"graphbuild: watch since {since}: {result.requests} requests", file=sys.stderr)
    if args.format == "markdown":
        sys.stdout.write(report_markdown(candidates, graph, since, args.min_cites))
    elif args.format == "json":
        sys.stdout.write(report_json(candidates))
    elif args.format == "yaml":
        sys.stdout.write(render_suggestions(candidates, {p.id for p in catalog.papers}))
    elif args.format == "bibtex":
        taken = {p.id for p in catalog.papers}
        sys.stdout.write("\n".join(
            bibtex_entry(suggestion_id(c, taken), title=c.title, year=c.year, venue=c.venue, doi=c.doi,
                         arxiv=c.arxiv, note=f"cites {', '.join(c.cites)}") for c in candidates))
    elif not candidates:
        print(f"No new work since {since} cites {args.min_cites} or more listed papers.")
    else:
        rows = [[str(c.count), short_title(c.title, 50), c.date, _proposed(c),
                 short_title(", ".join(c.cites), 40), "" if c.first_seen is None else f"seen {c.first_seen}"]
                for c in candidates]
        print_table(["cites", "title", "date", "suggested", "cites listed", "before"], rows, right={0})
        told = [c for c in candidates if c.reasons]
        if told:
            print("\nHow they cite the list (the citing sentences Semantic Scholar read):")
        for c in told:
            print(f"  {short_title(c.title, 70)}")
            for paper, said in c.reasons.items():
                print(f"    {paper} ({', '.join(said.intents) or 'no intent given'})")
                _print_sentences([(x.text, ()) for x in said.contexts], "      ", 1)
    return EXIT_OK






def cmd_import(args: argparse.Namespace) -> int:
    from .inputs import UnreadableInput, read
    from .inputs.listfile import merge_catalog, write_new_catalog

    if args.prune and not args.merge:
        raise CommandError("--prune only makes sense with --merge", EXIT_BAD_INPUT)
    source = Path(args.markdown)
    output = Path(args.output)
    if output.is_dir():
        raise CommandError(f"{output} is a folder: name the papers.yaml to write (-o FOLDER/papers.yaml)", EXIT_FAILED)
    if any(parent.exists() and not parent.is_dir() for parent in output.parents):
        raise CommandError(f"cannot write {output}: a parent of it is a file, not a folder", EXIT_FAILED)
    try:
        result = read(source, fmt=args.input_format, category_field=args.category_field, category=args.category)
    except UnreadableInput as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    for note in result.notes:
        print(note, file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.papers:
        seen = ", ".join(f"{kind} {n}" for kind, n in sorted(result.links.items(), key=lambda kv: (-kv[1], kv[0])))
        if not result.links:  # a bibliography: say what it held
            raise CommandError(f"{source}: no papers found ({len(result.problems)} entries could not be read)",
                               EXIT_BAD_INPUT)
        raise CommandError(f"{source}: no papers found ({sum(result.links.values())} links: {seen or 'none'}); "
                           "a paper is an entry with an arXiv, DOI, OpenReview or proceedings link, or a title "
                           "with a venue and year", EXIT_BAD_INPUT)
    papers, categories = len(result.papers), len({p.category for p in result.papers})
    if args.merge:
        if not output.exists():
            raise CommandError(f"{output} does not exist: run without --merge to create it", EXIT_BAD_INPUT)
        try:
            report = merge_catalog(result, output, prune=args.prune, force=args.force)
        except OSError as exc:
            raise CommandError(f"cannot write {exc.filename or output}: {exc.strerror or exc}; it is unchanged") \
                from None
        print(f"Merged {papers} papers from {source} into {output}: {len(report.added)} added, "
              f"{len(report.updated)} updated, {len(report.vanished)} no longer in the list"
              f"{f', {len(report.pruned)} removed' if report.pruned else ''}.")
        for pid in report.added:
            print(f"  added {pid}")
        for pid, fields in sorted(report.updated.items()):
            print(f"  updated {pid}: {', '.join(fields)}")
        for pid in report.vanished:
            work = " and ".join(report.curated.get(pid, []))
            if pid in report.pruned:
                print(f"  removed {pid}" + (f", and with it {work} (--force)" if work else ""))
            elif work:
                print(f"  kept {pid} (not in the list): it holds hand-curated work, {work}; --prune --force "
                      "removes it too", file=sys.stderr)
            else:
                print(f"  kept (not in the list; --prune removes it) {pid}")
        for cid in report.new_categories:
            print(f"  new category {cid}")
    else:
        if output.exists() and not args.force:
            raise CommandError(f"{output} exists: use --merge to update it (keeps curated cites), or --force to "
                               "replace it", EXIT_FAILED)
        try:
            write_new_catalog(result, str(source.name), output)
        except OSError as exc:
            raise CommandError(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from None
        print(f"Imported {papers} papers in {categories} categories from {source} into {output}.")
    provisional = sum(1 for p in result.papers if p.provisional_title)
    if provisional:
        print(f"{provisional} paper(s) have no title in the list: their identifier stands in until "
              "`graphbuild build` names them.")
    for reason, count in sorted(result.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  passed over: {count} {reason}")
    if result.problems:
        print(f"{len(result.problems)} line(s) could not be understood (see stderr).")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from .analysis.stats import graph_stats
    from .sources import SOURCES

    _, _, graph = _load(args)
    stats = graph_stats(graph)
    if args.format == "json":
        print(json.dumps(stats, indent=2))
        return EXIT_OK
    by = ", ".join(f"{combo.replace(',', '+')} {n}" for combo, n in stats["citations_by_sources"].items())
    completeness = stats["completeness"]
    disagree = "".join(f"\n    {d['paper']}: " + ", ".join(f"{k[:-5]} only {v}" for k, v in d.items()
                                                     if k.endswith("_only")) + f", both {d['both']}"
                       for d in stats["sources_disagree_most"])
    lines = [
        ("papers", str(stats["papers"])),
        ("citations", f"{stats['citations']}" + (f" ({by})" if by else "")),
        ("sources disagree", (f"on the edges of {len(stats['sources_disagree_most'])} papers (most first; "
                              "`graphbuild check` lists each edge)" + disagree) if disagree else
         "nowhere" if stats["sources_compared"] else "not known (needs answers from both sources)"),
        ("density", f"{stats['density']:.4f}"),
        ("components", f"{stats['components']} (isolated papers: {len(stats['isolated'])})"),
        ("cycles", str(len(stats["cycles"])) + "".join(f"\n    {' ↔ '.join(c)}" for c in stats["cycles"])),
        ("per category", ", ".join(f"{c} {n}" for c, n in stats["per_category"].items())),
        *((source.title.lower(), ", ".join(f"{k} {v}" for k, v in stats[name].items()))
          for name, source in SOURCES.items()),
        ("openalex unknown", ", ".join(stats["openalex_references_unknown"]) or "none"),
        ("references", "no Semantic Scholar data" if completeness is None else
         f"{stats['references_resolved']} of {stats['references_counted']} resolved ({100 * completeness:.0f}%)"),
        ("elided", ", ".join(stats["elided"]) or "none"),
        ("unresolved", ", ".join(stats["unresolved"]) or "none"),
    ]
    for key, value in lines:
        print(f"{key + ':':<18}{value}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from .analysis.agreement import compared_sources, single_source_edges
    from .sources import CURATED, SOURCES

    _, _, graph = _load(args)
    edges = [e for e in single_source_edges(graph) if e.other_knows_references or not args.evidence_only]
    if args.top:
        edges = edges[: args.top]
    if args.format == "json":
        print(json.dumps([e.as_dict() for e in edges], indent=2))
    elif args.format == "yaml":
        listed = [e for e in edges if CURATED in e.sources.split(",")]  # already in papers.yaml: nothing to add
        edges = [e for e in edges if CURATED not in e.sources.split(",")]
        print("# Citations one source alone reports. Copy those you confirm into the citing paper's `cites`.")
        if listed:
            print(f"# ({len(listed)} more are already curated in papers.yaml: left out)")
        for e in edges:
            evidence = f"{SOURCES[e.reported_by].title} lists it; {e.other_says}"
            print(f"- id: {e.citing}\n  cites:\n    - {{id: {e.cited}, evidence: {json.dumps(evidence)}}}")
    elif not edges and len(compared_sources(graph)) < 2:
        print("Nothing to compare: the cache does not hold answers from both sources. Run `graphbuild build` "
              "online with both sources (--sources s2,openalex).")
    elif not edges:
        print("Every citation is reported by both sources, or by one the other cannot check (see `stats`).")
    else:
        rows = [[e.citing, e.cited, SOURCES[e.reported_by].title, e.other_says] for e in edges]
        print_table(["citing", "cited", "only in", "what the other says"], rows)
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    import json

    from .catalog import InvalidCatalog, load_catalog
    from .inputs import UnreadableInput, detect_format, read, read_text
    from .inputs.lint import ERROR, Finding, lint_against_sources, lint_catalog, lint_import
    from .jobs import default_cache_dir, load_readings

    target = Path(args.list or args.catalog)
    findings: list[Finding] = []
    if target.suffix.lower() in (".yaml", ".yml") and not args.input_format:
        try:
            catalog = load_catalog(target)
        except InvalidCatalog as exc:
            findings = [Finding(p.path, p.line, ERROR, "invalid", (f"paper '{p.paper}': " if p.paper else "")
                                + p.message) for p in exc.problems]
        else:
            findings = lint_catalog(catalog)
            findings += lint_against_sources(catalog, load_readings(catalog, args.cache_dir or
                                                                   default_cache_dir(args.out)))
    else:
        try:
            text, _ = read_text(target)
            fmt = args.input_format or detect_format(target, text)
            result = read(target, fmt=fmt)
        except UnreadableInput as exc:
            raise CommandError(str(exc), EXIT_BAD_INPUT) from None
        findings = lint_import(result, str(target), text, fmt)
    findings.sort(key=lambda f: (f.file, f.line, f.code, f.message))
    errors = sum(f.severity == ERROR for f in findings)
    if args.format == "json":
        print(json.dumps([{"file": f.file, "line": f.line, "severity": f.severity, "code": f.code,
                           "message": f.message} for f in findings], indent=2, ensure_ascii=False))
    elif args.format == "github":
        for f in findings:
            print(f.github())
    else:
        for f in findings:
            print(f)
        warnings = len(findings) - errors
        print(f"{target}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}." if findings else
              f"{target}: nothing to report.")
    return EXIT_FAILED if errors else EXIT_OK


def _proposed(candidate) -> str:
    """A suggested category with its share of the votes ("apps 0.52"), or "-" when no listed paper gives one."""
    return f"{candidate.category} {candidate.confidence:.2f}" if candidate.category else "-"


def cmd_audit(args: argparse.Namespace) -> int:
    import json

    from .analysis.audit import audit

    _, _, graph = _load(args)
    result = audit(graph, level=args.level, top=args.top)
    if args.format in ("json", "yaml"):
        data = result.to_dict()
        if args.format == "json":
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            import yaml

            print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), end="")
        return EXIT_OK
    if not result.links:
        print(f"The list's {result.papers} papers cite none of each other in what the cache holds: no structure to "
              "audit. Run `graphbuild build` online to read their references.")
        return EXIT_OK
    a = result.agreement
    print(f"{result.papers} papers, {result.links} citation links, {_plural(a['categories'], 'category')} "
          f"({'top-level' if result.level == 'top' else 'as listed'}), {_plural(a['communities'], 'community')}.\n")
    if a["ami"] is not None:
        print(f"Categories against communities: AMI {a['ami']:.2f}, ARI {a['ari']:.2f} (1: the same grouping; "
              "0: no more alike than chance)")
    for c in result.communities[:8]:
        held = ", ".join(f"{k} {v}" for k, v in list(c.categories.items())[:3]) or "no category"
        print(f"  community {c.id + 1}: {c.size} papers, {' · '.join(c.terms) or '-'} ({held})")
    if len(result.communities) > 8:
        print(f"  … and {len(result.communities) - 8} more communities of two papers or more")
    alone = a["communities"] - len(result.communities)
    if alone:
        print(f"  ({alone} paper{'s' if alone != 1 else ''} linked to no other, each alone)")
    if not a["categories"]:
        print("\nNo paper has a category, so there is nothing to hold the communities against and nothing to propose "
              "from: give some papers a category in papers.yaml, and the audit proposes one for the rest.")
        return EXIT_OK
    print("\nCohesion: the share of each category's citation links that stay inside it")
    rows = [[c.category, str(c.papers), str(c.links), "-" if c.share is None else f"{100 * c.share:.0f}%"]
            for c in sorted(result.cohesion, key=lambda c: (c.share is None, c.share or 0, c.category))]
    print_table(["category", "papers", "links", "inside"], rows, right={1, 2, 3})
    if result.misplaced:
        print("\nPapers whose citations sit mostly in another category (most misplaced first):")
        rows = [[m.paper, m.category, f"{m.support or 0:.2f}", m.proposed or "", f"{m.confidence:.2f}",
                 _evidence_text(m.evidence)] for m in result.misplaced]
        print_table(["paper", "listed in", "share", "citations say", "share", "its links"], rows, right={2, 4})
    else:
        print("\nNo paper's citations sit mostly in another category.")
    if result.proposals:
        print("\nPapers without a category, and the one their citations propose:")
        rows = [[p.paper, p.proposed or "(none: no link to a categorised paper)",
                 f"{p.confidence:.2f}" if p.proposed else "", _evidence_text(p.evidence)] for p in result.proposals]
        print_table(["paper", "proposed", "confidence", "evidence"], rows, right={2})
    h = result.holdout
    if h["accuracy"] is not None:
        print(f"\nHow far to trust a proposal: with {round(100 * h['share'])}% of the known categories hidden "
              f"({h['hidden']} papers, {h['seeds']} draws), {100 * h['accuracy']:.0f}% come back right.")
    return EXIT_OK


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _evidence_text(evidence) -> str:
    parts = [f"{len(papers)} in {category} ({', '.join(papers[:3])}{', …' if len(papers) > 3 else ''})"
             for category, papers in list(evidence.neighbours.items())[:2]]
    links = f"{evidence.links} link{'s' if evidence.links != 1 else ''}"
    return f"{links}: " + "; ".join(parts) if parts else links


def cmd_similar(args: argparse.Namespace) -> int:
    import json

    from .analysis.similarity import HUB, most_similar

    if not args.paper.strip():
        raise CommandError("PAPER must not be empty: give an id, an arXiv id or a title fragment", EXIT_BAD_INPUT)
    _, _, graph = _load(args)
    paper = _resolve_paper(graph, args.paper)
    found = most_similar(graph, paper, top=args.top, kind=args.by, norm=args.norm,
                         hub=None if args.with_hubs else HUB)
    if args.format == "json":
        print(json.dumps([{"paper": s.paper, "score": s.score, "shared_references": list(s.shared_references),
                           "shared_citers": list(s.shared_citers)} for s in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    print(_describe(graph, paper))
    if not found:
        print("No listed paper shares a reference or a citer with it in what the cache holds.")
        return EXIT_OK
    print(f"is most like ({args.by}, {args.norm}):")
    rows = []
    for s in found:
        count = len(s.shared_references)
        refs = f"{count} shared reference{'s' if count != 1 else ''}" if count else ""
        by = f"cited together by {', '.join(s.shared_citers[:3])}{', …' if len(s.shared_citers) > 3 else ''}" \
            if s.shared_citers else ""
        rows.append([f"{s.score:.2f}", s.paper, short_title(graph.nodes[s.paper].get("title", ""), 50),
                     "; ".join(x for x in (refs, by) if x)])
    print_table(["score", "paper", "title", "shared"], rows, right={0})
    return EXIT_OK


@dataclass(frozen=True)
class Command:
    """One command: its help line, the function declaring its options, the shared groups it takes, its runner."""

    help: str
    options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    groups: tuple[Callable[[argparse.ArgumentParser], None], ...] = (common_options, list_options)


def _build_list_options(p: argparse.ArgumentParser) -> None:
    list_options(p, cache="where answers are cached (default: OUT/cache)")


def _watch_list_options(p: argparse.ArgumentParser) -> None:
    list_options(p, cache="the build's cache (default: OUT/cache), where the papers' ids are read and each watch "
                          "is recorded; the sources are asked only for new works citing the list")


COMMANDS: dict[str, Command] = {
    "build": Command("fetch citations (cached) and write graph.graphml, graph.gexf, lineage.html and lineage.svg",
                     build_options, cmd_build, (common_options, _build_list_options, network_options)),
    "rank": Command("rank papers by influence (in-list citations, PageRank, HITS, ...)", rank_options,
                    cmd_rank),
    "lineage": Command("what a paper builds on, and what builds on it", lineage_options, cmd_lineage),
    "why": Command("how a paper builds on another: the citation paths, with the citing sentences at each step",
                   why_options, cmd_why),
    "mainpath": Command("the main path(s): the spine of the citation network", mainpath_options,
                        cmd_mainpath),
    "flows": Command("which categories build on which (citation matrix)", flows_options, cmd_flows),
    "suggest": Command("works outside the list that listed papers cite (what the list is missing)", suggest_options,
                       cmd_suggest),
    "watch": Command("new works outside the list that cite it (forward citations), since a date", watch_options,
                     cmd_watch, (common_options, _watch_list_options, network_options)),
    "diff": Command("what changed between two versions of the list: papers, citations, ranks, flows", diff_options,
                    cmd_diff),
    "export": Command("write the graph in one format: GraphML, GEXF, the page, the picture, VOSviewer, Pajek, CSV, "
                      "BibTeX",
                      export_options, cmd_export),
    "import": Command("create or update papers.yaml from an awesome list, BibTeX, RIS, CSL-JSON or a list of ids",
                      import_options, cmd_import, (common_options,)),
    "stats": Command("papers, citations, structure and coverage of the graph", stats_options, cmd_stats),
    "similar": Command("the listed papers most like one, by shared references and citers", similar_options,
                       cmd_similar),
    "lint": Command("check a paper list: duplicates, malformed or missing ids, odd categories, links to the wrong "
                    "paper", lint_options, cmd_lint),
    "audit": Command("the list's categories against the communities its citations form; misplaced papers; "
                     "a category proposed for papers without one", audit_options, cmd_audit),
    "check": Command("edges only one source reports, with what the other says", check_options,
                     cmd_check),
}


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser: every command's help line, and the options of ``only`` (None: of every command, as the docs
    test wants; "": of none, enough for ``graphbuild --help``)."""
    parser = _Parser(
        prog="graphbuild",
        description="Build, explore and rank the citation graph of a curated reading list.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  graphbuild build --offline\n"
               "  graphbuild build            # fetch what is missing from Semantic Scholar and OpenAlex",
    )
    parser.add_argument("--version", action="version", version=f"graphbuild {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(run=command.run)
        if only is None or only == name:
            for group in command.groups:
                group(sub)
            command.options(sub)
    return parser


def _command_in(argv: list[str]) -> str:
    """The command ``argv`` names: its first word that is not an option (top-level options take no value)."""
    return next((a for a in argv if not a.startswith("-")), "")


class _Redacting:
    """A text stream that never repeats a secret (the sources' API keys, from their variables) whatever a server
    or a library put in a message."""

    def __init__(self, stream, secrets: list[str]):
        self.stream, self.secrets = stream, secrets

    def write(self, text: str) -> int:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return self.stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _secrets() -> list[str]:
    from .sources import SOURCES

    values = (os.environ.get(s.key_variable, "").strip() for s in SOURCES.values() if s.key_variable)
    return [v for v in values if len(v) >= 8]  # a real key; a one-letter test key would redact every word


def main(argv: list[str] | None = None) -> int:
    secrets = _secrets()
    if not secrets or isinstance(sys.stderr, _Redacting):
        return _main(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Redacting(sys.stdout, secrets), _Redacting(sys.stderr, secrets)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(_command_in(argv))
    try:
        args = parser.parse_args(argv)
        import logging

        logging.basicConfig(stream=sys.stderr, format="graphbuild: %(message)s",
                            level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_BAD_INPUT
        return args.run(args)
    except CommandError as exc:
        print(f"graphbuild: {exc}" if not str(exc).startswith("graphbuild") else str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("graphbuild: interrupted; what was fetched so far is cached.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `graphbuild rank | head`: the reader left; not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the library's own conditions, imported only when one is raised
        from .cache import CacheDamaged, CacheUnwritable
        from .catalog import InvalidCatalog
        from .files import OutputBusy

        if isinstance(exc, OutputBusy):
            print(f"graphbuild: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, CacheUnwritable):
            print(f"graphbuild: {exc}; nothing was written (graphbuild build --offline reads a cache it cannot "
                  "write, as it is).", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, InvalidCatalog):
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            count = len(exc.problems)
            print(f"graphbuild: {count} problem{'s' if count != 1 else ''} in the catalog; nothing was written.",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(exc, CacheDamaged):  # a reading command: it cannot repair, only say how
            print(f"graphbuild: {exc}. It holds only answers that can be fetched again: delete it, or run "
                  "`graphbuild build --yes` to move it aside and rebuild.", file=sys.stderr)
            return EXIT_FAILED
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
