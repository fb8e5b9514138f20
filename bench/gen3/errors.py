"""kith's dedupe errors on gen3 sets, by the generator's cause.

    python -m bench.gen3.errors [--out bench/out/quality] [--sets gen3_2k_seed1,...] [--show N]

Reads a set bench/quality.py has run (its normalised records, truth and people truth), runs
dedupe in process like bench/dedupe_errors.py and puts every error pair in ONE cause class:

- a missed pair (one person, two clusters) by what the generator did to the two records, in
  this order: a record with no name, first name only, name order swapped, adopted English
  name, family name changed at marriage, nickname / short form, transliteration, one of two
  Spanish surnames, typo; else by what the pair shares: "no shared identifier" (nothing but
  the name and maybe the employer: e.g. a LinkedIn row and a phone card), "shares
  e-mail/phone" otherwise;
- a wrong join (two people, one cluster) by how the two people relate: same household,
  namesakes (same normalised name), colleagues (same organisation), other.

Each class is crossed with kith's own reason (not a candidate / below review / review band /
refused / via others) from bench/dedupe_errors.py. Names only are printed with --show.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dedupe_errors import classify, load  # noqa: E402

from pipeline.dedupe.stage import dedupe  # noqa: E402

NAME_CAUSES = ("nameless", "given_only", "swap", "adopted", "maiden", "double_barrel",
               "nickname", "translit", "one_surname", "typo")
SETS = ("gen3_2k_seed1", "gen3_2k_seed2", "gen3_20k_seed1", "gen3_20k_seed2")


def _keyed_truth(base: Path) -> pl.DataFrame:
    t = pl.read_parquet(base / "truth.parquet")
    return t.select(pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
                    pl.col("person_key").alias("true_cluster"), "quirks", "source")


def _sides(result, truth: pl.DataFrame) -> pl.DataFrame:
    return result.records.select(
        "record_id", pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        "given_key", "family_key", "org_key", "email_keys", "phones_e164",
    ).join(truth.select("key", "quirks", "source"), on="key")


def _with_sides(errors: pl.DataFrame, sides: pl.DataFrame) -> pl.DataFrame:
    for s in ("l", "r"):
        errors = errors.join(sides.rename({c: f"{c}_{s}" for c in sides.columns}),
                             on=f"record_id_{s}")
    shared = lambda c: (pl.col(f"{c}_l").list.set_intersection(pl.col(f"{c}_r"))  # noqa: E731
                        .list.len().fill_null(0) > 0)
    return errors.with_columns(shared("email_keys").alias("share_email"),
                               shared("phones_e164").alias("share_phone"))


def miss_cause(quirks_l: str, quirks_r: str, share: bool) -> str:
    q = set((quirks_l or "").split(",")) | set((quirks_r or "").split(","))
    for cause in NAME_CAUSES:
        if cause in q:
            return "maiden" if cause == "double_barrel" else cause
    return "shares e-mail/phone" if share else "no shared identifier"


def wrong_cause(row: dict, people: pl.DataFrame | None) -> str:
    if people is not None and row["household_l"] == row["household_r"]:
        return "household"
    if row["given_key_l"] == row["given_key_r"] and row["family_key_l"] == row["family_key_r"]:
        return "namesakes"
    if row["org_key_l"] and row["org_key_l"] == row["org_key_r"]:
        return "colleagues"
    return "other"


def analyse(name: str, root: Path, n_show: int = 0) -> dict:
    base = root / name
    recs, truth2 = load(name, root)
    truth = _keyed_truth(base)
    result = dedupe(recs)
    missed, wrong = classify(result, truth2)
    sides = _sides(result, truth)
    missed = _with_sides(missed, sides)
    missed = missed.with_columns(pl.struct("quirks_l", "quirks_r", "share_email", "share_phone")
                                 .map_elements(lambda s: miss_cause(
                                     s["quirks_l"], s["quirks_r"],
                                     s["share_email"] or s["share_phone"]),
                                     return_dtype=pl.String).alias("cause"))
    people = pl.read_parquet(base / "people_truth.parquet") if (
        base / "people_truth.parquet").exists() else None
    wrong = _with_sides(wrong, sides)
    if people is not None:
        h = people.select("person_key", "household")
        wrong = wrong.join(h.rename({"person_key": "true_cluster", "household": "household_l"}),
                           on="true_cluster").join(
            h.rename({"person_key": "true_cluster_r", "household": "household_r"}),
            on="true_cluster_r")
    wrong = wrong.with_columns(pl.Series("cause", [wrong_cause(r, people) for r in
                                                   wrong.iter_rows(named=True)], pl.String))
    out = {"misses": _counts(missed), "wrong_joins": _counts(wrong),
           "misses_sharing": _counts(missed.filter(pl.col("share_email") | pl.col("share_phone")))}
    if n_show:
        _show(name, missed, wrong, n_show)
    return out


def _counts(errors: pl.DataFrame) -> dict:
    if errors.is_empty():
        return {}
    g = errors.group_by("cause", "class").len()
    tot = errors.group_by("cause").len().sort("len", descending=True)
    return {c: {"pairs": n, **{k: m for k, m in g.filter(pl.col("cause") == c)
                               .select("class", "len").iter_rows()}}
            for c, n in tot.iter_rows()}


def _show(name: str, missed: pl.DataFrame, wrong: pl.DataFrame, n: int) -> None:
    for label, errs in (("misses", missed), ("wrong joins", wrong)):
        print(f"== {name} {label}")
        for (cause,), g in errs.group_by("cause", maintain_order=True):
            print(f"  -- {cause}")
            for r in g.head(n).iter_rows(named=True):
                print(f"     {r['given_key_l']} {r['family_key_l']} [{r['source_l']}: "
                      f"{r['quirks_l']}] ~ {r['given_key_r']} {r['family_key_r']} "
                      f"[{r['source_r']}: {r['quirks_r']}] -> {r['class']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "quality")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    results = {}
    for name in filter(None, a.sets.split(",")):
        results[name] = analyse(name, a.out, a.show)
        print(name, json.dumps(results[name]), flush=True)
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
