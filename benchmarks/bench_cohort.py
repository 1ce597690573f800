"""Cohort benchmark: each figure beside its floor, measured in the same run.

    python benchmarks/bench_cohort.py --n 10000 [--dir /tmp/cohort] [--memory 1000,10000] [--roundtrip-sample 200]

* cold ``status`` (no cache) vs the floor: PyYAML's C loader + Pydantic validation of the
  same files over all cores (target: within 1.3x), and vs ruamel round-trip per file
  (sampled, extrapolated; target: at least 10x slower than us);
* warm ``status`` (cache filled, nothing changed) vs cold (target: at least 20x faster);
* peak RSS of ``status``, ``check`` and ``export`` in a fresh subprocess, its own and its
  largest worker's (``getrusage`` inside it), for each size in ``--memory`` (target: flat,
  under 200 MB);
* ``intervensi --help`` vs a minimal two-command Typer app (target: within 1.25x).

Generate cohorts once (they are reused when the folder exists). Do not run 100,000
more than once: it takes ~500 MB of disk and minutes of time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def ensure(d: Path, n: int) -> Path:
    from gen_cohort import generate

    if not (d / "DONE").exists():
        generate(d, n, seed=1)
        (d / "DONE").write_text(str(n))
    return d


def files_of(d: Path) -> list[str]:
    return sorted(str(p) for p in d.rglob("*.yaml"))


def _floor_chunk(paths: list[str]) -> int:
    import yaml

    from intervensi.model import Case

    ok = 0
    for p in paths:
        with open(p, "rb") as fh:
            raw = fh.read()
        try:  # the cohort holds files broken on purpose: the floor pays for them too
            Case.model_validate(yaml.load(raw, Loader=yaml.CSafeLoader))
            ok += 1
        except Exception:
            pass
    return ok


def floor(files: list[str]) -> float:
    from intervensi import model  # noqa: F401  (inherited by forked workers)

    t = time.perf_counter()
    chunks = [files[i : i + 64] for i in range(0, len(files), 64)]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        sum(pool.map(_floor_chunk, chunks))
    return time.perf_counter() - t


def roundtrip_per_file(files: list[str], sample: int) -> float:
    from intervensi.yamlrt import load_roundtrip

    some = files[:: max(1, len(files) // sample)][:sample]
    t = time.perf_counter()
    for p in some:
        load_roundtrip(Path(p).read_text("utf-8"))
    return (time.perf_counter() - t) / len(some)


def run_status(d: Path, cache: bool) -> float:
    from intervensi.cohort import Cohort, Summary

    t = time.perf_counter()
    s = Summary()
    for row in Cohort([d], cache=cache, cache_dir=d / ".intervensi-cache").rows():
        s.add(row)
    return time.perf_counter() - t


RSS_TAIL = """
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mb(code: str) -> tuple[float, float]:
    """Peak RSS of a fresh Python running ``code``, and of the largest of its worker processes, in MB.

    Measured inside that process (``getrusage`` SELF and CHILDREN), so each row is its own
    run's figure; the whole run's memory is at most parent + jobs x worker.
    """
    out = subprocess.run([sys.executable, "-c", code + RSS_TAIL], check=True, capture_output=True, text=True).stdout
    parent, worker = (int(x) / 1024 for x in out.split()[-2:])
    return parent, worker


def help_time(cmd: list[str], repeat: int = 7) -> float:
    best = 1e9
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def a() -> None: pass
@app.command()
def b() -> None: pass
app()
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/intervensi-bench"))
    ap.add_argument("--memory", default="", help="comma-separated cohort sizes for the memory figure")
    ap.add_argument("--roundtrip-sample", type=int, default=100)
    args = ap.parse_args()

    d = ensure(args.dir / f"c{args.n}", args.n)
    files = files_of(d)
    print(f"cohort: {len(files)} files in {d}, {os.cpu_count()} cores")
    cache = d / ".intervensi-cache"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    f = floor(files)
    cold = run_status(d, cache=False)
    rt = roundtrip_per_file(files, args.roundtrip_sample)
    sys.stdout.flush()
    print(f"cold status      {cold:8.2f} s  ({cold / len(files) * 1000:.2f} ms/case)")
    print(f"  floor (PyYAML CSafeLoader + Pydantic, all cores) {f:8.2f} s  ratio {cold / f:.2f}x  (target <= 1.3x)")
    print(f"  ruamel round-trip, one core, extrapolated         {rt * len(files):8.2f} s  ({rt * 1000:.1f} ms/file)  speed-up {rt * len(files) / cold:.1f}x (target >= 10x)")
    run_status(d, cache=True)  # fill
    warm = min(run_status(d, cache=True) for _ in range(3))
    print(f"warm status      {warm:8.2f} s  cold/warm {cold / warm:.1f}x  (target >= 20x)")

    for size in [int(x) for x in args.memory.split(",") if x]:
        md = ensure(args.dir / f"c{size}", size)
        for what, code in {
            "status": f"from intervensi.cohort import Cohort, Summary\ns=Summary()\nfor r in Cohort([{str(md)!r}], cache=False).rows(): s.add(r)",
            "check": f"from intervensi.cohort import Cohort\nfor r in Cohort([{str(md)!r}]).check(): pass",
            "export": f"import io\nfrom intervensi.cohort import Cohort\nCohort([{str(md)!r}]).export(open('/dev/null','w'), table='sessions')",
        }.items():
            t = time.perf_counter()
            parent, worker = peak_rss_mb(code)
            took = time.perf_counter() - t
            print(f"peak RSS {what:7s} {size:>7} cases  main {parent:6.1f} MB, largest worker {worker:6.1f} MB  ({took:.1f} s)  (target < 200 MB, flat)")
            sys.stdout.flush()

    exe = Path(sys.executable).parent / "intervensi"
    ours = help_time([str(exe), "--help"])
    minimal = help_time([sys.executable, "-c", MINIMAL_APP, "--help"])
    print(f"intervensi --help {ours * 1000:6.0f} ms  minimal Typer app {minimal * 1000:6.0f} ms  ratio {ours / minimal:.2f}x (target <= 1.25x)")


if __name__ == "__main__":
    main()
