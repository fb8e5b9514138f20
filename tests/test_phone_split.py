"""Several numbers typed into one phone field: each read as a number of its own
(pipeline.normalize.phone_split), never a dial string's PIN or an area code's slash."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import phone_split, region
from pipeline.normalize import phones as P

LS = pl.List(pl.String)

SPLIT = [
    # (raw, region, e164, invalid): each line a quirk seen in hand-typed address books
    ("+1 415 555 0134 / +1 415 555 0199", "US", ["+14155550134", "+14155550199"], []),
    ("415-555-0134 / 415-555-0199", "US", ["+14155550134", "+14155550199"], []),
    ("4155550134/4155550199", "US", ["+14155550134", "+14155550199"], []),
    ("+44 20 7946 0958; +44 7911 123456", "US", ["+442079460958", "+447911123456"], []),
    ("0412 345 678, 0498 765 432", "AU", ["+61412345678", "+61498765432"], []),
    ("(415) 555-0134\n(415) 555-0199", "US", ["+14155550134", "+14155550199"], []),
    ("415-555-0134 OR 415-555-0199", "US", ["+14155550134", "+14155550199"], []),
    ("030 1234567 oder 0171 1234567", "DE", ["+49301234567", "+491711234567"], []),
    ("+201001234567 +201112345678", "EG", ["+201001234567", "+201112345678"], []),
    ("415 555 0134 | 415 555 0199", "US", ["+14155550134", "+14155550199"], []),
    # LinkedIn's imported address book (2024): one cell, commas with or without a space
    ("98450 12345,+919845012345; 9845012345", "IN", ["+919845012345"], []),
    ("4155550134,4155550199", "US", ["+14155550134", "+14155550199"], []),
    ("415-555-0134 x12, 415-555-0199 ext. 3", "US", ["+14155550134", "+14155550199"], []),
    # a part that is no number stays, as written, with the invalid values
    ("+14155550134 / 555 0100 123", "US", ["+14155550134"], ["555 0100 123"]),
]

KEPT_WHOLE = [
    # (raw, region, e164, extension, invalid)
    ("+16465588656,,84756381234#", "US", ["+16465588656"], ["84756381234"], []),  # PIN
    ("+16465588656,84756381234#", "US", ["+16465588656"], ["84756381234"], []),
    ("tel:+1-418-656-9254;ext=102", "US", ["+14186569254"], ["102"], []),
    ("089/1234567", "DE", ["+49891234567"], [""], []),  # area code / number
    ("+1 415 555 0134 x123", "US", ["+14155550134"], ["123"], []),
    ("415 555 0134, ext 12", "US", ["+14155550134"], ["12"], []),
    ("+1 415 555 0134;", "US", ["+14155550134"], [""], []),
    ("415-555-0134, ext. 7", "US", ["+14155550134"], ["7"], []),
]


def norm(raw: str, reg: str) -> dict:
    return P.normalize_phones(pl.Series("p", [[raw]], dtype=LS), reg).row(0, named=True)


def test_each_number_of_a_field_is_read():
    for raw, reg, e164, invalid in SPLIT:
        got = norm(raw, reg)
        assert (got["phones_e164"], got["phones_invalid"]) == (e164, invalid), raw


def test_an_extension_stays_with_its_number():
    got = norm("415-555-0134 x12, 415-555-0199 ext. 3", "US")
    assert got["phone_extensions"] == ["12", "3"]


def test_a_dial_string_an_extension_or_an_area_code_is_one_number():
    for raw, reg, e164, ext, invalid in KEPT_WHOLE:
        got = norm(raw, reg)
        assert (got["phones_e164"], got["phone_extensions"], got["phones_invalid"]) == (
            e164, ext, invalid), raw


def test_rows_keep_their_order_and_other_values():
    rows = [["+1 415 555 0134 / +1 415 555 0199", "(212) 555-0100"], None, [],
            ["n/a", "415-555-0134; 415-555-0177"]]
    out = P.normalize_phones(pl.Series("p", rows, dtype=LS), "US")
    assert out["phones_e164"].to_list() == [
        ["+14155550134", "+14155550199", "+12125550100"], [], [],
        ["+14155550134", "+14155550177"]]
    assert out["phones_invalid"].to_list() == [[], [], [], ["n/a"]]


def test_the_region_vote_reads_each_number():
    keys = region._raw_keys(pl.Series(["0412 345 678, 0498 765 432"]))
    assert keys.to_list() == ["0412345678", "0498765432"]


_number = st.from_regex(r"\+?[1-9][0-9 ()\-.]{6,16}[0-9]", fullmatch=True)
_separator = st.sampled_from([" / ", "/", "; ", ", ", "\n", " or ", " | ", " y "])
_other = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.lists(_number, min_size=1, max_size=3).flatmap(
        lambda nums: _separator.map(lambda sep: sep.join(nums))), _other, st.none()),
    max_size=6))
def test_splitting_loses_and_invents_no_digit(values):
    """A field is kept as it is, or replaced by parts of 7+ digits each that hold its digits
    in order, no more; nulls stay; rows stay ascending."""
    rows = pl.Series("r", range(len(values)), dtype=pl.Int64)
    out_rows, parts = phone_split.split_several(rows, pl.Series("v", values, dtype=pl.String))
    assert out_rows.is_sorted()
    assert sorted(set(out_rows.to_list())) == list(range(len(values)))
    for i, value in enumerate(values):
        mine = parts.filter(out_rows == i).to_list() if value is not None else [None]
        if value is None or len(mine) == 1:
            assert mine == [value]
            continue
        assert all(sum(c.isdigit() for c in p) >= phone_split.MIN_DIGITS for p in mine)
        assert "".join(c for p in mine for c in p if c.isdigit()) == "".join(
            c for c in value if c.isdigit())


def test_a_card_with_two_numbers_in_one_field_meets_the_other_cards(tmp_path: Path):
    """Through `kith run`: the second number of a field joins the card that has it alone."""
    from pipeline.cli import main

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "contacts.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chidinma;;;\r\nFN:Chidinma Okafor\r\n"
        "TEL;TYPE=CELL:+1 415 555 0134 / +1 415 555 0199\r\nEND:VCARD\r\n", encoding="utf-8")
    (exports / "google.csv").write_text(
        "First Name,Last Name,Phone 1 - Label,Phone 1 - Value\r\n"
        "Chidinma,Okafor,Mobile,(415) 555-0199\r\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(exports), "--out", str(tmp_path / "out"),
                                       "--as-of", "2026-11-22", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 1
    assert sorted(people["phones"][0]) == ["+14155550134", "+14155550199"]


def test_a_label_in_brackets_between_two_numbers_separates_them():
    """A Chinese company directory writes a manager's two mobiles as "137…(南)139…(北)"
    (Nanjing, Beijing): read whole it was one invalid 22-digit number (docs/realworld18.md X5).
    An area code in brackets has digits and separates nothing."""
    got = phone_split.split_values(pl.Series(["13770672328(南)13911676175(北)", "(415) 555-0134",
                                  "415-555-0134 (home) 415-555-0199 (work)",
                                  "13770672328(南)"])).to_list()
    assert got == ["13770672328", "13911676175(北)", "(415) 555-0134", "415-555-0134",
                   "415-555-0199 (work)", "13770672328(南)"]


@given(st.text(alphabet="0123456789", min_size=7, max_size=12),
       st.text(alphabet="0123456789", min_size=7, max_size=12),
       st.sampled_from(["南", "北", "home", "Büro", "办"]))
def test_labelled_numbers_split_into_the_numbers(a, b, label):
    assert phone_split.split_values(pl.Series([f"{a}({label}){b}({label})"])).to_list() == [
        a, f"{b}({label})"]
