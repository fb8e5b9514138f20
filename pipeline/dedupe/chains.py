"""Chain-breaking: a join of two groups of records needs support across them, not one link.

Greedy clustering joins two clusters on their strongest link. Where each cluster already holds
several records, that one link can be the only evidence between them: a record carrying little
(a name, a place) linked to two people of that name fuses both, while every other pair across
the join says "different" (Splink's historical_50k: 91% of wrongly joined pairs were such
chains). A join of two clusters of at least two records each is refused when the candidate
pairs across it weigh less than ``MIN_MEAN`` on average; the link then goes to review like
any refused link. An overwhelming link (Thresholds.overwhelming, or one personal e-mail
address) is exempt, as it is from the birthday guard: two groups sharing an address are one
person even when their other pairs disagree ("Ezia" / "Eliza Taylor", misspelt).

Only scored (candidate) pairs count: a pair blocking never proposed carries no evidence either
way. Weights come from :func:`pipeline.dedupe.compare.score`, so the mean is in bits and
includes the prior (dedupe/prior.py). Measured on every labelled set in docs/dedupe-quality.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.dedupe.blocking import lookup_across, pair_code

# The mean weight (bits) of the candidate pairs across a join below which it is refused: the
# pairs across must, on average, say "one person" well above the merge threshold (2.5).
# Swept 0 / 2.5 / 4 / 5 on every labelled set; only historical_50k moves (docs).
MIN_MEAN = 4.0
# Both clusters must hold at least this many records: one record joining a group is judged by
# its own link, as before (1 cost recall on every set).
MIN_SIDE = 2
REASON = "one weak link between two groups of records that otherwise disagree"


@dataclass
class WeightStore:
    """Weights of candidate pairs by pair code (sorted)."""

    codes: np.ndarray  # uint64, sorted
    weights: np.ndarray  # float64

    @classmethod
    def of(cls, scored: pl.DataFrame | None, nodes: np.ndarray) -> WeightStore:
        """scored: (l, r, weight) of every candidate pair; kept: pairs within `nodes`."""
        if scored is None or not len(nodes):
            return cls(np.zeros(0, dtype=np.uint64), np.zeros(0))
        keep = pl.Series(nodes, dtype=pl.UInt32).implode()
        p = scored.filter(pl.col("l").is_in(keep) & pl.col("r").is_in(keep)).select(
            pair_code(pl.col("l"), pl.col("r")), "weight")
        code = p["lr"].to_numpy()
        order = np.argsort(code)
        return cls(code[order], p["weight"].to_numpy().astype(np.float64)[order])

    def across(self, a: list[int], b: list[int]) -> np.ndarray:
        """Weights of the candidate pairs with one record in `a` and one in `b`."""
        hit, at = lookup_across(self.codes, a, b)
        return self.weights[at[hit]]


def weak_join(store: WeightStore, a: list[int], b: list[int], overwhelming: bool) -> str | None:
    """Why two clusters must not be joined by a link (or None): both hold MIN_SIDE records or
    more, the link is not overwhelming, and the candidate pairs across them weigh less than
    MIN_MEAN on average."""
    if overwhelming or min(len(a), len(b)) < MIN_SIDE:
        return None
    w = store.across(a, b)
    if len(w) and float(w.mean()) < MIN_MEAN:
        return REASON
    return None


def weak_components(scored: pl.DataFrame | None, comp: np.ndarray) -> np.ndarray:
    """Components (by their smallest record) holding a candidate pair below MIN_MEAN: a
    join inside them might be refused, so they cannot be settled whole."""
    if scored is None or scored.height == 0:
        return np.zeros(0, dtype=np.int64)
    weak = scored.filter(pl.col("weight") < MIN_MEAN)
    left = weak["l"].to_numpy().astype(np.int64)
    right = weak["r"].to_numpy().astype(np.int64)
    inside = comp[left] == comp[right]
    return np.unique(comp[left[inside]])
