"""A father and his son: "Tom Baker Jr." and "Tom Baker Sr." share a name and often a home,
its landline and its mailbox. The generational suffix tells them apart: a conflict no weight
lifts (conflicts.CONFLICTS, households.generations), and a part of the name the card shows
(generations.with_generation). Read from the suffix field's first word or a name's last word, so
Quebec's "ing. jr" (junior engineer) and the family name Ii are no generation."""

from __future__ import annotations

import polars as pl
import pytest
from dedupe_support import records
from exports_support import kith_run

from pipeline.dedupe import households
from pipeline.normalize import generations


@pytest.mark.parametrize(("suffix", "full", "family", "word"), [
    ("Jr.", None, "Baker", "jr"),
    ("Jr. M.D. A.C.P.", "J. Doe", "Stevenson", "jr"),
    (None, "Tom Baker Sr.", None, "sr"),
    (None, None, "Baker Jr.", "jr"),
    (None, None, "Gore, III", "iii"),
    (None, "Tom Baker Junior", None, "junior"),
    (None, "Henry Ford 2nd", None, "2nd"),
    ("ing. jr M.Sc.", "Simon Perreault", "Perreault", None),
    (None, "Ii Naomasa", "Ii", None),
    (None, "Junior Dos Santos", "Dos Santos", None),
    (None, "Juniper Smith", "Smith", None),
    (None, None, None, None),
])
def test_the_generation_a_name_marks(suffix, full, family, word):
    frame = pl.DataFrame({"s": [suffix], "f": [full], "l": [family]},
                         schema={"s": pl.String, "f": pl.String, "l": pl.String})
    got = frame.select(generations.generation_word(pl.col("s"), pl.col("f"), pl.col("l"))).item()
    assert got == word


def test_generations_number_junior_and_second_alike():
    frame = pl.DataFrame({"name_suffix": ["Sr.", "Jr.", "II", None, "III"],
                          "full_name": [None, None, None, "Tom Baker Junior", None],
                          "family_name": ["Baker"] * 5})
    assert households.generations(frame).to_list() == [1, 2, 2, 2, 3]
    # features built without the raw name columns: no generation to compare
    assert households.generations(records([{"given_key": "tom"}])).to_list() == [None]


def test_father_and_son_sharing_a_landline_stay_two_people(tmp_path):
    kith_run(tmp_path, {
        "contacts.csv": "First Name,Last Name,Name Suffix,E-mail 1 - Value,Phone 1 - Type,"
                        "Phone 1 - Value\n"
                        "Tom,Baker,Jr.,tom@baker.example,Home,+1 212 555 0100\n"
                        "Tom,Baker,,tom@baker.example,,\n",
        "phone.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Tom Baker Sr.\nN:Baker;Tom;;;Sr.\n"
                     "TEL;TYPE=HOME:+1 212 555 0100\nEND:VCARD\n"})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet").sort("display_name")
    # the card without a suffix joins the son by his address; the father stays apart
    assert people.select("display_name", "record_count").rows() == [
        ("Tom Baker Jr.", 2), ("Tom Baker Sr.", 1)]
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    # refused, and no question for the review queue: the suffixes say two people
    assert f"settled apart: {households.GENERATION_REASON}" in pairs["reason"].to_list()
    review = pl.read_parquet(tmp_path / "out" / "review.parquet")
    assert not any({"Tom Baker Jr.", "Tom Baker Sr."} == {a, b}
                   for a, b in review.select("name_l", "name_r").rows())
