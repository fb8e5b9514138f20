"""The command line every bench generator shares (`python -m bench.gen3`, `python -m
bench.gen4`): the flags of pipeline.synth, so bench/quality.py runs each like the others.

Imported as `bench.generator_cli` from a generator's main() only: the generators are also
imported as top-level modules from bench/ by the tests, where `bench` is no package.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import polars as pl


def main(generate: Callable[..., pl.DataFrame], prog: str, description: str | None,
         argv: list[str] | None = None) -> None:
    """Parse --people/--seed/--out/--truth/--people-truth and run `generate(people, seed, out,
    truth, people_truth)`; the truth goes beside DIR (DIR_truth.parquet) unless --truth says
    where, never inside DIR, which holds only what kith should read."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--people-truth", type=Path, default=None)
    a = ap.parse_args(argv)
    truth = a.truth or a.out.with_name(a.out.name + "_truth.parquet")
    t = generate(a.people, a.seed, a.out, truth, a.people_truth)
    print(f"{t.height} records of {a.people} people -> {a.out}; truth -> {truth}")
