"""Build pipeline/data/role_model.parquet: the learned function fallback of
pipeline/enrich/role_model.py, fitted on the BLS SOC file and the hand-labelled title sets.

    python bench/build_role_model.py

Training titles: every row of tests/fixtures/enrich/bls_soc2018_dmtf.csv with the function
build_role_words.SOC_FUNCTIONS gives its SOC code (weight 1), and every hand-labelled set of
tests/fixtures/enrich/ but BLIND, the set still blind to the model (weight HAND_WEIGHT: they
are labelled by the conventions kith answers by, and hold the German, French and Spanish).
The model: idf-weighted binary features (role_model.features) seen in at least MIN_TITLES
training titles, scaled to unit length, and a linear SVM (scikit-learn's LinearSVC, C, fixed
random_state: the same table every run). Weights are stored as float32. scikit-learn is needed
here and in bench/eval_role_model.py only; kith itself reads the table with numpy.
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

from pipeline.enrich.role_model import MODEL_FILE, features  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "enrich"
BLIND = "titles_heldout_fourth.csv"
HAND_WEIGHT, MIN_TITLES, C = 3, 2, 0.5


def labelled_sets() -> list[str]:
    """The hand-labelled title files the model may learn from (all but BLIND)."""
    return sorted(p.name for p in FIXTURES.glob("titles*.csv") if p.name != BLIND)


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


def main() -> None:
    pool = training_pool()
    table = fit(pool)
    table.write_parquet(MODEL_FILE, statistics=False)
    print(f"{pool.height} training titles ({', '.join(labelled_sets())} and the BLS file); "
          f"{table.height - 1} features written to {MODEL_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
