"""The public labelled sets bench/quality.py scores: converted whole, truth aligned with rows."""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import polars as pl

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import historical50k  # noqa: E402

# sha256 of Splink's file at splink_datasets commit 75876d8 (MIT), copied byte for byte
HISTORICAL_SHA256 = "b8b748402ff37b15c2d5e8a5b9374abe269b9d297aacb7f4c9498365b7cace43"


def test_historical_50k_is_splinks_file_and_every_record_is_written(tmp_path):
    assert hashlib.sha256(historical50k.SOURCE.read_bytes()).hexdigest() == HISTORICAL_SHA256
    path, truth = historical50k.convert(tmp_path)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    source = pl.read_parquet(historical50k.SOURCE).sort("unique_id")
    assert len(rows) == truth.height == source.height == 50_578
    assert truth["true_cluster"].n_unique() == 5_156
    assert truth["key"][7] == f"{path.name}#7"
    # row k of the CSV is row k of the source, sorted by unique_id
    for k in (0, 12_345, 50_577):
        src = source.row(k, named=True)
        assert rows[k]["First Name"] == (src["first_name"] or "")
        assert rows[k]["Last Name"] == (src["surname"] or "")
        assert rows[k]["Birthday"] == (src["dob"] or "")
        assert truth["true_cluster"][k] == src["cluster"]
