"""Shapes of docs/rw40.md's files: a directory dumped by ldapsearch (SOGo's test directory), a
French contact manager's `;` export whose empty company is written "Non renseigné", contact
cards that give a name and an address in one field (`Dora <dora@…>`), and vCard 2.1 addresses
written in base64 one component at a time (Tutanota's importer tests). The originals are GPL
or carry no licence, or hold people, so the fixtures are hand-made in their shapes:
tests/fixtures/realworld40/README.md names the original of each."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import run_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "realworld40"


def _out(tmp_path: Path, *names: str) -> Path:
    return run_fixtures(tmp_path, FIXTURES, *names)


def _records(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "records.parquet").sort("source_row")


def test_ldapsearch_summary_and_references_are_no_entries(tmp_path) -> None:
    """`ldapsearch ... > users.ldif` ends with its result summary (`search: 2`, `result: 0
    Success`) and may print search references (`ref: ldap://…`) between entries. kith
    rejected the summary as an "LDIF entry without its dn: line (the file starts inside an
    entry)", at the file's end; neither is an entry. The people, the structure entries and
    the mailing list are read as before, each row accounted for."""
    out = _out(tmp_path, "ldapsearch_dump.ldif")
    rec = _records(out)
    assert rec["display_name"].to_list() == ["Ada Quill", "Ben Roe"]
    rejects = pl.read_parquet(out / "rejects.parquet")
    assert sorted(rejects["reason"].str.slice(0, 30).to_list()) == [
        "LDIF entry of the directory's ", "LDIF entry of the directory's ",
        "LDIF mailing list (groupOfName"]
    assert not rejects["excerpt"].str.contains("result:|ref:").any()


def test_a_placeholder_company_is_no_organisation(tmp_path) -> None:
    """A French contact manager's export (MERYEMELOSMANI/Gestion-des-contacts) wrote "Non
    renseigné" ("not given") as the company of 31 of its 32 rows: read as an organisation,
    every one of them was a colleague of every other. Such words for an empty field are
    missing values, as `N/A` and `NULL` are; a real company beside them is kept."""
    rec = _records(_out(tmp_path, "crm_placeholder_company.csv"))
    assert rec["organization"].to_list() == [None, None, "Atelier Idrissi", None]
    assert rec["org_key"].drop_nulls().to_list() == [rec["org_key"][2]]
    assert rec.height == 4


def test_a_name_written_with_its_address_is_the_name_and_the_e_mail(tmp_path) -> None:
    """A card saved from a message names the person as the mail header does, `Dora Lee
    <dora.lee@…>` (quoted when it holds a comma, `"Quill, Ada" <…>`). kith showed the whole
    field as the name and read no e-mail, so the card never met the same person's own card.
    The name is the part before the address, the address the card's e-mail: the two cards of
    Dora Lee are one person."""
    rec = _records(_out(tmp_path, "cards_named_with_address.vcf"))
    assert rec["display_name"].to_list() == ["Dora Lee", "Ada Quill", "Dora Lee"]
    assert rec["emails"].to_list()[:2] == [["dora.lee@mail.example"], ["ada.quill@mail.example"]]
    assert rec["person_id"][0] == rec["person_id"][2] != rec["person_id"][1]


def test_a_nickname_and_address_in_a_google_family_name(tmp_path) -> None:
    """docs/realworld39b.md S4: a Google CSV row whose Family Name is a nickname and the
    address typed after it (`nizammp3    nizammp3@gmail.com`), no e-mail column filled: the
    address was not read. It is the row's e-mail and the nickname its name; a name holding
    an "@" that ends in no address (`IT@SCHOOL KUMASI`) stays as typed, with no e-mail."""
    rec = _records(_out(tmp_path, "google_nickname_and_address.csv"))
    assert rec["emails"].to_list() == [["nizam.mp3@mail.example"], ["kwame@mail.example"], []]
    assert rec["display_name"].to_list() == ["nizam", "Kwame Boateng", "YAW IT@SCHOOL KUMASI"]


def test_a_vcard_21_address_in_base64_component_by_component(tmp_path) -> None:
    """Tutanota's importer tests (tutao/tutanota, VCardImporterTest) hold vCard 2.1 addresses
    encoded one component at a time, `ADR;ENCODING=BASE64:;;w4TDpMOkaGhtbQ==;;;;`: kith tried
    the whole value as one base64 text, which ';' is not, and lost the street. Each component
    is decoded; a value whose components are not all base64 text stays unread, as before."""
    rec = _records(_out(tmp_path, "v21_base64_address_parts.vcf"))
    assert rec["street"].to_list() == ["Schloßstraße 7", "Rua das Nações 12", None]
    assert rec["city"].to_list() == ["Köln", "Porto", None]
    assert rec["postcode"].to_list() == ["50667", None, None]
    assert rec["display_name"].to_list() == ["Lotte Brandt", "Rui Sousa", "Sven Ek"]
