"""Draw the eighth held-out title set: still unused parts of mimesis' and Faker's lists, to
measure the parser with the learned fallback (pipeline/enrich/role_model.py) and without it.

    python bench/sample_fifth_blind_titles.py OUT.csv

As bench/sample_fourth_blind_titles.py (same sources, same drops: nothing within token-sort
ratio 90 of any labelled title, the BLS file or the Faker titles looked at), with draws fixed
before any title was looked at: mimesis en every 12th from 1, fr every 16th from 2, es every
12th from 2; Faker fr_CH every 40th from 2, de_AT every 60th from 37, es every 32nd from 5;
skipping any index a labelled file's `source` already names.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import BLS, FIXTURES, drop_near, occupations, write_for_labelling  # noqa: E402  # noqa: E402
from sample_third_blind_titles import LANGS, looked_at  # noqa: E402

OUT_NAME = "titles_heldout_fifth.csv"
MIMESIS = {"en": (1, 12), "fr": (2, 16), "es": (2, 12)}
FAKER = {"fr_CH": (2, 40), "de_AT": (37, 60), "es": (5, 32)}


def _labelled() -> list[pl.DataFrame]:
    return [pl.read_csv(p, infer_schema=False)
            for p in sorted(FIXTURES.glob("titles*.csv")) if p.name != OUT_NAME]


def drawn() -> pl.DataFrame:
    used = set(pl.concat([f.select("source") for f in _labelled()])["source"].to_list())
    rows = []
    for locale, (first, step) in MIMESIS.items():
        names = occupations(locale)
        rows += [(names[i].strip(), locale, f"mimesis-{locale}:{i}")
                 for i in range(first, len(names), step)]
    for locale, (first, step) in FAKER.items():
        names = jobs(locale)
        rows += [(names[i].strip(), LANGS[locale], f"faker-{locale}:{i}")
                 for i in range(first, len(names), step)]
    return pl.DataFrame([r for r in rows if r[2] not in used],
                        schema=["title", "lang", "source"], orient="row")


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    titles = drawn()
    seen = [f["title"] for f in _labelled()]
    seen += [pl.read_csv(BLS, infer_schema=False)["title"], pl.Series(looked_at())]
    kept = drop_near(titles, seen)
    return kept, titles.height - kept.height


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
