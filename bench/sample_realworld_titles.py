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
the first and second draws left, with random.Random(20261205).
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


def main(root: str, second: bool = False, third: bool = False) -> None:
    pool = positions(Path(root))
    drawn = random.Random(SEED).sample(sorted(pool), DRAW)
    if second or third:
        rest = sorted(set(pool) - set(drawn))
        drawn_second = random.Random(SEED + 1).sample(rest, 300)
        drawn = drawn_second
        if third:
            rest = sorted(set(rest) - set(drawn_second))
            drawn = random.Random(SEED + 2).sample(rest, 300)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "lang", "seniority", "function", "source"])
    for key in sorted(drawn):
        writer.writerow([pool[key], "", "", "", "realworld3"])
    sys.stdout.write(out.getvalue())
    print(f"{len(pool)} distinct titles, {len(drawn)} drawn", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], second="--second" in sys.argv[2:], third="--third" in sys.argv[2:])
