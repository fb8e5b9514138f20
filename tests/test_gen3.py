"""bench/gen3, the third (blind) generator: deterministic, and its truth names every record
it writes, under the keys kith gives its records (source_file '#' source_row)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
# imported as the top-level package `gen3` from bench/, as the other bench tests import their
# modules: `bench` itself is not a package (bench/bench.py is a module of that name)
sys.path.insert(0, str(ROOT / "bench"))

from exports_support import assert_truth_names_every_row, generated_and_read  # noqa: E402
from gen3.book import generate  # noqa: E402
from gen3.writers import GOOGLE_FILE, LINKEDIN_FILE, OUTLOOK_FILE, VCARD_FILE  # noqa: E402


def _rows_written(out: Path) -> dict[str, int]:
    li = (out / LINKEDIN_FILE).read_text(encoding="utf-8").split("\n\n", 1)[1]
    google = (out / GOOGLE_FILE).read_text(encoding="utf-8-sig")
    outlook = (out / OUTLOOK_FILE).read_bytes().decode("cp1252")
    return {LINKEDIN_FILE: len(list(csv.reader(io.StringIO(li)))) - 1,
            GOOGLE_FILE: len(list(csv.reader(io.StringIO(google)))) - 1,
            OUTLOOK_FILE: len(list(csv.reader(io.StringIO(outlook)))) - 1,
            VCARD_FILE: (out / VCARD_FILE).read_text(encoding="utf-8").count("BEGIN:VCARD")}


def test_same_seed_same_bytes_other_seed_other_book(tmp_path):
    a = generate(300, 5, tmp_path / "a", tmp_path / "a.parquet")
    b = generate(300, 5, tmp_path / "b", tmp_path / "b.parquet")
    c = generate(300, 6, tmp_path / "c", tmp_path / "c.parquet")
    assert a.equals(b)
    for name in (LINKEDIN_FILE, GOOGLE_FILE, VCARD_FILE, OUTLOOK_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / GOOGLE_FILE).read_bytes() != (tmp_path / "c" / GOOGLE_FILE).read_bytes()
    assert not a.equals(c)


def test_same_seed_same_bytes_in_another_process(tmp_path):
    """The bytes do not depend on the process's hash seed (Faker's Italian cities are a list
    made from a set), so a benchmark set made today is the one made tomorrow; `--records`
    asks for about that many rows."""
    import os
    import subprocess

    for hash_seed in ("1", "2"):
        subprocess.run([sys.executable, "-m", "bench.gen3", "--records", "600", "--seed", "4",
                        "--out", str(tmp_path / hash_seed)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True)
    for name in (LINKEDIN_FILE, GOOGLE_FILE, VCARD_FILE, OUTLOOK_FILE):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    rows = sum(_rows_written(tmp_path / "1").values())
    assert 450 <= rows <= 750


def test_truth_names_every_record_once(tmp_path):
    truth = generate(400, 9, tmp_path / "ex", tmp_path / "t.parquet")
    assert_truth_names_every_row(truth, _rows_written(tmp_path / "ex"))
    assert truth["person_key"].null_count() == 0
    # people appear in several sources, and some share a name with another person
    per = truth.group_by("person_key").agg(pl.col("source").n_unique())
    assert per["source"].max() >= 3


def test_kith_reads_every_record_under_its_truth_key(tmp_path):
    kith = generated_and_read(tmp_path, "bench.gen3", 150, 2)
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    truth = pl.read_parquet(tmp_path / "truth.parquet")
    recs = pl.read_parquet(kith / "records.parquet").select(key)
    rejects = pl.read_parquet(kith / "rejects.parquet")
    assert recs.join(truth.select(key), on="key", how="anti").height == 0
    # what kith refuses is only the ghost rows (LinkedIn members with nothing but a date)
    ghosts = truth.filter(pl.col("quirks") == "ghost").height
    assert recs.height + rejects.height == truth.height
    assert rejects.height == ghosts
