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


def _keyed(records: pl.DataFrame) -> pl.DataFrame:
    return records.select(pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
                          "record_id", pl.col("person_id").alias("cluster"))


def answer_top(records: pl.DataFrame, truth: pl.DataFrame, k: int = 30) -> dict:
    """Simulate a person who answers the first k pairs of the review queue correctly (from
    the truth), then re-run dedupe with those answers as decisions. records: records.parquet
    (or the normalize stage's records); truth: (key, true_cluster)."""
    from pipeline.dedupe.decisions import Decision
    from pipeline.dedupe.stage import dedupe

    first = dedupe(records)
    before = pairwise(_keyed(first.records).drop("record_id"), truth)
    top = first.review.head(k).select("record_id_l", "record_id_r")
    true_of = _keyed(first.records).join(truth, on="key").select("record_id", "true_cluster")
    top = top.join(true_of.rename({"record_id": "record_id_l", "true_cluster": "t_l"}),
                   on="record_id_l", how="left").join(
        true_of.rename({"record_id": "record_id_r", "true_cluster": "t_r"}),
        on="record_id_r", how="left")
    same = (top["t_l"] == top["t_r"]).fill_null(False).to_list()
    decisions = [Decision(i + 1, "same" if s else "different", f"record:{a}", f"record:{b}")
                 for i, (a, b, s) in enumerate(zip(top["record_id_l"], top["record_id_r"], same,
                                                   strict=True))]
    second = dedupe(records, decisions)
    after = pairwise(_keyed(second.records).drop("record_id"), truth)
    return {"answered": len(decisions), "same_person": sum(same),
            "review_pairs": first.review.height, "f1_before": before["f1"],
            "f1_after": after["f1"], "precision_after": after["precision"],
            "recall_after": after["recall"]}
