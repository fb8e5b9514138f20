"""`python -m bench.gen3 --people N --seed S --out DIR [--truth FILE] [--people-truth FILE]`

Writes four exports into DIR and the truth beside it (DIR_truth.parquet unless --truth says
otherwise; never inside DIR, which holds only what kith should read). The flags match
pipeline.synth's, so bench/quality.py can run it like the other generators.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .book import generate


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.gen3", description=__doc__)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--people-truth", type=Path, default=None)
    a = ap.parse_args(argv)
    truth = a.truth or a.out.with_name(a.out.name + "_truth.parquet")
    t = generate(a.people, a.seed, a.out, truth, a.people_truth)
    print(f"{t.height} records of {a.people} people -> {a.out}; truth -> {truth}")


if __name__ == "__main__":
    main()
