"""What ``--deadline`` guarantees, measured: a build of the shipped list against fake servers that answer one byte
every half second (from the status line, or from the body), for each source and both at once, with
``--deadline D --timeout T``. The build must end within D plus one request's T (plus its own work), whatever the
servers do, and still write its outputs from the cache and the curated references.

    python -m benchmarks.deadline [--deadline 10] [--timeout 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from graphbuild.catalog import load_catalog  # noqa: E402

from fake_openalex import FakeOpenAlex  # noqa: E402
from fake_s2 import FakeSemanticScholar  # noqa: E402
from helpers import shipped_corpus, shipped_works  # noqa: E402


def one(down: str, body_only: bool, deadline: float, timeout: float) -> tuple[float, int]:
    catalog = load_catalog(ROOT / "papers.yaml")
    works, _ = shipped_works(catalog)
    with FakeSemanticScholar(shipped_corpus(catalog)) as s2, FakeOpenAlex(works) as oa, \
            tempfile.TemporaryDirectory() as tmp:
        for name in down.split(","):
            (s2 if name == "s2" else oa).fail("dribble", delay=0.5, body_only=body_only, times=10_000)
        shutil.copy(ROOT / "papers.yaml", Path(tmp) / "papers.yaml")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "GRAPHBUILD_SOURCES": ""}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "graphbuild", "build", "--api-url", s2.url, "--openalex-url",
                               oa.url, "--deadline", str(deadline), "--timeout", str(timeout), "--max-rps", "0",
                               "--backoff", "0.1"], cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        return time.perf_counter() - started, done.returncode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=4.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"| sources dribbling | from | build wall time (s), median of {args.runs} | max | exit | bound "
          f"(deadline + timeout) |")
    print("|---|---|---:|---:|---:|---:|")
    for down in ("s2", "openalex", "s2,openalex"):
        for body_only in (False, True):
            runs = [one(down, body_only, args.deadline, args.timeout) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            print(f"| {down.replace(',', ' and ')} | {'the body' if body_only else 'the status line'} | "
                  f"{statistics.median(times):.1f} | {max(times):.1f} | {','.join(str(c) for _, c in runs)} | "
                  f"{args.deadline + args.timeout:g} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
