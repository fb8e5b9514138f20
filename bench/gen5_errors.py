"""gen5's dedupe errors by generator cause, on a set bench/quality.py has already run.

    python bench/gen5_errors.py --set /tmp/q/gen5_2k_seed1 [--show 5]

bench/dedupe_errors.py classes errors by what kith's dedupe did (not a candidate, review band,
refused...); this says which shape of the data each error comes from, using the generator's
people truth (native script, job change, married name, household, namesake). Each error pair
goes to the first class that fits, in the order listed. Examples print names and
organisations only (never an e-mail address or a phone number), as kith keys them.
"""
from __future__ import annotations

import argparse
import itertools
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

COLS = ["key", "person_id", "true_cluster", "given_key", "family_key", "org_key", "source",
        "email_keys", "phones_e164", "native"]


def _records(base: Path) -> pl.DataFrame:
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    recs = pl.read_parquet(base / "kith_out" / "records.parquet").with_columns(key)
    truth = pl.read_parquet(base / "truth.parquet").select(
        key, pl.col("person_key").alias("true_cluster"))
    raw = pl.concat_str([pl.col(c).fill_null("") for c in ("given_name", "family_name",
                                                            "full_name")])
    # a name with letters outside Latin scripts (CJK, Hangul, Cyrillic, Greek, Arabic)
    native = raw.str.contains(r"[\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff\u3040-\u9fff\uac00-\ud7af]")
    return recs.join(truth, on="key").with_columns(native=native).select(COLS)


def _shares(a: dict, b: dict) -> bool:
    return bool(set(a["email_keys"] or []) & set(b["email_keys"] or [])
                or set(a["phones_e164"] or []) & set(b["phones_e164"] or []))


def miss_class(a: dict, b: dict, who: dict) -> str:
    if a["native"] != b["native"]:
        return "native script vs Latin spelling"
    if not (a["given_key"] or a["family_key"]) or not (b["given_key"] or b["family_key"]):
        return "a record with no name"
    same_name = a["given_key"] == b["given_key"] and a["family_key"] == b["family_key"]
    if who.get("job_change") and a["org_key"] and b["org_key"] and a["org_key"] != b["org_key"]:
        return "job change (old employer vs new)" + (", same name" if same_name else "")
    if who.get("maiden") and a["family_key"] != b["family_key"]:
        return "maiden vs married name"
    if a["native"]:
        return "both native script, spelt differently"
    if a["given_key"] != b["given_key"] and a["family_key"] == b["family_key"]:
        return "given name differs (nickname, typo, variant)"
    if a["family_key"] != b["family_key"]:
        return "family name differs or missing (typo, given-only entry)"
    if "linkedin" in (a["source"], b["source"]) and not _shares(a, b):
        return "same name, nothing shared (a LinkedIn row has no e-mail/phone)"
    return "same name, other"


def merge_class(a: dict, b: dict, people: dict) -> str:
    pa, pb = people.get(a["true_cluster"], {}), people.get(b["true_cluster"], {})
    if _shares(a, b):
        hh = pa.get("household") and pb.get("household")
        return "shared landline / family mailbox" if hh else "shared contact point"
    if a["given_key"] == b["given_key"] and a["family_key"] == b["family_key"]:
        return "namesakes (same name, different people)"
    if a["family_key"] == b["family_key"]:
        return "same family name, different given"
    return "other (joined through a chain)"


def classify(base: Path) -> tuple[Counter, Counter, dict]:
    recs = _records(base)
    people = {r["person_key"]: r for r in pl.read_parquet(base / "people_truth.parquet")
              .iter_rows(named=True)}
    by_true, by_pred = defaultdict(list), defaultdict(list)
    for r in recs.iter_rows(named=True):
        by_true[r["true_cluster"]].append(r)
        by_pred[r["person_id"]].append(r)
    misses, merges, examples = Counter(), Counter(), defaultdict(list)
    for pid, rows in by_true.items():
        for a, b in itertools.combinations(rows, 2):
            if a["person_id"] != b["person_id"]:
                c = miss_class(a, b, people.get(pid, {}))
                misses[c] += 1
                examples[c].append((a, b))
    for rows in by_pred.values():
        for a, b in itertools.combinations(rows, 2):
            if a["true_cluster"] != b["true_cluster"]:
                c = merge_class(a, b, people)
                merges[c] += 1
                examples[c].append((a, b))
    return misses, merges, examples


def _show(r: dict) -> str:
    return f"{r['given_key']} | {r['family_key']} | {r['org_key']} | {r['source']}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True, help="a quality.py set folder")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    misses, merges, examples = classify(args.set)
    for title, counts in (("missed pairs", misses), ("falsely merged pairs", merges)):
        print(f"== {args.set.name} {title}: {sum(counts.values())}")
        for c, n in counts.most_common():
            print(f"  {n:6d}  {c}")
            for a, b in examples[c][:: max(1, len(examples[c]) // max(1, args.show))][
                    :args.show]:
                print(f"          {_show(a)}  <->  {_show(b)}")


if __name__ == "__main__":
    main()
