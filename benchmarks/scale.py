"""Scale: time and peak memory of the offline commands and each export on synthetic lists of 1k / 10k / 50k papers.

    python benchmarks/scale.py [N ...]          # default: 1000 10000 50000
    python benchmarks/scale.py --profile 10000  # cProfile of `build --offline`, top functions
    python benchmarks/scale.py --smoke          # CI: 2,000 papers; exit 1 if a step's CPU time passes twice
                                                # its committed figure (benchmarks/smoke.json; --record writes it)

For each size it writes a synthetic papers.yaml and fills a cache as a complete online build would have
(benchmarks/synthetic.py), then runs every step in a fresh Python process and reads that process's peak RSS
(``resource.getrusage``), so one step's memory never hides another's. Target: 10,000 papers through everything
within 30 s and 2 GB on the 2-core benchmark machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEP = r"""
import json, resource, sys, time
sys.argv = ["graphbuild"]
folder, step = {folder!r}, {step!r}
started = time.perf_counter()
if step.startswith("export:"):
    from graphbuild import load_catalog, load_graph
    from graphbuild.analysis import mark_main_path
    from graphbuild.layout import draw
    graph = load_graph(load_catalog(folder + "/papers.yaml"), folder + "/cache")
    mark_main_path(graph)
    layout = draw(graph)
    loaded = time.perf_counter()
    kind = step.split(":")[1]
    if kind == "graphml":
        from graphbuild.export.graphml import generate_graphml as generate
    elif kind == "gexf":
        from graphbuild.export.gexf import generate_gexf as generate
    else:
        from graphbuild.export.html import generate_html as generate
    size = len(generate(graph, layout))
    seconds = time.perf_counter() - loaded
    extra = {{"bytes": size, "load_seconds": round(loaded - started, 2)}}
else:
    import contextlib, io
    from graphbuild.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(step.split() + ["--catalog", folder + "/papers.yaml", "--out", folder + "/out",
                                    "--cache-dir", folder + "/cache"])
    assert code == 0, out.getvalue()[-2000:]
    seconds = time.perf_counter() - started
    extra = {{}}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
cpu = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(dict(seconds=round(seconds, 2), cpu=round(cpu.ru_utime + cpu.ru_stime, 2), peak_mb=round(peak),
                      **extra)))
"""

# One BLAS/OpenMP thread per step: on a busy machine the idle threads of OpenBLAS spin, and their CPU seconds
# (up to 5× the wall time of an export at 50,000 papers) measure the machine's load, not graphbuild's work.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

STEPS = ["build --offline", "rank --all", "mainpath", "stats", "export:graphml", "export:gexf", "export:html"]


def prepare(n: int, folder: Path) -> float:
    from benchmarks.synthetic import catalog_yaml, fill_cache, make_list
    from graphbuild.cache import Cache

    started = time.perf_counter()
    papers = make_list(n)
    (folder / "papers.yaml").write_text(catalog_yaml(papers), encoding="utf-8")
    with Cache(folder / "cache") as cache:
        fill_cache(cache, papers)
    return time.perf_counter() - started


def run_step(folder: Path, step: str, timeout: float = 1800) -> dict:
    """One step in a fresh process: its wall and CPU seconds and peak memory, or the error (a step that fails or
    times out is recorded, and the sizes after it still run)."""
    code = STEP.format(folder=str(folder), step=step)
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                                timeout=timeout, env={**os.environ, **ONE_THREAD})
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def profile(n: int) -> None:
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(n, folder)
        from graphbuild.cli import main

        args = ["--catalog", str(folder / "papers.yaml"), "--out", str(folder / "out"), "--cache-dir", str(folder / "cache")]
        for command in (["build", "--offline"], ["rank", "--all"]):
            profiler = cProfile.Profile()
            profiler.enable()
            main(command + args)
            profiler.disable()
            print(f"\n== {' '.join(command)} ==", file=sys.stderr)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(18)


def main(sizes: list[int]) -> None:
    print("| papers | step | wall s | CPU s | peak MB | notes |")
    print("|---:|---|---:|---:|---:|---|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            seconds = prepare(n, folder)
            print(f"| {n:,} | (generate list + fill cache) | {seconds:.1f} | | | |", flush=True)
            wall = cpu = 0.0
            peak = 0
            for step in STEPS:
                r = run_step(folder, step)
                if "error" in r:
                    print(f"| {n:,} | {step} | – | – | – | {r['error']} |", flush=True)
                    continue
                note = ""
                if "bytes" in r:
                    note = f"{r['bytes'] / 1e6:.1f} MB written; graph loaded in {r['load_seconds']} s"
                else:  # the four commands of the target: build, rank --all, mainpath, stats
                    wall, cpu, peak = wall + r["seconds"], cpu + r["cpu"], max(peak, r["peak_mb"])
                print(f"| {n:,} | {step} | {r['seconds']} | {r['cpu']} | {r['peak_mb']} | {note} |", flush=True)
            print(f"| {n:,} | **the four commands** | **{wall:.1f}** | **{cpu:.1f}** | **{peak}** | |", flush=True)


SMOKE = ROOT / "benchmarks" / "smoke.json"
SMOKE_PAPERS = 2000
SMOKE_FACTOR = 2.0  # CPU seconds, not wall: a loaded machine inflates wall time far more


def smoke(record: bool) -> int:
    """Every step at 2,000 papers against its committed CPU seconds: exit 1 when one takes more than twice as
    long (or fails); ``record`` writes the figures instead (run on a quiet machine, commit benchmarks/smoke.json)."""
    committed = json.loads(SMOKE.read_text()) if SMOKE.exists() and not record else {}
    measured, failed = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(SMOKE_PAPERS, folder)
        for step in STEPS:
            runs = [run_step(folder, step, timeout=600) for _ in range(2)]  # the faster of two: noise only adds
            bad = next((r for r in runs if "error" in r), None)
            if bad is not None:
                failed.append(f"{step}: {bad['error']}")
                continue
            r = min(runs, key=lambda run: run["cpu"])
            measured[step] = r["cpu"]
            limit = committed.get(step)
            verdict = "" if limit is None else ("ok" if r["cpu"] <= SMOKE_FACTOR * limit else "TOO SLOW")
            if verdict == "TOO SLOW":
                failed.append(f"{step}: {r['cpu']} CPU s, more than {SMOKE_FACTOR}× the committed {limit}")
            print(f"{step:<16} {r['cpu']:>6.2f} CPU s  (committed {limit if limit is not None else '-'}) {verdict}")
    if record:
        SMOKE.write_text(json.dumps(measured, indent=2) + "\n")
        print(f"wrote {SMOKE}")
    for line in failed:
        print(f"benchmark smoke: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--smoke"]:
        sys.exit(smoke("--record" in sys.argv))
    if sys.argv[1:2] == ["--profile"]:
        profile(int(sys.argv[2]) if len(sys.argv) > 2 else 10000)
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10000, 50000])
