"""Session 17 (night3): the worksheets' cut to each network's warmest by a threshold, the card
markup picked on the columns it reads, the notes joined only where they say something. Each
is checked against the definition it replaces (the code before it, restated here)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.keep_in_touch import Dormant
from pipeline.notes import ledger
from pipeline.worksheets import cards, render

# warmth as the tag stage makes it: 0-100, one decimal (many ties), or missing
WARMTH = st.one_of(st.none(), st.integers(0, 40).map(lambda n: n / 10))
ODD = st.one_of(WARMTH, st.sampled_from([float("nan"), -0.0, 0.0, float("inf")]))


def _by_sort(values: list, limit: int) -> list[int]:
    """The cut as it was: sorted by value (descending, nulls last) then position."""
    frame = pl.DataFrame({"v": pl.Series(values, dtype=pl.Float64)}).with_row_index("_i")
    return (frame.sort("v", "_i", descending=[True, False], nulls_last=True)
            .head(limit)["_i"].sort().to_list())


@settings(max_examples=300, deadline=None)
@given(st.lists(WARMTH, max_size=60), st.integers(1, 40))
def test_top_positions_are_the_sorts_cut(values, limit):
    got = render.top_positions(pl.Series(values, dtype=pl.Float64), limit)
    assert got.tolist() == _by_sort(values, limit)


@settings(max_examples=200, deadline=None)
@given(st.lists(ODD, max_size=40), st.integers(1, 30))
def test_top_positions_with_nan_and_negative_zero(values, limit):
    got = render.top_positions(pl.Series(values, dtype=pl.Float64), limit)
    assert got.tolist() == _by_sort(values, limit)


def test_warmest_by_positions_and_by_join_agree():
    """Ties at the threshold go to the earlier member, with and without positions."""
    rng = np.random.default_rng(3)
    n = 500
    warmth = [None if r < 0.2 else round(float(w), 1) for r, w in
              zip(rng.random(n), rng.random(n) * 3, strict=True)]
    rows = pl.DataFrame({"person_id": [f"p{i:04d}" for i in range(n)],
                         "warmth_num": pl.Series(warmth, dtype=pl.Float64)})
    at = np.sort(rng.choice(n, 300, replace=False)).astype(np.int64)
    members = rows[at].select("person_id", reasons=pl.lit("r"))
    expected = members[_by_sort([warmth[i] for i in at], 50)]
    assert render.warmest(members, rows, 50, at).equals(expected)
    assert render.warmest(members, rows, 50).equals(expected)
    assert render.warmest(members, rows, 300, at).equals(members)


def test_card_parts_pick_the_same_people_as_a_semi_join():
    """Cut to the columns the cards read, then filtered: the same markup, same order, as the
    semi join of every column (a person on two networks' pages made once)."""
    n = 30
    rows = pl.DataFrame({c: [f"{c}{i}" for i in range(n)] for c in cards.person_parts_reads()
                         if c not in ("dnc", "mail", "tel")}).with_columns(
        person_id=pl.Series([f"p{i:02d}" for i in range(n)]),
        dnc=pl.Series([i % 7 == 0 for i in range(n)]),
        mail=pl.lit(["a@example.com"]), tel=pl.lit([], dtype=pl.List(pl.String)),
        unread=pl.lit("not on a card"))
    shown = {"peer": rows[[1, 4, 9]].select("person_id"),
             "business": rows[[4, 20, 2]].select("person_id"),
             "untagged": rows.clear().select("person_id")}
    on_pages = pl.concat(list(shown.values())).unique()
    expected = cards.person_parts(rows.join(on_pages, on="person_id", how="semi",
                                            maintain_order="left"))
    got = render._card_parts(rows, shown)
    assert got.equals(expected)
    assert got["person_id"].to_list() == ["p01", "p02", "p04", "p09", "p20"]


PEOPLE = {"person_id": pl.String, "last_interaction": pl.Date, "first_connected": pl.Date,
          "cadence_days": pl.Int64, "dormant": pl.Boolean, "messages_sent": pl.Int64,
          "messages_received": pl.Int64, "labels": pl.List(pl.String),
          "sources": pl.List(pl.String), "target_companies": pl.List(pl.String)}


def _people(n: int) -> pl.DataFrame:
    day = dt.date(2025, 1, 1)
    return pl.DataFrame({
        "person_id": [f"p{i}" for i in range(n)],
        "last_interaction": [day + dt.timedelta(days=i) if i % 3 else None for i in range(n)],
        "first_connected": [day] * n, "cadence_days": [30 + i for i in range(n)],
        "dormant": [i % 4 == 0 for i in range(n)], "messages_sent": [i % 2 for i in range(n)],
        "messages_received": [i % 3 for i in range(n)], "labels": [[]] * n,
        "sources": [["linkedin"]] * n, "target_companies": [[]] * n}, schema=PEOPLE)


NOTE_ROW = st.tuples(st.integers(0, 7), st.sampled_from(["", " ", "call", None]),
                     st.one_of(st.none(), st.just(dt.date(2025, 6, 1))))


@settings(max_examples=150, deadline=None)
@given(st.lists(NOTE_ROW, max_size=12))
def test_apply_to_people_equals_the_join_of_every_notes_row(rows):
    """Notes rows with nothing in them (no text, no follow-up) left out of the join: the same
    people table, also with a person listed twice and people without a row."""
    people = _people(8)
    notes = pl.DataFrame({
        "person_id": [f"p{i}" for i, _, _ in rows], "need": [t for _, t, _ in rows],
        "offer": [None] * len(rows), "next_step": [None] * len(rows),
        "referral_status": [None] * len(rows), "referred_by": [None] * len(rows),
        "follow_up": [d for _, _, d in rows]},
        schema={"person_id": pl.String, "need": pl.String, "offer": pl.String,
                "next_step": pl.String, "referral_status": pl.String,
                "referred_by": pl.String, "follow_up": pl.Date})
    led = ledger.empty_ledger()
    as_of = dt.date(2025, 3, 1)
    got = ledger.apply_to_people(people, notes, led, as_of, Dormant())
    # the definition: every notes row joined (the old with_evidence)
    text = [pl.col(c).cast(pl.String).fill_null("").str.strip_chars() != ""
            for c in ("need", "offer", "next_step", "referral_status", "referred_by")]
    every = notes.select("person_id", _typed=pl.col("follow_up"),
                         _noted=pl.any_horizontal(text))
    original = ledger.with_evidence
    try:
        ledger.with_evidence = lambda p, n, le, d: original(p, n.filter(pl.lit(False)), le, d) \
            .drop("_typed", "_noted").join(every, on="person_id", how="left",
                                           maintain_order="left") \
            .with_columns(relationship=ledger.touch.relationship(
                noted=pl.col("_noted"), logged=pl.col("_logged"), typed=pl.col("_typed")))
        expected = ledger.apply_to_people(people, notes, led, as_of, Dormant())
    finally:
        ledger.with_evidence = original
    assert got.equals(expected)


def test_a_silent_notes_row_is_not_joined():
    """A person whose notes row says nothing gets no row from the notes (_noted null); one
    with text or a follow-up date gets theirs."""
    people = _people(3)
    notes = pl.DataFrame({"person_id": ["p0", "p1", "p2"], "need": ["", "call", None],
                          "offer": [None] * 3, "next_step": [None] * 3,
                          "referral_status": [None] * 3, "referred_by": [None] * 3,
                          "follow_up": [None, None, dt.date(2025, 6, 1)]},
                         schema_overrides={"follow_up": pl.Date, "offer": pl.String,
                                           "next_step": pl.String,
                                           "referral_status": pl.String,
                                           "referred_by": pl.String})
    frame = ledger.with_evidence(people, notes, ledger.empty_ledger(), dt.date(2025, 3, 1))
    assert frame["_noted"].to_list() == [None, True, False]
    assert frame["_typed"].to_list() == [None, None, dt.date(2025, 6, 1)]
