"""Seniority and function from job titles: accuracy on the hand-labelled titles.

    python bench/bench_roles.py

`titles.csv` is the set the parser was written against (English, German, French, Spanish).
The held-out sets were each labelled and committed before the parser ran on them (BLS SOC 2018
Direct Match Titles, public domain, English; Faker's job lists, MIT, German, French, Spanish;
Faker's en_US job list, MIT, English; see tests/fixtures/enrich/SOURCES.md). The English
function words derived from the BLS file (pipeline/data/role_words.csv, rebuilt by
bench/build_role_words.py) exclude every BLS row near a held-out title. The first runs are
the blind figures (HELD_OUT in tests/test_enrich_roles.py). A set's figures stay held out
while the parser of its first run, checked out apart, gives every title the answers the
parser here gives; once they differ, this script says the figures are no longer held out.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from test_enrich_roles import FIXTURES, HELD_OUT, accuracy  # noqa: E402

from pipeline.enrich.roles import classify  # noqa: E402
from pipeline.normalize import fold_series  # noqa: E402

_CLASSIFY = """
import sys, polars as pl
from pipeline.enrich.roles import classify
titles = pl.read_csv(sys.argv[1], infer_schema=False)["title"]
classify(titles).sort("title").write_csv(sys.stdout)
"""


def _answers_changed_since(commit: str, name: str) -> bool:
    """True unless the parser of `commit` (checked out apart, run in its own process) gives
    every title of `name` the answers the parser here gives: the figures are then still the
    first run's. No git, or not a clone: assume they changed, the cautious answer."""
    path = FIXTURES / name
    with tempfile.TemporaryDirectory() as tmp:
        try:
            archive = subprocess.run(["git", "archive", commit, "pipeline"], cwd=ROOT,
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            # in the checkout's folder: `python -c` puts the working folder first on the path
            then = subprocess.run([sys.executable, "-c", _CLASSIFY, str(path)], check=True,
                                  capture_output=True, text=True, cwd=tmp,
                                  env={"PYTHONPATH": tmp}).stdout
        except (OSError, subprocess.CalledProcessError):
            return True
    titles = pl.read_csv(path, infer_schema=False)["title"]
    now = classify(titles).sort("title").write_csv()
    return then != now


def _without_reorderings(joined: pl.DataFrame) -> pl.DataFrame:
    """The Faker-rest set without its English titles that reorder one of the 160 Faker en_US
    titles looked at while the parser was changed (token-sort ratio 90; SOURCES.md)."""
    from rapidfuzz import fuzz, process
    from sample_third_blind_titles import looked_at

    seen = fold_series(pl.Series(looked_at())).to_list()
    near = process.cdist(fold_series(joined["title"]).to_list(), seen,
                         scorer=fuzz.token_sort_ratio, score_cutoff=90, workers=1)
    reordered = pl.Series([bool(row.any()) for row in near])
    return joined.filter(~(reordered & (joined["lang"] == "en")))


def summary() -> None:
    """One line per set: now, and the first (blind) run."""
    print(f"{'set':30} {'titles':>6}  {'seniority':>9} {'function':>8}   first run (blind)")
    for name in ("titles.csv", *HELD_OUT):
        joined, acc = accuracy(name)
        first = HELD_OUT.get(name, {}).get("first_run")
        blind = (f"{first['seniority']:.3f} {first['function']:.3f}" if first
                 else "written against")
        print(f"{name:30} {joined.height:6d}  {acc['seniority']:9.3f} {acc['function']:8.3f}"
              f"   {blind}")
    print()


def main() -> None:
    summary()
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
            print(f"  first run (blind, labelled at {HELD_OUT[name]['labelled_at']}, run on the "
                  f"parser of {HELD_OUT[name]['run_at']}): "
                  f"seniority {first['seniority']:.3f}, function {first['function']:.3f}")
            if _answers_changed_since(HELD_OUT[name]["run_at"], name):
                print("  the parser answers differently since the first run: the figures "
                      "above are no longer held out")
            if name == "titles_heldout_faker_rest.csv":
                kept = _without_reorderings(joined)
                print(f"  without the English reorderings of titles looked at: {kept.height} "
                      f"titles; function "
                      f"{float((kept['function'] == kept['function_got']).mean()):.3f}")
            wrong = joined.filter(pl.col("function") != pl.col("function_got"))
            print(f"  function misses: {wrong.height}")


if __name__ == "__main__":
    main()
