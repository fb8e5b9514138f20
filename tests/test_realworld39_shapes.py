"""Shapes of docs/realworld39.md's files: vCards of webmail and groupware exporters (Roundcube,
Horde, Nextcloud/SabreDAV, from audriga/jmap-php-icalendar_vcard's test resources, MIT, copied
with their sources in tests/fixtures/realworld39/SOURCES.md) and a business's own card (from
l0b0/vcard's tests, GPL-3.0, so hand-made in its shape: tests/fixtures/realworld39/README.md)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from exports_support import run_fixtures

from pipeline.formats import vcard
from pipeline.stages.normalize import normalize_records

FIXTURES = Path(__file__).parent / "fixtures" / "realworld39"


def _contacts(monkeypatch, fast: bool, name: str) -> pl.DataFrame:
    """The file read by the per-card reader (fast=False) or the vectorised one (fast=True)."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    return vcard.parse_vcard((FIXTURES / name).read_bytes()).contacts


@pytest.mark.parametrize("fast", [False, True])
def test_a_social_handle_or_a_placeholder_is_no_web_address(monkeypatch, fast) -> None:
    """Nextcloud Contacts (SabreDAV) writes a social profile as the handle the user typed,
    `X-SOCIALPROFILE;TYPE=twitter:johndoe`, `TYPE=facebook:john.doe.123`; Horde's test card
    has `URL:MyURL`. Each was one of the person's web addresses, shown in the worksheets as a
    link to nowhere. A handle names an account on a site the value does not say, so it is no
    address; a LinkedIn handle still gives the LinkedIn profile (TYPE=linkedin names the site),
    and a host without a scheme (`inesduarte.example`), Apple's `x-apple:` and an escaped
    `http\\://` stay web addresses."""
    real = _contacts(monkeypatch, fast, "audriga_nextcloud_socialprofile.vcf")
    assert real["urls"].to_list() == [[]]
    assert real["linkedin_url"].to_list() == ["https://www.linkedin.com/in/johndoe"]
    horde = _contacts(monkeypatch, fast, "audriga_horde.vcf")
    assert horde["urls"].to_list() == [[]]
    made = _contacts(monkeypatch, fast, "social_handles.vcf")
    assert made["urls"].to_list() == [
        ["https://social.example/@inesd", "inesduarte.example"],
        ["x-apple:pietj", "http://piet.example/blog"]]
    assert made["linkedin_url"].to_list() == [
        "https://www.linkedin.com/in/ines-duarte-example", None]


@pytest.mark.parametrize("fast", [False, True])
def test_roundcube_fax_types_are_no_phones(monkeypatch, fast) -> None:
    """Roundcube (and Kolab) write their own phone kinds as the TYPE: `TEL;TYPE=workfax:00
    98765` in Roundcube's exported card was one of the person's phone numbers, where
    `TYPE=FAX` and `TYPE=pager` are none. `workfax` and `homefax` are faxes too; the home
    and mobile numbers stay."""
    real = _contacts(monkeypatch, fast, "audriga_rc-vcard.vcf")
    phones = real["phones"].to_list()[0]
    assert "00 98765" not in phones and "00 111 222 333" not in phones
    assert sorted(set(phones)) == ["0123 456 789", "555123789"]
    made = _contacts(monkeypatch, fast, "roundcube_fax_types.vcf")
    assert made["phones"].to_list() == [["+442079460131", "+447700900135"]]


@pytest.mark.parametrize("fast", [False, True])
def test_a_business_own_card_is_an_organisation_card(monkeypatch, fast) -> None:
    """A business's card as its web site offers it (l0b0/vcard's `Aspaas Sykler.vcf`, a
    Norwegian bicycle shop): `N:Aspaas Sykler;;;;`, FN and ORG the same. kith made a person
    whose family name is "Aspaas Sykler", with that name as a key. N's family name alone
    spelling the organisation, FN too (or no FN), is an organisation's card: shown by ORG, no
    name keys, its address, number and e-mail kept. A person whose family name is the firm's
    (`N:Okafor;;;;`, `FN:Ada Okafor`, `ORG:Okafor`) and a card with a given name beside an
    ORG that repeats it stay people."""
    contacts = _contacts(monkeypatch, fast, "business_own_cards.vcf").with_columns(
        source_file=pl.lit("b.vcf"), source_row=pl.int_range(pl.len()).cast(pl.Int64))
    out = normalize_records(contacts)
    assert out["display_name"].to_list() == [
        "Harbour Cycles", "Ada Okafor", "Anna Lind", "Marsh Bakery"]
    assert out["given_key"].to_list() == [None, "ada", "anna", None]
    assert out["family_key"].to_list() == [None, "okafor", "lind", None]
    assert out["org_key"].null_count() == 0
    shop = out.row(0, named=True)
    assert shop["phones_e164"] == ["+442079460123"]
    assert (shop["street"], shop["city"], shop["postcode"]) == (
        "12 Quay Street", "Bristol", "BS1 4XX")


def test_the_webmail_cards_in_one_run(tmp_path) -> None:
    """The three copied cards in one kith run: every card a record, none rejected; Horde's
    card keeps its name, organisation and title (ROLE), and Roundcube's card, whose FN is
    an e-mail address, is shown by its N ("One Test Contact"); no record keeps a handle or a
    placeholder as a web address, nor Roundcube's fax and pager among its numbers."""
    out = run_fixtures(tmp_path, FIXTURES, "audriga_horde.vcf", "audriga_rc-vcard.vcf",
                       "audriga_nextcloud_socialprofile.vcf")
    records = pl.read_parquet(out / "records.parquet").sort("source_file")
    assert records["display_name"].to_list() == [
        "MyFirstName MyMiddlename MyLastName", "John Doe", "One Test Contact"]
    assert records["organization"].to_list() == ["MyCompany", None, "Test Inc."]
    assert records["title"].to_list() == ["myRole", None, "Software Engineer"]
    assert pl.read_parquet(out / "rejects.parquet").height == 0
    assert records["urls"].to_list() == [[], [], ["examplepersonalsite.com"]]
    # Roundcube's test numbers are no valid numbers anywhere: kept as written, once each
    assert sorted(records["phones_invalid"].to_list()[2]) == ["0123 456 789", "555123789"]
