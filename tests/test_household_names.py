"""Households' cards (pipeline/dedupe/households.py), continued: two whole names joined
("Robert Funk & Keeley Petrock", 57 of 85 rows of a real guest list, docs/realworld17.md)
are a couple's card too, and a household's card is shown as its full name was written (read as
one person's name, "John & Jane Smith" was shown as "John Jane Smith", "Familie Müller" as
"Müller", "Mr. John Moore & Ms. Jacquelin Frank" without its "Mr."). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from exports_support import kith_records

from pipeline.dedupe.households import household_card


@pytest.mark.parametrize(("full_name", "household"), [
    ("Robert Funk & Keeley Petrock", True), ("Ann Marie Lee and Bob Ray", True),
    ("Juan Pérez y María López", True), ("Hans Meier und Grete Weiss", True),
    # a firm's two names have one word a side; a Spanish name joins two surnames with "y"
    ("Marks & Spencer", False), ("Simpson Thacher & Bartlett", False),
    ("Santiago Ramón y Cajal", False), ("José Ortega y Gasset", False),
    ("Robert Funk", False), ("Ann Lee & Co. Ltd", False),
])
def test_two_whole_names_joined_are_a_couple(full_name, household):
    frame = pl.DataFrame({"given_name": [None], "full_name": [full_name]},
                         schema={"given_name": pl.String, "full_name": pl.String})
    assert frame.select(household_card(frame.columns)).item() is household


def test_a_households_card_is_shown_as_written(tmp_path: Path):
    records = kith_records(tmp_path, {
        "guests.csv": "Name,Email\n"
                      "Robert Funk & Keeley Petrock,rf.kp@example.org\n"
                      "  Mr. John Moore &  Ms. Jacquelin Frank ,\n"
                      "Familie Müller,mueller@example.de\n"
                      "Robert Funk,rf.kp@example.org\n",
        "phone.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;John & Jane;;;\r\n"
                     "FN:John & Jane Smith\r\nEND:VCARD\r\n",
    })
    names = sorted(records["display_name"])
    assert names == ["Familie Müller", "John & Jane Smith", "Mr. John Moore & Ms. Jacquelin Frank",
                     "Robert Funk", "Robert Funk & Keeley Petrock"]
    # the couple's card shares Robert's address, and still is not Robert
    people = records.group_by("person_id").agg("display_name")
    assert people.height == 5
