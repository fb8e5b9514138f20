"""Which export is this? Decided from content (header row, BEGIN:VCARD), never from the name.

CSV kinds are registered by the format modules (`KINDS` lists). The header row is searched in
the first rows for every delimiter, so LinkedIn's "Notes:" preamble and Excel's ";" re-saves
are found without special cases; the earliest matching row wins, then the kind's priority.

Files become contacts only on positive evidence: content that is known to be something else
(JSON, XML, PDF, images, calendars, e-mail, archives, prose) is named by `other_content` and
never offered to the CSV readers, whatever the file is called.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.formats import vcard
from pipeline.formats.base import CsvKind
from pipeline.textio import header_candidates

_FORMAT_MODULES = ("linkedin", "linkedin_activity", "google", "addressbook")


@cache
def csv_kinds() -> tuple[CsvKind, ...]:
    kinds: list[CsvKind] = []
    for name in _FORMAT_MODULES:
        kinds += importlib.import_module(f"pipeline.formats.{name}").KINDS
    names = [k.name for k in kinds]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"CSV kinds registered twice: {sorted(dupes)}")
    return tuple(kinds)


@dataclass(frozen=True)
class CsvMatch:
    kind: CsvKind
    header_row: int
    delimiter: str


def match_csv(text: str, basename: str, kinds=None) -> CsvMatch | None:
    """The earliest header row any kind matches, then the kind's priority. `kinds` narrows
    the registry (the format tests check one module's kinds alone)."""
    best: tuple | None = None
    base = basename.lower()
    # by row (stable: each row's delimiters in their order): a row after the best one found
    # cannot win, so the data rows below a header are not offered to every matcher
    for row, delim, cells in sorted(header_candidates(text), key=lambda c: c[0]):
        if best is not None and row > best[0][0]:
            break
        cellset = frozenset(c.lower() for c in cells if c)
        if len(cellset) < 1:
            continue
        found = (_matching(kinds, cellset, base) if kinds is not None
                 else _matching_registered(cellset, base))
        for kind in found:
            key = (row, -kind.priority, -len(cellset))
            if best is None or key < best[0]:
                best = (key, CsvMatch(kind, row, delim))
    return best[1] if best else None


def _matching(kinds, cellset: frozenset[str], base: str) -> tuple[CsvKind, ...]:
    found = []
    for kind in kinds:
        try:
            ok = kind.matches(cellset, base)
        except Exception:  # a matcher bug must not take the file down
            ok = False
        if ok:
            found.append(kind)
    return tuple(found)


@lru_cache(maxsize=4096)
def _matching_registered(cellset: frozenset[str], base: str) -> tuple[CsvKind, ...]:
    """The registered kinds that match one candidate row, remembered: matchers are functions
    of (cells, name) alone, and a batch worker meets the same export headers (and the same
    preamble rows before them) owner after owner; ~60 matchers on ~20 rows per file."""
    return _matching(csv_kinds(), cellset, base)


def looks_like_vcard(head: bytes) -> bool:
    return vcard.looks_like_vcard(head)


def looks_like_html(text: str) -> bool:
    start = text[:512].lstrip().lower()
    return start.startswith("<!doctype html") or start.startswith("<html")


# Magic numbers of binary formats a downloads folder holds: (prefix, offset, kind, what).
_MAGIC = (
    (b"%PDF-", 0, "pdf_document", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", 0, "image", "an image"),
    (b"\xff\xd8\xff", 0, "image", "an image"),
    (b"GIF87a", 0, "image", "an image"), (b"GIF89a", 0, "image", "an image"),
    (b"II*\x00", 0, "image", "an image"), (b"MM\x00*", 0, "image", "an image"),
    (b"WEBP", 8, "image", "an image"), (b"ftyp", 4, "media", "an image or video"),
    (b"\x1f\x8b", 0, "archive", "a gzip archive"), (b"BZh", 0, "archive", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "archive", "an xz archive"),
    (b"(\xb5/\xfd", 0, "archive", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "archive", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "archive", "a RAR archive"),
    (b"ustar", 257, "archive", "a tar archive"),
    (b"PAR1", 0, "parquet", "a Parquet table"), (b"SQLite format 3\x00", 0, "database",
                                                  "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", 0, "office_document", "an Office document"),
    (b"{\\rtf", 0, "document", "an RTF document"),
)
_JSON = re.compile(r'\s*(\{\s*("|\}|$)|\[\s*(\{|\[|"|-?\d|\]|true|false|null|$))')
_MARKUP = re.compile(r"\s*<(\?xml|!--|!DOCTYPE|[A-Za-z][\w:.-]*[\s>/])", re.I)
_MAIL_HEADER = re.compile(
    r"(return-path|received|delivered-to|message-id|mime-version|subject|from|to|date|"
    r"x-[\w-]+|content-type|reply-to|dkim-signature|arc-[\w-]+|authentication-results):",
    re.I)


def other_content(data: bytes, text: str) -> tuple[str, str] | None:
    """(kind, sentence) when the content is known not to be a contact export, else None."""
    for magic, offset, kind, what in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return kind, f"Not a contact export: {what}."
    head = text[:4096].lstrip("\ufeff \t\r\n")
    first = head.split("\n", 1)[0].strip()
    if first.upper().startswith("BEGIN:VCALENDAR"):
        return "calendar", "Not a contact export: a calendar (iCalendar)."
    if _JSON.match(head):
        return "json", "Not a contact export: JSON data."
    if _MARKUP.match(head):
        if looks_like_html(head) or "<html" in head[:2048].lower():
            return "html_document", "Not a contact export: an HTML page."
        return "xml", "Not a contact export: XML or other markup."
    lines = [ln for ln in head.split("\n")[:8] if ln.strip()]
    if first.startswith("From ") and "@" in first or sum(
            bool(_MAIL_HEADER.match(ln)) for ln in lines) >= 3:
        return "email", "Not a contact export: an e-mail message or mailbox."
    return None


def looks_like_prose(text: str) -> bool:
    """Text whose first lines are not a table: no delimiter repeats from line to line."""
    lines = [ln for ln in text[:8192].split("\n")[:30] if ln.strip()][:10]
    if len(lines) < 2:
        return not any(d in text[:8192] for d in ",;\t")
    for delim in (",", ";", "\t", "|"):
        counts = [ln.count(delim) for ln in lines]
        if counts[0] and sum(c == counts[0] for c in counts) >= max(2, len(counts) // 2):
            return False
    return not _is_quoted_table(text[:8192])


def _is_quoted_table(head: str) -> bool:
    """A table whose quoted cells hold line breaks (messages, notes) has lines of any length,
    but its records, read as CSV, keep the header's cell count."""
    for delim in (",", ";", "\t"):
        try:
            records = list(csv.reader(io.StringIO(head, newline=""), delimiter=delim))[:-1][:10]
        except csv.Error:
            continue
        if len(records) >= 3 and len(records[0]) >= 3:
            same = sum(len(r) == len(records[0]) for r in records[1:])
            if same >= max(2, (len(records) - 1) * 3 // 4):
                return True
    return False
