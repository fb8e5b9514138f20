"""Bytes to text, and CSV text to a frame of strings, tolerant of what exporters write.

The encoding cascade is fixed on purpose (field notes): BOM, then strict UTF-8, then the
legacy code page: the configured one, or with `auto` (the default) cp1252 unless the bytes are
evidence of a CJK legacy encoding or of Cyrillic cp1251 (pipeline.charsets); a cp1252 file
whose lines hold DOS cp850 words is read line by line in the code page of each line. Charset
guessers misread cp1252 as cp1250 on short files, so none is used.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

import polars as pl

from pipeline.charsets import (
    AUTO,
    DOS,
    WESTERN,
    decode_dos_lines,
    dos_lines,
    legacy_encoding,
    utf16_without_bom,
)
from pipeline.csvrepair import (
    BROKEN_ROWS_MAX,
    closed_stray_quote_rows,
    ends_in_open_quote,
    has_broken_rows,
    join_broken,
    quote_closed_inside_a_cell,
    read_rows,
    rejoined_note,
    split_address,
    stray_quote_rows,
    unwrap_lines,
    without_header_lines,
    without_report_footer,
)
from pipeline.errors import is_internal
from pipeline.formats.base import Rejects

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A cell longer than this is cut: no contact field needs more, and it bounds memory.
MAX_CELL = 100_000
csv.field_size_limit(16 * 1024 * 1024)


def sniff_encoding(data: bytes) -> tuple[str, int]:
    """(encoding, BOM length) from a BOM or from the NUL pattern of BOM-less UTF-16."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    bom_less = utf16_without_bom(data[:4096])
    if bom_less:
        return bom_less, 0
    return "", 0


def decode(data: bytes, fallback: str = "cp1252") -> tuple[str, str]:
    """Decode a whole file: returns (text, encoding used). `fallback` is a code page, or
    "auto" (cp1252 unless the bytes are evidence of Shift-JIS, EUC-JP, GB18030, Big5, EUC-KR)."""
    enc, skip = sniff_encoding(data)
    if enc:
        return data[skip:].decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = legacy_encoding(data, fallback)
    if legacy == WESTERN and fallback.lower() == AUTO and dos_lines(data):
        return decode_dos_lines(data), f"{WESTERN}+{DOS}"
    return data.decode(legacy, errors="replace"), legacy


# A few NULs in otherwise readable text: a damaged sector, a file padded with NULs after its
# last row (preallocated, never truncated), a NUL an exporter wrote into one cell. The file
# used to be rejected as binary for them, with every contact in it. Real binary data holds
# far more (and a known binary format is caught by its magic number before this).
STRAY_NUL_SHARE = 0.001
STRAY_NUL_MIN = 8


def stray_nuls(text: str) -> int:
    """How many NULs `text` holds when they are strays in readable text, to be removed before
    it is read (0: none, or too many to be strays: the text is binary data)."""
    count = text.count("\x00")
    if not count:
        return 0
    body = text.rstrip("\x00")  # a padded tail is strays, however long
    if body.count("\x00") > max(STRAY_NUL_MIN, len(body) * STRAY_NUL_SHARE):
        return 0
    readable = body.replace("\x00", "")
    return count if readable.strip() and not looks_binary(readable) else 0


def looks_binary(text: str) -> bool:
    """True for text that no exporter writes: NULs or mostly control characters."""
    head = text[:8192]
    if not head:
        return False
    if "\x00" in head:
        return True
    controls = sum(1 for ch in head if ch < " " and ch not in "\r\n\t")
    return controls > len(head) * 0.05


@dataclass
class CsvTable:
    """A CSV file read as strings: `frame` has one String column per header cell plus
    `source_row` (0-based data-row ordinal). Header names are made unique."""

    header: list[str]
    frame: pl.DataFrame
    rejects: Rejects
    rows_total: int
    delimiter: str
    repaired: str | None = None  # what a repair gave back, for the run log (files.parquet)


HEADER_ROWS = 12  # rows searched for a header first (detect searches deeper on evidence)

# A header wider than this is refused with a sentence (a product bound, docs/fuzz32.md): the
# widest real exports kith knows have under 100 columns (Outlook 92) and a CRM with every
# custom field about a thousand; reading time grows with the width (5,000 columns, 2.7 s), so
# a header of tens of thousands of cells is a damaged or generated file, not an address book.
MAX_COLUMNS = 5_000


def header_width(text: str, header_row: int, delimiter: str) -> int:
    """How many cells the header row holds (as read_table splits it)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    cells: list[str] = []
    try:
        for _ in range(header_row + 1):
            cells = next(reader, [])
    except csv.Error:
        return 0  # read_table's own reader reports such a row
    return len(cells)


def too_wide(width: int) -> str:
    return (f"A header of {width:,} columns: kith reads at most {MAX_COLUMNS:,} (a contact "
            "export has far fewer), so this is a damaged or generated file. Export it again, "
            "or keep only the columns about people.")


def header_candidates(text: str, max_lines: int = HEADER_ROWS
                      ) -> list[tuple[int, str, list[str]]]:
    """For the first logical CSV rows, each delimiter's cells: [(row_index, delimiter, cells)].

    Logical rows, not lines: LinkedIn's Notes preamble holds a quoted sentence.
    """
    head = text[:65536]
    out = []
    for delim in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delim, strict=False)
        try:
            for i, row in enumerate(reader):
                if i >= max_lines:
                    break
                out.append((i, delim, [c.strip().lstrip("\ufeff").strip('"').strip() for c in row]))
        except csv.Error:
            continue
    return out


def _polars_pattern(name: str) -> bool:
    """polars reads pl.col("*") as every column and pl.col("^...$") as a regex: a header cell
    written so would select other columns than its own."""
    return name == "*" or (len(name) > 1 and name.startswith("^") and name.endswith("$"))


def _unique_names(cells: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for i, cell in enumerate(cells):
        name = cell if cell and not _polars_pattern(cell) else f"_column_{i + 1}"
        if name in seen or name == "source_row":
            seen[name] = seen.get(name, 1) + 1
            name = f"{name}_{seen[name]}"
        seen.setdefault(name, 1)
        names.append(name)
    return names


# What spreadsheets, databases and scripts write for a missing value (`#N/A` from Excel, `NULL`
# from SQL dumps and CRMs, `None` and `NaN` from Python, `undefined` from JavaScript, `(null)`
# from Objective-C): no one's name, number or address. A HubSpot export had `null` as 7 family
# names and 81 phone cells (docs/realworld14.md H1); read as text, "John null" and "Mary NULL"
# shared the family name "null". Exact spellings only: "Nan" and "Nil" are given names.
# And what an app or a form writes for a field its user left empty, in words: a French
# contact manager's export wrote "Non renseigné" ("not given") as the company of 31 of its 32
# rows (docs/rw40.md A16), read as an organisation that made them all colleagues; "Not
# provided", "Not specified" and German "Keine Angabe" are the same words in other tools.
MISSING = ("", "NA", "N/A", "#N/A", "NULL", "null", "Null", "None", "NaN", "undefined", "(null)",
           "Non renseigné", "non renseigné", "Non renseignée", "non renseignée", "Non communiqué",
           "Not provided", "not provided", "Not Provided", "Not specified", "not specified",
           "Not Specified", "Keine Angabe", "keine Angabe")


def _finish(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """Trim and bound every cell; empty strings and the placeholders of MISSING are missing
    values, not text."""
    return frame.with_columns(
        [pl.col(c).str.slice(0, MAX_CELL).str.strip_chars() for c in names]
    ).with_columns(
        [pl.when(pl.col(c).is_in(MISSING)).then(None).otherwise(pl.col(c)).alias(c)
         for c in names]
    )


def _swallowed_rows(frame: pl.DataFrame, names: list[str], delimiter: str) -> bool:
    """Whether a cell may hold rows two stray quotes took: its first line fills the row from
    its column on, and its last line starts a row at that column or later (the fast reader
    pads a row the quotes made short). A cell of several lines is common (notes, addresses);
    one of this shape is not."""
    width = len(names)
    # such a cell in column i holds a line break and width - 1 - i delimiters: a shorter cell
    # is none (its length is read from the offsets, not the bytes: most cells cost nothing)
    broken = frame.select(
        pl.col(c).filter(pl.col(c).str.len_bytes() >= width - i)
        .str.contains("\n", literal=True).any() for i, c in enumerate(names)).row(0)
    for i, name in enumerate(names):
        if not broken[i]:
            continue
        lines = frame.get_column(name).filter(
            frame.get_column(name).str.contains("\n", literal=True)).str.split("\n")
        if lines.to_frame("c").select(
                ((pl.col("c").list.first().str.count_matches(delimiter, literal=True)
                  == width - 1 - i)
                 & (pl.col("c").list.last().str.count_matches(delimiter, literal=True) >= i))
                .any()).item():
            return True
    return False


def _read_fast(body: str, header_cells: list[str], delimiter: str) -> CsvTable | None:
    """polars' multi-threaded reader for well-formed files; None means "use the tolerant
    path" (ragged long rows, bare CR line ends, anything the fast reader refuses)."""
    cells = [c.strip().lstrip("\ufeff").strip() for c in header_cells]
    if not cells or not cells[-1] or "\r" in body.replace("\r\n", ""):
        return None
    names = _unique_names(cells)
    try:
        frame = pl.read_csv(io.BytesIO(body.encode("utf-8")), has_header=False,
                            new_columns=names, infer_schema=False, separator=delimiter,
                            quote_char='"', raise_if_empty=False)
    except BaseException as exc:  # the tolerant reader decides what is wrong with it
        if not is_internal(exc):  # a panic of polars' reader too (pyo3: a BaseException)
            raise
        return None
    if frame.width != len(names):
        return None
    if frame.height and ends_in_open_quote(body, frame.row(frame.height - 1)):
        return None  # the tolerant reader gives back the rows a stray quote took
    if _swallowed_rows(frame, names, delimiter) and quote_closed_inside_a_cell(body, delimiter):
        return None  # and the rows two stray quotes took
    # Two short rows side by side leave the last column empty on both: only then is a broken
    # row possible, and the tolerant reader joins it.
    if (frame.height <= BROKEN_ROWS_MAX and frame.get_column(names[-1]).null_count() >= 2
            and has_broken_rows(body, delimiter, len(names))):
        return None
    frame = _finish(frame.select(names), names)
    # Rows with no content at all are not data (blank lines, Excel's ",,," rows).
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in names)) \
        if names else frame
    frame = frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("source_row"))
    rejects, rows_total = Rejects(), frame.height  # the repairs move rows into rejects
    frame = unwrap_lines(frame, names, delimiter, rejects, _finish)
    frame = without_report_footer(frame, names, delimiter, rejects)
    return CsvTable(names, without_header_lines(frame, names, cells, delimiter, rejects),
                    rejects, rows_total, delimiter)


def spaced_delimiters(text: str, header_row: int, delimiter: str) -> bool:
    """Whether the file writes a space after each delimiter (`Email, First name, Last name`)
    and quotes a value after that space (`, "Foo 3"`, `, "Acme, Inc."`): hand-typed CSV, which
    Keila's importer accepts (docs/realworld24.md K2). Read without skipping the space, the
    quotes were part of the name and a quoted comma split the row ("5 fields but the header
    has 4"). The header decides: a value of one file that starts with a space is kept so."""
    if f'{delimiter} "' not in text:
        return False
    reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter, strict=False)
    cells: list[str] = []
    try:
        for _ in range(header_row + 1):
            cells = next(reader, [])
    except csv.Error:
        return False
    return len(cells) > 1 and all(c.startswith(" ") and c.strip() for c in cells[1:])


def read_table(text: str, header_row: int, delimiter: str) -> CsvTable:
    """Read every row after the header. Short rows are padded (hand-edited files) unless two
    of them are one row broken by an unquoted line break; long rows whose extra cells are
    empty are trimmed (Excel's trailing commas); other long rows and rows the CSV parser
    cannot read are rejected. Rows with no content at all are not data."""
    sio = io.StringIO(text, newline="")  # "": a bare CR ends a row too (Excel for Mac)
    spaced = spaced_delimiters(text, header_row, delimiter)
    reader = csv.reader(sio, delimiter=delimiter, strict=False, skipinitialspace=spaced)
    rejects = Rejects()
    header_cells: list[str] = []
    for _ in range(header_row + 1):
        header_cells = next(reader, [])
    # (polars cannot skip the space before a quote: a spaced file is read by the csv module)
    fast = None if spaced else _read_fast(text[sio.tell():], header_cells, delimiter)
    if fast is not None:
        return fast
    header_cells = [c.strip().lstrip("\ufeff").strip() for c in header_cells]
    read = read_rows(reader)
    header_cells = _named_width(header_cells, read)
    width = len(header_cells)
    names = _unique_names(header_cells)
    rows: list[list[str]] = []
    row_ids: list[int] = []
    before = len(read)
    if read and isinstance(read[-1], list) and ends_in_open_quote(text, read[-1]):
        read = stray_quote_rows(read, width, delimiter)
    if any(isinstance(r, list) and any("\n" in c for c in r) for r in read) \
            and quote_closed_inside_a_cell(text, delimiter):
        read = closed_stray_quote_rows(read, width, delimiter)
    given_back = len(read) - before
    n = rejoined = 0
    for row in join_broken(read, width):
        n += 1
        if isinstance(row, str):
            rejects.add(n - 1, row)
            continue
        if len(row) > width and (fixed := split_address(row, header_cells)):
            row, rejoined = fixed, rejoined + 1
        if len(row) > width and any(c.strip() for c in row[width:]):
            rejects.add(n - 1, f"Row has {len(row)} fields but the header has {width}; "
                        "its values cannot be matched to columns.", delimiter.join(row))
        else:
            rows.append(row[:width] + [""] * (width - len(row)))
            row_ids.append(n - 1)
    if rows:
        columns = list(zip(*rows, strict=True))
    else:
        columns = [()] * width
    data = {}
    for name, col in zip(names, columns, strict=True):
        series = pl.Series(name, col, dtype=pl.String)
        data[name] = series
    frame = pl.DataFrame(data) if data else pl.DataFrame()
    frame = _finish(frame, names).with_columns(pl.Series("source_row", row_ids, dtype=pl.Int64))
    frame = without_report_footer(unwrap_lines(frame, names, delimiter, rejects, _finish),
                                  names, delimiter, rejects)
    return CsvTable(names, without_header_lines(frame, names, header_cells, delimiter, rejects),
                    rejects, n, delimiter,
                    " ".join(filter(None, (_given_back(given_back), rejoined_note(rejoined))))
                    or None)


def _named_width(header_cells: list[str], read: list) -> list[str]:
    """The header without its trailing empty cells (Excel re-saves, Learning.csv's trailing
    comma), but those a row fills: a press list's header ends in an unnamed column that one
    row holds a phone number in (docs/realworld21.md, T3). That row was rejected as too long;
    its unnamed cell is a column now, unread and named in the run's log."""
    named = len(header_cells)
    while named and not header_cells[named - 1]:
        named -= 1
    end = len(header_cells)  # only the empty cells are looked at: most files have none
    filled = max((named + i + 1 for row in read if isinstance(row, list)
                  for i, cell in enumerate(row[named:end]) if cell.strip()), default=named)
    return header_cells[:filled]


def _given_back(rows: int) -> str | None:
    return (f"{rows} row{'s' if rows > 1 else ''} that a stray quote (`\"Bob`) had taken into "
            "one cell read again as rows of their own." if rows else None)


def one_line(value) -> str:
    """A cell as one line of terminal text: line breaks and tabs as spaces (a need typed over
    two lines would split a numbered list), "" for none."""
    return " ".join(str(value).split()) if value is not None else ""
