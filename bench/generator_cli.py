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
         argv: list[str] | None = None, records_per_person: float | None = None) -> None:
    """Parse --people (or --records)/--seed/--out/--truth/--people-truth and run
    `generate(people, seed, out, truth, people_truth)`; the truth goes beside DIR
    (DIR_truth.parquet) unless --truth says where, never inside DIR, which holds only what
    kith should read. --records N asks for about N contact rows: N / `records_per_person`
    people, for a generator that states its own ratio (bench/bench.py's million-record set)."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--people", type=int)
    if records_per_person:
        size.add_argument("--records", type=int,
                          help=f"about this many contact rows ({records_per_person} a person)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--people-truth", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.people is None:
        a.people = max(1, round(a.records / records_per_person))
    truth = a.truth or a.out.with_name(a.out.name + "_truth.parquet")
    t = generate(a.people, a.seed, a.out, truth, a.people_truth)
    print(f"{t.height} records of {a.people} people -> {a.out}; truth -> {truth}")
