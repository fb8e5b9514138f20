"""Seniority and function from job titles: accuracy on the hand-labelled titles.

    python bench/bench_roles.py

`titles.csv` is the set the parser was written against (English, German, French, Spanish).
The held-out sets were each labelled and committed before the parser ran on them (BLS SOC 2018
Direct Match Titles, public domain, English; Faker's job lists, MIT, German, French, Spanish;
Faker's en_US job list, MIT, English; see tests/fixtures/enrich/SOURCES.md). The English
function words derived from the BLS file (pipeline/enrich/role_words.csv, rebuilt by
bench/build_role_words.py) exclude every BLS row near a held-out title. Their first runs are the blind figures (HELD_OUT in
tests/test_enrich_roles.py); a figure printed after the parser changed since a set was
labelled is no longer held out, and this script says so.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_enrich_roles import HELD_OUT, accuracy  # noqa: E402

PARSER = ("pipeline/enrich/roles.py", "pipeline/enrich/role_words.py",
          "pipeline/enrich/role_words.csv")


def _code(text: str, path: str) -> str:
    """What a parser file does: Python without docstrings and comments (its AST), data as is."""
    if not path.endswith(".py"):
        return text
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def _parser_changed_since(commit: str) -> bool:
    """True unless the parser's code (docstrings and comments aside) and words are as they
    were at the first run (no git, or not a clone: assume it changed, the cautious answer)."""
    for path in PARSER:
        try:
            then = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return True
        if _code(then, path) != _code((ROOT / path).read_text("utf-8"), path):
            return True
    return False


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
            if _parser_changed_since(HELD_OUT[name]["run_at"]):
                print("  the parser changed after the first run: the figures above are no "
                      "longer held out")
            wrong = joined.filter(pl.col("function") != pl.col("function_got"))
            print(f"  function misses: {wrong.height}")


if __name__ == "__main__":
    main()
