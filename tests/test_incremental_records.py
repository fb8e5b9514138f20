"""Per-record normalize reuse (pipeline.incremental.records): the records of a refresh whose
exports gained, lost and changed rows, taken row by row from the current run's where the raw
row is the same, equal what normalising every row gives, ids included."""

from __future__ import annotations

import contextlib

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Limits
from pipeline.incremental import records as inc
from pipeline.stages.ingest import ingest
from pipeline.stages.normalize import normalize_records
from pipeline.synth.__main__ import main as synth_main


@pytest.fixture(scope="module")
def contacts(tmp_path_factory) -> pl.DataFrame:
    """The raw contacts of a small synthetic address book (three sources, every field kind)."""
    out = tmp_path_factory.mktemp("synth")
    with contextlib.redirect_stdout(None):  # the generator in this process: its output only
        synth_main(["--people", "120", "--seed", "5", "--out", str(out / "exports")])
    res = ingest([out / "exports"], exclude=[], limits=Limits(), workers=1)
    assert res.contacts.height > 150
    return res.contacts


@pytest.fixture(scope="module")
def previous(contacts) -> pl.DataFrame:
    return normalize_records(contacts, default_region="US")


# One edit of a raw row: which column, and the new value's kind.
EDITS = st.sampled_from([
    ("given_name", "Zoë"), ("family_name", "O'Neil"), ("organization", "Initech LLC"),
    ("title", "changed"), ("emails", ["new.person+tag@gmail.com"]), ("phones", ["+44 20 7946 0958"]),
    ("phones", []), ("labels", ["* myContacts", "Friends"]), ("birthday", "1980-02-29"),
    ("linkedin_url", None), ("connected_on", "07 Feb 2026"), ("street", "12 Main Street"),
])


def _edit(frame: pl.DataFrame, rows: list[int], edits: list[tuple[str, object]]) -> pl.DataFrame:
    for i, (column, value) in zip(rows, edits, strict=False):
        dtype = frame.schema[column]
        frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == i)
                                   .then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column))
                                   .alias(column))
    return frame


def _renumbered(frame: pl.DataFrame) -> pl.DataFrame:
    """source_row as ingest numbers a file's rows: 0.. in order, per file."""
    return frame.with_columns(source_row=pl.int_range(pl.len(), dtype=pl.Int64)
                              .over("source_file"))


def changed_rows(data, frame: pl.DataFrame, edit, edits) -> tuple[pl.DataFrame, int]:
    """`frame` as a later export of it: rows deleted, rows edited (`edit(frame, rows,
    changes)` applies values drawn from `edits`) and copies of rows added (some edited) at the
    end of their own file, renumbered as ingest numbers them; and how many rows at least were
    left untouched."""
    n = frame.height
    deleted = data.draw(st.sets(st.integers(0, n - 1), max_size=12))
    edited = data.draw(st.lists(st.integers(0, n - 1), max_size=12))
    changes = data.draw(st.lists(edits, min_size=len(edited), max_size=len(edited)))
    # added: copies of rows (a repeated natural key: the copies' ids get occurrence numbers)
    copied = data.draw(st.lists(st.integers(0, n - 1), max_size=8))
    copy_edits = data.draw(st.lists(edits, max_size=len(copied)))
    kept = edit(frame, edited, changes).filter(~pl.int_range(pl.len()).is_in(sorted(deleted)))
    added = edit(frame[copied], list(range(len(copy_edits))), copy_edits)
    new = _renumbered(pl.concat([kept, added]).sort("source_file", maintain_order=True))
    return new, kept.height - len(set(edited))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_reused_records_equal_normalising_every_row(contacts, previous, data):
    new, untouched = changed_rows(data, contacts, _edit, EDITS)
    got, reused = inc.normalize_records(new, default_region="US", previous=previous)
    want = normalize_records(new, default_region="US")
    assert got.equals(want)
    assert reused >= untouched  # every untouched row was taken, not redone
    assert got.schema == want.schema


def test_nothing_reusable_normalises_every_row(contacts, previous):
    other = previous.with_columns(given_name=pl.lit("someone else"))
    got, reused = inc.normalize_records(contacts, default_region="US", previous=other)
    assert reused == 0
    assert got.equals(normalize_records(contacts, default_region="US"))


def test_colliding_hash_is_checked_column_by_column(contacts, previous, monkeypatch):
    """Rows whose hash matches but whose raw columns differ are normalised, not taken: with
    every row hashing alike, only true equals are reused."""
    monkeypatch.setattr(pl.DataFrame, "hash_rows",
                        lambda self, *a, **k: pl.Series([0] * self.height, dtype=pl.UInt64))
    edited = contacts.with_columns(title=pl.lit("all new"))
    got, reused = inc.normalize_records(edited, default_region="US", previous=previous)
    assert got.equals(normalize_records(edited, default_region="US"))
    assert reused <= contacts.filter(pl.col("title") == "all new").height


def test_other_default_region_or_kith_reuses_nothing(tmp_path):
    fp = {"kith": "1/2/3", "default_region": "US"}
    assert inc.previous_records(tmp_path, fp, {**fp, "default_region": "GB"}) is None
    assert inc.previous_records(tmp_path, fp, {**fp, "kith": "9/9/9"}) is None
    assert inc.previous_records(tmp_path, None, fp) is None
    assert inc.previous_records(tmp_path, fp, fp) is None  # no current run's table
