"""A contact record's name columns: display_name, given_clean, family_clean and the name keys
(name_key, given_key, family_key), from its raw name fields (pipeline.stages.normalize).

Apart from the stage because they are one rule with many cases, each with its own evidence:
which of the structured fields and the parsed full name to believe, the "nan" a pandas table
wrote for its empty cells, a household's card shown as written, a login typed as the given name,
and the fallbacks when a record names no one (nickname, organisation, e-mail, phone). The stage
wires the result into the records beside the other normalised columns.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.dedupe.households import household_cards
from pipeline.normalize import cjk_names, emails, generations, names, plus_ones

_INITIAL = r"^[A-Za-z\u00c0-\u024f]\.?$"  # one Latin letter, maybe with its dot
_NAME_FIELDS = ("name_prefix", "given_name", "middle_name", "family_name", "name_suffix")
# records of one file whose name fields say "nan" twice or more: the file's "nan" is no name
NAN_FILE_MIN = 3


def _without_nan_fields(frame: pl.DataFrame) -> pl.DataFrame:
    """Name fields holding "nan" are empty when two or more of the record's do, or when
    NAN_FILE_MIN records of its file have such fields: a table pandas wrote out with its empty
    cells as text (docs/realworld14.md, A5: given "Abdullah", middle "nan", family "nan" in
    316 of 5,394 cards). A lone "nan" elsewhere may be a name (Nan) and stays."""
    # most books hold no such "nan" (a field of its own, or a word after another): literal
    # scans, not the rules below (0.5 CPU-s at 1M records)
    if not frame.select(pl.any_horizontal((pl.col(c) == "nan")
                                          | pl.col(c).str.contains(" nan", literal=True)
                                          for c in _NAME_FIELDS).any()).item():
        return frame
    is_nan = [(pl.col(c) == "nan").fill_null(False) for c in _NAME_FIELDS]
    several = pl.sum_horizontal([n.cast(pl.Int8) for n in is_nan]) >= 2
    if "source_file" in frame.columns:
        # "X nan nan" typed into one field says the same of its file
        said = several | pl.any_horizontal(pl.col(c).str.contains(names.REPEATED_NAN)
                                           .fill_null(False) for c in _NAME_FIELDS)
        several = several | (said.cast(pl.Int32).sum().over("source_file") >= NAN_FILE_MIN)
    return frame.with_columns(pl.when(several & n).then(None).otherwise(pl.col(c)).alias(c)
                              for c, n in zip(_NAME_FIELDS, is_nan, strict=True))


# A spreadsheet formula typed or injected into a name cell: a function call (`=SUM(A1)`,
# `=HYPERLINK("http://…","Click")`) or a cell reference (`=B2`). A newsletter's sign-up form
# takes any text as the name, and Ghost's member export keeps it (its test file
# members-formula-like-values.csv, docs/realworld37.md); cleaned as a name, `=SUM(A1)` was shown
# as the person "SUM". No name: the record is shown by its other fields, the raw field kept.
_FORMULA = r"^=\s*(?:[A-Za-z_][\w.]*\s*\(|\$?[A-Za-z]{1,3}\$?\d)"
_FORMULA_FIELDS = ("full_name", *_NAME_FIELDS, "nickname")


def _without_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Name fields that are a spreadsheet formula (_FORMULA) are empty for the name columns."""
    present = [c for c in _FORMULA_FIELDS if c in frame.columns]
    # nearly every book holds no name starting with "=": a prefix test first (0.04 s at a
    # million records of seven filled fields; a spreadsheet reads " =SUM(A1)" as text anyway)
    if not frame.select(pl.any_horizontal(pl.col(c).str.starts_with("=")
                                          for c in present).any()).item():
        return frame
    return frame.with_columns(pl.when(pl.col(c).str.contains(_FORMULA)).then(None)
                              .otherwise(pl.col(c)).alias(c) for c in present)


def _household_names(frame: pl.DataFrame) -> pl.Series:
    """A household's card is shown as its full name was written: parsed as one person's,
    "John & Jane Smith" lost its "&", "Familie Müller" its "Familie", and "Smith Family"
    became "Family Smith". Null for every other record (most books: all of them)."""
    cards = household_cards(frame)
    shown = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias("household")
    if cards.any():
        rows = cards.arg_true()
        shown.scatter(rows, frame["full_name"].gather(rows).str.strip_chars()
                      .str.replace_all(r"\s+", " "))
    return shown


def name_columns(frame: pl.DataFrame, typed: pl.DataFrame) -> pl.DataFrame:
    """display_name, given_clean, family_clean and the three name keys. `typed`: the numbers
    typed as the given and full name (numbers_typed), computed once for phones and names."""
    unwritten = frame["family_name"].str.strip_chars().fill_null("") == ""  # ("nan" is written)
    frame = _without_formulas(_without_nan_fields(frame))
    # A Russian converter writes the whole "Иванов Иван Иванович" into vCard N's family slot:
    # read as the full name it is (names.PATRONYMIC_LAST), not as one long family name.
    empty = [pl.col(c).fill_null("").str.strip_chars() == "" for c in ("given_name", "middle_name")]
    whole = empty[0] & empty[1] & pl.col("family_name").str.contains(names.PATRONYMIC_LAST)
    # an organisation's card has no person's name to parse: shown as the organisation
    org_card = names.is_organisation_card(*(pl.col(c) for c in (
        "full_name", "given_name", "middle_name", "family_name", "organization", "title")))
    frame = _given_from_logins(pl.concat([frame, typed], how="horizontal")).with_columns(
        full_name=pl.when(whole).then(pl.col("family_name"))
        .when(org_card).then(None).otherwise(pl.col("full_name")),
        family_name=pl.when(whole).then(None).otherwise(pl.col("family_name")),
        # the full name replaced by the family slot holds letters: no number typed as it
        full_number=pl.when(whole).then(None).otherwise(pl.col("full_number")))
    parts = frame.select(
        given=names.given_parts(pl.col("given_name")),
        middle=names.clean_other(pl.col("middle_name")),
        family=names.family_parts(pl.col("family_name")),
        parsed=plus_ones.named_by_guest(frame, cjk_names.parse_full_names(frame)),
        nick=names.clean_other(pl.col("nickname")),
        org=pl.col("organization").str.strip_chars().replace("", None),
        email=emails.without_scheme(pl.col("emails").list.first()).replace("", None),
        phone=pl.col("phones").list.first().str.strip_chars().replace("", None),
        # a number typed as the name is shown as typed ("(415) 555-0199", "+1 415 ..." whole)
        number="number", full_number="full_number",
        household=_household_names(frame), generation=generations.generation_of(frame.columns),
        unwritten=unwritten, given_unwritten=empty[0] & empty[1],
    )
    given, family, parsed = (pl.col(c).struct for c in ("given", "family", "parsed"))
    # Structured fields first; the full name is parsed only when both are empty, when it is the
    # given name and more beside no family name ("Horacio Torres", "Horacio": realworld21 T3),
    # or the family name and more beside no given name (names.beside_lone_family)
    fuller = (pl.col("unwritten") & parsed.field("family_key").is_not_null()
              & (given.field("key") == parsed.field("given_key"))).fill_null(False)
    fullest, given_only = names.beside_lone_family(pl.col("given_unwritten"),
                                                   family.field("key"), pl.col("parsed"))
    # a whole CJK name alone in one field (`N:이지은;;;;`) is split as the full name is
    in_one = names.whole_name_in_one_slot(given.field("clean"), family.field("clean"),
                                          pl.col("parsed"))
    structured = (given.field("clean").is_not_null() | family.field("clean").is_not_null()) \
        & ~fuller & ~fullest & ~in_one

    def pick(own: pl.Expr, field: str, mine: pl.Expr = structured) -> pl.Expr:
        return pl.when(mine).then(own).otherwise(parsed.field(field))

    ours = structured & ~given_only  # else the full name is the given name (`FN:Michael`)
    out = parts.select(
        given_clean=pl.coalesce("number", pick(given.field("clean"), "given", ours)),
        middle_clean=pick(pl.col("middle"), "middle"),
        family_clean=pick(family.field("clean"), "family"),
        given_key=pick(given.field("key"), "given_key", ours),
        family_key=pick(family.field("key"), "family_key"),
        full=pl.coalesce("full_number", parsed.field("clean")),
        nick="nick", org="org", email="email", phone="phone", household="household",
        generation="generation",
    ).pipe(_family_in_capitals).with_columns(
        joined=names.join_display(
            pl.col("given_clean"), pl.col("middle_clean"), pl.col("family_clean")
        ),
    ).with_columns(joined=cjk_names.kana_display(
        *(pl.col(c) for c in ("given_clean", "middle_clean", "family_clean", "joined"))),
    ).with_columns(joined=generations.with_generation(pl.col("joined"), pl.col("generation")))
    return out.select(
        # Fallbacks as docs/formats.md §4.4 recommends: name, nickname, organisation, e-mail, phone.
        # A lone initial ("D" beside an address typed as the given name, docs/realworld14.md
        # H1) names no one: the fallbacks come first, the initial only when there are none.
        display_name=pl.coalesce("household",
                                 *(pl.when(~pl.col(c).str.contains(_INITIAL)).then(c)
                                   for c in ("joined", "full")),
                                 "nick", "org", "email", "phone", "joined", "full"),
        given_clean="given_clean",
        family_clean="family_clean",
        name_key=names.name_key(pl.col("given_key"), pl.col("family_key")),
        given_key="given_key",
        family_key="family_key",
    )


# A family name in capitals beside a given name that is not ("Jörg WEBER", "Claudia HOFFMANN"):
# how a club's roster, a form or French and Japanese usage mark the surname, not how the person
# writes it (user39: a rowing club's list showed its members so on every card). Shown as names
# are written: each word capitalised, also after "-" and "'" ("Schmidt-Rössler", "O'Brien"), and
# the particles before the last word in small letters ("von der Heide"). Latin letters only
# (Greek capitals drop their accents); the keys are folded from either.
_CAPITALS = r"^[\p{Latin}\s'’.\-]*\p{Lu}[\p{Latin}\s'’.\-]*$"
_VOWEL = r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ý]"
_PARTICLES = frozenset({"von", "vom", "van", "der", "den", "zu", "zum", "zur", "ter", "ten",
                        "de", "la", "le", "du", "des", "da", "dos", "das", "do", "y"})


def _capitalised(value: str) -> str:
    words = value.title().split(" ")
    words = [w.lower() if w.lower() in _PARTICLES and i < len(words) - 1 else w
             for i, w in enumerate(words)]
    return re.sub(r"\bMc(\w)", lambda m: "Mc" + m.group(1).upper(), " ".join(words))


def _family_in_capitals(out: pl.DataFrame) -> pl.DataFrame:
    """family_clean capitalised as a name (_CAPITALS) where it is in capitals and the given
    name is not; the few rows only (most books have none)."""
    family = pl.col("family_clean")
    # a word of two capitals or none of them vowels is initials, not a name in capitals
    # (Tamil and Kannada "Meenakshi TR", "Harish Nadig B S": docs/realworld30.md): kept
    shouting = (family.str.contains(_CAPITALS) & ~family.str.contains(r"\p{Ll}")
                & (family.str.len_chars() > 2) & family.str.contains(_VOWEL)
                & pl.col("given_clean").str.contains(r"\p{Ll}")).fill_null(False)
    rows = out.select(shouting).to_series()
    if not rows.any():
        return out
    at = rows.arg_true()
    cased = pl.Series([_capitalised(v) for v in out["family_clean"].gather(at)], dtype=pl.String)
    return out.with_columns(out["family_clean"].clone().scatter(at, cased))


# A login in the given-name slot: `snow.amy` or `amy_snow` beside the family name Snow (a CRM
# list filled from e-mail local parts, docs/realworld-xlsx.md). Its other word is the given name;
# kept as typed, it is no given name like "Amy", and the guard against households kept the
# two records of one person apart although their e-mail, phone and address were the same.
_LOGIN = r"^(\p{L}+)[._](\p{L}+)$"


def _given_from_login() -> pl.Expr:
    """given_name, or the other word of a `family.given` / `given.family` login in it."""
    given = pl.col("given_name").str.strip_chars()
    family = pl.col("family_name").str.strip_chars().str.to_lowercase()
    first = given.str.extract(_LOGIN, 1)
    second = given.str.extract(_LOGIN, 2)
    other = (pl.when(first.str.to_lowercase() == family).then(second)
             .when(second.str.to_lowercase() == family).then(first))
    # a login is written in lower case; the name it holds is capitalised as names are
    shown = pl.when(other == other.str.to_lowercase()).then(other.str.to_titlecase()).otherwise(other)
    same = first.str.to_lowercase() == second.str.to_lowercase()  # "lee.lee": nothing to tell
    return pl.when(other.is_not_null() & ~same.fill_null(False)).then(shown).otherwise(
        pl.col("given_name"))


def _given_from_logins(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with _given_from_login applied to the rare given names holding "." or "_"
    (the regular expressions over every row cost ~0.24 s at a million records)."""
    dotted = frame.select(pl.col("given_name").str.contains(r"[._]", literal=False)
                          .fill_null(False)).to_series()
    if not dotted.any():
        return frame
    rows = dotted.arg_true()
    read = frame[rows].select(_given_from_login()).to_series()
    return frame.with_columns(frame["given_name"].clone().scatter(rows, read))
