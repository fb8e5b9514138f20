"""The region for phone numbers written without a country code, when `default_region = "auto"`.

A UK user's address book holds `07400 123456`; read as a US number it is invalid, so it gives
dedupe no evidence and the worksheets no number to dial. With "auto" (the default) kith looks at
an evenly spaced sample of the distinct national numbers (no `+`, no `00`, 7 digits or more:
extensions and short codes are valid somewhere and say nothing) and keeps US when at least half
of them are valid US numbers and no region the book's own numbers written with a country code
name (`+44 ...`) fits clearly more of them (a tenth of the sample: Italian mobiles are valid
NANP numbers too). A named region is taken when more than half of the sample is valid there
(the one that fits most; the most frequent on a tie). Failing both, kith keeps US and the run
asks for default_region in kith.toml.

Why only regions the book names: phonenumbers calls most national numbers valid in several
regions (Germany's plan accepts nearly any number after a 0, 8-digit numbers fit Ireland and
Norway alike), so a vote over every region would be a guess; measured on phonenumbers' own
example numbers, such a vote picked Italy for French numbers and Indonesia for Indian ones.

The answer depends on the set of distinct phone values alone (not their order or count), so
the same inputs give the same region. It costs at most a few thousand phonenumbers parses.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
import polars as pl

from pipeline.normalize.phones import parse_keys, prekeys

AUTO = "auto"
FALLBACK = "US"
MIN_DIGITS = 7
SAMPLE = 400  # national numbers tried per region; the vote is about a majority, not a count
RAW_SAMPLE = 4_000  # distinct raw values pre-keyed to find that many national numbers


@dataclass(frozen=True)
class RegionChoice:
    region: str
    reason: str  # counts and region codes, never a phone number
    inferred: bool  # False: the region came from kith.toml


def _evenly(values: pl.Series, n: int) -> pl.Series:
    """At most n of the sorted distinct values, evenly spaced: a sample that depends on the
    set of values only."""
    values = values.unique().sort()
    if values.len() <= n:
        return values
    step = values.len() / n
    return values.gather([int(i * step) for i in range(n)])


def _keys(phones: pl.Series) -> pl.Series:
    """Pre-keys of a sample of the distinct raw phone strings (a List[String] column)."""
    raw = phones.explode().drop_nulls().str.strip_chars()
    raw = raw.filter(raw.str.len_chars() > 0)
    return prekeys(_evenly(raw, RAW_SAMPLE))["key"].drop_nulls().unique().sort()


def _valid(keys: list[str], region: str) -> int:
    return sum(e is not None for e in parse_keys(keys, region))


def _named_regions(international: pl.Series) -> list[str]:
    """Regions of the numbers written with a country code, the most frequent first."""
    counts: dict[str, int] = {}
    for key in _evenly(international, SAMPLE).to_list():
        try:
            cc = phonenumbers.parse(key, None).country_code
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_country_code(cc)
        if region not in ("ZZ", "001"):
            counts[region] = counts.get(region, 0) + 1
    return [r for r, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def infer(phones: pl.Series) -> RegionChoice:
    """The region to read national numbers in, from the raw phone lists of every contact."""
    keys = _keys(phones)
    national = keys.filter(~keys.str.starts_with("+") & (keys.str.len_chars() >= MIN_DIGITS))
    if national.len() == 0:
        return RegionChoice(FALLBACK, "no phone number is written without a country code, "
                            f"so {FALLBACK} is kept", True)
    sample = _evenly(national, SAMPLE).to_list()
    n = len(sample)
    in_fallback = _valid(sample, FALLBACK)
    named, named_valid = FALLBACK, -1
    for region in _named_regions(keys.filter(keys.str.starts_with("+"))):
        valid = _valid(sample, region) if region != FALLBACK else -1
        if valid > named_valid:
            named, named_valid = region, valid
    # Italian mobiles (3xx xxx xxxx) are valid NANP numbers too: a named region wins over US
    # when it fits clearly more of the sample, not only when US fits less than half.
    if 2 * named_valid > n and 10 * (named_valid - in_fallback) >= n:
        return RegionChoice(named, f"{named_valid} of {n} sampled numbers without a country "
                            f"code are valid in {named}, the region of numbers written with "
                            f"a country code; {in_fallback} in {FALLBACK}", True)
    if 2 * in_fallback >= n:
        return RegionChoice(FALLBACK, f"{in_fallback} of {n} sampled numbers without a "
                            f"country code are valid in {FALLBACK}", True)
    return RegionChoice(FALLBACK, f"only {in_fallback} of {n} sampled numbers without a "
                        f"country code are valid in {FALLBACK} and no region the book's "
                        "numbers with a country code name does better; set default_region "
                        "in kith.toml", True)


def choose(setting: str, phones: pl.Series) -> RegionChoice:
    """The region for this run: kith.toml's `default_region`, or inferred when it is "auto"."""
    if setting.lower() != AUTO:
        return RegionChoice(setting.upper(), "default_region in kith.toml", False)
    return infer(phones)
