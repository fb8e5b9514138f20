"""The worksheets computed in two threads (pipeline.worksheets.render._side_pool) equal those
computed in one; the members' positions the lists carry equal those found by joining; a CSV
row's length is found the same way with or without newlines in its fields."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.incremental import worksheet_csv as W
from pipeline.incremental import worksheet_rows
from pipeline.worksheets import render as RN

_spec = importlib.util.spec_from_file_location(
    "bench_worksheets", Path(__file__).parents[1] / "bench" / "bench_worksheets.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _render(folder: Path, frames: dict, side_from: int, monkeypatch):
    monkeypatch.setattr(RN, "SIDE_THREAD_FROM", side_from)
    keep: dict = {}
    memo = worksheet_rows.Memo()
    written = RN.render(folder, people=frames["people"], networks=frames["networks"],
                        targets=frames["targets"], review=frames["review"],
                        notes=frames["notes"], reciprocity=frames["reciprocity"],
                        changes=frames["changes"], refreshed_at="then", as_of=bench.AS_OF,
                        page_size=50, max_cards=400, keep=keep, memo=memo)
    return written, keep, memo


def test_two_threads_write_the_same_worksheets_as_one(tmp_path, monkeypatch):
    frames = bench.frames(3000, seed=5)
    one = _render(tmp_path / "one", frames, 10**9, monkeypatch)  # the calling thread only
    two = _render(tmp_path / "two", frames, 1, monkeypatch)  # the second thread
    assert one[0] == two[0] and len(one[0]) > 20
    for rel in one[0]:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel
    assert one[1]["introductions"].equals(two[1]["introductions"])
    assert one[2].fresh.keys() == two[2].fresh.keys()
    for rel, frame in one[2].fresh.items():
        assert frame.equals(two[2].fresh[rel]), rel


def test_a_failure_in_the_second_thread_surfaces(tmp_path, monkeypatch):
    frames = bench.frames(200, seed=1)

    def broken(*args):
        raise RuntimeError("side")

    monkeypatch.setattr(RN.enrichment, "frames", broken)
    for side_from in (1, 10**9):
        monkeypatch.setattr(RN, "SIDE_THREAD_FROM", side_from)
        try:
            RN.render(tmp_path / str(side_from), **{k: frames[k] for k in (
                "people", "networks", "targets", "review", "notes", "reciprocity", "changes")},
                refreshed_at="then", as_of=bench.AS_OF)
        except RuntimeError as exc:
            assert str(exc) == "side"
        else:
            raise AssertionError("the failure was lost")


def test_positions_carried_by_the_lists_equal_those_found_by_joining():
    frames = bench.frames(2000, seed=3)
    rows, lists, at = worksheet_rows.rows_and_lists(
        frames["people"], frames["networks"], frames["notes"], frames["reciprocity"],
        bench.AS_OF, None)
    assert at is not None and at.keys() == lists.keys()
    no_memo = type("Nets", (), {"previous": None})()
    for net, members in lists.items():
        assert members.columns == ["person_id", "reasons"]
        assert at[net].dtype == np.int64
        assert np.array_equal(at[net], RN._positions(rows, members, no_memo, net)), net
        assert rows["person_id"].gather(at[net]).equals(members["person_id"])


def test_rows_from_the_memo_leave_the_positions_to_be_found():
    frames = bench.frames(500, seed=2)
    args = (frames["people"], frames["networks"], frames["notes"], frames["reciprocity"],
            bench.AS_OF)
    memo = worksheet_rows.Memo()
    rows, lists, _ = worksheet_rows.rows_and_lists(*args, memo)
    kept = worksheet_rows.Memo(memo.fresh[worksheet_rows.MEMO_ROWS],
                               memo.fresh[worksheet_rows.MEMO_LISTS],
                               memo.fresh[worksheet_rows.MEMO_NETWORKS]["network"].to_list())
    again, lists_again, at = worksheet_rows.rows_and_lists(*args, kept)
    assert kept.used and at is None
    assert again.equals(rows)
    assert all(lists_again[n].equals(f) for n, f in lists.items())


TEXT = st.text(alphabet=st.sampled_from(list("ab,\"\n\r é'=")), max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), max_size=12), st.booleans())
def test_each_rows_length_with_or_without_newlines_in_fields(cells, header):
    frame = pl.DataFrame({"a": [a for a, _ in cells], "b": [b for _, b in cells]},
                         schema={"a": pl.String, "b": pl.String})
    data, lengths = W.encode(frame, header)
    assert data == frame.write_csv(include_bom=header, include_header=header).encode()
    start = len(data) - int(lengths.sum())
    for i in range(frame.height):
        row = frame.slice(i, 1).write_csv(include_header=False).encode()
        assert data[start:start + lengths[i]] == row
        start += lengths[i]
