"""Scoring on integer codes (pipeline/dedupe/coded.py) gives the levels scoring on the strings
gives, and the e-mail spelling level reads own spellings only where they can count."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import coded, compare, cross, features, mail_spellings

# swapped, misspelt and one-letter names, one-name records (family null), middle names and
# initials, role mailboxes, addresses a typo apart on records without a full name, and
# organisations and streets that share or do not share their first letters
GIVEN = ["grace", "graice", "morrison", "g", "wei", "zhang", "evie", None]
FAMILY = ["morrison", "morriwon", "grace", "zhang", "wei", None]
MIDDLE = [None, "m", "marie", "mary"]
EMAILS = [[], ["gracemorrison@x.org"], ["evied62@x.org"], ["evieed62@x.org"],
          ["evie.d62@x.org", "info@z.org"], ["info@z.org"], ["zhangw@z.org"]]
ORGS = [None, "acme", "acme corp", "acne", "initech"]
STREETS = [None, "1 high st", "1 high street", "2 low rd"]


@st.composite
def book(draw):
    n = draw(st.integers(2, 9))
    rows = []
    for _ in range(n):
        row = {"given_key": draw(st.sampled_from(GIVEN)),
               "family_key": draw(st.sampled_from(FAMILY)),
               "emails": draw(st.sampled_from(EMAILS)),
               "phones": draw(st.sampled_from([[], ["+14155550134"]])),
               "org_key": draw(st.sampled_from(ORGS)),
               "street_key": draw(st.sampled_from(STREETS)),
               "city": draw(st.sampled_from([None, "london", "lonnod", "paris"])),
               "title": draw(st.sampled_from([None, "engineer"])),
               "source": draw(st.sampled_from(["google", "vcard"]))}
        if draw(st.booleans()):
            row.update(birthday_year=draw(st.sampled_from([None, 1980, 1981])),
                       birthday_month=draw(st.sampled_from([1, 2, 12])),
                       birthday_day=draw(st.sampled_from([1, 2, 12])))
        rows.append(row)
    middle = [draw(st.sampled_from(MIDDLE)) for _ in range(n)]
    return rows, middle


def _features(rows: list[dict], middle: list[str | None]) -> pl.DataFrame:
    recs = records(rows).with_columns(pl.Series("middle_name", middle, dtype=pl.String))
    return features.build(recs)


def _all_pairs(n: int) -> pl.DataFrame:
    lr = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return pl.DataFrame({"l": [a for a, _ in lr], "r": [b for _, b in lr],
                         "rule": ["test"] * len(lr)},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})


def _plain_levels(drawn) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """A drawn book's features, every pair of its records, and their levels on the strings."""
    feats = _features(*drawn)
    pairs = _all_pairs(feats.height)
    return feats, pairs, compare.levels(compare.with_sides(pairs, feats, compare.SCORE_INPUTS))


LEVELS = [*(f"{f}_level" for f in ("given", "family", "email", "phone", "linkedin", "org",
                                    "birthday", "city", "street", "middle", "title",
                                    "postcode")),
          "given_jw", "family_jw", "org_jw", "street_jw", "city_jw", "near_swap"]


@settings(max_examples=30, deadline=None)
@given(drawn=book())
def test_levels_on_codes_equal_levels_on_strings(drawn):
    feats, pairs, plain = _plain_levels(drawn)
    c = coded.encode(feats, compare.SCORE_INPUTS)
    fast = compare.levels(compare.with_sides(pairs, c.features, compare.SCORE_INPUTS), c.values)
    assert fast.select(LEVELS).equals(plain.select(LEVELS))
    # and the whole scored frame, put back into strings, is the plain path's
    whole = compare.score(pairs, feats)
    assert whole.equals(compare._score_chunk(pairs, feats, None).select(whole.columns))


def test_codes_are_equal_exactly_where_the_strings_are():
    feats = _features([{"given_key": "wei", "family_key": "zhang", "emails": ["a@x.org"]},
                       {"given_key": "zhang", "family_key": "wei", "emails": []},
                       {"given_key": None, "family_key": "zhang", "emails": ["info@x.org"]}],
                      [None, "m", None])
    c = coded.encode(feats, compare.SCORE_INPUTS)
    f = c.features
    given, family = f["given_key"].to_list(), f["family_key"].to_list()
    # one dictionary for both name columns: "wei" and "zhang" have one code each
    assert given[0] == family[1] and given[1] == family[0] == family[2]
    assert given[0] != given[1] and given[2] is None
    assert f["email_keys"].to_list()[1] == []  # an empty list stays empty
    # the role mailbox's code is the address's code (role_emails is taken from email_keys)
    assert f["role_emails"].to_list()[2] == f["email_keys"].to_list()[2]
    assert f["email_keys"].dtype == pl.List(pl.UInt32)
    assert c.values["given_key"].gather(f["given_key"].drop_nulls()).to_list() == \
        ["wei", "zhang"]
    assert f["middle_initial"].null_count() == 2


@settings(max_examples=60, deadline=None)
@given(drawn=book())
def test_own_spellings_read_only_where_an_address_spells_the_other_name(drawn):
    """cross_levels equals _cross_levels over every pair with every record's own spellings."""
    feats, _, p = _plain_levels(drawn)
    fast = cross.cross_levels(p, feats)
    every = feats.with_columns(mail_spellings.own_spellings(feats).alias("own_spellings"))
    plain = compare.with_sides(p, every, cross.CROSS_INPUTS).with_columns(
        cross._cross_levels())
    cols = ["email_name_level", "domain_org_level"]
    assert fast.select(cols).equals(plain.select(cols))


@settings(max_examples=30, deadline=None)
@given(drawn=book())
def test_blocks_on_codes_are_the_blocks_on_strings(drawn):
    """Every rule proposes the same pairs on coded keys (the stage's way) as on the strings,
    the swapped-name, one-name and spelling rules (keys of two columns) included."""
    from pipeline.dedupe import blocking
    from pipeline.dedupe.stage import CODED_COLUMNS

    feats = _features(*drawn)
    codes = coded.encode(feats, CODED_COLUMNS)
    for rule in blocking.RULES:
        assert blocking.rule_pairs(codes.features, rule).sort("lr").equals(
            blocking.rule_pairs(feats, rule).sort("lr")), rule.name
    on_codes, counts = blocking.candidate_pairs(codes.features)
    on_strings, want = blocking.candidate_pairs(feats)
    assert on_codes.equals(on_strings) and counts == want
