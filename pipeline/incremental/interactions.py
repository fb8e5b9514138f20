"""Normalised interactions, reused row by row from the current run (a refresh where the
LinkedIn messages, invitations and endorsements barely changed: a new export repeats every
earlier row and adds the last days').

An interaction's normalised columns but its id (occurred_at, counterpart_slug,
counterpart_key: pipeline.stages.normalize.interaction_columns) are functions of its raw
values alone, whatever the file or row it sits in, and of kith's code: parse_datetime,
linkedin_slug and full_name_key read no setting. So a row whose raw columns (but its position)
are those of a row the current run normalised takes that row's columns, and only the other
rows are normalised. The id is not per row (a natural key repeated within a source gets an
occurrence number counted in file order, which an added or deleted row can shift): it is
computed afresh for every row with the function the stage uses (with_interaction_ids).

Found as pipeline.incremental.records finds records: by a hash of the raw columns, then
compared column by column, so a hash collision costs a row normalised again, never a wrong one.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.incremental.records import found
from pipeline.outputs import OutputError, StaleTable, read_stage_table
from pipeline.stages import normalize as stage

POSITION = ("source_file", "source_row")
CONTENT = tuple(c for c in schema.INTERACTIONS_RAW if c not in POSITION)
DERIVED = tuple(stage.interaction_columns())
TABLE = ("stages", "normalize", "interactions.parquet")


def previous_interactions(out: Path, current_fp: dict | None, now_fp: dict | None
                          ) -> pl.DataFrame | None:
    """The current run's normalised interactions when they were made by this kith (its
    fingerprint's "kith" part: version, build, schema), else None."""
    if not current_fp or not now_fp or current_fp.get("kith") is None or \
            current_fp.get("kith") != now_fp.get("kith"):
        return None
    try:
        return read_stage_table(out.joinpath("current", *TABLE), schema.INTERACTIONS)
    except (OutputError, StaleTable, OSError):
        return None


def normalize_interactions(interactions: pl.DataFrame, previous: pl.DataFrame | None
                           ) -> tuple[pl.DataFrame, int]:
    """(what stage.normalize_interactions(interactions) returns, how many rows were taken
    from `previous`: the current run's normalised interactions, made by the same kith)."""
    raw = stage.raw_table(interactions, schema.INTERACTIONS_RAW)
    if previous is None or previous.height == 0 or raw.height == 0:
        return stage.normalize_interactions(raw), 0
    taken = found(raw, previous, None, CONTENT, DERIVED)
    missing = (~pl.zeros(raw.height, pl.Boolean, eager=True).scatter(taken["_i"], True)
               ).arg_true().cast(pl.UInt32)
    parts = [taken]
    if missing.len():
        fresh = raw[missing].select(**stage.interaction_columns())
        parts.append(fresh.with_columns(_i=missing).select("_i", *DERIVED))
    derived = pl.concat(parts).sort("_i").drop("_i")
    return (stage.with_interaction_ids(pl.concat([raw, derived], how="horizontal")),
            taken.height)
