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

from pipeline.dedupe.nicknames import nickname_groups, table_key

# One word of letters ("Bill", "Jean-Luc", "O'Neil"): a phrase is a description, not a name.
_ONE_WORD = r"^\p{L}+(?:['’\-]\p{L}+)*$"


def stands_for(short: str, given: str) -> bool:
    """Whether `short` is another form of the given name `given` a person is called by."""
    s, g = table_key(short), table_key(given)
    if not s or s == g:
        return False
    if g in nickname_groups().get(s, ()):
        return True
    return " " not in g and "-" not in g and len(s) >= 3 and g.startswith(s)


def _persons_given(people: pl.DataFrame, ids: pl.Series) -> pl.Series:
    """Each record's person's given_name. Records sorted by person id, people one row each in
    that order (as people.build groups them): by the run each record is in; else searched."""
    if ids.is_sorted() and people["person_id"].is_sorted():
        runs = (ids != ids.shift(1)).fill_null(True).cum_sum().cast(pl.UInt32) - 1
        if runs.len() == 0 or runs[-1] == people.height - 1:
            return people["given_name"].gather(runs)
    ref = people.select("person_id", "given_name").sort("person_id")
    at = ref["person_id"].search_sorted(ids).clip(0, max(ref.height - 1, 0))
    return ref["given_name"].gather(at)


def nicknames(people: pl.DataFrame, recs: pl.DataFrame, own_rank: pl.Expr) -> pl.Series:
    """people.nickname, in `people`'s row order: of each person's records other than LinkedIn's,
    the best-ranked (`own_rank`, then a Nickname field before a given name, then record_id)
    name that stands_for the person's given_name; null when none does.

    `recs`: the people's records with person_id, record_id, source, given_clean, nickname."""
    # Only the few records with a Nickname field, or whose given name differs from their
    # person's, are read further: a select of every record and a join (or search) of their
    # person ids cost ~0.15 s at a million records, for ~2% of them.
    given = pl.Series("given_name", _persons_given(people, recs["person_id"]), dtype=pl.String)
    differs = (pl.col("nickname").is_not_null() | (pl.col("given_clean") != given)).fill_null(False)
    own = (recs.select("person_id", "record_id", "source", "given_clean", "nickname")
           .with_columns(given).filter(differs & (pl.col("source") != "linkedin"))
           .with_columns(own_rank.alias("_rank")))
    cands = pl.concat([
        own.filter(pl.col("nickname").is_not_null()).select(
            "person_id", "record_id", "_rank", "given_name", pl.lit(0).alias("_field"),
            # a list ("Bill, Billy": a vCard NICKNAME's values joined): its first
            pl.col("nickname").str.split(",").list.first().str.strip_chars().alias("_name")),
        own.filter(pl.col("given_clean") != pl.col("given_name")).select(
            "person_id", "record_id", "_rank", "given_name", pl.lit(1).alias("_field"),
            pl.col("given_clean").alias("_name")),
    ]).filter(pl.col("given_name").is_not_null() & pl.col("_name").str.contains(_ONE_WORD)
              & (pl.col("_name").str.to_lowercase() != pl.col("given_name").str.to_lowercase()))
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
