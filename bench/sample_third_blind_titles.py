"""Draw the sixth held-out title set from the parts of mimesis' and Faker's lists no set used.

    python bench/sample_third_blind_titles.py OUT.csv

Writes (title, lang, seniority, function, source) with seniority and function EMPTY, to be
labelled by hand and committed before the parser first runs on them (SOURCES.md). The rule,
fixed before any title was looked at: mimesis 22.2.0 `en` every 12th from index 0, `fr`
every 8th from 3, `es` every 6th from 0 (none drawn for titles_heldout_mimesis.csv); Faker
40.54.0 `fr_CH` every 20th from 9, `de_AT` every 60th from 17, `es` every 16th from 1, each
skipping the indices an earlier set drew. Dropped: a title within token-sort ratio NEAR of a
title of any other labelled file here, of the BLS file, or of the 160 Faker en_US titles
looked at while the parser was changed (so reorderings of seen titles are out too), and
repeats.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import keep_unseen, occupations, write_for_labelling  # noqa: E402  # noqa: E402

OUT_NAME = "titles_heldout_third.csv"
# locale -> (first, step, indices already drawn by an earlier set)
MIMESIS = {"en": (0, 12), "fr": (3, 8), "es": (0, 6)}
FAKER = {"fr_CH": (9, 20, lambda i: i % 10 == 4),
         "de_AT": (17, 60, lambda i: (i - 27) % 55 == 0 and i >= 27 or (i - 5) % 30 == 0),
         "es": (1, 16, lambda i: (i - 6) % 12 == 0 and i >= 6 or (i - 3) % 8 == 0 and i >= 3)}
LANGS = {"fr_CH": "fr", "de_AT": "de", "es": "es"}


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


def looked_at() -> list[str]:
    """The 160 Faker en_US titles looked at while the parser was changed."""
    others = [i for i in range(len(jobs("en_US"))) if i % 4 != 2]
    return [jobs("en_US")[i] for i in others[::3]]


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    return keep_unseen(drawn(), OUT_NAME, looked_at())


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
