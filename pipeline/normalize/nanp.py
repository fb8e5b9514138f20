"""A vectorised shortcut for the commonest phone numbers: +1 numbers valid in the US plan.

phonenumbers is exact but costs ~25 us a number in pure Python, and most numbers in a
North American address book are plain +1 numbers. For those, `parse` + `is_valid_number` +
E.164 come down to a few regular expressions, which polars runs on a whole column at once:

* a key `+1` and ten digits, or (when the default region's country code is 1) ten digits, or
  `1` and ten digits (the national prefix, which parse strips because eleven digits do not fit
  the plan), parses to country code 1 and that ten-digit national number;
* `is_valid_number` then picks the region by testing the regions of +1 in phonenumbers'
  order, US first; US has no leading-digits rule, so a number whose type is known for US is
  assigned to US and valid. Its type is known when it matches the US general description and
  any type description (length and national-number pattern), as `_number_type_helper` checks.

The patterns are phonenumbers' own metadata, read at run time, so a metadata update changes
this shortcut with it. The shortcut only ever answers "valid, here is the E.164"; every other
key (another country, a number valid only in Canada or the Caribbean, an invalid number) goes
to phonenumbers as before. The tests compare the two on random and real keys.
"""

from __future__ import annotations

from functools import cache

import phonenumbers
import polars as pl

_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
          "voicemail", "fixed_line", "mobile")


def _matches(national: pl.Expr, desc) -> pl.Expr:
    """phonenumbers' _is_number_matching_desc as an expression (False for a missing desc)."""
    if desc is None or not desc.national_number_pattern:
        return pl.lit(False)
    full = national.str.contains(f"^(?:{desc.national_number_pattern})$")
    lengths = list(desc.possible_length or ())
    return national.str.len_chars().is_in(lengths) & full if lengths else full


@cache
def _usable() -> bool:
    """The shortcut's reasoning holds: +1's first region is US and US has no leading digits."""
    regions = phonenumbers.region_codes_for_country_code(1)
    md = phonenumbers.PhoneMetadata.metadata_for_region("US", None)
    return bool(regions) and regions[0] == "US" and md is not None and md.leading_digits is None


def _valid_in_us(national: pl.Expr) -> pl.Expr:
    md = phonenumbers.PhoneMetadata.metadata_for_region("US", None)
    return _matches(national, md.general_desc) & pl.any_horizontal(
        [_matches(national, getattr(md, t, None)) for t in _TYPES])


def e164_us(keys: pl.Series, region: str) -> pl.Series:
    """Per pre-key: the E.164 when the key is a +1 number valid in the US plan, else null
    (null means "ask phonenumbers", not "invalid")."""
    if not _usable():
        return pl.Series(keys.name, [None] * keys.len(), dtype=pl.String)
    k = pl.col("k")
    national_plan = phonenumbers.country_code_for_region(region.upper()) == 1
    national = pl.when(k.str.contains(r"^\+1\d{10}$")).then(k.str.slice(2))
    if national_plan:
        national = (national.when(k.str.contains(r"^\d{10}$")).then(k)
                    .when(k.str.contains(r"^1\d{10}$")).then(k.str.slice(1)))
    frame = keys.to_frame("k").with_columns(national.otherwise(None).alias("n"))
    n = pl.col("n")
    return frame.select(
        pl.when(n.is_not_null() & _valid_in_us(n)).then("+1" + n).otherwise(None)
        .alias(keys.name)).to_series()
