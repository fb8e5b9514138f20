"""set_note's fast path (one row of a big notes file patched in place, so saving a note from
kith serve stays fast at 100,000 people) against the full rewrite: the same notes, on files
with quotes, delimiters, newlines inside cells, semicolons, CRLF and merged rows."""

from __future__ import annotations

import csv
import io

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.notes import notes_file, userrows

HEADER = list(notes_file.HEADER)
# (no bare CR in a cell: the csv module writes it unquoted, which no reader reads back)
cell = st.text(alphabet=st.sampled_from(list('ab ,;"\n\'=p_1')), max_size=8)


def _write(path, rows, delimiter=",", newline="\n", bom=True) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(HEADER)
    w.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))


@st.composite
def notes_files(draw):
    n = draw(st.integers(1, 6))
    ids = [f"p_{i}" for i in range(n)]
    rows = []
    for pid in draw(st.lists(st.sampled_from(ids), min_size=1, max_size=8)):
        row = [pid, draw(cell)] + [draw(cell) for _ in HEADER[2:]]
        row[HEADER.index("follow_up")] = draw(st.sampled_from(["", "2026-01-02", "x"]))
        row[HEADER.index("kith_flag")] = draw(st.sampled_from(["", "merged from p_9: review"]))
        rows.append(row)
    target = draw(st.sampled_from(ids))
    return rows, target, draw(st.sampled_from([",", ";"])), draw(st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=150, deadline=None)
@given(notes_files(), cell, st.booleans())
def test_the_fast_path_gives_the_same_notes_as_the_full_rewrite(tmp_path_factory, drawn, need,
                                                                dnc):
    rows, target, delimiter, newline = drawn
    folder = tmp_path_factory.mktemp("notes")
    fast, full = folder / "fast.csv", folder / "full.csv"
    for path in (fast, full):
        _write(path, rows, delimiter, newline)
    replaced_fast = notes_file.set_note(fast, target, "T", need=need, do_not_contact=dnc)
    original = userrows.update_rows
    try:
        userrows.update_rows = lambda *a, **k: None  # force the full path
        notes_file.update_rows = userrows.update_rows
        replaced_full = notes_file.set_note(full, target, "T", need=need, do_not_contact=dnc)
    finally:
        userrows.update_rows = original
        notes_file.update_rows = original
    assert replaced_fast == replaced_full
    a, b = notes_file.load_notes(fast), notes_file.load_notes(full)
    assert a.equals(b)
    # every other person's rows are exactly as they were
    others = [r for r in rows if r[0] != target]
    for path in (fast, full):
        text = path.read_bytes().decode("utf-8-sig")
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert parsed[0] == HEADER
        assert [r for r in parsed[1:] if r[0] != target] == others


def test_a_row_found_only_inside_a_quoted_multiline_cell_is_not_patched(tmp_path):
    path = tmp_path / "notes.csv"
    # p_b's id appears at the start of a line that is inside p_a's quoted need cell
    rows = [["p_a", "A", "line one\np_b,fake", "", "", "", "", "", "", "active", ""],
            ["p_b", "B", "", "", "", "", "", "", "", "active", ""]]
    _write(path, rows)
    notes_file.set_note(path, "p_b", "B", need="real")
    notes = notes_file.load_notes(path)
    got = dict(zip(notes["person_id"], notes["need"], strict=True))
    assert got == {"p_a": "line one\np_b,fake", "p_b": "real"}


def test_a_new_person_and_a_file_without_the_columns_take_the_full_path(tmp_path):
    path = tmp_path / "notes.csv"
    _write(path, [["p_a", "A", "", "", "", "", "", "", "", "active", ""]])
    notes_file.set_note(path, "p_new", "New", need="x")
    assert notes_file.load_notes(path).filter(pl.col("person_id") == "p_new")["need"][0] == "x"
    path.write_text("person_id,name,need\np_a,A,old\n", "utf-8")
    notes_file.set_note(path, "p_a", "A", offer="y")
    got = notes_file.load_notes(path).row(0, named=True)
    assert (got["need"], got["offer"]) == ("old", "y")
    assert "offer" in path.read_text("utf-8").splitlines()[0]
