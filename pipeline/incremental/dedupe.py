"""Dedupe's feature rows and comparison levels, reused from the run before (a refresh where a
few contacts changed; issue 16, docs/incremental-dedupe.md).

What is reused is what depends on a record, or on a pair of records, alone:

- a record's feature row but `idx` and `file_code` (features.derive works row by row on
  features.project's columns; tests/test_incremental_dedupe_invariants.py), when its projected
  columns are those the run before projected for the same record_id (source_file and
  source_row aside: nothing derived reads them, and a deleted row shifts every row after it);
- a candidate pair's comparison levels but the two cross levels (compare.levels reads the two
  records' feature columns only), when both records were reused and the run before compared
  the same two records.

Everything that reads all records is computed afresh, as in a full run: idx and file codes,
blocking (block caps), the cross levels (the capped spelled pairs), term frequencies, namesakes,
the prior and its estimate, every weight, and all that follows scoring (clustering, ids,
people, review). So the stage's outputs are the full run's, bit for bit
(tests/test_incremental_dedupe.py).

The memo: every dedupe run writes its feature rows (in idx order, with the kith build that made
them) and the levels of its candidate pairs (by that run's idx) beside its stage tables, as
two files published with the run. The next run trusts them only when its kith build is theirs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.dedupe import blocking, coded, compare, features, prior
from pipeline.dedupe.blocking import pair_code
from pipeline.dedupe.model import LEVEL

FEATURES = "stages/dedupe/memo_features"  # ctx.extra keys: written as <key>.parquet
LEVELS = "stages/dedupe/memo_levels"
KITH = "_kith"  # the memo's column naming the kith build that made it
# The levels compare.levels gives (per pair); email_name and domain_org read the run's spelled
# pairs and are computed again for every pair (compare.cross_levels).
PER_PAIR = [f"{f}_level" for f in schema.COMPARISON_FIELDS if f not in ("email_name", "domain_org")]
# Projected columns a derived column may differ by without the derived row differing.
POSITION = ("idx", "source_file", "source_row")


@dataclass(frozen=True)
class Memo:
    """The run before's feature rows (idx order) and its pairs' levels (l, r: its idx)."""

    features: pl.DataFrame
    levels: pl.DataFrame


@dataclass(frozen=True)
class Reused:
    records: int
    pairs: int


def memo_tables(feats: pl.DataFrame, scored: pl.DataFrame, kith: str) -> dict[str, pl.DataFrame]:
    """What the next run needs: ctx.extra entries (path without .parquet -> frame)."""
    return {FEATURES: feats.drop("file_code").with_columns(pl.lit(kith).alias(KITH)),
            LEVELS: scored.select("l", "r", *PER_PAIR)}


def load(run_dir: Path, kith: str | None) -> Memo | None:
    """The memo of the run in `run_dir` (DIR/current), when this kith build made it."""
    if not kith:
        return None
    try:
        tables = {rel: pl.read_parquet(run_dir / f"{rel}.parquet") for rel in (FEATURES, LEVELS)}
    except (OSError, pl.exceptions.PolarsError):
        return None
    return from_tables(tables, kith)


def from_tables(tables: dict[str, pl.DataFrame], kith: str) -> Memo | None:
    """memo_tables' frames as a Memo, when this kith build made them (else None)."""
    feats, levels = tables[FEATURES], tables[LEVELS]
    if feats.height == 0 or KITH not in feats.columns or feats[KITH][0] != kith \
            or feats[KITH].n_unique() != 1:
        return None
    want = _derived_schema()
    if sorted(feats.drop(KITH).columns) != sorted(want) \
            or sorted(levels.columns) != sorted(["l", "r", *PER_PAIR]):
        return None
    return Memo(feats.select(list(want)).cast(dict(want)),
                levels.select("l", "r", *(pl.col(c).cast(LEVEL) for c in PER_PAIR)))


def build_features(records: pl.DataFrame, memo: Memo | None
                   ) -> tuple[pl.DataFrame, pl.Series]:
    """(features.build(records), per idx whether the row came from the memo)."""
    proj = features.project(records)
    if memo is None or proj.height == 0:
        return features.with_file_codes(features.derive(proj)), pl.Series(
            "reused", [False] * proj.height, dtype=pl.Boolean)
    old = memo.features
    at = _old_rows(proj, old)  # per idx: the memo's row of the same record, same columns
    reused = at.is_not_null().alias("reused")
    kept = proj.filter(reused)
    derived = [c for c in old.columns if c not in proj.columns]
    parts = [pl.concat([kept, old.select(derived)[at.drop_nulls()]], how="horizontal")]
    if kept.height < proj.height:
        parts.append(features.derive(proj.filter(~reused)))
    feats = pl.concat(parts, how="vertical_relaxed")
    if len(parts) > 1:
        feats = feats.sort("idx")
    want = _derived_schema()
    return features.with_file_codes(feats.select(list(want)).cast(dict(want))), reused


def _old_rows(proj: pl.DataFrame, old: pl.DataFrame) -> pl.Series:
    """Per row of `proj` (idx order): the row of `old` with its record_id and the same projected
    columns (POSITION aside), else null. Only the ids are joined; the columns are compared
    by gathering both sides (a join carrying every list column cost twice as much)."""
    m = proj.select("idx", "record_id").join(
        old.select("record_id").with_row_index("_old"), on="record_id", how="inner")
    compared = [c for c in proj.columns if c not in POSITION and c != "record_id"]
    a, b = proj.select(compared)[m["idx"]], old.select(compared)[m["_old"]]
    same = pl.DataFrame([a[c].eq_missing(b[c]).alias(c) for c in compared]).select(
        pl.all_horizontal(compared)).to_series()
    m = m.filter(same)
    return pl.Series("_old", [None] * proj.height, dtype=pl.UInt32).scatter(m["idx"], m["_old"])


@functools.cache
def _derived_schema() -> pl.Schema:
    """features.derive's columns and types (every feature column but file_code)."""
    return features.derive(features.project(schema.empty(schema.RECORDS))).schema


def _kept_levels(pairs: pl.DataFrame, feats: pl.DataFrame, reused: pl.Series,
                 memo: Memo) -> pl.DataFrame:
    """(_pos: row of `pairs`, PER_PAIR...) for the candidate pairs of two reused records that
    the run before compared."""
    # the memo's idx -> this run's, for reused records; by the memo's own idx column, not its
    # row position: `kith forget` deletes a person's rows from every table of every run. idx
    # follows record_id order in both runs, so a kept pair's l < r still.
    now = feats.select("idx", "record_id").filter(reused)
    to_new = memo.features.select(pl.col("idx").alias("o"), "record_id").join(
        now, on="record_id", how="inner").drop("record_id")
    prev = memo.levels.join(to_new.rename({"o": "l", "idx": "nl"}), on="l", how="inner").join(
        to_new.rename({"o": "r", "idx": "nr"}), on="r", how="inner")
    prev = prev.select(pair_code(pl.col("nl"), pl.col("nr")), *PER_PAIR)
    return pairs.select(pair_code(pl.col("l"), pl.col("r")).alias("lr")).with_row_index(
        "_pos").join(prev, on="lr", how="inner").drop("lr")


def _levels(pairs: pl.DataFrame, run, kept: pl.DataFrame | None) -> pl.DataFrame:
    """pairs (l, r, rule) -> with PER_PAIR levels: kept ones scattered in, the rest compared."""
    todo = pairs.with_row_index("_pos")
    if kept is not None and kept.height:
        todo = todo.join(kept.select("_pos"), on="_pos", how="anti")
    parts = [] if kept is None else [kept.select("_pos", *PER_PAIR)]
    step = compare.SCORE_CHUNK
    for at in range(0, todo.height, step):
        part = todo.slice(at, step)
        sides = compare.with_sides(part.drop("_pos", "rule"), run.coded.features,
                                   compare.SCORE_INPUTS)
        lv = compare.levels(sides, run.coded.values)
        parts.append(lv.select(part["_pos"], *PER_PAIR))
    lv = pl.concat(parts).sort("_pos") if parts else None
    cols = [pl.col(c).cast(LEVEL) for c in PER_PAIR]
    if lv is None:
        return pairs.with_columns(pl.lit(None, dtype=LEVEL).alias(c) for c in PER_PAIR)
    return pl.concat([pairs, lv.select(cols)], how="horizontal")


def score_pairs(feats: pl.DataFrame, reused: pl.Series, memo: Memo | None,
                columns: list[str], coded_columns: list[str]
                ) -> tuple[pl.DataFrame, dict[str, int], int]:
    """stage.score_pairs with the levels of pairs of reused records taken from `memo`:
    (scored pairs with `columns`, pairs by rule, how many pairs' levels were reused)."""
    codes = coded.encode(feats, coded_columns)
    pairs, counts = blocking.candidate_pairs(codes.features)
    run = compare._RunTables(feats, codes)
    kept = _kept_levels(pairs, feats, reused, memo) if memo is not None else None
    p = compare.cross_levels(_levels(pairs, run, kept), feats, run.spelled)
    assumed = compare.prior_weight(feats.height)
    scored = compare.weigh(p, feats, run, assumed).select(columns)
    estimated = prior.estimate(scored["weight"], feats.height, assumed)
    if estimated > assumed + prior.RESCORE_BITS:
        scored = compare.weigh(p, feats, run, estimated).select(columns)
    return scored, counts, 0 if kept is None else kept.height
