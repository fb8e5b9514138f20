"""Postal address match keys: `12 Main Street` ~ `12 main st.` -> `12 main st`; postcodes
`sw1a 1aa` ~ `SW1A1AA`.

Keys only, for dedupe; the address is never displayed from them. Street-type words are written
one way (Street/St/Str. -> st) so that two exporters' spellings of one address compare equal.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import fold_series, on_unique

# Street-type words and their abbreviations (English, German, French, Spanish, Italian, Dutch
# usage), after ASCII folding. The key keeps the abbreviation.
STREET_TYPES = {
    "st": ["street", "str", "strasse", "straat"], "rd": ["road"], "ave": ["avenue", "av"],
    "dr": ["drive"], "ln": ["lane"], "ct": ["court"], "pl": ["place", "platz", "plein"],
    "blvd": ["boulevard", "bd"], "cres": ["crescent"], "cct": ["circuit"], "tce": ["terrace"],
    "pde": ["parade"], "cl": ["close"], "hwy": ["highway"], "sq": ["square"], "pkwy": ["parkway"],
    "cir": ["circle"], "way": [], "weg": [], "c": ["calle"], "v": ["via", "viale"],
}
_WORD = {long: short for short, longs in STREET_TYPES.items() for long in longs}


def street_key_series(values: pl.Series) -> pl.Series:
    """Street keys for a String Series (call on distinct values; see :func:`street_key`)."""
    key = fold_series(values.str.replace_all(r"[.,]", " "))
    for long, short in _WORD.items():
        key = key.str.replace_all(rf"\b{long}\b", short)
    return key


def street_key(e: pl.Expr) -> pl.Expr:
    """ASCII-folded, lower-case street line with street types abbreviated; null when empty."""
    return on_unique(e, street_key_series, pl.String)


def postcode_key(e: pl.Expr) -> pl.Expr:
    """Upper-case letters and digits only ("sw1a 1aa" -> "SW1A1AA"); null when empty."""
    return e.str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "").replace("", None)
