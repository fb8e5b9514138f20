"""Shapes of docs/realworld37.md's files (newsletter tools' subscriber exports, Apple's
address-book server test cards, Evolution's test cards), on hand-made fixtures with fictitious
people (tests/fixtures/realworld37/README.md)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import run_fixtures

from pipeline.normalize import phones

FIXTURES = Path(__file__).parent / "fixtures" / "realworld37"


def _records(tmp_path: Path, *names: str) -> dict[str, dict]:
    records = pl.read_parquet(run_fixtures(tmp_path, FIXTURES, *names) / "records.parquet")
    return {r["display_name"]: r for r in records.iter_rows(named=True)}


def _read(values: list[list[str]], region: str, second: str | None) -> list[tuple]:
    with phones.PhoneJob(pl.Series(values), region, second) as job:
        return job.result().select("phones_e164", "phones_invalid").rows()


def test_a_number_written_with_its_north_american_code_is_no_german_mobile(tmp_path) -> None:
    """Apple's address-book server test card writes `TEL:1-777-777-7777` (its 1 the code of
    +1; 777 is no US area code, so the number is invalid). Beside a German card (+49 numbers and
    a national `0176 …`) kith reads the book's other national numbers as German, and on main
    Germany's reading of a mobile without its 0 made it +49 177 77777777, a number nobody
    has."""
    records = _records(tmp_path, "nanp_number_beside_german_card.vcf")
    quinn, jonas = records["Quinn Marlowe"], records["Jonas Böhm"]
    assert quinn["phones_e164"] == ["+18888888888"]
    assert quinn["phones_invalid"] == ["1-777-777-7777"]
    assert jonas["phones_e164"] == ["+4915112345678", "+4917612345678", "+49301234567"]


def test_north_american_writing_in_any_reading() -> None:
    """The same in a book read as German first, and with default_region = "DE": a number
    written `1 (415) 555-0134` is the US number it says (read with its + put back), never a
    German one. A German mobile without its 0 and not written so is still read as before
    (tests/test_phone_region.py), and a Chinese mobile an Android phone wrote as a North
    American number is still Chinese (China writes its mobiles without a 0)."""
    book = [["1-777-777-7777"], ["1 (415) 555-0134"], ["0176 12345678"], ["15112345678"]]
    want = [([], ["1-777-777-7777"]), (["+14155550134"], []), (["+4917612345678"], []),
            (["+4915112345678"], [])]
    assert _read(book, "DE", None) == want
    assert _read(book, "DE", "US") == want
    assert _read([["1-370-200-1000"]], "US", "CN") == [(["+8613702001000"], [])]


def test_a_name_in_kana_alone_is_shown_with_its_parts_apart(tmp_path) -> None:
    """Apple's test card `N:バイト;ダブル;;;` (a foreign name in katakana): joined as a kanji name
    is, family then given with nothing between, it was shown "バイトダブル", one word nobody can
    read as a name. A kana-only name is shown `family given` with a space; a name with kanji
    (佐藤ハナコ, docs/realworld26.md) is joined as before."""
    records = _records(tmp_path, "kana_names.vcf")
    assert set(records) == {"スミス ジョン", "ヤマダ タロウ", "佐藤ハナコ"}
    assert (records["スミス ジョン"]["family_name"], records["スミス ジョン"]["given_name"]) == (
        "スミス", "ジョン")


def test_a_spreadsheet_formula_is_no_name(tmp_path) -> None:
    """A newsletter's sign-up form takes any text as the name, and Ghost's member export keeps
    it (its test file members-formula-like-values.csv: `=SUM(A1)`). On main the formula was
    cleaned into a name: people called "SUM", "HYPERLINK" and "B2". They are shown by their
    address now; the raw name field keeps what was written, and a formula in a note is a note."""
    records = _records(tmp_path, "ghost_members_formula_names.csv")
    assert set(records) == {"nora.quist@example.com", "odin.hale@example.com",
                            "prue.lind@example.com", "Quin Barr"}
    assert records["nora.quist@example.com"]["full_name"] == "=SUM(A1)"
    assert records["nora.quist@example.com"]["notes"] == "+44 123"
    assert records["Quin Barr"]["notes"] == "=2+2"
    assert all(not r["phones_e164"] for r in records.values())


def test_an_address_with_a_replacement_character_is_invalid(tmp_path) -> None:
    """Ghost's test member `invalid2@email.com` followed by U+FFFD (bytes a decoder could not
    read) was a valid address on main, its key holding the U+FFFD; it is kept, as written, among
    the invalid addresses, and the person is still there by name."""
    records = _records(tmp_path, "ghost_members_invalid_values.csv")
    assert set(records) == {"Rosa Vint", "Sami Okoro", "Tomas Reyes"}
    tomas = records["Tomas Reyes"]
    assert tomas["emails_invalid"] == ["tomas.reyes@example.com\ufffd"]
    assert tomas["email_keys"] == []
    assert records["Rosa Vint"]["email_keys"] == ["rosa.vint@example.com"]
