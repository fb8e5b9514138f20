"""Shapes of docs/rw41.md's files: Yahoo Mail's contact exports (CSV and vCard 2.1), which
write an apostrophe as an HTML character reference. The originals carry no licence and hold a
class reunion's real people, so the fixtures are hand-made in their shapes:
tests/fixtures/realworld41/README.md names the original of each."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import run_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "realworld41"


def _out(tmp_path: Path, *names: str) -> Path:
    return run_fixtures(tmp_path, FIXTURES, *names)


def _records(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "records.parquet").sort("source_row")


def test_yahoo_csv_html_references_are_the_characters(tmp_path) -> None:
    """Yahoo's CSV export writes `O&#39;Quill` and `Abbot&#39;s Way` (docs/rw41.md B1):
    kith showed the name as typed, `&#39;` and all. A numeric character reference is the
    character it names, in every column (the note's `won&#39;t` too)."""
    rec = _records(_out(tmp_path, "yahoo_html_apostrophes.csv"))
    assert rec["display_name"].to_list() == ["Nora O'Quill", "Ben Roe", "Ada Fenn & Co"]
    assert rec["family_name"].to_list() == ["O'Quill", "Roe", "Fenn & Co"]
    assert rec["street"][0] == "12 Abbot's Way"
    assert rec["notes"][1] == "won't use email"


def test_yahoo_vcard_html_references_do_not_split_components(tmp_path) -> None:
    """Yahoo's vCard 2.1 export writes the same references inside N and ADR (docs/rw41.md
    B2), where their ';' is the components' separator: `N:O&#39;Quill;Nora;;;` was read as the
    family name `O&#39` and the given name `Quill`, the street `12 Abbot&#39` in the city
    `s Way`. The reference is one character; one naming ';' stays inside its component."""
    rec = _records(_out(tmp_path, "yahoo_html_apostrophes.vcf"))
    assert rec["display_name"].to_list() == ["Nora O'Quill", "Ben Roe"]
    assert rec["given_name"].to_list() == ["Nora", "Ben"]
    assert rec["family_name"].to_list() == ["O'Quill", "Roe"]
    assert (rec["street"][0], rec["city"][0], rec["postcode"][0]) == (
        "12 Abbot's Way", "Milton", "02186")
    assert rec["organization"][1] == "Fenn; Roe & Co"
    assert rec["notes"][1] == "won't use email"


def test_german_thunderbird_csv_addresses_title_and_birthday(tmp_path) -> None:
    """German Thunderbird's CSV export (docs/rw41.md B15) names its addresses `Privat: Ort`,
    `Dienstlich: PLZ`, the job title `Arbeitstitel`, and the birthday's day `Geburtstag` beside
    `Geburtsjahr` and `Geburtsmonat`. kith read no address, the job title as a phone number
    (its key ends in "tel"), and the day alone as the birthday ("12")."""
    rec = _records(_out(tmp_path, "thunderbird_de.csv"))
    assert rec["display_name"].to_list() == ["Erika Quill", "Max Roe"]
    assert rec["title"].to_list() == ["Projektleiterin", "Einkauf"]
    assert rec["birthday"].to_list() == ["1964-08-12", "--03-04"]
    assert rec["street"].to_list() == ["Heidestraße 17", "Marienplatz 8"]
    assert rec["city"].to_list() == ["Köln", "München"]
    assert rec["postcode"].to_list() == ["51147", "80331"]
    assert rec["phones_e164"].to_list() == [["+49301234567"], ["+49899876543"]]


def test_german_outlook_geburtstag_stays_the_birthday() -> None:
    """Beside no month column "Geburtstag" is German Outlook's whole birthday, as before."""
    from pipeline.formats.csvheaders import column_map
    cmap = column_map(["Vorname", "Nachname", "Geburtstag", "Titel", "Hotel"])
    assert cmap["birthday"] == ["Geburtstag"]
    assert cmap["name_prefix"] == ["Titel"]
    assert "phones" not in cmap


def test_polish_m365_users_csv_address_and_department(tmp_path) -> None:
    """Microsoft 365's "add multiple users" CSV in Polish (docs/rw41.md B14): the address
    columns `Adres`, `Miejscowość`, `Województwo`, `Kod pocztowy`, `Kraj lub region`, the
    department `Dział` and the office phone `Telefon w biurze` were unread. The fax stays
    unread; the sign-in name (`Nazwa użytkownika`) stays a login, not an e-mail."""
    rec = _records(_out(tmp_path, "m365_users_pl.csv"))
    assert rec["display_name"].to_list() == ["Jan Quill", "Ada Roe"]
    assert rec["department"].to_list() == ["Matematyka", None]
    assert rec["street"].to_list() == ["Jana Matejki 1"] * 2
    assert rec["city"].to_list() == ["Koronowo"] * 2
    assert rec["region"].to_list() == ["kujawsko-pomorskie"] * 2
    assert rec["postcode"].to_list() == ["89-215"] * 2
    assert rec["country"].to_list() == ["Polska"] * 2
    assert rec["phones_e164"].to_list() == [["+48523820000"], []]


def test_brevo_sms_and_landline_columns_are_phones(tmp_path) -> None:
    """Brevo's contact columns `SMS` and `LANDLINE_NUMBER` (docs/rw41.md B7) hold the
    contact's mobile and landline; kith listed both as unread and the contacts had no
    number."""
    rec = _records(_out(tmp_path, "brevo_contacts.csv"))
    assert rec["phones_e164"].to_list() == [["+442079460123", "+442079460000"],
                                            ["+442079460456"]]
