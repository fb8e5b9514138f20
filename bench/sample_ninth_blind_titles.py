"""Draw the ninth held-out title set from lists no earlier set or pattern has used.

    python bench/sample_ninth_blind_titles.py OUT.csv

Writes (title, lang, seniority, function, source) with seniority and function EMPTY, to be
labelled by hand and committed before the parser first runs on them (SOURCES.md). Every
earlier held-out set came from the BLS file, mimesis or Faker's de_AT, fr_FR, fr_CH, es and
en_US lists; this one comes from three lists none of them touched, fixed before any title
was looked at:

- find-job-titles 0.7.0 (MIT, pinned in the dev extra): `find_job_titles/data/
  titles_combined.txt.gz`, 74k English job titles; every 400th line from line 250.
- Faker 40.54.0 (MIT) `fr_DZ` (226 Algerian French occupations): every title.
- Faker 40.54.0 (MIT) `de_DE` (34 German occupations): every title.

Dropped as for the earlier sets: a title within token-sort ratio 90 of a title of another
labelled file here, of the BLS file or of the 160 Faker en_US titles looked at while the
parser was changed, and repeats. Spanish has no list here that no earlier set drew from.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_faker_rest_titles import jobs  # noqa: E402
from sample_mimesis_titles import keep_unseen, write_for_labelling  # noqa: E402
from sample_third_blind_titles import looked_at  # noqa: E402

OUT_NAME = "titles_heldout_ninth.csv"
ENGLISH = (250, 400)  # first line, step
FAKER = {"fr_DZ": "fr", "de_DE": "de"}


def find_job_titles() -> list[str]:
    """find-job-titles' title list, one per line, in the order of its data file (the package
    is not imported: its import builds a matcher from other libraries)."""
    spec = importlib.util.find_spec("find_job_titles")
    folder = Path(spec.submodule_search_locations[0])
    with gzip.open(folder / "data" / "titles_combined.txt.gz", "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def drawn() -> pl.DataFrame:
    english = find_job_titles()
    first, step = ENGLISH
    rows = [(english[i].strip(), "en", f"find_job_titles:{i + 1}")
            for i in range(first - 1, len(english), step)]
    for locale, lang in FAKER.items():
        names = jobs(locale)
        rows += [(names[i].strip(), lang, f"faker-{locale}:{i}") for i in range(len(names))]
    return pl.DataFrame([r for r in rows if r[0]], schema=["title", "lang", "source"],
                        orient="row")


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    return keep_unseen(drawn(), OUT_NAME, looked_at())


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
