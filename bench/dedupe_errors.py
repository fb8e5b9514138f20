"""Dedupe errors by class, on sets `bench/quality.py` has already run.

    python bench/dedupe_errors.py [--out bench/out/quality] [--sets NAME,...] [--show N]

For each set, dedupe runs in process on the normalised records of the set's earlier `kith
run` (dedupe is a pure function of them, so this measures the current dedupe code without
re-reading the exports), the clusters are scored against the truth, and every error pair is
put in one class from the pairs table:

- misses (two records of one person left apart): "not a candidate" (no blocking rule proposed
  the pair), "below review", "review band", "refused: <why>" (a merge-level link that
  clustering refused), "settled apart: <why>" (a band or merge-level pair the review queue
  settled apart without asking), or "merge-level, apart" (the link was fine but a greedy
  neighbour refused) -- a miss whose records are joined through other pairs counts where its
  own pair is;
- false merges (two people in one cluster): "direct link" (the pair itself is merge-level)
  or "via others" (joined only through a chain).

With --show N, N example pairs of each class are printed with both records' fields (names,
organisations, cities, birthdays; no e-mail addresses or phone numbers: their levels only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from quality import ALL_SETS, chosen_sets, pairwise  # noqa: E402

from pipeline import schema  # noqa: E402
from pipeline.dedupe.stage import dedupe  # noqa: E402

SHOWN = ["given_key", "family_key", "middle_key", "org_key", "city", "birthday_year",
         "birthday_month", "birthday_day", "source"]


def truth_of(name: str, base: Path) -> pl.DataFrame:
    """(key, true_cluster) of one set, as bench/quality.py scores it."""
    if (base / "truth.parquet").exists():
        return pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
            pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
            pl.col("person_key").alias("true_cluster"))
    import tempfile

    import fake1000
    import febrl
    import historical50k
    import rldata

    with tempfile.TemporaryDirectory() as tmp:
        if name == "historical_50k":
            _, truth = historical50k.convert(Path(tmp))
        elif name == "fake_1000":
            src = HERE.parents[1] / "shared" / "benchmarks" / "splink_fake_1000" / "fake_1000.csv"
            _, truth = fake1000.convert(src, Path(tmp))
        elif name in rldata.SETS:
            _, truth = rldata.convert(name, rldata.rldata_dir(), Path(tmp))
        else:
            _, truth = febrl.convert(name, febrl.febrl_dir(), Path(tmp))
    return truth


def load(name: str, root: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    base = root / name
    recs = pl.read_parquet(base / "kith_out" / "records.parquet")
    recs = schema.conform(recs.select([c for c in recs.columns if c in schema.RECORDS]),
                          schema.RECORDS)
    return recs, truth_of(name, base)


def classify(result, truth: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(misses, false merges): one row per erroneous record pair, with its class."""
    recs = result.records.select(
        "record_id", pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        "person_id").join(truth, on="key")
    pairs = result.pairs.select("record_id_l", "record_id_r", "outcome", "reason", "weight")
    same_true = recs.join(recs, on="true_cluster", suffix="_r").filter(
        pl.col("record_id") < pl.col("record_id_r"))
    missed = same_true.filter(pl.col("person_id") != pl.col("person_id_r"))
    missed = missed.rename({"record_id": "record_id_l"}).join(
        pairs, on=["record_id_l", "record_id_r"], how="left").with_columns(
        pl.when(pl.col("outcome").is_null()).then(pl.lit("not a candidate"))
        .when(pl.col("reason").str.starts_with("strong match refused"))
        .then(pl.col("reason").str.replace("strong match ", ""))
        # the review queue settles some band and merge-level pairs apart (review.build), which
        # sets their outcome to "distinct": their reason says so, not their weight
        .when(pl.col("reason").str.starts_with("settled apart"))
        .then(pl.col("reason").str.replace(r"\s*\(.*$", ""))
        .when(pl.col("outcome") == "merge").then(pl.lit("merge-level, apart"))
        .when(pl.col("outcome") == "review").then(pl.lit("review band"))
        .otherwise(pl.lit("below review")).alias("class"))
    same_pred = recs.join(recs, on="person_id", suffix="_r").filter(
        pl.col("record_id") < pl.col("record_id_r"))
    wrong = same_pred.filter(pl.col("true_cluster") != pl.col("true_cluster_r"))
    wrong = wrong.rename({"record_id": "record_id_l"}).join(
        pairs, on=["record_id_l", "record_id_r"], how="left").with_columns(
        pl.when(pl.col("outcome") == "merge").then(pl.lit("direct link"))
        .otherwise(pl.lit("via others")).alias("class"))
    return missed, wrong


def show(errors: pl.DataFrame, records: pl.DataFrame, pairs: pl.DataFrame, n: int) -> None:
    cols = [c for c in SHOWN if c in records.columns]
    side = {s: records.select(pl.col("record_id").alias(f"record_id_{s}"),
                              *[pl.col(c).alias(f"{c}_{s}") for c in cols]) for s in "lr"}
    lv = pairs.select("record_id_l", "record_id_r",
                      *[f"{f}_level" for f in schema.COMPARISON_FIELDS])
    for cls, group in errors.group_by("class", maintain_order=True):
        print(f"  -- {cls[0]}")
        ex = group.head(n).join(side["l"], on="record_id_l").join(side["r"], on="record_id_r")
        ex = ex.join(lv, on=["record_id_l", "record_id_r"], how="left")
        for r in ex.iter_rows(named=True):
            a = " | ".join(str(r[f"{c}_l"]) for c in cols)
            b = " | ".join(str(r[f"{c}_r"]) for c in cols)
            levels = " ".join(f"{f}={r[f'{f}_level']}" for f in schema.COMPARISON_FIELDS
                              if r.get(f"{f}_level") not in (None, "null"))
            w = r["weight"]
            print(f"     {a}\n     {b}\n       w={w if w is None else round(w, 1)} {levels}")


def run(name: str, root: Path, n_show: int) -> dict:
    recs, truth = load(name, root)
    t0 = time.perf_counter()
    result = dedupe(recs)
    secs = time.perf_counter() - t0
    keyed = result.records.select(pl.concat_str("source_file", pl.lit("#"), "source_row")
                                  .alias("key"), pl.col("person_id").alias("cluster"))
    q = pairwise(keyed, truth)
    missed, wrong = classify(result, truth)
    q["seconds"] = round(secs, 1)
    q["review_pairs"] = result.review.height
    q["misses"] = dict(missed.group_by("class").len().sort("len", descending=True).iter_rows())
    q["false_merges"] = dict(wrong.group_by("class").len().sort("len", descending=True)
                             .iter_rows())
    if n_show:
        print(f"== {name} misses")
        show(missed, recs, result.pairs, n_show)
        print(f"== {name} false merges")
        show(wrong, recs, result.pairs, n_show)
    return q


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "quality")
    ap.add_argument("--sets", default="")
    ap.add_argument("--show", type=int, default=0, help="example pairs per class")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()
    chosen = chosen_sets(args.sets)
    wanted = [s for s in ALL_SETS if s in chosen]
    results = {}
    for name in wanted:
        if not (args.out / name / "kith_out" / "records.parquet").exists():
            print(f"{name}: not run yet (bench/quality.py --sets {name})")
            continue
        q = run(name, args.out, args.show)
        results[name] = q
        print(f"{name}: P {q['precision']} R {q['recall']} F1 {q['f1']} review "
              f"{q['review_pairs']} ({q['seconds']} s) misses {q['misses']} "
              f"false {q['false_merges']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
