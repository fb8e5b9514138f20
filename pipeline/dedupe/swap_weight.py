"""A name written family first weighs what the same name written in order weighs.

"Carter, Kimberly" on an Outlook card (given "Carter", family "Kimberly") and LinkedIn's
Kimberly Carter agree on the same two words as two records that both write "Kimberly Carter".
Whether a card writes a name family first depends on the export and the person who typed it,
not on who the contact is: the share of cards written so is the same among one person's cards
and among namesakes', and cancels out of the likelihood ratio. So an exact swap says what the
exact name says: the given name's frequency as a given name, the family name's as a family
name. It weighed a fixed 9.2 bits for the family half (model.M["family"]["swapped"]) plus the
rarer of the two given-name frequencies: "carter" is a rare given name, so a common name
written family first weighed several bits more than the same name in order, and namesakes
written family first merged where namesakes written in order did not (gen6: "Carter Kimberly"
/ Kimberly Carter, "Smith Amy" / Amy Smith; docs/prec38.md).

Which record is the swapped one cannot be told, so each half takes the commoner reading (the
larger frequency): Kimberly as a given name, Carter as a family name, and the family half
never weighs more than the level's fixed weight (a rare family name written first gains
nothing: historical_50k lost precision when it did). A near swap (a typo on top of the swap,
field_levels' near_swap) is held to the same bound on its family half, so that it never
weighs more than the exact swap.

Not in a book of copies (several records of each person, prior.COPIES_BITS above the assumed
prior: census extracts, Splink's fake_1000), where a swap is a clerk's slip on one copy of one
person rather than an export's habit shared by namesakes: there the swapped copies of common
names lost their person (fake_1000 recall 0.9254 -> 0.9144, docs/prec38.md).
"""

from __future__ import annotations

import polars as pl

from pipeline.dedupe.model import M
from pipeline.dedupe.prior import holds_copies
from pipeline.dedupe.tables import prior_weight


def applies(prior: float | None, n_records: int) -> bool:
    """Whether swaps weigh as the name in order: not in a book of copies (the prior the
    run's pairs imply is COPIES_BITS above the assumed one; None: the assumed prior)."""
    return not holds_copies(prior, prior_weight(n_records))


def exact_swap() -> pl.Expr:
    """The two records' given and family names agree crosswise, letter for letter: the
    levels field_levels gives such a pair (a near swap's given name is "jw_high")."""
    return ((pl.col("family_level") == "swapped")
            & (pl.col("given_level") == "exact")).fill_null(False)


def given_frequency(left: str, right: str, active: bool = True) -> pl.Expr:
    """The frequency the given name's weight reads: of an exact swap the commoner of the two
    given names (the one that is a given name), else the rarer (equal for an exact match)."""
    return (pl.when(exact_swap() & active).then(pl.max_horizontal(left, right))
            .otherwise(pl.min_horizontal(left, right)))


def family_weight(commoner_tf: str, most: float, least: float, active: bool = True
                  ) -> pl.Expr:
    """The family name's weight: of a swap (exact or near) at most that of the exact level,
    read at the commoner of the two family names' frequencies; else as scored."""
    m = M["family"]["exact"][0]
    tf = pl.col(commoner_tf).fill_null(least).clip(lower_bound=least)
    exact = (pl.lit(m) / tf).log(2).clip(0.0, most)
    swapped = (pl.col("family_level") == "swapped").fill_null(False)
    return (pl.when(swapped & active)
            .then(pl.min_horizontal(exact, pl.col("family_weight")))
            .otherwise(pl.col("family_weight")).alias("family_weight"))
