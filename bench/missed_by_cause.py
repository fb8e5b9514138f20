"""A labelled set's missed true pairs by cause and by level signature (docs/hist37.md).

`python bench/missed_by_cause.py --set historical_50k [--out DIR]`: the set's files as
bench/quality.py writes them, ingest and normalize in process, then `stage.dedupe`. Every true
pair that ends in two people is put in one class:

- per pair: not a candidate (no blocking rule proposed it), the outcome and reason the pairs
  table gives it (below review, review band, settled apart past the review queue, settled apart
  as a household, a merge-level link refused by a guard);
- per fragment pair (two predicted people holding records of one true person; every missed
  pair lies between two fragments): the strongest scored true link between the two, or none,
  so a missed pair is charged to what kept its two fragments apart rather than to its own
  weak link (most missed pairs of a book of copies are joined or lost by a chain).

The signature is kith's comparison levels of the fields the set fills (oracle_levels); nothing
is printed of a record but its levels. Reads the truth only to count.
"""

from __future__ import annotations

import polars as pl

LEVELS = ["given_level", "family_level", "birthday_level", "city_level", "street_level",
          "postcode_level",
          "title_level", "email_level", "phone_level", "org_level"]


def _cause() -> pl.Expr:
    r = pl.col("reason")
    return (pl.when(pl.col("outcome").is_null()).then(pl.lit("not a candidate"))
            .when(r.str.contains("household")).then(pl.lit("settled apart: household"))
            .when(r.str.contains("ranked below")).then(pl.lit("settled apart: past the queue"))
            .when(r.str.contains("refused")).then(pl.lit("refused: ") + r.str.slice(22, 40))
            .when(r.str.contains("below the review")).then(pl.lit("below review"))
            .otherwise(pl.col("outcome")))


def _signature(frame: pl.DataFrame) -> pl.Expr:
    used = [c for c in LEVELS if c in frame.columns and frame[c].drop_nulls().n_unique() > 1]
    return pl.concat_str([pl.col(c).cast(pl.String).fill_null("-") for c in used],
                         separator=" ").alias("signature")


def analyse(records: pl.DataFrame, truth: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """(per-pair causes, per-fragment causes, signatures) of one set's run."""
    from pipeline.dedupe.stage import dedupe

    res = dedupe(records)
    key = pl.concat_str("source_file", pl.lit("#"), pl.col("source_row").cast(pl.String))
    recs = res.records.select("record_id", key.alias("key"), "person_id").join(
        truth.select("key", pl.col("true_cluster").cast(pl.String)), on="key")
    true = (recs.join(recs, on="true_cluster", suffix="_r")
            .filter(pl.col("record_id") < pl.col("record_id_r")))
    missed = true.filter(pl.col("person_id") != pl.col("person_id_r")).select(
        pl.col("record_id").alias("a"), pl.col("record_id_r").alias("b"),
        pl.min_horizontal("person_id", "person_id_r").alias("f1"),
        pl.max_horizontal("person_id", "person_id_r").alias("f2"))
    pairs = res.pairs.with_columns(
        pl.min_horizontal("record_id_l", "record_id_r").alias("a"),
        pl.max_horizontal("record_id_l", "record_id_r").alias("b"))
    pairs = pairs.with_columns(_cause().alias("cause"), _signature(pairs))
    m = missed.join(pairs.select("a", "b", "cause", "signature", "weight"), on=["a", "b"],
                    how="left").with_columns(pl.col("cause").fill_null("not a candidate"))
    per_pair = m.group_by("cause").len().sort("len", descending=True)
    # the strongest scored true link between each two fragments of one person
    best = (m.filter(pl.col("weight").is_not_null()).sort("weight", descending=True)
            .group_by("f1", "f2").first().select("f1", "f2", "cause", "signature", "weight"))
    frags = (m.group_by("f1", "f2").len().rename({"len": "missed"})
             .join(best, on=["f1", "f2"], how="left")
             .with_columns(pl.col("cause").fill_null("no candidate between them")))
    per_fragment = (frags.group_by("cause").agg(pl.len().alias("fragment_pairs"),
                                                pl.col("missed").sum())
                    .sort("missed", descending=True))
    labelled = pairs.join(recs.select(pl.col("record_id").alias("record_id_l"),
                                      pl.col("true_cluster").alias("t_l")), on="record_id_l")
    labelled = labelled.join(recs.select(pl.col("record_id").alias("record_id_r"),
                                         pl.col("true_cluster").alias("t_r")), on="record_id_r")
    apart = (pl.col("clustered") == "apart") & (pl.col("t_l") == pl.col("t_r"))
    signatures = (labelled.group_by("signature").agg(
        (pl.col("t_l") == pl.col("t_r")).sum().alias("true"),
        (pl.col("t_l") != pl.col("t_r")).sum().alias("false"),
        pl.col("weight").median().round(1).alias("median_weight"),
        apart.sum().alias("true_apart"),
        *[(apart & (pl.col("cause") == c)).sum().alias(c) for c in (
            "settled apart: household", "settled apart: past the queue", "below review")],
        (apart & pl.col("cause").str.starts_with("refused")).sum().alias("refused"))
        .sort("true_apart", descending=True))
    fragment_signatures = (frags.drop_nulls("signature").group_by("signature", "cause")
                           .agg(pl.len().alias("fragment_pairs"), pl.col("missed").sum(),
                                pl.col("weight").median().round(1).alias("median_weight"))
                           .sort("missed", descending=True))
    return {"per_pair": per_pair, "per_fragment": per_fragment, "signatures": signatures,
            "fragment_signatures": fragment_signatures}


def main() -> None:
    import argparse
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import oracle_bound

    from pipeline.inputs import Limits
    from pipeline.stages.ingest import ingest
    from pipeline.stages.normalize import normalize_records

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="historical_50k")
    ap.add_argument("--out", type=Path, default=Path("/tmp/missed_by_cause"))
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    inputs, truth = oracle_bound._exports(args.set, args.out)
    records = normalize_records(ingest(inputs, exclude=[], limits=Limits(), workers=1).contacts)
    with pl.Config(tbl_rows=args.top + 5, tbl_width_chars=220, fmt_str_lengths=80):
        for name, frame in analyse(records, truth).items():
            print(f"## {name}")
            print(frame.head(args.top))
            frame.write_csv(args.out / f"{args.set}_{name}.csv")


if __name__ == "__main__":
    main()
