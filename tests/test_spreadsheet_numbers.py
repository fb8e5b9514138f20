"""A CSV opened and saved in Excel writes long numbers in scientific notation ("4.15555E+09"):
the digits are gone from the file. kith never read such a value as a number
(normalize.phones._SCIENTIFIC); now the run log also says how many there were and how to get
them back, instead of the numbers vanishing from the cards without a word. Fixtures written
for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run

from pipeline.normalize.phones import spreadsheet_numbers

CSV = ("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\r\n"
       "Ann,Lee,ann@example.org,4.15555E+09\r\n"
       "Bob,Ray,bob@example.org,4155550102\r\n"
       "Cid,Moe,cid@example.org,\"4,47701E+11\"\r\n")


def test_the_run_log_counts_numbers_a_spreadsheet_cut(tmp_path: Path):
    res = kith_run(tmp_path, {"contacts.csv": CSV})
    assert "kith: 2 phone numbers saved by a spreadsheet in scientific notation" in res.output
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    # kept where they were (the record's unread numbers), read as no number
    assert records["phones_invalid"].to_list() == [["4.15555E+09"], [], ["4,47701E+11"]]
    assert records["phones_e164"].to_list() == [[], ["+14155550102"], []]


def test_a_book_without_them_says_nothing(tmp_path: Path):
    res = kith_run(tmp_path, {"contacts.csv": CSV.replace("4.15555E+09", "")
                              .replace('"4,47701E+11"', "")})
    assert "scientific notation" not in res.output


def test_only_scientific_notation_counts():
    invalid = pl.Series([["4.15555E+09", "call me"], [], None, ["1E+10", "12345"], ["4,1e9"]],
                        dtype=pl.List(pl.String))
    assert spreadsheet_numbers(invalid) == 3
