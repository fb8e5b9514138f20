"""Which export is this? Decided from content (header row, BEGIN:VCARD), never from the name.

CSV kinds are registered by the format modules (`KINDS` lists). The header row is searched in
the first rows for every delimiter, so LinkedIn's "Notes:" preamble and Excel's ";" re-saves
are found without special cases; the earliest matching row wins, then the kind's priority.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

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
    for row, delim, cells in header_candidates(text):
        cellset = frozenset(c.lower() for c in cells if c)
        if len(cellset) < 1:
            continue
        for kind in kinds if kinds is not None else csv_kinds():
            try:
                ok = kind.matches(cellset, base)
            except Exception:  # a matcher bug must not take the file down
                ok = False
            if ok:
                key = (row, -kind.priority, -len(cellset))
                if best is None or key < best[0]:
                    best = (key, CsvMatch(kind, row, delim))
    return best[1] if best else None


def looks_like_vcard(head: bytes) -> bool:
    return vcard.looks_like_vcard(head)


def looks_like_html(text: str) -> bool:
    start = text[:512].lstrip().lower()
    return start.startswith("<!doctype html") or start.startswith("<html")
