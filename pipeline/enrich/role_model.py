"""A learned fallback for the function of a job title: a linear model on character n-grams and
words of the folded title, asked only where roles.py's hand patterns find nothing.

Why: the hand rules fit each labelled list they were widened from but score 0.70-0.76 on every
new list; leave-one-set-out (bench/eval_role_model.py) puts rules-then-model at 0.750 pooled
against 0.713 for the blind rules alone (README, "Roles from titles").

Features of a title (`features`, present or not): each word (`w:`), the head word of its head
part (`h:`, role_words.head_keys: where English names the occupation), its first word (`f:`,
where French and Spanish name it), and the character 3- and 4-grams of each word padded with
spaces (`c:`, so German compounds and unseen inflections share evidence). A title's vector
is the idf of each known feature, scaled to unit length; the score of a function is its
dot product with that function's weights plus an intercept; the best score answers.
`pipeline/data/role_model.parquet` holds (feature, idf, one weight column per function; the
row with an empty feature holds the intercepts), fitted by bench/build_role_model.py.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from pipeline.enrich.role_words import head_keys
from pipeline.normalize import fold_series

MODEL_FILE = Path(__file__).parent.parent / "data" / "role_model.parquet"
NGRAMS = (3, 4)
# Joiners and level words: they say nothing of the function (roles.py reads levels itself).
_SKIP = ("senior", "junior", "lead", "head", "chief", "principal", "assistant", "manager",
         "director", "of", "and", "the", "de", "des", "du", "la", "le", "del", "y", "et", "und",
         "en", "el", "los", "las", "les", "a", "in", "for")


def features(titles: pl.Series) -> pl.DataFrame:
    """(title, feature) rows, distinct and sorted, for each distinct non-null title."""
    distinct = titles.drop_nulls().unique().sort()
    unglued = distinct.str.replace_all(r"['\u2019`]", " ")
    frame = pl.DataFrame({"title": distinct, "_key": fold_series(unglued),
                          "_head": head_keys(unglued)})
    words = (frame.select("title", pl.col("_key").str.split(" ").alias("word"))
             .explode("word")
             .filter(pl.col("word").str.contains("^[a-z]{2,}$")
                     & ~pl.col("word").is_in(_SKIP)))
    padded = words.select("title", (pl.lit(" ") + pl.col("word") + pl.lit(" ")).alias("w"))
    longest = int(padded["w"].str.len_chars().max() or 0)
    grams = [padded.select("title", ("c:" + pl.col("w").str.slice(start, size)).alias("feature"))
             .filter(pl.col("feature").str.len_chars() == size + 2)
             for size in NGRAMS for start in range(max(longest - size + 1, 0))]
    heads = frame.select("title", pl.col("_head").str.split(" ").list.last().alias("word"))
    firsts = words.group_by("title", maintain_order=True).first()
    parts = [words.select("title", ("w:" + pl.col("word")).alias("feature")),
             heads.filter(pl.col("word").str.contains("^[a-z]{2,}$"))
             .select("title", ("h:" + pl.col("word")).alias("feature")),
             firsts.select("title", ("f:" + pl.col("word")).alias("feature")), *grams]
    return pl.concat(parts).unique().sort("title", "feature")


class Model:
    """A fitted table (see the module's docstring), ready to answer for titles."""

    def __init__(self, table: pl.DataFrame) -> None:
        self.functions = [c for c in table.columns if c not in ("feature", "idf")]
        known = table.filter(pl.col("feature") != "")
        self.vocab = known.select("feature", "idf",
                                  pl.arange(0, known.height, eager=True).alias("_row"))
        self.weights = known.select(self.functions).to_numpy().astype(np.float64)
        self.intercept = table.filter(pl.col("feature") == "").select(self.functions) \
            .to_numpy().astype(np.float64)[0]

    def predict(self, titles: pl.Series) -> pl.DataFrame:
        """(title, learned) for each distinct title with at least one known feature."""
        rows = features(titles).join(self.vocab, on="feature", how="inner",
                                     maintain_order="left")
        rows = rows.with_columns(
            (pl.col("idf") / (pl.col("idf") ** 2).sum().over("title").sqrt()).alias("value"))
        distinct = rows["title"].unique(maintain_order=True)
        position = rows["title"].rle_id().to_numpy()
        value, row = rows["value"].to_numpy(), rows["_row"].to_numpy()
        scores = np.column_stack([
            np.bincount(position, weights=value * self.weights[row, k],
                        minlength=distinct.len())
            for k in range(len(self.functions))]) + self.intercept
        best = np.argmax(scores, axis=1)  # the first of equal scores: deterministic
        return pl.DataFrame({"title": distinct,
                             "learned": np.array(self.functions, dtype=object)[best]},
                            schema={"title": pl.String, "learned": pl.String})


@lru_cache(maxsize=1)
def committed_model() -> Model:
    """The model of pipeline/data/role_model.parquet, read once per process."""
    return Model(pl.read_parquet(MODEL_FILE))
