"""An e-mail address written with a comma for the dot of its domain (`kofi@example,net`) in a
comma-separated file splits its row into one cell too many: the row was rejected ("Row has 8
fields but the header has 7", docs/realworld18.md X5) and the person lost. When exactly one
place in the row reads as such an address's two halves in an e-mail column, the address is
rejoined (pipeline.csvrepair.split_address) and the repair said in files.parquet's reason;
otherwise the row stays a reject. Fixture written for kith (the X5 file's shape)."""

from __future__ import annotations

import polars as pl
from exports_support import kith_run
from hypothesis import given
from hypothesis import strategies as st
from test_addressbook import HERE

from pipeline.textio import read_table

FIXTURE = HERE / "outlook_address_comma_for_dot.csv"


def test_the_split_addresses_are_rejoined_and_the_rows_kept():
    table = read_table(FIXTURE.read_text("utf-8"), 0, ",")
    assert not table.rejects.rows
    assert table.frame.select("E-mail Address", "Company", "Notes").rows() == [
        ("maren.holt@example.org", "Holt & Partner", None),
        ("kofi.mensah@example.net", "Mensah Trading", "met in Accra"),
        ("lena@vogt.example.co.uk", None, None),
        ("ines@example.org", "Achter GmbH", None)]
    assert table.repaired and "2 rows one cell too long" in table.repaired


def test_kith_reads_the_people_and_says_so(tmp_path):
    kith_run(tmp_path, {"contacts.csv": FIXTURE.read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    assert records.height == 4
    assert records["email_keys"].to_list()[1] == ["kofi.mensah@example.net"]
    files = pl.read_parquet(tmp_path / "out" / "files.parquet")
    assert "with the address rejoined" in files["reason"][0]


def test_two_places_that_could_be_the_address_keep_the_reject():
    # joined at Email the row ends "bob@y, net"; joined at Email 2 Notes holds "org": no guess
    text = "Name,Email,Notes,Email 2\nAnn,ann@x,org,bob@y,net\n"
    table = read_table(text, 0, ",")
    assert table.frame.height == 0 and table.rejects.rows == [0]


def test_a_comma_outside_an_email_column_keeps_the_reject():
    text = "Name,Notes,Email,Phone\nAnn,see ann@x,org,ann@example.org,+44 7700 900123\n"
    table = read_table(text, 0, ",")
    assert table.frame.height == 0 and table.rejects.rows == [0]


def test_a_capitalised_word_after_an_address_is_no_top_level_domain():
    """A row with an empty cell past the header's last column, its address followed by a job
    title ("Nurse"): on main read as the address `megan@example.co.uk.Nurse` and the title
    lost. A top-level domain is written in small letters or capitals, so the row is read as
    written (its empty extra cell aside); `ann@example,ORG` is still rejoined."""
    text = "Name,Email,Title,Company\nMegan,megan@example.co.uk,Nurse,,\nAnn,ann@example,ORG,CTO,Acme\n"
    table = read_table(text, 0, ",")
    assert not table.rejects.rows
    assert table.frame.select("Email", "Title").rows() == [
        ("megan@example.co.uk", "Nurse"), ("ann@example.ORG", "CTO")]


_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(_WORD, st.lists(_WORD, min_size=1, max_size=3), _WORD.filter(lambda w: len(w) >= 2),
       st.integers(0, 3))
def test_any_address_split_at_its_last_dot_comes_back(local, labels, top, column):
    header = ["Name", "Company", "Title", "Phone"]
    header.insert(column, "E-mail")
    address = f"{local}@{'.'.join(labels)}.{top}"
    cells = ["Ann Lee", "Acme", "CTO", "+44 7700 900123"]
    cells.insert(column, address)
    line = ",".join(cells).replace(f".{top},", f",{top},") if column < 4 else \
        ",".join(cells[:-1]) + "," + address[: -len(top) - 1] + "," + top
    table = read_table(",".join(header) + "\n" + line + "\n", 0, ",")
    assert not table.rejects.rows
    assert list(table.frame.select(header).row(0)) == cells
