"""Importing and merging a large awesome list into papers.yaml (issue 26: 20,000 items in ≤ 10 s).

    python benchmarks/merge.py [N ...]     # default: 2000 5000 20000

For each size, a Markdown list of N papers in N/500 sections (arXiv links, venues, years) is imported into a new
papers.yaml from its first half (``import -o``), then the whole list is merged into it (``import --merge``: the
first half matched and updated where it changed, the second half added after its section's last paper). Each
command runs in a fresh process; CPU seconds and peak memory are that process's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import contextlib, io, json, resource, sys, time
from graphbuild.cli import main
started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = main({argv!r})
assert code == 0, code
cpu = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(dict(seconds=round(time.perf_counter() - started, 2), cpu=round(cpu.ru_utime + cpu.ru_stime, 2),
                      peak_mb=round(cpu.ru_maxrss / 1024))))
"""


def awesome_list(n: int, first: int | None = None) -> str:
    sections = max(1, n // 500)
    lines = ["# Awesome Synthetic Papers", ""]
    for s in range(sections):
        lines += [f"## Section {s}: topic {s * 7 % 13}", ""]
        for k in range(s, min(n, first or n), sections):
            year = 2000 + k % 25
            lines.append(f"- **Paper {k}: a study of method {k % 97} on task {k % 31}** (NeurIPS {year}) "
                         f"[[paper]](https://arxiv.org/abs/{15 + k % 10:02d}{1 + k % 12:02d}.{k:05d})")
        lines.append("")
    return "\n".join(lines)


def run(folder: Path, argv: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", STEP.format(argv=argv)], cwd=folder, capture_output=True,
                          text=True, timeout=1800)
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    print("| items | step | wall s | CPU s | peak MB |")
    print("|---:|---|---:|---:|---:|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "half.md").write_text(awesome_list(n, n // 2), encoding="utf-8")
            (folder / "README.md").write_text(awesome_list(n), encoding="utf-8")
            for step, argv in (("import -o (half)", ["import", "half.md", "-o", "papers.yaml"]),
                               ("import --merge (all)", ["import", "README.md", "--merge"])):
                r = run(folder, argv)
                if "error" in r:
                    print(f"| {n:,} | {step} | – | – | {r['error']} |", flush=True)
                else:
                    print(f"| {n:,} | {step} | {r['seconds']} | {r['cpu']} | {r['peak_mb']} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 5000, 20000])
