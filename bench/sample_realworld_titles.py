"""Draw job titles from the whole real LinkedIn exports of docs/realworld3.md (Position column
of each export's Connections file), for a blind measure of roles on real-world titles.

The exports are real people's and carry no licence, so the drawn titles stay on this machine
(`/work/rw3-titles/`); the repository keeps this sampler and the sha256 of the labelled file,
committed before the parser runs on it.

    python bench/sample_realworld_titles.py /tmp/rw3 > /work/rw3-titles/titles_realworld.csv

Fixed before looking at any title: every distinct Position (whitespace collapsed, compared
case-insensitively) of every export, sorted, then 360 drawn with random.Random(20261203).
Titles are not weighted by how often they occur: the measure is per distinct title.

`--second` draws a second set for a later blind run, fixed before looking at it: 300 of the
titles the first draw left, with random.Random(20261204).

`--third` draws a third set, fixed (and committed) before looking at it: 300 of the titles
the first and second draws left, with random.Random(20261205). `--fourth`, added after the
third set's misses were fixed and before it was drawn: 300 of the titles the first three
left, with random.Random(20261206), to measure the parser after those fixes blind.
`--fifth`, added after the fourth set's misses were fixed and before it was drawn: 300 of the
titles the first four left, with random.Random(20261207).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realworld3 import decode, header_and_rows  # noqa: E402

DRAW = 360
SEED = 20261203


def positions(root: Path) -> dict[str, str]:
    seen: dict[str, str] = {}
    for export in sorted(root.glob("E[0-9][0-9]")):
        for path in sorted(export.iterdir()):
            if path.suffix.lower() != ".csv":
                continue
            header, rows = header_and_rows(decode(path.read_bytes()))
            if not {"connected on", "position"} <= set(header):
                continue
            column = header.index("position")
            for row in rows:
                title = " ".join(row[column].split()) if column < len(row) else ""
                if title:
                    seen.setdefault(title.casefold(), title)
    return seen


LATER = ("--second", "--third", "--fourth", "--fifth")  # each: 300 of the titles earlier draws left


def main(root: str, later: int = 0) -> None:
    """Draw `later` = 0 is the first (360 titles); draw k >= 1 is 300 of the titles draws
    0..k-1 left, with random.Random(SEED + k)."""
    pool = positions(Path(root))
    drawn = random.Random(SEED).sample(sorted(pool), DRAW)
    rest = sorted(pool)
    for k in range(1, later + 1):
        rest = sorted(set(rest) - set(drawn))
        drawn = random.Random(SEED + k).sample(rest, 300)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "lang", "seniority", "function", "source"])
    for key in sorted(drawn):
        writer.writerow([pool[key], "", "", "", "realworld3"])
    sys.stdout.write(out.getvalue())
    print(f"{len(pool)} distinct titles, {len(drawn)} drawn", file=sys.stderr)


if __name__ == "__main__":
    flags = [LATER.index(a) + 1 for a in sys.argv[2:] if a in LATER]
    main(sys.argv[1], later=max(flags, default=0))
