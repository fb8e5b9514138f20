"""Pipeline-level sweep on exports kith's own generator never made (pipeline.synth_spec).

Every combination of sources a user may have (only Connections.csv; LinkedIn + Google + phone
without owner files; with Profile/Positions and messages; only a vCard; only a generic CSV;
everything), at sizes from one contact to above each internal threshold:

- polars splits large frames into chunks, and a literal predicate over a chunked frame crashed
  the tag stage from ~20k rows (commit 87f463f): a 45k-record run without owner files;
- vCard rows are flushed in batches of 20,000 (formats/base.py `ArrowRows.BATCH`): 22k cards;
- phone numbers go to a process pool from 50,000 values (normalize/phone_parse.py `POOL_MIN`);
- ingest goes parallel from 8 MiB of input over two or more files (`PARALLEL_MIN_BYTES`) and
  splits a vCard file of 4 MiB or more at card boundaries into ~4 MiB parts (`vcard_split.SPLIT_MIN_BYTES`,
  `PART_BYTES`): a phone book with full-size photos is split into several.

The same paths are also run at small sizes with the thresholds lowered, so each combination
meets them. Each run must exit 0 and account for every data row exactly once: per file,
records + interactions + owner rows + rejects == data rows, in files.parquet and in the tables,
and equal to the rows the generator wrote.
"""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.dedupe import blocking
from pipeline.normalize import phone_parse
from pipeline.stages import ingest, vcard_split
from pipeline.synth_spec import generate, people_for_records

KEYS = ["source_file", "source_row"]
# name -> (sources, owner files, messages)
COMBOS = {
    "only_connections": (("linkedin",), False, False),
    "linkedin_google_vcard_no_owner": (("linkedin", "google", "vcard"), False, True),
    "with_owner_files": (("linkedin", "google", "vcard"), True, True),
    "only_vcard": (("vcard",), False, False),
    "only_generic_csv": (("crm",), False, False),
    "everything_but_crm": (("linkedin", "google", "vcard", "outlook"), True, True),
    "everything": (("linkedin", "google", "vcard", "outlook", "crm"), True, True),
}
_rng = random.Random(20261203)
# a CRM file needs rows for its case to mean anything: 40 records or more where there is one
SMALL = [(name, _rng.choice([40, 300, 1500] if "crm" in COMBOS[name][0] else [1, 3, 40, 300, 1500]))
         for name in COMBOS]
RANDOM = [tuple(sorted(_rng.sample(["linkedin", "google", "vcard", "outlook"], _rng.randint(1, 4))))
          for _ in range(3)]


def _run(tmp: Path, sources, records: int, owner: bool, messages: bool, seed: int,
         photos: float = 0.0) -> tuple[Path, pl.DataFrame]:
    ex = tmp / "exports"
    generate(people_for_records(records, sources) if records > 3 else records, seed, ex, sources,
             owner_files=owner, messages=messages, photos=photos,
             truth_path=tmp / "truth.parquet", people_truth_path=tmp / "people.parquet")
    out = tmp / "out"
    res = CliRunner().invoke(main, ["run", str(ex), "--out", str(out), "--as-of", "2026-11-22"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out, pl.read_parquet(tmp / "truth.parquet")


def _assert_accounted(out: Path, truth: pl.DataFrame) -> None:
    files = pl.read_parquet(out / "files.parquet").filter(pl.col("status") == "ingested")
    tables = {"records": pl.read_parquet(out / "records.parquet").select(KEYS),
              "interactions": pl.read_parquet(out / "interactions.parquet").select(KEYS).unique(),
              "owner": pl.read_parquet(out / "owner.parquet").select(KEYS),
              "rejected": pl.read_parquet(out / "rejects.parquet").drop_nulls("source_row").select(KEYS)}
    went = pl.concat([t.with_columns(pl.lit(name).alias("went")) for name, t in tables.items()])
    assert went.select(KEYS).is_unique().all(), "a row in two places"
    per_file = went.group_by("source_file", "went").len().pivot("went", index="source_file", values="len")
    for name in tables:
        if name not in per_file.columns:
            per_file = per_file.with_columns(pl.lit(0, pl.UInt32).alias(name))
    expected = truth.group_by("source_file").agg(pl.len().alias("written"))
    check = (expected.join(files, left_on="source_file", right_on="path", how="left")
             .join(per_file.fill_null(0), on="source_file", how="left").fill_null(0))
    for row in check.iter_rows(named=True):
        f = row["source_file"]
        assert row["status"] == "ingested", f"{f} not ingested"
        counted = row["rows_records"] + row["rows_interactions"] + row["rows_owner"] + row["rows_rejected"]
        assert counted == row["rows_total"] == row["written"], f
        assert (row["records"], row["interactions"], row["owner"], row["rejected"]) == (
            row["rows_records"], row["rows_interactions"], row["rows_owner"], row["rows_rejected"]), f
    assert went.join(truth, on=KEYS, how="anti").height == 0, "rows the generator did not write"


def _params(cases):
    return [pytest.param(*c, id=f"{c[0]}-{c[1]}") for c in cases]


@pytest.mark.parametrize(("combo", "records"), _params(SMALL))
def test_small_combinations(tmp_path, combo, records):
    sources, owner, messages = COMBOS[combo]
    _assert_accounted(*_run(tmp_path, sources, records, owner, messages, seed=records))


@pytest.mark.parametrize("sources", RANDOM, ids=["+".join(s) for s in RANDOM])
def test_random_subsets_with_every_threshold_lowered(tmp_path, monkeypatch, sources):
    """Parallel ingest, the vCard split, the phone pool and rule-by-rule blocking at a small
    size."""
    monkeypatch.setattr(blocking, "ALL_AT_ONCE", 100)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(phone_parse, "POOL_MIN", 50)
    _assert_accounted(*_run(tmp_path, sources, 2500, owner=False, messages=True, seed=7))


@pytest.mark.parametrize(("combo", "records"), _params([("everything", 2000)]))
def test_everything_with_thresholds_lowered(tmp_path, monkeypatch, combo, records):
    monkeypatch.setattr(blocking, "ALL_AT_ONCE", 100)
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(vcard_split, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(phone_parse, "POOL_MIN", 50)
    sources, owner, messages = COMBOS[combo]
    _assert_accounted(*_run(tmp_path, sources, records, owner, messages, seed=3))


def test_no_owner_files_above_polars_chunking_and_phone_pool(tmp_path):
    """The most common user at a size where the tag stage used to crash (45k records,
    ~50k phone values: the phone pool starts)."""
    _assert_accounted(*_run(tmp_path, ("linkedin", "google", "vcard"), 45_000, owner=False,
                            messages=True, seed=45))


def test_only_vcard_above_the_row_batch(tmp_path):
    _assert_accounted(*_run(tmp_path, ("vcard",), 22_000, owner=False, messages=False, seed=22))


def test_phone_book_with_photos_is_split_and_ingested_in_parallel(tmp_path):
    """A 24+ MiB .vcf (photos) next to a LinkedIn zip: real parallel ingest and vCard split."""
    out, truth = _run(tmp_path, ("linkedin", "vcard"), 4000, owner=False, messages=False, seed=24,
                      photos=0.85)
    vcf = tmp_path / "exports" / "phone_contacts.vcf"
    assert vcf.stat().st_size >= vcard_split.SPLIT_MIN_BYTES
    _assert_accounted(out, truth)
