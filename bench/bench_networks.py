"""Quality and speed of stage 4 (tag) on synthetic exports with known networks.

    .venv/bin/python bench/bench_networks.py [--people 2000] [--seed 11] [--keep DIR]
    .venv/bin/python bench/bench_networks.py --scale 500000      # also time tag() at 500k people

Generates exports with pipeline.synth (whose truth lists, per person, the networks the rendered
exports give evidence for), runs the pipeline up to dedupe, tags with the built-in rules, maps
each person to a true person through their records (majority person_key) and reports, per
network, precision and recall of the tags and the share of people whose exact set of networks
is right. With --scale N it also replicates the tables to N people (distinct ids, slugs, names
and organisation spellings per copy, so the distinct values grow as in a real large address
book) and times tag() on them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.config import Config
from pipeline.dedupe import people as people_mod
from pipeline.run import ORDER, run
from pipeline.synth import EXPORT_DATE, generate
from pipeline.tagging import Target, load_rules, tag

NETS = schema.NETWORK_NAMES


def _tables(out: Path) -> dict[str, pl.DataFrame]:
    return {n: pl.read_parquet(out / f"{n}.parquet")
            for n in ("people", "records", "interactions", "owner")}


def _tag(t: dict[str, pl.DataFrame], as_of: dt.date, targets=()):
    return tag(t["people"], t["records"], t["interactions"], t["owner"], rules=load_rules(None),
               targets=list(targets), decisions=[], as_of=as_of)


def _top_orgs(people: pl.DataFrame, n: int = 5) -> list[Target]:
    """The n organisations most people work at, as targets (for timing the target paths)."""
    top = (people.drop_nulls("org_key").group_by("org_key")
           .agg(pl.col("organization").first(), pl.len()).sort(["len", "org_key"],
                                                              descending=[True, False]).head(n))
    return [Target(o) for o in top["organization"].to_list()]


def _truth_of_people(records: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """person_id -> the true person_key most of their records belong to (ties: smallest key)."""
    rows = records.select("person_id", "source_file", "source_row").join(
        truth.select("source_file", "source_row", "person_key"), on=["source_file", "source_row"],
        how="left")
    votes = rows.drop_nulls("person_key").group_by("person_id", "person_key").len()
    return (votes.sort(["person_id", "len", "person_key"], descending=[False, True, False])
            .unique("person_id", keep="first", maintain_order=True).select("person_id", "person_key"))


def quality(people: pl.DataFrame, networks: pl.DataFrame, records: pl.DataFrame,
            truth: pl.DataFrame, people_truth: pl.DataFrame) -> dict:
    mapped = _truth_of_people(records, truth).filter(pl.col("person_key") != "owner")
    truth_sets = people_truth.select("person_key", pl.col("networks").alias("true"))
    ours = people.select("person_id", pl.col("networks").alias("ours"))
    both = mapped.join(truth_sets, on="person_key").join(ours, on="person_id")
    both = both.with_columns(pl.col("true").list.sort(), pl.col("ours").list.sort())
    res: dict = {"people_scored": both.height}
    for n in NETS:
        t, o = pl.col("true").list.contains(n), pl.col("ours").list.contains(n)
        tp = both.filter(t & o).height
        n_ours, n_true = both.filter(o).height, both.filter(t).height
        res[n] = {"precision": round(tp / n_ours, 4) if n_ours else None,
                  "recall": round(tp / n_true, 4) if n_true else None,
                  "tagged": n_ours, "true": n_true}
    res["exact_set"] = round(both.filter(pl.col("true") == pl.col("ours")).height
                             / max(1, both.height), 4)
    # Where the misses come from: rules behind false positives, truth evidence behind misses.
    fp_rules: Counter = Counter()
    fn_evidence: Counter = Counter()
    ev = people_truth.select("person_key", "evidence")
    wrong = both.filter(pl.col("true") != pl.col("ours")).join(ev, on="person_key")
    rules_of = networks.group_by("person_id", "network").agg(pl.col("rule"))
    for row in wrong.iter_rows(named=True):
        for n in set(row["ours"]) - set(row["true"]):
            hit = rules_of.filter((pl.col("person_id") == row["person_id"])
                                  & (pl.col("network") == n))
            for r in (hit["rule"][0] if hit.height else ["?"]):
                fp_rules[f"{n}: {r}"] += 1
        for n in set(row["true"]) - set(row["ours"]):
            for e in row["evidence"]:
                if e.startswith(n + ":"):
                    fn_evidence[" ".join(e.split()[:3])] += 1
    res["false_positive_rules"] = dict(fp_rules.most_common(8))
    res["missed_evidence"] = dict(fn_evidence.most_common(8))
    return res


def oracle_clusters(t: dict[str, pl.DataFrame], truth: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The same tables with people built from the true clusters (each record's person_key), so
    the tagging is judged without the dedupe stage's splits and merges."""
    keyed = t["records"].join(truth.select("source_file", "source_row", "person_key"),
                              on=["source_file", "source_row"], how="left")
    recs = keyed.with_columns(pl.coalesce(pl.lit("t_") + pl.col("person_key"),
                                          pl.col("person_id")).alias("person_id"))
    recs = recs.drop("person_key").unique("record_id", keep="first", maintain_order=True)
    return {**t, "records": recs, "people": people_mod.build(recs)}


def scale(t: dict[str, pl.DataFrame], n_people: int) -> dict[str, pl.DataFrame]:
    """Replicate the tables to about n_people people, each copy with its own ids and values."""
    k = max(1, -(-n_people // t["people"].height))
    sfx = lambda c, i: pl.col(c) + f"~{i}"  # noqa: E731
    lsfx = lambda c, i: pl.col(c).list.eval(pl.element() + f"~{i}")  # noqa: E731
    out = {"owner": t["owner"]}
    out["people"] = pl.concat([t["people"].with_columns(
        sfx("person_id", i), lsfx("record_ids", i), sfx("linkedin_slug", i),
        sfx("organization_record", i), sfx("org_key", i) if i % 2 else pl.col("org_key"))
        for i in range(k)]).head(n_people).sort("person_id")  # dedupe writes people sorted
    out["records"] = pl.concat([t["records"].with_columns(
        sfx("person_id", i), sfx("record_id", i), sfx("linkedin_slug", i), sfx("name_key", i),
        lsfx("email_keys", i), pl.col("organization") + (f" {i}" if i % 2 else ""),
        sfx("org_key", i) if i % 2 else pl.col("org_key"), pl.col("title") + f" {i % 50}")
        for i in range(k)])
    out["records"] = out["records"].filter(
        pl.col("person_id").is_in(out["people"]["person_id"].implode()))
    out["interactions"] = pl.concat([t["interactions"].with_columns(
        sfx("interaction_id", i), sfx("counterpart_slug", i), sfx("counterpart_key", i))
        for i in range(k)])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--scale", type=int, default=0, help="also time tag() at this many people")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = a.keep or Path(tmp)
        inp, out = base / "exports", base / "out"
        t0 = time.perf_counter()
        generate(a.people, a.seed, inp, truth_path=base / "truth.parquet",
                 people_truth_path=base / "people_truth.parquet")
        t1 = time.perf_counter()
        cfg = Config(files={k: base / "none" / f"{k}.toml" for k in
                            ("networks", "targets", "decisions", "notes")})
        run(cfg, [inp], out, as_of=EXPORT_DATE, stages=ORDER)
        t2 = time.perf_counter()
        tables = _tables(out)
        result = _tag(tables, EXPORT_DATE)
        t3 = time.perf_counter()
        report = {
            "people_generated": a.people, "seed": a.seed, "people": result.people.height,
            "records": tables["records"].height, "seconds_generate": round(t1 - t0, 2),
            "seconds_run": round(t2 - t1, 2), "seconds_tag": round(t3 - t2, 3),
            "stats": result.stats,
            **quality(result.people, result.networks, tables["records"],
                      pl.read_parquet(base / "truth.parquet"),
                      pl.read_parquet(base / "people_truth.parquet")),
        }
        truth = pl.read_parquet(base / "truth.parquet")
        oracle = oracle_clusters(tables, truth)
        res_o = _tag(oracle, EXPORT_DATE)
        report["true_clusters"] = quality(res_o.people, res_o.networks, oracle["records"], truth,
                                          pl.read_parquet(base / "people_truth.parquet"))
        if a.scale:
            big = scale(tables, a.scale)
            targets = _top_orgs(big["people"])
            t4, c4 = time.perf_counter(), time.process_time()
            res = _tag(big, EXPORT_DATE, targets)
            cpu = time.process_time() - c4
            report["scale"] = {"people": big["people"].height, "records": big["records"].height,
                               "interactions": big["interactions"].height,
                               "seconds_tag": round(time.perf_counter() - t4, 2),
                               "cpu_seconds_tag": round(cpu, 2),
                               "networks_rows": res.networks.height,
                               "targets": len(targets), "target_paths": res.targets.height}
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
