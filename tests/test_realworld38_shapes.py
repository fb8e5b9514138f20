"""Shapes of docs/realworld38.md's files and of docs/realworld37.md's two leftovers, on
hand-made fixtures with fictitious people (tests/fixtures/realworld38/README.md)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from exports_support import run_fixtures

from pipeline.formats import vcard
from pipeline.stages.normalize import normalize_records

FIXTURES = Path(__file__).parent / "fixtures" / "realworld38"


def _run(tmp_path: Path, *names: str) -> Path:
    return run_fixtures(tmp_path, FIXTURES, *names)


def test_a_row_whose_only_value_is_a_malformed_address_is_a_reject(tmp_path) -> None:
    """Curated's subscriber export (TryGhost/migrate's test file, docs/realworld37.md G02) and
    vCards holding only an EMAIL: `Oskar.Lindqvist@adv`, `priya.n.sample` and a card whose only
    line is `lena.berg-at-example.org` were people shown by the junk. Each is a reject with its
    file, row and reason; a valid address alone stays a contact, and junk beside a name or a
    phone stays with the record it belongs to (kept as written in emails_invalid)."""
    out = _run(tmp_path, "subscribers_malformed_addresses.csv", "cards_malformed_addresses.vcf")
    records = pl.read_parquet(out / "records.parquet")
    rejects = pl.read_parquet(out / "rejects.parquet").filter(pl.col("reason").str.contains(
        "only value is an e-mail address that is not a valid address"))
    got = sorted(zip(rejects["source_file"].to_list(), rejects["source_row"].to_list(),
                     strict=True))
    assert got == [("cards_malformed_addresses.vcf", 0),
                   ("subscribers_malformed_addresses.csv", 1),
                   ("subscribers_malformed_addresses.csv", 2)]
    assert sorted(rejects["excerpt"].to_list()) == [
        "Oskar.Lindqvist@adv", "lena.berg-at-example.org", "priya.n.sample"]
    kept = {(r["source_file"], r["source_row"]): r
            for r in records.iter_rows(named=True)}
    assert set(kept) == {("subscribers_malformed_addresses.csv", 0),
                         ("subscribers_malformed_addresses.csv", 3),
                         ("cards_malformed_addresses.vcf", 1),
                         ("cards_malformed_addresses.vcf", 2),
                         ("cards_malformed_addresses.vcf", 3)}
    assert kept[("cards_malformed_addresses.vcf", 2)]["display_name"] == "Ines Duarte"
    assert kept[("cards_malformed_addresses.vcf", 3)]["emails_invalid"] == ["kofi.mensah@example"]
    files = pl.read_parquet(out / "files.parquet").sort("path")
    # nothing lost: every data row is a record or a reject
    assert files.select("rows_total", "rows_records", "rows_rejected").rows() == [
        (4, 3, 1), (4, 2, 2)]


@pytest.mark.parametrize("fast", [False, True])
def test_an_apple_company_card_is_no_person(monkeypatch, fast) -> None:
    """apple/ccs-calendarserver's test card F0A6918D (docs/realworld37.md A09): `FN:Test Inc.`,
    `ORG:Test Inc.`, `N:Inc.;Test`, `X-ABShowAs:COMPANY` was a person "Test Inc." (given Test,
    family Inc.). Apple's Contacts shows such a card as its company; its N holds the company's
    words, no person's. Read as an organisation's card (no name keys, shown by ORG) by both
    readers; a company card whose N names someone else (Ada Okafor at Kestrel Tools, as
    calendarserver's FCBA0FA3 names Saeko Kawado at Snow Leopard) keeps that person's name."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    parsed = vcard.parse_vcard((FIXTURES / "apple_company_cards.vcf").read_bytes())
    contacts = parsed.contacts.with_columns(
        source_file=pl.lit("c.vcf"), source_row=pl.int_range(pl.len()).cast(pl.Int64))
    out = normalize_records(contacts)
    assert out["display_name"].to_list() == [
        "Brightwater Ltd.", "Kestrel Tools", "Ada Okafor", "Harbor Supply"]
    assert out["given_key"].to_list() == [None, None, "ada", None]
    assert out["family_key"].to_list() == [None, None, "okafor", None]
    assert out["org_key"].null_count() == 0


def test_an_oro_crm_export_gives_addresses_and_accounts_not_the_crm_organisation(
        tmp_path) -> None:
    """Oro CRM's contact export (oroinc/crm's functional test data, OSL-3.0, not copied):
    `Addresses 1 Street`, `Addresses 1 City`, `Addresses 1 Zip/Postal Code`, `Addresses 1
    Country ISO2 code` were unread, and `Organization Name` (the CRM's own organisation that
    owns every record, "OroCRM") made all contacts colleagues. The first address is read, the
    account is the organisation, and the address's own addressee (`Addresses 1 First name`
    "Receiving", `Addresses 1 Organization`) is no part of the person."""
    out = _run(tmp_path, "oro_contacts_export.csv")
    records = {r["display_name"]: r for r in
               pl.read_parquet(out / "records.parquet").iter_rows(named=True)}
    assert set(records) == {"Talia Brennan", "Emeka Obi"}
    talia, emeka = records["Talia Brennan"], records["Emeka Obi"]
    assert (talia["street"], talia["city"], talia["postcode"], talia["country"]) == (
        "40 Quarry Lane", "Rochester", "14608", "US")
    assert (emeka["street"], emeka["city"], emeka["postcode"], emeka["country"]) == (
        "via Lario 5", "Casnate", "22070", "IT")
    assert talia["organization"] == "Larkspur Foods"
    assert emeka["organization"] is None  # no account; the CRM's organisation is not his
    assert (talia["given_name"], talia["family_name"], talia["title"]) == (
        "Talia", "Brennan", "Buyer")


def test_a_chinese_name_with_additional_names_is_shown_family_first(tmp_path) -> None:
    """RFC 9554's card (fbuchner/meerkat-crm's `phonetic-n.v4.vcf`, MIT): `FN:孫中山`,
    `N;ALTID=1;LANGUAGE=zh-Hant:孫;中山;文,逸仙` and the same N's Cantonese reading. The
    additional names (other names of the person) put the display in Western order, "中山 文
    逸仙 孫". Shown family and given as FN writes it; the phonetic N is not the name; a Western
    middle name is still shown between."""
    out = _run(tmp_path, "cjk_additional_names.vcf")
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == ["王小明", "李美玲", "Anna Maria Lind"]
    assert records["family_name"].to_list() == ["王", "李", "Lind"]
    assert records["middle_name"].to_list()[0] == "文 子明"


@pytest.mark.parametrize("fast", [False, True])
def test_an_rfc_9554_social_profile_is_a_web_address(monkeypatch, fast) -> None:
    """RFC 9554's SOCIALPROFILE (fbuchner/meerkat-crm's `socialprofile.v4.vcf`, MIT), the
    standard name of Apple's X-SOCIALPROFILE, was not read: a LinkedIn profile there was lost.
    Its URIs are the person's web addresses (a LinkedIn one the LinkedIn profile); a bare
    handle (`VALUE=text:rosad84`) is none, in both readers."""
    monkeypatch.setattr(vcard, "FAST", fast)
    monkeypatch.setattr(vcard, "FAST_MIN_CHARS", 0)
    contacts = vcard.parse_vcard((FIXTURES / "socialprofile_v4.vcf").read_bytes()).contacts
    assert contacts["urls"].to_list() == [
        ["https://www.linkedin.com/in/rosa-delgado-example", "https://social.example/@rosad"],
        ["https://example.org/@piet"]]
    assert contacts["linkedin_url"].to_list() == [
        "https://www.linkedin.com/in/rosa-delgado-example", None]


def test_a_display_name_derived_from_the_job_title_is_no_person_name(tmp_path) -> None:
    """RFC 9554's `FN;DERIVED=TRUE:Research Scientist` beside `TITLE:Research Scientist`,
    `ORG:ABC, Inc.` and no N (fbuchner/meerkat-crm's `title-role.v4.vcf`, MIT) was a person
    "Research Scientist" with the name keys research/scientist. Shown by its organisation, no
    name keys, the title kept; a named card with that title keeps its name; with no
    organisation to show it by the FN stays the display (nothing shown as nobody)."""
    out = _run(tmp_path, "title_as_fn.vcf")
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == ["Fernhill Labs", "Marta Novak", "Night Nurse"]
    assert records["given_key"].to_list()[:2] == [None, "marta"]
    assert records["family_key"].to_list()[:2] == [None, "novak"]
    assert records["title"].to_list() == ["Research Scientist"] * 2 + ["Night Nurse"]
