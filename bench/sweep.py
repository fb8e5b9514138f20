"""`make bench-sweep`: `kith run` on every combination of sources a user may have, at each size.

    python bench/sweep.py [--sizes 1000,50000,1000000] [--combos only_connections,...] [--seed 5]

Exports come from the spec-driven generator (pipeline.synth_spec), so the combinations are
ones kith's own generator never makes: only Connections.csv; LinkedIn + Google + phone vCard
without owner files; the same with Profile/Positions and messages; only a vCard; only a
generic CRM CSV; everything. For each run: exit code, wall seconds, peak RSS of all processes,
and row accounting (data rows written by the generator vs rows in files.parquet vs records +
interactions + owner rows + rejects). Runs one at a time; results are merged into
bench/out/sweep.json (so sizes can be run separately) and the whole table goes to stdout. Generated sets are kept under bench/out/sweep/ for re-runs; kith's
output is removed after each run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))  # first: bench.py, not the bench/ folder

from bench import fresh_home, measured_stages  # noqa: E402

OUT = HERE / "out" / "sweep"
STAGES = ("ingest", "normalize", "dedupe", "tag", "changes", "outreach", "publish")
KITH = [sys.executable, "-m", "pipeline.cli"]

# name -> (generator sources, extra generator options)
COMBOS: dict[str, tuple[str, list[str]]] = {
    "only_connections": ("linkedin", ["--no-messages"]),
    "linkedin_google_vcard_no_owner": ("linkedin,google,vcard", []),
    "with_owner_files": ("linkedin,google,vcard", ["--owner"]),
    "only_vcard": ("vcard", []),
    "only_generic_csv": ("crm", []),
    "everything": ("linkedin,google,vcard,outlook,crm", ["--owner"]),
}


def generate(combo: str, records: int, seed: int) -> Path:
    base = OUT / f"{combo}_{records}_seed{seed}"
    if (base / "done.json").exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    sources, extra = COMBOS[combo]
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "pipeline.synth_spec", "--records", str(records),
                          "--seed", str(seed), "--sources", sources, *extra,
                          "--out", str(base / "exports"), "--truth", str(base / "truth.parquet"),
                          "--people-truth", str(base / "people_truth.parquet")],
                         check=True, cwd=ROOT, capture_output=True, text=True)
    counts = json.loads(res.stdout)
    counts["wall_seconds"] = round(time.perf_counter() - t0, 1)
    (base / "done.json").write_text(json.dumps(counts))
    return base


def accounting(out: Path, truth: pl.DataFrame) -> dict:
    """Rows written vs rows kith saw vs rows it put somewhere, over the files that hold people."""
    written = truth.group_by("source_file").len().rename({"len": "written"})
    if not (out / "files.parquet").exists():
        return {"written": int(written["written"].sum()), "seen": 0, "placed": 0,
                "files_not_ingested": written.height, "ok": False}
    files = pl.read_parquet(out / "files.parquet")
    j = written.join(files, left_on="source_file", right_on="path", how="left").fill_null(0)
    placed = pl.sum_horizontal("rows_records", "rows_interactions", "rows_owner", "rows_rejected")
    j = j.with_columns(placed.alias("placed"))
    tables = sum(pl.read_parquet(out / f"{t}.parquet").select("source_file", "source_row")
                 .drop_nulls().unique().height for t in ("records", "interactions", "owner", "rejects"))
    res = {"written": int(j["written"].sum()), "seen": int(j["rows_total"].sum()),
           "placed": int(j["placed"].sum()), "in_tables": tables,
           "files_not_ingested": int((j["status"] != "ingested").sum())}
    res["ok"] = (res["written"] == res["seen"] == res["placed"] == res["in_tables"]
                 and res["files_not_ingested"] == 0)
    return res


def run_one(combo: str, records: int, seed: int) -> dict:
    base = generate(combo, records, seed)
    out = base / "kith_out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*KITH, "run", str((base / "exports").resolve()), "--out", str(out.resolve()),
           "--as-of", "2026-11-22", "-v"]
    load = os.getloadavg()[0]
    code, wall, peak, err, stages = measured_stages(cmd, cwd=fresh_home(base / "home"))
    truth = pl.read_parquet(base / "truth.parquet")
    row = {"combo": combo, "records": records, "exit": code, "seconds": round(wall, 1),
           "peak_gib": round(peak, 2), "load_before": round(load, 2),
           "load_after": round(os.getloadavg()[0], 2), "stages": stages,
           **accounting(out / "current", truth)}
    if code not in (0, 3):
        row["error"] = err.strip().splitlines()[-1][:300] if err.strip() else ""
    shutil.rmtree(out, ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| combination | records | exit | seconds | peak GiB (all processes) | rows written "
             "| rows in files.parquet | placed (rec+int+owner+rej) | distinct rows in tables | ok |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['combo']} | {r['records']} | {r['exit']} | {r['seconds']} | {r['peak_gib']} "
                     f"| {r['written']} | {r['seen']} | {r['placed']} | {r.get('in_tables', 0)} "
                     f"| {'yes' if r['ok'] and r['exit'] == 0 else 'NO: ' + r.get('error', 'rows')} |")
    lines += ["", "Per stage at the largest size: seconds / peak GiB of all processes while it ran",
              "| combination | records | load | " + " | ".join(STAGES) + " |",
              "|---|---|---|" + "---|" * len(STAGES)]
    top = max((r["records"] for r in rows), default=0)
    for r in rows:
        if r["records"] == top and r.get("stages"):
            cells = [f"{r['stages'][s]['seconds']} / {r['stages'][s]['peak_gib']}"
                     if s in r["stages"] else "" for s in STAGES]
            lines.append(f"| {r['combo']} | {r['records']} | {r.get('load_before', '')} | "
                         + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,50000,1000000", help="empty: print the table only")
    ap.add_argument("--combos", default=",".join(COMBOS))
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep-data", action="store_true", help="keep the generated 1M sets")
    a = ap.parse_args()
    report = OUT.parent / "sweep.json"
    done = {(r["combo"], r["records"]): r for r in
            (json.loads(report.read_text()) if report.exists() else [])}
    rows = []
    for size in (int(s) for s in a.sizes.split(",") if s):
        for combo in a.combos.split(","):
            row = run_one(combo, size, a.seed)
            rows.append(row)
            done[(combo, size)] = row
            print(json.dumps(row), flush=True)
            if size >= 1_000_000 and not a.keep_data:
                shutil.rmtree(OUT / f"{combo}_{size}_seed{a.seed}", ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    everything = sorted(done.values(), key=lambda r: (r["records"], list(COMBOS).index(r["combo"])))
    report.write_text(json.dumps(everything, indent=2))
    print(table(everything))
    if any(r["exit"] not in (0, 3) or not r["ok"] for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
