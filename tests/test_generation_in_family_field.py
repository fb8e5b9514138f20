"""A generational suffix typed at the end of the family-name cell is the suffix, as in a
whole name (docs/realworld21.md, leftover (b); realworld20's "MENSAH JNR")."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.exports_support import kith_records

PARTS = ("First Name,Last Name,Mobile Phone\n"
         "Kofi,Mensah Jnr,+233 24 412 3456\n"
         "Kofi,Mensah Snr,+233 24 412 3456\n"
         "Ama,\"Baker Jr.\",\n"
         "Efua,\"Gore, III\",\n")
WHOLE = ("Name,Mobile Phone\n"
         "Kofi Mensah Jnr,+233 24 412 3456\n"
         "Kofi Mensah Snr,+233 24 412 3456\n"
         "Ama Baker Jr.,\n"
         "Efua Gore III,\n")


def _read(tmp_path: Path, text: str) -> pl.DataFrame:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return kith_records(tmp_path, {"contacts.csv": text}).sort("source_row")


def test_family_cell_suffix_is_cut_as_in_a_whole_name(tmp_path: Path) -> None:
    parts = _read(tmp_path / "parts", PARTS)
    whole = _read(tmp_path / "whole", WHOLE)
    assert parts["family_clean"].to_list() == ["Mensah", "Mensah", "Baker", "Gore"]
    for column in ("family_clean", "display_name"):
        assert parts[column].to_list() == whole[column].to_list(), column
    assert parts["display_name"].to_list()[:2] == ["Kofi Mensah Jr.", "Kofi Mensah Sr."]


def test_father_and_son_in_family_cells_stay_two_people(tmp_path: Path) -> None:
    _read(tmp_path, PARTS)
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 4
