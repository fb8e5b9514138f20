"""Run Splink 5 on the same normalised records as kith and score both against the truth.

Splink lives in its own virtualenv (bench/.venv-splink, made by `make bench`), never in kith's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from pipeline.textfmt import fmt

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-splink"


def splink_python() -> Path:
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "splink==5.0.0",
                        "duckdb==2.0.0"], check=True)
    return py


def export_records(kith_out: Path, target: Path) -> Path:
    recs = pl.read_parquet(kith_out / "records.parquet")
    frame = recs.select(
        "record_id",
        pl.col("given_key").alias("given"),
        pl.col("family_key").alias("family"),
        pl.col("email_keys").list.first().alias("email"),
        pl.col("phones_e164").list.first().alias("phone"),
        pl.col("linkedin_slug").alias("linkedin"),
        pl.col("org_key").alias("org"),
        pl.when(pl.col("birthday_year").is_not_null() & pl.col("birthday_month").is_not_null()
                & pl.col("birthday_day").is_not_null())
        .then(fmt("{}-{}-{}", pl.col("birthday_year").cast(pl.String).str.zfill(4),
                        pl.col("birthday_month").cast(pl.String).str.zfill(2),
                        pl.col("birthday_day").cast(pl.String).str.zfill(2)))
        .alias("dob"),
        pl.col("city").str.to_lowercase().alias("city"),
    )
    frame.write_parquet(target)
    return target


def compare(base: Path, timed, pairwise) -> dict:
    """base holds kith_out/ and truth.parquet. timed(cmd) -> (seconds, peak GiB)."""
    py = splink_python()
    src = export_records(base / "kith_out", base / "splink_in.parquet")
    dst = base / "splink_clusters.parquet"
    seconds, peak = timed([str(py), str(HERE / "splink_run.py"), str(src), str(dst)])
    clusters = pl.read_parquet(dst).select(pl.col("record_id"), pl.col("cluster_id")
                                           .cast(pl.String).alias("cluster"))
    recs = pl.read_parquet(base / "kith_out" / "records.parquet").select(
        "record_id", pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"))
    pred = recs.join(clusters, on="record_id").select("key", "cluster")
    truth = pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    result = {"seconds": round(seconds, 1), "peak_gib": round(peak, 2), **pairwise(pred, truth)}
    (base / "splink_result.json").write_text(json.dumps(result, indent=2))
    return result
