"""One row per person from their records, with the record each chosen value came from.

Names come from the user's own address books first (they typed them: "Bill", not LinkedIn's
"William"), then LinkedIn; organisation and title from LinkedIn first (people keep their
profile current), then the rest. Ties break on record_id, so the choice is deterministic.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema

NAME_ORDER = ["google", "vcard", "outlook", "thunderbird", "csv", "linkedin"]
JOB_ORDER = ["linkedin", "google", "vcard", "outlook", "thunderbird", "csv"]


def _rank(order: list[str]) -> pl.Expr:
    return pl.col("source").replace_strict(order, list(range(len(order))), default=len(order),
                                           return_dtype=pl.Int32)


def _pick(value: str, rank: pl.Expr, also: list[str] | None = None) -> list[pl.Expr]:
    """Value of `value` from the best-ranked record having it, plus that record's id.

    Records arrive sorted by (person_id, record_id), so arg_min's first minimum breaks ties
    on the smaller record id."""
    has = pl.col(value).is_not_null() & (pl.col(value).cast(pl.String) != "")
    best = ((~has).cast(pl.Int32) * 1_000_000 + rank.cast(pl.Int32)).arg_min()
    out = [pl.col(value).get(best).alias(value),
           pl.when(has).then(pl.col("record_id")).otherwise(None).get(best)
           .alias(f"{value}_record")]
    for extra in also or []:
        out.append(pl.col(extra).get(best).alias(extra))
    return out


def build(records: pl.DataFrame) -> pl.DataFrame:
    """records (with person_id) -> people, conformed to schema.PEOPLE."""
    recs = _prepared(records)
    # A person with one record takes that record's values as they are: no group to pick
    # from (at a million records most people; the group_by costs ~1 s for them).
    pid = pl.col("person_id")
    single = (pid != pid.shift(1)).fill_null(True) & (pid != pid.shift(-1)).fill_null(True)
    alone = recs.select(single.alias("_single")).to_series()
    people = _grouped(recs.filter(~alone))
    if alone.any():
        people = people.merge_sorted(_single(recs.filter(alone), people.schema), "person_id")
    return _finished(people)


def _prepared(records: pl.DataFrame) -> pl.DataFrame:
    """The columns people are built from, sorted by (person_id, record_id)."""
    # only the columns read below go through the sort
    return records.select(
        "person_id", "record_id", "source", "display_name", "given_clean", "family_clean",
        "organization", "org_key", "title", "linkedin_slug", "emails", "emails_invalid",
        "phones_e164", "labels_clean", "city", "birthday_year", "birthday_month", "birthday_day",
        "connected_on_date",
    ).with_columns(
        pl.col("emails")
        .list.eval(pl.element().str.strip_chars().str.to_lowercase())
        .list.set_difference(pl.col("emails_invalid").list.eval(pl.element().str.to_lowercase()))
        .alias("_emails"),
        pl.when(pl.col("birthday_month").is_not_null() & pl.col("birthday_day").is_not_null())
        .then(pl.format("{}-{}-{}",
                        pl.col("birthday_year").cast(pl.String).str.zfill(4).fill_null("-"),
                        pl.col("birthday_month").cast(pl.String).str.zfill(2),
                        pl.col("birthday_day").cast(pl.String).str.zfill(2)))
        .alias("_birthday"),
        pl.when(pl.col("linkedin_slug").is_not_null())
        .then(pl.concat_str(pl.lit("https://www.linkedin.com/in/"), pl.col("linkedin_slug")))
        .alias("_linkedin_url"),
    ).sort(["person_id", "record_id"])


def _finished(people: pl.DataFrame) -> pl.DataFrame:
    """The picked values (one row per person) as schema.PEOPLE, sorted by person_id."""
    people = people.rename({
        "given_clean": "given_name", "family_clean": "family_name",
        "_linkedin_url": "linkedin_url", "_linkedin_url_record": "linkedin_url_record",
    }).drop("display_name_record_", strict=False)
    people = people.with_columns(
        pl.coalesce("display_name", pl.col("emails").list.first(), pl.col("phones").list.first(),
                    pl.lit("(no name)")).alias("display_name"),
        pl.lit([], dtype=schema.LS).alias("networks"),
        pl.lit([], dtype=schema.LS).alias("target_companies"),
    )
    return schema.conform(people, schema.PEOPLE).sort("person_id")


def _grouped(recs: pl.DataFrame) -> pl.DataFrame:
    """One row per person of `recs` (sorted by person_id, record_id), in person_id order."""
    name_rank = _rank(NAME_ORDER) + pl.when(
        pl.col("given_clean").is_not_null() & pl.col("family_clean").is_not_null()
    ).then(0).otherwise(100)
    job_rank = _rank(JOB_ORDER)
    return recs.group_by("person_id", maintain_order=True).agg(
        *_pick("display_name", name_rank, ["given_clean", "family_clean"]),
        *_pick("organization", job_rank, ["org_key"]),
        *_pick("title", job_rank),
        *_pick("_linkedin_url", job_rank, ["linkedin_slug"]),
        pl.col("_emails").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("emails"),
        pl.col("phones_e164").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("phones"),
        pl.col("labels_clean").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique().sort().alias("labels"),
        pl.col("city").drop_nulls().first().alias("city"),
        pl.col("_birthday").sort_by(pl.col("birthday_year").is_null()).drop_nulls().first()
        .alias("birthday"),
        pl.col("source").unique().sort().alias("sources"),
        pl.len().cast(pl.Int64).alias("record_count"),
        pl.col("record_id").sort().alias("record_ids"),
        pl.col("connected_on_date").min().alias("connected_on"),
    )


def _single(recs: pl.DataFrame, schema_: pl.Schema) -> pl.DataFrame:
    """What _grouped gives for people with exactly one record, from the record directly."""
    def picked(value: str, also: tuple[str, ...] = ()) -> list[pl.Expr]:
        has = pl.col(value).is_not_null() & (pl.col(value).cast(pl.String) != "")
        return [pl.col(value), pl.when(has).then(pl.col("record_id")).alias(f"{value}_record"),
                *(pl.col(c) for c in also)]

    def listed(col: str, sort: bool = False) -> pl.Expr:
        out = pl.col(col).list.drop_nulls().list.unique(maintain_order=not sort)
        return (out.list.sort() if sort else out).fill_null(pl.lit([], dtype=pl.List(pl.String)))

    return recs.select(
        "person_id", *picked("display_name", ("given_clean", "family_clean")),
        *picked("organization", ("org_key",)), *picked("title"),
        *picked("_linkedin_url", ("linkedin_slug",)),
        listed("_emails").alias("emails"), listed("phones_e164").alias("phones"),
        listed("labels_clean", sort=True).alias("labels"), "city",
        pl.col("_birthday").alias("birthday"), pl.concat_list("source").alias("sources"),
        pl.lit(1, dtype=pl.Int64).alias("record_count"),
        pl.concat_list("record_id").alias("record_ids"),
        pl.col("connected_on_date").alias("connected_on"),
    ).cast(dict(schema_))
