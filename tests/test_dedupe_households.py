"""A household's card ("John & Jane Smith", "Familie Müller") is the household's, not one
member's: a couple's card met John's own card as the same person (the word "john" shared, the
landline and family name agreeing) and took Jane's e-mail into him; a family's card holding
Hans's e-mail joined Hans (pipeline/dedupe/households.py). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from exports_support import kith_records

from pipeline.dedupe.households import household_card

LANDLINE = "+1 415 555 0101"


@pytest.mark.parametrize(("given_name", "full_name", "household"), [
    ("John & Jane", None, True), ("John and Jane", None, True), ("Jan en Marie", None, True),
    ("Hans und Grete", None, True), ("Juan y María", None, True), ("Anna+Marco", None, True),
    (None, "John & Jane Smith", True), ("", "Mr & Mrs Smith", True),
    (None, "Mr. and Mrs. O'Neill", True),
    # names, not couples: an initial, one name, a compound name, a word holding "and"
    (None, "Ann E Smith", False), ("Mary-Jane", None, False), ("Jo Ann", None, False),
    ("Andy", None, False), ("Anderson", "Anderson Smith", False), ("Ann Marie", None, False),
    ("Yvonne", None, False), (None, "John Smith", False), ("John", "John & Jane Smith", False),
    # families; not a family: a Vietnamese given name, a plural that is no name
    (None, "The Smiths", True), ("", "Smith Family", True), ("The Smith Family", None, True),
    (None, "Familie Müller", True), (None, "Fam. Müller", True), (None, "Famille Dupont", True),
    ("The Anh", "The Anh Nguyen", False), (None, "The Beatles tribute", False),
    ("Famke", None, False), (None, "Familia", False), (None, "Familia García", True),
    # firms (rwcheck): the family word elsewhere than English's last or the others' first
    (None, "Family Dollar", False), (None, "Riverside Family Dentistry", False),
])
def test_what_a_households_card_is(given_name, full_name, household):
    frame = pl.DataFrame({"given_name": [given_name], "full_name": [full_name]},
                         schema={"given_name": pl.String, "full_name": pl.String})
    assert frame.select(household_card(frame.columns)).item() is household


def test_a_family_in_the_family_name_field_is_a_household():
    frame = pl.DataFrame({"given_name": [None, "Hans"], "family_name": ["Familie Müller", "Müller"]},
                         schema={"given_name": pl.String, "family_name": pl.String})
    assert frame.select(household_card(frame.columns)).to_series().to_list() == [True, False]


def test_without_name_columns_no_record_is_a_household():
    frame = pl.DataFrame({"x": [1]})
    assert frame.select(household_card(frame.columns)).item() is False


def run(tmp_path: Path) -> pl.DataFrame:
    return kith_records(tmp_path, {
        "google.csv": "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\n"
                      f"John,Smith,john.smith@example.com,{LANDLINE}\n"
                      f"Jane,Smith,jane.smith@example.com,{LANDLINE}\n"
                      f"John & Jane,Smith,smiths@example.com,{LANDLINE}\n"
                      ",Familie Müller,hans.mueller@example.de,+1 415 555 0102\n"
                      "Hans,Müller,hans.mueller@example.de,+1 415 555 0102\n",
        "phone.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John and Jane Smith\r\n"
                     "N:Smith;John and Jane;;;\r\n"
                     f"EMAIL:jane.smith@example.com\r\nTEL:{LANDLINE}\r\nEND:VCARD\r\n"})


@pytest.fixture(scope="module")
def households(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    """`run`'s folder and records, made once: the tests below only read them."""
    folder = tmp_path_factory.mktemp("households")
    return folder, run(folder)


def test_a_households_card_is_none_of_its_members(households):
    folder, records = households
    john, jane, couple, family, hans, couple_vcf = records["person_id"].to_list()
    assert len({john, jane, couple, family, hans}) == 5
    assert couple == couple_vcf  # two cards of one couple are one contact
    people = pl.read_parquet(folder / "out" / "people.parquet")
    johns = people.filter(pl.col("person_id") == john)
    assert "jane.smith@example.com" not in johns["emails"].explode().to_list()


def test_the_refusal_is_settled_not_asked(households):
    folder, _records = households
    pairs = pl.read_parquet(folder / "out" / "pairs.parquet")
    refused = pairs.filter(pl.col("reason").str.contains("household's card"))
    assert refused.height == 5 and (refused["clustered"] == "apart").all()
    assert pl.read_parquet(folder / "out" / "review.parquet").height == 0


@pytest.mark.parametrize(("given_name", "family_name", "full_name"), [
    ("AT&T", "Contacts", "AT&T Service Contacts"), (None, None, "Gallagher & Briggs Corp."),
    (None, None, "Haddad & Khalil FZ-LLC"), ("Given", "Family", "Given Family"),
    ("Friends", "Family", "Friends & Family"), ("Hans", "Familie Müller", None),
])
def test_firms_and_people_named_family_are_no_households(given_name, family_name, full_name):
    """Found in real and generated books: a carrier's card, law firms' cards (gen3), vCard
    test files' placeholder "Given Family", a card named "Friends & Family"."""
    frame = pl.DataFrame({"given_name": [given_name], "family_name": [family_name],
                          "full_name": [full_name]}, schema=dict.fromkeys(
                              ("given_name", "family_name", "full_name"), pl.String))
    assert frame.select(household_card(frame.columns)).item() is False


def test_a_card_named_as_its_organisation_is_the_firms():
    frame = pl.DataFrame({"given_name": ["Ernst & Young", None],
                          "full_name": [None, "Barnes & Noble Booksellers"],
                          "organization": ["Ernst & Young", "Barnes & Noble Booksellers"]},
                         schema=dict.fromkeys(("given_name", "full_name", "organization"),
                                              pl.String))
    assert frame.select(household_card(frame.columns)).to_series().to_list() == [False, False]
