"""Google CSV readers (current and legacy): golden values per quirk, detection, corpus invariant."""

from __future__ import annotations

import os
from pathlib import Path

import csvkinds
import polars as pl
import pytest

from pipeline import schema
from pipeline.formats import addressbook, google, linkedin, linkedin_activity
from pipeline.formats.base import CsvKind, Parsed
from pipeline.textio import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "google"
CORPUS = Path(os.environ.get("KITH_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
KINDS: list[CsvKind] = list(google.KINDS)
EMPTY = google.EMPTY_REASON


def detect(text: str, basename: str, kinds: list[CsvKind] = KINDS):
    return csvkinds.detect(text, basename, kinds)


def load(path: Path, kinds: list[CsvKind] = KINDS) -> tuple[str | None, Parsed | None]:
    return csvkinds.load(path, kinds)


def assert_accounted(parsed: Parsed) -> None:
    seen: dict[int, str] = {}
    for name, sch in (("contacts", schema.CONTACTS_RAW), ("interactions", schema.INTERACTIONS_RAW),
                      ("owner", schema.OWNER_RAW), ("rejects", schema.REJECTS)):
        frame: pl.DataFrame = getattr(parsed, name)
        assert frame.columns == list(sch)
        for row in frame.get_column("source_row").drop_nulls().unique().to_list():
            assert row not in seen, f"row {row} in {seen.get(row)} and {name}"
            seen[row] = name
    assert sorted(seen) == list(range(parsed.rows_total))


def parsed(name: str, expected_kind: str) -> Parsed:
    kind, result = load(FIXTURES / name)
    assert kind == expected_kind
    assert_accounted(result)
    assert set(result.contacts.get_column("source").to_list()) <= {"google"}
    assert set(result.contacts.get_column("source_format").to_list()) <= {expected_kind}
    return result


def one(frame: pl.DataFrame, source_row: int) -> dict:
    (row,) = frame.filter(pl.col("source_row") == source_row).rows(named=True)
    return row


def test_current_bom_multi_values_labels_and_primary_markers():
    p = parsed("google_current_bom.csv", "google_current")
    ana = one(p.contacts, 0)
    expected = {
        "full_name": "Beispiel, Ana",  # File As: the only display-like column in this layout
        "given_name": "Ana", "middle_name": None, "family_name": "Beispiel", "nickname": "Anni",
        "organization": "Example GmbH", "title": "CTO", "department": "R&D",
        # " ::: "-packed values split, groups in header order, "* Home" marker irrelevant here.
        "emails": ["ana@example.de", "ana2@example.de", "ana.beispiel@example.com"],
        # The "Work Fax" group is not a phone for a person.
        "phones": ["+49 170 0000000", "+49 171 0000000"],
        "urls": ["https://www.linkedin.com/in/ana-beispiel-fake", "https://ana.example"],
        "linkedin_url": "https://www.linkedin.com/in/ana-beispiel-fake",
        # "* " system markers stripped; the normalize stage drops the system labels.
        "labels": ["Familie", "myContacts", "starred"],
        "birthday": "--04-15", "city": "Berlin", "region": None, "country": "DE",
        "notes": "Met at a conference\nlikes tea", "connected_on": None, "source_file": None,
    }
    assert {k: ana[k] for k in expected} == expected


def test_current_phone_only_org_only_empty_long_notes_and_short_rows():
    p = parsed("google_current_bom.csv", "google_current")
    assert p.rows_total == 6
    phone_only = one(p.contacts, 1)
    assert (phone_only["phones"], phone_only["labels"]) == (["144"], ["myContacts"])
    assert one(p.contacts, 3)["organization"] == "ACME Corp"
    assert len(one(p.contacts, 4)["notes"]) == schema.NOTES_MAX
    ragged = one(p.contacts, 5)  # "Kurz,,Zeile": padded by the table reader
    assert (ragged["given_name"], ragged["family_name"], ragged["emails"]) == ("Kurz", "Zeile", [])
    (reject,) = p.rejects.rows(named=True)
    assert (reject["source_row"], reject["reason"]) == (2, EMPTY)
    assert reject["excerpt"].startswith(",,,,,,,,,,,,,,,,* myContacts,")
    assert len(reject["excerpt"]) <= schema.EXCERPT_MAX


def test_legacy_utf16le_groups_and_organization_groups():
    p = parsed("google_legacy_utf16le.csv", "google_legacy")
    cyr = one(p.contacts, 0)
    assert (cyr["full_name"], cyr["given_name"], cyr["family_name"]) == ("Имя Фамилия", "Имя", "Фамилия")
    assert cyr["labels"] == ["Название группы"]
    assert cyr["phones"] == ["+7 900 000-00-00"]
    assert cyr["birthday"] == "1990-01-01"
    assert cyr["city"] == "Москва"  # the first address that has a city/region/country
    nina = one(p.contacts, 1)
    expected = {
        "full_name": "Nina Example, Game studio", "given_name": "Nina", "middle_name": "Example",
        "name_suffix": "Game studio", "organization": "Example Studio", "title": "Producer",
        "department": "Games",
        "emails": ["nina@example.com", "nina2@example.com", "nina.home@example.com"],
        "labels": ["My Contacts", "Group name 1", "Starred"],
        "linkedin_url": "http://www.linkedin.com/pub/nina-example/1/2/3",
        "city": "Paris", "country": "France",
    }
    assert {k: nina[k] for k in expected} == expected
    assert p.rejects.rows() == [(None, 2, EMPTY, ",,,,,,,,,,,,,,,,,,,,,,,,,,* My Contacts" + "," * 19)]


def test_legacy_bare_star_type_and_email_only_row():
    p = parsed("google_legacy_star_type.csv", "google_legacy")
    assert p.contacts.select("full_name", "emails").rows() == [
        ("Richard Feynman", ["rich@caltech.edu"]),
        (None, ["iforgotthisguysnamebutihavehisemail@gmail.com"]),
        ("Elon Musk", ["elon.musk@tesla.com"]),
    ]


def test_current_subset_export_without_labels():
    p = parsed("google_current_subset.csv", "google_current")
    assert p.contacts.select(
        "given_name", "family_name", "organization", "title", "emails", "phones", "urls", "labels"
    ).rows() == [
        ("John", "Doe", "Acme Corp", "CEO", ["john@example.com"], ["+1-555-0123"],
         ["https://acme.example"], []),
        ("Bob", "Wilson", "Startup Inc", "Founder", ["bob@startup.example"], [], [], []),
    ]


def test_groups_are_found_by_name_not_position():
    header = ["Phone 2 - Value", "E-mail 10 - Value", "E-mail 2 - Value", "Organization 1 - Name",
              "Custom Field 1 - Label"]
    g = google.groups(header)
    assert [x["value"] for x in g["e-mail"]] == ["E-mail 2 - Value", "E-mail 10 - Value"]
    assert g["organization"] == [{"name": "Organization 1 - Name"}]
    assert g["custom field"] == [{"label": "Custom Field 1 - Label"}]


def test_detection_google_vs_others():
    assert detect("Name,Given Name,Family Name,Group Membership\n", "x.csv")[0].name == "google_legacy"
    assert detect("First Name,Last Name,Labels\n", "x.csv")[0].name == "google_current"
    # Outlook / Google "Outlook CSV" and Thunderbird layouts are the address-book reader's.
    outlook = ("First Name,Middle Name,Last Name,Title,Suffix,Initials,Web Page,Gender,Birthday,"
               "E-mail Address,E-mail 2 Address,Mobile Phone,Categories\n")
    assert detect(outlook, "contacts.csv") is None
    assert detect("First Name,Last Name,Display Name,Nickname,Primary Email\n", "x.csv") is None


def test_no_google_kind_claims_linkedin_files():
    paths = sorted((Path(__file__).parent / "fixtures" / "linkedin").glob("*.csv"))
    if (CORPUS / "linkedin").is_dir():
        paths += sorted((CORPUS / "linkedin").glob("*.csv"))
    if (CORPUS / "outlook_csv").is_dir():
        paths += sorted((CORPUS / "outlook_csv").glob("*.csv"))
    for path in paths:
        assert load(path)[0] is None, path.name


def _corpus_files() -> list[Path]:
    folder = CORPUS / "google_csv"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


@pytest.mark.skipif(not _corpus_files(), reason="corpus folder ../shared/corpus is absent")
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_file_is_recognised_and_fully_accounted(path):
    kind, result = load(path, [*KINDS, *linkedin.KINDS, *linkedin_activity.KINDS])
    assert kind in ("google_current", "google_legacy")
    assert_accounted(result)
    assert result.rows_total > 0


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.csv")) + _corpus_files(), ids=lambda p: p.name)
def test_full_registry_picks_the_google_kind(path):
    """With every reader registered (Outlook, generic CSV, LinkedIn), Google CSV stays Google."""
    registry = [*KINDS, *linkedin.KINDS, *linkedin_activity.KINDS, *addressbook.KINDS]
    assert load(path, registry)[0] == load(path)[0]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_random_cells_keep_the_row_invariant(kind):
    import csv
    import io
    import random

    rng = random.Random(kind.name)
    first = "Name,Given Name,Family Name,Group Membership" if kind.name == "google_legacy" else (
        "First Name,Last Name,File As,Organization Name,Notes,Labels")
    header = first.split(",") + [
        "E-mail 1 - Type" if kind.name == "google_legacy" else "E-mail 1 - Label",
        "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - City",
        "Address 2 - Country", "Website 1 - Value", "Organization 1 - Name"]
    cells = ["", "", "* ", "* Home", "Work Fax", "a@b.example ::: c@d.example", " ::: ",
             "* myContacts ::: x", "https://www.linkedin.com/in/x", "Berlin", "NA", "Ann"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for _ in range(300):
        writer.writerow([rng.choice(cells) for _ in header])
    assert_accounted(kind.parse(read_table(buf.getvalue(), 0, ","), "random.csv"))


def test_a_saved_login_in_notes_is_a_reject_whose_excerpt_leaves_the_password_out():
    # rw10 (a real Google Contacts CSV): Android imports web logins as name-less contacts whose
    # Notes hold "url: … username: … password: …". The row is no contact; its reject excerpt
    # kept the password (the first 200 characters of the row) in rejects.parquet.
    from pipeline.stages.ingest_parse import parse_bytes

    data = (FIXTURES / "google_legacy_notes_login.csv").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "contacts.csv", "cp1252")
    assert fmt == "google_legacy" and parsed is not None, reason
    assert parsed.contacts["given_name"].to_list() == ["Ada"]
    rejects = parsed.rejects.to_dicts()
    assert [r["source_row"] for r in rejects] == [0]
    assert "s3cret" not in rejects[0]["excerpt"]
    assert "password: [not copied]" in rejects[0]["excerpt"]
    assert "username: someone@example.com" in rejects[0]["excerpt"]  # the rest as it was
