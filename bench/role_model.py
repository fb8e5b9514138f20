"""The learned function fallback that was measured and NOT adopted (README, "Roles from
titles"): a linear model on character n-grams and words of a job title, asked only where the
hand patterns of pipeline/enrich/roles.py find nothing. bench/eval_role_model.py measures it.

Features of a title (`features`, present or not): each word (`w:`), the head word of its head
part (`h:`, role_words.head_keys: where English names the occupation), its first word (`f:`,
where French and Spanish name it), and the character 3- and 4-grams of each word padded with
spaces (`c:`, so German compounds and unseen inflections share evidence). A title's vector
is the idf of each known feature, scaled to unit length; the best-scoring function answers.

Training titles (`training_pool`): every row of tests/fixtures/enrich/bls_soc2018_dmtf.csv with
the function build_role_words.SOC_FUNCTIONS gives its SOC code (weight 1), and the
hand-labelled sets but BLIND_SETS (weight HAND_WEIGHT: labelled by kith's conventions, and
the German, French and Spanish). `fit` keeps features of at least MIN_TITLES titles and fits
scikit-learn's LinearSVC (C, fixed random_state); the fitted table (feature, idf, a weight
per function; intercepts on the row with an empty feature) is what `Model` scores with numpy
and polars only, as kith would have, had it helped. The settings were compared by
leave-one-set-out before either blind run (3-5-grams, min_df 1-3, logistic regression,
k-nearest neighbours and naive Bayes all came within 0.01 of each other or below).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_role_words import read_bls, soc_function  # noqa: E402

from pipeline.enrich.role_words import head_keys  # noqa: E402
from pipeline.normalize import fold_series  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "enrich"
# the sets still blind to the model when it was measured on them (README)
BLIND_SETS = ("titles_heldout_fourth.csv", "titles_heldout_fifth.csv")
HAND_WEIGHT, MIN_TITLES, C = 3, 2, 0.5
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


def labelled_sets() -> list[str]:
    """The hand-labelled title files the model may learn from (all but BLIND_SETS)."""
    return sorted(p.name for p in FIXTURES.glob("titles*.csv") if p.name not in BLIND_SETS)


def training_pool() -> pl.DataFrame:
    """(title, function, set) of the BLS file (set `bls_file`) and every labelled set."""
    bls = read_bls().with_columns(
        pl.col("soc").map_elements(soc_function, return_dtype=pl.String).alias("function"))
    parts = [bls.filter(pl.col("function").is_not_null())
             .select("title", "function", pl.lit("bls_file").alias("set"))]
    for name in labelled_sets():
        labels = pl.read_csv(FIXTURES / name, infer_schema=False)
        parts.append(labels.select("title", "function", pl.lit(name).alias("set")))
    return pl.concat(parts)


def fit(pool: pl.DataFrame) -> pl.DataFrame:
    """The model table (feature, idf, a weight column per function; intercepts on the row
    with an empty feature) fitted on (title, function, set) rows."""
    from scipy.sparse import csr_matrix
    from sklearn.svm import LinearSVC

    pool = pool.with_row_index("_doc")
    rows = features(pool["title"]).join(pool.select("title", "_doc"), on="title")
    counts = rows.group_by("feature").agg(pl.col("_doc").n_unique().alias("df"))
    vocab = (counts.filter(pl.col("df") >= MIN_TITLES).sort("feature")
             .with_row_index("_col")
             # scikit-learn's smoothed idf: ln((1 + n) / (1 + df)) + 1
             .with_columns((np.log((1 + pool.height) / (1 + pl.col("df"))) + 1).alias("idf")))
    rows = rows.join(vocab, on="feature").with_columns(
        (pl.col("idf") / (pl.col("idf") ** 2).sum().over("_doc").sqrt()).alias("value"))
    matrix = csr_matrix((rows["value"].to_numpy(),
                         (rows["_doc"].to_numpy(), rows["_col"].to_numpy())),
                        shape=(pool.height, vocab.height))
    weight = np.where(pool["set"].to_numpy() == "bls_file", 1.0, float(HAND_WEIGHT))
    svm = LinearSVC(C=C, random_state=0).fit(matrix, pool["function"].to_numpy(),
                                             sample_weight=weight)
    coef = svm.coef_.T.astype(np.float32)
    functions = [str(f) for f in svm.classes_]
    table = pl.DataFrame({"feature": vocab["feature"],
                          "idf": vocab["idf"].cast(pl.Float32),
                          **{f: coef[:, k] for k, f in enumerate(functions)}})
    bias = pl.DataFrame({"feature": [""], "idf": [1.0],
                         **{f: [float(svm.intercept_[k])] for k, f in enumerate(functions)}})
    return pl.concat([bias.cast(table.schema), table])
