"""bench/gen4, the Faker-based fourth generator: deterministic, its truth names every record
it writes, and kith reads every one of them under that key (no reject: it writes no ghosts)."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from exports_support import (  # noqa: E402
    assert_seeded,
    assert_truth_names_every_row,
    generated_and_read,
    rows_written,
)
from gen4 import generate  # noqa: E402

FILES = ("Connections.csv", "contacts.csv", "iphone.vcf", "outlook.csv")


CSVS = {"Connections.csv": "utf-8", "contacts.csv": "utf-8-sig", "outlook.csv": "cp1252"}


def test_same_seed_same_bytes_other_seed_other_book(tmp_path):
    assert_seeded(generate, tmp_path, FILES)
    assert (tmp_path / "a" / "contacts.csv").read_bytes() != (tmp_path / "c" / "contacts.csv"
                                                               ).read_bytes()


def test_same_seed_same_bytes_in_another_process(tmp_path):
    """The bytes do not depend on the process's hash seed (Faker's Italian cities)."""
    import os
    import subprocess

    for hash_seed in ("1", "2"):
        subprocess.run([sys.executable, "-m", "bench.gen4", "--people", "600", "--seed", "3",
                        "--out", str(tmp_path / hash_seed)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True)
    for name in FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_truth_names_every_record_once(tmp_path):
    truth = generate(400, 9, tmp_path / "ex", tmp_path / "t.parquet")
    assert_truth_names_every_row(truth, rows_written(tmp_path / "ex", CSVS, ("iphone.vcf",)))
    per = truth.group_by("person_key").agg(pl.col("source_file").n_unique())
    assert per["source_file"].max() >= 3  # people appear in several sources


def test_kith_reads_every_record_under_its_truth_key(tmp_path):
    kith = generated_and_read(tmp_path, "bench.gen4", 200, 2)
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    truth = pl.read_parquet(tmp_path / "truth.parquet").select(key)
    recs = pl.read_parquet(kith / "records.parquet").select(key)
    assert pl.read_parquet(kith / "rejects.parquet").height == 0
    assert recs.sort("key").equals(truth.sort("key"))
