"""Draw the fourth held-out title set from mimesis' occupation lists (MIT licence).

    python bench/sample_mimesis_titles.py OUT.csv

Writes (title, lang, seniority, function, source) with seniority and function EMPTY: they are
written by hand, from the title alone, and the labelled file is committed before the parser
first runs on it (tests/fixtures/enrich/SOURCES.md). The rule was fixed before any title was
looked at: from mimesis 22.2.0 (pinned in pyproject.toml's dev extra), `person.json` key
`occupation` of locale `en` every 6th title from index 3, `fr` every 4th from index 1, `es`
every 3rd from index 1, `de` every title (its list has 37). Dropped: a title whose folded
form is that of a title in any labelled file of tests/fixtures/enrich/, a title within
token-sort ratio NEAR of a title of the BLS SOC file that pipeline/data/role_words.csv is
derived from (so the derived words have never seen it or a near twin), and repeats.
mimesis is not used anywhere else in kith: not by the parser, not for its words.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.normalize import fold_series  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "enrich"
BLS = FIXTURES / "bls_soc2018_dmtf.csv"
# locale -> (first index, step)
DRAW = {"en": (3, 6), "de": (0, 1), "fr": (1, 4), "es": (1, 3)}
NEAR = 90
OUT_NAME = "titles_heldout_mimesis.csv"


def occupations(locale: str) -> list[str]:
    """mimesis' occupation list of `locale`, in the order of its data file."""
    import mimesis

    path = Path(mimesis.__file__).parent / "datasets" / locale / "person.json"
    return json.loads(path.read_text(encoding="utf-8"))["occupation"]


def drawn() -> pl.DataFrame:
    """(title, lang, source) of the drawn titles, before any dropping."""
    rows = []
    for locale, (first, step) in DRAW.items():
        names = occupations(locale)
        rows += [(names[i].strip(), locale, f"mimesis-{locale}:{i}")
                 for i in range(first, len(names), step)]
    return pl.DataFrame(rows, schema=["title", "lang", "source"], orient="row")


def drop_seen(titles: pl.DataFrame, own_file: str) -> pl.DataFrame:
    """`titles` without those folded like a title of another labelled file here, those within
    NEAR of a BLS title, and repeats (the first kept)."""
    labelled = [pl.read_csv(p, infer_schema=False)["title"]
                for p in sorted(FIXTURES.glob("titles*.csv")) if p.name != own_file]
    seen = set(fold_series(pl.concat(labelled)).to_list())
    keys = fold_series(titles["title"])
    bls_keys = fold_series(pl.read_csv(BLS, infer_schema=False)["title"]).to_list()
    near = process.cdist(keys.to_list(), bls_keys, scorer=fuzz.token_sort_ratio,
                         score_cutoff=NEAR, workers=1)
    keep = pl.Series([not row.any() and key not in seen
                      for row, key in zip(near, keys, strict=True)])
    return (titles.filter(keep).with_columns(_key=keys.filter(keep))
            .unique("_key", keep="first", maintain_order=True).drop("_key"))


def sample() -> tuple[pl.DataFrame, int]:
    """(the kept titles, how many were dropped)."""
    titles = drawn()
    kept = drop_seen(titles, OUT_NAME)
    return kept, titles.height - kept.height


def drop_near(titles: pl.DataFrame, seen: list[pl.Series]) -> pl.DataFrame:
    """`titles` without those within NEAR (token-sort ratio of the folded titles) of any `seen`
    title, and repeats (the first kept)."""
    keys = fold_series(titles["title"])
    near = process.cdist(keys.to_list(), fold_series(pl.concat(seen)).to_list(),
                         scorer=fuzz.token_sort_ratio, score_cutoff=NEAR, workers=1)
    keep = pl.Series([not row.any() for row in near])
    return (titles.filter(keep).with_columns(_key=keys.filter(keep))
            .unique("_key", keep="first", maintain_order=True).drop("_key"))


def keep_unseen(titles: pl.DataFrame, own_file: str,
                looked_at: list[str]) -> tuple[pl.DataFrame, int]:
    """(the titles not near any labelled, BLS or looked-at title, how many were dropped)."""
    seen = [pl.read_csv(p, infer_schema=False)["title"]
            for p in sorted(FIXTURES.glob("titles*.csv")) if p.name != own_file]
    seen += [pl.read_csv(BLS, infer_schema=False)["title"], pl.Series(looked_at)]
    kept = drop_near(titles, seen)
    return kept, titles.height - kept.height


def write_for_labelling(sample) -> None:
    """Write `sample()`'s titles to argv[1] with empty label columns, to be labelled by hand."""
    kept, dropped = sample()
    out = kept.select("title", "lang", pl.lit("").alias("seniority"),
                      pl.lit("").alias("function"), "source")
    out.write_csv(sys.argv[1])
    counts = dict(kept.group_by("lang").len().iter_rows())
    print(f"{kept.height} titles kept ({counts}), {dropped} dropped")


def main() -> None:
    write_for_labelling(sample)


if __name__ == "__main__":
    main()
