"""Would a learned fallback carry over to unseen title lists better than the hand rules?

    python bench/eval_role_model.py

Leave-one-SET-out over the labelled title sets (titles.csv and every held-out set but the ones
blind to the model when it was measured, role_model.BLIND_SETS): for each set, the model of
bench/role_model.py is fitted from the BLS SOC file and every other set, without any training
title within token-sort ratio 90 of a title of the set left out, and scored on that set. The
rules are measured twice: as they are now (in-sample: they were widened from those sets) and
as they were at the set's first run (the parser of HELD_OUT[set]["run_at"], checked out
apart: blind to the set, as the model is). Combinations (`source` says where the rules'
answer came from: `hand` a head noun, pattern or leader, `derived` the BLS-derived words,
`none` nothing, so `other`):
- fallback: the model where the answer is not the hand patterns' (derived or none), the
  combination that was wired in at commit e80308a and run once on each blind set,
- none: the model only where nothing answered.
Then the blind sets themselves, with the model fitted on every other set (the one of e80308a):
their figures were first run at e80308a and are recorded in README and SOURCES.md.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from role_model import BLIND_SETS, Model, fit, labelled_sets, training_pool  # noqa: E402
from test_enrich_roles import FIXTURES, HELD_OUT  # noqa: E402

from pipeline.normalize import fold_series  # noqa: E402

SETS = labelled_sets()
NEAR = 90

_RULES = """
import sys, polars as pl
from pipeline.enrich import roles
titles = pl.read_csv(sys.argv[1], infer_schema=False)["title"]
if hasattr(roles, "_function_choice"):
    choose = roles._function_choice
    def tagged(leader):
        tag = pl.when(pl.lit(False)).then(pl.lit("hand"))
        if hasattr(roles, "_head_noun_function"):
            tag = tag.when(pl.col("_by_noun").is_not_null()).then(pl.lit("hand"))
        tag = (tag.when(pl.col("_head_function").is_not_null()).then(pl.lit("hand"))
               .when(pl.col("strong_head")).then(pl.lit("derived"))
               .when(pl.col("function").is_not_null() | leader).then(pl.lit("hand"))
               .when(pl.coalesce("by_head", "by_word", "by_suffix").is_not_null())
               .then(pl.lit("derived")).otherwise(pl.lit("none")))
        return pl.concat_str([choose(leader), tag], separator="|")
    roles._function_choice = tagged
    out = roles.classify(titles).with_columns(
        pl.col("function").str.split_exact("|", 1).struct.rename_fields(["function", "source"])
        .struct.unnest())
else:  # before the derived words: no pattern matched is `other`
    out = roles.classify(titles).with_columns(
        pl.when(pl.col("function") == "other").then(pl.lit("none")).otherwise(pl.lit("hand"))
        .alias("source"))
out.select("title", "function", "source").write_csv(sys.stdout)
"""


def rules_at(commit: str | None, path: Path) -> pl.DataFrame:
    """(title, function, hand) from the parser of `commit` (None: this checkout)."""
    if commit is None:
        out = subprocess.run([sys.executable, "-c", _RULES, str(path)], check=True,
                             capture_output=True, text=True, cwd=ROOT,
                             env={"PYTHONPATH": str(ROOT)}).stdout
    else:
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(["git", "archive", commit, "pipeline"], cwd=ROOT,
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            out = subprocess.run([sys.executable, "-c", _RULES, str(path)], check=True,
                                 capture_output=True, text=True, cwd=tmp,
                                 env={"PYTHONPATH": tmp}).stdout
    return pl.read_csv(out.encode(), infer_schema=False)


def train_without(pool: pl.DataFrame, name: str) -> Model:
    """The model from `pool` less the set `name` and any title near one of its titles."""
    test = pool.filter(pl.col("set") == name)
    rest = pool.filter(pl.col("set") != name)
    near = process.cdist(fold_series(rest["title"]).to_list(),
                         fold_series(test["title"]).to_list(),
                         scorer=fuzz.token_sort_ratio, score_cutoff=NEAR, workers=1)
    return Model(fit(rest.filter(pl.Series([not row.any() for row in near]))))


def combine(frame: pl.DataFrame) -> dict[str, float]:
    """Accuracy of each answer of a (title, truth, function, source, learned) frame."""
    learned = pl.col("learned").fill_null(pl.col("function"))
    answers = {
        "rules": pl.col("function"),
        "learned": learned,
        "fallback": pl.when(pl.col("source") != "hand").then(learned)
        .otherwise(pl.col("function")),
        "none": pl.when(pl.col("source") == "none").then(learned)
        .otherwise(pl.col("function")),
    }
    return {name: float(frame.select((expr == pl.col("truth")).mean()).item())
            for name, expr in answers.items()}


def evaluate(name: str, model: Model, commit: str | None) -> dict[str, float]:
    labels = pl.read_csv(FIXTURES / name, infer_schema=False)
    rules = rules_at(commit, FIXTURES / name)
    frame = (labels.select("title", pl.col("function").alias("truth"))
             .join(rules, on="title", how="left")
             .join(model.predict(labels["title"]), on="title", how="left"))
    return combine(frame)


def main() -> None:
    pool = training_pool()
    names = ("rules", "learned", "fallback", "none")
    print(f"{'set':30} {'rules of':9} " + " ".join(f"{n:>8}" for n in names))
    pooled: dict[str, list[tuple[int, dict[str, float]]]] = {}
    for name in SETS:
        model = train_without(pool, name)
        runs = [("now", None)]
        if name in HELD_OUT:
            runs.append(("first run", HELD_OUT[name]["run_at"]))
        for label, commit in runs:
            acc = evaluate(name, model, commit)
            pooled.setdefault(label, []).append((pool.filter(pl.col("set") == name).height, acc))
            print(f"{name:30} {label:9} " + " ".join(f"{acc[n]:8.3f}" for n in names),
                  flush=True)
    print()
    for label, rows in sorted(pooled.items()):
        total = sum(n for n, _ in rows)
        means = {k: sum(n * acc[k] for n, acc in rows) / total for k in names}
        print(f"{'pooled (' + str(total) + ' titles)':30} {label:9} "
              + " ".join(f"{means[n]:8.3f}" for n in names))
    print()
    model = Model(fit(pool))
    for name in BLIND_SETS:
        acc = evaluate(name, model, None)
        print(f"{name:30} {'now':9} " + " ".join(f"{acc[n]:8.3f}" for n in names))


if __name__ == "__main__":
    main()
