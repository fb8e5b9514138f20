"""Decoding cascade and the tolerant CSV layer."""

import codecs
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import detect
from pipeline.stages.ingest_parse import parse_bytes
from pipeline.textio import decode, header_candidates, read_table, sniff_encoding

HERE_LI = Path(__file__).parent / "fixtures" / "linkedin"


def test_bom_then_utf8_then_fallback():
    assert decode(codecs.BOM_UTF8 + "Peña".encode())[0] == "Peña"
    assert decode(codecs.BOM_UTF16_LE + "Peña".encode("utf-16-le")) == ("Peña", "utf-16-le")
    assert decode("Peña".encode()) == ("Peña", "utf-8")
    # cp1252, not a guessed cp1250 (field notes: charset guessers get this wrong)
    assert decode("Peña".encode("cp1252")) == ("Peña", "cp1252")
    assert decode("Müller".encode("latin-1"), "latin-1")[0] == "Müller"


def test_bomless_utf16_is_sniffed():
    assert sniff_encoding("BEGIN:VCARD\r\n".encode("utf-16-be")) == ("utf-16-be", 0)
    assert sniff_encoding("First Name,Last Name\n".encode("utf-16-le")) == ("utf-16-le", 0)


def test_leading_zeros_survive():
    text = "First Name,Last Name,Phone,Zip\nAna,Lima,0044123,02134\n"
    t = read_table(text, 0, ",")
    assert t.frame.row(0) == ("Ana", "Lima", "0044123", "02134", 0)


def test_ragged_rows_are_padded_trimmed_or_rejected():
    text = "a,b,c\n1,2\n1,2,3,,\n1,2,3,4\n\n,,\n5,6,7\n"
    t = read_table(text, 0, ",")
    assert t.frame["source_row"].to_list() == [0, 1, 3]
    assert t.frame.row(0) == ("1", "2", None, 0)
    assert t.rejects.rows == [2]
    assert "4 fields" in t.rejects.reasons[0]
    assert t.rows_total == 4


def test_duplicate_and_empty_header_names_are_made_unique():
    t = read_table("x,x,,y\n1,2,3,4\n", 0, ",")
    assert t.header == ["x", "x_2", "_column_3", "y"]


@pytest.mark.parametrize("body", ["1,2,3,4\n", "1,2,3,4\n1,2,3,4,5\n"])  # fast, tolerant path
def test_header_cells_polars_would_read_as_patterns_are_renamed(body):
    # A damaged Google export had a header cell "*": pl.col("*") is every column, and the
    # cell trimming then named one column twice and raised.
    t = read_table("Name,*,^.*$,E-mail\n" + body, 0, ",")
    assert t.header == ["Name", "_column_2", "_column_3", "E-mail"]
    assert t.frame.row(0)[:4] == ("1", "2", "3", "4")


def test_notes_preamble_is_found_as_logical_rows():
    text = ('Notes:\n"When exporting, see https://x, or y"\n\n'
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    rows = [(r, d) for r, d, cells in header_candidates(text) if "Connected On" in cells]
    assert rows[0] == (3, ",")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_parse_bytes_never_raises_on_arbitrary_bytes(data):
    fmt, reason, parsed = parse_bytes(data, "x.csv", "cp1252")
    assert parsed is not None or reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500))
def test_sniffer_never_raises_on_arbitrary_text(text):
    detect.match_csv(text, "x.csv")
    for row, delim, _cells in header_candidates(text):
        read_table(text, row, delim)


def test_rows_below_a_matched_header_are_not_offered_to_the_matchers():
    """match_csv stops at the first row any kind matches (a later row cannot win), and a
    later delimiter of the same row still can: the ';' reading of row 1 wins over nothing."""
    from pipeline.formats.base import CsvKind

    seen = []

    def matcher(cells, _base):
        seen.append(cells)
        return "name" in cells and "mail" in cells

    kind = CsvKind("k", "csv", matcher, None)
    text = "Notes: an export\nName;Mail\n" + "".join(f"n{i};m{i}\n" for i in range(10))
    m = detect.match_csv(text, "x.csv", kinds=[kind])
    assert (m.header_row, m.delimiter) == (1, ";")
    data = {f"n{i}" for i in range(10)} | {f"n{i};m{i}" for i in range(10)}
    assert seen and not any(cells & data for cells in seen)  # no data row was offered
    # the registry's kinds: the same answer as every row offered (Google's header at row 0)
    text = "First Name,Last Name,E-mail 1 - Value\n" + "a,b,c@d.org\n" * 12
    assert detect.match_csv(text, "x.csv").kind.name == detect.match_csv(
        text.split("\n", 1)[0] + "\n", "x.csv").kind.name


LINE_CELLS = ("Ben", "Okafor", None, "Widget Works, Inc.", "CTO", "07 Jun 2021")


@pytest.mark.parametrize("tolerant", [False, True])
def test_a_row_that_is_one_quoted_line_is_read_as_that_line(tolerant):
    # docs/realworld8.md L1: a Connections.csv opened as one column and saved with ";" holds
    # the lines with a quote as one cell; read as written, "Ben,Okafor,,..." was a first name.
    # A line of more cells than the header is rejected like any long row.
    text = (HERE_LI / "Connections_2020_resaved_one_column.csv").read_text("utf-8")
    if tolerant:
        text = text.replace("\n", ",\n", 1)  # Excel's trailing comma: the tolerant reader
    t = read_table(text, 0, ",")
    assert t.frame["source_row"].to_list() == [0, 1, 3]
    assert t.frame.row(1) == (*LINE_CELLS, 1)
    assert t.rejects.rows == [2] and "8 fields but the header has 6" in t.rejects.reasons[0]
    assert t.rejects.excerpts[0].startswith("Cleo,Ruiz,,Northwind")


@pytest.mark.parametrize("text", [
    'Name,Email\n"Smith, John",\nAna Lima,ana@example.org\n',  # narrow: a value with commas
    'First Name,Last Name,Email,Company,Title\n"Smith, John",,,,\nAna,Lima,a@example.org,X,Y\n',
    'a,b,c,d,e\n"1,2,3,4,5"\n"6,7,8,9,10"\n',  # no row fills more than the first column
])
def test_a_lone_cell_with_commas_is_a_value_otherwise(text):
    t = read_table(text, 0, ",")
    assert t.rejects.rows == []
    assert "," in t.frame.row(0)[0]


def test_mac_excel_csv_with_bare_cr_line_ends_is_read():
    # Excel for Mac's "CSV (Macintosh)" ends lines with a bare CR; the whole file was
    # "not a recognised contact export", and a bare CR inside a CRLF file lost the next row.
    cr = (b"First Name,Last Name,E-mail Address,Company\rAna,Lima,ana@example.org,Acme\r"
          b"Ben,Okafor,ben@example.org,Widget\r")
    mixed = cr.replace(b"Company\r", b"Company\r\n")
    for data in (cr, mixed):
        fmt, reason, parsed = parse_bytes(data, "c.csv", "auto")
        assert fmt == "outlook", reason
        assert parsed.contacts["given_name"].to_list() == ["Ana", "Ben"]
        assert parsed.rejects.height == 0


_CELL = st.text(alphabet="abcXYZ019 .-@", min_size=0, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=5, max_size=5), min_size=1, max_size=6),
       st.sampled_from(["\r", "\r\n"]))
def test_line_ends_do_not_change_the_rows(rows, end):
    lines = ["First Name,Last Name,Email,Company,Title"] + [",".join(r) for r in rows]
    lf = read_table("\n".join(lines) + "\n", 0, ",")
    other = read_table(end.join(lines) + end, 0, ",")
    assert other.frame.equals(lf.frame)
    assert other.rejects.rows == lf.rejects.rows


def test_a_lone_first_cell_with_a_bare_cr_is_kept_as_read_not_a_crash():
    # Found by test_ingest_fuzz (helper rw11's suite): a first cell that looked like a whole
    # quoted line but held a bare CR made csv.reader raise, and the file was refused whole as
    # "kith failed while reading this file". It is now kept as read, like any other row.
    text = 'A,B,C,D,E\r\n"x,y,\rz,w,v",,,,\r\n1,2,3,4,5\r\n'
    table = read_table(text, 0, ",")
    assert table.frame.select("A", "B", "source_row").rows() == [("x,y,\rz,w,v", None, 0),
                                                                 ("1", "2", 1)]


HERE_ENC = Path(__file__).parent / "fixtures" / "encodings"


def test_outlook_unicode_text_without_bom_and_with_few_latin_letters_is_read() -> None:
    """Outlook's and Excel's "Unicode Text" is UTF-16 LE, tab-separated. With its BOM gone and
    a Russian Outlook's column names and names in Cyrillic, Greek and Chinese (letters with no
    NUL byte), the NULs sat on too few positions for the old rule and the file was refused as
    binary data (docs/realworld14.md)."""
    data = (HERE_ENC / "outlook_unicode_text_utf16le_nobom.txt").read_bytes()
    fmt, reason, parsed = parse_bytes(data, "contacts.txt", "auto")
    assert parsed is not None, reason
    assert parsed.encoding == "utf-16-le"
    c = parsed.contacts
    assert c["given_name"].to_list() == ["Иван", "Анна", "Γιώργος", "伟"]
    assert c["family_name"].to_list() == ["Сидоров", "Кузнецова", "Παπαδόπουλος", "王"]
    assert c["organization"].to_list() == ["ООО Ромашка", None, "Ναυτιλιακή Αιγαίου", "北京有限公司"]


NAMES = st.sampled_from(["Ann", "Lee", "Peña", "Γιώργος", "Οικονόμου", "Иван", "Сидоров", "王伟",
                         "李芳", "יוסי", "김민준", "山田太郎", "Nguyễn", "😀 Bob"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES), min_size=1, max_size=30),
       st.sampled_from(["utf-16-le", "utf-16-be"]), st.booleans(), st.sampled_from([",", "\t"]))
@example([("Γιώργος", "김민준"), ("Γιώργος", "김민준"), ("김민준", "김민준")], "utf-16-le", False, ",")
def test_utf16_is_decoded_whatever_the_script_and_the_bom(rows, enc, bom, sep) -> None:
    """Every UTF-16 table of names, with or without its BOM, is decoded to its own text."""
    text = f"First Name{sep}Last Name\r\n" + "".join(f"{g}{sep}{f}\r\n" for g, f in rows)
    data = ("\ufeff" + text if bom else text).encode(enc)
    assert decode(data, "auto") == (text, enc)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=8, max_size=600))
def test_binary_with_control_characters_is_never_taken_for_utf16(data) -> None:
    enc, _ = sniff_encoding(data)
    if enc.startswith("utf-16") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data[: len(data) & ~1].decode(enc, errors="replace")
        assert not any(ch < " " and ch not in "\r\n\t" for ch in text)


def test_placeholders_of_a_missing_value_are_missing():
    """`NULL`, `None`, `#N/A`, `undefined`, `(null)`, `NaN` are what tools write for nothing
    (a HubSpot export: `null` as 7 family names and 81 phone cells, docs/realworld14.md H1):
    no family name "null" shared by strangers, no invalid number "null". Exact spellings only:
    "Nan" and "Nil" are given names, and a placeholder inside a value is text."""
    body = ("First Name,Last Name,Email,Phone Number\r\n"
            "John,null,john@example.com,null\r\n"
            "Mary,NULL,#N/A,None\r\n"
            "Nan,undefined,(null),NaN\r\n"
            "Nil,Null Island,nil@example.com,N/A\r\n")
    fmt, rows = _records(body)
    assert [(r["given_name"], r["family_name"]) for r in rows] == [
        ("John", None), ("Mary", None), ("Nan", None), ("Nil", "Null Island")]
    assert [r["phones"] for r in rows] == [[], [], [], []]
    assert [r["emails"] for r in rows] == [["john@example.com"], [], [], ["nil@example.com"]]


def _records(body: str) -> tuple[str, list[dict]]:
    fmt, reason, parsed = parse_bytes(body.encode(), "contacts.csv", "auto")
    assert reason is None, reason
    return fmt, parsed.contacts.to_dicts()


def test_a_panic_in_polars_reader_falls_back_to_the_tolerant_reader(monkeypatch):
    """The fast reader's `except Exception` let a polars panic (pyo3's PanicException, a
    BaseException) through: the whole file became "kith failed while reading this file",
    where the tolerant reader reads it (docs/fuzz31.md F5)."""
    from polars.exceptions import PanicException

    from pipeline import textio

    def panics(*_a, **_k):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(textio.pl, "read_csv", panics)
    table = textio.read_table("First Name,Last Name\nAnn,Lee\nBo,Ek\n", 0, ",")
    assert table.frame.select("First Name", "Last Name").rows() == [("Ann", "Lee"), ("Bo", "Ek")]
    assert table.rows_total == 2
