"""The fast paths of scoring give exactly what the plain ones give: pairs scored a chunk at a
time, feature columns gathered by position instead of joined, per-record term frequencies and
namesake counts gathered per pair, and weights that do not depend on memory layout."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dedupe_cluster import address_book

from pipeline.dedupe import blocking, compare, cross, features, mail_spellings
from pipeline.dedupe.stage import SCORED_COLUMNS, dedupe
from pipeline.textfmt import fmt


def _scored(feats: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    pairs, _ = blocking.candidate_pairs(feats)
    return pairs, compare.score(pairs, feats)


@settings(max_examples=50, deadline=None)
@given(rows=address_book(), parts=st.integers(2, 6))
def test_chunked_scoring_equals_scoring_at_once(rows, parts):
    feats = features.build(records(rows))
    pairs, whole = _scored(feats)
    old = compare.SCORE_CHUNK
    # parts to 2 * parts - 1 chunks, the last one shorter (chunks of one pair each, as
    # before, cost a query per pair and ~30 s of the suite without reaching a new boundary)
    compare.SCORE_CHUNK = max(1, pairs.height // parts)
    try:
        parts = compare.score(pairs, feats, columns=SCORED_COLUMNS)
    finally:
        compare.SCORE_CHUNK = old
    assert parts.equals(whole.select(SCORED_COLUMNS))


@settings(max_examples=100, deadline=None)
@given(rows=address_book())
def test_gathered_sides_equal_joined_sides(rows):
    feats = features.build(records(rows))
    pairs, _ = blocking.candidate_pairs(feats)
    gathered = compare.with_sides(pairs, feats, compare.SCORE_INPUTS)
    # the same features in another row order take the join path
    shuffled = feats.sort("record_id", descending=True)
    assert not compare._idx_is_position(shuffled)
    joined = compare.with_sides(pairs, shuffled, compare.SCORE_INPUTS)
    assert gathered.columns == joined.columns
    assert gathered.sort("l", "r").equals(joined.sort("l", "r"))


@settings(max_examples=50, deadline=None)
@given(rows=address_book())
def test_per_record_tables_equal_joins_per_pair(rows):
    """Term frequencies and namesake caps gathered per pair equal the join over pairs that
    scoring did before (the fallback, kept for feature frames not in idx order)."""
    feats = features.build(records(rows))
    pairs, fast = _scored(feats)
    plain = compare._score_chunk(pairs, feats, None)
    assert fast.sort("l", "r").equals(plain.sort("l", "r"))


def test_weights_are_the_same_whatever_the_layout():
    """Pairs scored one at a time (many small frames, concatenated unchunked) weigh exactly
    what they weigh scored together."""
    rows = [{"given_key": g, "family_key": "smith", "org_key": o, "source": s}
            for g in ("anna", "ann", "bob", "robert") for o in ("acme", None)
            for s in ("google", "vcard")]
    feats = features.build(records(rows))
    pairs, whole = _scored(feats)
    pieces = pl.concat([compare.score(pairs.slice(i, 1), feats) for i in range(pairs.height)],
                       rechunk=False)
    assert pieces["weight"].to_list() == whole["weight"].to_list()


def test_dedupe_merges_through_the_narrow_scored_pairs():
    """The stage keeps only the pairs table's columns of every pair and gives merge-level
    links their feature columns back for clustering."""
    rows = [{"given_key": "anna", "family_key": "smith", "emails": ["anna@x.org"]},
            {"given_key": "anna", "family_key": "smith", "emails": ["anna@x.org"],
             "source": "vcard"},
            {"given_key": "bob", "family_key": "smith"}]
    result = dedupe(records(rows))
    assert result.people.height == 2
    assert result.pairs.filter(pl.col("outcome") == "merge").height == 1


# Names a letter apart and swapped ("graice morrison" / "morriwon grace"), and addresses that
# spell them, so that the near-swap and e-mail spelling levels come up in small books.
NAMES = ["grace", "graice", "morrison", "morriwon", "wei", "zhang", "zhanh", None]
SPELT = [[], ["gracemorrison@x.org"], ["morriwongrace@y.org"], ["weizhang@z.org"],
         ["zhangw@z.org", "info@z.org"]]


@st.composite
def named_book(draw):
    return [{"given_key": draw(st.sampled_from(NAMES)), "family_key": draw(st.sampled_from(NAMES)),
             "emails": draw(st.sampled_from(SPELT)),
             "org_key": draw(st.sampled_from([None, "acme"])),
             "source": draw(st.sampled_from(["google", "vcard"]))}
            for _ in range(draw(st.integers(2, 9)))]


def _all_pairs(n: int) -> pl.DataFrame:
    lr = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return pl.DataFrame({"l": [a for a, _ in lr], "r": [b for _, b in lr],
                         "rule": ["test"] * len(lr)},
                        schema={"l": pl.UInt32, "r": pl.UInt32, "rule": pl.String})


@settings(max_examples=30, deadline=None)
@given(rows=named_book())
def test_near_swap_scores_the_second_cross_only_where_it_can_count(rows):
    """near_swap (second cross scored only where the first is close, null names skipped) is
    the plain definition: both names far apart, each within JW_HIGH of the other's other name."""
    from rapidfuzz.distance import JaroWinkler

    from pipeline.dedupe import similarity

    feats = features.build(records(rows))
    p = compare.with_sides(_all_pairs(feats.height), feats, compare.SCORE_INPUTS)
    p = p.with_columns(similarity.jw_on_unique(p, "given_key_l", "given_key_r").alias("given_jw"),
                       similarity.jw_on_unique(p, "family_key_l", "family_key_r")
                       .alias("family_jw"))

    def close(a, b):
        return a is not None and b is not None and (
            1.0 if a == b else JaroWinkler.normalized_similarity(a, b)) >= similarity.JW_HIGH

    want = [gj < similarity.JW_MID and fj < similarity.JW_MID and close(gl, fr) and close(fl, gr)
            for gl, gr, fl, fr, gj, fj in p.select(
                "given_key_l", "given_key_r", "family_key_l", "family_key_r", "given_jw",
                "family_jw").iter_rows()]
    assert similarity.near_swap(p).to_list() == want


@settings(max_examples=30, deadline=None)
@given(rows=named_book())
def test_own_spellings_built_only_for_records_with_spellings(rows):
    """The e-mail and domain levels are those with every record's own spellings built."""
    feats = features.build(records(rows))
    p = compare.levels(compare.with_sides(_all_pairs(feats.height), feats, compare.SCORE_INPUTS))
    fast = cross.cross_levels(p, feats)
    plain_of = cross._own_spellings_where_read
    cross._own_spellings_where_read = lambda some: mail_spellings.own_spellings(some).alias(
        "own_spellings")
    try:
        plain = cross.cross_levels(p, feats)
    finally:
        cross._own_spellings_where_read = plain_of
    assert fast.select("email_name_level", "domain_org_level").equals(
        plain.select("email_name_level", "domain_org_level"))


@settings(max_examples=30, deadline=None)
@given(rows=named_book(), pick=st.sets(st.integers(0, 8), max_size=4))
def test_shared_keys_among_some_records_are_theirs_of_all_shared_keys(rows, pick):
    from pipeline.dedupe import decisions

    recs = records(rows).with_columns(
        fmt("p{}", pl.int_range(pl.len()) % 3).alias("person_id"))
    among = recs.filter(pl.int_range(pl.len()).is_in(sorted(pick)))
    theirs = set(decisions.record_keys(among)["key"].to_list())
    assert decisions.shared_keys(recs, among=among) == decisions.shared_keys(recs) & theirs


@settings(max_examples=60, deadline=None)
@given(rows=address_book(), data=st.data())
def test_gathered_sides_equal_a_gather_per_column(rows, data):
    """with_sides gathers both sides' columns in one select (all cores); that equals a
    Series.gather per column, also for no pair, one pair (a length-1 index is no scalar)
    and repeated pairs, and a pair column already there is replaced."""
    feats = features.build(records(rows))
    n = feats.height
    picks = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                               max_size=6))
    pairs = pl.DataFrame({"l": [a for a, _ in picks], "r": [b for _, b in picks],
                          "given_key_l": ["stale"] * len(picks)},
                         schema={"l": pl.UInt32, "r": pl.UInt32, "given_key_l": pl.String})
    own = feats.select(c for c in compare.SCORE_INPUTS if c != "idx")
    expected = pairs.with_columns(own[c].gather(pairs[s]).alias(f"{c}_{s}")
                                  for s in "lr" for c in own.columns)
    assert compare.with_sides(pairs, feats, compare.SCORE_INPUTS).equals(expected)
