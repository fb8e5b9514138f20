"""The phone-region vote's counts stop once the vote is decided (fast14), and the script test
of the names runs on non-Latin names only: the readings chosen are those of the full counts
and of the every-row script test."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import phone_parse, region, script_region

# national pre-keys of several plans (fictitious: built from ranges, not from a book)
GB = [f"07400{n:06d}" for n in range(100000, 900000, 37003)]
DE = [f"030{n:07d}" for n in range(1000000, 9000000, 371003)]
US = [f"415555{n:04d}" for n in range(100, 9000, 413)]
IN = [f"98{n:03d}{n * 37 % 100000:05d}" for n in range(100, 999, 41)]
JUNK = ["0000000", "1234567", "0301", "99999999999", "0123456789"]
KEYS = GB + DE + US + IN + JUNK
REGIONS = ["DE", "GB", "IN", "FR", "BR", "JP"]


def _exact(keys: list[str], code: str) -> int:
    return sum(e is not None for e in phone_parse.parse_keys(
        [k for k in keys if phone_parse.national_in(k, code)], code))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KEYS), max_size=60), st.sampled_from(REGIONS),
       st.integers(min_value=0, max_value=70), st.booleans())
def test_a_bounded_count_answers_the_vote_as_the_full_count(keys, code, above, decided):
    full = region._valid_second(keys, code)
    assert full == _exact(keys, code)
    bounded = region._valid_second(keys, code, above, decided=decided)
    assert (bounded > above) == (full > above)
    assert bounded <= full
    if not decided and full > above:
        assert bounded == full  # a count that beats the best is the full count


def test_a_region_that_cannot_beat_the_best_is_not_read_to_the_end(monkeypatch):
    read = []
    parse = phone_parse.parse_keys

    def counting(keys, code):
        read.extend(keys)
        return parse(keys, code)

    monkeypatch.setattr(phone_parse, "parse_keys", counting)
    keys = DE * 3  # 66 German numbers: none is a British one
    assert region._valid_second(keys, "GB", above=len(keys) - 10) == 0
    assert len(read) <= 2 * phone_parse.SLICE
    read.clear()
    assert region._valid_second(keys, "DE", above=5, decided=True) > 5
    assert len(read) <= phone_parse.SLICE


def _books() -> st.SearchStrategy:
    plus = st.sampled_from(["+44 20 7946 0958", "+49 30 1234567", "+91 98330 19416",
                            "+33 1 42 68 53 00", "+1 415 555 0134"])
    return st.lists(st.one_of(st.sampled_from(KEYS), plus), min_size=1, max_size=120)


@settings(max_examples=40, deadline=None)
@given(_books())
def test_the_readings_are_those_of_the_full_counts(values):
    phones = pl.Series("phones", [[v] for v in values], dtype=pl.List(pl.String))
    got = region.infer(phones)
    full = region._valid_second

    def unbounded(keys, code, above=None, decided=False):
        return full(keys, code)

    region._valid_second = unbounded
    try:
        want = region.infer(phones)
    finally:
        region._valid_second = full
    assert got == want


def _every_row(contacts: pl.DataFrame) -> pl.DataFrame:
    """row_regions' script test as a when/then over every row (the rule as written before)."""
    name = pl.concat_str([pl.col(c) for c in ("full_name", "given_name", "family_name")],
                         separator=" ", ignore_nulls=True)
    rows = contacts.select(source_file="source_file", name=name,
                           country=pl.col("country").str.strip_chars()).with_columns(
        has_name=pl.col("name").str.contains(r"\p{L}").fill_null(False),
        country=pl.when(pl.col("country").str.len_chars() > 0).then(pl.col("country")),
    ).filter(pl.col("has_name") | pl.col("country").is_not_null())
    code = pl.lit(None, pl.String)
    for script, region_code in reversed(script_region.SCRIPT_REGIONS):
        code = pl.when(pl.col("name").str.contains(rf"\p{{{script}}}")).then(
            pl.lit(region_code)).otherwise(code)
    foreign = pl.col("name").str.contains(script_region._NOT_LATIN).fill_null(False)
    return rows.select("source_file", region=pl.when(foreign).then(code),
                       foreign=pl.when(foreign).then(pl.col("name")), country="country",
                       has_name="has_name")


NAMES = [None, "", "Anna", "Bell", "สมชาย", "ใจดี", "李", "明", "さくら", "김민준", "Γιάννης",
         "Иван", "José", "123", "ดาวิด Smith", "田中 はな"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES),
                          st.sampled_from(NAMES), st.sampled_from([None, "", " Thailand ", "DE"]),
                          st.sampled_from(["a.csv", "b.vcf", None])), max_size=25))
def test_script_regions_of_the_non_latin_names_only(rows):
    contacts = pl.DataFrame(rows, orient="row", schema={
        "full_name": pl.String, "given_name": pl.String, "family_name": pl.String,
        "country": pl.String, "source_file": pl.String})
    assert script_region.row_regions(contacts).equals(_every_row(contacts))
