"""A press list kept by an Argentine PR firm (docs/realworld21.md, T3): Spanish column names
("Pais", "Localidad"), a column named "Company o Grupo de medios", a header ending in an unnamed
column that one row fills, and a full name beside its own first name."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.exports_support import kith_records, kith_run

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "press_list_es.csv"


def _records(tmp_path: Path) -> pl.DataFrame:
    return kith_records(tmp_path, {"contactos.csv": FIXTURE.read_text("utf-8")})


def test_spanish_place_columns_and_company_or_group(tmp_path: Path) -> None:
    from pipeline.formats.csvheaders import column_map

    header = FIXTURE.read_text("utf-8").splitlines()[0].split(",")
    cmap = column_map(header)
    assert cmap["country"] == ["Pais"] and cmap["city"] == ["Localidad"]
    assert cmap["organization"] == ["Company o Grupo de medios"]
    assert "Company Domain" not in {c for cols in cmap.values() for c in cols}
    rec = _records(tmp_path)
    by_org = dict(zip(rec["organization"], rec["city"], strict=True))
    assert by_org["Diario del Norte"] == "Tucuman"
    # the rows holding only their outlet are records of it, not rejects
    assert {"Notas del Sur", "Grupo Atlas"} <= set(rec["display_name"])
    assert rec.filter(pl.col("country") == "Argentina").height == 9


def test_either_header_reads_its_first_name() -> None:
    from pipeline.formats.csvheaders import column_map

    cmap = column_map(["Name", "Empresa o institución", "Ciudad", "País", "Ville", "Paese"])
    assert cmap["organization"] == ["Empresa o institución"]
    assert cmap["city"] == ["Ciudad", "Ville"] and cmap["country"] == ["País", "Paese"]
    # no known name before the "or": nothing
    assert column_map(["Name", "Outlet or group"]).keys() == {"full_name"}


def test_a_row_filling_the_headers_unnamed_last_column_is_read(tmp_path: Path) -> None:
    """The header ends in an empty cell ("FirstName,"); one row holds a phone number there. That
    row is read (its name, e-mail, outlet) and the unnamed column is named unread, not the row
    rejected as too long."""
    res = kith_run(tmp_path, {"contactos.csv": FIXTURE.read_text("utf-8")})
    rec = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert "La Voz del Litoral" in set(rec["organization"])
    rejects = pl.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert rejects.filter(pl.col("reason").str.contains("fields but the header")).height == 0
    assert "_column_11" in res.output


def test_trailing_empty_header_cells_no_row_fills_are_still_dropped() -> None:
    from pipeline.textio import read_table

    table = read_table("a,b,,\n1,2,,\n3,4\n", 0, ",")
    assert table.header == ["a", "b"] and table.frame.height == 2
    table = read_table("a,b,,\n1,2,,x\n", 0, ",")
    assert table.header == ["a", "b", "_column_3", "_column_4"]
    assert table.frame["_column_4"].to_list() == ["x"]
