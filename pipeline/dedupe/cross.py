"""Comparison levels that read more than the two records' own name, e-mail and organisation
columns compared field by field (compare.levels): an address of one record that spells the
other record's name (email_name_level), a work domain that names the other's organisation
(domain_org_level). They read list columns of spellings and stems, and a record's own
spellings, which are dear to copy for every candidate pair, so only the pairs where one of
them can count are read."""

from __future__ import annotations

import polars as pl

from pipeline.dedupe.blocking import pair_code
from pipeline.dedupe.mail_spellings import own_spellings
from pipeline.dedupe.model import lvl as _lvl
from pipeline.dedupe.tables import _idx_is_position, _spelled_pairs, with_sides

CROSS_INPUTS = ["idx", "email_letters", "name_spellings", "domain_stems", "org_word",
                "own_spellings"]
# what _with_own_spellings reads of a record (mail_spellings.own_spellings and its filter)
OWN_INPUTS = ["idx", "email_letters", "name_spellings", "given_groups", "family_key"]


def cross_levels(p: pl.DataFrame, features: pl.DataFrame,
                 spelled: pl.Series | None = None) -> pl.DataFrame:
    """Adds email_name_level and domain_org_level. Only pairs where one of them can count (a
    record without a full name or without an organisation) get the list columns they read:
    copying those lists for every candidate pair cost gigabytes at a million records."""
    missing = [pl.col(f"{f}_level") == "null" for f in ("given", "family", "org")]
    not_shared = pl.col("email_level") != "exact"
    # names that half agree are common among candidates (half of them at 20,000 people): of
    # those, only pairs where an address of one spells the other's name are read
    if spelled is None:
        spelled = _spelled_pairs(features)
    half = (_names_half_agree() & not_shared
            & pair_code(pl.col("l"), pl.col("r")).is_in(spelled.implode()))
    need = (missing[0] | missing[1]) & not_shared | missing[2] | half
    rows = p.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "l", "r",
                    "given_level", "family_level", "email_level", "org_level").filter(need)
    out = p.with_columns(_lvl("null").alias("email_name_level"),
                         _lvl("null").alias("domain_org_level"))
    if rows.height == 0:
        return out
    if _idx_is_position(features):  # gathered by position: no filter of every record
        rows = with_sides(rows, features.select(CROSS_INPUTS[:-1]), CROSS_INPUTS[:-1])
    else:
        wanted = pl.concat([rows["l"], rows["r"]]).unique().implode()
        some = features.select(CROSS_INPUTS[:-1]).filter(pl.col("idx").is_in(wanted))
        rows = with_sides(rows, some, CROSS_INPUTS[:-1])
    rows = _with_own_spellings(rows, features)
    rows = rows.with_columns(_cross_levels())
    for col in ("email_name_level", "domain_org_level"):
        out = out.with_columns(out[col].scatter(rows["_row"], rows[col]))
    return out


def _with_own_spellings(rows: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """rows (_row, l, r, the other CROSS_INPUTS of both sides) with own_spellings_l / _r. They
    are only ever taken away from an address of one record that spells the other's name
    (_cross_levels), so they are built for the records of such rows only, [] elsewhere:
    building them for every record a row names was the dearest step of scoring."""
    def spells(x: str, y: str) -> pl.Expr:
        return pl.col(f"email_letters_{x}").list.set_intersection(
            pl.col(f"name_spellings_{y}")).list.len() > 0

    empty = pl.lit([], dtype=pl.List(pl.String))
    few = rows.filter(spells("l", "r") | spells("r", "l")).select("_row", "l", "r")
    if few.height == 0:
        return rows.with_columns(empty.alias("own_spellings_l"), empty.alias("own_spellings_r"))
    wanted = pl.concat([few["l"], few["r"]]).unique().implode()
    # the columns own spellings read, then the rows: filtering every column of a million
    # records' features first copied them all
    some = features.select(*OWN_INPUTS).filter(pl.col("idx").is_in(wanted))
    some = some.select("idx", _own_spellings_where_read(some).alias("own_spellings"))
    few = with_sides(few, some, ["idx", "own_spellings"]).drop("l", "r")
    return rows.join(few, on="_row", how="left", maintain_order="left").with_columns(
        pl.col("own_spellings_l", "own_spellings_r").fill_null(empty))


def _own_spellings_where_read(some: pl.DataFrame) -> pl.Series:
    """own_spellings of the records with an e-mail spelling, [] for the others: it is only
    ever taken away from the record's own email_letters (_cross_levels), so a record with none
    needs none, and building the spellings was the dearest step of scoring at a million."""
    spelling = some.filter(pl.col("email_letters").list.len() > 0)
    own = spelling.select("idx", own_spellings(spelling).alias("own_spellings"))
    return some.select("idx").join(own, on="idx", how="left", maintain_order="left")[
        "own_spellings"].fill_null(pl.lit([], dtype=pl.List(pl.String)))


AGREEING_NAME = {"given": ("exact", "nickname", "jw_high", "jw_mid", "initial", "clipped",
                           "pet"),
                 "family": ("exact", "jw_high", "jw_mid", "swapped", "part")}


def _names_half_agree() -> pl.Expr:
    """One name field agrees in some way and the other is another name: a maiden name (Maria
    Veistein / Maria Griberg), another given name. Not a typo: "sunita_kumar@" on a card for
    Sunita Kmuar spells her own name, correctly. Not a nickname either: "chris.jackson@" on
    Christine Jackson's card, or "michaelg@" on Mike Gordon's, spell a form of the card's own
    name as much as the other record's (at 20,000 people such pairs were mostly namesakes)."""
    g, f = pl.col("given_level"), pl.col("family_level")
    return ((g.is_in(AGREEING_NAME["given"]) & (f == "different"))
            | (f.is_in(AGREEING_NAME["family"]) & g.is_in(["different", "initial"])))


def _cross_levels() -> list[pl.Expr]:
    """Evidence across fields, counted only where the fields' own comparison did not already
    count it. An e-mail of one record that spells the other record's name and not its own
    ("mariagriberg@" on a card for Maria Veistein, beside a profile of Maria Griberg; "kkabelham@"
    on a card with no name), where the names could not be compared in full or only half
    agree: with both names the same, "dbrown" says nothing the names did not, and namesakes
    share it. A work domain that names the other's organisation where one record has no
    organisation."""
    def crosses(a: str, b: str, unless: str | None = None) -> pl.Expr:
        def side(x: str, y: str) -> pl.Expr:
            hit = pl.col(f"{a}_{x}").list.set_intersection(pl.col(f"{b}_{y}"))
            if unless:
                hit = hit.list.set_difference(pl.col(f"{unless}_{x}"))
            return hit.list.len() > 0
        return side("l", "r") | side("r", "l")

    names_said = (pl.col("given_level") != "null") & (pl.col("family_level") != "null")
    domain = crosses("domain_stems", "org_word")
    spells = crosses("email_letters", "name_spellings", unless="own_spellings")
    return [
        pl.when(spells & (~names_said | _names_half_agree())
                & (pl.col("email_level") != "exact")).then(_lvl("spells_name"))
        .otherwise(_lvl("null")).alias("email_name_level"),
        pl.when(domain & (pl.col("org_level") == "null"))
        .then(_lvl("matches")).otherwise(_lvl("null")).alias("domain_org_level"),
    ]
