"""A person's card shows the name and organisation a source wrote in mixed case, not the
capitals or small letters another kept ("JOHN SMITH" from a Google CSV beside a vCard's "John
Smith"; "MARY O'NEIL" beside LinkedIn's "Mary O'Neil"), whichever source ranks first
(pipeline.dedupe.people._in_mixed_case). Found by an adversarial round (session 23, g16/g21).
Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name\n"
          "JOHN,SMITH,j@x.org,ACME CORP\nMARY,O'NEIL,m@x.org,\nBILL,STONE,b@x.org,IBM\n"
          "ZOE,KING,z@x.org,KPMG\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nN:Smith;John;;;\r\nEMAIL:J@X.ORG\r\n"
         "ORG:Acme Corp\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:William Stone\r\nN:Stone;William;;;\r\n"
         "EMAIL:b@x.org\r\nORG:Ibm\r\nEND:VCARD\r\n")
LINKEDIN = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Mary,O'Neil,https://www.linkedin.com/in/maryoneil,m@x.org,Acme,CTO,01 Mar 2024\n")


def people(folder: Path) -> dict[str, dict]:
    rows = pl.read_parquet(folder / "out" / "people.parquet").to_dicts()
    return {r["emails"][0].lower(): r for r in rows}


def ran(first_runs, monkeypatch) -> Path:
    """The three exports run once per module; each test reads a fresh copy where it was made,
    working in the folder that run worked in (tests/home_copies.py)."""
    return first_runs.fresh_in_cwd("mixed-case", lambda work: kith_run(work, {
        "google.csv": GOOGLE, "phone.vcf": VCARD, "Connections.csv": LINKEDIN}), monkeypatch)


def test_the_mixed_case_spelling_of_the_same_name_is_shown(first_runs, monkeypatch):
    folder = ran(first_runs, monkeypatch)
    by_mail = people(folder)
    john, mary = by_mail["j@x.org"], by_mail["m@x.org"]
    assert (john["display_name"], john["given_name"], john["organization"]) == (
        "John Smith", "John", "Acme Corp")
    records = pl.read_parquet(folder / "out" / "records.parquet")
    vcard_ids = set(records.filter(pl.col("source") == "vcard")["record_id"])
    assert john["display_name_record"] in vcard_ids and john["organization_record"] in vcard_ids
    assert mary["display_name"] == "Mary O'Neil"


def test_a_spelling_of_its_own_and_one_word_in_capitals_stay(first_runs, monkeypatch):
    by_mail = people(ran(first_runs, monkeypatch))
    # "BILL STONE" is the user's own spelling, LinkedIn-like "William" another name; "IBM" is
    # written in capitals (a vCard's "Ibm" is no better)
    bill = by_mail["b@x.org"]
    assert (bill["display_name"], bill["organization"]) == ("BILL STONE", "IBM")
    assert by_mail["z@x.org"]["display_name"] == "ZOE KING"  # one record: as written


def test_a_full_given_name_is_shown_before_initials(tmp_path):
    """"J. R. Smith" (Google, the first-ranked source) and "John Smith" (a phone) with one
    address: the card shows "John Smith" (people.build's name rank; found by a probe)."""
    kith_run(tmp_path, {
        "google.csv": "First Name,Last Name,E-mail 1 - Value\nJ. R.,Smith,jr@x.org\n",
        "phone.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nN:Smith;John;;;\r\n"
                     "EMAIL:jr@x.org\r\nEND:VCARD\r\n"})
    rows = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert rows.select("display_name", "given_name", "record_count").rows() == [
        ("John Smith", "John", 2)]
