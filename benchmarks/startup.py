"""How long a command takes to start: ``graphbuild --help`` and ``graphbuild rank`` on the shipped list, beside an
empty Python and ``import networkx`` (the floor of any command that loads a graph), for this checkout and,
optionally, another one (a commit before), interleaved in the same minutes.

    python -m benchmarks.startup [--runs N] [--baseline PATH-TO-ANOTHER-CHECKOUT]

Wall time and CPU time (user + system) per run, median of N runs each; bytecode is cached as after an install
(the first run of each is not counted). Every command runs in a fresh interpreter, with the checkout on
PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "empty Python": ["-c", "pass"],
    "import networkx": ["-c", "import networkx"],
    "graphbuild --help": ["-m", "graphbuild", "--help"],
    "graphbuild rank": ["-m", "graphbuild", "rank"],
}


def run_once(checkout: Path, args: list[str], cwd: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(checkout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, help="another checkout to measure beside this one")
    args = parser.parse_args(argv)
    checkouts = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "papers.yaml", work / "papers.yaml")
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for round_ in range(args.runs + 1):
            for label, command in COMMANDS.items():
                for name, checkout in checkouts.items():
                    measured = run_once(checkout, command, work)
                    if round_:  # the first run writes the bytecode
                        samples.setdefault((label, name), []).append(measured)
    print(f"| command | {' | '.join(f'{n} wall (s) | {n} CPU (s)' for n in checkouts)} |")
    print("|---|" + "---:|" * (2 * len(checkouts)))
    for label in COMMANDS:
        cells = []
        for name in checkouts:
            runs = samples[(label, name)]
            cells += [f"{statistics.median(w for w, _ in runs):.3f}", f"{statistics.median(c for _, c in runs):.3f}"]
        print(f"| {label} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
