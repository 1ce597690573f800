"""Bulk changes beside their floors, measured in the same run (issue 10).

    python benchmarks/bench_bulk.py --n 300 [--repeat 3] [--dir /tmp/intervensi-bench-bulk]
    python benchmarks/bench_bulk.py --n 10000 --repeat 1 [--previews-only]

Every figure is a whole command in a fresh process (interpreter start included), timed on
a fresh copy of a generated cohort (benchmarks/gen_cohort.py, seed 1), best of ``--repeat``:

* cold ``status --no-cache`` — the floor of a preview;
* ``advance-ready`` preview, ``set`` preview and ``advance-ready --dry-run``; target: a
  preview within 1.3x of cold status (it needs the gates, not a round-trip parse);
* ``advance-ready --yes`` and ``set --yes`` (lock, journal, conditional writes: safety
  included) vs the floor of the same edits done directly: for each file that the command
  changes, ruamel round-trip load + the edit + dump + atomic write (fsync, rename, fsync of
  the folder), over all cores, also in a fresh process; target: within 1.3x.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ENV = {**os.environ, "INTERVENSI_LANG": "en", "INTERVENSI_WORKER": "bench"}
EXE = [sys.executable, "-m", "intervensi"]


def ensure(d: Path, n: int) -> Path:
    from gen_cohort import generate

    if not (d / "DONE").exists():
        if d.exists():
            shutil.rmtree(d)
        generate(d, n, seed=1)
        (d / "DONE").write_text(str(n))
    return d


def fresh(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("DONE", ".intervensi-*"))
    return dst


def timed(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


# --------------------------------------------------------------------------- the floors


def _floor_chunk(args: tuple[str, list[tuple[str, str]]]) -> int:
    import datetime as dt

    from intervensi.store import atomic_write
    from intervensi.yamlrt import Layout, _yaml

    kind, items = args
    for path, arg in items:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        y = _yaml(Layout.guess(text))
        data = y.load(text)
        if kind == "advance":
            data["stage"] = arg
            data.setdefault("history", []).append({"at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(), "from": "x", "to": arg, "kind": "forward", "by": "bench"})
        else:
            data.setdefault("worker", {})["name"] = arg
        import io

        buf = io.StringIO()
        y.dump(data, buf)
        atomic_write(Path(path), buf.getvalue())
    return len(items)


def floor_main(kind: str, listing: Path) -> None:
    """Run in a fresh process: the same edits, done directly, over all cores."""
    from intervensi.yamlrt import _yaml  # noqa: F401  (inherited by forked workers)

    items = [tuple(x) for x in json.loads(listing.read_text())]
    jobs = os.cpu_count() or 1
    size = max(1, len(items) // (jobs * 8))
    chunks = [(kind, items[i : i + size]) for i in range(0, len(items), size)]
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(_floor_chunk, chunks))


def plan_of(d: Path, kind: str) -> list[tuple[str, str]]:
    out = subprocess.run([*EXE, "status", str(d), "--no-cache", "--json"], env=ENV, capture_output=True, text=True).stdout
    cases = json.loads(out)["cases"]
    if kind == "advance":
        return [(c["path"], c["next_stage"]) for c in cases if c["gate_ready"] and not c["closed"]]
    return [(c["path"], "Pendamping Baru") for c in cases if c.get("worker") != "Pendamping Baru"]


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/intervensi-bench-bulk"))
    ap.add_argument("--previews-only", action="store_true", help="skip the applies and their floors (minutes each at 10,000 cases)")
    ap.add_argument("--floor", nargs=2, metavar=("KIND", "LISTING"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.floor:
        floor_main(args.floor[0], Path(args.floor[1]))
        return
    src = ensure(args.dir / f"src{args.n}", args.n)
    work = args.dir / f"work{args.n}"
    best: dict[str, float] = {}

    def record(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, 1e9), seconds)

    set_args = ["--field", "worker", "--value", "Pendamping Baru"]
    for _ in range(args.repeat):  # interleaved, so load from other processes hits every figure alike
        d = fresh(src, work)
        record("status", timed([*EXE, "status", str(d), "--no-cache", "--json"]))
        record("preview", timed([*EXE, "advance-ready", str(d)]))
        record("set preview", timed([*EXE, "set", str(d), *set_args]))
        record("dry-run", timed([*EXE, "advance-ready", str(d), "--dry-run"]))
        for kind in () if args.previews_only else ("advance", "set"):
            d = fresh(src, work)
            listing = args.dir / f"plan-{kind}.json"
            listing.write_text(json.dumps(plan_of(d, kind)))
            record(f"floor {kind}", timed([sys.executable, __file__, "--floor", kind, str(listing)]))
            d = fresh(src, work)
            argv = [*EXE, "advance-ready", str(d), "--yes"] if kind == "advance" else [*EXE, "set", str(d), *set_args, "--yes"]
            record(f"apply {kind}", timed(argv))
    if args.previews_only:
        print(f"# bulk previews over {args.n} generated cases, {os.cpu_count()} cores, best of {args.repeat}\n")
    else:
        n_adv = len(json.loads((args.dir / "plan-advance.json").read_text()))
        n_set = len(json.loads((args.dir / "plan-set.json").read_text()))
        print(f"# bulk changes over {args.n} generated cases ({n_adv} ready to advance, {n_set} to reassign), {os.cpu_count()} cores, best of {args.repeat}\n")
    print("| what | seconds | beside | ratio | target |\n|---|---|---|---|---|")
    s = best["status"]
    print(f"| cold `status --no-cache` | {s:.2f} | | | |")
    print(f"| `advance-ready` preview | {best['preview']:.2f} | cold status | {best['preview'] / s:.2f}x | <= 1.3x |")
    print(f"| `set` preview | {best['set preview']:.2f} | cold status | {best['set preview'] / s:.2f}x | <= 1.3x |")
    print(f"| `advance-ready --dry-run` | {best['dry-run']:.2f} | cold status | {best['dry-run'] / s:.2f}x | |")
    for kind, label in () if args.previews_only else (("advance", "`advance-ready --yes`"), ("set", "`set --yes`")):
        f = best[f"floor {kind}"]
        print(f"| {label} | {best[f'apply {kind}']:.2f} | floor {f:.2f} s (ruamel load + dump + atomic write, all cores) | {best[f'apply {kind}'] / f:.2f}x | <= 1.3x |")


if __name__ == "__main__":
    main()
