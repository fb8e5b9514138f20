"""CSV cells that a spreadsheet will not execute.

A cell starting with =, +, -, @, tab or carriage return is a formula to Excel, LibreOffice and
Google Sheets (CSV injection). Such cells get a leading apostrophe, unless the cell is a plain
number or a phone number ("+1 415 555 0134", "-12.5"), which spreadsheets only display.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d+)?|[\d ()./-]{4,}\d)$")


def neutralise(cell: str | None) -> str:
    if cell is None:
        return ""
    if cell.startswith(_TRIGGERS) and not _PLAIN.match(cell):
        return "'" + cell
    return cell
