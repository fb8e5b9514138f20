"""Two exports joined into one file (`cat a.csv b.csv`, a second export pasted below the first,
its BOM included) repeat the header row inside the file. Read as data by the Google and
LinkedIn readers, that row was a person named "First Name Middle Name Last Name" working at
"Organization Name" (the generic reader alone had a rule for it, docs/realworld12.md R1; it is
now one rule for every CSV reader: pipeline.csvrepair.without_header_lines). Fixtures written
for kith."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.csvrepair import HEADER_LINE
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.textio import read_table

GOOGLE = "First Name,Middle Name,Last Name,E-mail 1 - Value,Organization Name"
OUTLOOK = '"First Name","Last Name","E-mail Address","Company"'


def test_two_google_exports_joined(tmp_path: Path):
    first = f"\ufeff{GOOGLE}\r\nAnn,,Lee,ann@example.org,Acme\r\n"
    second = f"\ufeff{GOOGLE}\r\nBob,,Ray,bob@example.org,Initech\r\n"
    res = kith_run(tmp_path, {"contacts.csv": first + second})
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert sorted(people["display_name"]) == ["Ann Lee", "Bob Ray"]
    assert "Organization Name" not in people["organization"].to_list()
    rejects = pl.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert rejects.select("source_row", "reason").rows() == [(1, HEADER_LINE)]
    assert "1 x A line of this file's column names inside its data" in res.output


def test_the_tolerant_reader_too():
    # bare CR line ends (Excel for Mac) take the tolerant path, not polars' reader
    text = (f"{OUTLOOK}\r" + '"Ann","Lee","ann@example.org","Acme"\r' + f"{OUTLOOK}\r"
            + '"Bob","Ray","bob@example.org",""\r')
    table = read_table(text, 0, ",")
    assert table.frame["First Name"].to_list() == ["Ann", "Bob"]
    assert table.rejects.reasons == [HEADER_LINE] and table.rejects.rows == [1]
    assert table.rows_total == 3


def test_a_row_with_one_cell_like_its_header_is_a_person():
    # a company really named "Company", a person whose middle name cell reads "Middle Name"
    text = (f"{OUTLOOK}\n" + '"Ann","Lee","ann@example.org","Company"\n'
            + '"First Name","Smith","","Acme"\n')
    table = read_table(text, 0, ",")
    assert table.frame.height == 2 and not table.rejects.rows


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Ann", "Bob", "Cid", "Dee", "Eve"]), min_size=1, max_size=6),
       st.integers(min_value=0, max_value=6), st.booleans())
def test_every_row_is_a_contact_or_the_copy(given_names: list[str], at: int, bom: bool):
    rows = [f"{g},,Lee{i},p{i}@example.org,Acme" for i, g in enumerate(given_names)]
    at = min(at, len(rows))
    lines = [GOOGLE, *rows[:at], ("\ufeff" if bom else "") + GOOGLE, *rows[at:]]
    _, _, parsed = parse_bytes(("\r\n".join(lines) + "\r\n").encode(), "contacts.csv", "auto")
    assert parsed.rows_total == len(rows) + 1
    assert parsed.contacts.height == len(rows)
    assert parsed.rejects.select("source_row", "reason").rows() == [(at, HEADER_LINE)]
    assert sorted(parsed.contacts["source_row"]) == [r for r in range(len(rows) + 1) if r != at]


def test_rows_the_repairs_reject_are_counted_once():
    # found by tests/test_ingest_fuzz.py: a resaved Connections file whose header lost a quote;
    # a line quoted whole that splits into more cells than the header is a reject, and the
    # file's row count must still include it (it counted the rows left after the repairs)
    data = (b'""First Name,Last Name,Email Address,Company,Position,Connected On\n'
            b'Ana,Lima,,Acme,Engineer,10 Jun 2021\n'
            b'"Ben,Okafor,,""Widget Works, Inc."",CTO,07 Jun 2021"\n'
            b'"Cleo,Ruiz,,Northwind, ""Labs & Co, Ltd"",Analyst,06 Jun 2021"\n'
            b'Dev,Shah,,Contoso,Designer,05 Jun 2021\n')
    _, _, parsed = parse_bytes(data, "Connections.csv", "auto")
    rows = sorted([*parsed.contacts["source_row"], *parsed.rejects["source_row"]])
    assert rows == list(range(parsed.rows_total)) == [0, 1, 2, 3]
