"""Why dedupe's errors grow with a book's size: misses and false merges of one `kith run`, by
what dedupe did, and for a pair no rule proposed, why not.

    python bench/scale_errors.py --set DIR [--json OUT]

DIR holds `truth.parquet` (and `people_truth.parquet` for gen5's false-merge shapes) and a
finished run's records in `DIR/<run>/records.parquet` (--run, default "base"). Dedupe runs in
process on those normalised records (a pure function of them: the current code is measured,
not the run's; --from-run reads the run's own pairs.parquet and person ids instead), the clusters are scored against the truth, and every error pair is classed
as bench/dedupe_errors.py does. A missed pair that was never a candidate is classed further
by the blocking rules (blocking.RULES, LOOSE_RULES) whose keys its two records share:

- "cap: RULE" -- they share RULE's key, but its block held more records than the rule's cap
  (RULE is the shared rule with the smallest block);
- "budget: RULE" -- only a loose rule's key is shared, in a block within its cap: the book
  was past PAIR_BUDGET (or that rule would have taken it past);
- "no key" -- no generic rule's key is shared (the four rules written out in blocking.py are
  not tested: their pairs are few).

Only names and counts are printed, never an e-mail address or a phone number.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dedupe_errors import classify  # noqa: E402
from gen5_errors import merge_class  # noqa: E402
from quality import pairwise  # noqa: E402

from pipeline import schema  # noqa: E402
from pipeline.dedupe import blocking, compare, copies, features  # noqa: E402
from pipeline.dedupe.stage import dedupe  # noqa: E402
from pipeline.dedupe.thresholds import Thresholds  # noqa: E402

WRITTEN_OUT = {"lone_name_city", "swapped_names", "email_spells_name", "family_part"}


def _shared_blocks(feats: pl.DataFrame, pairs: pl.DataFrame, rule: blocking.Rule
                   ) -> pl.DataFrame:
    """(l, r, size): for each pair whose two records share a key of `rule`, the smallest such
    block's size (records in it)."""
    keyed = (blocking._loose_keyed(feats, rule) if rule in blocking.LOOSE_RULES
             else blocking._keyed(feats, rule)).lazy().collect()
    keys = [c for c in keyed.columns if c.startswith("k")]
    keyed = keyed.select("idx", *keys).unique()
    sizes = keyed.group_by(keys).agg(pl.len().alias("size"))
    left = pairs.join(keyed.rename({"idx": "l"}), on="l")
    both = left.join(keyed.rename({"idx": "r"}), on=["r", *keys])
    return both.join(sizes, on=keys).group_by("l", "r").agg(pl.col("size").min())


def why_not_candidate(feats: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """(l, r, why) for pairs no rule proposed (see the module doc)."""
    found = []
    for rule in (*blocking.RULES, *blocking.LOOSE_RULES):
        if rule.name in WRITTEN_OUT:
            continue
        loose = rule in blocking.LOOSE_RULES
        hit = _shared_blocks(feats, pairs, rule).with_columns(
            pl.lit(rule.name).alias("rule"), (pl.col("size") / rule.cap).alias("over"),
            pl.lit(loose).alias("loose"))
        found.append(hit)
    # ties (two rules over their caps by as much) go to the first rule in RULES order
    hits = pl.concat(found).sort("loose", "over", maintain_order=True)
    first = hits.group_by("l", "r", maintain_order=True).first()
    why = pl.when(pl.col("loose") & (pl.col("over") <= 1)).then(
        pl.concat_str(pl.lit("budget: "), "rule")).otherwise(
        pl.concat_str(pl.lit("cap: "), "rule"))
    return pairs.join(first.with_columns(why.alias("why")), on=["l", "r"], how="left").select(
        "l", "r", pl.col("why").fill_null("no key"), "size")


def run(base: Path, run_name: str, dump: Path | None = None, from_run: bool = False) -> dict:
    recs = pl.read_parquet(base / run_name / "records.parquet")
    recs = schema.conform(recs.select([c for c in recs.columns if c in schema.RECORDS]),
                          schema.RECORDS)
    truth = pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    t0 = time.perf_counter()
    if from_run:  # the run's own outputs: no second dedupe of a million records
        result = SimpleNamespace(
            records=recs.drop("person_id").join(
                pl.read_parquet(base / run_name / "records.parquet").select(
                    "record_id", "person_id"), on="record_id"),
            pairs=pl.read_parquet(base / run_name / "pairs.parquet"),
            stats={"candidate_pairs": None, "pairs_by_rule": None})
    else:
        result = dedupe(recs)
    secs = time.perf_counter() - t0
    keyed = result.records.select(pl.concat_str("source_file", pl.lit("#"), "source_row")
                                  .alias("key"), pl.col("person_id").alias("cluster"))
    q = pairwise(keyed, truth)
    q["seconds"] = round(secs, 1)
    q["candidate_pairs"] = result.stats["candidate_pairs"]
    q["pairs_by_rule"] = result.stats["pairs_by_rule"]
    missed, wrong = classify(result, truth)
    q["misses"] = dict(missed.group_by("class").len().sort("len", descending=True).iter_rows())
    q["false_merges"] = dict(wrong.group_by("class").len().sort("len", descending=True)
                             .iter_rows())
    q["not_a_candidate"] = _blocking_why(recs, missed)
    q["false_merge_shapes"] = _merge_shapes(base, recs, wrong, truth)
    if dump is not None:  # every error pair with its levels and weight, for further queries
        lv = result.pairs.select("record_id_l", "record_id_r", "rule",
                                 *[f"{f}_level" for f in schema.COMPARISON_FIELDS])
        for name, frame in (("missed", missed), ("wrong", wrong)):
            frame.join(lv, on=["record_id_l", "record_id_r"], how="left").write_parquet(
                dump / f"{name}.parquet")
    return q


def _blocking_why(recs: pl.DataFrame, missed: pl.DataFrame) -> dict:
    compared, _ = copies.split(recs)
    feats = features.build(recs, keep=compared)
    rid = feats.select("record_id", "idx")
    nc = missed.filter(pl.col("class") == "not a candidate").select(
        "record_id_l", "record_id_r")
    nc = nc.join(rid.rename({"record_id": "record_id_l", "idx": "l"}), on="record_id_l").join(
        rid.rename({"record_id": "record_id_r", "idx": "r"}), on="record_id_r")
    nc = nc.select(pl.min_horizontal("l", "r").alias("l"), pl.max_horizontal("l", "r")
                   .alias("r"))
    why = why_not_candidate(feats, nc)
    # what scoring would have said had a rule proposed the pair (the run's prior, not the
    # rescored one of a book of copies): only pairs at merge level were lost to blocking
    weight = compare.score(why.select("l", "r", pl.lit("none").alias("rule")), feats,
                           columns=["l", "r", "weight"])
    why = why.join(weight, on=["l", "r"], how="left").with_columns(
        pl.col("weight").cut([Thresholds().review, Thresholds().merge],
                             labels=["below review", "review band", "merge level"],
                             left_closed=True).cast(pl.String).alias("scored"))
    return {f"{k} | {s}": n for k, s, n in why.group_by("why", "scored").len().sort(
        "len", descending=True).iter_rows()}


def _merge_shapes(base: Path, recs: pl.DataFrame, wrong: pl.DataFrame,
                  truth: pl.DataFrame) -> dict:
    """False merges by gen5_errors.merge_class (shared contact point, namesakes, ...)."""
    people_path = base / "people_truth.parquet"
    people = ({r["person_key"]: r for r in pl.read_parquet(people_path).iter_rows(named=True)}
              if people_path.exists() else {})
    cols = ["record_id", "given_key", "family_key", "email_keys", "phones_e164"]
    side = recs.select(*cols, pl.concat_str("source_file", pl.lit("#"), "source_row")
                       .alias("key")).join(truth, on="key")
    rows = {r["record_id"]: r for r in side.iter_rows(named=True)}
    shapes: dict[str, int] = {}
    for a, b in wrong.select("record_id_l", "record_id_r").iter_rows():
        c = merge_class(rows[a], rows[b], people)
        shapes[c] = shapes.get(c, 0) + 1
    return dict(sorted(shapes.items(), key=lambda kv: -kv[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True)
    ap.add_argument("--run", default="base")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--dump", type=Path, help="write missed.parquet and wrong.parquet here")
    ap.add_argument("--from-run", action="store_true",
                    help="read the run's pairs.parquet and person ids instead of deduping again")
    args = ap.parse_args()
    q = run(args.set, args.run, args.dump, args.from_run)
    print(json.dumps(q, indent=1))
    if args.json:
        args.json.write_text(json.dumps(q, indent=1))


if __name__ == "__main__":
    main()
