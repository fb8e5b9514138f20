"""bench/gen6, the sixth generator (written blind from formats.md and issue 12): deterministic,
its truth names every record it writes, the export shapes it promises are there, and kith
reads every record under its truth key except LinkedIn's ghost rows (a date and nothing else)."""

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
from gen6 import generate  # noqa: E402
from gen6_write import qp  # noqa: E402

CSVS = {"Connections.csv": "utf-8", "contacts.csv": "utf-8-sig", "outlook_contacts.CSV": "cp1252",
        "crm_export_2026-11-30.csv": "utf-8"}
VCARDS = ("iCloud vCards.vcf", "00001.vcf")


def test_same_seed_same_bytes_other_seed_other_book(tmp_path):
    assert_seeded(generate, tmp_path, (*CSVS, *VCARDS))


def test_truth_names_every_record_once_and_the_shapes_are_there(tmp_path):
    truth = generate(800, 9, tmp_path / "ex", tmp_path / "t.parquet", tmp_path / "p.parquet")
    assert_truth_names_every_row(truth, rows_written(tmp_path / "ex", CSVS, VCARDS))
    people = pl.read_parquet(tmp_path / "p.parquet")
    for trait in ("household", "shared_landline", "married_name", "goes_by_nickname",
                  "changed_employer"):
        assert people[trait].sum() > 0, trait
    quirks = set(",".join(truth["quirks"]).split(","))
    for q in ("nickname", "maiden_name", "family_first", "context_name", "first_name_only",
              "typo_key", "gmail_dots", "phone_digit_swap", "phone_extension", "linkedin_ghost"):
        assert q in quirks, q
    ex = tmp_path / "ex"
    assert (ex / "Connections.csv").read_text("utf-8").startswith("Notes:\n")
    assert (ex / "contacts.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    android = (ex / "00001.vcf").read_bytes().decode("utf-8")
    assert "CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" in android
    assert "=\r\n=" in qp("Leticia Rodríguez Rivera")  # a long value gets soft line breaks
    apple = (ex / "iCloud vCards.vcf").read_bytes().decode("utf-8")
    assert "X-ABLabel:" in apple and "\r\n " in apple  # grouped labels, folded PHOTO lines
    assert b"\r\n" in (ex / "outlook_contacts.CSV").read_bytes()


def test_kith_reads_every_record_but_the_ghosts_under_its_truth_key(tmp_path):
    kith = generated_and_read(tmp_path, "bench.gen6", 400, 2)
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    truth = pl.read_parquet(tmp_path / "truth.parquet").select(key, "person_key")
    recs = pl.read_parquet(kith / "records.parquet").select(key)
    rejects = pl.read_parquet(kith / "rejects.parquet").select(key)
    assert recs.join(rejects, on="key").height == 0
    assert pl.concat([recs, rejects])["key"].sort().to_list() == truth["key"].sort().to_list()
    rejected = truth.join(rejects, on="key")
    assert rejected["person_key"].str.starts_with("ghost").all()
    assert rejected.height == truth.filter(pl.col("person_key").str.starts_with("ghost")).height
