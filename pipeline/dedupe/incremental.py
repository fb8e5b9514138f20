"""Incremental dedupe (issue 16): a refresh where a few records changed takes the comparison
levels of every candidate pair of two unchanged records from what the current run kept of
its pairs (KEPT), and computes everything else as a full run does.

Why only the levels (docs/incremental-dedupe.md lists what a pair's result depends on):
- `compare.levels` is a function of the pair's two feature rows alone, and a feature row is a
  function of its record's columns (SOURCES; tests/test_incremental_dedupe_invariants.py). So
  a pair both of whose records have the columns the current run saw gets the levels it had
  then. The pairs table holds them as text by record id; a run also keeps them as codes by
  pair index (KEPT), which the next run maps onto its own indexes through the record ids.
- Nothing else is reused. Blocking is recomputed (its caps and the loose rules' budget are
  global, and it is a few percent of the stage); email_name and domain_org (the spelled-pair
  cap), term frequencies, namesakes, the prior and so every weight, clustering, ids, people
  and review are all computed from this run's records, as in a full run. A weight moves with
  the record count and every value's frequency, so a component's clustering could only be
  reused by proving each of its comparisons unchanged; that is left for later.
So the result is the full run's, whatever changed: a pair that is new (a block that fell
under its cap, a new record, the copies rescoring of stage.score_pairs) is compared afresh.

A run falls back to the full path (and says why, in the log and the manifest's dedupe stats)
when the current run's fingerprint does not vouch for its tables (kith's code, schema,
decisions, thresholds or settings differ), when they cannot be read, or when more than
MAX_CHANGED of the records are new or changed (then reading the old pairs costs more than
it saves).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipeline import schema
from pipeline.dedupe import coded
from pipeline.dedupe.blocking import PAIR_SHIFT, pair_code
from pipeline.dedupe.compare import SCORE_INPUTS, levels, with_sides
from pipeline.dedupe.model import LEVEL
from pipeline.outputs import OutputError, StaleTable, check_stage_table

log = logging.getLogger("kith")

# The levels compare.levels computes (cross_levels adds email_name and domain_org, which read
# the spelled pairs of the whole book, and is run on every pair).
LEVELS = [f"{f}_level" for f in schema.COMPARISON_FIELDS if f not in ("email_name", "domain_org")]
# The record columns features.build reads for the feature columns compare.levels reads
# (SCORE_INPUTS): a record whose SOURCES are unchanged has the same comparison features.
# source_file stands for file_code (its dense rank, which moves when a file comes or goes);
# source_row is not read by any comparison, and a deleted row renumbers every later one.
SOURCES = ("given_key", "family_key", "email_keys", "phones_e164", "linkedin_slug", "org_key",
           "birthday_year", "birthday_month", "birthday_day", "city", "street_key",
           "postcode_key", "middle_name", "title", "source_file", "source")
MAX_CHANGED = 0.10  # share of new or changed records above which the full path runs
# The fingerprint parts (pipeline.refresh) the stored levels depend on, and those the task's
# fallback rule names (decisions, thresholds): a change in any runs the full path.
PARTS = ("kith", "default_region", "decisions", "thresholds")


# What a run keeps for the next (beside its stage tables, in the run's folder): each scored
# pair's LEVELS by pair code in that run's idx (record_id order, features.build). Two integer
# columns and Enum ones: the pairs table holds the same as text, whose reading and joins on
# record ids cost more than comparing the pairs again.
KEPT = "stages/dedupe/levels"


def kept(pairs: pl.DataFrame) -> pl.DataFrame:
    """What a run keeps of its scored pairs (l, r, LEVELS as Enum)."""
    return pairs.select(pair_code(pl.col("l"), pl.col("r")), *LEVELS)


@dataclass
class Previous:
    """The current run's kept levels (lr in its idx, LEVELS) and records (record_id,
    SOURCES)."""

    pairs: pl.DataFrame
    records: pl.DataFrame


def load(out: Path, current_fp: dict | None, now_fp: dict | None) -> tuple[Previous | None, str]:
    """The current run's kept levels and records when its fingerprint vouches for them, else
    (None, why not)."""
    if not current_fp or not now_fp:
        return None, "no fingerprint of the current run"
    moved = [p for p in PARTS if current_fp.get(p) is None or current_fp.get(p) != now_fp.get(p)]
    if moved:
        return None, f"changed since the current run: {', '.join(moved)}"
    folder = out / "current"
    try:
        check_stage_table(folder / "stages" / "dedupe" / "records.parquet", schema.RECORDS)
        records = pl.read_parquet(folder / "stages" / "dedupe" / "records.parquet",
                                  columns=["record_id", *SOURCES])
        pairs = pl.read_parquet(folder / f"{KEPT}.parquet")
    except (OutputError, StaleTable, OSError, pl.exceptions.PolarsError) as exc:
        return None, f"the current run's dedupe tables are unreadable ({exc})"
    want = {"lr": pl.UInt64, **dict.fromkeys(LEVELS, LEVEL)}
    if dict(pairs.schema) != want:
        return None, "the current run's kept levels are not this kith's"
    if pairs.height and int(pairs["lr"].max() // PAIR_SHIFT) >= records.height:
        return None, "the current run's kept levels are not of its records"
    return Previous(pairs, records), ""


def moved_to(previous: pl.DataFrame, records: pl.DataFrame) -> np.ndarray:
    """Per idx of the previous run (record_id order), this run's idx of the same record when
    its SOURCES are the same (column by column, nulls equal), else -1."""
    def ranked(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select("record_id", *SOURCES).with_columns(
            pl.col("record_id").rank("ordinal").cast(pl.Int64).alias("_idx") - 1)

    cand = ranked(records).join(ranked(previous), on="record_id", how="inner", suffix="_old")
    same = pl.all_horizontal([pl.col(c).eq_missing(pl.col(f"{c}_old")) for c in SOURCES])
    both = cand.filter(same)
    out = np.full(previous.height, -1, dtype=np.int64)
    out[both["_idx_old"].to_numpy()] = both["_idx"].to_numpy()
    return out


@dataclass
class Known:
    """The reusable levels of this run's pairs, by pair code (l, r: this run's idx)."""

    table: pl.DataFrame  # lr (UInt64), LEVELS (Enum)
    changed: int  # records new or changed since the current run
    reused: int = 0  # pairs whose levels were taken (counted as scoring asks)
    fresh: int = 0  # pairs compared afresh

    def __call__(self, part: pl.DataFrame, codes: coded.Coded) -> pl.DataFrame:
        """compare.levels of `part` (l, r, rule), in its order: reused where known."""
        rows = part.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
                           pair_code(pl.col("l"), pl.col("r")))
        hits = rows.join(self.table, on="lr", how="inner").drop("lr")
        missing = (~pl.zeros(part.height, pl.Boolean, eager=True).scatter(hits["_row"], True)
                   ).arg_true()
        self.reused += hits.height
        self.fresh += missing.len()
        parts = [part.with_row_index("_row").select("_row", "l", "r", "rule")
                 .join(hits, on="_row", how="inner")]
        if missing.len():
            new = part[missing]
            new = levels(with_sides(new, codes.features, SCORE_INPUTS), codes.values)
            parts.append(new.select(pl.Series("_row", missing, dtype=pl.UInt32), "l", "r",
                                    "rule", *LEVELS))
        return pl.concat(parts, how="vertical").sort("_row").drop("_row")


def known_levels(prev: Previous, records: pl.DataFrame) -> tuple[Known | None, str]:
    """The previous levels of pairs of two unchanged records, in this run's idx (the
    record_id order, as features.build numbers them); (None, why) when too many records
    changed."""
    moved = moved_to(prev.records, records)
    changed = records.height - int((moved >= 0).sum())
    if changed > MAX_CHANGED * max(records.height, 1):
        return None, f"{changed} of {records.height} records new or changed"
    lr = prev.pairs["lr"].to_numpy()
    shift = np.uint64(PAIR_SHIFT)
    left, right = moved[(lr // shift).astype(np.int64)], moved[(lr % shift).astype(np.int64)]
    keep = (left >= 0) & (right >= 0)
    code = left[keep].astype(np.uint64) * shift + right[keep].astype(np.uint64)
    table = prev.pairs.filter(pl.Series(keep)).with_columns(pl.Series("lr", code))
    return Known(table, changed), ""
