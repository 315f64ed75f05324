"""The command line: parse options, call the library, print. Exit codes: 0 done, 1 could not do it, 2 bad input."""

from __future__ import annotations

import argparse
import logging
import sys
import textwrap
import time
from pathlib import Path

from . import __version__
from .build import API_KEY_VARIABLE, build, make_client
from .catalog import InvalidCatalog
from .graph import edge_provenance_counts

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """A failure to report in one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors are bad input: exit 2, like argparse, but say so plainly
        self.print_usage(sys.stderr)
        raise CommandError(f"{self.prog}: {message}", EXIT_BAD_INPUT)


def _help(text: str) -> str:
    return textwrap.dedent(text).strip()


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="graphbuild",
        description="Build, explore and rank the citation graph of a curated reading list.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example:\n  graphbuild build --offline\n  graphbuild build            # fetch what is missing from Semantic Scholar",
    )
    parser.add_argument("--version", action="version", version=f"graphbuild {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="say more on stderr (retries, decisions)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = commands.add_parser(
        "build",
        help="fetch citations (cached) and write graph.graphml, graph.gexf and lineage.html",
        description=_help("""
            Read papers.yaml, ask Semantic Scholar which listed papers cite which (asking only for what the cache
            lacks), merge with the curated 'cites', and write OUT/graph.graphml, OUT/graph.gexf and OUT/lineage.html.
            Set S2_API_KEY to use an API key. Exit codes: 0 built, 1 could not build (or --strict and data
            missing), 2 bad input."""),
        epilog="Example:\n  graphbuild build --offline\n  S2_API_KEY=... graphbuild build --catalog papers.yaml --out output/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    p.add_argument("--catalog", default="papers.yaml", help="the reading list (default: papers.yaml)")
    p.add_argument("--out", default="output", help="output folder (default: output/)")
    p.add_argument("--cache-dir", help="where answers are cached (default: OUT/cache)")
    p.add_argument("--offline", action="store_true", help="make no request: build from the cache and curated references")
    p.add_argument("--refresh", action="store_true", help="ask Semantic Scholar again for everything")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1) if Semantic Scholar cannot be reached or a paper is left without its data")
    p.add_argument("--api-url", help="Semantic Scholar Graph API base URL (default: $GRAPHBUILD_S2_URL or the real API)")
    p.add_argument("--max-rps", type=float, default=1.0, help="requests per second at most (default: 1; 0: no limit)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for an answer (default: 30)")
    p.add_argument("--retries", type=int, default=6, help="retries on 429/5xx/timeouts (default: 6)")
    p.add_argument("--backoff", type=float, default=2.0, help="first retry delay in seconds, doubling (default: 2)")
    p.set_defaults(run=cmd_build)
    return parser


# --- progress ------------------------------------------------------------------------------------------------


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
    client = None
    if not args.offline:
        client = make_client(args.api_url, max_rps=args.max_rps, timeout=args.timeout, max_retries=args.retries,
                             backoff=args.backoff)
    progress = ProgressPrinter()
    try:
        result = build(args.catalog, args.out, cache_dir=args.cache_dir, client=client, refresh=args.refresh,
                       progress=progress)
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.out}: {exc.strerror or exc}") from None
    finally:
        progress.close()
        if client is not None:
            client.close()
    report, graph = result.report, result.graph
    resolved = result.papers_with_status("resolved")
    unresolved = result.papers_with_status("unresolved")
    no_data = result.papers_with_status("no_data")
    if report.stopped:
        print(f"graphbuild: Semantic Scholar could not be used: {report.stopped}", file=sys.stderr)
        print("graphbuild: built from the cache and the curated references instead.", file=sys.stderr)
    edges = edge_provenance_counts(graph)
    out = sys.stdout
    print(f"Built the citation graph of {graph.number_of_nodes()} papers from {args.catalog} "
          f"in {report.seconds:.1f} s.", file=out)
    print(f"  Semantic Scholar: {len(resolved)} resolved, {len(unresolved)} unresolved, "
          f"{len(no_data)} without data{' (offline)' if report.offline else ''}", file=out)
    print(f"  citations: {graph.number_of_edges()} (semantic_scholar {edges['semantic_scholar']}, "
          f"curated {edges['curated']}, both {edges['both']})", file=out)
    print(f"  requests: {report.requests}, cache hits: {report.cache_hits}", file=out)
    if unresolved:
        print(f"  unresolved (not found by Semantic Scholar): {_listing(unresolved)}", file=out)
    if no_data:
        print(f"  without Semantic Scholar data: {_listing(no_data)}", file=out)
    for paper_id, error in sorted(report.errors.items()):
        print(f"  error for {paper_id}: {error}", file=out)
    print(f"  wrote {', '.join(str(p) for p in result.written)}", file=out)
    if args.strict and (report.stopped or no_data or unresolved or report.errors):
        print("graphbuild: --strict: Semantic Scholar data is missing (see above)", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        logging.basicConfig(stream=sys.stderr, format="graphbuild: %(message)s",
                            level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_BAD_INPUT
        return args.run(args)
    except InvalidCatalog as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"graphbuild: {count} problem{'s' if count != 1 else ''} in the catalog; nothing was written.",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except CommandError as exc:
        print(f"graphbuild: {exc}" if not str(exc).startswith("graphbuild") else str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("graphbuild: interrupted; what was fetched so far is cached.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
