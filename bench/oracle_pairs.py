"""A third bound, NOT rigorous and labelled so: what a method that judges two records of the
same name by which fields agree can reach (docs/bound37.md).

The record-content bounds (oracle_bound.py) only catch records that say exactly the same thing;
two namesakes almost never do (a different title, a Connected On date), so those bounds are
near 1 and cannot say whether F1 0.97 is in reach. This one asks instead what the evidence
of a pair allows. Every pair of records with the same kith name key (ASCII-folded given and
family name) gets a signature: per identifying field, `s` (a value in common), `c` (both have
one, none shared), `1` (only one of the two has one) or `0` (neither has); whether the two
came from the same file; the two export formats; and how many records of the book carry that
name (a bucket). Pairs with one
signature are decided alike, and the best choice of signatures is the best prefix by precision
as before (oracle_bound.best_prefix). True pairs of two different names are counted as found
(an optimistic assumption), so the bound is high for this class of method: it says what
field agreement on same-name pairs cannot separate, whatever the weights.

It is a bound for that class only: a method that reads more of a pair (a title that is
similar but not equal, an e-mail's local part spelling the name, a work domain that matches
the organisation, how rare the name is beyond the book's count) is not bound by it.
"""

from __future__ import annotations

import polars as pl

# (signature field, the record's column, kind): a list field shares if any value is in both
FIELDS = (("email", "email_keys", "list"), ("phone", "phones", "list"),
          ("linkedin", "linkedin_slug", "str"), ("org", "org_key", "str"),
          ("title", "title_fold", "str"), ("birthday", "birthday_text", "str"),
          ("city", "city_fold", "str"), ("street", "street_key", "str"),
          ("postcode", "postcode_key", "str"), ("middle", "middle_fold", "str"))
# how many records of the book carry the name: 2, 3, 4-5, 6-10, 11-30, more
SIZE_BUCKETS = (2, 3, 5, 10, 30)


def _fold(col: str) -> pl.Expr:
    """Lower case, spaces collapsed, empty as null (the records' text as a person reads it)."""
    text = pl.col(col).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(text != "").then(text)


def _fields(records: pl.DataFrame) -> pl.DataFrame:
    """Per record: key, name_key, file, and the signature fields (null / empty when absent)."""
    bday = pl.concat_str([pl.col(c).cast(pl.String).fill_null("?") for c in
                          ("birthday_year", "birthday_month", "birthday_day")], separator="-")
    known = pl.any_horizontal(pl.col(c).is_not_null() for c in
                              ("birthday_year", "birthday_month", "birthday_day"))
    return records.select(
        pl.concat_str("source_file", pl.lit("#"), pl.col("source_row").cast(pl.String))
        .alias("key"),
        pl.col("name_key").replace("", None), "source_file", "source_format", "email_keys",
        pl.concat_list("phones_e164", "phones_invalid").alias("phones"),
        pl.col("linkedin_slug").replace("", None), pl.col("org_key").replace("", None),
        _fold("title").alias("title_fold"), pl.when(known).then(bday).alias("birthday_text"),
        _fold("city").alias("city_fold"), pl.col("street_key").replace("", None),
        pl.col("postcode_key").replace("", None), _fold("middle_name").alias("middle_fold"),
    ).filter(pl.col("name_key").is_not_null() & pl.col("name_key").str.contains(" "))


def _level(name: str, column: str, kind: str) -> pl.Expr:
    left, right = pl.col(column), pl.col(f"{column}_r")
    if kind == "list":
        present = (left.list.len() > 0) & (right.list.len() > 0)
        shared = left.list.set_intersection(right).list.len() > 0
        either = (left.list.len() > 0) | (right.list.len() > 0)
    else:
        present = left.is_not_null() & right.is_not_null()
        shared = left == right
        either = left.is_not_null() | right.is_not_null()
    return (pl.when(present.fill_null(False)).then(pl.when(shared).then(pl.lit("s"))
                                                   .otherwise(pl.lit("c")))
            .when(either.fill_null(False)).then(pl.lit("1")).otherwise(pl.lit("0")).alias(name))


def same_name_pairs(records: pl.DataFrame, truth: pl.DataFrame,
                    with_formats: bool = True) -> pl.DataFrame:
    """Every pair of records (with truth) that share a name key: its signature and whether it
    is a true pair. `with_formats`: the two export formats are part of the signature."""
    f = _fields(records).join(truth, on="key", how="inner")
    f = f.with_columns(pl.len().over("name_key").alias("n"), pl.int_range(pl.len()).alias("i"))
    f = f.filter(pl.col("n") > 1)
    size = pl.lit("31+")
    for top, label in reversed(list(zip(SIZE_BUCKETS, ("2", "3", "4-5", "6-10", "11-30"),
                                        strict=True))):
        size = pl.when(pl.col("n") <= top).then(pl.lit(label)).otherwise(size)
    pairs = f.join(f.drop("n"), on="name_key", suffix="_r").filter(pl.col("i") < pl.col("i_r"))
    formats = (pl.concat_list("source_format", "source_format_r").list.sort().list.join("+")
               if with_formats else pl.lit("")).alias("formats")
    return pairs.select(
        (pl.col("true_cluster") == pl.col("true_cluster_r")).alias("true"), formats,
        size.alias("name_count"),
        (pl.col("source_file") == pl.col("source_file_r")).alias("same_file"),
        *[_level(*field) for field in FIELDS])


def signature_groups(pairs: pl.DataFrame, other_true: int) -> pl.DataFrame:
    """(t, f) per signature that holds a true pair, and one pure row for the `other_true` true
    pairs of two different names (taken as found)."""
    sig = [c for c in pairs.columns if c != "true"]
    g = (pairs.group_by(sig).agg(pl.col("true").sum().cast(pl.Int64).alias("t"),
                                 (~pl.col("true")).sum().cast(pl.Int64).alias("f"))
         .filter(pl.col("t") > 0))
    rest = pl.DataFrame({"t": [other_true], "f": [0]}, schema={"t": pl.Int64, "f": pl.Int64})
    return pl.concat([g.select("t", "f"), rest])


def name_only_share(pairs: pl.DataFrame) -> dict:
    """How many same-name true and false pairs have nothing but the name: no field that both
    records fill (the class prec35 found hardest)."""
    bare = pl.all_horizontal(pl.col(name).is_in(["0", "1"]) for name, _, _ in FIELDS)
    b = pairs.filter(bare)
    return {"name_only_true": int(b["true"].sum()), "name_only_false": int((~b["true"]).sum())}
