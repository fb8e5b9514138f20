"""Per-row interactions reuse (pipeline.incremental.interactions): the interactions of a
refresh whose LinkedIn export gained, lost and changed rows, taken row by row from the current
run's where the raw row is the same, equal what normalising every row gives, ids included; and
a whole run's night reuses them."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import shutil

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import kith_run
from test_incremental_changed_night import (
    DAY,
    assert_same_as_full,
    change_exports,
    rewrite_member,
    synth_home,
)
from test_incremental_records import changed_rows

from pipeline.config import Limits
from pipeline.incremental import interactions as inc
from pipeline.stages.ingest import ingest
from pipeline.stages.normalize import normalize_interactions
from pipeline.synth.__main__ import main as synth_main


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    with contextlib.redirect_stdout(None):  # the generator in this process: its output only
        synth_main(["--people", "300", "--seed", "5", "--out", str(out / "exports")])
    return out / "exports"


@pytest.fixture(scope="module")
def raw(book) -> pl.DataFrame:
    """The raw interactions of a small synthetic book (messages, invitations, endorsements)."""
    res = ingest([book], exclude=[], limits=Limits(), workers=1)
    assert res.interactions.height > 60
    return res.interactions


@pytest.fixture(scope="module")
def previous(raw) -> pl.DataFrame:
    return normalize_interactions(raw)


# One edit of a raw row: which column, and the new value (an unparsable date, a profile URL
# spelled another way, a counterpart without a URL, a repeated message's text...).
EDITS = st.sampled_from([
    ("occurred_raw", "2026-11-02 08:15:00 UTC"), ("occurred_raw", "not a date"),
    ("occurred_raw", None), ("counterpart_name", "Zoë O'Neil"), ("counterpart_name", None),
    ("counterpart_url", "https://www.linkedin.com/in/zoe-oneil-12ab/"),
    ("counterpart_url", "linkedin.com/in/ZOE-ONEIL-12AB"), ("counterpart_url", None),
    ("detail", "Hello again"), ("detail", None), ("direction", "incoming"),
    ("kind", "invitation"),
])


def _edit(frame: pl.DataFrame, rows: list[int], edits: list[tuple[str, object]]) -> pl.DataFrame:
    for i, (column, value) in zip(rows, edits, strict=False):
        frame = frame.with_columns(pl.when(pl.int_range(pl.len()) == i)
                                   .then(pl.lit(value, dtype=frame.schema[column]))
                                   .otherwise(pl.col(column)).alias(column))
    return frame


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_reused_interactions_equal_normalising_every_row(raw, previous, data):
    new, untouched = changed_rows(data, raw, _edit, EDITS)
    got, reused = inc.normalize_interactions(new, previous)
    want = normalize_interactions(new)
    assert got.schema == want.schema
    assert got.equals(want)
    assert reused >= untouched  # every untouched row taken, not redone


def test_colliding_hash_is_checked_column_by_column(raw, previous, monkeypatch):
    """Rows whose hash matches but whose raw columns differ are normalised, not taken."""
    monkeypatch.setattr(pl.DataFrame, "hash_rows",
                        lambda self, *a, **k: pl.Series([0] * self.height, dtype=pl.UInt64))
    edited = raw.with_columns(counterpart_name=pl.lit("Someone Else"))
    got, reused = inc.normalize_interactions(edited, previous)
    assert got.equals(normalize_interactions(edited))
    assert reused <= raw.filter(pl.col("counterpart_name") == "Someone Else").height


def test_other_kith_reuses_nothing(tmp_path):
    fp = {"kith": "1/2/3", "default_region": "US"}
    assert inc.previous_interactions(tmp_path, fp, {**fp, "kith": "9/9/9"}) is None
    assert inc.previous_interactions(tmp_path, None, fp) is None
    assert inc.previous_interactions(tmp_path, fp, fp) is None  # no current run's table


@pytest.mark.parametrize("messages_changed", [False, True])
def test_a_night_reuses_the_interactions_and_equals_full(first_runs, tmp_path,
                                                         messages_changed):
    """A night after the contacts changed (and the LinkedIn messages, or not) takes the
    unchanged interactions from the current run; every table, worksheet and the notes file
    are those of a --full twin."""
    # the first run made once per module, a fresh copy per case where it was made
    work = first_runs.fresh("seed-7", lambda folder: kith_run(synth_home(folder / "a", 7), DAY,
                                                              incremental=True))
    h = work / "a" / "home"
    exports = work / "a" / "exports"
    change_exports(exports, random.Random(7), 0.05)
    if messages_changed:  # one message gone, one new (as a later export would have)
        zipped = next(exports.glob("*.zip"))
        rewrite_member(zipped, "messages.csv", _one_message_swapped)
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    night_day = DAY + dt.timedelta(days=1)
    full = kith_run(twin, night_day, incremental=False)
    night = kith_run(h, night_day, incremental=True)
    assert "interactions_reused" not in full.stages["normalize"]
    n = night.stages["normalize"]["rows"]["interactions"]
    reused = night.stages["normalize"]["interactions_reused"]
    assert (0 < reused < n) if messages_changed else reused == n > 0
    assert_same_as_full(h, twin)


def _one_message_swapped(_name: str, data: bytes) -> bytes:
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    assert len(lines) > 3
    new = lines[1].replace("20", "19", 1)  # the first message again, sent on another date
    assert new != lines[1]
    return "".join([lines[0], *lines[2:], new]).encode("utf-8")
