"""A couple's card written as two titled names, "Mr. John Moore & Ms. Jacquelin Frank", the
form of a wedding or Christmas-card list (rwcheck, docs/realworld-rules21.md: 22 of the 44
couples' and families' cards of a real 85-name guest list are written so, and the rule read
none of them). Read as a name it is given John, family Frank: it met John Moore's own card
on the landline and the word "john" and carried Jacquelin's e-mail into him. Fixtures
written for kith, in the shape of that list."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.dedupe.households import household_card


@pytest.mark.parametrize(("full_name", "household"), [
    ("Mr. John Moore & Ms. Jacquelin Frank", True), ("Ms. Annie O'Reilly & Mr. Dave Lambe", True),
    ("Mr. David Verk and Ms. Michelle Sacks", True), ("Dr. Alan & Mrs. Chodock", True),
    ("Mr. Coleman Goughary & Ms. Blair St. Onge", True),
    ("Mr. Michael Yates & Ms. Julianne Huwarshek-Lijam", True),
    ("Mr. and Mrs. Salvatore Marchesano, Jr.", True), ("Mr. & Mrs. Mark DiGiovanni Sr.", True),
    # one person each, though titled: no conjunction, or a firm's name
    ("Mrs. Robert Grodin", False), ("Mr. Marcus Johnson Smith", False), ("Ms. Britt Taylor", False),
    ("Dr. Smith & Partners Ltd", False), ("Barnes & Noble", False),
])
def test_two_titled_names_joined_are_a_couple(full_name, household):
    frame = pl.DataFrame({"given_name": [None], "full_name": [full_name]},
                         schema={"given_name": pl.String, "full_name": pl.String})
    assert frame.select(household_card(frame.columns)).item() is household


def test_the_couples_card_is_not_johns(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Moore;John;;;\r\nFN:John Moore\r\n"
        "EMAIL:john.moore@example.com\r\nTEL:+1 415 555 0101\r\nEND:VCARD\r\n", "utf-8")
    (tmp_path / "in" / "cards.csv").write_text(
        "Name,E-mail Address,Home Phone\r\n"
        "Mr. John Moore & Ms. Jacquelin Frank,jacquelin.frank@example.com,+1 415 555 0101\r\n",
        "utf-8")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    assert records["person_id"].n_unique() == 2
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    emails = people.select("emails").to_series().to_list()
    assert ["john.moore@example.com"] in emails
