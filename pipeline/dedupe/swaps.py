"""Whether a record whose given name is the other's family name is really that person swapped.

The given-name guard (conflicts._given_conflict) excuses two different given names when one
record has its first and last names swapped: "Lowe Harley" / Harley Lowe. It looked at one
half of the swap only, the given name that equals the other record's family name, and so
excused every card of a household written family name first: "Shaw, Megan" (given "Shaw",
family "Megan") was no conflict with Neil Shaw, and as clustering refuses a join only when
every pair across it conflicts, that one card let Neil join his wife Megan's cluster through
their shared address or landline (gen3's households; docs/prec35.md). Read swapped, that card
is Megan: a swap excuses the pair only when the other half agrees too, cannot be read, or the
two records carry one birthday.

The other half agrees when the swapped record's family field (its given name, read swapped)
is missing, equals the other record's given name, is a prefix of it or it of it, is within the
comparison's "jw_mid" band (a swap and a typo at once), shares a nickname group with it
("Shaw, Bill" / William Shaw), or either name is one the nickname table lacks: only two names
the table knows are clearly two names here, as in the guard's own "Nicole is not Nicholas".
Census data swaps the names and then replaces one (FEBRL), and historical_50k's people go by
several given names: reading names the table lacks by spelling too (below "jw_mid": two
names) cost FEBRL 3 0.3 points of recall and historical_50k 0.07 even with the birthday, and
FEBRL 3 2.7 points without it (docs/prec35.md).
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import JaroWinkler

from pipeline.dedupe.nicknames import nickname_groups, share_group
from pipeline.dedupe.similarity import JW_MID, date_hamming

# A birthday this many digits or fewer from the other's is one birthday typed twice (as
# conflicts.BIRTHDAY_TYPO_DIGITS).
BIRTHDAY_DIGITS = 2


def _agree(own: str | None, other: str | None) -> bool:
    """The swapped record's own given name (its family field) against the other's given name."""
    if not own or not other:
        return True
    if own == other or own.startswith(other) or other.startswith(own):
        return True
    if JaroWinkler.normalized_similarity(own, other) >= JW_MID:
        return True
    # a family field can hold two words ("Maria Jose"); the first is the name a table knows
    first, second = own.split()[0], other.split()[0]
    table = nickname_groups()
    if first not in table or second not in table:
        return True  # a name the table lacks may be a typo, a surname or a second given name
    return share_group(first, second)


def same_birthday() -> pl.Expr:
    """Both records carry a full birthday, at most BIRTHDAY_DIGITS digits apart: what lets a
    census record swap its names and replace one of them and still be its person."""
    full = pl.all_horizontal(pl.col(f"birthday_{x}_{s}").is_not_null()
                             for x in ("year", "month", "day") for s in "lr")
    return full & (date_hamming() <= BIRTHDAY_DIGITS)


def other_half_agrees(p: pl.DataFrame, a: str, b: str, rows: pl.Series) -> pl.Series:
    """Per row of `p` (given_key and family_key of both records, suffixed _l and _r): whether
    record `a` ("l" or "r"), read with its names swapped, can be record `b`'s person. Only the
    rows where `rows` is true are computed (those that swap one way); the rest are true."""
    out = pl.repeat(True, p.height, dtype=pl.Boolean, eager=True).alias("agrees")
    mask = rows.fill_null(False)
    if not mask.any():
        return out
    todo = p.filter(mask).select(pl.col(f"family_key_{a}").alias("own"),
                                 pl.col(f"given_key_{b}").alias("other"))
    unique = todo.unique()
    verdict = {(o, t): _agree(o, t) for o, t in unique.iter_rows()}
    hits = [verdict[(o, t)] for o, t in todo.iter_rows()]
    return out.scatter(mask.arg_true(), pl.Series(hits, dtype=pl.Boolean))
