"""Positive evidence only: a downloads folder of JSON, XML, HTML, PDF, images, calendars, mail,
archives, prose and non-contact tables gives no contact records, and each file is listed with a
sentence saying what it is. vCard content is read as vCard whatever precedes it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest
from pipeline.stages.ingest_parse import parse_bytes

HERE = Path(__file__).parent / "fixtures"
STRAY = HERE / "stray"

# What each stray file is, written down before running kith on them.
EXPECTED_KIND = {
    "about_vcards.md": "document", "address_book.xml": "xml", "avatar.png": "image", "backup.7z": "archive",
    "backup.rar": "archive", "backup.tar": "archive", "contacts.csv.gz": "archive",
    "contacts_api_dump.json": "json", "events.jsonl": "json", "inbox.mbox": "email",
    "invite.ics": "calendar", "letter.txt": "document", "message.eml": "email",
    "notes.md": "document", "people_renamed.csv": "json", "photo_renamed.csv": "image",
    "scan.pdf": "pdf_document", "server.log": "document", "team_page.html": "html_document",
}
# Tables that are not contacts: product names in a "name" column, a company column of stock.
NOT_CONTACT_TABLES = {"orders.csv", "inventory_export.csv"}


def test_stray_folder_gives_no_records() -> None:
    result = ingest([STRAY], [], Limits())
    assert result.contacts.height == 0
    files = result.files.sort("path")
    assert set(files["path"]) == set(EXPECTED_KIND) | NOT_CONTACT_TABLES
    kinds = dict(zip(files["path"], files["format"], strict=True))
    assert {k: kinds[k] for k in EXPECTED_KIND} == EXPECTED_KIND
    known = files.filter(pl.col("path").is_in(list(EXPECTED_KIND)))
    assert set(known["status"]) == {"skipped"}
    assert all(r.endswith(".") and "header row" not in r for r in known["reason"])


@pytest.mark.parametrize("name", sorted(NOT_CONTACT_TABLES))
def test_tables_without_contacts_are_not_read_as_contacts(name: str) -> None:
    fmt, reason, parsed = parse_bytes((STRAY / name).read_bytes(), name, "cp1252")
    assert parsed is None or parsed.contacts.height == 0, (fmt, reason)


@pytest.mark.parametrize("name", sorted(p.name for p in (HERE / "vcard").glob("structure_*.vcf")))
def test_vcard_content_is_never_read_as_csv(name: str) -> None:
    for renamed in (name, "contacts.csv", "export.txt"):
        fmt, reason, parsed = parse_bytes((HERE / "vcard" / name).read_bytes(), renamed, "cp1252")
        assert fmt == "vcard" and parsed is not None, reason


@pytest.mark.parametrize("data", [
    b"VERSION:3.0\nFN:Lonely\nEMAIL:x@example.com\n",  # properties, no BEGIN and no END
    b"Some notes\nBEGIN:VCALENDAR\nvcard follows? no\n",
])
def test_vcard_like_text_without_cards_gets_a_vcard_reason(data: bytes) -> None:
    fmt, reason, parsed = parse_bytes(data, "x.vcf", "cp1252")
    assert parsed is None and "header row" not in (reason or "")
