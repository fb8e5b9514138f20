"""Shapes of docs/realworld25.md's real files (Tine 2.0's import tests: German Outlook, Das
Telefonbuch, eM Client and Mac address-book exports), on hand-made fixtures with fictitious
people: a vCard whose N holds the family name alone beside an FN that is the given name (Das
Telefonbuch) or the whole name; fax and pager TELs (WebDAV Collaborator's Outlook export)."""

from pathlib import Path

import pytest
from exports_support import kith_records

from pipeline.formats import vcard

VCARDS = Path(__file__).parent / "fixtures" / "vcard"


def _names(tmp_path: Path, name: str) -> list[tuple]:
    rec = kith_records(tmp_path, {name: (VCARDS / name).read_text("utf-8")})
    return rec.sort("source_row").select(
        "display_name", "given_clean", "family_clean", "given_key", "family_key").rows()


def test_a_lone_family_name_in_n_beside_the_full_name(tmp_path: Path) -> None:
    """`N:Brandauer` + `FN:Jonas` (Das Telefonbuch): Jonas Brandauer, not "Brandauer" with the
    given name in no key; `N:Lindqvist;;;;` + `FN:Hanna Lindqvist`: the whole name. On main
    both were shown by the family name alone (and `王小明` as 王)."""
    rows = _names(tmp_path, "telefonbuch_family_in_n_given_in_fn.vcf")
    assert rows[0] == ("Jonas Brandauer", "Jonas", "Brandauer", "jonas", "brandauer")
    assert rows[1] == ("Hanna Lindqvist", "Hanna", "Lindqvist", "hanna", "lindqvist")
    # the family name again: nothing to add
    assert rows[2] == ("Okafor", None, "Okafor", None, "okafor")
    # a full name of another family name: which one the card means cannot be told; N stays
    assert rows[3] == ("Castell", None, "Castell", None, "castell")
    assert rows[4][:3] == ("王小明", "小明", "王")



def test_a_full_name_with_a_digit_is_no_given_name(tmp_path: Path) -> None:
    """A test card's `FN:αβγ1αβγ1…` (KDE's kcontacts vcard9 in the shared corpus) or a unit's
    code beside N's family name is no given name: the card stays shown by N."""
    card = "BEGIN:VCARD\nVERSION:3.0\nN:Brandt;;;;\nFN:Unit7\nEMAIL:u7@example.org\nEND:VCARD\n"
    rec = kith_records(tmp_path, {"unit.vcf": card})
    assert rec.select("display_name", "given_key").row(0) == ("Brandt", None)


@pytest.mark.parametrize("fast", [False, True])
def test_fax_and_pager_tels_are_not_phones(fast: bool, monkeypatch) -> None:
    """`TEL;TYPE=PREF,WORK,FAX`, `TEL;WORK;FAX`, `TEL;PAGER`, `TYPE="fax,work"` are no numbers
    to call the person on (as fax and pager columns in a CSV or a Google export); a line typed
    VOICE too is. Both vCard readers alike. On main every one of them was a phone."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((VCARDS / "fax_pager_tels.vcf").read_bytes())
    phones = dict(zip(parsed.contacts["full_name"], parsed.contacts["phones"].to_list(),
                      strict=True))
    assert phones == {
        "Ilona Varga": ["+49 (040) 5550 - 11", "+49 (040) 5550 - 12"],
        "Kwame Osei": ["+49 40 5550 21", "+49 40 5550 23"],  # `FAX;VOICE`: a phone too
        "Marit Lund": ["+47 2155 0196"],  # `pager;voice`
        "Anna Szép": ["+36 20 555 0101"],  # a QP card: the Python reader's
    }
    if fast:
        assert parsed.vcard_cards[0] >= 3  # the plain cards read vectorised


def test_german_macos_address_book_addresses(tmp_path: Path) -> None:
    """The German macOS Address Book's export names its address columns "Arbeitsadresse Stadt",
    "Andere Adr. PLZ", …: read as the address (city, street, postcode, region, country). On
    main none was read; the phonetic given name and the fax stay unread."""
    book = Path(__file__).parent / "fixtures" / "addressbook" / "macos_addressbook_de.tsv"
    rec = kith_records(tmp_path, {book.name: book.read_text("utf-8")}).sort("source_row")
    got = rec.select("given_name", "city", "street", "postcode", "region", "country").rows()
    assert got == [
        ("Greta", "Kiel", "Hafenstraße 12", "24103", "Schleswig-Holstein", "Deutschland"),
        ("Tobias", "Graz", "Lindengasse 3", "8010", None, "Österreich"),
        ("Lea", None, None, None, None, None)]
    assert rec["phones"].to_list() == [["+49 431 5550 120"], ["+43 660 5550 321"],
                                       ["+41 44 555 01 23"]]
