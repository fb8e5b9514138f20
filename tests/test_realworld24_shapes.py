"""Shapes of docs/realworld24.md's real files (CRM, newsletter and web-analytics CSVs), on
hand-made fixtures with fictitious people: a hand-typed CSV with a space after each comma and
quotes after the space (Keila's "malformed" import test), a web log whose "Captured Email"
column is filled on its sign-up rows only, and a newsletter list without names holding "???"
and a `mailto:` in its e-mail column."""

from pathlib import Path

import polars as pl
from exports_support import kith_run

from pipeline import textio
from pipeline.stages.ingest_parse import parse_bytes

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def _parse(name: str):
    data = (HERE / name).read_bytes()
    return parse_bytes(data, name, "utf-8")


def test_quotes_after_a_space_are_quotes():
    """`, "Cai Ana", "Moreno", "Contoso, Ltd."`: read as values with the space before each
    quote skipped. On main the quoted comma split the row (a reject, "5 fields but the header
    has 4") and a quoted name kept its quote marks ("O'Kafor" in quotes)."""
    fmt, reason, p = _parse("hand_typed_spaced_commas.csv")
    assert fmt == "contacts_csv", reason
    assert p.rejects.height == 0
    rows = p.contacts.sort("source_row").to_dicts()
    assert [(r["given_name"], r["family_name"], r["organization"]) for r in rows] == [
        ("Ann", "Lindqvist", "Northwind"),
        ("Bo", "Ekdahl", "Fabrikam"),
        ("Cai Ana", "Moreno", "Contoso, Ltd."),
        ("Dee", "O'Kafor", "Tailspin"),
    ]
    assert [r["emails"] for r in rows][2] == ["cai.moreno@example.org"]


def test_spaced_delimiters_are_read_from_the_header_only():
    spaced = 'Email, Name\na@example.org, "Ann, B"\n'
    assert textio.spaced_delimiters(spaced, 0, ",")
    # no quote after a space: nothing to skip, the fast reader keeps the file
    assert not textio.spaced_delimiters("Email, Name\na@example.org, Ann\n", 0, ",")
    # a header without the spaces: a value's leading space and quote are the value's
    assert not textio.spaced_delimiters('Email,Name\na@example.org, "Ann"\n', 0, ",")
    table = textio.read_table(spaced, 0, ",")
    assert table.frame.select("Email", "Name").rows() == [("a@example.org", "Ann, B")]


def test_a_web_log_with_captured_addresses_is_not_contacts():
    """Three of ten page views carry an address (the sign-ups): on main each was a person and
    the seven others rejects. The reason quotes the header, not a row."""
    fmt, reason, p = _parse("web_log_captured_email.csv")
    assert p is None and fmt == "contacts_csv"
    assert reason.startswith("A log or table of events, not contacts: only 3 of its 10 rows")
    assert reason.shown == "Visitor ID,Page URL,Timestamp,UTM Source,Captured Email"


def test_lists_of_people_with_few_addresses_are_still_contacts():
    # names beside a mostly empty e-mail column: judged by the names, as before
    data = b"Name,Email,Phone\nAnn Lee,,+44 20 7946 0000\nBo Ek,,+44 20 7946 0001\n" \
        b"Cy Dunn,cy@example.org,\n"
    _fmt, reason, p = parse_bytes(data, "book.csv", "utf-8")
    assert p is not None and p.contacts.height == 3, reason
    # an address on every row and nothing else: a mailing list
    fmt, reason, p = _parse("newsletter_subscribers_no_names.csv")
    assert p is not None, reason


def test_a_question_mark_address_is_no_one_and_mailto_is_not_shown(tmp_path):
    """The newsletter list's "???" row made a person named "???" on main; `mailto:` in front of
    an address was the display name of a record named by its address."""
    kith_run(tmp_path, {"subscribers.csv": (HERE / "newsletter_subscribers_no_names.csv")
                        .read_bytes()})
    out = tmp_path / "out"
    records = pl.read_parquet(out / "records.parquet").sort("source_row")
    assert records["display_name"].to_list() == [
        "ivo.marsh@example.org", "Rue.Tallis@Example.net", "oona.pike@example.com",
        "lev.quarry@example.com", "pia.sorrel@example.net"]
    rejects = pl.read_parquet(out / "rejects.parquet")
    assert rejects["source_row"].to_list() == [4]  # the 5th row with values (",,,,," is none)
    assert rejects["reason"][0].startswith("Contact row with no name, organisation, e-mail or "
                                           "phone in the columns kith reads")
