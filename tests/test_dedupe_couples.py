"""A couple's card ("John & Jane Smith") is both partners', not one of them: it met John's own
card as the same person (the word "john" shared, the landline and family name agreeing) and
took Jane's e-mail into him (pipeline/dedupe/couples.py). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.dedupe.couples import couple_card

LANDLINE = "+1 415 555 0101"


@pytest.mark.parametrize(("given_name", "full_name", "couple"), [
    ("John & Jane", None, True), ("John and Jane", None, True), ("Jan en Marie", None, True),
    ("Hans und Grete", None, True), ("Juan y María", None, True), ("Anna+Marco", None, True),
    (None, "John & Jane Smith", True), ("", "Mr & Mrs Smith", True),
    (None, "Mr. and Mrs. O'Neill", True),
    # names, not couples: an initial, one name, a compound name, a word holding "and"
    (None, "Ann E Smith", False), ("Mary-Jane", None, False), ("Jo Ann", None, False),
    ("Andy", None, False), ("Anderson", "Anderson Smith", False), ("Ann Marie", None, False),
    ("Yvonne", None, False), (None, "John Smith", False), ("John", "John & Jane Smith", False),
])
def test_what_a_couples_card_is(given_name, full_name, couple):
    frame = pl.DataFrame({"given_name": [given_name], "full_name": [full_name]},
                         schema={"given_name": pl.String, "full_name": pl.String})
    assert frame.select(couple_card(frame.columns)).item() is couple


def test_without_name_columns_no_record_is_a_couple():
    frame = pl.DataFrame({"x": [1]})
    assert frame.select(couple_card(frame.columns)).item() is False


def run(tmp_path: Path) -> pl.DataFrame:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "google.csv").write_text(
        "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\n"
        f"John,Smith,john.smith@example.com,{LANDLINE}\n"
        f"Jane,Smith,jane.smith@example.com,{LANDLINE}\n"
        f"John & Jane,Smith,smiths@example.com,{LANDLINE}\n", "utf-8")
    (tmp_path / "in" / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John and Jane Smith\r\nN:Smith;John and Jane;;;\r\n"
        f"EMAIL:jane.smith@example.com\r\nTEL:{LANDLINE}\r\nEND:VCARD\r\n", "utf-8")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_file", "source_row")


def test_a_couples_card_is_neither_partner(tmp_path: Path):
    records = run(tmp_path)
    john, jane, couple, couple_vcf = records["person_id"].to_list()
    assert len({john, jane, couple}) == 3
    assert couple == couple_vcf  # two cards of one couple are one contact
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    johns = people.filter(pl.col("person_id") == john)
    assert "jane.smith@example.com" not in johns["emails"].explode().to_list()


def test_the_refusal_is_settled_not_asked(tmp_path: Path):
    run(tmp_path)
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    refused = pairs.filter(pl.col("reason").str.contains("couple's card"))
    assert refused.height == 4 and (refused["clustered"] == "apart").all()
    assert pl.read_parquet(tmp_path / "out" / "review.parquet").height == 0
