"""Shapes found in the sixth real-file collection (docs/realworld6.md), each in a fixture
with fictitious values, and the password-manager exports copied from a public repository."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.stages.ingest_parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORD_EXPORTS = sorted((FIXTURES / "realworld").glob("saveoursecrets_*.csv"))
# The secrets those files hold: none may reach any output.
SECRETS = ("XXX-MOCK-1", "XXX-MOCK-2", "Ranked5-Relock7")


def _parse(path: Path):
    fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "cp1252")
    assert parsed is not None, reason
    return fmt, parsed.contacts.sort("source_row").to_dicts(), parsed.rejects


def test_dash_placeholders_are_empty_cells():
    fmt, rows, rejects = _parse(FIXTURES / "addressbook" / "generic_dash_placeholders.csv")
    assert fmt == "contacts_csv"
    # the e-mail column is mostly "-": its addresses are still read
    assert [r["emails"] for r in rows] == [["whitelist-bot@example.org"],
                                          ["ann.example@example.com"], [], [], []]
    # "-" is no phone number (it used to sit in phones_invalid)
    assert [r["phones"] for r in rows] == [[], [], ["+44 20 7946 0958"], ["01700 900123"],
                                          ["+44 20 7946 0959"]]
    assert [r["source_row"] for r in rows] == [0, 1, 2, 4, 5]
    # the row of dashes is nobody: a reject that quotes the row as the file has it
    assert rejects["source_row"].to_list() == [3]
    assert rejects["excerpt"].to_list() == ["-,-,-,-"]


def test_phone_list_with_one_word_names_is_contacts():
    fmt, rows, rejects = _parse(FIXTURES / "addressbook" / "generic_phone_list_one_word_names.csv")
    assert fmt == "contacts_csv" and rejects.height == 0
    assert [(r["full_name"], r["phones"]) for r in rows] == [
        ("arti", ["+447700900111"]), ("Sage", ["+14155550123"]), ("Mitsue", ["+33612345678"])]


def test_phone_list_with_numbered_labels_is_contacts():
    # a bulk sender's `Name,Phone` list names its rows `UK01`, `USA02` (docs/realworld15.md,
    # F6): once refused as "no column of person names" while the same list as a vCard was read
    fmt, rows, rejects = _parse(FIXTURES / "addressbook" / "generic_phone_list_numbered_labels.csv")
    assert fmt == "contacts_csv" and rejects.height == 0
    assert [r["full_name"] for r in rows] == ["UK01", "UK02", "USA01", "USA02", "FRANCE01",
                                              "UNKNOWN01"]
    assert rows[0]["phones"] == ["+447700900101"] and rows[-1]["phones"] == ["+0"]


def test_one_word_names_without_phone_numbers_are_still_refused():
    # the phone-list rule needs numbers: a name column next to anything else proves nothing
    data = b"Name,Phone\nWidget,blue\nGadget,red\nSprocket,green\n"
    _fmt, reason, parsed = parse_bytes(data, "items.csv", "cp1252")
    assert parsed is None and "nothing says its rows are people" in reason


@pytest.mark.parametrize("path", PASSWORD_EXPORTS, ids=lambda p: p.name)
def test_password_exports_are_not_contacts(path):
    _fmt, reason, parsed = parse_bytes(path.read_bytes(), path.name, "cp1252")
    assert parsed is None
    assert reason.startswith("A password or login export")
    # the reject may quote the header, never a row
    assert reason.shown == path.read_text("utf-8").splitlines()[0].replace('"', "")


def test_no_password_reaches_any_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in PASSWORD_EXPORTS:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "book.csv").write_text("Name,Email\nAnn Example,ann@example.org\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = pl.read_parquet(out / "files.parquet")
    assert sorted(files.filter(pl.col("status") == "rejected")["path"].str.split("/")
                  .list.last().to_list()) == [p.name for p in PASSWORD_EXPORTS]
    assert pl.read_parquet(out / "records.parquet").height == 1
    rejects = pl.read_parquet(out / "rejects.parquet")
    texts = [result.output] + [str(v) for row in rejects.rows() for v in row]
    texts += [p.read_text("utf-8", errors="replace") for p in out.rglob("*")
              if p.is_file() and p.suffix in (".html", ".csv", ".json", ".jsonl", ".txt", ".md")]
    assert not [s for s in SECRETS for t in texts if s in t]


def test_n_split_word_by_word_from_a_last_first_fn_gives_way_to_fn():
    fmt, rows, _rejects = _parse(FIXTURES / "vcard" / "android_n_split_from_last_first_fn.vcf")
    assert fmt == "vcard"
    names = [(r["full_name"], r["given_name"], r["middle_name"], r["family_name"]) for r in rows]
    assert names == [
        ("Ann Example", "Ann", None, "Example"),
        # N "Q.;Moreau,;Lena" is FN cut at spaces: FN is read instead ("Last, First")
        ("Moreau, Lena Q.", None, None, None),
        # a right N next to a "Last, First" FN is kept
        ("Moreau, Lena", "Lena", None, "Moreau"),
    ]


def test_the_card_and_its_csv_twin_are_one_person(tmp_path):
    # the real pair (docs/realworld6.md R09/R10): the CSV row and the card of "Sataro, Gojo N."
    # share a number and, read alike now, a name
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("androidsms_Contacts.vcf", "androidsms_Contacts.csv"):
        (folder / name).write_bytes((FIXTURES / "realworld" / name).read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(folder), "--out", str(out), "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = pl.read_parquet(out / "records.parquet")
    gojo = records.filter(pl.col("full_name").str.contains("Gojo"))
    assert gojo.height == 2 and gojo["person_id"].n_unique() == 1
    assert set(gojo["given_clean"]) == {"Gojo"} and set(gojo["family_clean"]) == {"Sataro"}


@pytest.mark.parametrize("data", [b"First Name,Last Name,Email\n", b"Name,Email\r\n",
                                  b"\xef\xbb\xbfName;Phone;Company\n\n"])
def test_a_header_without_rows_is_said_so(data):
    # "no column of person names" would be false of a header naming them: the file is empty
    _fmt, reason, parsed = parse_bytes(data, "contacts.csv", "cp1252")
    assert parsed is None and reason == "A table with a header and no rows: no contacts in it."
