"""The notes sync keeps the rows it would not change without its row loop
(pipeline.notes.quiet_rows): the file it writes and the notes it returns are those the loop
alone gives, whatever the rows, people and merges."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schema
from pipeline.notes import notes_file
from pipeline.notes.notes_file import HEADER, plan_sync

IDS = [f"p_{i}" for i in range(8)]
NAMES = ["Ada Lovelace", "", "=cmd()", "+1 555 0134", "Zoë Ø", "-x", "Bob"]
PID_CELLS = [*IDS, "", " p_1", "p_9"]
FOLLOW_UPS = ["", "2025-03-01", "soon", " ", "01/02/2025", "2025-03-01 00:00:00"]
STATUSES = ["active", "gone", "", "active; follow_up is not a date kith can read"]

row = st.fixed_dictionaries({
    "person_id": st.sampled_from(PID_CELLS),
    "name": st.sampled_from(NAMES),
    "need": st.sampled_from(["", "", "a job"]),
    "follow_up": st.sampled_from(FOLLOW_UPS),
    "kith_status": st.sampled_from(STATUSES),
    "kith_flag": st.sampled_from(["", "merged from p_2: review"]),
})
people = st.dictionaries(st.sampled_from(IDS), st.sampled_from([*NAMES, None]), max_size=8)
lineage = st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS),
                             st.sampled_from(["same", "merged", "split", "gone"])), max_size=4)


def _write(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows([[r.get(c, "") for c in HEADER] for r in rows])
    path.write_text(buf.getvalue(), "utf-8")


def _sync(path: Path, who: dict, moves: list, screen: bool):
    frame = pl.DataFrame({"person_id": list(who), "display_name": list(who.values())},
                         schema={"person_id": pl.String, "display_name": pl.String})
    lin = schema.conform(pl.DataFrame(
        {"previous_person_id": [m[0] for m in moves], "person_id": [m[1] for m in moves],
         "change": [m[2] for m in moves]},
        schema={"previous_person_id": pl.String, "person_id": pl.String, "change": pl.String}),
        schema.LINEAGE)
    original = notes_file.quiet_rows
    if not screen:
        notes_file.quiet_rows = lambda *a: None  # the row loop alone
    try:
        return plan_sync(path, frame, lin)
    finally:
        notes_file.quiet_rows = original


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(row, max_size=12), who=people, moves=lineage)
def test_sync_with_quiet_rows_equals_the_row_loop(rows, who, moves):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.csv"
        _write(path, rows)
        fast = _sync(path, who, moves, screen=True)
        slow = _sync(path, who, moves, screen=False)
    assert fast.prepared.changed == slow.prepared.changed
    assert fast.prepared.table.text() == slow.prepared.table.text()
    assert fast.notes.equals(slow.notes)
    assert fast.moves == slow.moves


def test_a_synced_file_is_kept_row_for_row(tmp_path):
    """The second sync of the same people finds every row of the first as it left it."""
    path = tmp_path / "notes.csv"
    who = {"p_1": "Ada Lovelace", "p_2": "=cmd()", "p_3": None, "p_4": "Bob"}
    first = _sync(path, who, [], screen=True)
    notes_file.commit_sync(first)
    again = _sync(path, who, [], screen=True)
    assert not again.prepared.changed
    # the formula-like name goes through the loop (it decides how it is written)
    assert again.rows_kept == 3


def _lineage_maps_by_loop(lineage: pl.DataFrame, alive: set[str]):
    """notes_file._lineage_maps as it was before only the rows that move an id were read."""
    moves: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    for prev, new, change in lineage.select("previous_person_id", "person_id", "change").rows():
        if not prev or not new:
            continue
        if change in ("merged", "same") and new != prev:
            moves[prev] = new
        elif change == "split" and new != prev:
            parts.setdefault(prev, []).append(new)
    splits = {p: sorted(v) for p, v in parts.items() if p not in moves}
    return (moves, {p: v for p, v in splits.items() if p in alive},
            {p: v for p, v in splits.items() if p not in alive})


cell = st.sampled_from([*IDS, "", None])


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(cell, cell, st.sampled_from(["same", "merged", "split", "gone"])),
                     max_size=10), alive=st.sets(st.sampled_from(IDS)))
def test_lineage_maps_equal_the_loop_over_every_row(rows, alive):
    lin = pl.DataFrame(rows, schema={"previous_person_id": pl.String, "person_id": pl.String,
                                     "change": pl.String}, orient="row")
    assert notes_file._lineage_maps(lin, alive) == _lineage_maps_by_loop(lin, alive)
