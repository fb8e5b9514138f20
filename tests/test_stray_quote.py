"""A stray quote typed at the start of a cell (`"Bob` in a hand-edited Google CSV) opened a
quoted cell no quote closed: the CSV parser read every later line of the file into that one
cell, and kith made one person of "Bob,Lee20,p20@…\\nAnn21,…" and lost the 19 people after it
without a reject (pipeline.csvrepair.stray_quote_rows). Fixtures written for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.textio import read_table

HEADER = "First Name,Last Name,E-mail Address"


def rows(n: int, stray: int | None = None) -> str:
    lines = [HEADER]
    for i in range(n):
        given_name = '"Bob' if i == stray else f"Ann{i}"
        lines.append(f"{given_name},Lee{i},p{i}@example.com")
    return "\n".join(lines) + "\n"


def test_the_people_after_a_stray_quote_are_read(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "google.csv").write_text(rows(40, stray=20), "utf-8")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    assert records.height == 40
    assert records["source_row"].to_list() == list(range(40))
    bob = records.row(20, named=True)
    assert (bob["display_name"], bob["email_keys"]) == ("Bob Lee20", ["p20@example.com"])
    assert records["emails"].list.len().to_list() == [1] * 40


def test_a_row_the_quote_made_too_long_is_a_reject_not_a_loss():
    text = 'Name,Email\n"Lee, Ann,ann@example.com\nBob,bob@example.com\n'
    table = read_table(text, 0, ",")
    assert table.frame["Email"].to_list() == ["bob@example.com"]
    assert table.rejects.rows == [0]


def test_a_note_cut_off_by_a_truncated_file_stays_one_cell():
    text = 'Name,Email,Notes\nAnn,ann@example.com,"met at the fair\nsister of Bob, lives in Leeds'
    table = read_table(text, 0, ",")
    assert table.frame.height == 1
    assert table.frame["Notes"][0] == "met at the fair\nsister of Bob, lives in Leeds"


def test_closed_quotes_and_notes_of_several_lines_are_left_as_they_are():
    text = ('Name,Email,Notes\n"Lee, Ann",ann@example.com,"two\nlines"\n'
            'Bob,bob@example.com,"say ""hi"""\n')
    table = read_table(text, 0, ",")
    assert table.frame.select("Name", "Notes").rows() == [("Lee, Ann", "two\nlines"),
                                                          ("Bob", 'say "hi"')]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.data())
def test_every_row_comes_back_wherever_the_stray_quote_is(n, data):
    stray = data.draw(st.integers(0, n - 1))
    column = data.draw(st.integers(0, 2))
    lines = [HEADER] + [f"Ann{i},Lee{i},p{i}@example.com" for i in range(n)]
    cells = lines[stray + 1].split(",")
    cells[column] = '"' + cells[column]
    lines[stray + 1] = ",".join(cells)
    table = read_table("\n".join(lines) + "\n", 0, ",")
    frame = table.frame.sort("source_row")
    assert frame.height == n and not table.rejects.rows
    expected = [[f"Ann{i}", f"Lee{i}", f"p{i}@example.com"] for i in range(n)]
    expected[stray][column] = '"' + expected[stray][column]
    assert [list(r) for r in frame.select(HEADER.split(",")).rows()] == expected
