"""The review queue: ranked by likelihood x importance, capped, the rest settled apart with a
reason in pairs.parquet; the simulated answering used by the benchmark."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline.dedupe import stage
from pipeline.dedupe.review import Priority, priority_from

NAMES = [("anna", "smith"), ("kyle", "jones"), ("lara", "white")]


def book() -> pl.DataFrame:
    """Three pairs of same-name records with nothing else: each pair waits for review."""
    return records([{"given_key": g, "family_key": f} for g, f in NAMES for _ in range(2)])


def test_every_candidate_pair_is_either_in_review_or_settled_with_a_reason():
    res = stage.dedupe(book(), th=stage.Thresholds(review_limit=2))
    assert res.review.height == 2
    assert res.review["rank"].to_list() == [1, 2]
    pairs = res.pairs
    waiting = pairs.filter(pl.col("outcome") == "review")
    settled = pairs.filter(pl.col("reason").str.starts_with("settled apart: ranked below"))
    assert waiting.height == 2 and settled.height == 1
    assert settled["outcome"].to_list() == ["distinct"]
    assert res.stats["settled_pairs"] == 1


def test_a_person_with_notes_or_at_a_target_company_comes_first():
    recs = book()
    first = stage.dedupe(recs)
    pid = first.records.filter(pl.col("given_key") == "lara")["person_id"].to_list()
    ranked = stage.dedupe(recs, priority=Priority(noted=frozenset(pid[:1])))
    top = ranked.review.row(0, named=True)
    assert {top["person_id_l"], top["person_id_r"]} == set(pid)
    assert top["value"] > top["likelihood"]
    at_target = records([{"given_key": g, "family_key": f,
                          "org_key": "initech" if g == "kyle" else None}
                         for g, f in NAMES for _ in range(2)])
    res = stage.dedupe(at_target, priority=priority_from(None, ["Initech, Inc."]))
    assert res.review["name_l"].to_list()[0] == "kyle jones"


def test_two_linkedin_profiles_are_settled_not_asked():
    recs = records([{"given_key": "wei", "family_key": "zhang", "linkedin_slug": "in-a",
                     "phones": ["+14155550134"], "source": "linkedin"},
                    {"given_key": "wei", "family_key": "zhang", "linkedin_slug": "in-b",
                     "phones": ["+14155550134"], "source": "linkedin"}])
    res = stage.dedupe(recs)
    assert res.review.height == 0
    assert res.pairs["reason"].to_list() == ["settled apart: two different LinkedIn profiles"]


def test_review_rows_say_what_agreed_and_what_conflicted():
    # others in the book make the shared name say something (term frequencies)
    others = [{"given_key": g, "family_key": f} for g, f in
              zip("bo cy di ed fay gus hal ida".split(), "lee ng ito ross kim park wu cole".split(),
                  strict=True)]
    recs = records([{"given_key": "anna", "family_key": "smith", "org_key": "acme"},
                    {"given_key": "anna", "family_key": "smith", "org_key": "initech"}, *others])
    row = stage.dedupe(recs).review.row(0, named=True)
    assert row["agreed"] == "given, family" and row["conflicted"] == "org"
    assert 0 < row["likelihood"] < 1


def test_answering_the_top_of_the_queue_from_the_truth_is_applied():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from quality import answer_top

    recs = book()
    truth = pl.DataFrame({"key": [f"f.csv#{i}" for i in range(6)],
                          "true_cluster": ["a", "a", "k1", "k2", "l", "l"]})
    got = answer_top(recs, truth, k=3)
    assert got["answered"] == 3 and got["same_person"] == 2
    assert got["f1_after"] == 1.0 and got["f1_before"] < 1.0
