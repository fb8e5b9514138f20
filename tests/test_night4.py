"""Session 18 (night4): a re-dated night reads only the people columns it uses
(redate.NIGHT_PEOPLE) and writes its people tables with the others copied from the current
run's file; its network CSVs make the card texts of only the rows they encode again. Each is
checked against what it replaces: the full frame's write, the whole texts, a `--full` run."""

from __future__ import annotations

import datetime as dt
import shutil
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental import DAY, home, kith_run, outputs, worksheets
from test_parquet_splice import DATED, frame, moved

from pipeline import parquet_splice, redate, schema, stage_runs
from pipeline.notes import ledger
from pipeline.outputs import Splice, Staging, write_parquet
from pipeline.tagging import targets
from pipeline.worksheets import render
from pipeline.worksheets import rows as R

NARROW = ["person_id", *DATED]  # frame()'s columns a night would hold, in the file's order


@pytest.mark.parametrize("rows", [1, 10, 300_001])
def test_a_narrow_frame_spliced_is_the_whole_frames_write(tmp_path, rows):
    """Only some of the file's columns in the frame: the others are copied from `previous`,
    and the file is byte for byte the full frame's (on main: not spliced at all)."""
    before, after = (f.head(rows) for f in (frame(max(rows, 10)), moved(frame(max(rows, 10)))))
    previous, spliced, full = (tmp_path / f"{n}.parquet" for n in ("prev", "new", "full"))
    write_parquet(before, previous)
    write_parquet(after, full)
    assert parquet_splice.write_spliced(after.select(NARROW), spliced, previous, DATED,
                                        write_parquet, check=("person_id",))
    assert spliced.read_bytes() == full.read_bytes()


def test_a_narrow_frame_in_another_order_or_type_is_not_spliced(tmp_path):
    after = moved(frame(50))
    previous = tmp_path / "prev.parquet"
    write_parquet(frame(50), previous)
    out = tmp_path / "new.parquet"
    for narrow in (after.select("warmth", "person_id", "reason"),
                   after.select("person_id", pl.col("warmth").cast(pl.Float32))):
        assert not parquet_splice.write_spliced(narrow, out, previous, DATED, write_parquet,
                                                check=("person_id",))
        assert not out.exists()


@pytest.mark.parametrize("rows", ["same", "reordered", "repeated"])
def test_completed_is_the_whole_frame(tmp_path, rows):
    """A narrow frame's other columns read from the file: row for row when the ids line up,
    else by id (a person listed twice in the notes repeats a row)."""
    before = frame(40)
    previous = tmp_path / "prev.parquet"
    write_parquet(before, previous)
    whole = moved(before)
    if rows == "reordered":
        whole = whole.reverse()
    elif rows == "repeated":
        whole = pl.concat([whole.head(3), whole.slice(2, 38)])
    got = parquet_splice.completed(whole.select(NARROW), previous, ("person_id",))
    assert got.equals(whole) and got.columns == before.columns


def test_staging_writes_a_narrow_frame_whole_when_it_cannot_splice(tmp_path, monkeypatch):
    """The fall-back write of a re-dated night's people table has every column (on main it
    wrote the narrow frame as it was)."""
    previous = tmp_path / "prev.parquet"
    write_parquet(frame(30), previous)
    after = moved(frame(30))
    monkeypatch.setattr(parquet_splice, "write_spliced", lambda *a, **k: False)
    stage = SimpleNamespace(dir=tmp_path / "run", files=[])
    Staging.table(stage, after.select(NARROW), "people.parquet",
                  Splice(previous, DATED, check=("person_id",)))
    assert pl.read_parquet(tmp_path / "run" / "people.parquet").equals(after)


def test_night_people_hold_every_column_a_night_reads_or_writes():
    """What the re-dating, the target paths (which skip a missing column without a word),
    companies, the notes and ledger, and the worksheets' rows and introductions read."""
    reads = {*redate.PEOPLE_DATED, *targets._PEOPLE_COLUMNS, *R.ROW_PEOPLE,
             *ledger._APPLY_READS, "display_name", "warmth", "networks", "sources",
             "connected_on", "labels", "title", "function", "seniority", "organization",
             "org_key"}
    assert reads <= set(redate.NIGHT_PEOPLE) <= set(schema.PEOPLE)


def test_a_night_holds_only_night_people_and_equals_a_full_run(exports, tmp_path,
                                                               monkeypatch):
    """The next day and a week later (across the month's end): the tag and outreach people
    frames hold NIGHT_PEOPLE only, and every table and worksheet is a `--full` run's (people
    whose dated values moved and people whose did not, both in the people tables)."""
    h = home(tmp_path, exports)
    first = dt.date(2025, 3, 27)
    kith_run(h, first, incremental=True)
    held = []
    outreach = stage_runs.RUNNERS["outreach"]

    def seen(ctx):
        produced = outreach(ctx)
        held.append((ctx.tables["tag"]["people"].columns, produced["people"].columns))
        return produced

    monkeypatch.setitem(stage_runs.RUNNERS, "outreach", seen)
    before = pl.read_parquet(h / "out" / "people.parquet")
    for day in (first + dt.timedelta(days=1), first + dt.timedelta(days=8)):
        inc = kith_run(h, day, incremental=True)
        assert "redated_from" in inc.stages["tag"]
        narrow = [c for c in schema.PEOPLE if c in redate.NIGHT_PEOPLE]
        assert held[-1] == (narrow, narrow)
        twin = tmp_path / f"twin-{day}"
        shutil.copytree(h, twin, symlinks=True)
        kith_run(twin, day, incremental=False)
        assert outputs(h) == outputs(twin)
        assert worksheets(h) == worksheets(twin)
    after = pl.read_parquet(h / "out" / "people.parquet")
    moved_warmth = (after["warmth"] != before["warmth"]).fill_null(False)
    assert moved_warmth.any() and not moved_warmth.all()
    assert after.drop(*redate.PEOPLE_DATED).equals(before.drop(*redate.PEOPLE_DATED))


TEXT = st.one_of(st.none(), st.sampled_from(["", "Ann", "=1+2", "-3", "a, b", "x\ny", "é"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, st.booleans(), st.lists(TEXT, max_size=3)), min_size=1,
                max_size=25), st.data())
def test_card_texts_of_some_rows_are_the_whole_texts_rows(people, data):
    """_CardText(whole=False): the texts of the rows a file encodes again, and the dated
    texts of every row, are those of the whole texts (as_text is value by value)."""
    n = len(people)
    cols = {}
    for i, name in enumerate(R.CARD_CSV):
        if name == "dnc":
            cols[name] = pl.Series([p[1] for p in people], dtype=pl.Boolean)
        elif name == "emails_all":
            cols[name] = pl.Series([p[2] for p in people], dtype=pl.List(pl.String))
        else:
            cols[name] = pl.Series([people[(k + i) % n][0] for k in range(n)], dtype=pl.String)
    rows = pl.DataFrame(cols)
    at = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=30)), dtype=np.int64)
    whole = render._CardText(rows)()
    part = render._CardText(rows, whole=False)
    assert part.gather(at).equals(whole[at])
    dated = render._dated_csv(DAY)
    assert part.dated(dated).equals(whole.select(dated))
    assert part.text is None  # nothing made for every row but the dated texts
