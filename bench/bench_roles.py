"""Seniority and function from job titles: accuracy on the hand-labelled titles.

    python bench/bench_roles.py

`titles.csv` is the set the parser was written against (English, German, French, Spanish);
`titles_heldout_bls.csv` was labelled and committed before the parser ever ran on it (BLS SOC
2018 Direct Match Title File, public domain; see tests/fixtures/enrich/SOURCES.md). Its first
run is the blind figure (FIRST_RUN in tests/test_enrich_roles.py); any figure printed after the
parser changed is no longer held out, and this script says so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_enrich_roles import FIRST_RUN, accuracy  # noqa: E402

LABELLED_AT = "542cc36"  # the commit that added the held-out labels


def _parser_changed_since_labelling() -> bool:
    """True unless git says roles.py is as it was when the labels were committed (no git,
    or not a clone: assume it changed, the cautious answer)."""
    try:
        diff = subprocess.run(["git", "diff", "--quiet", LABELLED_AT, "--",
                               "pipeline/enrich/roles.py"], cwd=ROOT, check=False,
                              capture_output=True)
    except OSError:
        return True
    return diff.returncode != 0


def main() -> None:
    for name in ("titles.csv", "titles_heldout_bls.csv"):
        joined, acc = accuracy(name)
        print(f"{name}: {joined.height} titles; seniority {acc['seniority']:.3f}, "
              f"function {acc['function']:.3f}")
        for (lang,), part in joined.group_by("lang", maintain_order=True):
            rates = {c: float((part[c] == part[f"{c}_got"]).mean())
                     for c in ("seniority", "function")}
            print(f"  {lang}: {part.height} titles; seniority {rates['seniority']:.3f}, "
                  f"function {rates['function']:.3f}")
        if name.startswith("titles_heldout"):
            print(f"  first run (blind, parser before any change): seniority "
                  f"{FIRST_RUN['seniority']:.3f}, function {FIRST_RUN['function']:.3f}")
            if _parser_changed_since_labelling():
                print("  the parser changed after the first run: the figures above are no "
                      "longer held out")
            wrong = joined.filter(pl.col("function") != pl.col("function_got"))
            print(f"  function misses: {wrong.height}")


if __name__ == "__main__":
    main()
