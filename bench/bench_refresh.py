"""Nightly refresh cost: `kith run` again over the same exports, in one home folder.

    python bench/bench_refresh.py [--records 1000000] [--seed 11] [--runs 3]

Generates (or reuses, bench/out/records_N_seedS) an export set with pipeline.synth, then in a
fresh home: a first full run (as-of D), then --runs times each of
  - no input changed, same as-of date (the whole run is reused),
  - no input changed, the next day's as-of date (as a nightly cron run sees it),
  - one percent of the Google CSV's rows edited (a title appended; the next day's as-of),
  - --full (every stage recomputed, for comparison; --full-runs times).
Wall time of the `kith run` process (median) and peak RSS of its process tree. The machine's
load average is printed with each figure. Results: stdout and bench/out/refresh_report.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import KITH, OUT, generate, timed  # noqa: E402

DAY = dt.date(2026, 11, 22)


def kith_run(exports: list[str], out: Path, home: Path, as_of: dt.date, *extra: str) -> dict:
    load = os.getloadavg()[0]
    wall, peak = timed([*KITH, "run", *exports, "--out", str(out), "--as-of", as_of.isoformat(),
                        *extra], cwd=home)
    manifest = json.loads((out / "manifest.json").read_text())
    return {"s": round(wall, 2), "gib": round(peak, 2), "load": round(load, 2),
            "stages_run": manifest.get("stages_run")}


def edit_one_percent(exports: list[str], i: int) -> None:
    """Append a word to the last column of every 100th data row of the Google CSV (a changed
    record each, the rest of the export as it was)."""
    path = next(Path(p) for p in exports if p.endswith(".csv"))
    lines = path.read_text("utf-8-sig").split("\n")
    for n in range(1 + i, len(lines), 100):
        if lines[n] and not lines[n].endswith('"'):
            lines[n] += f"x{i}"
    path.write_text("\ufeff" + "\n".join(lines), "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--full-runs", type=int, default=1)
    a = ap.parse_args()
    base = generate(a.records, None, a.seed, f"records_{a.records}_seed{a.seed}")
    home = base / "refresh_home"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(base / "exports", home / "exports")  # edited below; the set stays as made
    exports = sorted(str(p) for p in (home / "exports").iterdir())
    out = home / "out"
    report = {"records": a.records, "seed": a.seed,
              "first_run": kith_run(exports, out, home, DAY)}
    print("first run:", report["first_run"], flush=True)
    cases = {"unchanged_same_as_of": lambda i: kith_run(exports, out, home, DAY),
             "unchanged_next_day": lambda i: kith_run(
                 exports, out, home, DAY + dt.timedelta(days=1 + i)),
             "one_percent_changed": lambda i: (edit_one_percent(exports, i), kith_run(
                 exports, out, home, DAY + dt.timedelta(days=10 + i)))[1],
             "full": lambda i: kith_run(exports, out, home, DAY, "--full")}
    for name, case in cases.items():
        runs = [case(i) for i in range(a.runs if name != "full" else a.full_runs)]
        if not runs:
            continue
        report[name] = {"median_s": statistics.median(r["s"] for r in runs), "runs": runs}
        print(f"{name}: median {report[name]['median_s']} s; {runs}", flush=True)
    (OUT / "refresh_report.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
