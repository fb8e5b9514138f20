"""A generation joined to the family name by a hyphen ("BUKUROH-JNR", "DARKO -JNR": a
Ghanaian savings group's family cells, docs/realworld20.md S5) is the generation, as after a
space (docs/realworld22.md (c)): a double-barrelled family name never ends in an abbreviated
generation word. One rule with the space's (name_patterns.GENERATION_ABBREVIATED)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.normalize.names import parse_full_name_series
from tests.exports_support import kith_records

PARTS = ("First Name,Last Name,Mobile Phone\n"
         "Kwame,BUKUROH-JNR,+233 24 412 3456\n"
         "Kwame,BUKUROH-SNR,+233 24 412 3456\n"
         "Yaw,DARKO -JNR,\n"
         "Kofi,Mensah - Snr.,\n"
         "Ama,Smith-Jones,\n"
         "Efua,Garcia-Senior,\n")


def test_hyphened_generation_is_cut_and_shown(tmp_path: Path) -> None:
    records = kith_records(tmp_path, {"members.csv": PARTS}).sort("source_row")
    # a family name in capitals beside a given name that is not is shown as names are
    # written (docs/user39.md: a roster's convention, not how the person writes it)
    assert records["family_clean"].to_list() == ["Bukuroh", "Bukuroh", "Darko", "Mensah",
                                                 "Smith-Jones", "Garcia-Senior"]
    assert records["display_name"].to_list() == [
        "Kwame Bukuroh Jr.", "Kwame Bukuroh Sr.", "Yaw Darko Jr.", "Kofi Mensah Sr.",
        "Ama Smith-Jones", "Efua Garcia-Senior"]
    # the son and the father of one number stay two people (their generations differ)
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 6


def test_whole_names_with_hyphened_generation():
    parsed = parse_full_name_series(pl.Series(["Kwame Bukuroh-Jnr", "Yaw Darko -JNR",
                                               "Ann Lee-Ii", "Mary Smith-Jones"]))
    assert parsed["family"].to_list() == ["Bukuroh", "Darko", "Lee", "Smith-Jones"]
    assert parsed["given"].to_list() == ["Kwame", "Yaw", "Ann", "Mary"]
