"""A card edited between two nights keeps its person, their notes and ledger (adversarial
round 30).

A record id hashes the name, the first e-mail and phone and the organisation, so a contact
renamed in Google ("Tom" -> "Thomas"), or a phone card split in two, is a new record. A person
with no other record then got a new id: `kith changes` said "new Thomas Brisk" and "gone Tom
Brisk", and the notes and ledger stayed on an id marked gone. Fictitious names, example.net
addresses and 555 numbers."""

from __future__ import annotations

import polars as pl
import pytest
from exports_support import person_ids, run_home

from pipeline.notes import notes_file

HEADER = "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name\n"
GOOGLE = (HEADER
          + "Tom,Brisk,tom.brisk@example.net,+1 617 555 0141,Harbor Clinic\n"
          + "Sam,Reyes,,+1 617 555 0190,\n"
          + "Ann,Lee,ann@example.net,,Acme\n")
# the next night's re-export: columns in another order, Tom renamed, Sam's card deleted and
# Lena's added with the household's number
GOOGLE_2 = ("Last Name,First Name,Organization 1 - Name,Phone 1 - Value,E-mail 1 - Value\n"
            "Brisk,Thomas,Harbor Clinic,+1 617 555 0141,tom.brisk@example.net\n"
            "Reyes,Lena,,+1 617 555 0190,\n"
            "Lee,Ann,Acme,,ann@example.net\n")


def _card(first: str, last: str, *lines: str) -> str:
    body = "".join(line + "\r\n" for line in lines)
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"{body}END:VCARD\r\n")


PHONE = _card("Pat", "Quinn", "TEL;type=CELL:+1 617 555 0161", "EMAIL:lee.quinn@example.net")
# split on the phone: Pat's mobile on his card, his wife's address on hers
PHONE_2 = (_card("Pat", "Quinn", "TEL;type=CELL:+1 617 555 0161")
           + _card("Lee", "Quinn", "EMAIL:lee.quinn@example.net"))


@pytest.fixture
def home(first_runs):
    """The two exports run once (run_home): made once per module, a fresh copy per test where
    it was made (tests/home_copies.py)."""
    def make(folder):
        (folder / "exports").mkdir()
        (folder / "exports" / "google.csv").write_text(GOOGLE, "utf-8")
        (folder / "exports" / "phone.vcf").write_text(PHONE, "utf-8")
        run_home(folder, folder / "exports")

    return first_runs.fresh("home", make)


def test_an_edited_card_keeps_its_person_and_notes(home):
    before = person_ids(home)
    path = home / "data" / "notes.csv"
    for name in ("Tom Brisk", "Pat Quinn", "Sam Reyes"):
        notes_file.set_note(path, before[name], name, need=f"something for {name}")
    (home / "exports" / "google.csv").write_text(GOOGLE_2, "utf-8")
    (home / "exports" / "phone.vcf").write_text(PHONE_2, "utf-8")
    after = run_home(home, home / "exports")
    assert after["Thomas Brisk"] == before["Tom Brisk"]
    assert after["Pat Quinn"] == before["Pat Quinn"]  # the part that keeps the name
    assert after["Lee Quinn"] not in before.values()
    assert after["Ann Lee"] == before["Ann Lee"]
    notes = notes_file.load_notes(path)
    status = dict(zip(notes["person_id"], notes["kith_status"], strict=True))
    assert status[before["Tom Brisk"]] == "active"
    assert status[before["Pat Quinn"]] == "active"
    changes = pl.read_parquet(home / "out" / "changes.parquet")
    moved = changes.filter(pl.col("change").is_in(["new", "gone"]))
    assert set(moved["person_id"]) == {after["Lee Quinn"], after["Lena Reyes"], before["Sam Reyes"]}


def test_a_household_number_on_another_name_is_not_the_same_card(home):
    """Sam's card deleted and Lena's added with the family's landline: another person, so
    Sam's notes stay on Sam (gone), never on Lena."""
    before = person_ids(home)
    path = home / "data" / "notes.csv"
    notes_file.set_note(path, before["Sam Reyes"], "Sam Reyes", need="a lift on Friday")
    (home / "exports" / "google.csv").write_text(GOOGLE_2, "utf-8")
    after = run_home(home, home / "exports")
    assert after["Lena Reyes"] not in before.values()
    notes = notes_file.load_notes(path)
    sam = notes.filter(pl.col("person_id") == before["Sam Reyes"])
    assert sam["kith_status"].to_list() == ["gone"]
    assert notes.filter(pl.col("person_id") == after["Lena Reyes"])["need"].to_list() in ([], [""])
