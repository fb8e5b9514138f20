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


def header_candidates(text: str, max_lines: int = 12) -> list[tuple[int, str, list[str]]]:
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
MISSING = ("", "NA", "N/A", "#N/A", "NULL", "null", "Null", "None", "NaN", "undefined", "(null)")


def _finish(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """Trim and bound every cell; empty strings and the placeholders of MISSING are missing
    values, not text."""
    return frame.with_columns(
        [pl.col(c).str.slice(0, MAX_CELL).str.strip_chars() for c in names]
    ).with_columns(
        [pl.when(pl.col(c).is_in(MISSING)).then(None).otherwise(pl.col(c)).alias(c)
         for c in names]
    )


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
    except Exception:  # noqa: BLE001 - the tolerant reader decides what is wrong with it
        return None
    if frame.width != len(names):
        return None
    if frame.height and _ends_in_open_quote(body, frame.row(frame.height - 1)):
        return None  # the tolerant reader gives back the rows a stray quote took
    # Two short rows side by side leave the last column empty on both: only then is a broken
    # row possible, and the tolerant reader joins it.
    if (frame.height <= BROKEN_ROWS_MAX and frame.get_column(names[-1]).null_count() >= 2
            and _has_broken_rows(body, delimiter, len(names))):
        return None
    frame = _finish(frame.select(names), names)
    # Rows with no content at all are not data (blank lines, Excel's ",,," rows).
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in names)) \
        if names else frame
    frame = frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("source_row"))
    rejects = Rejects()
    frame = _unwrap_lines(frame, names, delimiter, rejects)
    return CsvTable(names, _without_header_lines(frame, names, cells, delimiter, rejects),
                    rejects, frame.height, delimiter)


HEADER_LINE = ("A line of this file's column names inside its data (a header pasted or "
               "repeated there), not a person.")


def _without_header_lines(frame: pl.DataFrame, names: list[str], cells: list[str],
                          delimiter: str, rejects: Rejects) -> pl.DataFrame:
    """Rows whose filled cells, two or more, are all column names of the file's own header,
    rejected. Exports joined with `cat` (or a second one pasted below the first, its BOM
    included) repeat the header, and a Russian Outlook export ended in the header line of
    another layout (docs/realworld12.md R1): read as contacts they were people named
    "First Name Middle Name Last Name" at "Organization Name", or "Должность Отдел"."""
    header = {c.lower() for c in cells if c}
    if not names or not header or frame.height == 0:
        return frame
    named = [pl.col(c).is_null() | pl.col(c).str.strip_chars_start("\ufeff").str.to_lowercase()
             .is_in(list(header)) for c in names]
    # one column first: only the rows where it is empty or a column name are compared cell by
    # cell (a file with no such line, nearly every file, pays for that one column)
    maybe = frame.filter(named[0])
    if maybe.height == 0:
        return frame
    lines = maybe.filter(pl.all_horizontal(named)
                         & (pl.sum_horizontal(pl.col(c).is_not_null() for c in names) >= 2))
    if lines.height == 0:
        return frame
    for row in lines.iter_rows(named=True):
        rejects.add(row["source_row"], HEADER_LINE, delimiter.join(row[n] or "" for n in names))
    return frame.join(lines.select("source_row"), on="source_row", how="anti",
                      maintain_order="left")


# Fewer columns and a row of one cell is as likely a quoted value with commas in it.
_UNWRAP_MIN_WIDTH = 5


def _unwrap_lines(frame: pl.DataFrame, names: list[str], delimiter: str, rejects: Rejects
                  ) -> pl.DataFrame:
    """Rows whose first cell holds a whole CSV line, the other cells empty, read as that line.

    A comma file opened as one column in a spreadsheet set to ";" and saved again quotes the
    lines that hold a quote ('"Ann,Lee,,""Acme, Inc"",CTO,07 Jun 2021"': docs/realworld8.md
    L1); read as written, the person is named by the whole line. Only a cell that splits into
    exactly the header's cells (trailing empty ones aside) in a table of at least five
    columns, some of whose other rows fill more than the first column, is taken for a line;
    one that splits into more cells is rejected as any row longer than the header is."""
    if len(names) < _UNWRAP_MIN_WIDTH or frame.height == 0:
        return frame
    if any(frame.get_column(c).null_count() == 0 for c in names[1:]):
        return frame  # a column filled on every row: no row has its first cell alone
    rest_empty = pl.all_horizontal(pl.col(c).is_null() for c in names[1:])
    lone = rest_empty & pl.col(names[0]).str.contains(delimiter, literal=True)
    mask = frame.select(lone.fill_null(False)).to_series()
    if not mask.any() or frame.select(rest_empty).to_series().all():
        return frame
    fixed, dropped = [], []
    for row in frame.filter(mask).iter_rows(named=True):
        try:
            cells = next(csv.reader([row[names[0]]], delimiter=delimiter, strict=False), [])
        except csv.Error:  # a bare CR inside the cell: not one line of the file, kept as read
            continue
        while len(cells) > len(names) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(names):
            rejects.add(row["source_row"], f"Row is one quoted cell holding a line of "
                        f"{len(cells)} fields but the header has {len(names)}; its values "
                        "cannot be matched to columns.", row[names[0]])
            dropped.append(row["source_row"])
        elif len(cells) == len(names):
            values = [c.strip() or None for c in cells]
            fixed.append(dict(zip(names, values, strict=True)) | {"source_row": row["source_row"]})
    if not fixed and not dropped:
        return frame
    done = pl.Series([r["source_row"] for r in fixed] + dropped, dtype=pl.Int64)
    repl = _finish(pl.DataFrame(fixed, schema=frame.schema), names)
    return pl.concat([frame.filter(~pl.col("source_row").is_in(done.implode())), repl]) \
        .sort("source_row")


# Files this small are checked for rows broken by a line break that was not quoted; a hand-made
# or script-written file is, an exporter's large one is not (and its check would cost).
BROKEN_ROWS_MAX = 5_000


def _joins(a: list[str], b: list[str], width: int) -> bool:
    """Rows `a` and `b` could be one row broken inside a cell by an unquoted line break: both
    short, together one cell more than the header, the break between two filled cells
    (docs/realworld12.md I1: "123 Main St<LF>Apt 9" in a street column). Read apart, the
    second half was a person named by the values of other columns."""
    return (len(a) < width and len(b) < width and len(a) + len(b) - 1 == width
            and bool(a[-1].strip()) and bool(b[0].strip()))


def _broken_pairs(rows: list[list[str]], width: int) -> list[int]:
    """Where broken rows start: only when every short row of the file is half of such a
    pair. A file whose rows leave out their empty trailing cells (hand-made, some scripts)
    has short rows of its own; two of them side by side can add up by chance, and joined they
    would lose a person."""
    short = [i for i, r in enumerate(rows) if len(r) < width]
    if len(short) % 2:
        return []
    starts = short[0::2]
    if any(j != i + 1 or not _joins(rows[i], rows[j], width)
           for i, j in zip(starts, short[1::2], strict=True)):
        return []
    return starts


def _has_broken_rows(body: str, delimiter: str, width: int) -> bool:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = [r for r in reader if any(c.strip() for c in r)]
    except csv.Error:
        return False
    return bool(_broken_pairs(rows, width))


def _ends_in_open_quote(body: str, last_row) -> bool:
    """The file ends inside a quoted cell: its last row holds a line break and the file an odd
    number of quote characters (a quoted cell has two, a quote inside one is doubled)."""
    return any(isinstance(c, str) and "\n" in c for c in last_row) and body.count('"') % 2 == 1


def _stray_quote_rows(read: list[list[str] | str], width: int, delimiter: str
                      ) -> list[list[str] | str]:
    """The rows a stray quote took, given back. A `"` typed at the start of a cell (`"Bob`)
    opens a quoted cell that no quote closes: the CSV parser reads every later line of the
    file into that one cell, and those people were lost without a word. When the file ends
    inside that cell (_ends_in_open_quote) and most of the cell's later lines read as rows
    of the header's width (or, on the last row, its one line fills the row's cells), the
    cell's first line is the rest of its row (the quote kept in the value) and each later
    line a row of its own; a note cut off by a truncated file, whose lines are no rows,
    stays one cell."""
    out = list(read)
    while out and isinstance(out[-1], list) and out[-1] and "\n" in out[-1][-1]:
        row = out[-1]
        first, *lines = row[-1].split("\n")
        later = _read_rows(csv.reader(io.StringIO("\n".join(lines), newline=""),
                                      delimiter=delimiter, strict=False))
        head = next(csv.reader([first], delimiter=delimiter, strict=False), [""])
        whole = sum(isinstance(r, list) and len(r) == width for r in later)
        # nothing after it (a quote on the last row): its line must fill the row's cells
        if (2 * whole <= len(later)) if later else (len(row) - 1 + len(head) != width):
            break
        out[-1:] = [row[:-1] + ['"' + head[0]] + head[1:], *later]
    return out


def _read_rows(reader) -> list[list[str] | str]:
    """The rows with content, in order; a row the CSV parser cannot read is its message."""
    out: list[list[str] | str] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            out.append(f"The CSV parser could not read this row ({exc}).")
            continue
        if row and any(c.strip() for c in row):
            out.append(row)


def _join_broken(read: list[list[str] | str], width: int) -> list[list[str] | str]:
    """The rows with each broken pair made one row again (its line break kept in the value).
    An unreadable row counts as a short row no pair holds: then nothing is joined."""
    starts = set(_broken_pairs([r if isinstance(r, list) else [] for r in read], width))
    if not starts:
        return read
    out: list[list[str] | str] = []
    for i, row in enumerate(read):
        if i - 1 in starts:
            continue  # the second half, joined to the first
        if i in starts:
            nxt = read[i + 1]
            row = row[:-1] + [row[-1] + "\n" + nxt[0]] + nxt[1:]
        out.append(row)
    return out


def read_table(text: str, header_row: int, delimiter: str) -> CsvTable:
    """Read every row after the header. Short rows are padded (hand-edited files) unless two
    of them are one row broken by an unquoted line break; long rows whose extra cells are
    empty are trimmed (Excel's trailing commas); other long rows and rows the CSV parser
    cannot read are rejected. Rows with no content at all are not data."""
    sio = io.StringIO(text, newline="")  # "": a bare CR ends a row too (Excel for Mac)
    reader = csv.reader(sio, delimiter=delimiter, strict=False)
    rejects = Rejects()
    header_cells: list[str] = []
    for _ in range(header_row + 1):
        header_cells = next(reader, [])
    fast = _read_fast(text[sio.tell():], header_cells, delimiter)
    if fast is not None:
        return fast
    header_cells = [c.strip().lstrip("\ufeff").strip() for c in header_cells]
    # Drop trailing empty header cells (Excel re-saves, Learning.csv's trailing comma).
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    width = len(header_cells)
    names = _unique_names(header_cells)
    rows: list[list[str]] = []
    row_ids: list[int] = []
    read = _read_rows(reader)
    if read and isinstance(read[-1], list) and _ends_in_open_quote(text, read[-1]):
        read = _stray_quote_rows(read, width, delimiter)
    n = 0
    for row in _join_broken(read, width):
        n += 1
        if isinstance(row, str):
            rejects.add(n - 1, row)
        elif len(row) > width and any(c.strip() for c in row[width:]):
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
    frame = _unwrap_lines(frame, names, delimiter, rejects)
    return CsvTable(names, _without_header_lines(frame, names, header_cells, delimiter, rejects),
                    rejects, n, delimiter)
