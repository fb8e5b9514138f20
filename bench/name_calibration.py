"""How honest kith's weight of two agreeing names is, on one set (docs/qual12.md).

    python bench/name_calibration.py RECORDS [TRUTH]

RECORDS: a run's records.parquet (normalised records; dedupe is run on them in process).
TRUTH: the set's truth (source_file, source_row, person_key, kind), for the calibration table.

Prints, without the truth:

- the within-source namesake lift per band of a full name's weight: in a file that lists each
  person once (LinkedIn's connections, `one_per_person`), two rows with one full name are two
  people, so the namesakes its rows show (k - 1 per row) against the number term frequencies
  predict ((rows - 1) * tf_given * tf_family) is the factor by which the model, which treats
  given and family names as independent, underrates a namesake; "unflagged": only rows whose
  name no other source shows twice (the names the namesake cap does not reach);

and with the truth:

- the prior: assumed (-log2 N), the EM estimate (dedupe/prior.py, no floor), and the true one;
- name-only candidate pairs (both names exact, no other field compared) by band of weight:
  the model's mean posterior beside the share that are one person, and the gap in bits.

No e-mail address or number is printed: names are not printed either.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import schema  # noqa: E402
from pipeline.dedupe import compare, features, prior, stage  # noqa: E402
from pipeline.dedupe.model import M  # noqa: E402

BAND_BITS = 2.0
# upper bounds of the calibration bands (bits); 2.5 is the merge threshold
CALIBRATION_BINS = [-1.0, 2.5, 4.0, 6.0, 8.0, 10.0]


def lift_table(feats: pl.DataFrame) -> pl.DataFrame:
    """(rows, band, seen, expected, lift_bits, unflagged) per band of the full name's weight."""
    named = feats.filter(pl.col("given_key").is_not_null() & pl.col("family_key").is_not_null())
    once = named.filter(pl.col("one_per_person"))
    tfs = {c: compare.term_frequencies(feats, c).rename({"value": c})
           for c in ("given_key", "family_key")}
    weight = ((M["given"]["exact"][0] / pl.col("given_key_tf")).log(2)
              + (M["family"]["exact"][0] / pl.col("family_key_tf")).log(2)
              + compare.prior_weight(feats.height))
    anchor = pl.coalesce(pl.col("email_keys").list.first(), pl.col("phones_e164").list.first(),
                         "record_id")
    other = named.filter(~pl.col("one_per_person")).group_by(
        ["given_key", "family_key", "source"]).agg(anchor.n_unique().alias("n")).group_by(
        ["given_key", "family_key"]).agg(pl.max("n").alias("k_other"))
    rows = once.join(tfs["given_key"], on="given_key").join(tfs["family_key"], on="family_key")
    rows = rows.with_columns(pl.len().over("file_code").alias("nf"),
                             pl.len().over(["file_code", "given_key", "family_key"]).alias("k"))
    rows = rows.join(other, on=["given_key", "family_key"], how="left").with_columns(
        (weight / BAND_BITS).floor().clip(-2, 5).mul(BAND_BITS).alias("band"),
        (pl.col("k_other").fill_null(0) < 2).alias("unflagged"))
    out = []
    for unflagged in (False, True):
        sub = rows.filter(pl.col("unflagged")) if unflagged else rows
        t = sub.group_by("band").agg(
            pl.len().alias("rows"), (pl.col("k") - 1).sum().alias("seen"),
            ((pl.col("nf") - 1) * pl.col("given_key_tf") * pl.col("family_key_tf")).sum()
            .round(3).alias("expected"))
        out.append(t.with_columns(pl.lit(unflagged).alias("unflagged")))
    return pl.concat(out).with_columns(
        (pl.col("seen") / pl.col("expected")).log(2).round(2).alias("lift_bits")).sort(
        "unflagged", "band")


def _band(w: pl.Expr) -> pl.Expr:
    """The calibration band of a weight, as "(lo, hi]"."""
    edges = [-math.inf, *CALIBRATION_BINS, math.inf]
    expr = pl.when(pl.lit(False)).then(pl.lit(""))
    for lo, hi in zip(edges, edges[1:], strict=False):
        expr = expr.when((w > lo) & (w <= hi)).then(pl.lit(f"({lo}, {hi}]"))
    return expr


def calibration(feats: pl.DataFrame, scored: pl.DataFrame, person: pl.Series) -> pl.DataFrame:
    """Name-only candidate pairs by band of weight: model posterior, share one person, gap."""
    others = [f"{f}_level" for f in schema.COMPARISON_FIELDS if f not in ("given", "family")]
    p = scored.filter((pl.col("given_level") == "exact") & (pl.col("family_level") == "exact")
                      & pl.all_horizontal([pl.col(c) == "null" for c in others]))
    p = p.with_columns((person.gather(p["l"]) == person.gather(p["r"])).alias("same"),
                       (1 / (1 + (2.0 ** -pl.col("weight")))).alias("posterior"),
                       _band(pl.col("weight")).alias("band"))
    t = p.group_by("band").agg(pl.len().alias("pairs"), pl.col("weight").mean().round(2),
                               pl.col("posterior").mean().round(4).alias("model"),
                               pl.col("same").mean().round(4).alias("truth")).sort("weight")
    odds = (pl.col("model") / (1 - pl.col("model"))).log(2) - \
        (pl.col("truth") / (1 - pl.col("truth"))).log(2)
    return t.with_columns(odds.round(2).alias("gap_bits"))


def main() -> None:
    recs = pl.read_parquet(sys.argv[1])
    recs = schema.conform(recs.select([c for c in recs.columns if c in schema.RECORDS]),
                          schema.RECORDS)
    feats = features.build(recs)
    cfg = pl.Config(tbl_rows=60, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True)
    with cfg:
        if feats["one_per_person"].any():
            print(lift_table(feats))
        else:
            print("no file lists each person once: no within-source lift")
        if len(sys.argv) < 3:
            return
        truth = pl.read_parquet(sys.argv[2]).filter(pl.col("kind") == "contact").select(
            pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"), "person_key")
        keyed = feats.select("record_id").join(recs.select(
            "record_id", pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")),
            on="record_id", how="left", maintain_order="left").join(
            truth, on="key", how="left", maintain_order="left")
        person = keyed["person_key"]
        scored, _ = stage.score_pairs(feats)
        n = feats.height
        same = keyed.group_by("person_key").len().select(
            (pl.col("len") * (pl.col("len") - 1) / 2).sum()).item()
        assumed = compare.prior_weight(n)
        em = prior.estimate(scored["weight"], n, assumed, floor=False)
        print(f"records {n}; prior assumed {assumed:.2f}, EM {em:.2f}, "
              f"true {math.log2(same / (n * (n - 1) / 2)):.2f}")
        print(calibration(feats, scored, person))


if __name__ == "__main__":
    main()
