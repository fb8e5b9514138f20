"""Adversarial round 24 (docs/adversarial24.md): notes.csv and ledger.csv as a user edits
them by hand or in a spreadsheet."""

from __future__ import annotations

import codecs
import datetime as dt
import logging

import polars as pl
import pytest
from exports_support import ANN_GOOGLE, ann_and_annie, merge_ann_into_annie, run_home

from pipeline.notes import ledger, notes_file


def test_each_uncounted_ledger_line_is_named_with_its_own_reason(tmp_path, caplog):
    """A ledger saved by a European Excel (';', CRLF, BOM) with a day-first date, a kind kith
    does not know and a row without a person id: the dated rows count, and the warning names
    each uncounted line with its own reason (on main every line got the first one's)."""
    path = tmp_path / "ledger.csv"
    path.write_bytes(codecs.BOM_UTF8 + (
        b"date;person_id;name;kind;text\r\n"
        b"2026-11-01;p_1;Ann;gave;intro\r\n"
        b"25/11/2026;p_1;Ann;asked;a job\r\n"
        b"2026-11-03;p_1;Ann;hugged;?\r\n"
        b"2026-11-04;;Nobody;gave;lost\r\n"
        b"2026-11-05;p_1;Ann;talked;coffee\r\n"
        b"2026-11-06;;Nobody;asked;lost too\r\n"))
    with caplog.at_level(logging.WARNING, logger="kith"):
        frame = ledger.load_ledger(path)
    assert frame.filter(frame["problem"].is_null())["line"].to_list() == [2, 3, 6]
    assert frame["date"][1].isoformat() == "2026-11-25"
    message = " ".join(r.getMessage() for r in caplog.records)
    assert "3 entries" in message
    assert "line 4: kind is not one of gave, asked, received, talked" in message
    assert "lines 5, 7: no person_id" in message


GOOGLE = ANN_GOOGLE


def test_a_split_that_brings_a_merged_person_back_takes_their_notes_back(tmp_path):
    """Ann asked not to be contacted. A new export held one record with Ann's address and
    Annie's phone, so kith merged Ann into Annie (Ann's row moved to Annie's id, flagged).
    The export is removed: the split brings Ann back under her old id. Her row (her
    do-not-contact) goes back to her; on main it stayed on Annie's id and Ann was contactable
    again. Annie's own row stays hers."""
    exports = tmp_path / "exports"
    ann_and_annie(exports)
    ids = run_home(tmp_path, exports)
    ann, annie = ids["Ann Lee"], ids["Annie Lee-Smith"]
    path = tmp_path / "data" / "notes.csv"
    notes_file.set_note(path, ann, "Ann Lee", need="a flat in Lisbon", do_not_contact=True)
    notes_file.set_note(path, annie, "Annie Lee-Smith", need="a designer")
    merge_ann_into_annie(exports)
    merged = run_home(tmp_path, exports)
    assert ann not in merged.values()  # merged into Annie
    (exports / "c.csv").unlink()
    assert run_home(tmp_path, exports)["Ann Lee"] == ann  # the split brings her id back
    notes = notes_file.load_notes(path)
    mine = notes.filter(pl.col("person_id") == ann).row(0, named=True)
    assert (mine["need"], mine["do_not_contact"]) == ("a flat in Lisbon", True)
    assert f"back from {annie} after a split: review" in mine["kith_flag"]
    theirs = notes.filter(pl.col("person_id") == annie).row(0, named=True)
    assert (theirs["need"], theirs["do_not_contact"], theirs["note_rows"]) == (
        "a designer", False, 1)


def test_forget_removes_the_person_from_a_notes_file_excel_saved_with_semicolons(tmp_path):
    """notes.csv and ledger.csv as a European Excel saves them (';', CRLF, a BOM), the id
    column spelt "Person ID" in the ledger. `kith forget` removes the person's rows from both
    and leaves every other byte; on main it read them as comma-separated, found no person_id
    column, and the forgotten person's name and notes stayed."""
    import contextlib

    from click.testing import CliRunner

    from pipeline.cli import main

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.csv").write_text(GOOGLE + "Ann,Lee,ann@a.example,,Acme\n"
                                   "Bob,Ray,bob@b.example,,Beta\n", "utf-8")
    ids = run_home(tmp_path, exports)
    ann, bob = ids["Ann Lee"], ids["Bob Ray"]
    data = tmp_path / "data"
    notes = (f"person_id;name;need;offer;next_step;follow_up;referral_status;referred_by;"
             f"do_not_contact;kith_status;kith_flag\r\n{ann};Ann Lee;a flat in Lisbon;;;;;;;"
             f"active;\r\n{bob};Bob Ray;a job;;;;;;;active;\r\n")
    ledger_text = (f"date;Person ID;name;kind;text\r\n2026-11-01;{ann};Ann Lee;gave;intro\r\n"
                   f"2026-11-02;{bob};Bob Ray;asked;advice\r\n")
    (data / "notes.csv").write_bytes(codecs.BOM_UTF8 + notes.encode())
    (data / "ledger.csv").write_bytes(codecs.BOM_UTF8 + ledger_text.encode())
    with contextlib.chdir(tmp_path):
        res = CliRunner().invoke(main, ["forget", "Ann Lee", "--yes", "--out",
                                        str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "2 note/ledger rows removed" in res.output
    assert (data / "ledger.csv").read_bytes() == codecs.BOM_UTF8 + (
        "date;Person ID;name;kind;text\r\n"
        f"2026-11-02;{bob};Bob Ray;asked;advice\r\n").encode()
    text = (data / "notes.csv").read_bytes().decode("utf-8")
    assert "Ann Lee" not in text and "Lisbon" not in text and ann not in text
    assert text.startswith("\ufeffperson_id;name;need;") and "\r\n" in text
    assert f"{bob};Bob Ray;a job;" in text


@pytest.mark.parametrize("saved_as", ["utf-16", "cp1252"])
def test_an_entry_logged_into_a_ledger_excel_saved_in_another_encoding_reads_back(
        tmp_path, saved_as):
    """A ledger Excel saved as "Unicode text" (UTF-16, tab-separated) or in Windows-1252: the
    entry `kith log` (or serve's Gave / Talked) adds reads back exactly, and so do the rows
    before it. On main UTF-8 bytes were appended to the file: in UTF-16 the entry was
    unreadable ("no readable date", not counted), in cp1252 it read "ZoÃ«", "crÃ¨me"."""
    path = tmp_path / "ledger.csv"
    text = "date\tperson_id\tname\tkind\ttext\r\n2026-11-01\tp_1\tRenée\tgave\tintro café\r\n"
    if saved_as == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    else:
        path.write_bytes(text.replace("\t", ",").encode("cp1252"))
    ledger.append_entry(path, "p_1", "Zoë", "talked", "crème brûlée", dt.date(2026, 12, 1))
    ledger.append_entry(path, "p_1", "Zoë", "asked", "a référence", dt.date(2026, 12, 2))
    frame = ledger.load_ledger(path)
    assert frame.select("name", "kind", "text", "problem").rows() == [
        ("Renée", "gave", "intro café", None), ("Zoë", "talked", "crème brûlée", None),
        ("Zoë", "asked", "a référence", None)]


def test_a_notes_file_linked_from_a_synced_folder_stays_a_link(tmp_path):
    """notes.csv and ledger.csv kept in a synced folder (Dropbox, Nextcloud) and linked from
    the kith home: every kith write (a run's sync, `kith note`'s one-row patch and its full
    rewrite, a ledger re-key) lands in the linked file and the links stay links. On main the
    first write replaced the link with a plain file: the synced copy never saw kith's changes,
    and the user's later edits there were never read."""
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    (synced / "notes.csv").write_text("person_id,name,need\np_1,Ann Lee,a flat\n", "utf-8")
    (synced / "ledger.csv").write_text(
        "date,person_id,name,kind,text\n2026-11-01,p_9,Ann,gave,intro\n", "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    notes, led = home / "notes.csv", home / "ledger.csv"
    notes.symlink_to(synced / "notes.csv")
    led.symlink_to(synced / "ledger.csv")
    people = pl.DataFrame({"person_id": ["p_1", "p_2"], "display_name": ["Ann Lee", "Bob Ray"]})
    lineage = pl.DataFrame({"previous_person_id": ["p_9"], "person_id": ["p_1"],
                            "change": ["merged"]})
    notes_file.sync_notes(notes, people, lineage)  # adds Bob's row, re-keys the ledger
    notes_file.set_note(notes, "p_1", "Ann Lee", offer="coffee")  # the one-row patch
    notes_file.set_note(notes, "p_3", "Cy", need="a job")  # no row yet: the full rewrite
    assert notes.is_symlink() and led.is_symlink()
    frame = notes_file.load_notes(synced / "notes.csv")
    assert frame.select("person_id", "need", "offer").rows() == [
        ("p_1", "a flat", "coffee"), ("p_2", "", ""), ("p_3", "a job", "")]
    assert ledger.load_ledger(synced / "ledger.csv")["person_id"].to_list() == ["p_1"]


def test_unticking_do_not_contact_clears_it_on_every_row_of_the_person(tmp_path):
    """After a merge a person has two notes rows, and do-not-contact on either holds for
    them. Unticking it (kith serve's box, `kith note`) must clear it: on main only the
    person's own row was set to "no", the merged row's "yes" kept holding, and serve said
    "Notes saved." with the box still ticked."""
    path = tmp_path / "notes.csv"
    header = ",".join(notes_file.HEADER)
    path.write_text(f"{header}\np_1,Ann Lee,a flat,,,,,,,active,merged with p_9: review\n"
                    "p_1,Ann Lee,a job,,,,,,x,active,merged from p_9: review\n"
                    "p_2,Bob Ray,,,,,,,yes,active,\n", "utf-8")
    notes_file.set_note(path, "p_1", "Ann Lee", do_not_contact=True)
    assert notes_file.load_notes(path)["do_not_contact"].to_list() == [True, True]
    notes_file.set_note(path, "p_1", "Ann Lee", do_not_contact=False)
    frame = notes_file.load_notes(path)
    assert frame.select("person_id", "need", "do_not_contact").rows() == [
        ("p_1", "a flat / a job", False), ("p_2", "", True)]


def test_a_notes_file_with_excels_sep_line_is_read_and_keeps_it(tmp_path):
    """"sep=;" on the first line tells Excel the delimiter (users add it so a double click
    opens the file in columns). kith reads the file by it and writes the line back; on main
    the line was taken as the header, and every run stopped: "has no person_id column"."""
    path = tmp_path / "notes.csv"
    header = ";".join(notes_file.HEADER)
    path.write_bytes(f"sep=;\r\n{header}\r\np_1;Ann Lee;a flat, near the sea;;;;;;;active;\r\n"
                     .encode())
    people = pl.DataFrame({"person_id": ["p_1", "p_2"], "display_name": ["Ann Lee", "Bob Ray"]})
    frame = notes_file.sync_notes(path, people, pl.DataFrame(
        schema={"previous_person_id": pl.String, "person_id": pl.String, "change": pl.String}))
    assert frame.select("person_id", "need").rows() == [("p_1", "a flat, near the sea"),
                                                        ("p_2", "")]
    notes_file.set_note(path, "p_2", "Bob Ray", need="a job")
    ledger_path = tmp_path / "ledger.csv"
    ledger_path.write_bytes(b"sep=;\r\ndate;person_id;name;kind;text\r\n")
    ledger.append_entry(ledger_path, "p_1", "Ann Lee", "gave", "intro", dt.date(2026, 12, 1))
    assert ledger.load_ledger(ledger_path).select("person_id", "kind").rows() == [
        ("p_1", "gave")]
    assert path.read_bytes() == (
        f"sep=;\r\n{header}\r\np_1;Ann Lee;a flat, near the sea;;;;;;;active;\r\n"
        "p_2;Bob Ray;a job;;;;;;;active;\r\n").encode()
