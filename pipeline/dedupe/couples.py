"""A couple's card: one card for two people ("John & Jane Smith", "Mr and Mrs Smith").

Personal address books keep them (a Christmas-card list, the neighbours, the in-laws), often
beside each partner's own card, with the household's landline, one partner's e-mail, the
home address. Read as a name, "John & Jane" is given John and middle Jane, so the card met
John's own card as the same person (given "nickname" level: the word "john" is shared; the
landline and the family name agreed) and took what it carries, Jane's e-mail included, into
John (session 21). The card is both partners', not one of them: clustering keeps it apart from
every record that is not a couple's card (conflicts.CONFLICTS, "couple_conflict"); two cards of
one couple still meet as any two records do.

What a couple's card is: the given-name field holding two names joined by a conjunction
(`&`, `+`, `and`, `und`, `et`, `y`, `en`, `och`, `og`), or, with no given name, a full name
written so ("John & Jane Smith", "Mr & Mrs Smith"). One-letter conjunctions (`e`, `i`) are
left out: they are middle initials as often ("Ann E Smith").
"""

from __future__ import annotations

import polars as pl

# what the pairs table says of a link the rule refuses (settled apart: not asked in review)
REASON = "a couple's card is both partners', not one person's"
_WORD = r"\p{L}[\p{L}'’.-]*"
_AND = r"(?:\s*[&+]\s*|\s+(?:and|And|AND|und|et|y|en|och|og)\s+)"
GIVEN_COUPLE = rf"^\s*{_WORD}{_AND}{_WORD}\s*$"
FULL_COUPLE = (rf"^\s*(?:{_WORD}{_AND}{_WORD}\s+{_WORD}(?:\s+{_WORD})*"
               r"|(?i:mr\.?(?:\s*&\s*|\s+and\s+)(?:mrs|ms)\.?)\s+\p{L}[\p{L}'’-]*)\s*$")


def couple_card(columns: list[str]) -> pl.Expr:
    """Per record: a couple's card, from the raw given_name and full_name among `columns`
    (a frame without them, as some callers build, has none)."""
    if "given_name" not in columns:
        return pl.lit(False)
    given = pl.col("given_name").str.strip_chars()
    couple = given.str.contains(GIVEN_COUPLE).fill_null(False)
    if "full_name" in columns:
        no_given = given.is_null() | (given == "")
        couple = couple | (no_given & pl.col("full_name").str.contains(FULL_COUPLE)
                           .fill_null(False))
    return couple
