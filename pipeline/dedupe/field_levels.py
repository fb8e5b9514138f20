"""Each field's comparison level of a candidate pair (compare.levels), one function a field.

The pairs frame has every feature column twice (suffix _l, _r). Levels are an Enum (model.LEVEL)
whose missing level is "null". A field whose level is "null" on most pairs (a birthday, an
e-mail address or a phone number on both records: 21%, 50% and 41% of spec1m's candidate pairs)
has its rule evaluated on the rows where it can be anything else only (`_where_present`): polars
evaluates every branch of a when/then chain on every row, so the rows that end in "null" paid
for the date arithmetic and list intersections of all the other branches.
"""

from __future__ import annotations

import polars as pl

from pipeline.dedupe.model import LEVEL
from pipeline.dedupe.model import lvl as _lvl
from pipeline.dedupe.pets import pet_names
from pipeline.dedupe.similarity import (
    JW_HIGH,
    JW_MID,
    clipped,
    date_hamming,
    email_typo,
    family_part,
    jw_on_unique,
    near_swap,
)
from pipeline.dedupe.third_name import via_third

# given-name levels beside which a part of a compound family name is the person's (levels)
PART_GIVEN = ("exact", "nickname", "jw_high", "initial", "clipped", "pet")


def null(a: str) -> pl.Expr:
    return pl.col(f"{a}_l").is_null() | pl.col(f"{a}_r").is_null()


def shares(a: str) -> pl.Expr:
    return pl.col(f"{a}_l").list.set_intersection(pl.col(f"{a}_r")).list.len() > 0


def empty(a: str) -> pl.Expr:
    return (pl.col(f"{a}_l").list.len() == 0) | (pl.col(f"{a}_r").list.len() == 0)


def levels(p: pl.DataFrame, values: dict[str, pl.Series] | None = None) -> pl.DataFrame:
    """p has every feature column twice (suffix _l, _r). Adds <field>_level columns.
    values: p's string columns hold codes (coded.py); the strings of each column's codes."""
    v = values or {}
    p = _with_similarities(p, v)
    # read by the e-mail level only, as a column: a Series in an expression would not follow
    # _where_present's filter
    p = p.with_columns(email_typo(p, v.get("email_keys")).alias("_email_typo"))
    p = p.with_columns(given_level=_given_level())
    p = p.with_columns(via_third(p, v))  # read by compare.score (third_name.cap)
    personal = "phones_personal" if "phones_personal_l" in p.columns else "phones_e164"
    p = p.with_columns(
        family_level=_family_level(),
        email_level=_where_present(p, empty("email_keys"), _email_level()),
        phone_level=_where_present(p, empty("phones_e164"), _phone_level(personal)),
        linkedin_level=_same_level("linkedin_slug"),
        org_level=_same_level("org_key", (pl.col("org_jw") >= JW_HIGH, "jw_high"),
                              (_dated_apart(p), "different_dated")),
        birthday_level=_where_present(p, null("birthday_month") | null("birthday_day"),
                                      _birthday_level()),
        city_level=_same_level("city_key", (pl.col("city_jw") >= JW_HIGH, "jw_high")),
        street_level=_same_level("street_key", (pl.col("street_jw") >= JW_HIGH, "jw_high")),
        middle_level=_same_level(
            "middle_key", (pl.col("middle_initial_l") == pl.col("middle_initial_r"), "initial")),
        title_level=_same_level("title_key"),
        postcode_level=_same_level("postcode_key"),
    )
    return p.drop("_email_typo")


def _with_similarities(p: pl.DataFrame, v: dict[str, pl.Series]) -> pl.DataFrame:
    """p with the string similarities the levels read: Jaro-Winkler of five fields, and the
    name pairs that are swapped and misspelt, a part of a compound name, clipped or pet forms."""
    def jw(col: str, same_start: bool = False, name: bool = False) -> pl.Series:
        return jw_on_unique(p, f"{col}_l", f"{col}_r", same_start=same_start, values=v.get(col),
                            same_digits=name, spelled_out=name)

    p = p.with_columns(
        jw("given_key", name=True).alias("given_jw"),
        jw("family_key", name=True).alias("family_jw"),
        jw("org_key", same_start=True).alias("org_jw"),
        jw("street_key", same_start=True).alias("street_jw"),
        jw("city_key").alias("city_jw"),
    )
    return p.with_columns(near_swap(p, v.get("given_key")).alias("near_swap"),
                          family_part(p, v.get("family_key")).alias("family_part"),
                          clipped(p, v.get("given_key")).alias("given_clipped"),
                          pet_names(p, v.get("given_key")).alias("given_pet"))


def _where_present(p: pl.DataFrame, missing: pl.Expr, level: pl.Expr) -> pl.Series:
    """`level` on the rows where `missing` does not hold, "null" on the others: the same as
    `when(missing).then("null").otherwise(level)` (every level rule is row by row), the rule's
    columns gathered for those rows only (a lazy select reads the columns it names)."""
    present = p.select(~missing.fill_null(False)).to_series()
    out = pl.repeat("null", p.height, dtype=LEVEL, eager=True)
    if not present.any():
        return out
    if present.all():
        return p.select(level).to_series()
    found = p.lazy().filter(pl.lit(present)).select(level).collect().to_series()
    return out.scatter(present.arg_true(), found)


def _names() -> tuple[pl.Expr, pl.Expr]:
    """(swapped, lone): one record's given name is the other's family name and the reverse;
    a one-name record whose name is the other's family name."""
    g_l, g_r = pl.col("given_key_l"), pl.col("given_key_r")
    f_l, f_r = pl.col("family_key_l"), pl.col("family_key_r")
    swapped = (g_l == f_r) & (f_l == g_r) & (g_l != f_l)
    lone = (f_l.is_null() & (g_l == f_r)) | (f_r.is_null() & (g_r == f_l))
    return swapped, lone


def _given_level() -> pl.Expr:
    swapped, lone = _names()
    return (
        pl.when(null("given_key") | lone).then(_lvl("null"))
        .when(swapped).then(_lvl("exact"))
        .when(pl.col("given_key_l") == pl.col("given_key_r")).then(_lvl("exact"))
        .when((pl.col("given_single_l") | pl.col("given_single_r"))
              & (pl.col("given_initial_l") == pl.col("given_initial_r"))).then(_lvl("initial"))
        .when(shares("given_groups")).then(_lvl("nickname"))
        .when(pl.col("near_swap")).then(_lvl("jw_high"))
        .when(pl.col("given_clipped")).then(_lvl("clipped"))
        .when(pl.col("given_pet")).then(_lvl("pet"))
        # two names the nickname table knows, in no common group: Nicole is not Nicholas
        .when(pl.col("given_known_l") & pl.col("given_known_r")).then(_lvl("different"))
        .when(pl.col("given_jw") >= JW_HIGH).then(_lvl("jw_high"))
        .when(pl.col("given_jw") >= JW_MID).then(_lvl("jw_mid"))
        .otherwise(_lvl("different")))


def _family_level() -> pl.Expr:
    """Reads given_level: a part of a compound family name counts for one person only beside
    a given name that agrees (a Spanish household shares surnames: a child carries one of each
    parent's)."""
    swapped, lone = _names()
    part = pl.col("family_part") & pl.col("given_level").is_in(PART_GIVEN)
    return (
        pl.when(lone).then(_lvl("lone"))
        .when(null("family_key")).then(_lvl("null"))
        .when(pl.col("family_key_l") == pl.col("family_key_r")).then(_lvl("exact"))
        .when(swapped | pl.col("near_swap")).then(_lvl("swapped"))
        .when(part).then(_lvl("part"))
        .when(pl.col("family_jw") >= JW_HIGH).then(_lvl("jw_high"))
        .when(pl.col("family_jw") >= JW_MID).then(_lvl("jw_mid"))
        .otherwise(_lvl("different")))


def _email_level() -> pl.Expr:
    """On pairs where both records have an address (_where_present)."""
    both = pl.col("email_keys_l").list.set_intersection(pl.col("email_keys_r"))
    return (
        pl.when(both.list.set_difference(pl.col("role_emails_l")).list.len() > 0)
        .then(_lvl("exact"))
        .when(both.list.len() > 0).then(_lvl("role"))
        .when(shares("email_locals")).then(_lvl("local"))
        .when(pl.col("_email_typo")).then(_lvl("typo"))
        .otherwise(_lvl("different")))


def _phone_level(personal: str) -> pl.Expr:
    """On pairs where both records have a number (_where_present). A number on many
    families' records (a switchboard) is "shared", not "exact": the scored frame carries each
    record's other numbers (compare.with_personal_phones)."""
    return (pl.when(shares(personal)).then(_lvl("exact"))
            .when(shares("phones_e164")).then(_lvl("shared"))
            .otherwise(_lvl("different")))


def _birthday_level() -> pl.Expr:
    """On pairs where both records have a month and a day (_where_present)."""
    y_l, y_r = pl.col("birthday_year_l"), pl.col("birthday_year_r")
    m_l, m_r = pl.col("birthday_month_l"), pl.col("birthday_month_r")
    d_l, d_r = pl.col("birthday_day_l"), pl.col("birthday_day_r")
    same_day = (m_l == m_r) & (d_l == d_r)
    return (
        pl.when(same_day & (y_l == y_r) & (m_l == 1) & (d_l == 1)).then(_lvl("jan_first"))
        .when(same_day & (y_l == y_r)).then(_lvl("exact"))
        # two 1 January placeholders of different or missing years: the day and month say
        # nothing (historical_50k: true pairs 0.18 of dated pairs, random pairs 0.15)
        .when((m_l == 1) & (d_l == 1) & (m_r == 1) & (d_r == 1)).then(_lvl("null"))
        .when(same_day & (y_l.is_null() | y_r.is_null())).then(_lvl("month_day"))
        .when((m_l == d_r) & (d_l == m_r) & ((y_l == y_r) | y_l.is_null() | y_r.is_null()))
        .then(_lvl("near"))
        .when(y_l.is_not_null() & y_r.is_not_null() & (date_hamming() <= 2)
              & _two_parts(y_l, y_r, m_l, m_r, d_l, d_r)).then(_lvl("two_parts"))
        .when(y_l.is_not_null() & y_r.is_not_null() & (date_hamming() <= 2)).then(_lvl("near"))
        .when(same_day).then(_lvl("near"))  # same day, years differ
        .otherwise(_lvl("different")))


TWO_PARTS_CLOSE_DAYS = 45


def _two_parts(y_l: pl.Expr, y_r: pl.Expr, m_l: pl.Expr, m_r: pl.Expr, d_l: pl.Expr,
               d_r: pl.Expr) -> pl.Expr:
    """Two birthdays that differ in two of year, month and day (at most two digits, read with
    date_hamming: "1983-07-03" / "1941-07-03" is one part, "1944-07-08" / "1944-07-28" one,
    "1962-12-29" / "1963-12-28" two). One slip of the hand changes one part; two parts apart
    is chance as often as a typo: random pairs of different people are this close 0.9-1.5% of
    the time on every labelled set (docs/qual13.md), nearly four times "near"'s u."""
    parts = ((y_l != y_r).cast(pl.Int8) + (m_l != m_r).cast(pl.Int8)
             + (d_l != d_r).cast(pl.Int8))
    # in days, roughly (31 a month): "1972-01-31" / "1972-02-01" is a day apart
    apart = (((y_l.cast(pl.Int32) * 12 + m_l.cast(pl.Int32)) * 31 + d_l.cast(pl.Int32))
             - ((y_r.cast(pl.Int32) * 12 + m_r.cast(pl.Int32)) * 31 + d_r.cast(pl.Int32))).abs()
    return (parts >= 2) & (apart > TWO_PARTS_CLOSE_DAYS)


def _dated_apart(p: pl.DataFrame) -> pl.Expr:
    """One record is a LinkedIn connection (today's employer) and the other from another
    export (the employer when the card was written): two organisations may be two dates of
    one career. Whether the book lets it weigh so is compare._dated_cap's (it reads how many
    records carry the name, which a level must not: levels are the pair's own)."""
    if "one_per_person_l" not in p.columns:
        return pl.lit(False)
    return pl.col("one_per_person_l") != pl.col("one_per_person_r")


def _same_level(field: str, *bands: tuple[pl.Expr, str]) -> pl.Expr:
    """"null" where either record lacks the field, "exact" where both agree, then each band's
    level where its condition holds (a spelling band, a middle initial), else "different"."""
    level = pl.when(null(field)).then(_lvl("null")) \
        .when(pl.col(f"{field}_l") == pl.col(f"{field}_r")).then(_lvl("exact"))
    for condition, name in bands:
        level = level.when(condition).then(_lvl(name))
    return level.otherwise(_lvl("different"))
