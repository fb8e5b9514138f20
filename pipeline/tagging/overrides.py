"""The user's network decisions ("in-network" / "not-in-network" in decisions.toml): the
people each one names, applied after the rules' evidence (pipeline.tagging.evidence); the
latest decision per person and network wins.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.dedupe.decisions import Decision
from pipeline.normalize import emails as emails_mod
from pipeline.tagging.rules import OVERRIDE_RULE

OVERRIDE_REASON = "your decision"


def override_people(records: pl.DataFrame, decisions: list[Decision]) -> pl.DataFrame:
    """The network decisions with the people their key names: decision id, kind, network,
    key, person_id (null when the key names nobody in this run)."""
    ds = [d for d in decisions if d.kind in ("in-network", "not-in-network")]
    frame = pl.DataFrame(
        {"decision_id": [d.id for d in ds], "kind": [d.kind for d in ds],
         "network": [d.b for d in ds], "key": [d.a for d in ds]},
        schema={"decision_id": pl.Int64, "kind": pl.String, "network": pl.String,
                "key": pl.String})
    frame = frame.with_columns(
        pl.col("key").str.extract(r"^([a-z]+):", 1).alias("prefix"),
        pl.col("key").str.extract(r"^[a-z]+:(.*)$", 1).str.strip_chars().alias("value"))
    frame = frame.with_columns(
        pl.when(pl.col("prefix") == "email")
        .then(emails_mod.email_key(pl.col("value").str.to_lowercase()))
        .when(pl.col("prefix") == "linkedin").then(pl.col("value").str.to_lowercase())
        .otherwise(pl.col("value")).alias("value"))
    used = set(frame["prefix"].drop_nulls().to_list())
    parts = []
    for prefix, col in (("linkedin", "linkedin_slug"), ("email", "email_keys"),
                        ("phone", "phones_e164"), ("record", "record_id")):
        if prefix not in used:
            continue
        values = frame.filter(pl.col("prefix") == prefix)["value"].drop_nulls().unique()
        part = records.select(pl.lit(prefix).alias("prefix"), pl.col(col).alias("value"),
                              "person_id")
        if col in ("email_keys", "phones_e164"):
            part = part.filter(pl.col("value").list.eval(
                pl.element().is_in(values.implode())).list.any()).explode("value")
        parts.append(part.filter(pl.col("value").is_in(values.implode())))
    keys = pl.concat([pl.DataFrame(schema={"prefix": pl.String, "value": pl.String,
                                           "person_id": pl.String}), *parts]).unique()
    return frame.join(keys, on=["prefix", "value"], how="left").select(
        "decision_id", "kind", "network", "key", "person_id").sort("decision_id", "person_id")


def apply_overrides(rows: pl.DataFrame, overrides: pl.DataFrame) -> pl.DataFrame:
    """The latest decision per person and network wins: in-network adds an "override" row,
    not-in-network removes every row of that network. `rows` come sorted and stay so."""
    last = (overrides.drop_nulls("person_id").sort("decision_id")
            .group_by("person_id", "network").agg(pl.col("kind").last()))
    if last.height == 0:
        return rows.select(list(schema.NETWORKS))
    removed = last.filter(pl.col("kind") == "not-in-network")
    added = last.filter(pl.col("kind") == "in-network").select(
        "person_id", "network", pl.lit(OVERRIDE_RULE).alias("rule"),
        pl.lit(OVERRIDE_REASON).alias("reason"))
    rows = rows.join(removed.select("person_id", "network"), on=["person_id", "network"],
                     how="anti", maintain_order="left")
    return pl.concat([rows.select(list(schema.NETWORKS)), added]).sort(
        "person_id", "network", "rule")
