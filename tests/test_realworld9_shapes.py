"""Shapes found in the ninth real-file collection (docs/realworld9.md), each rebuilt with
fictitious values."""

from __future__ import annotations

import random

import polars as pl

from pipeline.formats.vcard_cards import looks_like_vcard
from pipeline.normalize import region
from pipeline.normalize.phones import PhoneJob
from pipeline.stages.ingest_parse import parse_bytes


def _noise(seed: int, size: int) -> bytes:
    """Overwritten disk blocks: random bytes, some of them spaces and line ends, so that a
    line of them splits into 'words'."""
    rng = random.Random(seed)
    return bytes(rng.choice(b" \r\n" if rng.random() < 0.06 else range(256))
                 for _ in range(size))


def _card(name: str, tel: str, photo: bytes = b"") -> bytes:
    family, given = name.split()
    return (b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
            + f"N:{family};{given};;;\r\nFN:{given} {family}\r\nTEL;CELL:{tel}\r\n".encode()
            + photo + b"X-GROUP-MEMBERSHIP:My Contacts\r\nEND:VCARD\r\n")


def _damaged_export() -> bytes:
    """An Android vCard 2.1 export (V3) whose first blocks and part of a PHOTO are noise: it
    opens with the noisy tail of a card (no property kith reads before its END:VCARD)."""
    photo = (b"PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n "
             + _noise(2, 1500) + b"\r\n AAAAAAAAAA==\r\n\r\n")
    return (_noise(1, 4096) + b"\r\n \r\n\r\nX-GROUP-MEMBERSHIP:Coworkers\r\nEND:VCARD\r\n"
            + _card("Rossi Anna", "+39 347 000 0001")
            + _card("Bianchi Marco", "347 000 0002", photo)
            + _card("Verdi Luca", "+39 347 000 0003"))


def test_a_vcard_export_that_opens_with_binary_noise_is_read():
    data = _damaged_export()
    assert looks_like_vcard(data[:65536])
    fmt, reason, parsed = parse_bytes(data, "00001.vcf", "cp1252")
    assert fmt == "vcard" and reason is None and parsed is not None
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["full_name"] for r in rows] == ["Anna Rossi", "Marco Bianchi", "Luca Verdi"]
    assert [r["phones"] for r in rows] == [["+39 347 000 0001"], ["347 000 0002"],
                                          ["+39 347 000 0003"]]
    # the noisy tail before the first card is no contact: a reject, not a person
    assert parsed.rejects.height == 1


def test_noise_is_no_prose_but_prose_still_is():
    """Binary lines do not count as the prose that marks a document quoting a card; lines of
    words still do."""
    card = _card("Rossi Anna", "+39 347 000 0001")
    assert looks_like_vcard(_noise(3, 8192) + b"\r\n" + card)
    prose = b"".join(f"Line {i} of a letter about contacts.\r\n".encode() for i in range(5))
    assert not looks_like_vcard(prose + card)


def _read(numbers: list[str]) -> tuple[region.RegionChoice, list[str]]:
    phones = pl.Series([[n] for n in numbers], dtype=pl.List(pl.String))
    choice = region.infer(phones)
    with PhoneJob(phones, choice.region, choice.second) as job:
        e164 = job.result()["phones_e164"].explode().drop_nulls().to_list()
    return choice, e164


def test_a_foreign_book_naming_no_region_reads_no_national_number_as_american():
    """A Mexican directory (V7) writes no +52: its numbers are invalid in the US, except the
    few that happen to fit the NANP plan (Mexico City's 55 1xxx, read as New Jersey's 551).
    Those were read as +1 numbers nobody has; now no national number is read. (With more
    than 1 in 10 valid in the US the book may hold a US book's numbers: see the next test.)"""
    mexico_city = [f"55 {2000 + n * 37:04d} {n * 7919 % 10000:04d}" for n in range(40)]
    fits_nanp = [f"551 {200 + n * 13:03d} {n * 4111 % 10000:04d}" for n in range(3)]
    choice, e164 = _read([*mexico_city, *fits_nanp, "+1 415 555 0134"])
    assert e164 == ["+14155550134"]  # the number written with its country code still is
    assert choice.region == "ZZ" and choice.doubtful  # region.NONE
    assert "none is read as a US number" in choice.reason


def test_an_old_american_book_of_local_numbers_keeps_its_us_readings():
    """Seven-digit local numbers (no area code) are invalid in the US too, but they are an
    American book's, not a foreign one's: its ten-digit numbers are still read as +1."""
    local = [f"{200 + n * 7:03d}-{n * 1237 % 10000:04d}" for n in range(20)]
    choice, e164 = _read([*local, "415 555 0134", "212 555 0188"])
    assert choice.region == "US"
    assert sorted(e164) == ["+12125550188", "+14155550134"]


def test_a_folder_with_more_than_a_few_us_numbers_keeps_reading_them():
    """A mixed folder (a US book beside a Mexican one) keeps its US readings: the region is
    chosen for the whole folder, and a US book's numbers must not go unread."""
    mexico_city = [f"55 {2000 + n * 37:04d} {n * 7919 % 10000:04d}" for n in range(30)]
    us = [f"415 {200 + n * 7:03d} {n * 1237 % 10000:04d}" for n in range(10)]
    choice, e164 = _read([*mexico_city, *us])
    assert choice.region == "US" and len(e164) == 10


def test_an_indian_book_reads_its_fixed_line_or_mobile_ranges_as_indian():
    """India's plan calls its 72x-88x ten-digit numbers "fixed line or mobile", not mobile;
    many also fit the NANP plan. In an Indian book (V5: read in India first) they were left
    to the US reading and became +1 numbers; they are Indian."""
    mobiles = [f"98{n:03d} {n * 37 % 100000:05d}" for n in range(100, 130)]
    either = [f"{a} {a * 37 % 1000:03d} {a * 91 % 10000:04d}" for a in (720, 724, 772, 805)]
    choice, e164 = _read([*mobiles, *either, "+91 98100 00001"])
    assert not [e for e in e164 if e.startswith("+1")]
    assert choice.region == "IN"
    assert len([e for e in e164 if e.startswith("+91")]) == 35


def test_connections_without_the_headers_spaces_are_linkedin_connections():
    """A tool re-saved a 2019-2021 Connections.csv without the spaces in its header (L4): it
    is still LinkedIn's, so its dates are connection dates and its empty rows hidden members."""
    data = (b"FirstName,LastName,EmailAddress,Company,Position,ConnectedOn\n"
            b'Ann,"Example, PhD",,Example Labs ,Research Scientist,04-May-22\n'
            b"Bo,Sample,bo@example.com,Sample Inc,Engineer,03-May-22\n"
            b",,,,,02-May-22\n")
    fmt, reason, parsed = parse_bytes(data, "Connections.csv", "cp1252")
    assert fmt == "linkedin_connections" and reason is None and parsed is not None
    rows = parsed.contacts.sort("source_row").to_dicts()
    assert [r["connected_on"] for r in rows] == ["04-May-22", "03-May-22"]
    assert [r["emails"] for r in rows] == [[], ["bo@example.com"]]
    assert parsed.rejects["reason"].to_list() == [
        "LinkedIn connection with no name, profile URL or e-mail (a deleted or hidden member)"]
