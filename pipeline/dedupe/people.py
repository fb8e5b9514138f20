"""One row per person from their records, with the record each chosen value came from.

Names come from the user's own address books first (they typed them: "Bill", not LinkedIn's
"William"), then LinkedIn; organisation and title from LinkedIn first (people keep their
profile current), then the rest. Ties break on record_id, so the choice is deterministic.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.dedupe.features import initials_only
from pipeline.dedupe.goes_by import nicknames
from pipeline.normalize.emails import addresses
from pipeline.normalize.name_patterns import GENERATION_LAST
from pipeline.normalize.unnamed import shown_name
from pipeline.textfmt import fmt

NAME_ORDER = ["google", "vcard", "outlook", "thunderbird", "csv", "telegram", "slack", "linkedin"]
JOB_ORDER = ["linkedin", "google", "vcard", "outlook", "thunderbird", "csv", "telegram", "slack"]


def _rank(order: list[str]) -> pl.Expr:
    return pl.col("source").replace_strict(order, list(range(len(order))), default=len(order),
                                           return_dtype=pl.Int32)


def _best_row(value: str, rank: pl.Expr) -> pl.Expr:
    """In a group_by: the row (the frame's `_row`) of the best-ranked record having `value`.

    Records arrive sorted by (person_id, record_id), so arg_min's first minimum breaks ties
    on the smaller record id."""
    best = ((~_has(value)).cast(pl.Int32) * 1_000_000 + rank.cast(pl.Int32)).arg_min()
    return pl.col("_row").get(best).alias(f"_{value}_row")


def _has(value: str) -> pl.Expr:
    return pl.col(value).is_not_null() & (pl.col(value).cast(pl.String) != "")


def _picked(recs: pl.DataFrame, rows: pl.Series, value: str, also: list[str] | None = None
            ) -> list[pl.Series]:
    """`value` of each person's best row (_best_row), that record's id when it has the value,
    and the same row's `also` columns. Gathered from the flat columns: a `get` per column
    inside the group_by cost ~0.7 CPU-s more at a million records."""
    got = recs.select(value, "record_id", *(also or [])).gather(rows)
    return [got[value], got.select(pl.when(_has(value)).then(pl.col("record_id")))
            .to_series().alias(f"{value}_record"), *(got[c] for c in also or [])]


def _source_names(recs: pl.DataFrame) -> list[str] | None:
    """The sources the records have, sorted, when few enough for a bit mask (_sources)."""
    names = recs["source"].unique().sort()
    return None if names.null_count() or names.len() > 8 else names.to_list()


def _sources(names: list[str] | None) -> pl.Expr:
    """In a group_by: the person's distinct sources, sorted; as a bit mask over `names` (read
    back by _source_lists: ~0.45 CPU-s less than unique().sort() per group at a million
    records), or by value when there is no mask (None)."""
    if names is None:
        return pl.col("source").unique().sort().alias("sources")
    return pl.col("source").replace_strict(names, [1 << i for i in range(len(names))],
                                           return_dtype=pl.UInt8).bitwise_or().alias("_sources")


def _source_lists(masks: pl.Series, names: list[str]) -> pl.Series:
    """Each mask's sorted list of names: gathered from the list of every subset."""
    lists = pl.Series([[n for i, n in enumerate(names) if m >> i & 1]
                       for m in range(1 << len(names))], dtype=pl.List(pl.String))
    return lists.gather(masks.cast(pl.UInt32)).alias("sources")


def _one_case(value: pl.Expr) -> pl.Expr:
    """Words written in capitals or in small letters only ("JOHN SMITH", "acme corp"). One
    word in capitals is left alone: "IBM" and "KPMG" are written so."""
    upper, lower = value.str.contains(r"\p{Lu}"), value.str.contains(r"\p{Ll}")
    return ((upper & ~lower) | (lower & ~upper)) & value.str.contains(r"\S\s+\S")


def _in_mixed_case(people: pl.DataFrame, recs: pl.DataFrame, value: str, rank: pl.Expr,
                   also: list[str]) -> pl.DataFrame:
    """A value picked in one case ("JOHN SMITH") where another record of the person has the
    same letters in mixed case ("John Smith", a vCard's): that record's value, the best
    ranked of them, so the card and the worksheets do not shout whichever source ranks
    first. A spelling of its own ("BILL" beside LinkedIn's "William") stays."""
    # filtered step by step: the letter classes are read for the few rows left, not for
    # every record of a million-record book
    picked = people.select("person_id", value, "record_count").filter(
        pl.col("record_count") > 1).filter(_one_case(pl.col(value)))
    if picked.height == 0:
        return people
    cols = [value, *also]
    needed = list(dict.fromkeys(["person_id", "record_id", "source", "given_clean",
                                 "family_clean", *rank.meta.root_names(), *cols]))
    better = (recs.select(needed).filter(pl.col("person_id").is_in(picked["person_id"].implode()))
              .filter(pl.col(value).is_not_null() & ~_one_case(pl.col(value)))
              .join(picked.select("person_id", pl.col(value).str.to_lowercase().alias("_low")),
                    on="person_id")
              .filter(pl.col(value).str.to_lowercase() == pl.col("_low"))
              .sort([rank, "record_id"]).unique("person_id", keep="first", maintain_order=True)
              .select("person_id", *cols, pl.col("record_id").alias(f"{value}_record")))
    return _replaced(people, better)


def _replaced(people: pl.DataFrame, better: pl.DataFrame) -> pl.DataFrame:
    """`people` with the columns of `better` (person_id, then values) put in their rows:
    scattered into place, as people are grouped in person_id order (an update joined all of a
    million-record book's people for a few thousand values)."""
    if better.height == 0:
        return people
    at = people["person_id"].search_sorted(better["person_id"])
    return people.with_columns(people[c].scatter(at, better[c]) for c in better.columns[1:])


# Letters a system without them spells out (Müller / Mueller, Jørgensen / Joergensen, Straße /
# Strasse); anyascii writes them as one letter (Muller), which is the other plain spelling.
SPELLED_OUT = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa", "æ": "ae", "ß": "ss",
               "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Ø": "Oe", "Å": "Aa", "Æ": "Ae"}


def _plain_spellings(value: str) -> list[str]:
    """How a system without `value`'s letters writes it, in small letters."""
    from anyascii import anyascii

    spelled = "".join(SPELLED_OUT.get(ch, ch) for ch in value)
    return sorted({anyascii(value).lower(), anyascii(spelled).lower()})


def _beyond_ascii(value: pl.Expr) -> pl.Expr:
    """A letter beyond ASCII: more bytes than characters (no regex over a million values)."""
    return value.str.len_bytes() != value.str.len_chars()


def _in_its_letters(people: pl.DataFrame, recs: pl.DataFrame, value: str, rank: pl.Expr,
                    also: list[str]) -> pl.DataFrame:
    """A value picked in plain letters ("Jose Garcia", "Anna Mueller", "Nestle") where another
    record of the person writes the same name with its own letters ("José García", "Anna
    Müller", "Nestlé"): that record's value, the best ranked of them. An old address book or
    a phone often drops the accents the person's name has; the card and a drafted "Hi José,"
    should not. Another spelling ("Jon" beside "Jón Sigurðsson") stays."""
    # the records with letters beyond ASCII first: few, and read by regex once
    cols = [value, *also]
    lettered = recs.select(list(dict.fromkeys(["person_id", "record_id", "source", "given_clean",
                                               "family_clean", *rank.meta.root_names(),
                                               *cols]))).filter(
        _beyond_ascii(pl.col(value))).filter(~_one_case(pl.col(value)))
    if lettered.height == 0:
        return people
    picked = people.select("person_id", value).join(
        lettered.select("person_id").unique(), on="person_id").filter(
        ~_beyond_ascii(pl.col(value)))
    if picked.height == 0:
        return people
    lettered = lettered.join(picked.select("person_id", pl.col(value).str.to_lowercase()
                                           .alias("_low")), on="person_id")
    distinct = lettered[value].unique()
    plain = pl.DataFrame({value: distinct, "_plain": [_plain_spellings(v) for v in distinct]},
                         schema={value: pl.String, "_plain": pl.List(pl.String)})
    better = (lettered.join(plain, on=value).filter(pl.col("_plain").list.contains(pl.col("_low")))
              .sort([rank, "record_id"]).unique("person_id", keep="first", maintain_order=True)
              .select("person_id", *cols, pl.col("record_id").alias(f"{value}_record")))
    return _replaced(people, better)


def _best_written(people: pl.DataFrame, recs: pl.DataFrame, name_rank: pl.Expr,
                  job_rank: pl.Expr) -> pl.DataFrame:
    """The card's name and organisation in the best-written spelling a record of the person
    holds: mixed case before one case, then its own letters before plain ASCII."""
    for value, rank, also in (("display_name", name_rank, ["given_clean", "family_clean"]),
                              ("organization", job_rank, ["org_key"])):
        people = _in_its_letters(_in_mixed_case(people, recs, value, rank, also), recs, value,
                                 rank, also)
    return people


def _given_as_they_wrote_it(people: pl.DataFrame, recs: pl.DataFrame) -> pl.DataFrame:
    """A card whose two names are the person's own LinkedIn record's swapped (a phone's
    "Zhang" "Wei", family name first as it is said, and LinkedIn's "Wei" "Zhang"): the given
    and family names are LinkedIn's, which the person typed into its First Name box
    themselves; the name stays as the card has it. Greetings read the given name: the plan
    drafted "Hi Zhang," (round 32)."""
    several = people.filter(pl.col("record_count") > 1)
    li = (recs.filter((pl.col("source") == "linkedin") & pl.col("given_clean").is_not_null()
                      & pl.col("family_clean").is_not_null())
          .join(several.select("person_id", pl.col("given_clean").alias("_g"),
                               pl.col("family_clean").alias("_f")), on="person_id")
          .filter((pl.col("given_clean").str.to_lowercase() == pl.col("_f").str.to_lowercase())
                  & (pl.col("family_clean").str.to_lowercase()
                     == pl.col("_g").str.to_lowercase())
                  & (pl.col("given_clean").str.to_lowercase()
                     != pl.col("_g").str.to_lowercase()))
          .unique("person_id", keep="first", maintain_order=True)
          .select("person_id", pl.col("given_clean").alias("_lg"),
                  pl.col("family_clean").alias("_lf")))
    if li.height == 0:
        return people
    return (people.join(li, on="person_id", how="left", maintain_order="left")
            .with_columns(pl.coalesce("_lg", "given_clean").alias("given_clean"),
                          pl.coalesce("_lf", "family_clean").alias("family_clean"))
            .drop("_lg", "_lf"))


def _ranked_records(records: pl.DataFrame, newer: pl.Series | None = None) -> pl.DataFrame:
    """The columns of `records` build reads, with what it derives per record (addresses, the
    birthday and LinkedIn URL as shown, the name and job ranks) and `_row`, sorted by
    (person_id, record_id)."""
    # the card's name: a record with both names first, then one whose given name is more
    # than initials ("John Smith" before "J. R. Smith"), then one that shows the person's
    # generation ("Tom Baker Jr." before "Tom Baker"), then the source's rank
    name_rank = _rank(NAME_ORDER) + pl.when(
        pl.col("given_clean").is_not_null() & pl.col("family_clean").is_not_null()
    ).then(0).otherwise(1000) + pl.when(
        initials_only(pl.col("given_key"))).then(100).otherwise(0) + pl.when(
        pl.col("display_name").str.contains(GENERATION_LAST)).then(0).otherwise(10)
    job_rank = _rank(JOB_ORDER)
    if newer is not None:  # a job change's record first (dedupe/job_change.py)
        job_rank = pl.when(pl.col("record_id").is_in(newer.implode())).then(-1).otherwise(job_rank)
    # only the columns read below go through the sort
    recs = records.select(
        "person_id", "record_id", "source", "display_name", "given_clean", "family_clean",
        "given_key", "nickname",
        "organization", "org_key", "title", "linkedin_slug", "emails", "emails_invalid",
        "phones_e164", "labels_clean", "city", "birthday_year", "birthday_month", "birthday_day",
        "connected_on_date",
    ).with_columns(
        pl.col("emails").map_batches(addresses, return_dtype=pl.List(pl.String)).alias("_emails"),
        pl.when(pl.col("birthday_month").is_not_null() & pl.col("birthday_day").is_not_null())
        .then(fmt("{}-{}-{}",
                        pl.col("birthday_year").cast(pl.String).str.zfill(4).fill_null("-"),
                        pl.col("birthday_month").cast(pl.String).str.zfill(2),
                        pl.col("birthday_day").cast(pl.String).str.zfill(2)))
        .alias("_birthday"),
        pl.when(pl.col("linkedin_slug").is_not_null())
        .then(pl.concat_str(pl.lit("https://www.linkedin.com/in/"), pl.col("linkedin_slug")))
        .alias("_linkedin_url"),
        # ranked once per record, as columns: an expression in the group_by below would be
        # evaluated group by group (a regex a million times at a million people)
        name_rank.alias("_name_rank"), job_rank.alias("_job_rank"),
    ).sort(["person_id", "record_id"])
    return recs.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"))


def build(records: pl.DataFrame, newer: pl.Series | None = None) -> pl.DataFrame:
    """records (with person_id) -> people, conformed to schema.PEOPLE. `newer`: record ids
    whose organisation and title are their person's newer ones (a job change's record)."""
    recs = _ranked_records(records, newer)
    name_rank, job_rank = pl.col("_name_rank"), pl.col("_job_rank")
    names = _source_names(recs)
    picks = [("display_name", name_rank, ["given_clean", "family_clean"]),
             ("organization", job_rank, ["org_key"]), ("title", job_rank, []),
             ("_linkedin_url", job_rank, ["linkedin_slug"])]
    grouped = recs.group_by("person_id", maintain_order=True).agg(
        *(_best_row(value, rank) for value, rank, _ in picks),
        pl.col("_emails").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("emails"),
        pl.col("phones_e164").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique(maintain_order=True).alias("phones"),
        pl.col("labels_clean").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique().sort().alias("labels"),
        pl.col("city").drop_nulls().first().alias("city"),
        # the first birthday with a year, else the first without
        pl.coalesce(pl.col("_birthday").filter(pl.col("birthday_year").is_not_null())
                    .drop_nulls().first(), pl.col("_birthday").drop_nulls().first())
        .alias("birthday"),
        _sources(names),
        pl.len().cast(pl.Int64).alias("record_count"),
        # in record_id order already: the records are sorted so
        pl.col("record_id").alias("record_ids"),
        pl.col("connected_on_date").min().alias("connected_on"),
    )
    if names is not None:
        grouped = grouped.with_columns(_source_lists(grouped["_sources"], names))
    people = pl.DataFrame([
        grouped["person_id"],
        *(c for value, _, also in picks
          for c in _picked(recs, grouped[f"_{value}_row"], value, also)),
        *(grouped[c] for c in ("emails", "phones", "labels", "city", "birthday", "sources",
                               "record_count", "record_ids", "connected_on")),
    ])
    people = _best_written(people, recs, name_rank, job_rank)
    people = _given_as_they_wrote_it(people, recs)
    people = people.rename({
        "given_clean": "given_name", "family_clean": "family_name",
        "_linkedin_url": "linkedin_url", "_linkedin_url_record": "linkedin_url_record",
    }).drop("display_name_record_", strict=False)
    people = people.with_columns(
        # a number or an address is no name to print (pipeline.normalize.unnamed)
        shown_name(pl.coalesce("display_name", pl.col("emails").list.first(),
                               pl.col("phones").list.first(), pl.lit("(no name)")))
        .alias("display_name"),
        nicknames(people, recs, _rank(NAME_ORDER)),
        pl.lit([], dtype=schema.LS).alias("networks"),
        pl.lit([], dtype=schema.LS).alias("target_companies"),
    )
    people = schema.conform(people, schema.PEOPLE)
    # grouped in (person_id, record_id) order, kept: sorted already (a sort of a million
    # people's ids again cost ~0.2 s)
    return people if people["person_id"].is_sorted() else people.sort("person_id")
