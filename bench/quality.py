"""Pairwise precision / recall / F1 of kith's clustering against ground truth."""

from __future__ import annotations

import polars as pl


def _pairs(counts: pl.Series) -> int:
    c = counts.cast(pl.Int64)
    return int((c * (c - 1) // 2).sum())


def pairwise(pred: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """pred: (key, cluster); truth: (key, true_cluster). Keys must match one to one."""
    j = pred.join(truth, on="key", how="inner")
    tp = _pairs(j.group_by(["cluster", "true_cluster"]).len()["len"])
    pp = _pairs(j.group_by("cluster").len()["len"])
    tpairs = _pairs(j.group_by("true_cluster").len()["len"])
    precision = tp / pp if pp else 1.0
    recall = tp / tpairs if tpairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"records": j.height, "true_pairs": tpairs, "predicted_pairs": pp, "tp": tp,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def blocking_recall(candidates: pl.DataFrame, truth_of_idx: pl.DataFrame) -> float:
    """Share of true pairs that blocking proposed. candidates: (l, r); truth_of_idx: (idx, c)."""
    t = truth_of_idx
    cand = (candidates.join(t.rename({"idx": "l", "c": "cl"}), on="l")
            .join(t.rename({"idx": "r", "c": "cr"}), on="r"))
    found = cand.filter(pl.col("cl") == pl.col("cr")).height
    total = _pairs(t.group_by("c").len()["len"])
    return round(found / total, 4) if total else 1.0
