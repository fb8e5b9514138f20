"""An upper bound on the pairwise F1 that any dedupe can reach on a labelled set, from the data.

A method whose decisions depend only on what the records say (relabel the records and its
partition is relabelled the same way) must decide alike every pair of records whose two
contents are the same unordered pair of contents: a permutation of the book that keeps every
record's content maps one such pair onto the other and the book onto itself. So group the
record pairs by their unordered content pair; a group holding both true and false pairs
("mixed") is taken or left whole. Picking groups to maximise F1 = 2 TP / (TP + FP + true
pairs) is a ratio of sums, and its optimum is a prefix of the groups in order of precision
(docs/bound37.md has the argument), so the best prefix is the bound. Transitivity is not
imposed, which can only raise the bound.

Three contents (docs/bound37.md):
- exact: every CONTACTS_RAW field as ingest parsed it, strings as written, lists sorted; not
  source_file / source_row. Rigorous for methods that read no more than that.
- exact_file: exact plus the file the record came from. kith reads the file (a copy in the
  same file, one LinkedIn row per person, the clustering's file code), so only this variant's
  bound covers kith itself.
- coarse (NOT rigorous): what a careful person could tell: names folded for case, accents,
  punctuation and order, e-mails and phones as kith normalises them, organisation as kith's
  key, and no field that carries no identity (source, format, Connected On, labels).

Beside them (measure), bounds for classes of per-pair method, NOT rigorous for every method:
same-name pairs by field agreement (oracle_pairs.py) and any rule over kith's own comparison
levels (oracle_levels.py, with a clustered estimate).

`python bench/oracle_bound.py [--sets a,b] [--out DIR]` prints two tables, a row per set.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from pipeline import schema

NOT_CONTENT = ("source_file", "source_row")
EXACT = tuple(c for c in schema.CONTACTS_RAW if c not in NOT_CONTENT)
NAME_FIELDS = ("full_name", "name_prefix", "given_name", "middle_name", "family_name",
               "name_suffix", "nickname")
# Kept by the coarse content as folded text (names go into one token set, see _name_tokens).
TEXT_FIELDS = ("department", "title", "city", "region", "country", "notes")
# Normalised columns kept by the coarse content: kith's keys for what identifies a person.
KEY_FIELDS = ("email_keys", "phones_e164", "phones_invalid", "org_key", "linkedin_slug",
              "birthday_year", "birthday_month", "birthday_day", "street_key", "postcode_key")


def _canonical(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.Expr:
    """One exact string per content: JSON of the columns, lists sorted (null stays apart
    from an empty string, so no two contents are ever taken for one)."""
    cols = [pl.col(c).list.sort() if isinstance(frame.schema[c], pl.List) else pl.col(c)
            for c in columns]
    return pl.struct(cols).struct.json_encode()


def exact_content(contacts: pl.DataFrame, with_file: bool = False) -> pl.DataFrame:
    """(key, content): CONTACTS_RAW rows -> their exact content string."""
    columns = EXACT + (("source_file",) if with_file else ())
    return contacts.select(_key(), _canonical(contacts, columns).alias("content"))


def _key() -> pl.Expr:
    return pl.concat_str("source_file", pl.lit("#"), pl.col("source_row").cast(pl.String)
                         ).alias("key")


def fold(text: str | None) -> str:
    """Case, accents, punctuation and spacing folded away: 'José  O'Neil' -> 'jose o neil'."""
    if not text:
        return ""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _name_tokens(row: dict) -> list[str]:
    """Every word of every name field, folded, as a set: 'Smith, John' and 'John Smith' (and a
    card that wrote FN beside N) read as one name."""
    return sorted({w for f in NAME_FIELDS for w in fold(row.get(f)).split()})


def coarse_content(records: pl.DataFrame) -> pl.DataFrame:
    """(key, content) of normalised records (schema.RECORDS): see the module docstring."""
    names = pl.Series([_name_tokens(r) for r in records.select(NAME_FIELDS).iter_rows(named=True)],
                      dtype=pl.List(pl.String))
    texts = {f: records[f].map_elements(fold, return_dtype=pl.String, skip_nulls=False)
             for f in TEXT_FIELDS}
    urls = records["urls"].map_elements(lambda v: sorted({fold(u) for u in v}),
                                        return_dtype=pl.List(pl.String), skip_nulls=True)
    frame = records.select(_key(), *KEY_FIELDS).with_columns(
        names.alias("names"), urls.alias("urls"), *[s.alias(f) for f, s in texts.items()])
    columns = tuple(c for c in frame.columns if c != "key")
    return frame.select("key", _canonical(frame, columns).alias("content"))


def groups(content: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """Every content-pair group that holds a true pair: (a, b, t, f), a <= b the two content
    ids, t its true pairs, f its false pairs. Records without truth are left out, as
    quality.pairwise leaves them out."""
    j = content.join(truth, on="key", how="inner")
    ids = j.select(pl.col("content").unique().sort()).with_row_index("cid")
    j = j.join(ids, on="content").select(pl.int_range(pl.len()).alias("i"), "cid", "true_cluster")
    sizes = j.group_by("cid").agg(pl.len().cast(pl.Int64).alias("n"))
    pairs = (j.join(j, on="true_cluster", suffix="_r").filter(pl.col("i") < pl.col("i_r"))
             .select(pl.min_horizontal("cid", "cid_r").alias("a"),
                     pl.max_horizontal("cid", "cid_r").alias("b")))
    out = (pairs.group_by("a", "b").agg(pl.len().cast(pl.Int64).alias("t"))
           .join(sizes.rename({"cid": "a", "n": "n_a"}), on="a")
           .join(sizes.rename({"cid": "b", "n": "n_b"}), on="b"))
    together = pl.when(pl.col("a") == pl.col("b")).then(pl.col("n_a") * (pl.col("n_a") - 1) // 2
                                                         ).otherwise(pl.col("n_a") * pl.col("n_b"))
    return out.with_columns((together - pl.col("t")).alias("f")).select("a", "b", "t", "f")


def true_pairs(truth_of: pl.DataFrame) -> int:
    sizes = truth_of.group_by("true_cluster").len()["len"].cast(pl.Int64)
    return int((sizes * (sizes - 1) // 2).sum())


def best_prefix(g: pl.DataFrame, total_true: int) -> dict:
    """The largest F1 over group decisions: every pure group taken, then the best prefix of
    the mixed groups in order of precision. Also the largest recall at precision >= 0.99 (the
    fractional knapsack's greedy answer, itself an upper bound on any 0/1 choice)."""
    pure_tp = int(g.filter(pl.col("f") == 0)["t"].sum())
    mixed = g.filter(pl.col("f") > 0).with_columns((pl.col("t") / (pl.col("t") + pl.col("f")))
                                                   .alias("p")).sort("p", descending=True)
    t, f = mixed["t"].to_list(), mixed["f"].to_list()
    tp, fp = pure_tp, 0
    best = (_f1(tp, fp, total_true), tp, fp, 0)
    for k, (ti, fi) in enumerate(zip(t, f, strict=True), start=1):
        tp, fp = tp + ti, fp + fi
        best = max(best, (_f1(tp, fp, total_true), tp, fp, k))
    f1, tp, fp, taken = best
    return {"true_pairs": total_true, "pure_true_pairs": pure_tp, "mixed_groups": mixed.height,
            "mixed_true": int(mixed["t"].sum()), "mixed_false": int(mixed["f"].sum()),
            "mixed_taken": taken, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / total_true if total_true else 1.0, "f1": f1,
            "recall_at_p99": _recall_at(pure_tp, t, f, total_true, 0.99)}


def _f1(tp: int, fp: int, total_true: int) -> float:
    return 2 * tp / (tp + fp + total_true) if total_true else 1.0


def _recall_at(tp: float, t: list[int], f: list[int], total_true: int, p0: float) -> float:
    """Greedy by precision with a fraction of the last group: the LP optimum of max recall
    subject to precision >= p0, so no choice of whole groups does better."""
    fp = 0.0
    for ti, fi in zip(t, f, strict=True):
        slack = tp - p0 * (tp + fp)  # how much precision is left above p0, in pairs
        cost = p0 * fi - (1 - p0) * ti  # what the whole group spends of it
        share = 1.0 if cost <= slack else max(0.0, slack / cost)
        tp, fp = tp + share * ti, fp + share * fi
        if share < 1.0:
            break
    return tp / total_true if total_true else 1.0


def bound(content: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """content: (key, content); truth: (key, true_cluster)."""
    joined = truth.join(content.select("key"), on="key", how="semi")
    result = best_prefix(groups(content, truth), true_pairs(joined))
    return {"records": joined.height, **result}


# ---------------------------------------------------------------------------------------------
# Every labelled set bench/quality.py knows: its exports written (or converted) as quality.py
# writes them, read by ingest and normalize only (no dedupe), and its bounds.

def _exports(name: str, root) -> tuple[list, pl.DataFrame] | None:
    """(input files, truth) of one set, as quality.py makes them."""
    import subprocess
    import sys

    import quality

    gen = {g[0]: g[1:] for g in quality.GENERATED}
    if name not in gen:
        return _public_exports(name, root)
    module, people, seed = gen[name]
    base = root / name
    if not (base / "truth.parquet").exists():
        subprocess.run([sys.executable, "-m", module, "--people", str(people), "--seed", str(seed),
                        "--out", str(base / "exports"), "--truth", str(base / "truth.parquet"),
                        "--people-truth", str(base / "people_truth.parquet")],
                       check=True, capture_output=True)
    truth = pl.read_parquet(base / "truth.parquet").filter(pl.col("kind") == "contact").select(
        pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key"),
        pl.col("person_key").alias("true_cluster"))
    return sorted((base / "exports").iterdir()), truth


def _public_exports(name: str, root) -> tuple[list, pl.DataFrame] | None:
    from pathlib import Path

    import fake1000
    import febrl
    import historical50k
    import rldata

    base = root / name / "exports"
    if name == "historical_50k":
        path, truth = historical50k.convert(base)
    elif name in rldata.SETS:
        folder = rldata.rldata_dir()
        if folder is None:
            return None
        path, truth = rldata.convert(name, folder, base)
    elif name == "fake_1000":
        src = (Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "splink_fake_1000"
               / "fake_1000.csv")
        if not src.exists():
            return None
        path, truth = fake1000.convert(src, base)
    else:
        folder = febrl.febrl_dir()
        if folder is None:
            return None
        path, truth = febrl.convert(name, folder, base)
    return [path], truth.select("key", pl.col("true_cluster").cast(pl.String))


def measure(inputs: list, truth: pl.DataFrame) -> dict:
    """The three bounds of one set from its files (ingest and normalize in this process)."""
    from pipeline.inputs import Limits
    from pipeline.stages.ingest import ingest
    from pipeline.stages.normalize import normalize_records

    contacts = ingest(inputs, exclude=[], limits=Limits(), workers=1).contacts
    truth = truth.with_columns(pl.col("true_cluster").cast(pl.String))
    records = normalize_records(contacts)
    return {"exact": bound(exact_content(contacts), truth),
            "exact_file": bound(exact_content(contacts, with_file=True), truth),
            "coarse": bound(coarse_content(records), truth),
            "same_name": same_name_bound(records, truth, with_formats=False),
            "same_name_formats": same_name_bound(records, truth),
            "levels": levels_bound(records, truth)}


def levels_bound(records: pl.DataFrame, truth: pl.DataFrame) -> dict:
    """oracle_levels' bound: any pairwise rule over kith's comparison levels."""
    import oracle_levels

    joined = truth.join(records.select(_key()), on="key", how="semi")
    feats, truth_idx = oracle_levels.truth_of(records, truth)
    pairs = oracle_levels.level_pairs(feats, truth_idx)
    total = true_pairs(joined)
    result = best_prefix(oracle_levels.groups(pairs), total)
    blocking = best_prefix(oracle_levels.groups(pairs, with_blocking=True), total)
    return {"records": joined.height, "counted_pairs": pairs.height,
            "blocked_pairs": int(pairs["blocked"].sum()), **result, "with_blocking": blocking,
            "closure": oracle_levels.closure_curve(pairs, truth_idx, total)}


def same_name_bound(records: pl.DataFrame, truth: pl.DataFrame, with_formats: bool = True
                    ) -> dict:
    """oracle_pairs' bound (NOT rigorous): same-name pairs judged by field agreement (and by
    the two records' export formats, `with_formats`)."""
    import oracle_pairs

    joined = truth.join(records.select(_key()), on="key", how="semi")
    total = true_pairs(joined)
    pairs = oracle_pairs.same_name_pairs(records, truth, with_formats)
    same_true = int(pairs["true"].sum())
    result = best_prefix(oracle_pairs.signature_groups(pairs, total - same_true), total)
    return {"records": joined.height, "same_name_true": same_true,
            "same_name_false": pairs.height - same_true, **oracle_pairs.name_only_share(pairs),
            **result}


def kith_session35(doc) -> dict[str, tuple[str, str, str]]:
    """kith's P / R / F1 per set from docs/dedupe-quality.md's "Session 35" table."""
    text = doc.read_text(encoding="utf-8").split("## Session 35", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    return {r[0].strip(): (r[2].strip(), r[3].strip(), r[4].strip()) for r in rows[1:]
            if len(r) >= 5}


def table(results: dict, kith: dict) -> str:
    """Two tables: the content bounds, and the evidence bounds beside kith."""
    one = ["| set | records | true pairs | mixed groups (exact) | exact bound P / R / F1 "
           "| + file F1 | coarse bound P / R / F1 (not rigorous) |", "|---|---|---|---|---|---|---|"]
    two = ["| set | same-name F1 (R at P >= 0.99) | + formats F1 (R at P >= 0.99) "
           "| kith levels, per pair: P / R / F1 | its R at P >= 0.99 "
           "| + blocking: F1 (R at P >= 0.99) "
           "| kith levels, clustered (estimate) P / R / F1 | kith P / R / F1 (session 35) |",
           "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        k = " / ".join(kith.get(name, ("?", "?", "?")))
        if r is None:
            one.append(f"| {name} | not available | | | | | |")
            two.append(f"| {name} | | | | | | | {k} |")
            continue
        e, x, c, s, sf, lv = (r[n] for n in ("exact", "exact_file", "coarse", "same_name",
                                              "same_name_formats", "levels"))
        one.append(f"| {name} | {e['records']} | {e['true_pairs']} | {e['mixed_groups']} "
                   f"({e['mixed_true']} true / {e['mixed_false']} false pairs) | {_prf(e)} "
                   f"| {x['f1']:.4f} | {_prf(c)} |")
        two.append(f"| {name} | {s['f1']:.4f} ({s['recall_at_p99']:.4f}) "
                   f"| {sf['f1']:.4f} ({sf['recall_at_p99']:.4f}) | {_prf(lv)} "
                   f"| {lv['recall_at_p99']:.4f} | {lv['with_blocking']['f1']:.4f} "
                   f"({lv['with_blocking']['recall_at_p99']:.4f}) | {_prf(lv['closure'])} "
                   f"| {k} |")
    return "\n".join(one) + "\n\n" + "\n".join(two)


def _prf(b: dict) -> str:
    return f"{b['precision']:.4f} / {b['recall']:.4f} / {b['f1']:.4f}"


def main() -> None:
    import argparse
    import json
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import quality

    ap = argparse.ArgumentParser(description="an upper bound on any dedupe's F1, per set")
    ap.add_argument("--out", type=Path, default=here / "out" / "oracle_bound")
    ap.add_argument("--sets", default="", help="comma-separated names (default: all)")
    args = ap.parse_args()
    wanted = quality.chosen_sets(args.sets)
    results: dict = {}
    for name in quality.ALL_SETS:
        if name in wanted:
            made = _exports(name, args.out)
            results[name] = measure(*made) if made else None
            print(name, json.dumps(results[name]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "oracle_bound.json").write_text(json.dumps(results, indent=2))
    kith = kith_session35(here.parent / "docs" / "dedupe-quality.md")
    print(table(results, kith))


if __name__ == "__main__":
    main()
