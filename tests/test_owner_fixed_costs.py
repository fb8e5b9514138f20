"""Cheaper paths to the same answers (session 23, batch5: a `kith batch` owner's fixed cost).
households.household_cards runs household_card's patterns only on the rows maybe_household
keeps; csvrepair.without_header_lines compares the cells of a row only where its fullest column
is empty or a column name, as one list; emails.addresses reuses what normalize_emails read of
the same values in this process."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.csvrepair import without_header_lines
from pipeline.dedupe.households import household_card, household_cards, maybe_household
from pipeline.formats.base import Rejects
from pipeline.normalize import emails

# The pieces household_card's patterns are made of, in several cases, and characters that
# case folding or Unicode white space treat specially (long s, Kelvin sign, no-break space).
_PIECES = ["&", "+", " and ", " AND ", " aNd ", " und ", " et ", " y ", " Y ", " en ", " och ",
           " og ", "Family", "family", "FAMILIE", "Famille", "familia", "Famiglia", "Família",
           "Rodzina", "gezin", "Fam.", "fam.", "The ", "the ", "Smiths", "Mr", "Mrs", "Ms.",
           "Dr.", " ", "\u00a0", "\t", "John", "Jane", "Ann Lee", "Corp.", "Ltd", ", Jr.",
           "\u017f", "\u212a", "é", "-", "'", "."]
_TEXT = st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=6).map("".join),
                  st.text(max_size=12))
_NAME_COLUMNS = ["given_name", "family_name", "full_name", "organization"]


@st.composite
def _cards(draw) -> pl.DataFrame:
    columns = ["given_name", *draw(st.lists(st.sampled_from(_NAME_COLUMNS[1:]), unique=True))]
    n = draw(st.integers(0, 8))
    return pl.DataFrame({c: draw(st.lists(_TEXT, min_size=n, max_size=n)) for c in columns},
                        schema={c: pl.String for c in columns})


@settings(max_examples=300)
@given(_cards())
def test_household_cards_are_household_card_evaluated(frame: pl.DataFrame):
    cards = household_cards(frame)
    assert cards.name == "household" and cards.dtype == pl.Boolean
    assert cards.to_list() == frame.select(household_card(frame.columns)).to_series().to_list()
    # the prefilter never drops a card
    maybe = frame.select(maybe_household(frame.columns)).to_series()
    assert not (cards & ~maybe).any()


def test_household_cards_without_a_given_name_column():
    frame = pl.DataFrame({"full_name": ["John & Jane Smith", None]})
    assert household_cards(frame).to_list() == [False, False]


def _header_lines_by_hand(frame: pl.DataFrame, names: list[str], cells: list[str]) -> list[int]:
    header = {c.lower() for c in cells if c}
    out = []
    for row in frame.iter_rows(named=True):
        filled = [row[n] for n in names if row[n] is not None]
        if len(filled) >= 2 and all(v.lstrip("\ufeff").lower() in header for v in filled):
            out.append(row["source_row"])
    return out


_CELL = st.one_of(st.none(), st.sampled_from(["First Name", "first name", "\ufeffFIRST NAME",
                                              "Last Name", "E-mail", "Ann", "Lee", "x"]))


@settings(max_examples=200)
@given(st.data())
def test_header_lines_are_the_rows_of_column_names(data):
    names = ["First Name", "Last Name", "E-mail"][:data.draw(st.integers(1, 3))]
    n = data.draw(st.integers(1, 8))
    frame = pl.DataFrame({c: data.draw(st.lists(_CELL, min_size=n, max_size=n)) for c in names},
                         schema={c: pl.String for c in names}).with_row_index("source_row")
    frame = frame.with_columns(pl.col("source_row").cast(pl.Int64))
    rejects = Rejects()
    kept = without_header_lines(frame, names, names, ",", rejects)
    lines = _header_lines_by_hand(frame, names, names)
    assert kept["source_row"].to_list() == [r for r in frame["source_row"] if r not in lines]
    assert len(rejects) == len(lines)


def test_a_header_line_in_a_file_whose_first_column_is_mostly_empty():
    # the fullest column (E-mail) is the one compared first; its empty rows are compared cell
    # by cell, the header line among them is rejected, the person with no first name kept
    names = ["First Name", "Last Name", "E-mail"]
    frame = pl.DataFrame({"First Name": [None, None, "First Name", None],
                          "Last Name": ["Lee", "Ray", "Last Name", None],
                          "E-mail": ["a@x.org", "b@x.org", None, None],
                          "source_row": [0, 1, 2, 3]},
                         schema={**{c: pl.String for c in names}, "source_row": pl.Int64})
    rejects = Rejects()
    kept = without_header_lines(frame, names, names, ",", rejects)
    assert kept["source_row"].to_list() == [0, 1, 3]
    assert len(rejects) == 1


_EMAIL = st.one_of(st.none(), st.sampled_from([
    "ann@x.org", "Ann@X.org", "Jane Doe <Jane@X.org>", "mailto:a@x.org", "a@x.org; b@y.org",
    '"Doe, Jane" <jane@x.com>', "n/a", "", " ", "a..b@x.org", "B.Lee@gmail.com ::: c@d.ee",
    "<x@y.zz>.", "ann@x.org,ann@x.org"]), st.text(max_size=10))
_LISTS = st.lists(st.one_of(st.none(), st.lists(_EMAIL, max_size=3)), max_size=6)


def _series(lists) -> pl.Series:
    return pl.Series("emails", lists, dtype=pl.List(pl.String))


@settings(max_examples=200)
@given(_LISTS, _LISTS, st.integers(1, 4))
def test_addresses_remembered_are_addresses_read(seen, asked, bound):
    """Whatever normalize_emails read before (and however small the memory), addresses gives
    what reading every value itself gives."""
    saved = emails._REMEMBER_MAX
    try:
        emails._ADDRESSES.clear()
        expected = emails.addresses(_series(asked))
        emails._ADDRESSES.clear()
        emails._REMEMBER_MAX = bound
        emails.normalize_emails(_series(seen))
        assert len(emails._ADDRESSES) <= bound
        got = emails.addresses(_series(asked))
    finally:
        emails._REMEMBER_MAX = saved
        emails._ADDRESSES.clear()
    assert got.to_list() == expected.to_list()
    assert got.dtype == expected.dtype
    # and what _per_value reads, value by value
    for lst, out in zip(asked, got.to_list(), strict=True):
        want: list[str] = []
        for v in lst or []:
            if v is not None:
                want += emails._per_value(pl.Series([v], dtype=pl.String))["addresses"][0].to_list()
        assert out == list(dict.fromkeys(want))
