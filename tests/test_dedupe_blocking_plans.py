"""Blocking collects every rule's lazy plan in one call for a book up to ALL_AT_ONCE records
and rule by rule above it: the same candidate pairs either way, and the same as the blocks
formed step by step (eagerly, as before the plans)."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from test_dedupe_cluster import address_book

from pipeline.dedupe import blocking, features


def _eager_rule_pairs(feats: pl.DataFrame, rule: blocking.Rule) -> pl.DataFrame:
    """The pre-plan form of a key rule's pairs: each step collected."""
    keys = [f"k{i + 1}" for i in range(len(rule.keys))]
    frame = feats.select("idx", *[pl.col(k).alias(f"k{i + 1}") for i, k in enumerate(rule.keys)])
    for i, k in enumerate(rule.keys):
        if isinstance(feats.schema[k], pl.List):
            frame = frame.explode(f"k{i + 1}")
    frame = frame.drop_nulls(keys)
    blocks = frame.group_by(keys).agg(pl.col("idx").unique())
    blocks = blocks.filter(pl.col("idx").list.len().is_between(2, rule.cap))
    blocks = blocks.select("idx").with_row_index("block").explode("idx")
    pairs = blocks.join(blocks, on="block", suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
    return pairs.select(blocking.pair_code(pl.col("idx"), pl.col("idx_r"))).unique()


@settings(max_examples=30, deadline=None)
@given(rows=address_book())
def test_one_call_rule_by_rule_and_step_by_step_give_the_same_pairs(rows):
    feats = features.build(records(rows))
    at_once = blocking.candidate_pairs(feats)
    old = blocking.ALL_AT_ONCE
    blocking.ALL_AT_ONCE = -1
    try:
        one_by_one = blocking.candidate_pairs(feats)
    finally:
        blocking.ALL_AT_ONCE = old
    assert at_once[0].equals(one_by_one[0]) and at_once[1] == one_by_one[1]
    special = {"lone_name_city", "swapped_names", "email_spells_name", "family_part"}
    for rule, frame in zip(blocking.RULES, blocking.rule_frames(feats), strict=True):
        if rule.name not in special:
            assert frame.sort("lr").equals(_eager_rule_pairs(feats, rule).sort("lr")), rule.name
