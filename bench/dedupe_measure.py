"""Measurements behind the dedupe model's constants, on sets `bench/quality.py` has run.

    python bench/dedupe_measure.py WHAT [--out bench/out/quality] [--sets NAME,...]

WHAT is one of:

- ``mu``: per comparison level, m (its share among all true pairs of the set) and u (its share
  among 300,000 random pairs of records of different people), beside the model's constants;
- ``patterns``: candidate pairs grouped by their non-null levels, true pairs against the sum of
  the model's posteriors (where the model is mis-calibrated, and for which data);
- ``ceiling``: candidate pairs ranked by weight, the best pairwise F1 over all thresholds with
  no clustering, and the best with precision at least 0.99;
- ``prior``: kith's prior -log2(N), the true prior, and the prior the scored pairs imply
  (`pipeline.dedupe.prior.estimate` without its floor; docs/dedupe-quality.md);
- ``em``: per level of the fields dedupe/em.py fits (and the given name), the m EM estimates
  (allowed to fall as well as rise, bounded to +-2 bits) against the level's share among the
  set's true candidate pairs: "estimate/truth" (docs/dedupe-quality.md, sixth pass).

Dedupe runs in process on each set's normalised records, as in bench/dedupe_errors.py.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dedupe_errors import load  # noqa: E402
from quality import ALL_SETS, chosen_sets  # noqa: E402

from pipeline import schema  # noqa: E402
from pipeline.dedupe import blocking, compare, em, features, prior  # noqa: E402

RANDOM_PAIRS = 300_000


def _truth_by_idx(recs: pl.DataFrame, truth: pl.DataFrame, feats: pl.DataFrame) -> pl.DataFrame:
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    return feats.select("idx", "record_id").join(recs.select("record_id", key), on="record_id") \
        .join(truth, on="key").select(pl.col("idx").cast(pl.UInt32), "true_cluster")


def _scored(feats: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """Candidate pairs scored with the assumed prior, with whether each is a true pair."""
    pairs, _ = blocking.with_loose(feats, *blocking.candidate_pairs(feats))  # as the stage does
    s = compare.score(pairs, feats)
    t = truth.rename({"idx": "l", "true_cluster": "tl"})
    s = s.join(t, on="l").join(t.rename({"l": "r", "tl": "tr"}), on="r")
    return s.with_columns((pl.col("tl") == pl.col("tr")).alias("true"))


def _true_pairs(truth: pl.DataFrame) -> int:
    sizes = truth.group_by("true_cluster").len()["len"].to_numpy().astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def mu(name: str, feats: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    true = truth.join(truth, on="true_cluster", suffix="_r").filter(pl.col("idx") < pl.col("idx_r"))
    rng = np.random.default_rng(0)
    a, b = (rng.integers(0, feats.height, RANDOM_PAIRS) for _ in range(2))
    rand = pl.DataFrame({"l": np.minimum(a, b), "r": np.maximum(a, b)},
                        schema={"l": pl.UInt32, "r": pl.UInt32}).filter(pl.col("l") != pl.col("r"))
    t = truth.rename({"idx": "l", "true_cluster": "a"})
    rand = rand.unique().join(t, on="l").join(t.rename({"l": "r", "a": "b"}), on="r").filter(
        pl.col("a") != pl.col("b"))
    rows = []
    for kind, pairs in (("m", true.select(pl.col("idx").alias("l"), pl.col("idx_r").alias("r"))),
                        ("u", rand.select("l", "r"))):
        lv = compare.levels(compare.with_sides(pairs, feats, compare.SCORE_INPUTS))
        for field in compare.M:
            if f"{field}_level" not in lv.columns:
                continue
            col = lv[f"{field}_level"].cast(pl.String)
            col = col.filter(col != "null")
            for level, n in col.value_counts().iter_rows():
                rows.append({"set": name, "field": field, "level": level, "kind": kind,
                             "share": round(n / col.len(), 4)})
    return pl.DataFrame(rows)


def patterns(s: pl.DataFrame) -> pl.DataFrame:
    pat = pl.concat_str([pl.when(pl.col(f"{f}_level").cast(pl.String) != "null")
                         .then(pl.lit(f"{f[:3]}=") + pl.col(f"{f}_level").cast(pl.String))
                         .otherwise(pl.lit("")) for f in schema.COMPARISON_FIELDS],
                        separator=" ").str.replace_all(" +", " ").str.strip_chars()
    post = 1 / (1 + 2.0 ** -pl.col("weight"))
    g = s.group_by(pat.alias("pattern")).agg(
        pl.len().alias("pairs"), pl.col("true").sum().alias("true"), post.sum().alias("expected"),
        (pl.col("true") & (pl.col("weight") < 2.5)).sum().alias("true_below_merge"))
    return g.with_columns((pl.col("true") - pl.col("expected")).round(1).alias("gap")).sort(
        pl.col("gap").abs(), descending=True).head(25)


def ceiling(s: pl.DataFrame, true_pairs: int) -> str:
    s = s.sort("weight", descending=True)
    tp = np.cumsum(s["true"].to_numpy())
    p = tp / np.arange(1, len(tp) + 1)
    r = tp / true_pairs
    f = 2 * p * r / np.maximum(p + r, 1e-12)
    best, ok = int(f.argmax()), np.where(p >= 0.99)[0]
    strict = int(ok[f[ok].argmax()]) if len(ok) else best
    return (f"candidates hold {tp[-1] / true_pairs:.3f} of true pairs; best F1 {f[best]:.4f} "
            f"(P {p[best]:.4f} R {r[best]:.4f}); with P >= 0.99: F1 {f[strict]:.4f} "
            f"(R {r[strict]:.4f})")


def em_against_truth(name: str, s: pl.DataFrame, n: int) -> pl.DataFrame:
    """s: _scored's candidate pairs. Fitted m (up and down) against the truth, per level."""
    fields = (*em.FITTED, "given")
    fit = em.fit(s, n, compare.prior_weight(n), fields=fields, up=False)
    true = s.filter(pl.col("true"))
    rows = []
    for field in fields:
        col = true[f"{field}_level"].cast(pl.String)
        col = col.filter(col != "null")
        counts = dict(col.value_counts().iter_rows())
        for level, m in fit.m[field].items():
            share = counts.get(level, 0) / max(col.len(), 1)
            rows.append({"set": name, "level": f"{field} {level}", "model": compare.M[field][level][0],
                         "fit": f"{m:.3f}/{share:.3f}"})
    return pl.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["mu", "patterns", "ceiling", "prior", "em"])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "quality")
    ap.add_argument("--sets", default="")
    args = ap.parse_args()
    pl.Config.set_tbl_rows(60)
    pl.Config.set_fmt_str_lengths(100)
    pl.Config.set_tbl_width_chars(220)
    found = []
    chosen = chosen_sets(args.sets)
    for name in [s for s in ALL_SETS if s in chosen]:
        if not (args.out / name / "kith_out" / "records.parquet").exists():
            continue
        recs, truth = load(name, args.out)
        feats = features.build(recs)
        by_idx = _truth_by_idx(recs, truth, feats)
        if args.what == "mu":
            found.append(mu(name, feats, by_idx))
            continue
        s = _scored(feats, by_idx)
        if args.what == "em":
            found.append(em_against_truth(name, s, feats.height))
        elif args.what == "patterns":
            print(name, patterns(s))
        elif args.what == "ceiling":
            print(name, ceiling(s, _true_pairs(by_idx)))
        else:
            n, t = feats.height, _true_pairs(by_idx)
            share = t / (n * (n - 1) / 2)
            assumed = compare.prior_weight(n)
            est = prior.estimate(s["weight"], n, assumed, floor=False)
            print(f"{name}: -log2(N) {assumed:.2f}, true {math.log2(share / (1 - share)):.2f}, "
                  f"estimate {est:.2f}")
    if found and args.what == "em":
        print(pl.concat(found).pivot(on="set", index=["level", "model"], values="fit"))
    elif found:
        table = pl.concat(found).pivot(on="set", index=["field", "level", "kind"], values="share")
        print(table.sort(["field", "level", "kind"]))


if __name__ == "__main__":
    main()
