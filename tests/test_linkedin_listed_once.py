"""LinkedIn's Connections.csv lists each connection once: two of its rows are two people,
however alike. A Spanish Excel re-save that lost the profile addresses and some family names
(docs/realworld16.md) had two Daniels at one company joined on given name and employer, and
"José Manuel" / "Manuel José" at two employers joined as swapped names (5 such groups). The rule is the source conflict's ("one file lists them as two people",
pipeline/dedupe/conflicts.py); rows of two exports still meet. Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_records

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW = "Daniel,,,,Optare Solutions,Analista programador,{day} Nov 2019\n"
# the rest of the book: name frequencies as in a real export of ~1,000 rows, not two
OTHERS = "".join(f"Persona{i},Apellido{i},,,Empresa{i},Puesto{i},1 Jan 2020\n" for i in range(60))


def run(tmp_path: Path, files: dict[str, str]) -> pl.DataFrame:
    return kith_records(tmp_path, files)


def test_two_rows_of_one_connections_file_are_two_people(tmp_path: Path):
    records = run(tmp_path, {"Connections.csv": HEADER + ROW.format(day=3) + ROW.format(day=9)
                                                    + OTHERS})
    assert records.height == 62
    assert records["person_id"].n_unique() == 62
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    assert (pairs["clustered"] == "apart").all()


def test_swapped_names_in_one_connections_file_are_two_people(tmp_path: Path):
    records = run(tmp_path, {"Connections.csv": HEADER
                             + "José Manuel,,,,Datatons,Key Account Manager,02 Feb 2020\n"
                             + "Manuel José,,,,Optare Solutions,Key Account Manager,04 Aug 2017\n"
                             + OTHERS})
    assert records["person_id"].n_unique() == 62


def test_a_connection_still_meets_its_card_in_another_export(tmp_path: Path):
    records = run(tmp_path, {
        "Connections.csv": HEADER + "Ana,López,,ana.lopez@example.es,Acme Ibérica,CTO,"
                                    "1 Jan 2024\n" + ROW.format(day=3),
        "contacts.csv": "First Name,Last Name,E-mail 1 - Value\nAna,López,ana.lopez@example.es\n"})
    by_file = dict(zip(records["source_file"] + "#" + records["source_row"].cast(pl.String),
                       records["person_id"], strict=True))
    assert by_file["Connections.csv#0"] == by_file["contacts.csv#0"]
