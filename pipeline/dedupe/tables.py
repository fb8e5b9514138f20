"""What pair scoring reads from all records at once, and how a pair gets its records' columns.

Term frequencies (a value's share of the records: the u of an exact match), namesake counts
(how many people one source shows bearing a full name) and the prior (about 1/N) are
data-wide; a pair of records reads them per record, gathered by the records' row position
rather than joined over millions of pairs. The m values and levels are compare.py's.
"""

from __future__ import annotations

import math

import polars as pl

from pipeline.dedupe.blocking import distinct_pairs


def term_frequencies(features: pl.DataFrame, col: str) -> pl.DataFrame:
    vals = features.select(pl.col(col).alias("value")).drop_nulls()
    n = max(vals.height, 1)
    return vals.group_by("value").agg((pl.len() / n).alias(f"{col}_tf"))



def namesakes(features: pl.DataFrame) -> pl.DataFrame:
    """(given_key, family_key, k): at least k different people bear this full name, because one
    source holds k records of it that differ in e-mail and phone (a source rarely lists one
    person twice, and when it does, the copies repeat an address or number; namesakes,
    often; colleagues share an organisation, so it does not count). Term frequencies assume first and last names are independent, which
    they are not: names travel together by language and family, so a pair of rare names can
    still be shared."""
    named = features.filter(pl.col("given_key").is_not_null() & pl.col("family_key").is_not_null())
    anchor = pl.coalesce(pl.col("email_keys").list.first(), pl.col("phones_e164").list.first(),
                         "record_id")
    per_source = named.group_by(["given_key", "family_key", "source"]).agg(
        anchor.n_unique().alias("n"))
    return per_source.group_by(["given_key", "family_key"]).agg(pl.max("n").alias("k")).filter(
        pl.col("k") >= 2)



def _namesake_cap(p: pl.DataFrame, features: pl.DataFrame, prior: float,
                  k_by_record: pl.Series | None = None,
                  once_by_record: pl.Series | None = None) -> pl.DataFrame:
    """With k people sharing a name, the name alone makes a match about 1-in-(k-1) likely:
    cap the two name weights at that posterior, so other fields must decide.
    `k_by_record`, `once_by_record`: :func:`namesake_counts` and :func:`listed_once_counts`
    of `features`, when the caller has them.

    A pair whose names agree swapped ("Hu Xueyang" / "Xueyang Hu": a name written family
    first) is capped too, by the namesakes a file that lists each person once shows under the
    name in either order: LinkedIn's two Xueyang Hus are two people whichever way a third card
    writes the name (gen3 at 100,000 people: 1,198 swapped pairs whose name a file shows twice,
    22% one person, 901 merged; docs/qual12.md). Not by other files' counts: a file of copies
    of one person with misspelt addresses (Splink's fake_1000) counts them as namesakes, and
    there the swapped card was the same person."""
    where = None
    if k_by_record is None:
        k_by_record, once_by_record = namesake_counts(features), listed_once_counts(features)
        where = features["idx"]  # not the row position: joined on idx
    if once_by_record is None:
        once_by_record = pl.Series([None] * k_by_record.len(), dtype=pl.UInt32)
    if k_by_record.null_count() == k_by_record.len() and \
            once_by_record.null_count() == once_by_record.len():
        return p
    for s in "lr":
        if where is None:
            p = p.with_columns(k_by_record.gather(p[s]).alias(f"_k_{s}"),
                               once_by_record.gather(p[s]).alias(f"_once_{s}"))
        else:
            p = p.join(pl.DataFrame({s: where, f"_k_{s}": k_by_record,
                                     f"_once_{s}": once_by_record}),
                       on=s, how="left", maintain_order="left")
    family = pl.col("family_level")
    p = p.with_columns(pl.when(family == "exact").then(pl.col("_k_l"))
                       .when(family == "swapped").then(pl.max_horizontal("_once_l", "_once_r"))
                       .alias("k")).drop("_k_l", "_k_r", "_once_l", "_once_r")
    both = (pl.col("given_level") == "exact") & pl.col("k").is_not_null()
    cap = -(pl.col("k").cast(pl.Float64) - 1).log(2) - prior
    total = pl.col("given_weight") + pl.col("family_weight")
    capped = pl.min_horizontal(total, cap)
    # keep the split between the two fields for the explanation, scaled to the cap
    scale = pl.when(total > 0).then(capped / total).otherwise(1.0)
    return p.with_columns(
        pl.when(both).then(pl.col("given_weight") * scale).otherwise(pl.col("given_weight"))
        .alias("given_weight"),
        pl.when(both).then(pl.col("family_weight") * scale).otherwise(pl.col("family_weight"))
        .alias("family_weight"),
    ).drop("k")



def _given_name_cap(p: pl.DataFrame, prior: float) -> pl.DataFrame:
    """A given name with no family name to compare ("Marie" / "Maria", "Marie" / "Marie
    Dupont") makes a match at most as likely as not: its weight is capped at -prior, so a
    merge needs something else that agrees. In a book of a million records the prior lies
    far below any given name's weight and the cap never binds; in a guest list of seven given
    names -log2(7) let a nickname alone join Marie, Maria and Mariah (docs/realworld17.md)."""
    return p.with_columns(
        pl.when(pl.col("family_level") == "null")
        .then(pl.min_horizontal("given_weight", pl.lit(-prior)))
        .otherwise(pl.col("given_weight")).alias("given_weight"))


def namesake_counts(features: pl.DataFrame) -> pl.Series:
    """Per feature row, :func:`namesakes`' k for its full name, else null."""
    return per_record(features, namesakes(features), ["given_key", "family_key"], "k")


def name_record_counts(features: pl.DataFrame) -> pl.Series:
    """Per feature row, how many records of the book carry its full name (given and family
    name), null for a record without both."""
    names = ["given_key", "family_key"]
    named = features.filter(pl.col("given_key").is_not_null()
                            & pl.col("family_key").is_not_null())
    table = named.group_by(names).agg(pl.len().cast(pl.UInt32).alias("n"))
    return per_record(features, table, names, "n")


def listed_once_counts(features: pl.DataFrame) -> pl.Series:
    """Per feature row, how many rows of one file that lists each person once (LinkedIn's
    connections: `one_per_person`) bear its full name, where two or more (that many people
    by construction), else null."""
    names = ["given_key", "family_key"]
    if "one_per_person" not in features.columns:
        return pl.Series("k", [None] * features.height, dtype=pl.UInt32)
    once = features.filter(pl.col("one_per_person") & pl.col("given_key").is_not_null()
                           & pl.col("family_key").is_not_null())
    table = once.group_by([*names, "file_code"]).len().group_by(names).agg(
        pl.max("len").cast(pl.UInt32).alias("k")).filter(pl.col("k") >= 2)
    return per_record(features, table, names, "k")



def prior_weight(n_records: int) -> float:
    return -math.log2(max(n_records, 2))



def with_sides(pairs: pl.DataFrame, features: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """pairs (l, r, ...) with the feature columns `cols` (which include idx) of both records,
    suffixed _l and _r."""
    if _idx_is_position(features):
        # idx is the row number (features.build): a gather per column, in the pairs' order,
        # costs a fraction of two hash joins over millions of pairs. The gathers are one
        # select's expressions, so polars runs them on all cores: one Series.gather after
        # another ran on one core (558k pairs: 0.14-0.23 s, one select 0.07-0.11 s).
        own = features.select(c for c in cols if c != "idx")
        side = own.select(pl.col(c).gather(pl.lit(pairs[s])).alias(f"{c}_{s}")
                          for s in "lr" for c in own.columns)
        return pairs.with_columns(side.get_columns())
    side = {s: features.select(cols).rename({c: f"{c}_{s}" for c in cols}) for s in "lr"}
    return pairs.join(side["l"], left_on="l", right_on="idx_l").join(
        side["r"], left_on="r", right_on="idx_r")



def _idx_is_position(features: pl.DataFrame) -> bool:
    """Whether features' idx column is 0, 1, 2, ... (every record, in idx order)."""
    idx = features["idx"]
    return idx.len() > 0 and idx[0] == 0 and idx[-1] == idx.len() - 1 and idx.is_sorted() \
        and idx.n_unique() == idx.len()



def per_record(features: pl.DataFrame, table: pl.DataFrame, on: list[str],
               value: str) -> pl.Series:
    """`value` from `table` (unique on `on`) for each feature row (null where none): joined
    once per record, then gathered per pair, instead of a join over every candidate pair."""
    return features.select(on).join(table.select(*on, value), on=on, how="left",
                                    maintain_order="left")[value]


# A spelling more records than this share ("jsmith") points to nobody in particular.
SPELLED_CAP = 50


def _spelled_pairs(features: pl.DataFrame) -> pl.Series:
    """Pair codes (blocking.pair_code) of records where an address of one spells the other's
    name, by a join on the spellings instead of list operations per candidate pair."""
    mail = features.select("idx", pl.col("email_letters").alias("k")).explode("k").drop_nulls()
    name = features.select(pl.col("idx").alias("idx_r"), pl.col("name_spellings").alias("k")
                           ).explode("k").join(mail.select("k").unique(), on="k", how="semi")
    common = name.group_by("k").agg(pl.len().alias("n")).filter(pl.col("n") > SPELLED_CAP)
    name = name.join(common.select("k"), on="k", how="anti")
    both = mail.join(name, on="k").filter(pl.col("idx") != pl.col("idx_r"))
    return distinct_pairs(both).to_series()
