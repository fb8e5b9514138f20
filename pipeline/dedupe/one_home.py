"""A postal address with no name beside it says "one home", not "one person".

A shared street and postcode (and town) weigh by how rare they are, which is right when the
names agree too: the address then tells namesakes apart. Where the pair has no name to compare
at all (a card saved with only a number and the family's address, matched to one member's
card), the address is what every member of the household shares, and at 15-20 bits it joined
the card to whichever member it met first: gen3 at 20,000 people put 21 wrong pairs and 8
right ones together through such links (bench/gen3_errors.py, "chain through a nameless
record", rule "street"; docs/prec35.md). So for such a pair the address fields weigh nothing
in favour (a different address still counts against), unless the two birthdays agree, which
tells one member from another. A card with no name still joins its person through a personal
e-mail address or number (dedupe/nameless.py) or a birthday.

Census-style copies with the name left out, matched on a fake per-person postcode and nothing
else (Splink's historical_50k), lose some pairs to this: 47 of 303,000 (docs/prec35.md).
"""

from __future__ import annotations

import polars as pl

ADDRESS_FIELDS = ("street", "postcode", "city")
# Birthday levels that tell one member of a household from another.
BIRTHDAY_AGREES = ("exact", "jan_first", "month_day", "near", "two_parts")


def cap_nameless_address(p: pl.DataFrame) -> pl.DataFrame:
    """Scored pairs (levels and per-field weights) with the address fields' weights capped at
    0 where neither a given name nor a family name can be compared and the birthdays do not
    agree."""
    no_name = (pl.col("given_level") == "null") & (pl.col("family_level") == "null")
    cap = no_name & ~pl.col("birthday_level").is_in(list(BIRTHDAY_AGREES))
    return p.with_columns(
        pl.when(cap).then(pl.min_horizontal(f"{f}_weight", pl.lit(0.0)))
        .otherwise(pl.col(f"{f}_weight")).alias(f"{f}_weight") for f in ADDRESS_FIELDS)
