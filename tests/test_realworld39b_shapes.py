"""Shapes of docs/realworld39b.md's files: CSV exports of Google Contacts, Outlook-shaped
tools and files named like contact exports that hold none. The real files have no licence
that allows a copy (or hold real people), so the fixtures are hand-made in their shapes:
tests/fixtures/realworld39b/README.md names the original of each."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import run_fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "realworld39b"


def _records(tmp_path: Path, name: str) -> pl.DataFrame:
    out = run_fixtures(tmp_path, FIXTURES, name)
    return pl.read_parquet(out / "records.parquet").sort("source_row")


def test_google_split_of_an_address_saved_as_the_name_is_no_name(tmp_path) -> None:
    """A contact saved under its e-mail address: Google's CSV export splits the address into
    name fields at its dots (Baneeishaque/GContacts' `google.csv`, 91 of its 2,279 rows:
    Name `aalikc@gmail.com`, Given `aalikc@gmail`, Family `com`; `…@profile. calendar.`
    split with spaces; a name typed `kumar@gmail. com`). kith showed "aalikc@gmail com"
    and keyed it as a name, so the card never joined the same person's named card with the
    same address. The pieces are no name: the card is shown by its address and merges with
    the named card. A name beside an address (Family holding the whole address), a name
    holding an "@" that makes no address of the row (`YAW IT@SCHOOL KUMASI`), and pieces
    that make an address the row does not list (`esi@mail example`, no e-mail) stay as
    typed: nothing invented."""
    rec = _records(tmp_path, "google_legacy_address_names.csv")
    shown = dict(zip(rec["source_row"], rec["display_name"], strict=True))
    assert shown[2] == "4471@profile.calendar.mail.example"
    assert shown[3] == "ama.owusu@mail.example"
    assert rec.filter(pl.col("source_row").is_in([0, 2, 3]))["name_key"].null_count() == 3
    assert rec.filter(pl.col("source_row") == 4)["given_clean"].to_list() == ["Joan"]
    assert rec.filter(pl.col("source_row") == 5)["given_clean"].to_list() == [
        "YAW IT@SCHOOL KUMASI"]
    esi = rec.filter(pl.col("source_row") == 6).row(0, named=True)
    assert esi["emails"] == [] and esi["given_name"] == "esi@mail"
    kofi = rec.filter(pl.col("source_row").is_in([0, 1]))
    assert kofi["person_id"].n_unique() == 1
    people = pl.read_parquet(tmp_path / "home" / "out" / "people.parquet")
    assert people.filter(pl.col("person_id") == kofi["person_id"][0])[
        "display_name"].to_list() == ["Kofi Mensah"]
    assert rec.height == 7 and people.height == 6


def test_google_current_layout_split_address_is_no_name(tmp_path) -> None:
    """The current Google CSV (First Name ... Labels) writes the same split into First and
    Last Name with File As empty: the card is shown by its address and joins the named card
    that lists it."""
    rec = _records(tmp_path, "google_current_address_names.csv")
    assert rec["display_name"].to_list()[0] == "lena.park@mail.example"
    assert rec["name_key"].to_list()[0] is None
    assert rec["person_id"].n_unique() == 1


def test_a_json_contact_list_is_refused_as_contacts_kith_does_not_read(tmp_path) -> None:
    """A web app's contacts.json (27ugeen/goit-node-cli, one of thousands of Node course
    repositories: `[{"id", "name", "email", "phone"}]`) was skipped as "Not a contact
    export: JSON data.", which it is. kith reads JSON only as a Telegram or Slack export, so
    it stays skipped, now with what it holds and what to do; JSON of no people keeps the
    plain sentence. Nobody is read from either."""
    from click.testing import CliRunner

    from pipeline.cli import main

    home = tmp_path / "in"
    home.mkdir()
    for name in ("node_app_contacts.json", "app_settings.json"):
        (home / name).write_bytes((FIXTURES / name).read_bytes())
    result = CliRunner().invoke(main, ["run", str(home), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert ("node_app_contacts.json: skipped, JSON data: 2 records with contact fields "
            "(email, name, phone), but kith reads JSON only as a Telegram or Slack export. "
            "Save the contacts as CSV") in result.output
    assert "app_settings.json: skipped, Not a contact export: JSON data." in result.output
    assert "Traceback" not in result.output


def test_a_statistics_table_named_outlook_is_no_headerless_contact_list(tmp_path) -> None:
    """AppleLonius/apples-express' `outlook.csv` (CC0, copied): an outlook of apple
    production, `year,2010/2011,2011/2012,...` above rows of figures. kith refused it, but
    as a file with "No header row", telling the user to add one naming Name, Company, E-mail:
    the year spans read as phone numbers, so the first row looked like data. A span of years
    is a column name: the file is refused as no contact export kith knows, and a headerless
    list whose first row holds a number is still told it has no header."""
    from pipeline.stages.ingest_parse import parse_bytes

    data = (FIXTURES / "apples_outlook.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "outlook.csv", "cp1252")
    assert parsed is None and reason.startswith("Not a recognised contact export")
    listed = b"Ada Lovelace,+44 7700 900123,Analytical Engines\nAlan Turing,+44 7700 900456,Bletchley\n"
    fmt, reason, parsed = parse_bytes(listed, "phones.csv", "cp1252")
    assert parsed is None and reason.startswith("No header row")


def test_linkedin_services_marketplace_files_are_known_files_without_contacts() -> None:
    """2025 LinkedIn exports (lac5q/job-search-dashboard, ChronoCoders/linkedin-cleaner)
    hold `Services Marketplace/Providers.csv` and `Engagements.csv`: the member's service page
    and answers, one row each with long quoted text. They were skipped as "A text document,
    not a table of contacts."; they are LinkedIn files that hold no contacts."""
    from pipeline.stages.ingest_parse import parse_bytes

    for name in ("Providers.csv", "Engagements.csv"):
        data = (FIXTURES / "Services Marketplace" / name).read_bytes()
        fmt, reason, parsed = parse_bytes(data, name, "cp1252")
        assert (fmt, reason, parsed) == (
            "linkedin_services_marketplace", "A known export file that holds no contacts.",
            None), name


def test_a_row_of_dashes_is_an_empty_row_not_values_in_unread_columns(tmp_path) -> None:
    """A Google People-API dump written as `Name,Email,Phone Number,Job Title & Company`
    with "-" for every empty cell (soorower/google_contacts_fiverr): its all-"-" row was
    rejected as holding values "in columns kith does not read (Job Title & Company)", where
    that column holds "-", which kith reads as empty. It is an empty row; a row with a real
    value in that column still names it."""
    out = run_fixtures(tmp_path, FIXTURES, "people_api_dump_dashes.csv")
    rejects = pl.read_parquet(out / "rejects.parquet").sort("source_row")
    assert rejects["source_row"].to_list() == [3, 4]
    dashes, titled = rejects["reason"].to_list()
    assert "Job Title & Company" not in dashes and dashes.startswith("Contact row with no name")
    assert "Job Title & Company" in titled
    assert pl.read_parquet(out / "records.parquet").height == 3
