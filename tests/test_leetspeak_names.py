"""A nickname written with "@" for "a" ("S@rah..", "K@te.") is a name, not an e-mail address
typed as one: the two patterns that told addresses in name fields (names.py, typed_names.py)
matched any `x@y.z`, so the given name went to emails_invalid and out of the display name
(docs/realworld16.md, two cards of a Nigerian book). One rule now, emails.ADDRESS_AS_TEXT.
Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_records

from pipeline.normalize.emails import ADDRESS_AS_TEXT


def test_what_an_address_in_a_name_field_is():
    values = {"ann@example.com": True, " bob@mail.co.uk ": True, "me@домен.рф": True,
              "S@rah..": False, "K@te.": False, "n@ncy": False, "x@y.z": False}
    got = pl.Series(list(values)).str.contains(ADDRESS_AS_TEXT).to_list()
    assert dict(zip(values, got, strict=True)) == values


def test_a_leetspeak_nickname_is_shown_and_an_address_is_read(tmp_path: Path):
    records = kith_records(tmp_path, {"book.vcf": (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;S@rah..;;;\r\nFN:S@rah.. Okafor\r\n"
        "TEL:+234 803 123 4567\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;ada@example.com;;;\r\nFN:ada@example.com\r\n"
        "END:VCARD\r\n")})
    assert records["display_name"][0].startswith("S@rah")
    assert records["emails_invalid"].to_list()[0] == []
    assert records["email_keys"].to_list()[1] == ["ada@example.com"]
