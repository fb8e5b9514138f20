"""What an incremental dedupe (issue 16, docs/incremental-dedupe.md) would rely on: a record's
feature row, and a pair's comparison levels other than the two cross levels, do not depend on
the other records in the book. Checked by dropping random records and comparing what the
remaining records get with what they got in the whole book."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dedupe_cluster import address_book

from pipeline import schema
from pipeline.dedupe import blocking, compare, features
from pipeline.dedupe.stage import SCORED_COLUMNS

# email_name and domain_org read the run's spelled pairs, whose spellings are capped by how many
# records share them (compare.SPELLED_CAP): those two are global by design.
PER_PAIR = [f"{f}_level" for f in schema.COMPARISON_FIELDS
            if f not in ("email_name", "domain_org")]


@st.composite
def book(draw):
    """The clustering tests' books, with towns, streets, postcodes and titles drawn in."""
    rows = draw(address_book())
    for row in rows:
        row.update(city=draw(st.sampled_from([None, "London", "Leeds"])),
                   street_key=draw(st.sampled_from([None, "1 high st", "2 mill ln"])),
                   postcode_key=draw(st.sampled_from([None, "ls1 4ap", "n1 9gu"])),
                   title=draw(st.sampled_from([None, "engineer", "software engineer"])))
    return rows


def _levels(recs: pl.DataFrame) -> pl.DataFrame:
    feats = features.build(recs)
    pairs, _ = blocking.candidate_pairs(feats)
    scored = compare.score(pairs, feats, columns=SCORED_COLUMNS)
    rid = feats["record_id"]
    return scored.select(rid.gather(scored["l"]).alias("a"), rid.gather(scored["r"]).alias("b"),
                         *PER_PAIR)


def _book_and_subset(rows: list[dict], keep: list[bool]) -> tuple[pl.DataFrame, pl.DataFrame]:
    whole = records(rows)
    return whole, whole.filter(pl.Series(keep[: whole.height]))


@settings(max_examples=60, deadline=None)
@given(rows=book(), keep=st.lists(st.booleans(), min_size=12, max_size=12))
def test_feature_rows_do_not_depend_on_other_records(rows, keep):
    whole, some = _book_and_subset(rows, keep)
    full = features.build(whole).drop("idx")
    part = features.build(some).drop("idx")
    expected = full.join(part.select("record_id"), on="record_id", how="semi")
    assert part.sort("record_id").equals(expected.sort("record_id"))


@settings(max_examples=30, deadline=None)
@given(rows=book(), keep=st.lists(st.booleans(), min_size=12, max_size=12))
def test_pair_levels_do_not_depend_on_other_records(rows, keep):
    whole, some = _book_and_subset(rows, keep)
    full, part = _levels(whole), _levels(some)
    # pairs both books propose (a block cap can drop or add a pair; that is blocking's business)
    both = part.join(full, on=["a", "b"], how="inner", suffix="_whole")
    assert both.height == part.join(full, on=["a", "b"], how="semi").height
    for col in PER_PAIR:
        assert both[col].equals(both[f"{col}_whole"].alias(col)), col
