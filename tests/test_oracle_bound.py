"""bench/oracle_bound.py on hand-made tiny books whose bound is worked out by hand: identical
namesake records (a mixed group), exact duplicates (a pure group), a pair that differs in what
it says (a pure group of two contents). All names and addresses are fictitious."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

from pipeline import schema
from pipeline.stages.normalize import normalize_records

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import oracle_bound as ob  # noqa: E402


def _book(rows: list[tuple[str, str, dict]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(contacts as ingest gives them, truth): rows of (file, person, fields)."""
    recs, truth = [], []
    for i, (file, person, fields) in enumerate(rows):
        recs.append({c: None for c in schema.CONTACTS_RAW} | {
            "source": "google", "source_format": "google_current", "source_file": file,
            "source_row": i, "emails": [], "phones": [], "urls": [], "labels": []} | fields)
        truth.append({"key": f"{file}#{i}", "true_cluster": person})
    return pl.DataFrame(recs, schema=schema.CONTACTS_RAW), pl.DataFrame(truth)


JOHN = {"given_name": "Quillon", "family_name": "Marrowby"}  # a name and nothing else
ANN = {"given_name": "Ann", "family_name": "Thistlewood", "emails": ["ann@example.org"]}
BOB = {"given_name": "Bob", "family_name": "Fennimore", "emails": ["bf@example.net"]}
ROBERT = {"given_name": "Robert", "family_name": "Fennimore", "emails": ["bf@example.net"]}
EVE = {"given_name": "Eve", "family_name": "Stonebridge"}
KIM = {"given_name": "Kimbra", "family_name": "Pallister"}


def _first_book() -> list[tuple[str, str, dict]]:
    # A1 and A2 one person, B1 a namesake, all three saying the same: one group of 1 true and
    # 2 false pairs. C twice (an exact copy), D under two given names: pure groups, 2 true.
    return [("a.csv", "A", JOHN), ("a.csv", "A", JOHN), ("b.csv", "B", JOHN),
            ("a.csv", "C", ANN), ("b.csv", "C", ANN), ("a.csv", "D", BOB),
            ("b.csv", "D", ROBERT), ("a.csv", "E", EVE)]


def test_a_mixed_group_not_worth_taking_is_left():
    contacts, truth = _book(_first_book())
    g = ob.groups(ob.exact_content(contacts), truth).sort("t", "f")
    assert g.select("t", "f").rows() == [(1, 0), (1, 0), (1, 2)]
    b = ob.bound(ob.exact_content(contacts), truth)
    # take the namesakes' group: TP 3, FP 2, F1 6 / (5 + 3) = 0.75; leave it: 4 / (2 + 3) = 0.8
    assert b["true_pairs"] == 3 and b["mixed_groups"] == 1 and b["mixed_taken"] == 0
    assert (b["precision"], b["recall"], b["f1"]) == (1.0, pytest.approx(2 / 3), 0.8)


def test_a_mixed_group_worth_taking_is_taken_and_the_prefix_stops_before_the_worse():
    # K: three copies of one person and a namesake saying the same (3 true, 3 false pairs)
    rows = _first_book() + [("a.csv", "K", KIM)] * 3 + [("b.csv", "L", KIM)]
    contacts, truth = _book(rows)
    b = ob.bound(ob.exact_content(contacts), truth)
    # none: 4 / (2 + 6) = 0.5; K: 10 / (8 + 6) = 5/7; K then A's group: 12 / (11 + 6) < 5/7
    assert b["true_pairs"] == 6 and b["mixed_groups"] == 2 and b["mixed_taken"] == 1
    assert b["f1"] == pytest.approx(5 / 7)
    assert (b["precision"], b["recall"]) == (pytest.approx(5 / 8), pytest.approx(5 / 6))
    # at precision >= 0.99 the pure pairs (2) and the share of K's group that 0.99 allows:
    # 2 - 0.99 * 2 = 0.02 of slack, K's group spends 0.99 * 3 - 0.01 * 3 = 2.94
    assert b["recall_at_p99"] == pytest.approx((2 + 3 * 0.02 / 2.94) / 6)


def test_the_best_prefix_is_the_best_of_every_subset():
    rows = _first_book() + [("a.csv", "K", KIM)] * 3 + [("b.csv", "L", KIM)]
    contacts, truth = _book(rows)
    g = ob.groups(ob.exact_content(contacts), truth)
    pure = int(g.filter(pl.col("f") == 0)["t"].sum())
    mixed = g.filter(pl.col("f") > 0).rows(named=True)
    every = [ob._f1(pure + sum(m["t"] for m, on in zip(mixed, bits, strict=True) if on),
                    sum(m["f"] for m, on in zip(mixed, bits, strict=True) if on), 6)
             for bits in [(0, 0), (0, 1), (1, 0), (1, 1)]]
    assert ob.best_prefix(g, 6)["f1"] == pytest.approx(max(every))


def test_the_file_tells_the_namesake_apart():
    contacts, truth = _book(_first_book())
    b = ob.bound(ob.exact_content(contacts, with_file=True), truth)
    # A1 and A2 (a.csv) against B1 (b.csv): no longer one content; nothing mixed is left
    assert b["mixed_groups"] == 0 and b["f1"] == 1.0


def test_exact_content_sorts_lists_and_keeps_null_apart_from_empty():
    contacts, _ = _book([("a.csv", "A", {"emails": ["x@example.org", "y@example.org"]}),
                         ("a.csv", "A", {"emails": ["y@example.org", "x@example.org"]}),
                         ("a.csv", "A", {"title": ""}), ("a.csv", "A", {"title": None})])
    c = ob.exact_content(contacts)["content"].to_list()
    assert c[0] == c[1] and c[2] != c[3]


def test_coarse_content_folds_what_a_person_would_not_tell_apart():
    assert ob.fold("José  O'Neil") == "jose o neil"
    contacts, truth = _book([
        ("a.csv", "A", {"full_name": "Smith, John", "emails": ["J.Smith@Example.org"],
                        "connected_on": "03 Feb 2019", "source": "linkedin",
                        "source_format": "linkedin_connections"}),
        ("b.csv", "A", {"given_name": "JOHN", "family_name": "SMITH",
                        "emails": ["j.smith@example.org"]}),
        ("b.csv", "B", {"given_name": "John", "family_name": "Smith",
                        "emails": ["other@example.org"]})])
    coarse = ob.coarse_content(normalize_records(contacts))["content"].to_list()
    exact = ob.exact_content(contacts)["content"].to_list()
    assert coarse[0] == coarse[1] != coarse[2] and exact[0] != exact[1]
    assert ob.bound(ob.coarse_content(normalize_records(contacts)), truth)["f1"] == 1.0


def test_same_name_pairs_that_say_nothing_else_cannot_be_told_apart():
    import oracle_pairs

    linkedin = {"source": "linkedin", "source_format": "linkedin_connections"}
    rows = [  # two people named alike, each once in LinkedIn and once in a Google CSV: the four
        # cross-file pairs all have the name and nothing else in common (2 true, 2 false);
        # a third person's two cards share an e-mail (a signature of its own, pure)
        ("l.csv", "A", JOHN | linkedin), ("g.csv", "A", JOHN),
        ("l.csv", "B", JOHN | linkedin), ("g.csv", "B", JOHN),
        ("l.csv", "C", BOB), ("g.csv", "C", BOB)]
    contacts, truth = _book(rows)
    records = normalize_records(contacts)
    pairs = oracle_pairs.same_name_pairs(records, truth)
    # 6 pairs of Quillon: l-g four times (2 true), l-l once, g-g once (both false), Bob once
    assert pairs.height == 7 and int(pairs["true"].sum()) == 3
    groups = oracle_pairs.signature_groups(pairs, other_true=0)
    assert sorted(groups.select("t", "f").rows()) == [(0, 0), (1, 0), (2, 2)]
    b = ob.same_name_bound(records, truth)
    # take the mixed group: 2 * 3 / (3 + 2 + 3) = 0.75; leave it: 2 * 1 / (1 + 3) = 0.5
    assert b["true_pairs"] == 3 and b["f1"] == pytest.approx(0.75)
    assert (b["name_only_true"], b["name_only_false"]) == (2, 4)


def test_kith_levels_bound_and_its_closure_on_namesakes_who_say_only_their_name():
    linkedin = {"source": "linkedin", "source_format": "linkedin_connections"}
    rows = [("l.csv", "A", JOHN | linkedin), ("g.csv", "A", JOHN),
            ("l.csv", "B", JOHN | linkedin), ("g.csv", "B", JOHN),
            ("l.csv", "C", BOB), ("g.csv", "C", BOB)]
    contacts, truth = _book(rows)
    b = ob.levels_bound(normalize_records(contacts), truth)
    # kith's levels see the four cross-file Quillon pairs alike (2 true, 2 false) and Bob's
    # pair apart (the e-mail): per pair, take them 2 * 3 / (3 + 2 + 3) = 0.75, leave 0.5
    assert b["true_pairs"] == 3 and b["mixed_groups"] == 1
    assert b["f1"] == pytest.approx(0.75)
    # linked and clustered, the four Quillons become one cluster: 6 predicted pairs and Bob's
    # one, 3 true: 2 * 3 / (7 + 3) = 0.6, better than Bob alone (2 * 1 / (1 + 3))
    assert b["closure"]["f1"] == pytest.approx(0.6)


def test_a_chain_finds_a_pair_its_own_signature_would_not_and_blocking_splits_a_signature():
    import oracle_levels

    # records 0, 1, 2 are one person, 3 another; signature "s1" on 0-1 and 1-2 (true), "s2" on
    # 0-2 (true, blocked) and 2-3 (false, not blocked)
    pairs = pl.DataFrame({"l": [0, 1, 0, 2], "r": [1, 2, 2, 3], "true": [True, True, True, False],
                          "blocked": [True, True, True, False], "sig": ["s1", "s1", "s2", "s2"]})
    truth_idx = pl.DataFrame({"idx": [0, 1, 2, 3], "c": ["A", "A", "A", "B"]})
    # per pair: s1 alone 2 * 2 / (2 + 3) = 0.8; with s2 (1 true, 1 false) 6 / (4 + 3) = 6/7
    assert ob.best_prefix(oracle_levels.groups(pairs), 3)["f1"] == pytest.approx(6 / 7)
    # the blocking flag parts 0-2 (pure) from 2-3 (false only): every true pair, nothing false
    assert ob.best_prefix(oracle_levels.groups(pairs, with_blocking=True), 3)["f1"] == 1.0
    # clustered, s1's two links already join 0 and 2: all 3 true pairs and nothing false
    assert oracle_levels.closure_curve(pairs, truth_idx, 3)["f1"] == 1.0
