"""Dedupe's thresholds, apart from the stage that applies them: the config reads them on every
command, and importing the dedupe stage (blocking, comparisons, clustering) for that costs a
nightly refresh, which reuses dedupe, a tenth of a second."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    merge: float = 2.5  # weight at or above: same person
    review: float = -3.0  # between review and merge: ask the user
    overwhelming: float = 10.0  # a link this strong overrides a birthday conflict (conflicts.py)
    review_limit: int = 200  # pairs of people in review.parquet; the rest are settled apart
