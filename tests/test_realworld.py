"""kith on a second collection of real files (issue 11), checked against expectations that were
written down, file by file, before kith was first run on them (tests/fixtures/realworld/EXPECTED.toml;
see docs/realworld.md for the comparison and docs/realworld-uncopied.md for the files whose
licences keep them out of the repository).

kith reads the whole folder once, as a user would point it at a downloads folder, so the
non-contact files (calendars, JSON, XML, HTML, prose, this folder's own TOML and Markdown) sit
next to the address books. Cases where kith disagrees today are strict xfails: the ones that
belong to issue 11's ingest classes flip when that work lands, the others are new findings.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main

FOLDER = Path(__file__).resolve().parent / "fixtures" / "realworld"
EXPECTED = tomllib.loads((FOLDER / "EXPECTED.toml").read_text(encoding="utf-8"))["file"]
CSV_HEADER_MESSAGE = "Not a recognised contact export: no header row"

# Where kith disagrees with the expectation today, and why.
KNOWN_DISAGREEMENTS = {
    "chatwoot_existing_contacts.csv":
        "issue 11: lowercase/snake_case generic CSV header (first_name,last_name,email) refused",
    "vcardlib_vcardcollection1.vcf":
        "new, not issue 11: 'END:VCARDBEGIN:VCARD' on one line (cards concatenated without a "
        "final newline) is read as one card, so the second card is merged into the first",
    "vcardlib_version21.vcf":
        "new, not issue 11: any KIND:GROUP line makes a card a group, even after KIND:INDIVIDUAL "
        "on a card with a person's name and e-mail and no MEMBER",
}


def _case(entry: dict):
    reason = KNOWN_DISAGREEMENTS.get(entry["path"])
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(entry, id=entry["path"], marks=marks)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("realworld") / "out"
    result = CliRunner().invoke(main, ["run", str(FOLDER), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    tables = {name: pl.read_parquet(out / f"{name}.parquet")
              for name in ("files", "records", "rejects", "interactions")}
    tables["files"] = tables["files"].with_columns(
        name=pl.col("path").str.split("/").list.last())
    return tables


def _of(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    return frame.filter(pl.col("source_file").str.split("/").list.last() == name)


def test_every_file_has_an_expectation(run):
    names = set(run["files"]["name"]) - {"EXPECTED.toml", "SOURCES.md"}
    assert names == {entry["path"] for entry in EXPECTED}


@pytest.mark.parametrize("entry", [_case(e) for e in EXPECTED])
def test_file_matches_expectation(run, entry):
    name = entry["path"]
    file_row = run["files"].filter(pl.col("name") == name).row(0, named=True)
    records = _of(run["records"], name)
    rejects = _of(run["rejects"], name)
    interactions = _of(run["interactions"], name)
    email_keys = {key for keys in records["email_keys"].to_list() for key in keys or []}
    row_rejects = rejects.filter(pl.col("source_row").is_not_null())

    assert records.height == entry["contacts"]
    assert email_keys == set(entry["emails"])
    assert len(entry["emails"]) == entry.get("email_count", len(entry["emails"]))
    assert interactions.height == entry.get("interactions", 0)
    if entry["status"] == "not-ingested":
        assert file_row["status"] in ("skipped", "rejected")
        assert row_rejects.height == 0
    else:
        assert file_row["status"] == "ingested"
        assert row_rejects.height == entry["rejects"]
        # Nothing lost: every card or data row is in exactly one place.
        placed = (file_row["rows_records"] + file_row["rows_interactions"]
                  + file_row["rows_owner"] + file_row["rows_rejected"])
        assert placed == file_row["rows_total"]


@pytest.mark.xfail(strict=True, reason="issue 11: a non-contact file is read as CSV when one of "
                   "its lines looks like a header (here a TOML comment mentioning 'email keys')")
def test_a_toml_file_in_the_folder_gives_no_people(run):
    assert _of(run["records"], "EXPECTED.toml").height == 0
    assert run["files"].filter(pl.col("name") == "EXPECTED.toml")["status"].item() != "ingested"


def test_a_markdown_file_in_the_folder_is_skipped(run):
    assert run["files"].filter(pl.col("name") == "SOURCES.md")["status"].item() == "skipped"
    assert _of(run["records"], "SOURCES.md").height == 0


@pytest.mark.xfail(strict=True, reason="issue 11: calendars (.ics) are rejected with the CSV "
                   "'no header row' message instead of being recognised as calendars")
@pytest.mark.parametrize("name", ["icalrs_ical_input.ics", "icalrs_o365_meeting.ics",
                                  "vobject_simple_test.ics"])
def test_a_calendar_is_not_judged_as_a_csv(run, name):
    reason = run["files"].filter(pl.col("name") == name)["reason"].item() or ""
    assert CSV_HEADER_MESSAGE not in reason


@pytest.mark.xfail(strict=True, reason="issue 11: an obvious vCard that cannot be read (BEGIN line "
                   "missing) is rejected with the CSV message, which tells the user nothing")
def test_a_vcard_without_begin_gets_a_vcard_reason(run):
    reason = run["files"].filter(pl.col("name") == "vcardlib_invalid.vcf")["reason"].item() or ""
    assert "vcard" in reason.lower() and CSV_HEADER_MESSAGE not in reason


@pytest.mark.xfail(strict=True, reason="new, not issue 11: seven junk content lines in a .vcf "
                   "(first line 'NAME;ARG=...') are recognised as LinkedIn's Skills.csv")
def test_junk_vcf_lines_are_not_a_linkedin_file(run):
    fmt = run["files"].filter(pl.col("name") == "icalrs_property_error.vcf")["format"].item()
    assert not fmt.startswith("linkedin")
