"""Two Android vCard shapes from docs/realworld9.md (fixtures written for kith): the whole
address in ADR's street slot (`ADR;HOME:;;<all of it>;;;;`), which reached no output, and a QP
soft break that lost its line break (`=` directly before the next `=XX`), which left a stray
`=` in the text."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from pipeline.formats import vcard

ANDROID = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Kumar;Ravi;;;\r\nFN:Ravi Kumar\r\n"
    "TEL;CELL:+91 98200 12345\r\n"
    "ADR;HOME:;;12 Example Road\\, Andheri West\\, Mumbai 400058;;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Perera;Nimal;;;\r\nFN:Nimal Perera\r\n"
    "ADR;TYPE=HOME:;;45 Sample Lane;;;10115;\r\n"
    "ADR;TYPE=WORK:;;1 Office Park;Colombo;;;Sri Lanka\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Silva;Ana;;;\r\nFN:Ana Silva\r\n"
    "ADR;TYPE=HOME:;;7 First Street;;;90210;\r\nADR;TYPE=WORK:;;9 Second Street;;;;\r\n"
    "END:VCARD\r\n"
)


@pytest.mark.parametrize("fast", [False, True])
def test_a_street_only_address_is_kept_as_the_street_line(fast, monkeypatch):
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    rows = vcard.parse_vcard(ANDROID.encode()).contacts
    got = rows.select("street", "postcode", "city", "region", "country").rows()
    assert got == [
        # the whole address as the street line; no city is made up from it
        ("12 Example Road, Andheri West, Mumbai 400058", None, None, None, None),
        # an address that says where wins over an earlier street-only one (as before)
        ("1 Office Park", None, "Colombo", None, "Sri Lanka"),
        # with none that says where, the first street-only one, with its postcode
        ("7 First Street", "90210", None, None, None),
    ]


def test_both_readers_read_street_only_addresses_alike(monkeypatch):
    monkeypatch.setattr(vcard, "FAST", False)
    slow = vcard.parse_vcard(ANDROID.encode())
    monkeypatch.setattr(vcard, "FAST", True)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    fast = vcard.parse_vcard(ANDROID.encode())
    assert_frame_equal(slow.contacts, fast.contacts)


def test_a_qp_soft_break_without_its_line_break_leaves_no_stray_equals_sign():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Koffi;Awa;;;\r\nFN:Awa Koffi\r\n"
            b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Rendez-vous au caf=C3=A9 pr=C3=A8s "
            b"de l=E2=80=99=C3=A9cole, apr=C3==A8s midi\r\nEND:VCARD\r\n")
    note = vcard.parse_vcard(data).contacts["notes"][0]
    assert note == "Rendez-vous au café près de l’école, après midi"


def test_an_encoded_equals_sign_is_still_read():
    """`=3D` is an `=` the text holds: only a `=` directly before another escape goes."""
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Koffi;Awa;;;\r\n"
            b"NOTE;ENCODING=QUOTED-PRINTABLE:a=3D=3Db =3D=41\r\nEND:VCARD\r\n")
    assert vcard.parse_vcard(data).contacts["notes"][0] == "a==b =A"
