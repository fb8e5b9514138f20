"""Mojibake in names: UTF-8 read as cp1252 and saved again, undone where it reads back as a
Latin name (pipeline.normalize.names cleans each name field through `repairing`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

# Mojibake: UTF-8 bytes read as cp1252 and saved again as UTF-8, once or twice, as a list that
# went through Excel and a converter does it (docs/realworld11.md, V4: `NUÃ‘EZ` for `NUÑEZ`,
# `ACUÃƒÂ‘A` for `ACUÑA` in 593 of 20,439 names). The mark: the reading of a lead byte of
# Latin letters (C2-C5: `Â Ã Ä Å`) or of punctuation (E2: `â`) followed by that of a
# continuation byte (U+0080-U+00BF, or cp1252's specials in 0x80-0x9F). Other leads are left
# alone: `VÍŠEK` (a Czech name in capitals) is `CD 8A` in cp1252, valid UTF-8 for a
# combining mark.
_MOJIBAKE = ("[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
             "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
             "\u2030\u2039\u203a\u20ac\u2122]")
_MOJIBAKE_RE = re.compile(_MOJIBAKE)
# What a repaired Western name may hold: Latin letters (Latin-1, Extended-A and -B) and
# punctuation. A decoding that yields anything else (a combining mark, another script, a
# control) was no mojibake, and the name stays as written.
_REPAIRED = re.compile("[\x20-\x7e\u00a0-\u024f\u2010-\u203a\u20ac\u2122]*")


# A name typed on DOS (code page 850, Swiss and German lists) saved into a Latin-1/cp1252 file:
# `Bj\x94rn` for `Björn` (0x94, cp850's ö, is a control in Latin-1 and `”` in cp1252), and
# `BÇ¬hler` for `Bühler` (UTF-8 read as Latin-1, then saved as cp850: docs/realworld23.md R11,
# a mailing list's Swiss rows). The mark: between two letters, a C1 control or a cp1252
# punctuation mark that cp850 reads as a letter; no name holds one there (dashes and the
# apostrophe, which names do hold, are not among them). Cleaning dropped the `”`: "Bjrn".
_DOS_MARKS = ("\u0080-\u009f\u00a6\u00ac\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
              "\u2039\u203a\u2122")
_DOS = f"\\p{{L}}[{_DOS_MARKS}]\\p{{L}}"
_DOS_MARK_RE = re.compile(f"[{_DOS_MARKS}]")


def _as_cp1252(text: str) -> bytes:
    """The bytes a cp1252 reading turned into `text`. A C1 control (U+0080-U+009F) is its own
    byte: lenient decoders make one of the bytes cp1252 leaves undefined, and Latin-1 readers of
    any of them. UnicodeEncodeError when `text` holds a character no such reading gives (then
    it is no mojibake)."""
    return b"".join(bytes([ord(c)]) if "\x80" <= c <= "\x9f" else c.encode("cp1252")
                    for c in text)


def unmangle(text: str) -> str:
    """`text` with the layers of UTF-8-read-as-cp1252 undone that read back as valid UTF-8;
    `text` itself when none does or the result holds anything but Latin letters and
    punctuation (`JOÃO`, `São`, `VÍŠEK` stay). Each layer undone shortens the text, so the
    loop ends."""
    fixed = text
    while _MOJIBAKE_RE.search(fixed):
        try:
            fixed = _as_cp1252(fixed).decode("utf-8")
        except UnicodeError:
            break  # no further layer: `fixed` is as far as the mojibake goes
    return fixed if _REPAIRED.fullmatch(fixed) else text


def undos(text: str) -> str:
    """`text` read back as cp850 (then as UTF-8 where that layer shows, by `unmangle`), or
    `text` itself when the reading holds anything but Latin letters and punctuation (a
    box-drawing character: it was no DOS text)."""
    try:
        fixed = _as_cp1252(text).decode("cp850")
    except UnicodeError:
        return text
    # a reading that shows the mark again would be read again by the next cleaning
    ok = _REPAIRED.fullmatch(fixed) and not _DOS_MARK_RE.search(fixed)
    return fixed if ok else text


def _undone_dos(values: pl.Series) -> pl.Series:
    """`values` with the DOS code page undone in those that show its mark."""
    marked = values.str.contains(_DOS).fill_null(False)
    if not marked.any():
        return values
    fixed = values.filter(marked).map_elements(undos, return_dtype=pl.String)
    return values.clone().scatter(marked.arg_true(), fixed)


def unmangled(values: pl.Series) -> pl.Series:
    """`values` with mojibake undone in those that show its mark (the rest untouched)."""
    values = _undone_dos(values)
    marked = values.str.contains(_MOJIBAKE).fill_null(False)
    if not marked.any():
        return values
    fixed = values.filter(marked).map_elements(unmangle, return_dtype=pl.String)
    return values.clone().scatter(marked.arg_true(), fixed)  # never the caller's Series


def repairing(clean: Callable[[pl.Series], pl.Series]) -> Callable[[pl.Series], pl.Series]:
    """`clean`, then mojibake undone in the few cleaned values that show its mark and cleaned
    again, until neither changes them: a cut at a comma can leave a pair that decodes, and a
    decoded value can hold decoration. At that fixed point cleaning a cleaned value changes
    nothing."""
    def run(values: pl.Series) -> pl.Series:
        # undone before cleaning too: cleaning drops what `é` and `í` read as cp1252 end in
        # (`Ã©`, `Ã\xad`: the copyright sign, the soft hyphen), and the DOS letter (`Bj”rn`),
        # and what is left shows no mark ("José" was "JosÃ", "García" "GarcÃa")
        cleaned = clean(unmangled(values))
        # the DOS mark too: cleaning can bring its letters together (`A\x1f¦A`: the control
        # dropped, `A¦A` is read as `AªA` by the next cleaning, not this one)
        marked = (cleaned.str.contains(_MOJIBAKE) | cleaned.str.contains(_DOS)).fill_null(False)
        if not marked.any():
            return cleaned
        part = cleaned.filter(marked)
        while True:
            again = clean(unmangled(part))
            if again.equals(part):
                break
            part = again
        return cleaned.clone().scatter(marked.arg_true(), part)
    return run
