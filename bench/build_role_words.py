"""Build pipeline/data/role_words.csv: English occupation words -> function, derived from the
US Bureau of Labor Statistics' 2018 SOC Direct Match Title File (public domain).

    python bench/build_role_words.py [PATH_TO_job_titles_and_career_paths.csv]

The file (6,519 titles, each with its SOC code) was taken as redistributed in GitHub repository
`crobertsrs/data-generator`, path `data/job_titles_and_career_paths.csv` (commit 13b6228), and
its code and title columns are kept in tests/fixtures/enrich/bls_soc2018_dmtf.csv (`line` is
the line in that file), which this script reads unless given the original file.
Each SOC occupation gets one kith function from SOC_FUNCTIONS below (longest code prefix wins,
written once from the SOC group names and the labelling conventions of
tests/fixtures/enrich/SOURCES.md, not from any title). Every word of every title then counts
as evidence for its occupation's function; a word is kept when it is seen in at least
MIN_TITLES titles and at least MIN_SHARE of them agree. The head word (the last word, or in
an inverted "Engineer, drilling" title the word before the comma) is counted separately,
because it names the occupation and the other words often name only the domain.

Every row of the file counts. The two held-out sets once kept out of it (every BLS row near a
title of titles_heldout_bls.csv or titles_heldout_faker_en.csv) are no longer blind; the blind
set now is titles_heldout_mimesis.csv, drawn from another source (mimesis, MIT) without any
title near a BLS title (bench/sample_mimesis_titles.py), so no row of this file is near it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.enrich.role_words import head_keys, head_word_expr, suffix_expr, words_expr  # noqa: E402
from pipeline.normalize import fold_series  # noqa: E402

BLS = ROOT / "tests" / "fixtures" / "enrich" / "bls_soc2018_dmtf.csv"
OUT = ROOT / "pipeline" / "data" / "role_words.csv"
MIN_TITLES, MIN_SHARE = 2, 0.75

# SOC code prefix -> kith function; the longest prefix that matches decides. None: the group
# mixes functions (e.g. "managers, all other"), so its titles give no evidence.
SOC_FUNCTIONS: dict[str, str | None] = {
    "11-1011": "management", "11-1021": "management", "11-1031": "other",
    "11-2011": "marketing", "11-2021": "marketing", "11-2022": "sales", "11-2032": "marketing",
    "11-2033": "sales", "11-3012": "admin", "11-3013": "operations", "11-3021": "engineering",
    "11-3031": "finance", "11-3051": "operations", "11-3061": "operations",
    "11-3071": "operations", "11-31": "hr", "11-9013": "other", "11-9021": "other",
    "11-903": "education", "11-9041": "engineering", "11-9111": "healthcare",
    "11-9121": "research", "11-9161": "operations", "11-9199": None, "11-9": "other",
    "13-1011": "other", "13-102": "operations", "13-103": "finance", "13-1041": "legal",
    "13-1051": "finance", "13-1071": "hr", "13-1074": "other", "13-1075": "hr",
    "13-1081": "operations", "13-1082": "operations", "13-1111": "consulting",
    "13-1121": "operations", "13-1131": "sales", "13-1141": "hr", "13-1151": "hr",
    "13-1161": "marketing", "13-1199": None, "13-2": "finance",
    "15-1221": "research", "15-123": "support", "15-1255": "design", "15-1": "engineering",
    "15-2011": "finance", "15-2021": "research", "15-2031": "operations", "15-2": "data",
    "17-": "engineering",
    "19-303": "healthcare", "19-3051": "other", "19-5": "operations", "19-": "research",
    "21-1012": "education", "21-102": "other", "21-109": "other", "21-1091": "healthcare",
    "21-1094": "healthcare", "21-1": "healthcare", "21-2": "other",
    "23-": "legal",
    "25-4011": "media", "25-4012": "media", "25-4013": "other", "25-": "education",
    "27-1011": "design", "27-1014": "design", "27-1021": "design", "27-1022": "design",
    "27-1024": "design", "27-1025": "design", "27-1027": "design", "27-1029": "design",
    "27-1": "other", "27-2012": "media", "27-2": "other", "27-3031": "marketing",
    "27-3092": "legal", "27-3": "media", "27-4": "media",
    "29-": "healthcare", "31-": "healthcare",
    "33-": "other", "35-": "other", "37-": "other", "39-": "other",
    "41-3031": "finance", "41-": "sales",
    "43-3051": "hr", "43-3": "finance", "43-4041": "finance", "43-4131": "finance",
    "43-4051": "support", "43-502": "other", "43-505": "other", "43-5": "operations",
    "43-9111": "data", "43-": "admin",
    "45-": "other", "47-": "other", "49-2022": "engineering", "49-": "other", "51-": "other",
    "53-1": "operations", "53-": "other", "55-": "other",
}


def soc_function(code: str) -> str | None:
    """The function of the longest SOC_FUNCTIONS prefix of `code` (None when unmapped)."""
    prefixes = [p for p in SOC_FUNCTIONS if code.startswith(p)]
    return SOC_FUNCTIONS[max(prefixes, key=len)] if prefixes else None


def read_bls(path: Path | None = None) -> pl.DataFrame:
    """(line, soc, title) of the Direct Match Title File: the kept columns (BLS), or the
    original file at `path` (line is 1-based, counting its header)."""
    if path is None:
        return pl.read_csv(BLS, schema_overrides={"line": pl.Int64, "soc": pl.String,
                                                  "title": pl.String})
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    return pl.DataFrame({"line": list(range(2, len(rows) + 2)),
                         "soc": [r["2018 SOC Code"] for r in rows],
                         "title": [r["2018 SOC Direct Match Title"] for r in rows]})


def derive(bls: pl.DataFrame, min_titles: int = MIN_TITLES) -> pl.DataFrame:
    """(word, place, function, titles, share): place is `head` or `any`."""
    frame = bls.with_columns(
        pl.col("soc").map_elements(soc_function, return_dtype=pl.String).alias("function"),
        fold_series(bls["title"]).alias("_key"),
        head_keys(bls["title"]).alias("_head")).filter(pl.col("function").is_not_null())
    heads = frame.select(head_word_expr(pl.col("_head")).alias("word"), "function",
                         pl.lit("head").alias("place"))
    anys = frame.select(words_expr(pl.col("_key")).alias("word"), "function",
                        pl.lit("any").alias("place")).explode("word")
    endings = heads.select(suffix_expr(pl.col("word")).alias("word"), "function",
                           pl.lit("suffix").alias("place"))
    evidence = pl.concat([heads, anys, endings]).drop_nulls("word")
    counts = evidence.group_by("word", "place", "function").len("titles")
    totals = counts.group_by("word", "place").agg(pl.col("titles").sum().alias("total"))
    return (counts.join(totals, on=["word", "place"])
            .with_columns((pl.col("titles") / pl.col("total")).round(3).alias("share"))
            .filter((pl.col("total") >= min_titles) & (pl.col("share") >= MIN_SHARE))
            .select("word", "place", "function", "titles", "share")
            .sort("place", "word"))


def build(bls: pl.DataFrame) -> pl.DataFrame:
    """The words file's rows, from every row of the BLS file."""
    return derive(bls)


def main() -> None:
    bls = read_bls(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    words = build(bls)
    words.write_csv(OUT)
    print(f"{bls.height} BLS titles; {words.height} words written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
