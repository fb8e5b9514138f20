"""Shapes found in the eleventh real-file collection (docs/realworld11.md), each rebuilt with
fictitious values."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.normalize.phones import PhoneJob
from pipeline.stages.ingest import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def _parse(path: Path):
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "cp1252")
    assert parsed is not None, reason
    return fmt, parsed.contacts.sort("source_row").to_dicts()


def test_several_numbers_in_one_phone_cell_are_several_numbers():
    """LinkedIn's imported address book (2024, `Contacts.csv`) writes every number a phone
    contact has in one cell, separated by commas, often the same number twice (R11 L1: 1,389
    of 2,017 cells). Read whole, the cell was one number no region makes valid; split, each
    is a number. A dial string's pause (",,") is no separator."""
    fmt, rows = _parse(FIXTURES / "addressbook" / "linkedin_imported_contacts_2024.csv")
    assert fmt == "contacts_csv"
    asha, vikram, office, meera = rows
    assert asha["phones"] == ["+91 98765 43210", "+919876543210"]
    assert vikram["phones"] == ["98450 12345", "+919845012345", "9845012345"]
    assert office["phones"] == ["080-2345 6789,,12"]
    assert meera["phones"] == [] and meera["emails"] == ["meera.iyer@example.in"]
    with PhoneJob(pl.Series([asha["phones"], vikram["phones"]]), "IN") as job:
        read = job.result()
    assert read["phones_e164"].to_list() == [["+919876543210"], ["+919845012345"]]
    assert read["phones_invalid"].to_list() == [[], []]


def test_qp_value_ending_in_a_soft_break_before_the_next_property_keeps_that_property():
    """A Nokia/Sony-style vCard 2.1 export ends each QP `FN` with "=" (a soft break) and goes
    straight on to the next property (R11 V1). Joined as a continuation, `TEL;CELL:…` became
    part of the name and the number was lost. A soft break before a blank line, or before
    continuation text (even text that says "Tel:"), still joins as before."""
    fmt, (marko, ana, luka) = _parse(FIXTURES / "vcard" / "nokia_qp_fn_soft_break_before_tel.vcf")
    assert fmt == "vcard"
    assert marko["full_name"] == "Marko Ilić"
    assert marko["phones"] == ["064 555 0101", "011 555 0102"]
    assert marko["emails"] == ["marko.ilic@example.rs"]
    assert ana["full_name"] == "Ana Petrović" and ana["phones"] == ["065 555 0103"]
    assert luka["phones"] == ["066 555 0104"]
    assert luka["notes"] == ("Tel: posao, zvati posle podne; piše Tel: na kartici"
                             "Tel: u imeniku")
