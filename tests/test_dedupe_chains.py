"""Chain-breaking: two groups of records are not joined through one link when every other
pair across them disagrees; they are when the pairs across them agree."""

from __future__ import annotations

import numpy as np
import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import blocking, chains, cluster, compare, features

U32 = pl.UInt32


def scored_frame(weights: dict[tuple[int, int], float]) -> pl.DataFrame:
    return pl.DataFrame({"l": [a for a, _ in weights], "r": [b for _, b in weights],
                         "weight": list(weights.values())},
                        schema={"l": U32, "r": U32, "weight": pl.Float64})


def edges_frame(weights: dict[tuple[int, int], float], merge: float = 2.5) -> pl.DataFrame:
    """Merge-level links with no conflict, as cluster.links returns them (overwhelming from
    weight 10, Thresholds.overwhelming)."""
    strong = {k: w for k, w in weights.items() if w >= merge}
    return scored_frame(strong).with_columns(
        (pl.col("weight") >= 10.0).alias("overwhelming"), pl.lit(False).alias("personal"),
        pl.lit(0, dtype=pl.Int8).alias("personal_ids"),
        pl.lit(None, dtype=pl.String).alias("conflict"))


def four_namesakes():
    """Four records of one name, nothing else: no conflict between any two."""
    return features.build(records([{"given_key": "john", "family_key": "deane"}] * 4))


def groups(labels) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, lab in enumerate(labels):
        out.setdefault(int(lab), set()).add(i)
    return {frozenset(g) for g in out.values()}


def test_two_people_joined_by_one_weak_link_stay_apart():
    # {0, 1} and {2, 3} are two people (strong links within), 1-2 a weak link between them,
    # and every other pair across them says "different"
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 3.0, (0, 2): -8.0, (0, 3): -8.0, (1, 3): -8.0}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1}), frozenset({2, 3})}
    assert got.refused == {(1, 2): chains.REASON}


def test_two_groups_whose_pairs_across_agree_are_joined():
    # the pairs across weigh 4.5 on average, above chains.MIN_MEAN
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 3.0, (0, 2): 6.0, (0, 3): 5.0, (1, 3): 4.0}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1, 2, 3})}
    assert got.refused == {}


def test_two_groups_whose_pairs_across_weigh_little_stay_apart():
    """Mean 1.4 across: none says "different" strongly, but none says "one person" either."""
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 3.0, (0, 2): 1.0, (0, 3): 1.0, (1, 3): 0.5}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1}), frozenset({2, 3})}


def test_an_overwhelming_link_joins_two_groups_whatever_else_disagrees():
    """As for the birthday guard: a link of weight 10 or more is not second-guessed."""
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 12.0, (0, 2): -8.0, (0, 3): -8.0, (1, 3): -8.0}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1, 2, 3})}


def test_without_scored_pairs_clustering_is_as_before():
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 3.0}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [])
    assert groups(got.labels) == {frozenset({0, 1, 2, 3})}


def test_a_single_record_joins_a_group_on_its_own_link():
    """One record is no group: its link is judged by the pair's own verdict, as before."""
    w = {(0, 1): 20.0, (1, 2): 3.0, (0, 2): -8.0}
    feats = features.build(records([{"given_key": "john", "family_key": "deane"}] * 3))
    got = cluster.cluster(feats, edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1, 2})}


def test_pairs_blocking_never_proposed_count_for_nothing():
    """Only the link is scored across the groups: its own weight is the mean."""
    w = {(0, 1): 20.0, (2, 3): 20.0, (1, 2): 5.0}
    got = cluster.cluster(four_namesakes(), edges_frame(w), [], [], scored_frame(w))
    assert groups(got.labels) == {frozenset({0, 1, 2, 3})}


def test_weight_store_finds_pairs_in_either_order():
    store = chains.WeightStore.of(scored_frame({(0, 3): -2.0, (1, 2): 4.0, (5, 6): 9.0}),
                                  np.array([0, 1, 2, 3]))
    assert sorted(store.across([3, 1], [2, 0]).tolist()) == [-2.0, 4.0]
    assert store.across([5], [6]).tolist() == []  # outside the nodes it was built for
    assert chains.weak_join(store, [0, 1], [2, 3], False) == chains.REASON  # mean 1.0
    assert chains.weak_join(store, [0, 1], [2, 3], True) is None  # an overwhelming link
    assert chains.weak_join(store, [0], [3], False) is None  # one side is a single record


GIVEN = ["robert", "bob", "anna", "wei", "zhang", "kyle"]


@st.composite
def address_book(draw):
    rows = []
    for _ in range(draw(st.integers(4, 12))):
        row = {"given_key": draw(st.sampled_from(GIVEN[:3])),
               "family_key": draw(st.sampled_from(["smith", "zhang"])),
               "phones": draw(st.sampled_from([[], ["+14155550134"], ["+14155550199"]])),
               "emails": draw(st.sampled_from([[], ["home@x.org"], ["a.b@gmail.com"]])),
               "org_key": draw(st.sampled_from([None, "acme", "initech"])),
               "city": draw(st.sampled_from([None, "york", "leeds"]))}
        if draw(st.booleans()):
            row.update(birthday_year=draw(st.sampled_from([1980, 1990])),
                       birthday_month=draw(st.sampled_from([1, 12])),
                       birthday_day=draw(st.sampled_from([2, 12])))
        rows.append(row)
    return rows


# each example builds features and scores pairs (~0.2 s of polars set-up)
@settings(max_examples=60, deadline=None)
@given(rows=address_book())
def test_bulk_settlement_with_chain_breaking_equals_greedy_merging(rows):
    """Components settled whole or as one pair give what greedy merging over every record
    gives, with the chain rule on; and no two groups of a cluster were joined weakly."""
    feats = features.build(records(rows))
    pairs, _ = blocking.candidate_pairs(feats)
    scored = compare.score(pairs, feats).select("l", "r", "weight")
    edges = cluster.links(compare.score(pairs, feats).filter(pl.col("weight") >= 2.5), 10.0)
    got = cluster.cluster(feats, edges, [], [], scored)
    nodes = np.arange(feats.height)
    store = cluster.VerdictStore.within(feats, np.zeros(feats.height, dtype=np.int64), nodes)
    refused: dict = {}
    labels = cluster._greedy(nodes, edges, [], [], store, refused,
                             chains.WeightStore.of(scored, nodes))
    assert groups(got.labels) == groups(labels)
    assert got.refused == refused
