""""Jnr" and "Snr", the British and West African abbreviations of Junior and Senior (a
Ghanaian savings group's member table, docs/realworld20.md S5: "SALIFU AMEDA JNR", "Justice K.
Arthur Snr"), were no generation: the full name kept "JNR" as its family name, and a father
and son sharing a landline had nothing to tell them apart. Written for kith."""

from __future__ import annotations

import polars as pl
import pytest
from exports_support import kith_run

from pipeline.dedupe import households
from pipeline.normalize import generations, names


@pytest.mark.parametrize(("suffix", "full", "word"), [
    (None, "Kofi Mensah Jnr", "jnr"), (None, "Kofi Mensah Snr.", "snr"), ("Jnr", None, "jnr"),
    (None, "Kofi Jnrson", None)])
def test_jnr_and_snr_are_generations(suffix, full, word):
    frame = pl.DataFrame({"s": [suffix], "f": [full], "l": [None]},
                         schema={"s": pl.String, "f": pl.String, "l": pl.String})
    assert frame.select(generations.generation_word(pl.col("s"), pl.col("f"), pl.col("l"))).item() \
        == word


def test_they_number_as_junior_and_senior_and_leave_the_family_name():
    frame = pl.DataFrame({"name_suffix": pl.Series([None, None], dtype=pl.String),
                          "family_name": ["Mensah", "Mensah"],
                          "full_name": ["Kofi Mensah Snr", "Kofi Mensah Jnr"]})
    assert households.generations(frame).to_list() == [1, 2]
    parsed = names.parse_full_name_series(pl.Series(["Kofi Mensah Jnr", "Justice K. Arthur Snr"]))
    assert parsed["family"].to_list() == ["Mensah", "Arthur"]


def test_father_and_son_sharing_a_number_stay_two_people(tmp_path):
    kith_run(tmp_path, {"members.csv": "Name,Phone,Email\n"
                                       "Kofi Mensah Snr,+233 24 555 0100,\n"
                                       "Kofi Mensah Jnr,+233 24 555 0100,kofi@example.org\n"})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert sorted(people["display_name"].to_list()) == ["Kofi Mensah Jr.", "Kofi Mensah Sr."]
