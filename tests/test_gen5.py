"""bench/gen5, the fifth generator (written blind from formats.md): deterministic, its truth
names every record it writes, and kith reads every one of them under that key except the
rows with nothing to read (LinkedIn ghost rows; an Outlook row whose only content was a name
in a script cp1252 cannot hold, now all '?')."""

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
from gen5 import generate  # noqa: E402

CSVS = {"Connections.csv": "utf-8", "contacts.csv": "utf-8-sig", "google_legacy.csv": "utf-16",
        "outlook.csv": "cp1252"}
VCARDS = ("iCloud vCards.vcf", "00001.vcf", "contacts-nextcloud.vcf")


def test_same_seed_same_bytes_other_seed_other_book(tmp_path):
    assert_seeded(generate, tmp_path, (*CSVS, *VCARDS))


def test_same_seed_same_bytes_in_another_process(tmp_path):
    import os
    import subprocess

    for hash_seed in ("1", "2"):
        subprocess.run([sys.executable, "-m", "bench.gen5", "--people", "400", "--seed", "3",
                        "--out", str(tmp_path / hash_seed)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True)
    for name in (*CSVS, *VCARDS):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_truth_names_every_record_once_and_the_shapes_are_there(tmp_path):
    truth = generate(600, 9, tmp_path / "ex", tmp_path / "t.parquet", tmp_path / "p.parquet")
    assert_truth_names_every_row(truth, rows_written(tmp_path / "ex", CSVS, VCARDS))
    per = truth.group_by("person_key").agg(pl.col("source_file").n_unique())
    assert per["source_file"].max() >= 3
    people = pl.read_parquet(tmp_path / "p.parquet")
    for trait in ("household", "family_mailbox", "maiden", "native_script", "job_change"):
        assert people[trait].sum() > 0, trait
    assert set(people["archetype"]) == {"multi", "linkedin_only", "phone_only", "email_only"}
    ex = tmp_path / "ex"
    assert (ex / "Connections.csv").read_text("utf-8").startswith("Notes:\n")
    assert (ex / "google_legacy.csv").read_bytes()[:2] == b"\xff\xfe"
    assert "ENCODING=QUOTED-PRINTABLE" in (ex / "00001.vcf").read_text("utf-8")


def test_kith_reads_every_record_but_the_empty_ones_under_its_truth_key(tmp_path):
    kith = generated_and_read(tmp_path, "bench.gen5", 300, 2)
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    truth = pl.read_parquet(tmp_path / "truth.parquet").select(key, "person_key")
    recs = pl.read_parquet(kith / "records.parquet").select(key)
    rejects = pl.read_parquet(kith / "rejects.parquet").select(key)
    assert recs.join(rejects, on="key").height == 0
    assert pl.concat([recs, rejects])["key"].sort().to_list() == truth["key"].sort().to_list()
    rejected = truth.join(rejects, on="key")
    ghosts = rejected.filter(pl.col("person_key").str.starts_with("G"))
    assert ghosts.height == rejected.filter(pl.col("key").str.starts_with("Connections")).height
    others = rejected.filter(~pl.col("key").str.starts_with("Connections"))
    assert others["key"].str.starts_with("outlook.csv#").all()
