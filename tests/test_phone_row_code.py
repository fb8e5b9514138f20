"""A member table's own country-code column read as its rows' region for their national
numbers (docs/realworld21.md, leftover (a); docs/realworld20.md, S5)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.exports_support import kith_records

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "members_country_code_column.csv"


def _records(tmp_path: Path, text: str) -> pl.DataFrame:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return kith_records(tmp_path, {"members.csv": text})


def test_member_table_numbers_read_with_the_rows_code(tmp_path: Path) -> None:
    rec = _records(tmp_path, FIXTURE.read_text("utf-8"))
    assert rec.height == 24
    by_row = {r["source_row"]: r for r in rec.iter_rows(named=True)}
    ghana = [r for i, r in by_row.items() if i % 8 != 7 and i != 4]
    # every national number, with its trunk 0 or without, is Ghana's
    assert all(len(r["phones_e164"]) == 1 and r["phones_e164"][0].startswith("+233")
               and not r["phones_invalid"] for r in ghana)
    assert by_row[6]["phones_e164"] == ["+233" + "278412849"]  # written without the 0
    # a number written with its own code keeps it
    kept = by_row[4]["phones_e164"] + by_row[4]["phones_invalid"]
    assert len(kept) == 1 and "233" not in kept[0]
    # the rows whose cell holds no code have no number: nothing is invented
    assert all(not by_row[i]["phones_e164"] for i in (7, 15, 23))


def test_a_country_column_of_names_is_no_code(tmp_path: Path) -> None:
    """A plain "Country" (the address's) is not read as the numbers' code, nor a code column
    whose cells are no codes: the numbers stay unread, as on main."""
    text = FIXTURE.read_text("utf-8").replace('"country_code"', '"country"')
    rec = _records(tmp_path / "a", text)
    assert rec.filter(pl.col("phones_e164").list.len() > 0).height <= 1  # only the +44 one
    text = FIXTURE.read_text("utf-8").replace('"233"', '"Ghana"')
    rec = _records(tmp_path / "b", text)
    assert rec.filter(pl.col("phones_e164").list.len() > 0).height <= 1


def test_calling_code_cells() -> None:
    from pipeline.normalize.phone_codes import calling_code

    assert [calling_code(v) for v in ("233", "+233", "00233", " 44 ", "gh", "US")] == [
        "233", "233", "233", "44", "233", "1"]
    assert [calling_code(v) for v in ("GHANA  ( +", "", None, "999", "XX", "2330")] == [
        None] * 6
