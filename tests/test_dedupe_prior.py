"""The prior estimated from a run's own pairs (pipeline/dedupe/prior.py)."""

from __future__ import annotations

import math
import random
import string

import numpy as np
import polars as pl
from dedupe_support import records

from pipeline.dedupe import compare, em, features, prior, stage


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(7))


def _book(copies: list[int]) -> pl.DataFrame:
    """One person per entry of `copies`, with that many identical records; names are random
    letters and birthdays random dates, so different people resemble each other by chance only."""
    rng = random.Random(12)
    rows = []
    for i, n in enumerate(copies):
        person = {"given_key": _word(rng), "family_key": _word(rng),
                  "birthday_year": rng.randint(1940, 2005), "birthday_month": rng.randint(1, 12),
                  "birthday_day": rng.randint(1, 28),
                  "emails": [f"person{i}@example.org"]}  # one address: copies, not namesakes
        rows += [dict(person, source_file=f"f{k}.csv") for k in range(n)]
    return features.build(records(rows))


def _true_prior(copies: list[int]) -> float:
    n = sum(copies)
    share = sum(c * (c - 1) / 2 for c in copies) / (n * (n - 1) / 2)
    return math.log2(share / (1 - share))


def _estimate(feats: pl.DataFrame) -> tuple[float, float]:
    """The estimate from the candidate pairs scored with the assumed prior."""
    scored, _ = stage.score_pairs(feats)
    assumed = compare.prior_weight(feats.height)
    weights = compare.score(scored.select("l", "r", "rule"), feats)["weight"]
    return prior.estimate(weights, feats.height, assumed), assumed


def test_a_book_with_four_records_of_each_person_earns_its_higher_prior():
    copies = [4] * 30 + [1] * 30
    feats = _book(copies)
    estimated, assumed = _estimate(feats)
    truth = _true_prior(copies)
    assert truth - assumed > 1  # -log2(N) is more than a bit short here
    assert abs(estimated - truth) < 0.3
    # the stage scores with it: every weight rises by the difference (no namesakes here),
    # besides the levels whose m the stage fits to the book (dedupe/em.py)
    scored, _ = stage.score_pairs(feats)
    plain = compare.score(scored.select("l", "r", "rule"), feats)
    fit = em.fit(plain, feats.height, assumed)
    assert abs(fit.prior - estimated) < 0.1
    rise = (scored["weight"] - plain["weight"]).to_numpy() - em.correction(plain, fit)
    assert all(math.isclose(d, fit.prior - assumed, abs_tol=1e-9) for d in rise)


def test_a_book_with_few_duplicates_keeps_the_assumed_prior():
    copies = [2] * 10 + [1] * 100
    feats = _book(copies)
    estimated, assumed = _estimate(feats)
    truth = _true_prior(copies)
    assert truth < assumed  # the estimate would be lower: the floor holds
    assert estimated == assumed
    scored, _ = stage.score_pairs(feats)
    unfloored = prior.estimate(scored["weight"], feats.height, assumed, floor=False)
    assert unfloored < assumed and abs(unfloored - truth) < 0.3
    plain = compare.score(scored.select("l", "r", "rule"), feats)
    fit = em.fit(plain, feats.height, assumed)
    assert fit.prior == assumed  # no rescoring: only the fitted levels' corrections
    rise = (scored["weight"] - plain["weight"]).to_numpy()
    assert np.allclose(rise, em.correction(plain, fit), rtol=0, atol=1e-9)


def test_no_pairs_or_one_record_is_the_assumed_prior():
    assert prior.estimate(pl.Series([], dtype=pl.Float64), 1, -1.0) == -1.0
    assert prior.estimate(pl.Series([], dtype=pl.Float64), 500, -8.97) == -8.97
