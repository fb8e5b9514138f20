"""How one file's bytes become rows: which reader takes it (vCard, LDIF, a CSV kind, a table
with no header kith knows), or why it is skipped or rejected, in the user's terms. A reader's
exception rejects the file, never the run (`parse_file`)."""

from __future__ import annotations

import traceback
from pathlib import PurePosixPath

from pipeline import cache, csvjoined, detect, schema
from pipeline.errors import is_internal
from pipeline.formats import headerless, ldif, slack, telegram, vcard, workbook
from pipeline.formats.base import NotContacts, Parsed, Withheld, excerpt
from pipeline.formats.vcard_cards import has_vcard_lines
from pipeline.textio import (
    MAX_COLUMNS,
    decode,
    header_width,
    looks_binary,
    read_table,
    stray_nuls,
    too_wide,
)

# Known non-contact files that are not CSV (LinkedIn archive articles, images, PDFs).
_SKIP_SUFFIXES = {
    ".html": "html_document", ".htm": "html_document", ".jpg": "image", ".jpeg": "image",
    ".png": "image", ".gif": "image", ".pdf": "pdf_document",
}


# Files whose content matched no export and whose name says they are documents or data.
_DOCUMENT_SUFFIXES = {".md", ".txt", ".rst", ".json", ".parquet", ".xml", ".log", ".ini",
                      ".toml", ".yaml", ".yml", ".py", ".sh"}


# The format recorded for a file whose reader raised (a kith bug): rejected, never cached.
READER_FAILED = "reader_failed"


class Skip(str):
    """A reason that means: skipped (a known non-contact file), not rejected."""


def parse_bytes(data: bytes, basename: str, fallback_encoding: str) -> tuple[str, str | None, Parsed | None]:
    """(format, skip-or-reject reason, parsed). parsed is None when the file is not read."""
    if not data.strip().lstrip(b"\xef\xbb\xbf\xff\xfe").strip(b"\x00 \r\n\t"):
        return "empty", "The file is empty.", None
    if detect.looks_like_vcard(data[:65536]):
        parsed = vcard.parse_vcard(data, fallback_encoding)
        if parsed.rows_total == 0:
            return "vcard", "No vCard cards found in the file.", None
        return "vcard", None, parsed
    suffix = PurePosixPath(basename).suffix.lower()
    if suffix in (".xls", ".xlt") and data[:4] == b"\xd0\xcf\x11\xe0":  # before decoding it
        return "spreadsheet", Withheld(f"An Excel 97-2003 workbook: {workbook.SAVE_AS}", ""), None
    text, encoding = decode(data, fallback_encoding)
    nuls = stray_nuls(text)
    if nuls:
        text = text.replace("\x00", "")
    fmt, reason, parsed = _parse_text(data, text, encoding, basename, suffix)
    if parsed is not None and nuls:
        parsed.note = " ".join(filter(None, (
            f"{nuls} NUL byte{'s' if nuls > 1 else ''} (a damaged or padded file) removed "
            "before reading.", parsed.note)))
    return fmt, reason, parsed


def _parse_text(data: bytes, text: str, encoding: str, basename: str, suffix: str
                ) -> tuple[str, str | None, Parsed | None]:
    """parse_bytes for a file that is not a vCard or an old Excel workbook, once decoded."""
    other = detect.other_content(data, text)
    if other is not None and other[0] == "json":
        # JSON is read only in the shapes kith knows: Telegram Desktop's data export and a
        # Slack workspace export's member list
        found = telegram.read(text)
        if found is not None:
            fmt, reason, parsed = found
            if parsed is not None:
                parsed.encoding = encoding
            if reason is not None and not isinstance(reason, telegram.Damaged):
                reason = Skip(reason)  # a known export with nothing to read, or a chat
            return fmt, reason, parsed
        found = slack.read(text)  # a Slack workspace export's users.json
        if found is not None:
            found[2].encoding = encoding
            return found
    if other is not None:
        said = detect.json_reason(data) if other[0] == "json" else other[1]
        return other[0], Skip(said), None
    if suffix in _SKIP_SUFFIXES:
        return _SKIP_SUFFIXES[suffix], Skip("Not a contact export (a document or image)."), None
    if looks_binary(text):
        return "binary", "Binary data, not a contact export kith knows.", None
    if ldif.looks_like_ldif(text):
        parsed = ldif.parse_ldif(text)
        if parsed.rows_total == 0:
            return "ldif", "No LDIF entries found in the file.", None
        parsed.encoding = encoding
        return "ldif", None, parsed
    match = detect.match_csv(text, basename)
    if match is None:
        fmt, reason, _ = _unrecognised(text, suffix)
        # a table with no header kith knows: read on its values' evidence, or told why not
        found = headerless.read(text, basename.lower(), encoding) if fmt in (
            "unknown", "document") else None
        if found is None or (fmt == "document" and found[0] != headerless.FORMAT):
            return fmt, reason, None  # a document stays one unless its lines are such a table
        return found
    if match.kind.parse is None:
        return match.kind.name, Skip("A known export file that holds no contacts."), None
    width = header_width(text, match.header_row, match.delimiter)
    if width > MAX_COLUMNS:
        return match.kind.name, too_wide(width), None
    cut = csvjoined.second_export(text, match, basename)
    if cut is not None:
        parts = [_parse_text(data, part, encoding, basename, suffix)
                 for part in (text[:cut], text[cut:])]
        if all(parsed is not None for _, _, parsed in parts):
            return parts[0][0], None, csvjoined.joined([parsed for _, _, parsed in parts])
    try:
        parsed, table = _parse_table(text, match, basename)
    except NotContacts as exc:
        # a report's summary above its table (Zoom's meeting row): the table below, if any
        below = detect.match_below_summary(text, basename, match)
        try:
            parsed, table = _parse_table(text, below, basename) if below else (None, None)
        except NotContacts:
            parsed = None
        if parsed is None:
            return match.kind.name, exc.reason, None
        match = below
    parsed.encoding = encoding
    parsed.note = table.repaired
    return match.kind.name, None, parsed


def _parse_table(text: str, match: detect.CsvMatch, basename: str):
    table = read_table(text, match.header_row, match.delimiter)
    return match.kind.parse(table, basename.lower()), table


def _unrecognised(text: str, suffix: str) -> tuple[str, str, None]:
    """Why a text file that matched no reader is not read, in the user's terms."""
    if has_vcard_lines(text):
        return "vcard", ("Looks like a vCard file, but no card could be found in it (no "
                         "BEGIN:VCARD line, and no END:VCARD after properties)."), None
    if suffix in _DOCUMENT_SUFFIXES or detect.looks_like_prose(text):
        return "document", Skip("A text document, not a table of contacts."), None
    return "unknown", (
        "Not a recognised contact export: no header row kith knows in the first rows "
        "(LinkedIn, Google, Outlook, Thunderbird CSV or vCard expected)."
    ), None


def parse_file(data: bytes, basename: str, fallback_encoding: str, debug: bool) -> cache.Entry:
    try:
        fmt, reason, parsed = parse_bytes(data, basename, fallback_encoding)
    except BaseException as exc:  # a reader bug: the file is rejected, the run goes on
        if not is_internal(exc):  # a library's panic counts too
            raise
        if debug:
            traceback.print_exc()
        return cache.Entry(READER_FAILED, "rejected",
                           f"kith failed while reading this file ({type(exc).__name__}); "
                           "run with --debug for details.", None)
    if parsed is None:
        status = "skipped" if isinstance(reason, Skip) else "rejected"
        shown = getattr(reason, "shown", data[:200])  # a password export: its header only
        reason = str(reason) if reason is not None else None
        if status == "rejected":
            parsed = Parsed(rejects=schema.from_columns(
                {"source_row": [None], "reason": [reason], "excerpt": [excerpt(shown)]},
                schema.REJECTS))
        return cache.Entry(fmt, status, reason, parsed)
    reason = parsed.note if parsed.rows_total else "The file has a header but no data rows."
    return cache.Entry(fmt, "ingested", reason, parsed)
