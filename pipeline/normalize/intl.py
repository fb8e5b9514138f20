"""A vectorised shortcut for international numbers written with their country code (`+49...`).

pipeline.normalize.nanp settles plain +1 numbers; an address book with friends and colleagues
abroad has many `+CC` numbers too, and phonenumbers costs ~50-100 us each in pure Python. For a
pre-key `+` digits, phonenumbers' `parse` + `is_valid_number` + E.164 come down to:

* the country code is the first 1, 2 or 3 digits that are a known calling code
  (`_extract_country_code`); the rest N is the national number as written;
* parse strips a national prefix from N only when the region's `national_prefix_for_parsing`
  matches at N's start: such keys are left to phonenumbers, so here N is kept whole (its
  leading zeros become the "Italian leading zero" fields, which give N back unchanged);
* the region is the calling code's first region. With one region, validity is that region's
  type check; with several, phonenumbers tries them in order and the first has no
  leading-digits rule (else the code is left to phonenumbers), so valid there means valid;
* valid means N matches the region's general description and any type description (length
  and national-number pattern, as `_number_type_helper` checks); the E.164 is `+CC` N.

Patterns are phonenumbers' own metadata read at run time; a pattern the regex engine here
cannot compile (or a non-geographic code) leaves its calling code to phonenumbers. Like nanp,
this only ever answers "valid, here is the E.164"; null means "ask phonenumbers". The tests
compare the two on random keys across every calling code.
"""

from __future__ import annotations

from functools import cache

import phonenumbers
import polars as pl
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from pipeline.normalize.nanp import _TYPES, _matches

_N = pl.col("n")


@cache
def _codes_by_length() -> dict[int, list[str]]:
    by_len: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for cc in COUNTRY_CODE_TO_REGION_CODE:
        by_len[len(str(cc))].append(str(cc))
    return by_len


def _valid(cc: int) -> pl.Expr | None:
    """is-valid over national numbers N of calling code `cc`, or None: ask phonenumbers."""
    regions = phonenumbers.region_codes_for_country_code(cc)
    if not regions or regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
        return None
    md = phonenumbers.PhoneMetadata.metadata_for_region(regions[0], None)
    if md is None or (len(regions) > 1 and md.leading_digits is not None):
        return None
    ok = _N.str.len_chars().is_between(2, 17) & _matches(_N, md.general_desc) & \
        pl.any_horizontal([_matches(_N, getattr(md, t, None)) for t in _TYPES])
    if md.national_prefix_for_parsing:
        ok = ok & ~_N.str.contains(f"^(?:{md.national_prefix_for_parsing})")
    return ok


@cache
def _checker(cc: int) -> pl.Expr | None:
    expr = _valid(cc)
    if expr is None:
        return None
    try:  # a pattern the Rust regex engine rejects (look-around): phonenumbers decides
        pl.DataFrame({"n": ["0"]}, schema={"n": pl.String}).select(expr)
    except pl.exceptions.PolarsError:
        return None
    return expr


def e164_plus(keys: pl.Series) -> pl.Series:
    """Per pre-key: the E.164 when the key is `+CC...` (CC not 1, which nanp covers) and
    phonenumbers would call it valid, else null (null means "ask phonenumbers")."""
    k = pl.col("k")
    by_len = _codes_by_length()
    cc = pl.when(k.str.slice(1, 1).is_in(by_len[1])).then(k.str.slice(1, 1))
    for n in (2, 3):
        cc = cc.when(k.str.slice(1, n).is_in(by_len[n])).then(k.str.slice(1, n))
    plus = (keys.to_frame("k").with_row_index("i")
            .filter(k.str.contains(r"^\+[1-9]\d{2,}$"))
            .with_columns(cc=cc.otherwise(None))
            .filter(pl.col("cc").is_not_null() & (pl.col("cc") != "1"))
            .with_columns(n=k.str.slice(pl.col("cc").str.len_chars() + 1)))
    out = pl.Series(keys.name, [None] * keys.len(), dtype=pl.String)
    for (code,), group in plus.partition_by("cc", as_dict=True, maintain_order=True).items():
        valid = _checker(int(code))
        if valid is None:
            continue
        hits = group.filter(valid)
        if hits.height:
            out.scatter(hits["i"], hits["k"])  # the E.164 is the key itself: `+`, CC, N
    return out
