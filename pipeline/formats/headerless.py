"""A CSV with no header row: read only when the values alone say what every column holds.

Users keep lists they typed or pasted themselves with no header (docs/realworld12.md K2, R2:
`name;company;title;URL;e-mail`, `full name,title,department,phone,extension,e-mail`). Such a
file was refused with "no header row kith knows", which told the user nothing about what to
change. kith now reads one when each column's values, all of them, are of one kind kith can
tell without a header -- person names, e-mail addresses or phone numbers -- and there is
positive evidence that the rows are people: a column of e-mail addresses, or a column of
names beside a column of phone numbers. At most one column may hold names: two columns of
words can be a name and a company, a given and a family name, or a title and a department,
and guessing would invent people (a company read as a family name). Otherwise the file is
refused with a reason that says which columns kept kith from reading it and what to do.

A file whose first row breaks a column's kind while every other row keeps it has a header kith
does not know: that is said too (rename the columns), rather than reading the header as a
person or guessing which names mean what.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.formats.addressbook import parse_with
from pipeline.formats.base import NotContacts, Parsed
from pipeline.textio import read_table

FORMAT = "headerless_csv"
_EMAIL = re.compile(r"^(mailto:)?[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+$", re.I)
_PHONE = re.compile(r"^\+?\(?[0-9][0-9 ().\-/]{4,24}$")
_NAME_PUNCTUATION = frozenset(" .'’-,")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15  # shorter is an extension or a code, longer an id
MAX_NAME_WORDS = 5
MIN_WIDTH_SHARE = 0.9  # rows with the table's width: a row or two may hold a stray delimiter
_HEADER_NAMES = {"email": "E-mail", "phone": "Phone", "name": "Name"}
_WHAT_TO_DO = ("Add a first row that names the columns (for example "
               "Name,Company,Title,E-mail,Phone) and run kith again.")


def _is_name(value: str) -> bool:
    if len(value) > 60 or len(value.split()) > MAX_NAME_WORDS:
        return False
    return any(ch.isalpha() for ch in value) and all(
        ch.isalpha() or ch in _NAME_PUNCTUATION or ch in "\u200e\u200f" for ch in value)


def _is_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE.match(value)) and MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS


def value_kind(value: str) -> str:
    """"email", "phone", "name" or "other" for one non-empty cell."""
    if _EMAIL.match(value):
        return "email"
    if _is_phone(value):
        return "phone"
    return "name" if _is_name(value) else "other"


def column_kind(values: list[str]) -> str:
    """The one kind every filled cell of a column is, "empty", or "other" (mixed)."""
    kinds = {value_kind(v) for v in values if v}
    if not kinds:
        return "empty"
    return kinds.pop() if len(kinds) == 1 else "other"


@dataclass(frozen=True)
class Table:
    delimiter: str
    rows: list[list[str]]  # rows with a value, cells stripped, padded to `width`
    width: int
    lines: list[int]  # the line each row starts on, for the user


_SEPARATOR = re.compile(r"^[\W_]+$")  # `---`, `===`, `***`: a rule between entries, no row


def _rows(text: str, delim: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)
    out, line = [], 1
    for row in reader:
        cells = [c.strip() for c in row]
        if any(cells) and not _SEPARATOR.match("".join(cells)):
            out.append((line, cells))
        line = reader.line_num + 1
    return out


def table_of(text: str) -> Table | None:
    """The file as a table: the delimiter most rows split into the same 2+ cells by, or one
    column when no line holds a delimiter. None when it is not a table. A line of dashes
    between entries is no row (a hand-typed list, docs/realworld13.md H1)."""
    best: Table | None = None
    for delim in (",", ";", "\t"):
        try:
            rows = _rows(text, delim)
        except csv.Error:
            continue
        if not rows:
            return None
        width, n = Counter(len(r) for _, r in rows).most_common(1)[0]
        if width >= 2 and n >= MIN_WIDTH_SHARE * len(rows) and (best is None or
                                                                width > best.width):
            best = Table(delim, [r + [""] * (width - len(r)) for _, r in rows], width,
                         [ln for ln, _ in rows])
    if best is None and not any(d in text for d in ",;\t"):
        rows = _rows(text, ",")
        return Table(",", [r for _, r in rows], 1, [ln for ln, _ in rows]) if rows else None
    return best


def _first_odd(table: Table, columns: list[int]) -> int | None:
    """The first line on which one of `columns` holds a value of another kind than most of
    the column's values (or of no kind): where the user should look."""
    odd = []
    for i in columns:
        kinds = [value_kind(r[i]) if r[i] else None for r in table.rows]
        usual = Counter(k for k in kinds if k).most_common(1)[0][0]
        odd += [ln for ln, k in zip(table.lines, kinds, strict=True) if k and k != usual][:1]
    return min(odd) if odd else None


def _kinds(rows: list[list[str]], width: int) -> list[str]:
    return [column_kind([r[i] for r in rows if i < len(r)]) for i in range(width)]


def _columns(numbers: list[int]) -> str:
    words = [str(n + 1) for n in numbers]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return ("column " if len(words) == 1 else "columns ") + listed


def refusal(kinds: list[str], odd_line: int | None = None) -> str | None:
    """Why columns of these kinds are not read as contacts without a header, or None."""
    other = [i for i, k in enumerate(kinds) if k == "other"]
    names = [i for i, k in enumerate(kinds) if k == "name"]
    problems = []
    if len(names) > 1:
        problems.append(f"{_columns(names)} all hold words, which can be names, companies or "
                        "titles")
    if other:
        where = f" (line {odd_line}, for one)" if odd_line else ""
        problems.append(f"{_columns(other)} {'holds' if len(other) == 1 else 'hold'} values "
                        f"that are not all names, e-mail addresses or phone numbers{where}")
    if not problems and "email" not in kinds and not ("phone" in kinds and names):
        problems.append("nothing in it shows the rows are people: no column of e-mail "
                        "addresses, and no column of names beside one of phone numbers")
    if not problems:
        return None
    return ("No header row, and kith reads a file without one only when every column holds "
            "one kind of value it can tell apart (person names in one column, e-mail "
            f"addresses, phone numbers): here {'; '.join(problems)}. {_WHAT_TO_DO}")


_WEB = re.compile(r"https?://|www\.|@", re.I)
# A span of years, `2010/2011` or `2019-2020`: a statistics table's column name (a yearly
# outlook named outlook.csv, docs/realworld39b.md), though its digits would make a number
_YEARS = re.compile(r"^(19|20)\d\d\s*[/-]\s*(19|20)?\d\d$")


def _no_label(cell: str) -> bool:
    """A value no column name is: an address, a number, a web address (K2's first row is a
    person with a profile URL and no e-mail address)."""
    if _YEARS.match(cell):
        return False
    return value_kind(cell) in ("email", "phone") or bool(_WEB.search(cell))


def assess(text: str) -> tuple[Table, list[str]] | tuple[str, str] | None:
    """(table, column kinds) when the file is read; (format, reason) when it is refused with
    a reason of its own; None when the caller's reason stands (no table, or a table whose
    first row may be a header of another kind of data: an export of tickets or orders)."""
    table = table_of(text)
    if table is None:
        return None
    kinds = _kinds(table.rows, table.width)
    reason = refusal(kinds)
    if reason is None:
        return table, kinds
    if table.width > 1 and any(_no_label(c) for c in table.rows[0] if c):
        # an address, a number or a web address in the first row: no header at all
        other = [i for i, k in enumerate(kinds) if k == "other"]
        return FORMAT, refusal(kinds, _first_odd(table, other))
    if len(table.rows) > 1 and refusal(_kinds(table.rows[1:], table.width)) is None:
        # its cells are not quoted: reasons are printed, and a row is no sure header
        return "unknown", (
            f"The first row looks like column names kith does not know (line "
            f"{table.lines[0]}), above rows of names, e-mail addresses or phone numbers: "
            "rename the columns to names kith reads (for example Name, Company, Title, "
            "E-mail, Phone) and run kith again.")
    return None


def read(text: str, basename: str, encoding: str) -> tuple[str, str | None, Parsed | None] | None:
    """(format, reason, parsed): parsed for a file read, a reason for one refused; None when
    the caller's reason stands."""
    found = assess(text)
    if found is None or isinstance(found[0], str):
        return None if found is None else (found[0], found[1], None)
    try:
        parsed = parse(text, *found, basename)
    except NotContacts as exc:
        return FORMAT, exc.reason, None
    parsed.encoding = encoding
    return FORMAT, None, parsed


def parse(text: str, table: Table, kinds: list[str], basename: str) -> Parsed:
    """Read the file under a header made from its columns' kinds."""
    seen: Counter[str] = Counter()
    header = []
    for i, kind in enumerate(kinds):
        name = _HEADER_NAMES.get(kind, f"Column {i + 1}")
        seen[name] += 1
        header.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    line = table.delimiter.join(header)
    return parse_with("csv", FORMAT, evidence=True)(
        read_table(f"{line}\n{text}", 0, table.delimiter), basename)
