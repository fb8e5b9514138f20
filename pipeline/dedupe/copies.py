"""Records written more than once in one file: one person, settled before blocking.

A phone or a sync tool that duplicates contacts writes the same card again and again, dozens
of times. Each copy is the same record (every column but its ids equal, in the same file), so
it is the same person; but a block of 41 copies is over every blocking rule's cap and the
cluster's 40-record cap, so such copies were never joined and the person was listed 41 times.
Dedupe therefore runs on one representative of each set of copies (its smallest record id) and
the copies join its person, each with a pair row that says why (`pair_rows`).

Only a record with an identifier (an e-mail address, a phone number, valid or not, a LinkedIn
profile) is taken for a copy: two cards with the same name and nothing else in one address book may be two
namesakes, which the review queue asks about as before.

Copies from two files are left to the comparisons: two exports holding the same card are two
sources agreeing, which the one-file rules (two numbers in one address book) read differently.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema

# Columns that are not the record's content: its ids and its line in the file.
NOT_CONTENT = ("record_id", "person_id", "source_row")
# What a pair row of a copy says (pairs.parquet's rule and reason).
COPY_RULE = "copy"
COPY_REASON = "the same record again in the same file"
# Cheap to hash, and equal between copies: only rows whose hash of these repeats are compared
# column by column (at a million records, hashing every column cost ~0.65 CPU-s).
_SCREEN = ("source_file", "name_key", "email_keys", "phones_e164", "linkedin_slug", "org_key",
           "title", "display_name")


def split(records: pl.DataFrame) -> tuple[pl.Series | None, pl.DataFrame]:
    """(which records to compare: a mask, None for all; copies: `record_id` ->
    `representative`, the smallest record id of the copies it is one of). A mask, not the
    records without their copies: features.build selects its ~20 columns first and filters
    those (filtering every column of a million records cost ~0.5 CPU-s)."""
    empty = pl.DataFrame(schema={"record_id": pl.String, "representative": pl.String})
    screen = [c for c in _SCREEN if c in records.columns]
    if records.height < 2 or "source_file" not in screen:
        return None, empty
    identified = pl.lit(False)
    # a number phonenumbers calls invalid (a file whose region kith could not tell) is still
    # the same text on every copy of the card: as much an identifier of the card as a valid one
    for column in ("email_keys", "phones_e164", "phones_invalid"):
        if column in records.columns:
            identified = identified | (pl.col(column).list.len() > 0)
    if "linkedin_slug" in records.columns:
        identified = identified | pl.col("linkedin_slug").is_not_null()
    suspects = records.filter(pl.struct(screen).hash().is_duplicated() & identified)
    if suspects.height == 0:
        return None, empty
    content = [c for c in suspects.columns if c not in NOT_CONTENT]
    grouped = (suspects.select("record_id", *content)
               .with_columns(pl.col("record_id").min().over(content).alias("representative")))
    copied = (grouped.filter(pl.col("record_id") != pl.col("representative"))
              .select("record_id", "representative").sort("representative", "record_id"))
    if copied.height == 0:
        return None, empty
    return ~records["record_id"].is_in(copied["record_id"].implode()), copied


def without(records: pl.DataFrame) -> pl.DataFrame:
    """`records` less their copies."""
    keep, _copied = split(records)
    return records if keep is None else records.filter(keep)


def extend(clusters: pl.DataFrame, copied: pl.DataFrame) -> pl.DataFrame:
    """`clusters` (record_id, cluster) with each copy in its representative's cluster."""
    if copied.height == 0:
        return clusters
    joined = copied.join(clusters.rename({"record_id": "representative"}), on="representative",
                         how="left").select("record_id", "cluster")
    return pl.concat([clusters, joined])


def pair_rows(copied: pl.DataFrame) -> pl.DataFrame:
    """A pairs-table row per copy: representative ~ copy, merged for being the same record."""
    n = copied.height
    return schema.conform(pl.DataFrame({
        "record_id_l": copied["representative"], "record_id_r": copied["record_id"],
        "rule": [COPY_RULE] * n, "outcome": ["merge"] * n, "clustered": ["together"] * n,
        "reason": [COPY_REASON] * n}), schema.PAIRS)
