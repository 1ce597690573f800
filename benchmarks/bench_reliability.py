"""Reliability figures from one run: kills survived, appends kept, broken inputs refused cleanly.

    python benchmarks/bench_reliability.py            # full run (200 appends per process)
    python benchmarks/bench_reliability.py --quick    # a smaller run for development
    python benchmarks/bench_reliability.py --bulk-only  # only the interrupted and concurrent bulk runs

Prints a Markdown table (the figures in docs/reliability.md come from it) and exits 1 if
any file was torn, any append lost or duplicated, or any broken input gave a traceback.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("INTERVENSI_LANG", "en")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--appends", type=int, default=None, help="appends per process (default 200, --quick 20)")
    ap.add_argument("--bulk-only", action="store_true", help="only the interrupted and concurrent bulk runs")
    args = ap.parse_args()
    quick = args.quick
    appends = args.appends or (20 if quick else 200)

    from typer.testing import CliRunner

    import helpers_robust as h
    from intervensi.cli import app

    rows: list[tuple[str, str]] = []
    bad = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if not args.bulk_only:
            # 1. kills
            plan = {"raw": (300, 0.004), "session": (150, 0.15), "advance": (100, 0.15), "batch": (100, 0.2)}
            if quick:
                plan = {k: (max(10, n // 10), d) for k, (n, d) in plan.items()}
            kills = torn = tmp_rounds = 0
            for kind, (n, delay) in plan.items():
                files = [h.make_case(base / f"crash-{kind}", f"k{i}") for i in range(3 if kind == "batch" else 1)]
                if kind == "advance":
                    h.ready_for_advance(files[0])
                got = h.crash_rounds(kind, files, n, delay, seed=1)
                kills += got["kills"]
                torn += len(got["torn"]) + len(got["unparsable"])
                tmp_rounds += got["rounds_with_temporaries"]
                rows.append((f"SIGKILL during `{kind}` writes", f"{got['kills']} kills, {got['writes_started']} writes begun, {len(got['torn'])} torn, {len(got['unparsable'])} unparsable"))
            cli_n = 4 if quick else 20
            import random

            rng = random.Random(3)
            cli_torn = 0
            for i in range(cli_n):
                d = base / f"cli{i}"
                case = h.make_case(d, "c1")
                if i % 2:
                    h.ready_for_advance(case)
                    a = ["advance", str(case)]
                else:
                    a = ["add-session", str(case), "--date", "2026-01-05", "--note", "x"]
                g = h.cli_kill(a, case, rng.uniform(0.3, 2.5), d)
                cli_torn += int(g["torn"] or not g["parses"])
            kills += cli_n
            torn += cli_torn
            rows.append(("SIGKILL of the real `intervensi` command", f"{cli_n} kills, {cli_torn} torn"))
            rows.append(("**Kills survived without a torn file**", f"**{kills - torn} of {kills}** ({tmp_rounds} kills left a temporary file; the next edit removes it)"))
            bad += torn
            # 2. appends
            made = lost = twice = 0
            for procs in (2, 4):
                case = h.make_case(base / f"append{procs}", "shared")
                got = h.concurrent_appends(case, procs, appends)
                made += got["made"]
                lost += len(got["lost"])
                twice += len(got["twice"])
                rows.append((f"{procs} processes × {appends} appends to one case", f"{got['found']} of {got['made']} found, {len(got['lost'])} lost, {len(got['twice'])} twice ({got['seconds']} s)"))
            rows.append(("**Appends made / lost**", f"**{made} / {lost}** ({twice} duplicated)"))
            bad += lost + twice
            # 3. broken inputs
            corpus = sorted((ROOT / "tests" / "yaml-test-suite-errors").glob("*/in.yaml")) + sorted((ROOT / "tests" / "hostile").glob("*.yaml"))
            runner = CliRunner()
            tried = clean = 0
            target = base / "broken.yaml"
            for src in corpus:
                for cmd in (["check"], ["add-need"]):
                    target.write_bytes(src.read_bytes())
                    argv = [*cmd, str(target)] + (["n"] if cmd[0] == "add-need" else [])
                    res = runner.invoke(app, argv)
                    tried += 1
                    ok = (
                        res.exit_code in (3, 4, 9)
                        and (res.exception is None or isinstance(res.exception, SystemExit))
                        and "Traceback" not in res.output
                        and target.read_bytes() == src.read_bytes()
                        and f"{target.name}:" in res.output
                    )
                    clean += ok
            rows.append(("**Broken inputs tried / clean one-line error, file unchanged**", f"**{tried} / {clean}** ({len(corpus)} files × check and add-need)"))
            bad += tried - clean
        # 4. interrupted and concurrent bulk runs (issue 10)
        import signal

        import helpers_bulk as hb

        n_cases, n_signals = (100, 4) if quick else (300, 17)
        hb.make_cohort(base / "bulk-signals", n_cases)
        got = hb.interrupted_rounds(base / "bulk-signals", n_signals, kinds=(signal.SIGINT, signal.SIGTERM, signal.SIGKILL), seed=5, max_delay=1.2)
        rows.append((
            f"`advance-ready --yes` over {n_cases} cases, real SIGINT/SIGTERM/SIGKILL at random, re-run until done",
            f"{got['signals']} signals, {got['runs']} runs: **{got['moved_twice']} cases moved twice**, {got['not_moved']} not moved, {got['moved_once']} moved once",
        ))
        bad += got["moved_twice"] + got["not_moved"]
        conc_rounds = 1 if quick else 3
        twice = refused = 0
        for i in range(conc_rounds):
            hb.make_cohort(base / f"bulk-two-{i}", 150)
            c = hb.concurrent_runs(base / f"bulk-two-{i}")
            twice += c["moved_twice"]
            refused += int(c["second_exit"] == 7 and c["second_started_while_first_live"])
        rows.append((f"Two `advance-ready --yes` at once on one folder of 150 cases ({conc_rounds}×)", f"second run refused (exit 7) {refused} of {conc_rounds}; **{twice} cases moved twice**"))
        bad += twice + (conc_rounds - refused)
    print(f"# intervensi reliability run ({'quick' if quick else 'full'}), {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, {os.cpu_count()} cores, {time.perf_counter() - t0:.0f} s\n")
    print("| what | result |\n|---|---|")
    for a, b in rows:
        print(f"| {a} | {b} |")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
