"""DIR/warm_paths.parquet: for each target company, which opted-in owners know someone there,
and how warmly. One row per (target, owner, contact), from the owners' published targets and
people partitions; owners who did not opt in are never read.

Targets are matched across owners by kith's employer key (`Globex Inc.` ~ `Globex`), the way
one owner's targets match organisations. Owners are ranked per target by their warmest path
(ties by owner id); `rank` is the contact's rank among that owner's own paths. Contacts stay
each owner's own: nothing is merged across owners. Only names, organisation, title, warmth and
reasons are shared, never e-mail addresses or phone numbers.

Built with polars over the hive-partitioned dataset (`--engine local`) or with Spark
(`--engine spark`; when no owner changed, no Spark application is started and polars builds
it); both give the same rows in the same order.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.batch import layout
from pipeline.normalize import orgs
from pipeline.tagging import keywords

S = pl.String
WARM_PATHS = schema.WARM_PATHS
ORDER = ["target_key", "owner_rank", "rank", "person_id"]


def with_target_key(frame: pl.DataFrame) -> pl.DataFrame:
    key = keywords.employer_key(orgs.org_key(pl.col("target")))
    return frame.with_columns(
        pl.coalesce(key, pl.col("target").str.to_lowercase()).alias("target_key"))


def _finish(frame: pl.DataFrame) -> pl.DataFrame:
    return schema.conform(frame.select(list(WARM_PATHS)), WARM_PATHS).sort(
        ORDER, nulls_last=True)


def build_polars(root: Path, owners: list[str]) -> pl.DataFrame:
    if not owners:
        return schema.empty(WARM_PATHS)
    chosen = pl.col("owner_id").is_in(sorted(owners))
    targets = layout.scan(root, "targets").filter(chosen).collect()
    people = (layout.scan(root, "people").filter(chosen)
              .select("owner_id", "person_id", "warmth_reason"))
    frame = (with_target_key(targets).lazy()
             .join(people, on=["owner_id", "person_id"], how="left")
             .with_columns(owner_best_warmth=pl.col("warmth").max().over("target_key", "owner_id"),
                           owner_paths=pl.len().over("target_key", "owner_id").cast(pl.Int64))
             .collect())
    ranks = (frame.select("target_key", "owner_id", "owner_best_warmth").unique()
             .sort(["target_key", "owner_best_warmth", "owner_id"],
                   descending=[False, True, False], nulls_last=True)
             .with_columns(owner_rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
                           .over("target_key"))
             .drop("owner_best_warmth"))
    return _finish(frame.join(ranks, on=["target_key", "owner_id"], how="left"))


def _key_batches(batches):
    """mapInArrow: add target_key with the polars expressions above, on the executors."""
    for batch in batches:
        yield from with_target_key(pl.from_arrow(batch)).to_arrow().to_batches()


def build_spark(spark, root: Path, owners: list[str]) -> pl.DataFrame:
    if not owners:
        return schema.empty(WARM_PATHS)
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    def read(table: str):
        return (spark.read.option("basePath", str(root / table)).parquet(str(root / table))
                .where(F.col("owner_id").isin(sorted(owners))))

    targets = read("targets")
    keyed_schema = StructType([*targets.schema.fields, StructField("target_key", StringType())])
    keyed = targets.mapInArrow(_key_batches, keyed_schema)
    people = read("people").select("owner_id", "person_id", "warmth_reason")
    per_owner = Window.partitionBy("target_key", "owner_id")
    frame = (keyed.join(people, ["owner_id", "person_id"], "left")
             .withColumn("owner_best_warmth", F.max("warmth").over(per_owner))
             .withColumn("owner_paths", F.count(F.lit(1)).over(per_owner)))
    by_target = Window.partitionBy("target_key").orderBy(
        F.col("owner_best_warmth").desc_nulls_last(), F.col("owner_id").asc())
    ranks = (frame.select("target_key", "owner_id", "owner_best_warmth").distinct()
             .withColumn("owner_rank", F.row_number().over(by_target))
             .drop("owner_best_warmth"))
    result = frame.join(ranks, ["target_key", "owner_id"], "left")
    return _finish(pl.from_arrow(result.toArrow()))
