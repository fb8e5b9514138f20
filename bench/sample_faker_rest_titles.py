"""Draw the fifth held-out title set from the parts of Faker's job lists no set has used.

    python bench/sample_faker_rest_titles.py OUT.csv

Writes (title, lang, seniority, function, source) with seniority and function EMPTY, to be
labelled by hand and committed before the parser first runs on them (SOURCES.md). The rule,
fixed before any title was looked at, from Faker 40.54.0 (MIT, pinned in the dev extra):
`fr_CH` (a list of its own, never used before) every 10th from index 4; `es` every 8th from
index 3 (no index of titles_heldout_faker.csv's every 12th from 6); `de_AT` every 30th from
index 5 (none of the earlier every 55th from 27); `en_US` the titles at indices neither in
titles_heldout_faker_en.csv's draw (every 4th from 2) nor among the 160 looked at while the
parser was changed (every 3rd of the others), every 4th of what is left. Dropped as in
bench/sample_mimesis_titles.py: titles folded like one of another labelled file, titles
within NEAR of a BLS title, repeats.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_mimesis_titles import drop_seen, write_for_labelling  # noqa: E402

OUT_NAME = "titles_heldout_faker_rest.csv"


def jobs(locale: str) -> list[str]:
    return importlib.import_module(f"faker.providers.job.{locale}").Provider.jobs


def english_indices() -> list[int]:
    """en_US indices of no earlier draw and not looked at, every 4th of them."""
    others = [i for i in range(len(jobs("en_US"))) if i % 4 != 2]
    looked_at = set(others[::3])
    return [i for i in others if i not in looked_at][::4]


def drawn() -> pl.DataFrame:
    picks = {"fr_CH": range(4, len(jobs("fr_CH")), 10), "es": range(3, len(jobs("es")), 8),
             "de_AT": range(5, len(jobs("de_AT")), 30), "en_US": english_indices()}
    langs = {"fr_CH": "fr", "es": "es", "de_AT": "de", "en_US": "en"}
    rows = [(jobs(locale)[i].strip(), langs[locale], f"faker-{locale}:{i}")
            for locale, indices in picks.items() for i in indices]
    return pl.DataFrame(rows, schema=["title", "lang", "source"], orient="row")


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    titles = drawn()
    kept = drop_seen(titles, OUT_NAME)
    return kept, titles.height - kept.height


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
