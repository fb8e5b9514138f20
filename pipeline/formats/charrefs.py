"""HTML character references in contact text, read as the characters they name.

Yahoo Mail's contact exports escape an apostrophe as a numeric HTML reference in every field,
CSV and vCard alike: `O&#39;Quill`, `12 Abbot&#39;s Way`, a note's `won&#39;t`
(docs/rw41.md B1, B2). In a CSV cell the name was shown as `O&#39;Brien`; in a vCard the
reference's `;` is the separator of N and ADR, so `N:O&#39;Quill;Nora;;;` became the
family name `O&#39` and the given name `Quill`, and the street `12 Abbot&#39` in the city
`s Way`. No one types a character reference into an address book: it is always an
exporter's escaping. Only numeric references are read (`&#39;`, `&#x27;`), and only those naming
a printable character; a named one (`&amp;`) is left as typed, since `&amp;` may be written by
hand and LinkedIn's message HTML is read elsewhere.
"""

from __future__ import annotations

import re

import polars as pl

_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_MARK = "&#"
# In a vCard value these characters are structure (RFC 6350 3.4); a reference naming one is
# written back escaped, so it stays part of its component.
_VCARD_SPECIAL = ";,"


def _printable(m: re.Match) -> str | None:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    char = chr(code)
    return char if char.isprintable() else None


def _text_ref(m: re.Match) -> str:
    char = _printable(m)
    return m.group(0) if char is None or char == "\\" else char


def _vcard_ref(m: re.Match) -> str:
    char = _text_ref(m)
    return "\\" + char if char in _VCARD_SPECIAL else char


def text(value: str) -> str:
    """'O&#39;Brien' -> "O'Brien" (a CSV cell)."""
    return _REF.sub(_text_ref, value) if _MARK in value else value


def vcard_value(value: str) -> str:
    """A vCard property value before it is split into components: 'O&#39;Quill;Nora;;;' ->
    "O'Quill;Nora;;;"; a reference to ';' or ',' becomes the escaped character."""
    return _REF.sub(_vcard_ref, value) if _MARK in value else value


def frame(data: pl.DataFrame) -> pl.DataFrame:
    """Every String column's references read; columns without one are not touched."""
    cols = [c for c, dtype in data.schema.items() if dtype == pl.String
            and data.get_column(c).str.contains(_MARK, literal=True).any()]
    if not cols:
        return data
    return data.with_columns(pl.col(c).map_elements(text, return_dtype=pl.String) for c in cols)
