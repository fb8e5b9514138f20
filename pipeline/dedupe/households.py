"""A household's card: one card for a couple or a family ("John & Jane Smith", "Mr and Mrs
Smith", "The Smiths", "Familie Müller").

Personal address books keep them (a Christmas-card list, the neighbours, the in-laws), often
beside each member's own card, with the household's landline, one member's e-mail, the home
address. Read as a name, "John & Jane" is given John and middle Jane, so the card met John's
own card as the same person (given "nickname" level: the word "john" is shared; the landline
and the family name agreed) and took what it carries, Jane's e-mail included, into John; a
"Familie Müller" card holding Hans's e-mail joined Hans (session 21). The card is the whole
household's, not one member's: clustering keeps it apart from every record that is not a
household's card (conflicts.CONFLICTS, "household_conflict"); two cards of one household still
meet as any two records do.

What a household's card is:
- a couple: the given-name field holding two names joined by a conjunction (`&`, `+`, `and`,
  `und`, `et`, `y`, `en`, `och`, `og`), or, with no given name, a full name written so
  ("John & Jane Smith", "Smith, John & Jane", "Mr & Mrs Smith"), or two titled names so joined, the form of a
  wedding or Christmas-card list ("Mr. John Moore & Ms. Jacquelin Frank", "Dr. Alan & Mrs.
  Chodock": half the couples of a real guest list, docs/realworld-rules21.md; a firm's name
  holds no title after its "&"), or two whole names each with its initials in brackets,
  joined by a comma ("Addie Close (ASC), Willard Delao (WED)": two staff of one extension in
  a school's phone list; one card of two people, as a couple's). One-letter conjunctions (`e`, `i`) are left out: they are
  middle initials as often ("Ann E Smith");
- a family: the given-name field, or, with no given name, the family or full name, holding
  the word for family (`Family`, `Familie`, `Famille`, `Familia`, `Famiglia`, `Família`,
  `Rodzina`, `Gezin`, `Fam.`), or a full name "The Smiths" (a capitalised plural after
  "The"). A given name beside the family name "Family" is a person's (a placeholder such as
  "Given Family" in vCard test files).
A name ending in a legal form ("Gallagher & Briggs Corp.") is a firm's card, not a household's.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize.generations import GENERATION_FIELDS, generation_of
from pipeline.normalize.name_patterns import GENERATIONS
from pipeline.normalize.orgs import legal_tail

# what the pairs table says of a link the rule refuses (settled apart: not asked in review)
REASON = "a household's card (a couple, a family) is all of theirs, not one person's"
_WORD = r"\p{L}[\p{L}'’.-]+"  # two letters or more: "AT&T" is no couple
_AND = r"(?:\s*[&+]\s*|\s+(?:and|And|AND|und|et|y|en|och|og)\s+)"
GIVEN_COUPLE = rf"^\s*{_WORD}{_AND}{_WORD}\s*$"
_TITLE = r"(?i:mr|mrs|ms|miss|mx|dr|prof)\.?"
_INITIALS = r"\s*\(\p{Lu}{2,4}\)"  # "(ASC)": a person's initials after their name
_SUFFIX = r"(?:,\s*(?i:jr|sr|ii|iii|iv)\.?)?"  # "Mr. and Mrs. Salvatore Marchesano, Jr."
FULL_COUPLE = (rf"^\s*(?:{_WORD}{_AND}{_WORD}\s+{_WORD}(?:\s+{_WORD})*"
               # two whole names, two words or more each ("Robert Funk & Keeley Petrock",
               # docs/realworld17.md): a firm's "Marks & Spencer" has one word a side
               rf"|{_WORD}(?:\s+{_WORD})+{_AND}{_WORD}(?:\s+{_WORD})+"
               # the family name first, as a directory sorts them ("Smith, John & Mary")
               rf"|{_WORD}(?:\s+{_WORD})*\s*,\s*{_WORD}{_AND}{_WORD}"
               r"|(?i:mr\.?(?:\s*&\s*|\s+and\s+)(?:mrs|ms)\.?)\s+\p{L}[\p{L}'’-]*"
               rf"|(?:{_TITLE}\s+)?{_WORD}(?:\s+{_WORD})*{_AND}{_TITLE}\s+{_WORD}(?:\s+{_WORD})*"
               # two whole names, each with its initials in brackets, joined by a comma or a
               # conjunction: two staff on one extension ("Addie Close (ASC), Willard Delao
               # (WED)", docs/realworld22.md (d)); the brackets tell it from "Van Dyke, Mary Ann"
               rf"|{_WORD}(?:\s+{_WORD})+{_INITIALS}(?:\s*[,;]\s*|{_AND})"
               rf"{_WORD}(?:\s+{_WORD})+{_INITIALS})"
               rf"{_SUFFIX}\s*$")
# "Smith Family" (English puts the word last), "Familie Müller" (the others first): a firm
# such as "Family Dollar" or "Riverside Family Dentistry" is neither (rwcheck, session 21)
FAMILY = (r"(?i:\S\s+family\s*$|^\s*(?:familie|famille|familia|famiglia|família|rodzina|gezin"
          r"|fam\.)\s+\S)|^\s*The\s+\p{Lu}\p{Ll}+s\s*$")
_NAME_FIELDS = ("given_name", "family_name", "full_name")
# What every household's card holds in one of its name fields, whichever pattern above it
# matches: a "&" or "+", a conjunction between spaces (any case: FULL_COUPLE's "Mr AND Mrs"),
# a word for family (each starts with "fam", matched with FAMILY's case folding), "The", or
# a closing bracket before a comma or semicolon (initials: "Addie Close (ASC), Willard ...").
# One search of literals per field, where household_card's patterns are a dozen regular
# expressions: most books hold no household's card, and their rows need no more than this.
_MAYBE = r"[&+]|\s(?i:and|und|et|y|en|och|og)\s|(?i:fam|rodzina|gezin)|The|\)\s*[,;]"


def household_card(columns: list[str]) -> pl.Expr:
    """Per record: a household's card, from the raw name fields among `columns` (a frame
    without them, as some callers build, has none)."""
    if "given_name" not in columns:
        return pl.lit(False)
    given = pl.col("given_name").str.strip_chars()
    no_given = given.is_null() | (given == "")
    card = given.str.contains(GIVEN_COUPLE) | given.str.contains(FAMILY)
    for field in (f for f in _NAME_FIELDS[1:] if f in columns):
        named = pl.col(field).str.contains(FAMILY)
        if field == "full_name":
            named = named | pl.col(field).str.contains(FULL_COUPLE)
        card = card | (no_given & named & ~legal_tail(pl.col(field)))
    card = card.fill_null(False) & ~legal_tail(given).fill_null(False)
    if "organization" in columns:
        # a card named as its organisation is the firm's ("Ernst & Young", "Barnes & Noble")
        org = pl.col("organization").str.strip_chars().str.to_lowercase()
        named_as = pl.any_horizontal((pl.col(f).str.strip_chars().str.to_lowercase() == org)
                                     .fill_null(False) for f in _NAME_FIELDS if f in columns)
        card = card & ~named_as
    return card


def maybe_household(columns: list[str]) -> pl.Expr:
    """Per record: false where household_card is certainly false (no name field holds what
    every household's card holds, _MAYBE); true where it may be either."""
    if "given_name" not in columns:
        return pl.lit(False)
    return pl.any_horizontal(pl.col(f).str.contains(_MAYBE).fill_null(False)
                             for f in _NAME_FIELDS if f in columns)


def household_cards(frame: pl.DataFrame) -> pl.Series:
    """household_card(frame.columns) of every row of `frame` (Boolean, named "household"),
    its patterns run only on the rows maybe_household keeps (the same answers: 0.3 ms
    instead of ~8 for an owner's ~2,000 records, where a household's card is rare)."""
    if "given_name" not in frame.columns:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("household")
    maybe = frame.select(maybe_household(frame.columns).alias("household")).to_series()
    if maybe.any():
        rows = maybe.arg_true()
        maybe.scatter(rows, frame[rows].select(household_card(frame.columns)).to_series())
    return maybe


GENERATION_REASON = "Jr. and Sr.: two generations of one name"
# "Salifu Ameda" and "Salifu Ameda Jnr" in one member list: the file tells a son from his father
# by the suffix it writes on one of them (conflicts._generation_in_file)
GENERATION_IN_FILE_REASON = "one file lists the same name with and without Jr./Sr."


def generations(frame: pl.DataFrame) -> pl.Series:
    """Which generation each record's name marks (1 Sr., 2 Jr. or II, 3 III, 4 IV; names.
    generation_word), else null (Int8, named "generation"). A father and his son share a name
    and often a home, its landline and its mailbox: "Jr." on one card and "Sr." on the other
    say two people (conflicts.CONFLICTS). ~0.07 CPU-s for a million records."""
    if not any(c in frame.columns for c in GENERATION_FIELDS):  # (a literal is one row)
        return pl.repeat(None, frame.height, dtype=pl.Int8, eager=True).alias("generation")
    number = {k: v[1] for k, v in GENERATIONS.items()}
    return frame.select(generation_of(frame.columns).replace_strict(
        number, default=None, return_dtype=pl.Int8).alias("generation")).to_series()
