"""Are two kith output folders' current runs the same? (A/B checks: main's code and a branch's
code run over copies of one home, the same nights.)

    python bench/compare_homes.py OUT_A OUT_B

Every Parquet table of the current runs (published, stage tables, kept tables, id state) is
compared by content (and by bytes, reported apart); every worksheet file byte for byte once the
refresh timestamp is blanked. Exit 1 on any difference, naming it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polars as pl

STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00")


def files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def compare(a: Path, b: Path) -> list[str]:
    """The differences between the current runs under output folders `a` and `b`."""
    fa, fb = files((a / "current").resolve()), files((b / "current").resolve())
    problems = [f"only in one: {rel}" for rel in sorted(fa.keys() ^ fb.keys())]
    same_bytes, other_bytes = 0, []
    for rel in sorted(fa.keys() & fb.keys()):
        pa, pb = fa[rel], fb[rel]
        if rel.endswith(".parquet"):
            if pa.read_bytes() == pb.read_bytes():
                same_bytes += 1
                continue
            ta, tb = pl.read_parquet(pa), pl.read_parquet(pb)
            if ta.schema != tb.schema or not ta.equals(tb):
                problems.append(f"table content differs: {rel}")
            else:
                other_bytes.append(rel)
        elif rel.startswith("worksheets/"):
            if STAMP.sub(b"T", pa.read_bytes()) != STAMP.sub(b"T", pb.read_bytes()):
                problems.append(f"worksheet differs: {rel}")
    tables = sum(rel.endswith(".parquet") for rel in fa.keys() & fb.keys())
    print(f"{tables} tables compared ({same_bytes} identical bytes), "
          f"{sum(r.startswith('worksheets/') for r in fa.keys() & fb.keys())} worksheet files")
    for rel in other_bytes:
        print(f"same rows, other bytes: {rel}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not all((Path(a) / "current").is_dir() for a in argv):
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        print("both arguments must be kith output folders (each with a current/ run)",
              file=sys.stderr)
        return 2
    problems = compare(Path(argv[0]), Path(argv[1]))
    for p in problems:
        print(p)
    print("same" if not problems else f"{len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
