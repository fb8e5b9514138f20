"""The prior from the run's own pairs: how likely two random records are one person.

compare.py's prior, -log2(N), assumes each record has about one other record of its person in
the run. That holds for an address book merged from a few exports (both generators: the true
prior is within 0.2 bits of it at 2,000 and 20,000 people), but not for a book that holds four
records of each person (Splink's fake_1000: 2.0 bits higher) or a census extract with several
copies per person (FEBRL 3: 1.4 bits higher). There every match weight was short by that much.

:func:`estimate` is the expectation-maximisation step on the prior alone, with every level's m
and u fixed (Splink's estimate of the probability that two random records match): the
expected number of true pairs among the candidates, given the prior, over all pairs of
records; repeated until it settles. Pairs that no blocking rule proposed carry no evidence of a
match and add nothing. On the eleven labelled sets it lands within 0.1-0.35 bits of the true
prior (docs/dedupe-quality.md), where -log2(N) was off by up to 2 bits.

The estimate only ever raises the prior. The thresholds, the namesake caps and the million-record
figures were measured against -log2(N); a lower estimate (0.2 bits in `pipeline.synth` at
20,000 people) cost recall and gained no precision, so the assumed prior is a floor.

It needs chain-breaking (dedupe/chains.py): alone, on Splink's historical_50k (ten records per
person, 3.1 bits above -log2(N)) it let namesakes fuse through records that carry little and
precision fell 0.969 -> 0.870; with it, precision 0.983 and F1 0.832 -> 0.862.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

ITERATIONS = 100
TOLERANCE_BITS = 1e-4
# A rise smaller than this moves no decision by much and would cost a second scoring pass.
RESCORE_BITS = 0.25
# A rise from which the book is taken for one of many copies (blocking.WIDE_COPIES): between
# the address books' +0.4-0.6 bits (gen3, gen4) and FEBRL 3's +1.4, fake_1000's +1.7 and
# historical_50k's +3.1 (docs/fast11.md).
COPIES_BITS = 1.0


def holds_copies(estimated: float | None, assumed: float) -> bool:
    """Whether the book is one of many copies: the prior its pairs imply (None: not
    estimated, the assumed one) is more than COPIES_BITS above the assumed prior."""
    return estimated is not None and estimated > assumed + COPIES_BITS


def _logit2(p: float) -> float:
    return math.log2(p / (1.0 - p))


def estimate(weights: pl.Series, n_records: int, assumed: float, floor: bool = True) -> float:
    """The prior weight (log2 odds) the scored candidate pairs imply, never below `assumed`
    unless `floor` is off (for measuring). `weights`: every candidate pair's total weight,
    scored with the prior `assumed`."""
    if n_records < 2 or weights.len() == 0:
        return assumed
    evidence = weights.cast(pl.Float64).to_numpy() - assumed  # each pair's log2 Bayes factor
    all_pairs = n_records * (n_records - 1) / 2
    prior = assumed
    for _ in range(ITERATIONS):
        # posterior of each pair, in a form that neither overflows nor underflows
        posterior = 1.0 / (1.0 + np.exp2(np.clip(-(prior + evidence), -60.0, 60.0)))
        share = min(float(posterior.sum()) / all_pairs, 0.5)
        new = _logit2(max(share, 1e-300))
        if abs(new - prior) < TOLERANCE_BITS:
            prior = new
            break
        prior = new
    return max(prior, assumed) if floor else prior


# A census-style extract (FEBRL 1, 2, 4: one other record per person, so no book of copies by
# its prior) writes a person's copy with another given name beside her family name, home and
# full birthday: the shape of twins. Twins are a few in a hundred of the pairs a household's
# members make, so a book whose pairs of that shape (in this many homes or more) outnumber
# its households' pairs (one family name and street, two given names, two clearly different
# birthdays) holds copies, not twins (docs/fake38.md). No generated address book has a pair of
# that shape; triplets are one home.
TWIN_HOMES = 3


def twins_outnumber_households(scored: pl.DataFrame, feats: pl.DataFrame) -> bool:
    """Whether the book's candidate pairs of one family name and street and two different
    given names share a full birthday (twin-shaped) more often than they carry two clearly
    different ones (household-shaped), in TWIN_HOMES homes or more."""
    lv = [pl.col(f"{f}_level").cast(pl.String) for f in ("family", "street", "given",
                                                          "birthday")]
    home = scored.filter((lv[0] == "exact") & (lv[1] == "exact") & (lv[2] == "different"))
    if home.height == 0:
        return False
    birthday = home.select(lv[3]).to_series()
    twins = home.filter(birthday == "exact")["l"]
    households = int((birthday == "different").sum())
    homes = feats.select(pl.col("family_key"), pl.col("street_key"))[twins.cast(pl.Int64)]
    return homes.n_unique() >= TWIN_HOMES and twins.len() > households
