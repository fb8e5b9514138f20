"""bench/fragment_evidence.py, the measurement behind docs/clus40.md: two predicted people
joined by review-band links left apart are a fragment pair; it counts the links, how many of
them share no record (each link read from the first person's record to the second's), whether
any records of the two conflict, and which cross pairs are one true person. Fictitious names."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import polars as pl
from dedupe_support import records

from pipeline import schema
from pipeline.dedupe import features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import fragment_evidence  # noqa: E402

ANA = {"given_key": "anaru", "family_key": "wikitoria"}
# person, true person, birthday of each record r_0000..r_0006
BORN, OTHER = (1970, 3, 14), (1958, 9, 2)
BOOK = [("P1", "t1", BORN), ("P2", "t1", None), ("P2", "t1", None), ("P1", "t1", BORN),
        ("P3", "t1", BORN), ("P4", "t2", OTHER), ("P2", "t2", None)]


def _book():
    parts = ("birthday_year", "birthday_month", "birthday_day")
    rows = [{**ANA, **(dict(zip(parts, b, strict=True)) if b else {})} for _, _, b in BOOK]
    recs = records(rows).with_columns(
        pl.Series("person_id", [p for p, _, _ in BOOK], dtype=pl.String))
    truth = pl.DataFrame({"key": [f"f.csv#{i}" for i in range(len(BOOK))],
                          "true_cluster": [t for _, t, _ in BOOK]})
    return recs, features.build(records(rows)), truth


def _pairs(links: list[tuple[int, int, float, str]],
           agree: dict[int, str] | None = None) -> pl.DataFrame:
    """Pairs-table rows: (l, r, weight, clustered); the name agrees, and on link i the field
    agree[i] too; nothing else is known."""
    rid = [f"r_{i:04d}" for i in range(len(BOOK))]
    agree = agree or {}
    levels = {f"{f}_level": ["exact" if f in ("given", "family") or agree.get(i) == f
                             else "null" for i in range(len(links))]
              for f in schema.COMPARISON_FIELDS}
    return pl.DataFrame({"record_id_l": [rid[a] for a, *_ in links],
                         "record_id_r": [rid[b] for _, b, *_ in links],
                         "weight": [w for *_, w, _ in links],
                         "clustered": [c for *_, c in links],
                         "reason": ["weight in the review band"] * len(links), **levels})


def _fragments(links, agree=None):
    recs, feats, truth = _book()
    result = SimpleNamespace(records=recs, pairs=_pairs(links, agree))
    frag = fragment_evidence.fragment_pairs(result, feats, truth)
    return {(r["p1"], r["p2"]): r for r in frag.iter_rows(named=True)}, result, truth


def test_links_sharing_a_record_count_once_whichever_side_it_is_written_on():
    # P1 = r0, r3; P2 = r1, r2, r6. The links (r0, r1) and (r1, r3) both rest on r1, which is
    # the right record of one and the left of the other: two links, one disjoint
    frag, _, _ = _fragments([(0, 1, 1.0, "apart"), (1, 3, 0.5, "apart")])
    assert frag[("P1", "P2")]["k"] == 2
    assert frag[("P1", "P2")]["k_disjoint"] == 1
    # (r0, r1) and (r2, r3) share no record: two independent links
    frag, _, _ = _fragments([(0, 1, 1.0, "apart"), (2, 3, 0.5, "apart")])
    assert (frag[("P1", "P2")]["k"], frag[("P1", "P2")]["k_disjoint"]) == (2, 2)
    assert frag[("P1", "P2")]["w_sum"] == 1.5


def test_evidence_beyond_the_name_is_counted_by_field():
    links = [(0, 1, 1.0, "apart"), (2, 3, 0.5, "apart"), (0, 6, 0.5, "apart")]
    # one shared postcode on two links is one field; a title on a third makes two
    frag, _, _ = _fragments(links, {0: "postcode", 1: "postcode"})
    assert (frag[("P1", "P2")]["links_with_evidence"], frag[("P1", "P2")]["evidence_fields"]) \
        == (2, 1)
    frag, _, _ = _fragments(links, {0: "postcode", 1: "postcode", 2: "title"})
    assert frag[("P1", "P2")]["evidence_fields"] == 2
    frag, _, _ = _fragments(links)  # the name alone
    assert (frag[("P1", "P2")]["links_with_evidence"], frag[("P1", "P2")]["evidence_fields"]) \
        == (0, 0)
    assert frag[("P1", "P2")]["kinds"] == "exact/name only"


def test_cross_pairs_are_split_by_the_truth():
    # P1 (two records of t1) against P2 (two of t1, one of t2): 4 true, 2 false cross pairs
    frag, _, _ = _fragments([(0, 1, 1.0, "apart")])
    assert (frag[("P1", "P2")]["tp"], frag[("P1", "P2")]["fp"]) == (4, 2)
    assert (frag[("P1", "P2")]["n1"], frag[("P1", "P2")]["n2"]) == (2, 3)


def test_clearly_different_birthdays_between_any_records_are_a_conflict():
    frag, _, _ = _fragments([(4, 5, 0.0, "apart"), (0, 4, 1.0, "apart")])
    assert frag[("P3", "P4")]["birthday_conflict"]  # 1970-03-14 against 1958-09-02
    assert frag[("P3", "P4")]["any_conflict"]
    assert not frag[("P1", "P3")]["any_conflict"]  # the same birthday


def test_only_band_links_left_apart_make_a_fragment_pair():
    frag, _, _ = _fragments([(0, 3, 1.0, "together"), (0, 4, 3.0, "apart"),
                             (0, 5, -4.0, "apart"), (1, 4, 2.0, "apart")])
    assert set(frag) == {("P2", "P3")}


def test_joining_fragment_pairs_is_scored_on_the_union():
    frag, result, truth = _fragments([(0, 1, 1.0, "apart"), (3, 4, 1.0, "apart")])
    people = fragment_evidence.keyed(result)
    chosen = pl.DataFrame({"p1": ["P1", "P1"], "p2": ["P2", "P3"]})
    after = fragment_evidence.simulate(people, chosen, truth)
    # one cluster of all but r5: t1's five records together (10 pairs), r6 (t2) joined
    # wrongly with them (5 pairs); r5 alone
    assert (after["tp"], after["predicted_pairs"], after["true_pairs"]) == (10, 15, 11)
    assert set(frag) == {("P1", "P2"), ("P1", "P3")}
