"""Does cluster-level evidence separate one person's fragments from namesakes? (docs/clus40.md)

    python bench/fragment_evidence.py [--out bench/out/quality] [--sets NAME,...] [--save DIR]

On sets `bench/quality.py` has already run (their records.parquet), dedupe runs in process
and every pair of predicted people joined by at least one review-band link that clustering
left apart (-3 <= w < 2.5) is a *fragment pair*. Per fragment pair: k (how many such links),
k_disjoint (how many of them share no record: a greedy record-disjoint matching), the link
kinds (given-name level; "name only" when the link agrees on nothing beyond the name,
one_file.BEYOND_NAME, and how many different such fields the links agree on), whether any
cross pair of records conflicts (conflicts.pair_verdicts: birthdays, given names, profiles,
households, one file), and the truth: the cross record
pairs that are one person (tp) and that are not (fp), so that "merge every fragment pair of
this row" reads directly as +tp / +fp. Then, per rule of RULES, the pairwise figures were its
fragment pairs joined. Prints counts only: no names, e-mails or numbers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dedupe_errors import load  # noqa: E402
from quality import chosen_sets, pairwise  # noqa: E402

from pipeline.dedupe import cluster, conflicts, one_file  # noqa: E402
from pipeline.dedupe import stage as stage_mod  # noqa: E402
from pipeline.dedupe.compare import with_sides  # noqa: E402
from pipeline.dedupe.thresholds import Thresholds  # noqa: E402

DEFAULT_SETS = ("historical_50k,gen3_2k_seed1,gen5_2k_seed1,gen6_2k_seed1,synth_2k_seed7,"
                "synth_spec_2k_seed7,fake_1000,febrl1,febrl2,febrl3,febrl4,rldata10000")


def run_capturing(recs: pl.DataFrame):
    """dedupe(recs), and the features clustering read (idx -> record_id, conflict inputs)."""
    seen = {}
    real = cluster.cluster

    def spy(features, *a, **k):
        seen["feats"] = features
        return real(features, *a, **k)

    cluster.cluster = spy
    try:
        result = stage_mod.dedupe(recs)
    finally:
        cluster.cluster = real
    return result, seen["feats"]


def _disjoint(links: list[tuple[str, str]]) -> int:
    used_l, used_r, n = set(), set(), 0
    for a, b in links:
        if a not in used_l and b not in used_r:
            used_l.add(a)
            used_r.add(b)
            n += 1
    return n


def fragment_pairs(result, feats: pl.DataFrame, truth: pl.DataFrame,
                   th: Thresholds | None = None) -> pl.DataFrame:
    th = th or Thresholds()
    recs = result.records.select(
        "record_id", "person_id",
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")).join(
        truth, on="key", how="left")
    person = recs.select("record_id", "person_id")
    p = result.pairs.filter((pl.col("clustered") == "apart") & (pl.col("weight") >= th.review)
                            & (pl.col("weight") < th.merge))
    p = p.join(person.rename({"record_id": "record_id_l", "person_id": "pa"}), on="record_id_l")
    p = p.join(person.rename({"record_id": "record_id_r", "person_id": "pb"}), on="record_id_r")
    p = p.with_columns(pl.min_horizontal("pa", "pb").alias("p1"),
                       pl.max_horizontal("pa", "pb").alias("p2"))
    beyond = [pl.col(f"{f}_level").is_in(list(v)).fill_null(False)
              for f, v in one_file.BEYOND_NAME.items()]
    # the fields beyond the name each link agrees on: links agreeing on one shared value
    # (a household's postcode) are not independent evidence; links on two fields may be
    fields = pl.concat_list([pl.when(b).then(pl.lit(f)).otherwise(pl.lit(None, dtype=pl.String))
                             for b, f in zip(beyond, one_file.BEYOND_NAME, strict=True)])
    p = p.with_columns(fields.list.drop_nulls().alias("_fields"))
    p = p.with_columns(pl.when(pl.any_horizontal(beyond)).then(pl.lit("+evidence"))
                       .otherwise(pl.lit("name only")).alias("_beyond"),
                       pl.col("reason").str.starts_with("settled apart: different given")
                       .alias("_household"))
    frag = p.group_by("p1", "p2").agg(
        pl.len().alias("k"), pl.col("weight").sum().alias("w_sum"),
        pl.col("weight").max().alias("w_max"),
        pl.concat_str("given_level", pl.lit("/"), "_beyond").unique().sort()
        .str.join(",").alias("kinds"),
        pl.col("_household").any().alias("household_link"),
        (pl.col("_fields").list.len() > 0).sum().alias("links_with_evidence"),
        pl.col("_fields").list.explode(keep_nulls=False, empty_as_null=False).n_unique().alias("evidence_fields"),
        # each link as (its record in p1, its record in p2)
        pl.when(pl.col("pa") == pl.col("p1"))
        .then(pl.concat_list("record_id_l", "record_id_r"))
        .otherwise(pl.concat_list("record_id_r", "record_id_l")).alias("_links"))
    frag = frag.with_columns(pl.col("_links").map_elements(
        lambda ls: _disjoint([(x[0], x[1]) for x in ls]), return_dtype=pl.Int64)
        .alias("k_disjoint")).drop("_links")
    # truth: cross record pairs of one true person / of two
    size = recs.group_by("person_id").len("n")
    tc = recs.group_by("person_id", "true_cluster").len("c")
    cross_tp = (frag.select("p1", "p2")
                .join(tc.rename({"person_id": "p1", "c": "c1"}), on="p1")
                .join(tc.rename({"person_id": "p2", "c": "c2"}), on=["p2", "true_cluster"])
                .group_by("p1", "p2").agg((pl.col("c1") * pl.col("c2")).sum().alias("tp")))
    frag = (frag.join(cross_tp, on=["p1", "p2"], how="left")
            .join(size.rename({"person_id": "p1", "n": "n1"}), on="p1")
            .join(size.rename({"person_id": "p2", "n": "n2"}), on="p2")
            .with_columns(pl.col("tp").fill_null(0)))
    frag = frag.with_columns((pl.col("n1") * pl.col("n2") - pl.col("tp")).alias("fp"))
    return frag.join(_conflicts(frag, feats, person), on=["p1", "p2"], how="left")


def _conflicts(frag: pl.DataFrame, feats: pl.DataFrame, person: pl.DataFrame) -> pl.DataFrame:
    """Per fragment pair: does any cross pair of compared records conflict, and do all
    comparable ones (the cluster rule, conflicts.aggregate)?"""
    members = feats.select("idx", "record_id").join(person, on="record_id")
    cross = (frag.select("p1", "p2")
             .join(members.rename({"person_id": "p1", "idx": "a"}).drop("record_id"), on="p1")
             .join(members.rename({"person_id": "p2", "idx": "b"}).drop("record_id"), on="p2")
             .select("p1", "p2", pl.min_horizontal("a", "b").alias("l"),
                     pl.max_horizontal("a", "b").alias("r")))
    sides = with_sides(cross.select("l", "r"), feats, conflicts.VERDICT_INPUTS)
    v = conflicts.pair_verdicts(sides)
    cross = pl.concat([cross, v], how="horizontal")
    anyc = pl.any_horizontal([pl.col(c).fill_null(False) for c in conflicts.VERDICTS])
    return cross.group_by("p1", "p2").agg(anyc.any().alias("any_conflict"),
                                          *[pl.col(c).fill_null(False).any().alias(c)
                                            for c in ("birthday_conflict", "given_conflict",
                                                      "source_conflict")])


def bucket(k: pl.Expr) -> pl.Expr:
    return (pl.when(k == 1).then(pl.lit("1")).when(k == 2).then(pl.lit("2"))
            .when(k <= 4).then(pl.lit("3-4")).when(k <= 9).then(pl.lit("5-9"))
            .otherwise(pl.lit("10+")))


def summary(frag: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    same = pl.col("tp") > pl.col("fp")
    return frag.group_by(by).agg(
        pl.len().alias("frag_pairs"), same.sum().alias("same"), (~same).sum().alias("diff"),
        pl.col("tp").sum(), pl.col("fp").sum()).sort(by)


# The rules measured: the brief's (k >= 2 record-disjoint band links, no conflict between any
# records of the two fragments), the same with the links' summed weight at the merge level, and
# (for comparison only: its links rest on one record's name, so not independent) a fragment of
# one or two records beside one of five or more on two or more links of summed merge weight.
RULES = {
    "k_disjoint>=2, no conflict": (pl.col("k_disjoint") >= 2) & ~pl.col("any_conflict"),
    "... and summed weight >= merge": (pl.col("k_disjoint") >= 2) & ~pl.col("any_conflict")
    & (pl.col("w_sum") >= Thresholds().merge),
    "... and links agree beyond the name on >= 2 fields": (pl.col("k_disjoint") >= 2)
    & ~pl.col("any_conflict") & (pl.col("evidence_fields") >= 2),
    "small beside big, k>=2, summed >= merge (not independent)":
    (pl.col("k") >= 2) & ~pl.col("any_conflict") & (pl.col("w_sum") >= Thresholds().merge)
    & (pl.min_horizontal("n1", "n2") <= 2) & (pl.max_horizontal("n1", "n2") >= 5),
}


def keyed(result) -> pl.DataFrame:
    return result.records.select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"), "person_id")


def simulate(people: pl.DataFrame, frag: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """Pairwise figures were every fragment pair of `frag` joined (people: key, person_id)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in sorted(zip(frag["p1"].to_list(), frag["p2"].to_list(), strict=True)):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    joined = people.with_columns(pl.col("person_id").map_elements(
        find, return_dtype=pl.String).alias("cluster"))
    return pairwise(joined.select("key", "cluster"), truth)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(HERE / "out" / "quality"))
    ap.add_argument("--sets", default=DEFAULT_SETS)
    ap.add_argument("--save", default=None, help="folder for each set's fragment table")
    a = ap.parse_args()
    pl.Config.set_tbl_rows(60)
    pl.Config.set_tbl_width_chars(200)
    for name in sorted(chosen_sets(a.sets)):
        recs, truth = load(name, Path(a.out))
        result, feats = run_capturing(recs)
        frag = fragment_pairs(result, feats, truth)
        if a.save:
            Path(a.save).mkdir(parents=True, exist_ok=True)
            frag.write_parquet(Path(a.save) / f"{name}.parquet")
        frag = frag.with_columns(bucket(pl.col("k_disjoint")).alias("k_disj"),
                                 pl.col("any_conflict").fill_null(False))
        print(f"== {name}: {frag.height} fragment pairs with a band link apart")
        print(summary(frag, ["any_conflict", "k_disj"]))
        people = keyed(result)
        print(f"   now: {pairwise(people.rename({'person_id': 'cluster'}), truth)}")
        for rule, expr in RULES.items():
            chosen = frag.filter(expr)
            print(f"   {rule}: {chosen.height} fragment pairs -> "
                  f"{simulate(people, chosen, truth)}")


if __name__ == "__main__":
    main()
