"""People the user asked kith to forget: their records are dropped on every later run.

The suppression list keeps only sha256 digests of the person's natural keys (LinkedIn slug,
e-mail keys, E.164 phones, record ids), so the list itself no longer says who they were. A
suppressed row is accounted for as a reject with no excerpt: nothing lost, nothing kept.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.dedupe.decisions import record_keys as natural_record_keys
from pipeline.outputs import private_file_write

REASON = "Forgotten at your request (kith forget)."
HEADER = """\
# People you asked kith to forget. Records carrying any of these keys are dropped on every run.
# The keys are stored as sha256 digests, so this file does not say who they were.
"""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def load(path: Path | None) -> set[str]:
    if path is None or not path.exists():
        return set()
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        raise ValueError(f"{path}: not a valid suppression list") from None
    return {h for h in raw.get("digests", []) if isinstance(h, str)}


def add(path: Path, keys: set[str]) -> int:
    current = load(path)
    new = current | {digest(k) for k in keys}
    body = "digests = [\n" + "".join(f'  "{h}",\n' for h in sorted(new)) + "]\n"
    private_file_write(path, HEADER + body)
    return len(new) - len(current)


def record_keys(records: pl.DataFrame) -> pl.DataFrame:
    """(record_id, key) for every natural key of every record, its record id included."""
    own = records.select("record_id",
                         pl.concat_str(pl.lit("record:"), "record_id").alias("key"))
    return pl.concat([own, natural_record_keys(records)])


def _hashed(keys: pl.Series) -> pl.Series:
    uniq = keys.unique()
    table = pl.DataFrame({"key": uniq, "h": [digest(k) for k in uniq.to_list()]})
    return pl.DataFrame({"key": keys}).join(table, on="key", how="left",
                                            maintain_order="left")["h"]


def suppressed_records(records: pl.DataFrame, digests: set[str]) -> pl.DataFrame:
    """records rows (record_id, source_file, source_row) whose keys are suppressed."""
    if not digests or records.height == 0:
        return records.select("record_id", "source_file", "source_row").clear()
    keys = record_keys(records)
    keys = keys.with_columns(_hashed(keys["key"]).alias("h"))
    hit = keys.filter(pl.col("h").is_in(list(digests)))["record_id"].unique()
    return records.filter(pl.col("record_id").is_in(hit.to_list())).select(
        "record_id", "source_file", "source_row")


def suppressed_interactions(interactions: pl.DataFrame, digests: set[str]) -> pl.Series:
    """interaction_id values whose counterpart is a forgotten LinkedIn profile."""
    slugs = interactions.select(pl.col("counterpart_slug").drop_nulls().unique())["counterpart_slug"]
    gone = {s for s in slugs.to_list() if digest(f"linkedin:{s}") in digests}
    return interactions.filter(pl.col("counterpart_slug").is_in(list(gone)))["interaction_id"]


def apply(ing: dict[str, pl.DataFrame], norm: dict[str, pl.DataFrame], digests: set[str]
          ) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame], int]:
    """Drop forgotten rows from the stage-1 and stage-2 tables; account for them as rejects."""
    if not digests:
        return ing, norm, 0
    recs = suppressed_records(norm["records"], digests)
    inter_ids = suppressed_interactions(norm["interactions"], digests)
    inter = norm["interactions"].filter(pl.col("interaction_id").is_in(inter_ids.to_list()))
    if recs.height == 0 and inter.height == 0:
        return ing, norm, 0
    kept_inter = norm["interactions"].filter(~pl.col("interaction_id").is_in(inter_ids.to_list()))
    # A group message keeps its row while another counterpart remains in it.
    inter_pos = inter.select("source_file", "source_row").unique().join(
        kept_inter.select("source_file", "source_row").unique(),
        on=["source_file", "source_row"], how="anti")
    rec_pos = recs.select("source_file", "source_row").unique()
    norm = {**norm,
            "records": norm["records"].join(recs.select("record_id"), on="record_id", how="anti"),
            "interactions": kept_inter}
    ing = {**ing,
           "contacts": ing["contacts"].join(rec_pos, on=["source_file", "source_row"],
                                            how="anti"),
           "interactions": ing["interactions"].join(
               inter.select("source_file", "source_row", "counterpart_url"),
               on=["source_file", "source_row", "counterpart_url"], how="anti",
               nulls_equal=True)}
    positions = pl.concat([rec_pos, inter_pos])
    rejects = positions.with_columns(pl.lit(REASON).alias("reason"), pl.lit("").alias("excerpt"))
    ing["rejects"] = pl.concat([ing["rejects"], schema.conform(rejects, schema.REJECTS)])
    counts = pl.concat([
        rec_pos.with_columns(pl.lit(1).alias("r"), pl.lit(0).alias("i")),
        inter_pos.with_columns(pl.lit(0).alias("r"), pl.lit(1).alias("i")),
    ]).group_by("source_file").agg(pl.sum("r"), pl.sum("i"))
    files = ing["files"].join(counts, left_on="path", right_on="source_file", how="left")
    files = files.with_columns(pl.col("r").fill_null(0), pl.col("i").fill_null(0)).with_columns(
        (pl.col("rows_records") - pl.col("r")).alias("rows_records"),
        (pl.col("rows_interactions") - pl.col("i")).alias("rows_interactions"),
        (pl.col("rows_rejected") + pl.col("r") + pl.col("i")).alias("rows_rejected"),
    ).drop("r", "i")
    ing["files"] = schema.conform(files, schema.FILES)
    return ing, norm, positions.height
