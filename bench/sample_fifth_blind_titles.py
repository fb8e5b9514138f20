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
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import BLS, FIXTURES, NEAR, fold_series, occupations  # noqa: E402
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
