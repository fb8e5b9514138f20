"""`make conformance`: run kith over a corpus of real exports and prove nothing is lost.

Fails (exit 1) when a file is missing from files.parquet, when a file's rows do not add up
(every data row in exactly one of records, interactions, owner or rejects), when a reader
crashed on a file, or when a traceback reaches stderr.

    python -m pipeline.conformance [PATH ...]   (default: ../shared/corpus)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

from pipeline.stages.ingest import READER_FAILED


def corpus_files(root: Path) -> set[str]:
    if root.is_file():
        return {root.name}
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def accounting(out: Path) -> pl.DataFrame:
    """Per file: rows_total against the distinct rows found in the four destinations."""
    keys = []
    for name in ("records", "interactions", "owner", "rejects"):
        t = pl.read_parquet(out / f"{name}.parquet", columns=["source_file", "source_row"])
        keys.append(t.drop_nulls("source_row").unique().with_columns(pl.lit(name).alias("table")))
    allk = pl.concat(keys)
    per_file = allk.group_by("source_file").agg(
        pl.len().alias("placed"),
        pl.struct("source_row").n_unique().alias("distinct_rows"),
        pl.col("source_row").max().alias("max_row"),
    )
    files = pl.read_parquet(out / "files.parquet")
    return files.join(per_file, left_on="path", right_on="source_file", how="left").with_columns(
        pl.col("placed").fill_null(0), pl.col("distinct_rows").fill_null(0)
    )


def check(root: Path, out: Path) -> list[str]:
    problems = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(root), "--out", str(out)],
        capture_output=True, text=True, env=env,
    )
    if "Traceback" in proc.stderr or "Traceback" in proc.stdout:
        problems.append(f"{root}: a traceback reached the terminal:\n{proc.stderr[-2000:]}")
    if proc.returncode not in (0, 3):
        problems.append(f"{root}: kith exited {proc.returncode}:\n{proc.stderr[-2000:]}")
        return problems
    acc = accounting(out)
    seen = set(acc["path"].to_list())
    members = {p for p in seen if "!" in p}
    for missing in sorted(corpus_files(root) - seen):
        if not any(m.startswith(missing + "!") for m in members):
            problems.append(f"{missing}: not accounted for in files.parquet")
    for row in acc.iter_rows(named=True):
        if row["format"] == READER_FAILED:
            problems.append(f"{row['path']}: reader crashed ({row['reason']})")
        if row["status"] != "ingested":
            continue
        if row["placed"] != row["distinct_rows"]:
            problems.append(f"{row['path']}: a row landed in two tables")
        if row["distinct_rows"] != row["rows_total"]:
            problems.append(
                f"{row['path']}: {row['rows_total']} rows read but {row['distinct_rows']} placed"
            )
        if row["rows_total"] and row["max_row"] != row["rows_total"] - 1:
            problems.append(f"{row['path']}: source_row numbering has gaps")
    summary = acc.group_by("status").len().sort("status")
    print(f"{root}: {acc.height} files; " + ", ".join(f"{s} {n}" for s, n in summary.iter_rows()))
    rows = acc.select(pl.sum("rows_total"), pl.sum("rows_records"), pl.sum("rows_interactions"),
                      pl.sum("rows_owner"), pl.sum("rows_rejected")).row(0)
    print(f"  rows {rows[0]}: records {rows[1]}, interactions {rows[2]}, owner {rows[3]}, "
          f"rejected {rows[4]}")
    return problems


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path(__file__).resolve().parents[2] / "shared" / "corpus"]
    problems: list[str] = []
    for root in roots:
        if not root.exists():
            print(f"conformance: {root} does not exist", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="kith-conformance-") as tmp:
            problems += check(root, Path(tmp) / "out")
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    print("conformance: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
