"""Shapes found in the ninth real-file collection (docs/realworld9.md), each rebuilt with
fictitious values."""

from __future__ import annotations

import random

from pipeline.formats.vcard_cards import looks_like_vcard
from pipeline.stages.ingest import parse_bytes


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
