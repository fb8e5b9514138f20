"""Seniority and function from job titles: accuracy on the hand-labelled titles.

    python bench/bench_roles.py

`titles.csv` is the set the parser was written against (English, German, French, Spanish).
The held-out sets were each labelled and committed before the parser ran on them (BLS SOC 2018
Direct Match Titles, public domain, English; Faker's job lists, MIT, German, French, Spanish;
see tests/fixtures/enrich/SOURCES.md). Their first runs are the blind figures (HELD_OUT in
tests/test_enrich_roles.py); a figure printed after the parser changed since a set was
labelled is no longer held out, and this script says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_enrich_roles import HELD_OUT, accuracy  # noqa: E402


def _parser_changed_since(commit: str) -> bool:
    """True unless git says roles.py is as it was when the labels were committed (no git,
    or not a clone: assume it changed, the cautious answer)."""
    try:
        diff = subprocess.run(["git", "diff", "--quiet", commit, "--",
                               "pipeline/enrich/roles.py"], cwd=ROOT, check=False,
                              capture_output=True)
    except OSError:
        return True
    return diff.returncode != 0


def main() -> None:
    for name in ("titles.csv", *HELD_OUT):
        joined, acc = accuracy(name)
        print(f"{name}: {joined.height} titles; seniority {acc['seniority']:.3f}, "
              f"function {acc['function']:.3f}")
        for (lang,), part in joined.group_by("lang", maintain_order=True):
            rates = {c: float((part[c] == part[f"{c}_got"]).mean())
                     for c in ("seniority", "function")}
            print(f"  {lang}: {part.height} titles; seniority {rates['seniority']:.3f}, "
                  f"function {rates['function']:.3f}")
        if name in HELD_OUT:
            first = HELD_OUT[name]["first_run"]
            print(f"  first run (blind, labelled at {HELD_OUT[name]['labelled_at']}): "
                  f"seniority {first['seniority']:.3f}, function {first['function']:.3f}")
            if _parser_changed_since(HELD_OUT[name]["labelled_at"]):
                print("  the parser changed after the first run: the figures above are no "
                      "longer held out")
            wrong = joined.filter(pl.col("function") != pl.col("function_got"))
            print(f"  function misses: {wrong.height}")


if __name__ == "__main__":
    main()
