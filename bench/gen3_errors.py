"""gen3's (and gen5's) false merges by the shape of the data, on a set bench/quality.py has run.

    python bench/gen3_errors.py --set /tmp/q/gen3_2k_seed1 [--show 5]

bench/gen5_errors.py counts each wrongly joined pair by what its two records share; in a
cluster of several people most wrong pairs have no link of their own, and the strongest link
between two people is often not the one that joined them. So this replays the joins: the
links clustering kept (pairs.parquet, clustered "together"), merge-level ones strongest first
as greedy clustering takes them, then the rest (a nameless record attached afterwards,
dedupe/nameless.py), through union-find. A link that joins two groups holding different true
people is a wrong join; the wrong pairs it creates (records of one side x records of another
person on the other) take the class of that link's two records. Examples print names only
(never an e-mail address or a phone number), as kith keys them.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

NAMELESS = "chain through a nameless record"
GIVEN_ONLY = "chain through a given-only record"
CONTACT = "household: shared landline / family mailbox"
ADDRESS = "household: shared postal address"
SHARED = "shared contact point or address (not one household)"
NAMESAKES = "namesakes: same name, nothing contradicting"
NAMESAKES_APART = "namesakes: same name, a different phone / e-mail / org"
SPELLINGS = "one name in two spellings (nickname, variant, typo)"
OTHER = "other"


def _records(base: Path) -> pl.DataFrame:
    key = pl.concat_str("source_file", pl.lit("#"), "source_row").alias("key")
    recs = pl.read_parquet(base / "kith_out" / "records.parquet").with_columns(key)
    truth = pl.read_parquet(base / "truth.parquet").select(
        key, pl.col("person_key").alias("true_cluster"))
    people = pl.read_parquet(base / "people_truth.parquet").select(
        pl.col("person_key").alias("true_cluster"), "household")
    return recs.join(truth, on="key").join(people, on="true_cluster", how="left")


def _shares(a: dict, b: dict) -> bool:
    return bool(set(a["email_keys"] or []) & set(b["email_keys"] or [])
                or set(a["phones_e164"] or []) & set(b["phones_e164"] or []))


def link_class(a: dict, b: dict, link: dict) -> str:
    """The class of one link that joined records of two true people."""
    if not (a["given_key"] or a["family_key"]) or not (b["given_key"] or b["family_key"]):
        return NAMELESS
    if not a["family_key"] or not b["family_key"]:
        return GIVEN_ONLY
    home = a["household"] is not None and a["household"] == b["household"]
    if _shares(a, b):
        return CONTACT if home else SHARED
    if link.get("street_level") == "exact":
        return ADDRESS if home else SHARED
    if a["given_key"] == b["given_key"] and a["family_key"] == b["family_key"]:
        differs = any(link.get(f"{f}_level") == "different" for f in ("email", "phone", "org"))
        return NAMESAKES_APART if differs else NAMESAKES
    if a["family_key"] == b["family_key"] or a["given_key"] == b["given_key"]:
        return SPELLINGS
    return OTHER


def classify(base: Path) -> tuple[Counter, Counter, dict]:
    """(wrong pairs by class, wrong joins by class, examples by class)."""
    recs = _records(base)
    by_id = {r["record_id"]: r for r in recs.iter_rows(named=True)}
    links = pl.read_parquet(base / "kith_out" / "pairs.parquet").filter(
        pl.col("clustered") == "together").with_columns(
        first=pl.col("outcome") == "merge").sort(["first", "weight"], descending=True)
    parent = {i: i for i in by_id}
    people = {i: Counter([by_id[i]["true_cluster"]]) for i in by_id}  # per root

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs, joins, examples = Counter(), Counter(), defaultdict(list)
    for link in links.iter_rows(named=True):
        ra, rb = find(link["record_id_l"]), find(link["record_id_r"])
        if ra == rb:
            continue
        pa, pb = people[ra], people[rb]
        wrong = pa.total() * pb.total() - sum(pa[t] * pb[t] for t in pb)
        if wrong:
            a, b = by_id[link["record_id_l"]], by_id[link["record_id_r"]]
            c = link_class(a, b, link)
            pairs[c] += wrong
            joins[c] += 1
            examples[c].append((a, b, link["weight"]))
        parent[rb] = ra
        people[ra] = pa + people.pop(rb)
    return pairs, joins, examples


def _show(r: dict) -> str:
    return f"{r['given_key']} | {r['family_key']} | {r['org_key']} | {r['source']}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, required=True, help="a quality.py set folder")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    pairs, nlinks, examples = classify(args.set)
    print(f"== {args.set.name} falsely merged pairs: {sum(pairs.values())}"
          " (pairs, joins, class)")
    for c, n in pairs.most_common():
        print(f"  {n:6d} {nlinks[c]:5d}  {c}")
        for a, b, w in examples[c][:: max(1, len(examples[c]) // max(1, args.show))][
                :args.show]:
            print(f"          {_show(a)}  <->  {_show(b)}  ({w:.1f} bits)")


if __name__ == "__main__":
    main()
