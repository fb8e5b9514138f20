"""A full-name column beside a first-name column and no family name: when the full name is the
given name and more ("Horacio Torres" beside "Horacio"), it is the person's name; read apart,
the given name alone was shown (docs/realworld21.md, T3)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.exports_support import kith_records

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "press_list_es.csv"


def _names(tmp_path: Path, text: str) -> list[tuple]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    rec = kith_records(tmp_path, {"book.csv": text})
    return rec.sort("source_row").select("display_name", "given_clean", "family_clean").rows()


def test_press_list_full_names(tmp_path: Path) -> None:
    rec = kith_records(tmp_path, {"contactos.csv": FIXTURE.read_text("utf-8")})
    shown = dict(zip(rec["organization"], rec["display_name"], strict=True))
    assert shown["Noticias Uno"] in ("Hector Tolosa", "Celia Díez")
    assert set(rec.filter(pl.col("organization") == "Noticias Uno")["display_name"]) == {
        "Hector Tolosa", "Celia Díez"}
    assert shown["El Cronista Diario"] == "Walter Brunetti"
    # a full name that is not the given name and more is not read over it (which of the two
    # the file mislabelled cannot be told)
    assert shown["Diario del Norte"] == "Lucero"


def test_only_a_fuller_full_name_wins(tmp_path: Path) -> None:
    text = ("Name,First Name,Last Name,E-mail\n"
            "Ann Lee,Ann,,ann@example.org\n"        # fuller: Ann Lee
            "Ann Lee,Ann,Smith,as@example.org\n"    # a family name: the columns win
            "Bob,Bob,,bob@example.org\n"            # no more than the given name
            "Carl Diaz,Dan,,cd@example.org\n"       # another given name: the column wins
            "Mrs. Eve Fox,Eve,,ef@example.org\n")   # a title before it: still Eve's
    assert _names(tmp_path, text) == [
        ("Ann Lee", "Ann", "Lee"), ("Ann Smith", "Ann", "Smith"), ("Bob", "Bob", None),
        ("Dan", "Dan", None), ("Eve Fox", "Eve", "Fox")]
