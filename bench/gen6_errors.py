"""gen6's dedupe errors by the shape of the data, on a set bench/quality.py has already run.

    python bench/gen6_errors.py --set /tmp/q/gen6_2k_seed1 [--show 5]

gen6 writes, per record, the quirks it applied (truth.parquet `quirks`: nickname,
maiden_name, family_first, context_name, typo_key...) and, per person, the traits
(people_truth.parquet: household, shared_landline, role_email, junior_namesake...). Each
error pair goes to the first class that fits, in the order below, so the counts add up to
the errors. Examples print names and organisations as kith keyed them (gen6's names are
fictitious) and never an e-mail address or a phone number.
"""
from __future__ import annotations

import argparse
import itertools
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

COLS = ["key", "person_id", "true_cluster", "given_key", "family_key", "org_key", "source_file",
        "email_keys", "phones_e164", "quirks", "culture"]
MISS_ORDER = [  # (class, quirks on either record that explain it)
    ("maiden vs married name", {"maiden_name"}),
    ("first-name-only or context card ('Kate (yoga)', 'Mom's friend Kate')",
     {"first_name_only", "context_name"}),
    ("family name first (fields swapped in a phone card)", {"family_first"}),
    ("initial instead of a name ('J. Smith', 'Kate S.')", {"initial", "surname_initial"}),
    ("transliteration (Mohammed / Muhammad / Mohamed)", {"transliteration"}),
    ("double surname shortened or hyphenated, particle spelt differently",
     {"surname_shortened", "particle_variant", "particle_case"}),
    ("typo in a name (key, doubled, dropped, swapped, OCR rn/m)",
     {"typo_key", "typo_double", "typo_drop", "typo_swap", "typo_ocr"}),
]


def _quirks(r: dict) -> set[str]:
    return set(filter(None, (r["quirks"] or "").split(",")))


def _records(base: Path) -> pl.DataFrame:
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    recs = pl.read_parquet(base / "kith_out" / "records.parquet").with_columns(key)
    truth = pl.read_parquet(base / "truth.parquet").select(
        key, pl.col("person_key").alias("true_cluster"), "quirks")
    people = pl.read_parquet(base / "people_truth.parquet").select(
        pl.col("person_key").alias("true_cluster"), "culture")
    return recs.join(truth, on="key").join(people, on="true_cluster", how="left").select(COLS)


def _shared(a: dict, b: dict) -> tuple[bool, bool]:
    return (bool(set(a["email_keys"] or []) & set(b["email_keys"] or [])),
            bool(set(a["phones_e164"] or []) & set(b["phones_e164"] or [])))


def miss_class(a: dict, b: dict, who: dict) -> str:
    q = _quirks(a) | _quirks(b)
    for name, tags in MISS_ORDER:
        if q & tags:
            return name
    same_given = a["given_key"] == b["given_key"]
    same_family = a["family_key"] == b["family_key"]
    if not same_given and q & {"nickname", "nickname_occasional"}:
        return ("adopted English name ('Kevin Zhang' vs 'Zhiwei Zhang')"
                if who.get("adopted_english_name") else "nickname / diminutive ('Kuba' vs 'Jakub')")
    if "outlook_contacts.CSV" in (a["source_file"], b["source_file"]) and not (
            same_given and same_family):
        return "Outlook ANSI code page ('?' for letters outside cp1252) or dropped diacritics"
    if not (same_given and same_family):
        return "name keys differ, no quirk recorded (diacritics, case, suffix, middle)"
    if who.get("changed_employer") and a["org_key"] and b["org_key"] and a["org_key"] != b["org_key"]:
        return "same name, job change (old employer and mailbox vs new)"
    if "Connections.csv" in (a["source_file"], b["source_file"]) and not any(_shared(a, b)):
        return "same name, a LinkedIn row with nothing else to match (no e-mail/phone)"
    if not any(_shared(a, b)):
        return "same name, nothing shared (different mailboxes/phones, one record sparse)"
    return "same name and a shared identifier, still apart"


def merge_class(a: dict, b: dict, people: dict) -> str:
    pa, pb = people.get(a["true_cluster"], {}), people.get(b["true_cluster"], {})
    mail, phone = _shared(a, b)
    same_house = pa.get("household_id") and pa.get("household_id") == pb.get("household_id")
    if same_house and (pa.get("junior_namesake") or pb.get("junior_namesake")) and \
            a["given_key"] == b["given_key"]:
        return "Jr. and Sr. (same name, same household)"
    if same_house and (mail or phone):
        return "household: shared landline / family mailbox / address"
    if same_house:
        return "household members, joined without a shared identifier"
    if mail and (pa.get("role_email") or pb.get("role_email")):
        return "colleagues sharing a role address (info@, office@)"
    if phone and not mail:
        return "shared phone outside a household (company switchboard, re-typed digit)"
    if a["given_key"] == b["given_key"] and a["family_key"] == b["family_key"]:
        return "namesakes (same name, different people)"
    if a["family_key"] == b["family_key"]:
        return "same family name, different given"
    return "other (joined through a chain)"


def classify(base: Path) -> tuple[Counter, Counter, dict, Counter]:
    recs = _records(base)
    people = {r["person_key"]: r for r in pl.read_parquet(base / "people_truth.parquet")
              .iter_rows(named=True)}
    by_true, by_pred = defaultdict(list), defaultdict(list)
    for r in recs.iter_rows(named=True):
        by_true[r["true_cluster"]].append(r)
        by_pred[r["person_id"]].append(r)
    misses, merges, examples, culture = Counter(), Counter(), defaultdict(list), Counter()
    for pid, rows in by_true.items():
        for a, b in itertools.combinations(rows, 2):
            culture[(a["culture"], "true")] += 1
            if a["person_id"] != b["person_id"]:
                c = miss_class(a, b, people.get(pid, {}))
                misses[c] += 1
                culture[(a["culture"], "missed")] += 1
                examples[c].append((a, b))
    for rows in by_pred.values():
        for a, b in itertools.combinations(rows, 2):
            if a["true_cluster"] != b["true_cluster"]:
                c = merge_class(a, b, people)
                merges[c] += 1
                examples[c].append((a, b))
    return misses, merges, examples, culture


def _show(r: dict) -> str:
    q = ",".join(sorted(_quirks(r))) or "-"
    return f"{r['given_key']} | {r['family_key']} | {r['org_key']} | {r['source_file']} [{q}]"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True, help="a quality.py set folder")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    misses, merges, examples, culture = classify(args.set)
    for title, counts in (("missed pairs", misses), ("falsely merged pairs", merges)):
        print(f"== {args.set.name} {title}: {sum(counts.values())}")
        for c, n in counts.most_common():
            print(f"  {n:6d}  {c}")
            step = max(1, len(examples[c]) // max(1, args.show))
            for a, b in examples[c][::step][:args.show]:
                print(f"          {_show(a)}  <->  {_show(b)}")
    print(f"== {args.set.name} recall by culture (true pairs kept together)")
    for cult in sorted({c for c, _ in culture}, key=str):
        t, m = culture[(cult, "true")], culture[(cult, "missed")]
        print(f"  {cult!s:5s} {t:6d} true pairs, {m:5d} missed, recall {1 - m / max(t, 1):.3f}")


if __name__ == "__main__":
    main()
