"""The country a book's country column names, as a hint for kith's region question only.

An Argentine PR firm's press list (docs/realworld21.md, T3) writes "Argentina" in its `País`
column on 159 of 168 rows, and two of its landlines, "(2284) 4xxxxx", are valid US numbers:
kith read them as +1 and asked for `default_region` without saying which country the book
itself names. A country's *name* is never read as a number's region (a row's "Argentina" may
be the outlet's country, not the number's; docs/realworld21.md, leftover (a)), but when more than
half of the book's rows name one country, kith's question says so and gives its code, as it does for
a script one country writes (region_hint.ask; script_region.book_script). The user decides.

Names come from phonenumbers' own table of region names in some 40 languages ("Argentina",
"Argentinien", "Argentine", "阿根廷"), the ISO codes themselves ("AR") and a few common short
forms ("USA", "UK"); folded (case, accents, punctuation), a name two regions share is dropped.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import polars as pl

_SHORT = {"usa": "US", "us": "US", "u s a": "US", "u s": "US", "united states of america": "US",
          "uk": "GB", "u k": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
          "wales": "GB", "uae": "AE", "prc": "CN", "korea": "KR", "south korea": "KR",
          "holland": "NL", "deutschland": "DE", "espana": "ES", "brasil": "BR"}


def _folded(text: str) -> str:
    """Lower case, accents off, punctuation and runs of spaces as one space."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@cache
def _names() -> dict[str, str]:
    """Folded country name or code -> region code (names two regions share left out)."""
    from phonenumbers import SUPPORTED_REGIONS
    from phonenumbers.geodata.locale import LOCALE_DATA

    found: dict[str, set[str]] = {}
    for region, by_language in LOCALE_DATA.items():
        if region not in SUPPORTED_REGIONS:
            continue
        for name in by_language.values():
            if not name.startswith("*"):  # "*aa": the same as another language's
                found.setdefault(_folded(name), set()).add(region)
    names = {name: regions.pop() for name, regions in found.items()
             if len(regions) == 1 and name}
    names.update({r.lower(): r for r in SUPPORTED_REGIONS if r != "001"})
    names.update(_SHORT)
    return names


def region_of(text: str | None) -> str | None:
    """The region code a country cell names ("Argentina", "ARGENTINA", "AR"); else None."""
    if not text:
        return None
    return _names().get(_folded(text))


def book_country(countries: pl.Series, rows: int) -> tuple[str, str, int] | None:
    """(the name as most often written, its region code, how many of the `rows` name it)
    when one country is named on more than half of them; None otherwise."""
    written = countries.drop_nulls().str.strip_chars()
    written = written.filter(written.str.len_chars() > 0)
    if 2 * written.len() <= rows:
        return None
    counts = written.value_counts(sort=True, name="n")  # distinct cells: a few in a book
    by_region: dict[str, list[tuple[int, str]]] = {}
    for cell, n in counts.iter_rows():
        region = region_of(cell)
        if region is not None:
            by_region.setdefault(region, []).append((n, cell))
    for region, cells in sorted(by_region.items()):
        total = sum(n for n, _ in cells)
        if 2 * total > rows:
            shown = min(cells, key=lambda c: (-c[0], c[1]))[1]
            return shown, region, total
    return None
