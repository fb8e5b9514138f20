"""Which regular expressions a `kith run` hands polars, and what compiling them costs.

    python bench/regex_census.py [--top 25] -- run INPUT --out DIR [kith options]

Runs the kith command in this process, noting every pattern given to polars' string methods
that take a regular expression (contains, replace, replace_all, extract, extract_all,
count_matches, find, extract_groups; `literal=True` calls are not regexes), then measures each
pattern's compile cost: its first use on a one-row Series minus its second use. Polars keeps
compiled patterns in a thread-local LRU of 32 (polars-utils regex_cache.rs), so a run's few
hundred patterns evict each other and a pattern is compiled again at nearly every use: the
run pays between "once each" and "once per construction" (both printed). docs/small40.md.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402
from polars.expr.string import ExprStringNameSpace  # noqa: E402

METHODS = ("contains", "replace", "replace_all", "extract", "extract_all", "count_matches",
           "find", "extract_groups")


def _noting(seen: collections.Counter) -> None:
    """Wrap the regex-taking string methods of Expr to count their patterns (Series' string
    methods dispatch to these)."""
    for name in METHODS:
        original = getattr(ExprStringNameSpace, name, None)
        if original is None:
            continue

        def noted(self, *args, _original=original, **kwargs):
            pattern = kwargs.get("pattern", args[0] if args else None)
            if isinstance(pattern, str) and not kwargs.get("literal", False):
                seen[pattern] += 1
            return _original(self, *args, **kwargs)

        setattr(ExprStringNameSpace, name, noted)


def compile_cost(pattern: str) -> float | None:
    """CPU seconds of the first use of `pattern` beyond its second (None: polars refuses it).
    CPU, not wall: on a loaded machine the wall clock of a 1 ms step is mostly waiting."""
    one = pl.Series(["x"])
    try:
        t0 = time.process_time()
        one.str.contains(pattern)
        first = time.process_time() - t0
        t0 = time.process_time()
        one.str.contains(pattern)
        return first - (time.process_time() - t0)
    except pl.exceptions.PolarsError:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("kith", nargs=argparse.REMAINDER, help="-- then the kith command line")
    a = ap.parse_args()
    argv = a.kith[1:] if a.kith[:1] == ["--"] else a.kith
    seen: collections.Counter = collections.Counter()
    _noting(seen)
    from pipeline.cli import main as kith

    try:
        kith(argv, standalone_mode=False)
    except SystemExit:
        pass
    costs = [(compile_cost(p), uses, p) for p, uses in seen.items()]
    costs = [(c, uses, p) for c, uses, p in costs if c is not None]
    print(f"{len(seen)} distinct patterns ({sum(map(len, seen))} characters), "
          f"{sum(seen.values())} constructions")
    print(f"compiled once each: {sum(c for c, _, _ in costs):.3f} s; once per construction: "
          f"{sum(c * uses for c, uses, _ in costs):.3f} s")
    print("  ms once  constructions  characters  pattern")
    for c, uses, p in sorted(costs, key=lambda t: -t[0] * t[1])[:a.top]:
        print(f"  {c * 1e3:7.2f}  {uses:13d}  {len(p):10d}  {p[:60]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
