"""The bytes of a file the user edits, as text, and what kith tells the user about how it read
them: UTF-8 with a few stray code-page bytes is read as UTF-8 with only those bytes taken as
Windows-1252; a file of NUL bytes or a workbook is named so; a column read twice is named.

A notes file is UTF-8 (kith writes it so), but a hand edit in an editor set to Windows-1252,
or a cell pasted from an old file, can leave one byte that is not UTF-8. Read whole as cp1252
(what an export that is not UTF-8 gets), every accent the user typed became mojibake ("Café"
read "CafÃ©") on the pages, and the next write (`kith note`, a sync, a `kith log` rewriting a
ledger that is not UTF-8) stored the mojibake for good (docs/fuzz32.md, G1). A file is taken
as such when it holds a well-formed multi-byte UTF-8 sequence: a cp1252 file seldom does (an
accented capital before a curly quote or a dash), and read so it differs from its cp1252
reading only in that pair, each of its other bytes being read as cp1252 all the same.
"""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from pipeline import textio

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252 = "kith-user-cp1252"
log = logging.getLogger("kith")


def _as_cp1252(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", "replace"), exc.end


codecs.register_error(_CP1252, _as_cp1252)


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """(text, encoding, lines holding a stray byte read as cp1252 (1-based; [] when none))."""
    text, enc = textio.decode(data)
    if enc == "utf-8" or enc.startswith("utf-") or b"\x00" in data[:4096]:
        return text, enc, []
    strays = [m.start() for m in re.finditer(rb"[\x80-\xff]", _UTF8_SEQUENCE.sub(b"", data))]
    if not strays or not _UTF8_SEQUENCE.search(data):
        return text, enc, []
    mixed = data.decode("utf-8", _CP1252)
    # the lines of the strays, counted on the bytes with the sequences taken out (a sequence
    # holds no newline, so the count is the same)
    bare = _UTF8_SEQUENCE.sub(b"", data)
    return mixed, "utf-8", sorted({bare.count(b"\n", 0, at) + 1 for at in strays})


def without_nuls(text: str) -> tuple[str, list[int]]:
    """`text` without its NUL bytes, and the lines (1-based) they were on. A few NULs in a
    user's file are what a crash or a sync that stopped leaves (a NUL-padded tail, a damaged
    block): read as characters, the tail became a row of NULs and a cell kept them, and kith
    wrote the file back without them and without a word. The lines are named (`warn`): a cut
    row may sit beside them. (A file of nothing but NULs is refused: not_text.)"""
    if "\x00" not in text:
        return text, []
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer("\x00+", text)})
    return text.replace("\x00", ""), lines


def warn(path: Path, strays: list[int], keys: list[str], read: tuple[str, ...],
         nuls: list[int] = ()) -> None:
    """Name the lines whose stray bytes were read as cp1252 or held NUL bytes (the user may
    want to check them) and a column read that is named twice."""
    warn_twice_named(path, keys, read)
    if nuls:
        shown = ", ".join(map(str, nuls[:10])) + (", ..." if len(nuls) > 10 else "")
        log.warning("%s: line%s %s held NUL bytes (what a crash or a sync that stopped while "
                    "the file was saved leaves); kith read the file without them: check %s.",
                    path, "s" if len(nuls) > 1 else "", shown,
                    "those lines" if len(nuls) > 1 else "that line")
    if not strays:
        return
    many = len(strays) > 1
    shown = ", ".join(map(str, strays[:10])) + (", ..." if len(strays) > 10 else "")
    log.warning("%s: line%s %s hold%s a byte that is not UTF-8, read as Windows-1252 (é, "
                "curly quotes, €); kith writes the file as UTF-8 when it next changes it.",
                path, "s" if many else "", shown, "" if many else "s")


def not_text(data: bytes) -> str | None:
    """What a user's CSV holds when it is no text at all, in words; None when it is text.
    A file of NUL bytes is what a crash or a sync that stopped leaves of a file being saved;
    it was "has no person_id column", which sent the user looking for a column (G3)."""
    if data and not data.strip(b"\x00"):
        what = (f"holds only NUL bytes ({len(data):,}; a crash or a sync that stopped while it "
                "was saved)")
    elif data.startswith(b"PK\x03\x04"):
        what = "is an Excel workbook or a zip, not a CSV file (save it as CSV UTF-8 in Excel)"
    else:
        return None
    return (f"{what}: kith will not touch it. Restore it from a backup (or move it away and "
            "kith starts a new one).")


def warn_twice_named(path: Path, keys: list[str], read: tuple[str, ...]) -> None:
    """A column kith reads (`read`) that the header (`keys`, as userfile.column_key folds
    them) names twice, a column copied in a spreadsheet: the first is read, and the other's
    cells were ignored without a word (G6)."""
    for name in read:
        at = [i + 1 for i, k in enumerate(keys) if k == name]
        if len(at) > 1:
            log.warning("%s: %d columns are named %s (columns %s); kith reads column %d "
                        "only: move what the others hold into it.", path, len(at), name,
                        ", ".join(map(str, at)), at[0])


def header_moved(path: Path, keys: list[str], rows: list[list[str]], read: tuple[str, ...],
                 fold) -> str | None:
    """The line the header row is on when it is not the first (a spreadsheet sort that took
    the header row in with the others): the first line names none of the columns kith reads
    (`keys`, folded by `fold`) and a later row names most of them: the sentence, or None. The file read so had "no
    person_id column", or a ledger whose every entry had "no readable date" (G7)."""
    wanted = set(read)
    if wanted & set(keys):
        return None
    for n, row in enumerate(rows, start=2):
        if len(wanted & {fold(c) for c in row}) * 2 > len(wanted):
            return (f"{path}: its header row ({', '.join(read[:3])}, ...) is on line {n}, not "
                    "the first (a sort that took it in?). Move it back to the top; kith will "
                    "not touch the file until then.")
    return None
