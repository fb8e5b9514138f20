"""Normalised contact records, reused row by row from the current run (a refresh where a few
contacts changed).

A record's normalised columns (schema.RECORDS_NORM but its two ids) are a function of its raw
columns other than where it sits (source_file, source_row), of the default region and of kith's
version alone: every function in pipeline.normalize works value by value (the on_unique and
distinct_apply helpers only share work between equal values). So a row whose raw columns are
those of a row the current run normalised gets that row's normalised columns, and only the
other rows are normalised (pipeline.stages.normalize.normalize_records on them alone). The ids
are not per row: a natural key repeated within a source gets an occurrence number counted in
file order, which an added or deleted row can shift. They are computed afresh for every row,
with the same function normalize_records uses.

A previous row is found by a hash of its raw columns and then compared column by column, so a
hash collision costs a re-normalised row, never a wrong one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipeline import schema
from pipeline.outputs import OutputError, StaleTable, read_stage_table
from pipeline.stages import normalize as stage

if TYPE_CHECKING:
    from pipeline.normalize.region import Readings

POSITION = ("source_file", "source_row")
CONTENT = tuple(c for c in schema.CONTACTS_RAW if c not in POSITION)
IDS = ("record_id", "person_id")
DERIVED = tuple(c for c in schema.RECORDS_NORM if c not in IDS)
# The fingerprint parts (pipeline.refresh) the normalised columns depend on beyond the raw row.
PARTS = ("kith", "default_region")
# The phone readings a run's normalize stage used, beside its tables: the folder's and the
# files read their own way ({"phone_region": "US>GB", "files": {source_file: "CN>US"}}). With
# default_region "auto" they depend on the contacts' numbers (pipeline.normalize.region), which
# 1% of changed rows can tip, so a row is reused only when it is read the same way now: a
# file whose reading changed is normalised again, the others' rows are reused.
REGION_FILE = "stages/normalize/phone_region.json"
READING = "_reading"  # a row's reading (RegionChoice.key), beside the previous records


def _previous_readings(out: Path) -> tuple[str, dict[str, str]] | None:
    try:
        found = json.loads((out / "current" / REGION_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not isinstance(found.get("phone_region"), str):
        return None
    files = found.get("files", {})
    return (found["phone_region"], files) if isinstance(files, dict) else None


def previous_records(out: Path, current_fp: dict | None, now_fp: dict | None
                     ) -> pl.DataFrame | None:
    """The current run's normalised records, when they were made by this kith with this
    default region setting (the current run's fingerprint vouches for its stage tables), each
    with the phone reading it was made under (READING); else None."""
    from pipeline.normalize.region import row_keys

    if not current_fp or not now_fp or any(
            current_fp.get(p) is None or current_fp.get(p) != now_fp.get(p) for p in PARTS):
        return None
    readings = _previous_readings(out)
    if readings is None:
        return None
    try:
        previous = read_stage_table(
            out / "current" / "stages" / "normalize" / "records.parquet", schema.RECORDS)
    except (OutputError, StaleTable, OSError):
        return None
    return previous.with_columns(row_keys(previous["source_file"], *readings).alias(READING))


def found(raw: pl.DataFrame, previous: pl.DataFrame, reading: pl.Series | None,
          content_cols: tuple[str, ...] = CONTENT, derived: tuple[str, ...] = DERIVED
          ) -> pl.DataFrame:
    """(_i: row of `raw`, `derived`...) for the rows of `raw` whose `content_cols` a previous
    row has, read the same way (`reading`: each row's reading now, against the previous
    READING; None: no reading). The interactions' reuse (incremental/interactions.py) finds
    its rows the same way, with its own columns."""
    content = list(content_cols)
    old, new = previous.select(*content_cols, *derived), raw.select(content_cols)
    if reading is not None and READING in previous.columns:
        old = old.with_columns(previous[READING])
        new = new.with_columns(reading.alias(READING))
        content.append(READING)
    old = (old.with_columns(_h=old.select(content).hash_rows())
           .unique("_h", keep="first", maintain_order=True))
    new = new.with_columns(_h=new.select(content).hash_rows(),
                           _i=pl.int_range(pl.len(), dtype=pl.UInt32))
    cand = new.join(old, on="_h", how="inner", suffix="_old")
    same = pl.all_horizontal([pl.col(c).eq_missing(pl.col(f"{c}_old")) for c in content])
    return cand.filter(same).select("_i", *derived)


def normalize_records(contacts: pl.DataFrame, *, default_region: str,
                      previous: pl.DataFrame | None, second_region: str | None = None,
                      rivals: tuple[str, ...] = (), readings: Readings | None = None
                      ) -> tuple[pl.DataFrame, int]:
    """(what stage.normalize_records(contacts) returns, how many rows were taken from
    `previous`: the current run's records, made with the same kith, and each read as now).
    `default_region`, `second_region`: the readings chosen for all of `contacts`, never
    "auto" (a part of them could infer others); `readings`: those and the files read their
    own way (region.Readings), when there are such."""
    raw = stage.raw_table(contacts, schema.CONTACTS_RAW)
    apart = readings.apart(raw["source_file"]) if readings is not None else None

    def fresh_records(rows: pl.DataFrame, at: pl.Series | None) -> pl.DataFrame:
        return stage.normalize_records(
            rows, default_region=default_region, second_region=second_region, rivals=rivals,
            readings=apart[1] if apart else None,
            phone_scope=(apart[0] if at is None else apart[0].gather(at)) if apart else None)

    if previous is None or previous.height == 0 or raw.height == 0:
        return fresh_records(raw, None), 0
    taken = found(raw, previous,
                  readings.row_keys(raw["source_file"]) if readings is not None else None)
    missing = (~pl.zeros(raw.height, pl.Boolean, eager=True).scatter(taken["_i"], True)
               ).arg_true().cast(pl.UInt32)
    parts = [taken]
    if missing.len():
        fresh = fresh_records(raw[missing], missing)
        parts.append(fresh.select(DERIVED).with_columns(_i=missing).select("_i", *DERIVED))
    derived = pl.concat(parts).sort("_i").drop("_i")
    out = pl.concat([raw, derived], how="horizontal")
    hex16 = stage.stable_hex(out, stage._record_natural_key(), ["source"])
    out = out.with_columns(record_id="r_" + hex16, person_id="p_" + hex16)
    return out.select(list(schema.RECORDS)).cast(schema.RECORDS), taken.height
