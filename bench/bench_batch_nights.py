"""A nightly `kith batch`: a first batch on day 1, then two nights (days 2 and 3) over the same
owners; prints each batch's wall seconds and the owners' CPU seconds (the manifest's sum, which
moves much less with the machine's load than the wall clock).

    python bench/bench_batch_nights.py TREE OWNERS_DIR OUT [--owners 8]

TREE: the kith tree to import (a `git archive` copy, so two versions can be run alternately);
OWNERS_DIR: made with `--owners` `pipeline.synth` owners of 400-2,400 contacts when missing
(the same owners for both versions); OUT is emptied first.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import io
import shutil
import sys
import time
from pathlib import Path

DAYS = (("first", dt.date(2025, 12, 1), True), ("night", dt.date(2025, 12, 2), False),
        ("night2", dt.date(2025, 12, 3), False))


def make_owners(owners: Path, n: int) -> None:
    generate = importlib.import_module("pipeline.synth").generate
    (owners.parent / "truth").mkdir(parents=True, exist_ok=True)  # outside the owners' folders
    for i in range(n):
        people = 400 + 2000 * i // max(1, n - 1)
        with contextlib.redirect_stdout(io.StringIO()):
            generate(people, 1000 + i, owners / f"owner{i:04d}",
                     truth_path=owners.parent / "truth" / f"{i}.parquet",
                     people_truth_path=owners.parent / "truth" / f"{i}-people.parquet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree", type=Path)
    ap.add_argument("owners", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--owners", dest="n", type=int, default=8)
    args = ap.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))  # spawned workers inherit it
    from pipeline.batch import run_batch

    if not args.owners.exists():
        make_owners(args.owners, args.n)
    shutil.rmtree(args.out, ignore_errors=True)
    for label, day, force in DAYS:
        t0 = time.perf_counter()
        summary = run_batch(args.owners, args.out, engine="local", as_of=day,
                            force=force).manifest["summary"]
        print(label, "wall", round(time.perf_counter() - t0, 2), "owner_cpu",
              round(summary.get("owner_cpu_seconds", 0.0), 2), "records",
              summary["records_processed"], "ok", summary["ok"], flush=True)


if __name__ == "__main__":
    main()
