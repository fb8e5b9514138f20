"""notes.csv: the user's cells survive every sync (new, gone, merged, split people)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import stat

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.notes import userfile, userrows
from pipeline.notes.notes_file import HEADER, NotesError, load_notes, set_note, sync_notes


def people(*pairs: tuple[str, str]) -> pl.DataFrame:
    frame = pl.DataFrame({"person_id": [p for p, _ in pairs],
                          "display_name": [n for _, n in pairs]}, schema={
        "person_id": pl.String, "display_name": pl.String})
    return schema.conform(frame, schema.PEOPLE)


def lineage(*rows: tuple[str, str | None, str]) -> pl.DataFrame:
    return pl.DataFrame({"previous_person_id": [r[0] for r in rows],
                         "person_id": [r[1] for r in rows], "change": [r[2] for r in rows]},
                        schema=schema.LINEAGE)


NO_LINEAGE = schema.empty(schema.LINEAGE)


def read_rows(path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def user_cells(path) -> list[tuple[str, str]]:
    """Every non-empty cell outside kith's columns, as (column, value), sorted."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    own = {"person_id", "name", "kith_status", "kith_flag"}
    out = []
    for row in rows[1:]:
        for i, value in enumerate(row):
            col = header[i] if i < len(header) else f"#{i}"
            if col not in own and value:
                out.append((col, value))
    return sorted(out)


def type_into(path, edits: dict[str, dict[str, str]], extra_header: str | None = None,
              ragged: str | None = None) -> None:
    """What a user does in a spreadsheet: type into cells, add a column, save."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    if extra_header:
        header.append(extra_header)
    for row in rows[1:]:
        row.extend([""] * (len(header) - len(row)))
        for col, value in edits.get(row[0], {}).items():
            row[header.index(col)] = value
    if ragged:
        rows[1].append(ragged)  # a cell typed beyond the last column
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(codecs.BOM_UTF8 + buf.getvalue().encode("utf-8"))


FULL = {"need": "a PM role in Berlin", "offer": "intro to Ana", "next_step": "coffee in May",
        "follow_up": "3/1/2026", "referral_status": "agreed", "referred_by": "Bob Roe",
        "do_not_contact": ""}


def test_first_sync_creates_private_file_with_a_row_per_person(tmp_path):
    path = tmp_path / "data" / "notes.csv"
    frame = sync_notes(path, people(("p_a", "Ann Lee"), ("p_b", "=HYPERLINK(1)")), NO_LINEAGE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(codecs.BOM_UTF8)  # Excel reads the accents right
    rows = read_rows(path)
    assert list(rows[0]) == list(HEADER)
    assert [r["person_id"] for r in rows] == ["p_b", "p_a"] or [r["person_id"] for r in rows] \
        == ["p_a", "p_b"]
    by_id = {r["person_id"]: r for r in rows}
    assert by_id["p_b"]["name"] == "'=HYPERLINK(1)"  # kith-written cells are formula-safe
    assert set(frame["person_id"]) == {"p_a", "p_b"}
    assert frame.filter(pl.col("person_id") == "p_b")["name"][0] == "=HYPERLINK(1)"


def test_resync_with_changed_people_keeps_every_user_cell(tmp_path):
    path = tmp_path / "notes.csv"
    before = people(("p_a", "Ann Lee"), ("p_b", "Bob Roe"), ("p_c", "Cy Doe"),
                    ("p_d", "Di Fox"), ("p_e", "Ed Gray"))
    sync_notes(path, before, NO_LINEAGE)
    typed = {pid: {k: f"{v} ({pid})" if k not in ("follow_up", "do_not_contact") else v
                   for k, v in FULL.items()} for pid in ("p_a", "p_b", "p_c", "p_d", "p_e")}
    typed["p_d"]["do_not_contact"] = "yes"
    type_into(path, typed, extra_header="my own column", ragged="typed past the end")
    type_into(path, {"p_c": {"my own column": "kept too"}})
    cells_before = user_cells(path)

    # Bob merged into Cy; Di is gone; Ed split into Ed (keeps the id) and Flo; Gus is new.
    after = people(("p_a", "Ann Lee"), ("p_c", "Cy Doe"), ("p_e", "Ed Gray"),
                   ("p_f", "Flo Hart"), ("p_g", "Gus Ito"))
    lin = lineage(("p_a", "p_a", "same"), ("p_b", "p_c", "merged"), ("p_c", "p_c", "merged"),
                  ("p_d", None, "gone"), ("p_e", "p_e", "split"), ("p_e", "p_f", "split"))
    frame = sync_notes(path, after, lin)

    assert user_cells(path) == cells_before  # not one typed cell changed, moved column or lost
    rows = read_rows(path)
    by_id: dict[str, list[dict]] = {}
    for r in rows:
        by_id.setdefault(r["person_id"], []).append(r)
    # the merged-away row now belongs to the survivor, both flagged for review
    assert len(by_id["p_c"]) == 2 and "p_b" not in by_id
    flags = sorted(r["kith_flag"] for r in by_id["p_c"])
    assert flags == ["merged from p_b: review", "merged with p_b: review"]
    assert {r["need"] for r in by_id["p_c"]} == {"a PM role in Berlin (p_b)",
                                                 "a PM role in Berlin (p_c)"}
    # gone: kept and marked
    assert by_id["p_d"][0]["kith_status"] == "gone"
    assert by_id["p_d"][0]["need"] == "a PM role in Berlin (p_d)"
    # split: notes stay with the part that keeps the id; the new part starts blank
    assert by_id["p_e"][0]["need"] == "a PM role in Berlin (p_e)"
    assert by_id["p_e"][0]["kith_flag"] == "split (also p_f): review"
    assert by_id["p_f"][0]["need"] == "" and by_id["p_g"][0]["need"] == ""
    # the returned frame: one row per person, merged notes shown together
    c = frame.filter(pl.col("person_id") == "p_c").row(0, named=True)
    assert c["note_rows"] == 2 and "(p_b)" in c["need"] and "(p_c)" in c["need"]
    assert c["follow_up"] == dt.date(2026, 3, 1)
    assert frame.filter(pl.col("person_id") == "p_d")["do_not_contact"][0] is True


def test_sync_is_idempotent_and_does_not_rewrite_an_unchanged_file(tmp_path):
    path = tmp_path / "notes.csv"
    ppl = people(("p_a", "Ann Lee"), ("p_b", "Bob Roe"))
    sync_notes(path, ppl, NO_LINEAGE)
    type_into(path, {"p_a": {"need": "x"}})
    lin = lineage(("p_b", "p_a", "merged"))
    sync_notes(path, people(("p_a", "Ann Lee")), lin)
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    os.utime(path, ns=(mtime - 10**9, mtime - 10**9))
    sync_notes(path, people(("p_a", "Ann Lee")), lin)  # same lineage again: nothing to do
    assert path.read_bytes() == first
    assert path.stat().st_mtime_ns == mtime - 10**9


def test_blank_rows_are_dropped_not_carried(tmp_path):
    path = tmp_path / "notes.csv"
    sync_notes(path, people(("p_a", "Ann"), ("p_b", "Bob"), ("p_c", "Cy")), NO_LINEAGE)
    sync_notes(path, people(("p_a", "Ann")),
               lineage(("p_b", "p_a", "merged"), ("p_c", None, "gone")))
    assert [r["person_id"] for r in read_rows(path)] == ["p_a"]
    assert read_rows(path)[0]["kith_flag"] == ""  # nothing moved in: nothing to review


def test_spreadsheet_dialect_is_preserved(tmp_path):
    """A German Excel saves with semicolons, CRLF and cp1252; the file stays semicolon/CRLF."""
    path = tmp_path / "notes.csv"
    text = ("person_id;Name;Need;Next step;follow_up;kith_status;kith_flag;Mein Feld\r\n"
            "p_a;Ann;Stelle in München;Kaffee;01.03.2026;active;;privat\r\n")
    path.write_bytes(text.encode("cp1252"))
    frame = sync_notes(path, people(("p_a", "Ann"), ("p_b", "Bea")), NO_LINEAGE)
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    decoded = raw.decode("utf-8-sig")
    assert decoded.startswith("person_id;Name;Need;Next step;follow_up;kith_status;kith_flag;"
                              "Mein Feld;offer;")
    assert "p_a;Ann;Stelle in München;Kaffee;01.03.2026;active;;privat" in decoded
    assert "\r\n" in decoded
    a = frame.filter(pl.col("person_id") == "p_a").row(0, named=True)
    assert a["need"] == "Stelle in München" and a["follow_up"] == dt.date(2026, 3, 1)


def test_a_file_without_person_id_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,need\nAnn,job\n", "utf-8")
    with pytest.raises(NotesError, match="person_id"):
        sync_notes(path, people(("p_a", "Ann")), NO_LINEAGE)
    assert path.read_text("utf-8") == "name,need\nAnn,job\n"


def test_a_row_added_by_hand_adopts_the_id_of_an_unambiguous_name(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("person_id,name,need\n,Ann Lee,a job\n,Jan Smith,advice\n", "utf-8")
    sync_notes(path, people(("p_a", "Ann Lee"), ("p_j1", "Jan Smith"), ("p_j2", "Jan Smith")),
               NO_LINEAGE)
    rows = read_rows(path)
    assert rows[0]["person_id"] == "p_a" and rows[0]["need"] == "a job"
    assert rows[1]["person_id"] == "" and rows[1]["need"] == "advice"  # ambiguous: left alone
    assert rows[1]["kith_status"].startswith("no person_id")


def test_unreadable_date_is_reported_in_the_status_not_rewritten(tmp_path):
    path = tmp_path / "notes.csv"
    sync_notes(path, people(("p_a", "Ann")), NO_LINEAGE)
    type_into(path, {"p_a": {"follow_up": "next tuesday"}})
    frame = sync_notes(path, people(("p_a", "Ann")), NO_LINEAGE)
    row = read_rows(path)[0]
    assert row["follow_up"] == "next tuesday"
    assert "not a date" in row["kith_status"]
    assert frame["follow_up"][0] is None and frame["follow_up_text"][0] == "next tuesday"


def test_combine_rules_for_two_rows_of_one_person(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(
        "person_id,name,need,follow_up,referral_status,do_not_contact\n"
        "p_a,Ann,job,2026-05-01,asked,\n"
        "p_a,Ann,job,2026-04-01,submitted on 3 May,no\n"
        "p_b,Bob,,,,x\n", "utf-8")
    frame = load_notes(path)
    a = frame.filter(pl.col("person_id") == "p_a").row(0, named=True)
    assert a["need"] == "job"  # the same text twice is shown once
    assert a["follow_up"] == dt.date(2026, 4, 1)
    assert a["referral_stage"] == "submitted"
    assert a["do_not_contact"] is False
    assert frame.filter(pl.col("person_id") == "p_b")["do_not_contact"][0] is True


def test_set_note_writes_user_cells_and_reports_what_it_replaced(tmp_path):
    path = tmp_path / "notes.csv"
    assert set_note(path, "p_a", "Ann", need="=1+1", follow_up=dt.date(2026, 1, 2),
                    do_not_contact=True) == {}
    row = read_rows(path)[0]
    assert row["need"] == "'=1+1" and row["follow_up"] == "2026-01-02"
    assert row["do_not_contact"] == "yes"
    assert load_notes(path)["need"][0] == "=1+1"
    assert set_note(path, "p_a", "Ann", need="a job", offer=None) == {"need": "=1+1"}
    with pytest.raises(ValueError):
        set_note(path, "p_a", "Ann", kith_flag="x")


def test_set_note_after_a_merge_edits_the_persons_own_row(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("person_id,name,need,kith_flag\n"
                    "p_a,Ann,from Bob's row,merged from p_b: review\n"
                    "p_a,Ann,Ann's own,merged with p_b: review\n", "utf-8")
    set_note(path, "p_a", "Ann", next_step="call")
    rows = read_rows(path)
    assert rows[0]["next_step"] == "" and rows[1]["next_step"] == "call"


def test_a_spreadsheet_save_during_an_update_is_not_overwritten(tmp_path, monkeypatch):
    """The file changes between kith's read and its rename: kith re-reads and re-applies."""
    path = tmp_path / "notes.csv"
    sync_notes(path, people(("p_a", "Ann")), NO_LINEAGE)
    real_write = userfile.write_bytes  # both the full rewrite and the one-row patch
    calls = []

    def racing_write(p, payload, expected):
        if not calls:
            type_into(path, {"p_a": {"need": "typed meanwhile"}})
        calls.append(1)
        return real_write(p, payload, expected)

    monkeypatch.setattr(userfile, "write_bytes", racing_write)
    monkeypatch.setattr(userrows, "write_bytes", racing_write)
    set_note(path, "p_a", "Ann", offer="help")
    row = read_rows(path)[0]
    assert len(calls) == 2
    assert row["need"] == "typed meanwhile" and row["offer"] == "help"


@pytest.mark.parametrize("text,expected", [
    ("2026-03-01", dt.date(2026, 3, 1)), ("3/1/2026", dt.date(2026, 3, 1)),
    ("01.03.2026", dt.date(2026, 3, 1)), ("25/12/2026", dt.date(2026, 12, 25)),
    ("1 Mar 2026", dt.date(2026, 3, 1)), ("2026-03-01 00:00:00", dt.date(2026, 3, 1)),
    ("", None), ("soon", None),
])
def test_typed_dates(text, expected):
    assert userfile.parse_cell_date(text) == expected


def test_cells_kith_writes_are_formula_safe_and_read_back_as_typed():
    assert userfile.for_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert userfile.for_cell("+1 415 555 0134") == "+1 415 555 0134"
    assert userfile.from_cell("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert userfile.from_cell("'quoted") == "'quoted"
    assert userfile.parse_flag("yes - moved on") and not userfile.parse_flag(" No ")
    assert userfile.referral_stage("Outcome: offer!") == "outcome"


_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | \
    st.sampled_from(["", " ", '"', ",", ";", "a;b", 'say "hi"', "line\nbreak", "cr\rx", "\r\n",
                     "=1+1", " lead", "trail ", "'quoted'", "\t"])


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_CELL, min_size=1, max_size=6), delimiter=st.sampled_from([",", ";", "\t"]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_rows_added_in_bulk_are_written_as_the_csv_module_writes_them(names, delimiter, newline):
    """New people's rows are written by polars, the user's by the csv module: both must give
    the same file, whatever the names hold and whatever dialect the user's file has."""
    header = ["person_id", "name", "need", "kith_status", "extra"]
    bulk = userfile.Table(list(header), [["p_0", "Ann", "x", "active", "mine"]], delimiter,
                          newline=newline)
    by_row = bulk.copy()
    frame = pl.DataFrame({"person_id": [f"p_{i + 1}" for i in range(len(names))],
                          "name": names, "kith_status": ["active"] * len(names)})
    bulk.append_rows(frame)
    by_row.rows += [by_row.new_row(person_id=p, name=n, kith_status="active")
                    for p, n in frame.select("person_id", "name").rows()]
    assert bulk.text() == by_row.text()
    assert bulk.column("name").to_list() == by_row.column("name").to_list() == ["Ann", *names]


def test_a_planned_sync_keeps_an_edit_made_before_it_is_written(tmp_path):
    """A run works the sync out, publishes, then writes; a note saved in between survives."""
    from pipeline.notes.notes_file import commit_sync, plan_sync

    path = tmp_path / "notes.csv"
    sync_notes(path, people(("p_a", "Ann Lee")), NO_LINEAGE)
    pending = plan_sync(path, people(("p_a", "Ann Lee"), ("p_b", "Bob Roe")), NO_LINEAGE)
    assert b"Bob Roe" not in path.read_bytes()  # nothing written yet
    set_note(path, "p_a", "Ann Lee", need="a data engineer")
    commit_sync(pending)
    text = path.read_text("utf-8-sig")
    assert "a data engineer" in text and "Bob Roe" in text
    assert pending.notes["person_id"].to_list() == ["p_a", "p_b"]
