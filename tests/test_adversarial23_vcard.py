"""A vCard value whose CHARSET names a one-byte code page (ISO-8859-1, Windows-1252) over bytes
that are valid UTF-8 is read as UTF-8 (pipeline.formats.vcard_tokens.decode_bytes): a phone's
exporter that declared ISO-8859-1 over the UTF-8 it wrote gave 'ZoÃ« Å\xa0kof' on the card, since
every byte is some Latin-1 character and the declared decode never fails. A value in the code
page it declares stays as it was. Found by an adversarial round (session 23, i11). Fixtures
written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.formats.vcard import parse_vcard

LYING = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:\xc5\xa0kof;Zo\xc3\xab;;;\r\n"
         b"FN;CHARSET=ISO-8859-1:Zo\xc3\xab \xc5\xa0kof\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n"
         b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=WINDOWS-1252:Fa\xe7ade;Ren\xe9e;;;\r\n"
         b"FN;CHARSET=WINDOWS-1252:Ren\xe9e Fa\xe7ade\r\nORG;CHARSET=WINDOWS-1252:\x93Acme\x94\r\n"
         b"EMAIL:renee@example.org\r\nEND:VCARD\r\n")


def test_utf8_under_a_declared_latin1_charset_is_read_as_utf8(tmp_path: Path):
    kith_run(tmp_path, {"phone.vcf": LYING})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    by_mail = {r["emails"][0]: r for r in people.to_dicts()}
    zoe, renee = by_mail["zoe@example.org"], by_mail["renee@example.org"]
    assert (zoe["display_name"], zoe["given_name"], zoe["family_name"]) == (
        "Zoë Škof", "Zoë", "Škof")
    assert (renee["display_name"], renee["organization"]) == ("Renée Façade", "“Acme”")


_LATIN = st.text(st.characters(codec="latin-1", categories=["Lu", "Ll"]), min_size=1, max_size=12)


@settings(max_examples=80)
@given(_LATIN, st.sampled_from(["ISO-8859-1", "WINDOWS-1252", "ISO-8859-15"]))
def test_a_declared_code_page_reads_its_own_bytes_and_utf8(name: str, charset: str):
    codec = {"ISO-8859-1": "latin-1", "WINDOWS-1252": "cp1252", "ISO-8859-15": "iso8859-15"}[
        charset]
    try:
        own = name.encode(codec)
    except UnicodeEncodeError:
        return
    for raw in (own, name.encode("utf-8")):
        try:
            raw.decode("utf-8")
            if raw is own and not own.isascii():
                continue  # its own bytes also valid UTF-8 ('Ã«'): read as UTF-8 by design
        except UnicodeDecodeError:
            pass
        card = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=" + charset.encode() + b":" + raw
                + b"\r\nEMAIL:a@example.org\r\nEND:VCARD\r\n")
        assert parse_vcard(card, "cp1252").contacts["full_name"].to_list() == [name.strip()]
