"""Synthetic, schema-conformant inputs for the worksheets: for tests and the render benchmark.

    python bench/bench_worksheets.py --people 500000 --out /tmp/ws

builds 500,000 people (with hostile names, URLs and notes mixed in), renders them and prints
the time. Column-wise generation keeps building 500k people to about a second, so the
benchmark measures rendering, not the generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import polars as pl

from pipeline import schema
from pipeline.notes.ledger import LEDGER, reciprocity
from pipeline.notes.notes_frame import NOTES
from pipeline.textfmt import fmt

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ATTR = '"onmouseover=alert(1) x="'
FORMULA = '=HYPERLINK("http://example.com/x","Click me")'
FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gábor", "Hiro", "Ines", "Jonas",
         "Kwame", "Lena", "Mateo", "Nora", "Óscar", "Priya", "Quinn", "Rosa", "Sven", "Tariq"]
LAST = ["Ng", "Okafor", "Peña", "Łukasz", "Müller", "Smith", "Tanaka", "García", "Kowalski",
        "O'Brien", "van der Berg", "Haddad", "Ivanova", "Jensen", "Kim", "Lopez", "Moreau"]
ORGS = ["Globex", "Initech", "Umbrella", "Acme", "Hooli", "Stark Industries", "Wayne Enterprises",
        "Vandelay", "Soylent", "Tyrell", FORMULA]
TITLES = ["Engineer", "Recruiter", "Product Manager", "Designer", "Data Scientist", "CTO",
          "Volunteer Coordinator", "Teacher"]
TARGETS = ["Globex", "Initech", "Hooli"]
AS_OF = dt.date(2025, 11, 14)


def frames(n: int, seed: int = 0, as_of: dt.date = AS_OF) -> dict[str, pl.DataFrame]:
    """people, networks, targets, review, notes, ledger, reciprocity, changes."""
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    first = np.array(FIRST)[rng.integers(0, len(FIRST), n)]
    last = np.array(LAST)[rng.integers(0, len(LAST), n)]
    names = np.char.add(np.char.add(first, " "), last).astype(object)
    for k, hostile in enumerate((HOSTILE_NAME, HOSTILE_ATTR, FORMULA)):
        if n > k * 7 + 3:
            names[k * 7 + 3] = hostile
    pid = pl.select(fmt("p_{}", pl.Series(i).cast(pl.String))).to_series()
    org = np.array(ORGS)[rng.integers(0, len(ORGS), n)]
    days = rng.integers(0, 900, n)
    has_last = rng.random(n) < 0.8
    base = pl.DataFrame({
        "person_id": pid,
        "display_name": pl.Series(names, dtype=pl.String),
        "given_name": first, "family_name": last, "organization": org,
        "title": np.array(TITLES)[rng.integers(0, len(TITLES), n)],
        "warmth": rng.random(n).round(3),
        "_days": days, "_has_last": has_last,
        "_nets": rng.integers(0, 8, n), "_dormant": rng.random(n) < 0.05,
        "cadence_days": rng.choice([30, 90, 180], n),
    })
    slug = pl.col("display_name").str.to_lowercase().str.replace_all(r"[^a-z]+", "-")
    people = base.with_columns(
        emails=pl.concat_list(fmt("{}.{}@example.com", slug, pl.col("person_id"))),
        phones=pl.concat_list(fmt("+1415555{}", (pl.col("person_id").str.slice(2)
                                                         .cast(pl.Int64) % 10000)
                                        .cast(pl.String).str.zfill(4))),
        linkedin_url=pl.when(pl.col("person_id") == "p_10").then(pl.lit("javascript:alert(1)"))
        .otherwise(fmt("https://www.linkedin.com/in/{}-{}", slug, pl.col("person_id"))),
        sources=pl.when(pl.col("_nets") % 2 == 0).then(pl.lit(["linkedin", "google"]))
        .otherwise(pl.lit(["vcard"])),
        labels=pl.when(pl.col("_nets") == 3).then(pl.lit(["friends"])).otherwise(pl.lit([])),
        networks=pl.concat_list(
            pl.when(pl.col("_nets") & 1 > 0).then(pl.lit("peer")),
            pl.when(pl.col("_nets") & 2 > 0).then(pl.lit("business")),
            pl.when(pl.col("_nets") & 4 > 0).then(pl.lit("community")),
        ).list.drop_nulls(),
        last_interaction=pl.when(pl.col("_has_last"))
        .then(pl.lit(as_of) - pl.duration(days=pl.col("_days"))),
        connected_on=pl.lit(as_of) - pl.duration(days=pl.col("_days") + 400),
        warmth_reason=fmt("{} messages", (pl.col("warmth") * 40).round(0).cast(pl.Int64)),
        dormant=pl.col("_dormant"),
        record_count=pl.lit(1, pl.Int64),
    ).with_columns(
        follow_up_due=pl.col("last_interaction") + pl.duration(days=pl.col("cadence_days")),
        target_companies=pl.when(pl.col("organization").is_in(TARGETS))
        .then(pl.concat_list("organization")),
    )
    people = schema.conform(people.drop("_days", "_has_last", "_nets", "_dormant"), schema.PEOPLE)
    networks = (people.select("person_id", network=pl.col("networks")).explode("network")
                .drop_nulls("network")
                .with_columns(rule=pl.lit("demo"),
                              reason=fmt("{} rule: shared history", pl.col("network"))))
    targets = (people.filter(pl.col("organization").is_in(TARGETS))
               .select(target=pl.col("organization"), person_id="person_id",
                       display_name="display_name", relation=pl.lit("works_there"),
                       organization="organization", title="title", warmth="warmth",
                       reason=fmt("works at {}", pl.col("organization"))))
    targets = targets.sort("target", "warmth", descending=[False, True]).with_columns(
        rank=pl.int_range(1, pl.len() + 1).over("target"))
    m = min(n // 50, 5000)
    review = pl.DataFrame({
        "record_id_l": [f"r_{k}a" for k in range(m)], "record_id_r": [f"r_{k}b" for k in range(m)],
        "person_id_l": [f"p_{2 * k}" for k in range(m)],
        "person_id_r": [f"p_{2 * k + 1}" for k in range(m)],
        "name_l": [names[2 * k] for k in range(m)], "name_r": [names[2 * k + 1] for k in range(m)],
        "weight": [3.5] * m, "reason": ["same name, different e-mail"] * m,
        "merge_command": [f"kith merge p_{2 * k} p_{2 * k + 1}" for k in range(m)],
        "keep_apart_command": [f"kith keep-apart p_{2 * k} p_{2 * k + 1}" for k in range(m)],
    })
    noted = people.filter(pl.col("person_id").str.slice(2).cast(pl.Int64) % 10 == 0)
    notes = noted.select(
        "person_id", name="display_name",
        need=pl.when(pl.col("person_id") == "p_0").then(pl.lit(HOSTILE_NAME))
        .otherwise(pl.lit("intro to a hiring manager")),
        offer=pl.lit("review their CV"), next_step=pl.lit(HOSTILE_ATTR),
        follow_up=pl.lit(None, pl.Date), follow_up_text=pl.lit(""),
        referral_status=pl.lit(""), referral_stage=pl.lit(None, pl.String),
        referred_by=pl.lit(""),
        do_not_contact=pl.col("person_id").str.slice(2).cast(pl.Int64) % 30 == 0,
        kith_status=pl.lit("active"), kith_flag=pl.lit(""), note_rows=pl.lit(1, pl.Int64),
    ).cast(NOTES)
    k = min(n, 2000)
    ledger = pl.DataFrame({
        "line": range(2, k + 2), "date": [as_of - dt.timedelta(days=j % 300) for j in range(k)],
        "person_id": [f"p_{(j * 7) % n}" for j in range(k)], "name": [""] * k,
        "kind": [("gave", "asked", "received", "talked", "asked")[j % 5] for j in range(k)],
        "text": ["demo entry"] * k, "problem": [None] * k,
    }, schema=LEDGER)
    changes = pl.DataFrame({
        "change": ["new", "gone", "merged", "job"],
        "person_id": ["p_1", "p_gone", "p_2", "p_3"],
        "display_name": [names[1] if n > 1 else "", "Gone Person", "Merged Person", HOSTILE_NAME],
        "detail": ["", "no longer in any export", "merged with p_9", "now CTO at Globex"],
    })
    return {"people": people, "networks": schema.conform(networks, schema.NETWORKS),
            "targets": schema.conform(targets, schema.TARGETS),
            "review": schema.conform(review, schema.REVIEW), "notes": notes, "ledger": ledger,
            "reciprocity": reciprocity(ledger), "changes": changes}


def main() -> None:
    from pipeline.worksheets.render import render

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=500_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kith-worksheets"))
    ap.add_argument("--page-size", type=int, default=500)
    args = ap.parse_args()
    t0 = time.perf_counter()
    f = frames(args.people)
    t1, c1 = time.perf_counter(), time.process_time()
    written = render(args.out, people=f["people"], networks=f["networks"], targets=f["targets"],
                     review=f["review"], notes=f["notes"], reciprocity=f["reciprocity"],
                     changes=f["changes"], refreshed_at="demo", as_of=AS_OF,
                     page_size=args.page_size)
    t2, c2 = time.perf_counter(), time.process_time()
    size = sum((args.out / p).stat().st_size for p in written)
    print(f"generated {args.people} people in {t1 - t0:.1f} s; rendered {len(written)} files "
          f"({size / 1e6:.0f} MB) in {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU")


if __name__ == "__main__":
    main()
