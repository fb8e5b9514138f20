"""m fitted per run by expectation-maximisation (pipeline/dedupe/em.py): it converges, stays
within its bounds, is deterministic, shrinks toward the model in small books and only raises m. Runs do not apply it (see em.py);
bench/dedupe_measure.py em uses it to check the model's m on each labelled set."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import em
from pipeline.dedupe.model import LEVEL, M

FIELDS = ("birthday", "city", "family")


def _frame(rows: list[tuple[float, str, str, str, str]]) -> pl.DataFrame:
    """Scored pairs: (weight, birthday, city, family, email level) per row."""
    w, b, c, f, e = (list(x) for x in zip(*rows, strict=True)) if rows else ([],) * 5
    return pl.DataFrame({"weight": w, "birthday_level": b, "city_level": c, "family_level": f,
                         "email_level": e},
                        schema={"weight": pl.Float64, **{k: LEVEL for k in (
                            "birthday_level", "city_level", "family_level", "email_level")}})


def _level(field: str) -> st.SearchStrategy[str]:
    return st.sampled_from(["null", *M[field]])


ROWS = st.lists(st.tuples(st.floats(-40, 40), _level("birthday"), _level("city"),
                          _level("family"), _level("email")), min_size=1, max_size=300)


@settings(max_examples=60, deadline=None)
@given(rows=ROWS, extra=st.integers(0, 5000), pseudo=st.sampled_from([0.0, 10.0, 200.0]))
def test_em_converges_within_its_bounds_and_is_deterministic(rows, extra, pseudo):
    frame = _frame(rows)
    n = 2 + extra + len(rows)
    assumed = -math.log2(n)
    fit = em.fit(frame, n, assumed, pseudo=pseudo)
    assert fit.iterations <= em.ITERATIONS
    assert fit.prior >= assumed
    for by_level in fit.delta.values():
        assert all(0.0 <= d <= em.BOUND_BITS for d in by_level.values())
    assert "email" not in fit.delta  # identifiers are not fitted
    # a fixed point: one more pass from the result barely moves it
    again = em.fit(frame, n, assumed, pseudo=pseudo)
    assert again.delta == fit.delta and again.prior == fit.prior
    # row order does not matter (beyond rounding)
    shuffled = em.fit(frame.reverse(), n, assumed, pseudo=pseudo)
    for f, by_level in fit.delta.items():
        for lv, d in by_level.items():
            assert math.isclose(d, shuffled.delta[f][lv], abs_tol=1e-6)
    # the correction is each pair's fitted levels' deltas, nulls neutral
    corr = em.correction(frame, fit)
    for i, row in enumerate(frame.iter_rows(named=True)):
        want = sum(fit.delta[f].get(row[f"{f}_level"], 0.0) for f in FIELDS)
        assert math.isclose(corr[i], want, abs_tol=1e-12)


@settings(max_examples=30, deadline=None)
@given(share=st.floats(0.05, 0.6), seed=st.integers(0, 10_000))
def test_em_converges_to_a_fixed_point(share, seed):
    """Converged means a further iteration moves nothing by more than the tolerance: the
    result refitted with its own corrections already in the weights adds (almost) nothing."""
    rng = np.random.default_rng(seed)
    n_true, n_false = 1500, 3000
    near = rng.random(n_true) < share
    b = np.where(near, "near", "exact").tolist() + ["different"] * n_false
    w = np.r_[rng.normal(12, 3, n_true), rng.normal(-12, 3, n_false)].tolist()
    frame = _frame([(wi, bi, "null", "null", "null") for wi, bi in zip(w, b, strict=True)])
    fit = em.fit(frame, 20_000, -math.log2(20_000), fields=("birthday",))
    assert fit.iterations < em.ITERATIONS
    d = fit.delta["birthday"]["near"]
    m = M["birthday"]["near"][0]
    # near's share among the true pairs, shrunk toward the model's 0.2 by PSEUDO pairs
    want = (near.sum() + em.PSEUDO * m) / (n_true + em.PSEUDO)
    assert math.isclose(d, min(max(math.log2(want / m), 0.0), em.BOUND_BITS), abs_tol=0.05)


def _true_pairs(n: int, near: float) -> pl.DataFrame:
    """n certain matches of which a share `near` have a birthday a digit off."""
    k = round(n * near)
    return _frame([(30.0, "near" if i < k else "exact", "exact", "exact", "null")
                   for i in range(n)])


def test_a_book_whose_true_pairs_have_near_birthdays_raises_that_level():
    fit = em.fit(_true_pairs(2000, 0.5), 40_000, -math.log2(40_000))
    # m of "near" 0.2 in the model; half the pairs here: about 0.47 after shrinking
    assert 1.0 < fit.delta["birthday"]["near"] < 1.4
    assert fit.delta["birthday"]["different"] == 0.0  # never seen: not lowered
    assert fit.delta["city"]["jw_high"] == 0.0


def test_a_small_book_stays_near_the_model():
    fit = em.fit(_true_pairs(20, 0.5), 400, -math.log2(400))
    # 10 near pairs against 200 pairs' worth of the model's m: a small rise
    assert 0.0 < fit.delta["birthday"]["near"] < 0.3


def test_a_rise_is_bounded():
    fit = em.fit(_true_pairs(5000, 1.0), 100_000, -math.log2(100_000))
    assert fit.delta["birthday"]["near"] == em.BOUND_BITS


def test_no_pairs_changes_nothing():
    fit = em.fit(_frame([]), 500, -8.97)
    assert fit.prior == -8.97 and fit.delta == {}
    frame = _frame([(1.0, "near", "null", "null", "null")])
    assert em.apply(frame, em.fit(frame, 1, 0.0)).equals(frame)
