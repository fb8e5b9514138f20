"""Draw the seventh held-out title set: more still unused parts of mimesis' and Faker's lists.

    python bench/sample_fourth_blind_titles.py OUT.csv

As bench/sample_third_blind_titles.py (same sources, same drops: nothing within token-sort
ratio 90 of any labelled title, the BLS file or the Faker titles looked at), with draws fixed
before any title was looked at and disjoint from every earlier one: mimesis en every 12th
from 6, fr every 8th from 7, es every 6th from 3; Faker fr_CH every 20th from 19, de_AT
every 60th from 47, es every 16th from 9, skipping indices an earlier set drew. It measures
the parser after its last widening (from the sixth set's misses).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import keep_unseen, occupations, write_for_labelling  # noqa: E402  # noqa: E402
from sample_third_blind_titles import FAKER as THIRD_FAKER  # noqa: E402
from sample_third_blind_titles import LANGS, looked_at  # noqa: E402

OUT_NAME = "titles_heldout_fourth.csv"
MIMESIS = {"en": (6, 12), "fr": (7, 8), "es": (3, 6)}
FAKER = {locale: (first, step, THIRD_FAKER[locale][2])
         for locale, (first, step) in {"fr_CH": (19, 20), "de_AT": (47, 60),
                                       "es": (9, 16)}.items()}


def drawn() -> pl.DataFrame:
    rows = []
    for locale, (first, step) in MIMESIS.items():
        names = occupations(locale)
        rows += [(names[i].strip(), locale, f"mimesis-{locale}:{i}")
                 for i in range(first, len(names), step)]
    for locale, (first, step, earlier) in FAKER.items():
        names = jobs(locale)
        rows += [(names[i].strip(), LANGS[locale], f"faker-{locale}:{i}")
                 for i in range(first, len(names), step) if not earlier(i)]
    return pl.DataFrame(rows, schema=["title", "lang", "source"], orient="row")


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    return keep_unseen(drawn(), OUT_NAME, looked_at())


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
