"""Thunderbird's LDIF address-book export (pipeline/formats/ldif.py), on a fixture written
for kith with fictitious values."""

from __future__ import annotations

from pathlib import Path

from pipeline.formats.ldif import LIST_REASON, NO_DN_REASON, STRUCTURE_REASON, looks_like_ldif
from pipeline.stages.ingest_parse import parse_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "ldif" / "thunderbird.ldif"


def test_thunderbird_ldif_is_read():
    fmt, reason, parsed = parse_bytes(FIXTURE.read_bytes(), FIXTURE.name, "cp1252")
    assert fmt == "ldif" and reason is None and parsed is not None
    assert parsed.rows_total == 4
    rows = parsed.contacts.sort("source_row").to_dicts()
    ann, john = rows
    assert (ann["source"], ann["source_format"]) == ("thunderbird", "thunderbird_ldif")
    assert (ann["full_name"], ann["given_name"], ann["family_name"], ann["nickname"]) == \
        ("Ann Example", "Ann", "Example", "annie")
    assert ann["emails"] == ["ann@example.com", "ann.example@example.org"]
    assert ann["phones"] == ["+44 20 7946 0958", "+44 7700 900123"]
    assert (ann["organization"], ann["title"], ann["city"], ann["country"]) == \
        ("Example Labs", "Engineer", "London", "United Kingdom")
    assert ann["birthday"] == "1980-03-15"
    # base64 values (`cn::`) decoded as UTF-8; a folded line joined without its one space
    assert (john["full_name"], john["family_name"]) == ("John Püblic", "Püblic")
    assert john["notes"] == "met at a conference, long note that is folded onto a second line"
    # the mailing list and the empty entry are rejects with a reason: nothing dropped silently
    assert parsed.rejects.sort("source_row")["source_row"].to_list() == [2, 3]
    assert parsed.rejects.sort("source_row")["reason"].to_list()[0] == LIST_REASON


def test_ldif_is_recognised_by_content_only():
    assert looks_like_ldif("version: 1\n\ndn: cn=A\nobjectclass: person\ncn: A\n")
    assert looks_like_ldif("# comment\ndn: cn=A\nobjectClass: top\n")
    # a note that merely starts with "dn:" is no LDIF; nor is a vCard or a CSV
    assert not looks_like_ldif("dn: the distinguished name is explained below\nmore text\n")
    assert not looks_like_ldif("BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\n")
    assert not looks_like_ldif("First Name,Last Name\nA,B\n")


DUMPS = Path(__file__).parent / "fixtures" / "ldif"


def test_a_directory_dumps_structure_is_no_person():
    """A directory server's dump holds its schema, domain, units and groups besides its people
    (docs/realworld18.md X2): read as cards they became people named after a schema and a
    group. Only the person entries are contacts, and no password reaches the output."""
    path = DUMPS / "directory_dump_with_schema.ldif"
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "ldif" and reason is None
    assert parsed.rows_total == 8
    assert parsed.contacts.sort("source_row")["full_name"].to_list() == ["Mira Kovač",
                                                                          "Tomas Reyes"]
    assert parsed.rejects.sort("source_row")["source_row"].to_list() == [0, 1, 2, 3, 6, 7]
    assert set(parsed.rejects["reason"]) == {STRUCTURE_REASON}
    assert "secret" not in str(parsed.contacts.to_dicts())


def test_a_dump_cut_inside_its_first_entry_is_still_read():
    """The 389-DS sample's users.ldif starts inside an entry (its `dn:` line lost): kith took
    it for a text document and read none of its people (docs/realworld18.md X3)."""
    path = DUMPS / "directory_dump_cut_at_top.ldif"
    text = path.read_text("utf-8")
    assert looks_like_ldif(text)
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "utf-8")
    assert fmt == "ldif" and reason is None and parsed.rows_total == 4
    assert parsed.contacts.sort("source_row")["emails"].to_list() == [
        ["aokafor@example.edu"], ["lchen@example.edu"]]
    assert parsed.rejects.sort("source_row")["reason"].to_list() == [NO_DN_REASON, LIST_REASON]


def test_looks_like_ldif_without_a_dn_first_needs_one_later():
    assert looks_like_ldif("objectClass: person\ncn: A\n\ndn: cn=B\nobjectClass: person\n")
    assert not looks_like_ldif("objectClass: person\ncn: A\n")  # no dn at all
    assert not looks_like_ldif("Note: dn: lines\nobjectclass: is a word\n")
