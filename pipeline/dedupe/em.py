"""m fitted to the run's own candidate pairs by expectation-maximisation (as Splink estimates
m), shrunk toward the model's m, bounded, and only ever raised.

The model's m (model.M) were measured on two generators and four public sets; a book whose
errors differ (Splink's fake_1000: birthdays ten years off, misspelt cities and surnames, swapped
names; historical_50k: birthdays a digit off) has some levels far more often among its true
pairs than the model assumes. :func:`fit` alternates: each candidate pair's posterior from its
weight (the prior and every fitted level's correction included); then the prior as in
dedupe/prior.py, and each fitted level's m as the posterior-weighted share of pairs at that
level among the pairs where the field is compared, with ``PSEUDO`` pairs' worth of the model's m
added (a small book, with few true pairs, stays near the model). A level's weight then moves
by log2(m_fitted / m_model), between 0 and ``BOUND_BITS``; u stays as it is (fixed or the
value's frequency).

Only raised: lowering m drove levels a book never shows (a misspelt city in an address book) 2
bits down and a level households share (two given names at one phone) was raised the other way;
both cost precision on the generators' address books (docs/dedupe-quality.md, sixth pass).
Only the fields in ``FITTED``: the given name's levels are where households and namesakes sit
among high-posterior candidate pairs, and identifiers (e-mail, phone, profile) must keep their
meaning whatever a book holds.

The result is a correction per level (bits) that could be added to each pair's total weight.
**Runs do not apply it** (docs/dedupe-quality.md, sixth pass): on every labelled set it moved F1
by -0.001 to +0.003 and no target from unmet to met, historical_50k's precision fell 0.983 ->
0.973, and it cost 3.5% more dedupe CPU at a million records. It is kept as the measure of the
model's fixed m: `python bench/dedupe_measure.py em` prints, per set, the m EM estimates beside
the m among the set's true pairs and the model's (the issue's "validate m on independent data").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from pipeline.dedupe.model import LEVEL, M

ITERATIONS = 50
TOLERANCE_BITS = 1e-4
PSEUDO = 200.0  # pairs' worth of the model's m in each field's estimate
BOUND_BITS = 2.0  # a level's weight rises at most this far
FITTED: tuple[str, ...] = ("birthday", "city", "family", "street", "postcode", "middle")


@dataclass
class Fit:
    prior: float
    delta: dict[str, dict[str, float]] = field(default_factory=dict)  # field -> level -> bits
    m: dict[str, dict[str, float]] = field(default_factory=dict)  # the m the deltas stand for
    iterations: int = 0


def _codes(levels: pl.Series, names: list[str]) -> np.ndarray:
    """Each pair's level as an index into `names`, -1 for null or a level not in `names`."""
    cats = LEVEL.categories.to_list()
    lookup = np.full(len(cats) + 1, -1, dtype=np.int64)
    for i, name in enumerate(names):
        lookup[cats.index(name)] = i
    phys = levels.cast(LEVEL).to_physical().fill_null(len(cats)).to_numpy()
    return lookup[phys.astype(np.int64)]


def _logit2(p: float) -> float:
    return math.log2(p / (1.0 - p))


def _patterns(scored: pl.DataFrame, names: dict[str, list[str]]) -> tuple[np.ndarray, dict]:
    """Each pair's combination of the fitted fields' levels as one integer (mixed radix), and
    per field the level index of every combination (-1: null). The fit then reads the pairs
    once per iteration (a gather and a bincount), whatever the number of fields."""
    pattern = np.zeros(scored.height, dtype=np.int64)
    radix = 1
    digits = {}
    for f, levels in names.items():
        code = _codes(scored[f"{f}_level"], levels)  # -1 .. len-1
        pattern += (code + 1) * radix
        digits[f] = (radix, len(levels) + 1)
        radix *= len(levels) + 1
    every = np.arange(radix)
    level_of = {f: (every // r) % k - 1 for f, (r, k) in digits.items()}
    return pattern, level_of


def fit(scored: pl.DataFrame, n_records: int, assumed: float, fields: tuple[str, ...] = FITTED,
        pseudo: float = PSEUDO, bound: float = BOUND_BITS, up: bool = True) -> Fit:
    """The prior (never below `assumed`) and the per-level corrections the candidate pairs
    imply. `scored`: every candidate pair's `<field>_level` columns and total `weight`, scored
    with the prior `assumed`. `up` off lets m fall too (for measuring)."""
    out = Fit(prior=assumed)
    if n_records < 2 or scored.height == 0:
        return out
    base = scored["weight"].cast(pl.Float64).to_numpy() - assumed  # evidence, bits
    all_pairs = n_records * (n_records - 1) / 2
    names = {f: list(M[f]) for f in fields if f"{f}_level" in scored.columns}
    pattern, level_of = _patterns(scored, names)
    n_patterns = len(next(iter(level_of.values()))) if level_of else 1
    m0 = {f: np.array([M[f][n][0] for n in names[f]]) for f in names}
    delta = {f: np.zeros(len(names[f])) for f in names}
    prior = assumed
    for it in range(ITERATIONS):
        shift = np.full(n_patterns, prior)  # per combination: the prior and its corrections
        for f, lv in level_of.items():
            shift[lv >= 0] += delta[f][lv[lv >= 0]]
        post = 1.0 / (1.0 + np.exp2(np.clip(-(base + shift[pattern]), -60.0, 60.0)))
        share = min(float(post.sum()) / all_pairs, 0.5)
        new_prior = max(_logit2(max(share, 1e-300)), assumed)
        moved = abs(new_prior - prior)
        prior = new_prior
        mass = np.bincount(pattern, weights=post, minlength=n_patterns)
        for f, lv in level_of.items():
            s = np.bincount(lv[lv >= 0], weights=mass[lv >= 0], minlength=len(m0[f]))
            if s.sum() + pseudo <= 0.0:
                continue  # the field is never compared (or no pair is likely a match)
            m = (s + pseudo * m0[f]) / (s.sum() + pseudo)
            d = np.clip(np.log2(np.maximum(m, 1e-12) / m0[f]), 0.0 if up else -bound, bound)
            moved = max(moved, float(np.abs(d - delta[f]).max()))
            delta[f] = d
        out.iterations = it + 1
        if moved < TOLERANCE_BITS:
            break
    out.prior = prior
    out.delta = {f: dict(zip(names[f], map(float, delta[f]), strict=True)) for f in names}
    out.m = {f: {n: float(m0[f][i] * 2.0 ** delta[f][i]) for i, n in enumerate(names[f])}
             for f in names}
    return out


def correction(scored: pl.DataFrame, fitted: Fit) -> np.ndarray:
    """Each pair's correction in bits, the sum over the fitted levels (the prior apart)."""
    total = np.zeros(scored.height)
    for f, by_level in fitted.delta.items():
        names = list(by_level)
        c = _codes(scored[f"{f}_level"], names)
        d = np.append(np.array([by_level[n] for n in names]), 0.0)
        total += d[c]  # -1 (null, or a level not fitted) reads the appended 0
    return total


def apply(scored: pl.DataFrame, fitted: Fit) -> pl.DataFrame:
    """`scored` with each pair's weight corrected by the fitted levels."""
    if not fitted.delta:
        return scored
    return scored.with_columns(pl.col("weight") + pl.Series(correction(scored, fitted)))
