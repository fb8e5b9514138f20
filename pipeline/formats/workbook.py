"""Office packages: an Excel workbook is read as its sheets, each as a CSV; other office files
(Word, PowerPoint, OpenDocument, Apple iWork) are told apart and named, never read as zips of XML.

A CRM or a spreadsheet kept by hand often hands over contacts as `.xlsx` (HubSpot, Salesforce
and Zoho export it by default). Each sheet becomes one input, `book.xlsx!Sheet`, whose bytes
are the sheet written as UTF-8 CSV, so detection, the column maps, the contact evidence, the
rejects' row positions and the stage-1 cache are those of a CSV file: a sheet becomes contacts
only on the same evidence. openpyxl parses the sheet XML; it is handed an archive rebuilt from
members read within kith's zip bounds (size and expansion ratio checked on the bytes actually
produced), so a workbook cannot be a zip bomb either.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

# Which office package a zip is, from its member names: (kind, what it is, read as sheets).
_WORD = ("office_document", "a Word document (.docx)")
_SLIDES = ("office_document", "a PowerPoint presentation (.pptx)")
_MIMETYPES = {
    "application/vnd.oasis.opendocument.spreadsheet": ("spreadsheet", "an OpenDocument spreadsheet (.ods)"),
    "application/vnd.oasis.opendocument.text": ("office_document", "an OpenDocument text (.odt)"),
    "application/vnd.oasis.opendocument.presentation": ("office_document",
                                                        "an OpenDocument presentation (.odp)"),
}
SAVE_AS = ("kith reads Excel workbooks (.xlsx) and CSV: save it as one of those (File > Save "
            "As) and run again.")


def package(zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """("workbook", "") for an Excel workbook; (kind, sentence) for another office package that
    is not read; None for a plain zip archive (its members are read one by one)."""
    names = {i.filename for i in zf.infolist()}
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names:
            return "workbook", ""
        if "word/document.xml" in names:
            return _WORD[0], f"Not a contact export: {_WORD[1]}."
        if "ppt/presentation.xml" in names:
            return _SLIDES[0], f"Not a contact export: {_SLIDES[1]}."
    if "mimetype" in names:
        try:
            with zf.open("mimetype") as fh:  # read no more than a mimetype needs
                mimetype = fh.read(100).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            return None
        if mimetype in _MIMETYPES:
            kind, what = _MIMETYPES[mimetype]
            if kind == "spreadsheet":
                return kind, f"{what[0].upper()}{what[1:]}: {SAVE_AS}"
            return kind, f"Not a contact export: {what}."
    if "Index/Document.iwa" in names or "Index.zip" in names:
        return "spreadsheet", f"An Apple Numbers, Pages or Keynote file: {SAVE_AS}"
    return None


def damaged(exc: BaseException, what: str = "sheet") -> str:
    """Why a workbook or one of its sheets cannot be read, in the user's terms; the parser's
    own words follow after a colon (they place the damage for whoever repairs the file)."""
    words = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    if isinstance(exc, ElementTree.ParseError) or "token" in words or "element found" in words:
        why = "its XML is cut short or altered (a copy or download that stopped, or an edit)"
    elif isinstance(exc, KeyError):
        why = "a part of the workbook is missing"
    elif isinstance(exc, IndexError):
        why = "a cell points to text the workbook does not hold (its shared strings are damaged)"
    else:
        why = "its parts do not fit together"
    return (f"An Excel workbook that is damaged: its {what} cannot be read, {why}. Open it in "
            f"Excel and save it again, or export it again (the reader said: {words}).")


def sheet_names(members: dict[str, bytes]) -> list[str]:
    """The workbook's sheet names in tab order, from xl/workbook.xml."""
    root = ElementTree.fromstring(members["xl/workbook.xml"])
    return [el.get("name", "") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]


def rebuilt(members: dict[str, bytes]) -> io.BytesIO:
    """An archive of the members as read (stored, uncompressed), for openpyxl to open."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    buf.seek(0)
    return buf


def sheet_csv(members: dict[str, bytes], sheet: str) -> bytes:
    """The sheet's cells as UTF-8 CSV: a row per sheet row down to the last one with a value,
    empty rows kept (so a row's position is its place in the sheet, less the rows above the
    header as in any CSV), trailing empty cells dropped."""
    import openpyxl  # only a folder with a workbook pays for the import

    book = openpyxl.load_workbook(rebuilt(members), read_only=True, data_only=True)
    try:
        ws = book[sheet]
        if hasattr(ws, "reset_dimensions"):
            # a sheet's declared size can lie (A1:XFD1048576): cells are read as they come
            ws.reset_dimensions()
        rows = [_row(values) for values in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)  # as wide as its widest row: nothing cut
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for r in rows:
        writer.writerow(r + [""] * (width - len(r)))
    return out.getvalue().encode("utf-8")


def _row(values: tuple) -> list[str]:
    cells = [_text(v) for v in values]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


_FLOAT_INT = re.compile(r"^-?\d+\.0$")


def _text(value) -> str:
    """A cell as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        # a phone number or postcode typed into a number cell: 4155550123, not 4155550123.0
        text = repr(value)
        return text[:-2] if _FLOAT_INT.match(text) else text
    return str(value)
