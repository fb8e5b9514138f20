"""How far apart two full birthdays are, for true pairs and for random pairs of different
people, on sets bench/quality.py has run (docs/qual13.md: the "two_parts" birthday level).

    python bench/birthday_distances.py [--out bench/out/quality] [--sets NAME,...] [--pairs N]

Per set: the share of true pairs (m) and of N random pairs of different people (u) in each
class: "exact", "one digit", "two digits, one part" (both in the year, or the month, or the
day), "two digits, two parts" (field_levels._two_parts: more than 45 days apart), "two parts,
close" (within 45 days), "day and month swapped", "far". Only records with a full date.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

CLASSES = ("exact", "one digit", "two digits, one part", "two digits, two parts",
           "two parts, close", "day and month swapped", "far")


def distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """The class of two (year, month, day) dates, as the birthday level reads them."""
    if a == b:
        return "exact"
    if a[0] == b[0] and a[1] == b[2] and a[2] == b[1]:
        return "day and month swapped"
    da, db = (f"{d[0]:04d}{d[1]:02d}{d[2]:02d}" for d in (a, b))
    digits = sum(x != y for x, y in zip(da, db, strict=True))
    if digits == 1:
        return "one digit"
    if digits != 2:
        return "far"
    parts = sum(x != y for x, y in zip(a, b, strict=True))
    if parts == 1:
        return "two digits, one part"
    apart = abs((a[0] * 12 + a[1]) * 31 + a[2] - (b[0] * 12 + b[1]) * 31 - b[2])
    return "two parts, close" if apart <= 45 else "two digits, two parts"


def shares(dates: list[tuple[str, tuple[int, int, int]]], n: int,
           seed: int = 0) -> tuple[dict[str, float], dict[str, float]]:
    """(m, u) per class from (person, date) rows: every true pair, n random pairs."""
    by: dict[str, list] = defaultdict(list)
    for person, date in dates:
        by[person].append(date)
    true = Counter(distance(ds[i], ds[j]) for ds in by.values()
                   for i in range(len(ds)) for j in range(i + 1, len(ds)))
    rng, rand, drawn = random.Random(seed), Counter(), 0
    while drawn < n and len(by) > 1:
        x, y = rng.choice(dates), rng.choice(dates)
        if x[0] != y[0]:
            rand[distance(x[1], y[1])] += 1
            drawn += 1
    t = sum(true.values()) or 1
    return ({c: true[c] / t for c in CLASSES}, {c: rand[c] / max(drawn, 1) for c in CLASSES})


def main() -> None:
    import polars as pl
    from dedupe_errors import load
    from quality import ALL_SETS, chosen_sets

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out" / "quality")
    ap.add_argument("--sets", default="")
    ap.add_argument("--pairs", type=int, default=400_000)
    args = ap.parse_args()
    chosen = chosen_sets(args.sets)
    for name in [s for s in ALL_SETS if s in chosen]:
        if not (args.out / name / "kith_out" / "records.parquet").exists():
            continue
        recs, truth = load(name, args.out)
        r = recs.select(pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
                        "birthday_year", "birthday_month", "birthday_day").join(truth, on="key")
        r = r.drop_nulls()
        dates = list(zip(r["true_cluster"].cast(pl.String),
                         zip(r["birthday_year"], r["birthday_month"], r["birthday_day"],
                             strict=True), strict=True))
        m, u = shares(dates, args.pairs)
        print(f"== {name}: {len(dates)} dated records")
        for c in CLASSES:
            print(f"  {c:24s} m {m[c]:.4f}  u {u[c]:.5f}")


if __name__ == "__main__":
    main()
