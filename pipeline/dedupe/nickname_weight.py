"""A nickname never says more than the name written alike on both records.

Two given names that are forms of one name ("Bill" / "William", "Barb" / "Barbara": compare's
"nickname" level) weighed a fixed log2(m / u) = log2(0.14 / 0.002), 6.1 bits, whatever the
names. The exact level reads the name's frequency in the book (u of "William" / "William" is
William's share of the records), so where a name is common its exact agreement weighs less
than 6.1 bits, and its nickname weighed more than the name itself: at 2,000 people a common
formal name written alike on two records weighs ~4-5 bits, "Bill" / "William" 6.1.

That cannot be right. Among one person's records a nickname is rarer than the same name twice
(m 0.14 against 0.72); among different people, a record whose given name is another form of
"Bill" is at least as common as one that says "William" (u of the nickname level is the share
of all the forms, William's among them). So the nickname's likelihood ratio is below the exact
name's, for the commoner of the two names (the one that is the name's own frequency for
either record): the level weighs at most the exact level's weight at that frequency, and as
before where the fixed weight is lower (rare names keep what they had).

Not in a book of copies (swap_weight.applies: census extracts, historical_50k), where a
nickname is one copy's spelling of one person far more often than a namesake's: there the
bound cost historical_50k 0.0098 of recall for 0.0034 of precision (F1 -0.0046).
Measured in docs/prec39.md. A reading of the nickname level's u from the data (the share of
the book holding any other form of the name) was tried first and cost too much recall; this
bound only removes the inversion.
"""

from __future__ import annotations

import polars as pl

from pipeline.dedupe.model import M


def given_weight(commoner_tf: str, most: float, least: float, active: bool = True) -> pl.Expr:
    """The given name's weight: of the "nickname" level at most the exact level's weight for
    the commoner of the two given names (column `commoner_tf`, that name's frequency); else
    as scored. `most`, `least`: model.field_bounds of the book. `active`: not in a book of
    copies (swap_weight.applies), where one person's copies carry her other names often."""
    m = M["given"]["exact"][0]
    tf = pl.col(commoner_tf).fill_null(least).clip(lower_bound=least)
    exact = (pl.lit(m) / tf).log(2).clip(0.0, most)
    return (pl.when((pl.col("given_level") == "nickname") & active)
            .then(pl.min_horizontal(pl.col("given_weight"), exact))
            .otherwise(pl.col("given_weight")).alias("given_weight"))
