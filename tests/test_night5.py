"""Session 19 (night5): a next-day night's memo rows in one chunk, the notes rows that may say
something picked cheaply, spliced network CSVs written with writev from the mapped old file.
Each is checked against what it replaces (the rows as read, every notes row joined, the
pieces joined)."""

from __future__ import annotations

import datetime as dt
import os

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_night3 import _people

from pipeline.incremental import worksheet_csv, worksheet_rows
from pipeline.notes import ledger

TEXTS = ("need", "offer", "next_step", "referral_status", "referred_by")


def test_memo_rows_are_read_into_one_chunk(tmp_path):
    """A memo written in several row groups (6 at a million people) is read into one chunk
    a column, the same rows (on main: a chunk per row group, which every worksheet's
    gather, filter and join then walked)."""
    rows = pl.DataFrame({"_at": pl.Series(range(40), dtype=pl.UInt32),
                         "person_id": [f"p{i:02d}" for i in range(40)],
                         "name": [f"N {i}" if i % 3 else None for i in range(40)],
                         "mail": [[f"a{i}@x.org"] if i % 2 else [] for i in range(40)]})
    lists = pl.DataFrame({"network": ["peer"] * 40, "person_id": rows["person_id"],
                          "reasons": [""] * 40})
    for rel, frame in ((worksheet_rows.MEMO_ROWS, rows), (worksheet_rows.MEMO_LISTS, lists),
                       (worksheet_rows.MEMO_NETWORKS, pl.DataFrame({"network": ["peer"]}))):
        path = tmp_path / f"{rel}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(path, row_group_size=7)
    assert pl.read_parquet(tmp_path / f"{worksheet_rows.MEMO_ROWS}.parquet") \
        ["person_id"].n_chunks() > 1
    memo = worksheet_rows.load(tmp_path)
    assert memo.rows.equals(rows) and memo.networks == ["peer"]
    assert all(memo.rows[c].n_chunks() == 1 for c in memo.rows.columns)


CELL = st.sampled_from(["", " ", "\t", "\n", "call", " x ", "=1", None])
NOTES_ROW = st.tuples(st.integers(0, 5), st.lists(CELL, min_size=5, max_size=5),
                      st.one_of(st.none(), st.just(dt.date(2025, 6, 1))))


def _notes(rows) -> pl.DataFrame:
    cols = {"person_id": [f"p{i}" for i, _, _ in rows]}
    cols |= {c: [cells[k] for _, cells, _ in rows] for k, c in enumerate(TEXTS)}
    cols["follow_up"] = [d for _, _, d in rows]
    return pl.DataFrame(cols, schema={"person_id": pl.String, **dict.fromkeys(TEXTS, pl.String),
                                      "follow_up": pl.Date})


@settings(max_examples=200, deadline=None)
@given(st.lists(NOTES_ROW, max_size=12))
def test_the_rows_picked_hold_every_row_that_says_something(rows):
    """_saying keeps every row with a follow-up, a text that is not white space, or a person
    listed twice (as the old filter did over every row), and with_evidence on it is the join
    of every notes row (text in any of the five columns, white space of any kind)."""
    notes = _notes(rows)
    text = pl.any_horizontal([pl.col(c).fill_null("").str.strip_chars() != "" for c in TEXTS])
    says = notes.filter(pl.col("follow_up").is_not_null() | text
                        | pl.col("person_id").is_duplicated())
    picked = ledger._saying(notes)
    assert says.join(picked, on=notes.columns, how="anti", nulls_equal=True).height == 0
    assert picked.join(notes, on=notes.columns, how="anti", nulls_equal=True).height == 0
    as_of = dt.date(2025, 3, 1)
    people = _people(6)
    got = ledger.with_evidence(people, notes, ledger.empty_ledger(), as_of)
    every = notes.select("person_id", _typed=pl.col("follow_up"), _noted=text,
                         _next=pl.col("next_step").fill_null("").str.strip_chars() != "")
    expected = (ledger.with_evidence(people, notes.clear(), ledger.empty_ledger(), as_of)
                .drop("_typed", "_noted", "_next", "relationship")
                .join(every, on="person_id", how="left", maintain_order="left")
                .with_columns(relationship=ledger.touch.relationship(
                    noted=pl.col("_noted"), logged=pl.col("_logged"), typed=pl.col("_typed"))))
    assert got.select(expected.columns).drop("_noted", "_next").equals(
        expected.drop("_noted", "_next"))
    for flag in ("_noted", "_next"):  # a row that says nothing joins as none (null)
        assert (got[flag].fill_null(False) == expected[flag].fill_null(False)).all()


def test_pieces_are_written_with_writev_short_writes_included(tmp_path, monkeypatch):
    """More pieces than one writev takes (bytes and memoryviews), some calls writing only
    part of what they were given: the file is the pieces joined (on main: writelines, no
    writev)."""
    pieces = []
    for i in range(2500):
        chunk = f"row {i}," * (i % 7) + "\n"
        pieces.append(memoryview(chunk.encode()) if i % 2 else chunk.encode())
    calls = []
    writev = os.writev

    def partial(fd, buffers):
        calls.append(len(buffers))
        if len(calls) % 2:  # every other call writes at most 100 bytes of its buffers
            return os.write(fd, b"".join(buffers)[:100])
        return writev(fd, buffers)

    monkeypatch.setattr(worksheet_csv.os, "writev", partial)
    path = tmp_path / "net.csv"
    worksheet_csv.write_file(path, pieces)
    assert path.read_bytes() == b"".join(pieces)
    assert calls and max(calls) <= os.sysconf("SC_IOV_MAX") and len(calls) >= 3
    assert (path.stat().st_mode & 0o777) == 0o600


def test_an_introductions_work_is_the_rows_org_title():
    """The helper's work on an introduction is the text the cards show (rows' org_title),
    made once per person, not made again from title and organisation (on main it was: a
    changed org_title did not show)."""
    from test_night_paths import _intro_inputs

    from pipeline.worksheets import enrichment

    rows, ppl, home = _intro_inputs(["acme", "initech", "hooli"])
    rows = rows.with_columns(need=pl.Series(["an intro to Initech", "", ""]),
                             org_title=pl.lit("Works at ") + pl.col("person_id"))
    empty = pl.DataFrame(schema={"person_id": pl.String})
    got = enrichment.intro_rows(rows, ppl, empty, home)
    work = dict(rows.select("person_id", "org_title").iter_rows())
    assert got.height > 0
    assert got["helper_work"].to_list() == [work[h] for h in got["helper_id"]]
