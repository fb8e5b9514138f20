"""Excel workbooks are read sheet by sheet as CSV; other office files are named, not unzipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "Birthday"]


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _files(result) -> dict[str, tuple[str, str]]:
    return {r["path"]: (r["status"], r["reason"]) for r in result.files.iter_rows(named=True)}


def test_a_workbook_is_read_sheet_by_sheet(tmp_path):
    _book(tmp_path / "crm.xlsx", {
        "Contacts": [HEADER,
                     ["Ann", "Lee", "ann@example.org", 4155550123, "Acme", dt.datetime(1985, 4, 15)],
                     ["Bo", "Chen", "bo@example.com", "+44 20 7946 0018", "Initech", None],
                     ["Cy", "Dahl", "cy@example.net", None, None, None]],
        "Sheet2": [],
        "Lists": [["Status"], ["Open"], ["Closed"]],
    })
    result = ingest([tmp_path], [], Limits())
    assert _files(result) == {
        "crm.xlsx!Contacts": ("ingested", None),
        "crm.xlsx!Sheet2": ("skipped", "An empty sheet."),
        "crm.xlsx!Lists": ("skipped", "A sheet that is not a table of contacts (no header row "
                                      "kith knows)."),
    }
    rows = result.contacts.sort("source_row").to_dicts()
    assert [r["source_file"] for r in rows] == ["crm.xlsx!Contacts"] * 3
    assert [r["source_row"] for r in rows] == [0, 1, 2]
    assert [r["given_name"] for r in rows] == ["Ann", "Bo", "Cy"]
    # a number cell is the digits typed, not 4155550123.0; a date cell an ISO date
    assert rows[0]["phones"] == ["4155550123"]
    assert rows[0]["birthday"] == "1985-04-15"
    assert rows[1]["phones"] == ["+44 20 7946 0018"]
    assert result.rejects.height == 0


def test_a_sheet_is_read_as_the_same_table_saved_as_csv(tmp_path):
    rows = [HEADER, ["Ann", "Lee", "ann@example.org", "+1 415 555 0123", "Acme", "1985-04-15"],
            ["", "", "", "", "", ""], ["Bo", "", "", "", "", ""]]
    (tmp_path / "csv").mkdir()
    (tmp_path / "xlsx").mkdir()
    with open(tmp_path / "csv" / "people.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    _book(tmp_path / "xlsx" / "people.xlsx", {"people": [[c or None for c in r] for r in rows]})
    a = ingest([tmp_path / "csv"], [], Limits())
    b = ingest([tmp_path / "xlsx"], [], Limits())
    for frame in ("contacts", "rejects"):
        assert getattr(a, frame).drop("source_file").equals(getattr(b, frame).drop("source_file"))
    assert b.rejects["source_file"].to_list() == ["people.xlsx!people"] * a.rejects.height


def test_office_files_are_named_not_unzipped(tmp_path):
    def package(name: str, members: dict[str, str]) -> None:
        with zipfile.ZipFile(tmp_path / name, "w") as zf:
            for member, text in members.items():
                zf.writestr(member, text)

    package("cv.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    package("talk.pptx", {"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
    package("list.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                         "content.xml": "<office:document-content/>"})
    package("letter.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                           "content.xml": "<office:document-content/>"})
    package("book.numbers", {"Index/Document.iwa": "x"})
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    result = ingest([tmp_path], [], Limits())
    files = _files(result)
    assert sorted(files) == ["book.numbers", "cv.docx", "letter.odt", "list.ods", "old.xls",
                             "talk.pptx"]  # one row per file, none per member
    assert files["cv.docx"] == ("skipped", "Not a contact export: a Word document (.docx).")
    assert files["talk.pptx"][0] == files["letter.odt"][0] == "skipped"
    for name in ("list.ods", "book.numbers", "old.xls"):
        status, reason = files[name]
        assert status == "rejected" and "save it as one of those" in reason, name
    # a reject quotes nothing of a binary workbook
    assert set(result.rejects["excerpt"].to_list()) == {""}


def test_a_workbook_inside_a_zip_reads_as_alone(tmp_path):
    book = _book(tmp_path / "crm.xlsx", {"Contacts": [HEADER, ["Ann", "Lee", "ann@example.org",
                                                                None, "Acme", None]]})
    (tmp_path / "z").mkdir()
    with zipfile.ZipFile(tmp_path / "z" / "export.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(book, "crm.xlsx")
    alone = ingest([book], [], Limits())
    inside = ingest([tmp_path / "z"], [], Limits())
    assert _files(inside) == {"export.zip!crm.xlsx!Contacts": ("ingested", None)}
    assert alone.contacts.drop("source_file").equals(inside.contacts.drop("source_file"))


def _repacked(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


def test_damaged_and_hostile_workbooks_are_rejected_with_a_reason(tmp_path):
    good = _book(tmp_path / "good.xlsx", {"Contacts": [HEADER, ["Ann", "Lee", "ann@example.org",
                                                                 None, None, None]]})
    (tmp_path / "in").mkdir()
    _repacked(good, tmp_path / "in" / "bad_book.xlsx", {"xl/workbook.xml": b"<workbook"})
    _repacked(good, tmp_path / "in" / "bad_sheet.xlsx",
              {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})
    # a sheet that expands far beyond the zip ratio bound (a zip bomb)
    bomb = (b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
            + b" " * (8 << 20) + b"<sheetData/></worksheet>")
    _repacked(good, tmp_path / "in" / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb})
    result = ingest([tmp_path / "in"], [], Limits())
    files = _files(result)
    assert files["bad_book.xlsx"][0] == "rejected"
    # in the user's terms, the parser's words last (docs/fuzz32.md)
    assert files["bad_book.xlsx"][1].startswith(
        "An Excel workbook that is damaged: its list of sheets cannot be read, its XML is cut "
        "short or altered")
    assert files["bad_book.xlsx"][1].endswith("(the reader said: unclosed token: line 1, "
                                              "column 0).")
    assert files["bad_sheet.xlsx!Contacts"][0] == "rejected"
    assert files["bad_sheet.xlsx!Contacts"][1].startswith(
        "An Excel workbook that is damaged: its sheet cannot be read, its XML is cut short")
    assert "Open it in Excel and save it again" in files["bad_sheet.xlsx!Contacts"][1]
    assert files["bomb.xlsx!Contacts"] == ("rejected", "Zip member expands more than 200x (a "
                                                       "zip bomb?); refused.")
    assert result.contacts.height == 0


def test_a_sheet_whose_declared_size_lies_is_read_as_its_cells(tmp_path):
    good = _book(tmp_path / "good.xlsx", {"Contacts": [HEADER, ["Ann", "Lee", "ann@example.org",
                                                                 None, None, None]]})
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    lying = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    assert lying != sheet
    (tmp_path / "in").mkdir()
    _repacked(good, tmp_path / "in" / "lying.xlsx", {"xl/worksheets/sheet1.xml": lying})
    result = ingest([tmp_path / "in"], [], Limits())
    assert result.contacts["email_keys" if "email_keys" in result.contacts.columns
                           else "emails"].to_list() == [["ann@example.org"]]


_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                max_size=12).map(str.strip)
_row = st.tuples(_cell, _cell, st.emails(), _cell)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, min_size=1, max_size=12))
def test_any_table_of_text_reads_alike_as_csv_and_as_a_sheet(tmp_path_factory, rows):
    """Whatever text a table holds, a sheet of it gives the CSV's records and rejects."""
    base = tmp_path_factory.mktemp("t")
    table = [["Given Name", "Family Name", "E-mail Address", "Notes"], *map(list, rows)]
    # openpyxl refuses characters XML cannot hold; a real workbook cannot hold them either
    table = [[openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", c) for c in r] for r in table]
    (base / "csv").mkdir()
    (base / "xlsx").mkdir()
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table)
    (base / "csv" / "t.csv").write_text(buf.getvalue(), encoding="utf-8")
    # a sheet's text cell that looks like a formula is a formula; write it as text
    _book(base / "xlsx" / "t.xlsx", {"t": [[c or None for c in r] for r in table]})
    wb = openpyxl.load_workbook(base / "xlsx" / "t.xlsx")
    for row in wb["t"].iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"
    wb.save(base / "xlsx" / "t.xlsx")
    a = ingest([base / "csv"], [], Limits())
    b = ingest([base / "xlsx"], [], Limits())
    assert a.files["status"].to_list() == b.files["status"].to_list()
    for frame in ("contacts", "rejects"):
        x, y = getattr(a, frame).drop("source_file"), getattr(b, frame).drop("source_file")
        assert x.equals(y), frame


def test_kith_run_on_a_workbook(tmp_path):
    _book(tmp_path / "in.xlsx", {"Contacts": [HEADER, ["Ann", "Lee", "ann@example.org", None,
                                                        "Acme", None]], "Sheet2": []})
    (tmp_path / "exports").mkdir()
    (tmp_path / "in.xlsx").rename(tmp_path / "exports" / "crm.xlsx")
    res = CliRunner().invoke(main, ["run", str(tmp_path / "exports"), "--out",
                                   str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "2 files: 1 ingested, 1 skipped, 0 rejected" in res.output
    people = pl.read_parquet(tmp_path / "out" / "people.parquet")
    assert people.height == 1


def test_a_wide_sheet_loses_no_column(tmp_path):
    # a sheet is written as wide as its widest row (an early version cut it at 2,000 columns)
    header = [f"Custom {i}" for i in range(2100)] + ["Email", "First Name"]
    row = [None] * 2100 + ["ann@example.org", "Ann"]
    (tmp_path / "in").mkdir()
    _book(tmp_path / "in" / "wide.xlsx", {"Contacts": [header, row]})
    result = ingest([tmp_path / "in"], [], Limits())
    assert result.contacts["emails"].to_list() == [["ann@example.org"]]
