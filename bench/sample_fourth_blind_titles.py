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
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import BLS, FIXTURES, NEAR, fold_series, occupations  # noqa: E402
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
    titles = drawn()
    seen = [pl.read_csv(p, infer_schema=False)["title"]
            for p in sorted(FIXTURES.glob("titles*.csv")) if p.name != OUT_NAME]
    seen += [pl.read_csv(BLS, infer_schema=False)["title"], pl.Series(looked_at())]
    keys = fold_series(titles["title"])
    near = process.cdist(keys.to_list(), fold_series(pl.concat(seen)).to_list(),
                         scorer=fuzz.token_sort_ratio, score_cutoff=NEAR, workers=1)
    keep = pl.Series([not row.any() for row in near])
    kept = (titles.filter(keep).with_columns(_key=keys.filter(keep))
            .unique("_key", keep="first", maintain_order=True).drop("_key"))
    return kept, titles.height - kept.height


def main() -> None:
    kept, dropped = sample()
    kept.select("title", "lang", pl.lit("").alias("seniority"), pl.lit("").alias("function"),
                "source").write_csv(sys.argv[1])
    counts = dict(kept.group_by("lang").len().iter_rows())
    print(f"{kept.height} titles kept ({counts}), {dropped} dropped")


if __name__ == "__main__":
    main()
