"""The country a book's names are written for, when their script is one country's.

A Thai province's phone book (docs/realworld15.md, F1) holds 300 national numbers and not one
written with `+66`, so no number names Thailand as a region to read them in, and kith asked
for `default_region` although every name on the cards is in Thai script, which one country
writes. Such a script names its country as a region to try, as a `+66` number does; the
vote of region.infer still decides (most of the numbers US calls invalid must be valid
there), so a script only widens the regions tried, it reads no number by itself.

Only when the script is the book's: at least half of the rows with a name are written in it.
One Japanese friend in katakana in a British book without a `+44` must not name Japan, whose
`070` plan reads British mobiles too. Scripts several countries write (Arabic, Cyrillic,
Devanagari, Bengali, Tamil) name no region: their countries' plans overlap, so the vote would
be decided by the order they are tried in (Japanese mobiles, `090-1234-5678`, are valid in
China too; Saudi and Emirati mobiles are both `05x`; Serbian and Ukrainian `06x`). Han names
its countries as a group, which names a region only when one of them alone fits the numbers
(choose_in_group).
"""

from __future__ import annotations

import polars as pl

# script (the regex crate's name) -> the one country that writes names in it
SCRIPT_REGIONS: tuple[tuple[str, str], ...] = (
    ("Thai", "TH"), ("Lao", "LA"), ("Khmer", "KH"), ("Myanmar", "MM"), ("Sinhala", "LK"),
    ("Georgian", "GE"), ("Armenian", "AM"), ("Hangul", "KR"), ("Hiragana", "JP"),
    ("Katakana", "JP"), ("Greek", "GR"), ("Hebrew", "IL"), ("Ethiopic", "ET"),
    ("Thaana", "MV"), ("Gujarati", "IN"), ("Telugu", "IN"), ("Kannada", "IN"),
    ("Malayalam", "IN"), ("Oriya", "IN"),
    # Han is written in several countries; it names them as a group (GROUP joins the codes),
    # and a group gives the region to try only when one of them alone reads most numbers
    # (choose_in_group). Last: a name with kana is Japanese, with hangul Korean.
    ("Han", "CN|HK|JP|MO|SG|TW"),
)
GROUP = "|"
# Scripts a few countries write names in: they name no region to read numbers in (their
# plans overlap: Nepal's `98…` mobiles are India's shape), but a book whose names are in one
# of them is likely from one of these, and kith's question for `default_region` says so
# (book_script; region_hint.ask). Arabic and Cyrillic are written in too many countries to help.
HINT_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("Devanagari", "IN|NP"), ("Bengali", "BD|IN"), ("Gurmukhi", "IN"), ("Tamil", "IN|LK|SG"),
)
_NAME_COLUMNS = ("full_name", "given_name", "family_name")
_NOT_LATIN = r"[\p{L}&&[^\p{Latin}]]"


def row_regions(contacts: pl.DataFrame) -> pl.DataFrame:
    """(source_file, region, foreign, country, has_name): every row with a letter in its name
    or a country cell, the region of its name's script (null: Latin, or a script of several
    countries), the name when it has a letter of another script than Latin (for book_script),
    the row's country cell (for the region question's hint: country_names.book_country, which
    counts every row, an outlet's without a person's name too) and whether the row has a name
    (the rows :func:`named` and :func:`book_script` count)."""
    present = [c for c in _NAME_COLUMNS if c in contacts.columns]
    files = pl.col("source_file") if "source_file" in contacts.columns else pl.lit(None, pl.String)
    country = (pl.col("country").cast(pl.String).str.strip_chars()
               if "country" in contacts.columns else pl.lit(None, pl.String))
    name = (pl.concat_str([pl.col(c) for c in present], separator=" ", ignore_nulls=True)
            if present else pl.lit(None, pl.String))
    rows = contacts.select(source_file=files, name=name, country=country).with_columns(
        has_name=pl.col("name").str.contains(r"\p{L}").fill_null(False),
        country=pl.when(pl.col("country").str.len_chars() > 0).then(pl.col("country")),
    ).filter(pl.col("has_name") | pl.col("country").is_not_null())
    region = pl.lit(None, pl.String)
    for script, code in reversed(SCRIPT_REGIONS):
        region = pl.when(pl.col("name").str.contains(rf"\p{{{script}}}")).then(
            pl.lit(code)).otherwise(region)
    # most names are Latin: the script tests run on the others only (a when/then over every
    # row would run all twenty on every row: 0.14 of 0.18 CPU-s at 100k people)
    foreign = rows.select(pl.col("name").str.contains(_NOT_LATIN).fill_null(False)).to_series()
    regions = rows.filter(foreign).select(region).to_series()
    scattered = pl.repeat(None, rows.height, dtype=pl.String, eager=True).alias("region")
    return rows.select("source_file", region=scattered.scatter(foreign.arg_true(), regions),
                       foreign=pl.when(foreign).then(pl.col("name")), country="country",
                       has_name="has_name")


def _named_rows(rows: pl.DataFrame) -> int:
    """How many of `rows` (row_regions) have a name."""
    return int(rows["has_name"].sum()) if "has_name" in rows.columns else rows.height


def named(rows: pl.DataFrame) -> tuple[str, ...]:
    """The regions whose script at least half of `rows` (row_regions) with a name are written
    in."""
    counts = rows["region"].drop_nulls().value_counts()
    return tuple(sorted(r for r, n in counts.iter_rows() if 2 * n >= _named_rows(rows)))


def script_regions(contacts: pl.DataFrame) -> tuple[str, ...]:
    """Regions named by the script of most of these contacts' names (none, or one)."""
    return named(row_regions(contacts))


def book_script(rows: pl.DataFrame) -> tuple[str, list[str]] | None:
    """(script, the countries that write names in it) when at least half of `rows`
    (row_regions) are written in a script of SCRIPT_REGIONS or HINT_SCRIPTS; None otherwise.
    A hint for the user only (region_hint.ask): it reads no number."""
    foreign = rows["foreign"].drop_nulls() if "foreign" in rows.columns else None
    with_name = _named_rows(rows)
    if foreign is None or 2 * foreign.len() < max(with_name, 1):
        return None
    scripts = SCRIPT_REGIONS[:-1] + HINT_SCRIPTS + SCRIPT_REGIONS[-1:]  # Han last, as above
    label = pl.lit(None, pl.String)
    for script, _ in reversed(scripts):
        label = pl.when(pl.col("n").str.contains(rf"\p{{{script}}}")).then(
            pl.lit(script)).otherwise(label)
    counts = foreign.to_frame("n").select(label.alias("s"))["s"].drop_nulls().value_counts()
    found = [s for s, n in counts.iter_rows() if 2 * n >= with_name]
    if len(found) != 1:  # none, or two halves of the book: no script is the book's
        return None
    codes = dict(scripts)[found[0]]
    return found[0], codes.split(GROUP)


def choose_in_group(regions: tuple[str, ...], fits) -> list[str]:
    """`regions` (named) with each group replaced by the one member `fits` (a region -> bool:
    most of the numbers to read are valid there), or by nothing when none or several do.
    A Chinese company directory's 11-digit mobiles (`186 0253 3918`) fit China alone, and
    without a region one in four of them was read as a +1 number (docs/realworld18.md X5);
    Japanese mobiles fit China and Japan both, so a book of kanji names tries neither."""
    out = []
    for region in regions:
        if GROUP not in region:
            out.append(region)
            continue
        fitting = [r for r in region.split(GROUP) if fits(r)]
        if len(fitting) == 1:
            out.append(fitting[0])
    return out
