"""The name your own address books call a person by, when it is another form of the given name
the card shows: people.nickname ("Bill" for William Gates), for a drafted "Hi Bill,".

LinkedIn writes the name a member chose for the profile ("William"); your phone or Google card
says what you call him: a Nickname field (Google's "Nickname" column, vCard NICKNAME, Android's
nickname row), or a card typed with the short name as the given name ("Bill", often without a
family name, so the card with both names, LinkedIn's, gives the people table's name).

Only a form of the same name counts: one the nickname table lets stand for the given name
(Bill for William, not William for Bill), or a start of a one-word given name of three letters
or more (Alex for Alexander). A Nickname field also holds "Mom", "Dentist", "Bob from work":
words a message to the person must not greet them by. LinkedIn's records are never read here.
"""

from __future__ import annotations

import polars as pl
from anyascii import anyascii

from pipeline.dedupe.nicknames import nickname_groups

# One word of letters ("Bill", "Jean-Luc", "O'Neil"): a phrase is a description, not a name.
_ONE_WORD = r"^\p{L}+(?:['’\-]\p{L}+)*$"


def _key(name: str) -> str:
    return anyascii(name).strip().lower()


def stands_for(short: str, given: str) -> bool:
    """Whether `short` is another form of the given name `given` a person is called by."""
    s, g = _key(short), _key(given)
    if not s or s == g:
        return False
    if g in nickname_groups().get(s, ()):
        return True
    return " " not in g and "-" not in g and len(s) >= 3 and g.startswith(s)


def nicknames(people: pl.DataFrame, recs: pl.DataFrame, own_rank: pl.Expr) -> pl.Series:
    """people.nickname, in `people`'s row order: of each person's records other than LinkedIn's,
    the best-ranked (`own_rank`, then a Nickname field before a given name, then record_id)
    name that stands_for the person's given_name; null when none does.

    `recs`: the people's records with person_id, record_id, source, given_clean, nickname."""
    own = recs.filter(pl.col("source") != "linkedin").select(
        "person_id", "record_id", own_rank.alias("_rank"), "given_clean", "nickname")
    cands = pl.concat([
        own.select("person_id", "record_id", "_rank", pl.lit(0).alias("_field"),
                   pl.col("nickname").str.strip_chars().alias("_name")),
        own.select("person_id", "record_id", "_rank", pl.lit(1).alias("_field"),
                   pl.col("given_clean").alias("_name")),
    ]).filter(pl.col("_name").str.contains(_ONE_WORD))
    cands = cands.join(people.select("person_id", "given_name").filter(
        pl.col("given_name").is_not_null()), on="person_id").filter(
        pl.col("_name").str.to_lowercase() != pl.col("given_name").str.to_lowercase())
    none = pl.Series("nickname", [None] * people.height, dtype=pl.String)
    if cands.height == 0:
        return none
    # the nickname table is read in Python: once per distinct (name, given name) pair, which are
    # few (most records of a person carry the given name the card shows)
    pairs = cands.select("_name", "given_name").unique()
    pairs = pairs.with_columns(pl.Series("_ok", [stands_for(s, g) for s, g in pairs.rows()],
                                         dtype=pl.Boolean))
    best = (cands.join(pairs, on=["_name", "given_name"]).filter("_ok")
            .sort(["person_id", "_rank", "_field", "record_id"])
            .unique("person_id", keep="first", maintain_order=True))
    if best.height == 0:
        return none
    return people.select("person_id").join(
        best.select("person_id", pl.col("_name").alias("nickname")), on="person_id",
        how="left", maintain_order="left")["nickname"]
