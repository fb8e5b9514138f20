"""What kith says when it cannot tell which country a book's national phone numbers are from:
the hint in pipeline.normalize.region's reason when the RegionChoice is doubtful (set
default_region, to one of the codes listed).

Apart from the choice itself (pipeline.normalize.region), because it decides nothing: it only
words advice for the user, from the regions that would read the numbers, the script most of
the book's names are written in and the country most of its rows name. Nothing here is ever
applied to a number.
"""

from __future__ import annotations

import phonenumbers
import polars as pl

from pipeline.normalize import country_names, script_region
from pipeline.normalize.phone_parse import valid_in

HINT_SAMPLE = 20  # numbers tried in every region for the hint: a few seconds at most
HINT_REGIONS = 8


def ask(invalid: list[str], name_rows: pl.DataFrame | None = None) -> str:
    """What to do when kith cannot tell the book's country: set default_region, to a code
    the message lists. The regions under which most of the numbers are valid are named as a
    hint, never applied: a vote over every region picks wrong ones too (Kazakh `8-7xx`
    numbers are as valid in DE, ID, LU and RU as in KZ), but the user knows which country
    the book is from, and a list that holds it tells them the code to write. When most of
    the book's names are in one script (`name_rows`: script_region.row_regions), the hint says
    which and the countries that write it, those of them that read the numbers listed first
    (a Hindi book's `98765…` mobiles are valid in BR, KZ, MX, PH and RU as well as India: the
    Devanagari says which). When more than half of the book's rows name one country in their
    country column (an Argentine press list's `País`), the hint names it and its code, which
    is listed first among the regions that read the numbers (:func:`_country_said`)."""
    keys = invalid[:: max(1, len(invalid) // HINT_SAMPLE)][:HINT_SAMPLE]
    counts = {r: valid_in(keys, r) for r in sorted(phonenumbers.SUPPORTED_REGIONS)}
    script = script_region.book_script(name_rows) if name_rows is not None else None
    country = _book_country(name_rows)
    own = script[1] if script else []
    first = own + ([country[1]] if country else [])  # listed first among those that read
    fits = sorted((r for r in counts if 2 * counts[r] > len(keys)),
                  key=lambda r: (r not in first, -counts[r], r))
    said = _country_said(country, fits)
    if script:
        countries = " and ".join(own) if len(own) < 3 else ", ".join(own[:-1]) + " and " + own[-1]
        reading = [r for r in own if r in fits]
        said += (f"; most of the book's names are written in {script[0]} script, as in "
                f"{countries}" + (f", and {' and '.join(reading)} "
                                  f"read{'s' if len(reading) == 1 else ''} most of the numbers"
                                  if reading else ", none of which reads most of the numbers"))
    if not fits:
        return (f"{said}; set default_region = \"<code>\" in kith.toml, the two-letter code "
                "of the country these numbers are from")
    named = ", ".join(fits[:HINT_REGIONS]) + (", ..." if len(fits) > HINT_REGIONS else "")
    return (f"; most of them are valid in {named}{said}: if the book is from one of these "
            "countries, set default_region = \"<its code>\" in kith.toml")


def _book_country(name_rows: pl.DataFrame | None) -> tuple[str, str, int, int] | None:
    """(name, code, rows naming it, rows) of the country most of the book's rows name in their
    country column (country_names.book_country); None when none does."""
    if name_rows is None or "country" not in name_rows.columns:
        return None
    found = country_names.book_country(name_rows["country"], name_rows.height)
    return None if found is None else (*found, name_rows.height)


def _country_said(country: tuple[str, str, int, int] | None, fits: list[str]) -> str:
    """The hint's sentence for the country the book's rows name: a hint, never applied (a
    row's country may be the company's, not the number's; docs/realworld22.md (a))."""
    if country is None:
        return ""
    name, code, naming, rows = country
    reads = "reads most of them" if code in fits else "does not read most of them"
    return (f"; {naming} of the book's {rows} rows name {name} in their country column: "
            f"default_region = \"{code}\" if the numbers are from there ({code} {reads})")
