"""A re-dated night's people tables written with only their dated columns encoded
(pipeline.parquet_splice): the file is the one a full write makes, byte for byte, and a crash
half-way leaves the current run as it was."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
from pathlib import Path

import polars as pl
import pytest
from test_incremental import (
    DAY,
    first_run,
    full_and_incremental,
    home,
    kith_run,
    outputs,
    worksheets,
)
from test_refresh import kith_process

from pipeline import parquet_splice, redate
from pipeline.outputs import write_parquet
from pipeline.textfmt import fmt


def frame(n: int) -> pl.DataFrame:
    """Strings (dictionary-encoded and not), lists with nulls, dates, numbers, booleans: more
    rows than one row group holds. Built by column expressions: row by row in Python, the
    300,001 rows took ~3 s of CPU per frame, four frames a run of the suite."""
    i = pl.int_range(n, eager=True)
    filled = i % 3 != 0
    # e-mail lists gathered for the filled rows only: a null list then holds no values, as one
    # built from Python's None (when/then keeps the values under a null, the writer writes them)
    emails = pl.concat_list(fmt("{}@x.org", i.filter(filled)), pl.lit("a")).alias("emails")
    return pl.select(
        person_id=fmt("p{}", i.cast(pl.String).str.zfill(7)),
        name=(i % 997).cast(pl.String) + " name",
        emails=pl.select(emails).to_series().gather(
            pl.select(pl.when(filled).then(filled.cum_sum() - 1)).to_series()),
        warmth=(i * 7 % 101).cast(pl.Float64) / 100,
        reason=pl.when(i % 5 != 0).then(fmt("messaged {} times", i % 13)),
        last=pl.lit(dt.date(2020, 1, 1)) + pl.duration(days=i % 900),
        dormant=(i % 4) == 0,
        networks=pl.when(i % 2 != 0).then(pl.lit(["peer"])).otherwise(
            pl.lit([], pl.List(pl.String))),
    )


def moved(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(warmth=pl.col("warmth") * 0.9, reason=pl.col("reason") + " (moved)",
                           last=pl.col("last") + pl.duration(days=1), dormant=~pl.col("dormant"))


DATED = ("warmth", "reason", "last", "dormant")


def footer_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    (n,) = struct.unpack("<I", data[-8:-4])
    return data[-8 - n:-8]


def test_footer_reads_and_writes_back_the_same_bytes(tmp_path):
    path = tmp_path / "t.parquet"
    write_parquet(frame(1000), path)
    buf = bytearray()
    parquet_splice.write_struct(parquet_splice.read_footer(path), buf)
    assert bytes(buf) == footer_bytes(path)


@pytest.mark.parametrize("rows", [0, 1, 10, 300_001, "nulls"])
def test_spliced_file_is_the_full_write_byte_for_byte(tmp_path, rows):
    if rows == "nulls":  # every dated value gone
        before = frame(1000)
        after = before.with_columns(pl.lit(None).cast(before[c].dtype).alias(c) for c in DATED)
    else:
        before, after = (f.head(rows) for f in (frame(max(rows, 10)), moved(frame(max(rows, 10)))))
    previous, spliced, full = tmp_path / "prev.parquet", tmp_path / "new.parquet", \
        tmp_path / "full.parquet"
    write_parquet(before, previous)
    write_parquet(after, full)
    assert parquet_splice.write_spliced(after, spliced, previous, DATED, write_parquet,
                                        check=("person_id",))
    assert spliced.read_bytes() == full.read_bytes()
    back = pl.read_parquet(spliced)
    assert back.equals(after) and back.schema == after.schema
    assert pl.read_parquet(spliced, columns=["reason", "person_id"]).equals(
        after.select("reason", "person_id"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.parquet", "new.parquet",
                                                          "prev.parquet"]


@pytest.mark.parametrize("misfit", ["rows", "order", "schema", "not parquet", "missing"])
def test_a_previous_file_that_does_not_fit_is_not_used(tmp_path, misfit):
    """The caller then writes in full: nothing is written, no part file is left."""
    after = moved(frame(500))
    previous = tmp_path / "prev.parquet"
    if misfit == "rows":
        write_parquet(frame(499), previous)
    elif misfit == "order":
        write_parquet(frame(500).reverse(), previous)
    elif misfit == "schema":
        write_parquet(frame(500).drop("networks"), previous)
    elif misfit == "not parquet":
        previous.write_bytes(b"PAR1 not really")
    out = tmp_path / "new.parquet"
    assert not parquet_splice.write_spliced(after, out, previous, DATED, write_parquet,
                                            check=("person_id",))
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ([] if misfit == "missing"
                                                    else ["prev.parquet"])


def spy(monkeypatch) -> list[tuple[str, bool]]:
    """(the table written, spliced or not) for each write_spliced call."""
    calls: list[tuple[str, bool]] = []
    real = parquet_splice.write_spliced

    def watched(frame, path, *args, **kwargs):
        ok = real(frame, path, *args, **kwargs)
        calls.append((f"{path.parent.name}/{path.name}", ok))
        return ok

    monkeypatch.setattr(parquet_splice, "write_spliced", watched)
    return calls


def test_redated_nights_splice_both_people_tables_and_equal_a_full_run(exports, tmp_path,
                                                                      monkeypatch):
    """Night after night, tag's and outreach's people tables are written from the current
    run's tag table plus the dated columns; every table and worksheet is a full run's."""
    calls = spy(monkeypatch)
    h = home(tmp_path, exports)
    kith_run(h, DAY, incremental=True)
    # a first run has no earlier run to splice from: only its own derived tables (dedupe's
    # records from normalize's, the people tables from the stage before's:
    # derived_writes.DERIVED)
    assert sorted(calls) == [("dedupe/records.parquet", True),
                             ("outreach/people.parquet", True), ("tag/people.parquet", True)]
    for n in (1, 2):
        calls.clear()
        inc = kith_run(h, DAY + dt.timedelta(days=n), incremental=True)
        assert inc.stages["tag"]["redated_from"]
        assert sorted(calls) == [("outreach/people.parquet", True),
                                 ("tag/people.parquet", True)]
    twin, _, _ = full_and_incremental(tmp_path, h, DAY + dt.timedelta(days=3))
    assert outputs(h) == outputs(twin)
    assert worksheets(h) == worksheets(twin)
    for rel in ("stages/tag/people.parquet", "stages/outreach/people.parquet"):
        assert (h / "out" / "current" / rel).read_bytes() == \
            (twin / "out" / "current" / rel).read_bytes(), rel


def test_people_splice_reads_the_current_tag_table(tmp_path):
    splice = redate.people_splice(tmp_path)
    assert splice.previous == tmp_path / "current" / "stages" / "tag" / "people.parquet"
    assert set(redate.ACTIVITY) < set(splice.fresh) and splice.check == ("person_id",)


@pytest.mark.parametrize("where", ["after-tag", "after-outreach", "before-publish"])
def test_a_night_killed_half_way_leaves_the_current_run(first_runs, tmp_path, where):
    """The night's people files are new files in the run's own folder: the current run's
    (which they copy from, and which the new run's folder starts as hard links to) keep their
    bytes, stay current, and the next night still equals a full run."""
    h, _exports = first_run(first_runs)  # made once, copied in place with its hard links
    current = (h / "out" / "current").resolve()
    kept = {p: p.read_bytes() for p in sorted(current.rglob("*.parquet"))}
    before = outputs(h)
    night = (DAY + dt.timedelta(days=1)).isoformat()
    proc = kith_process("run", "--config", str(h / "kith.toml"), "--as-of", night, "-q",
                        env={"KITH_TEST_CRASH_AT": where})
    assert proc.returncode == -9, proc.stderr
    assert (h / "out" / "current").resolve() == current
    assert {p: p.read_bytes() for p in kept} == kept
    assert outputs(h) == before
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    kith_run(twin, DAY + dt.timedelta(days=1), incremental=False)
    assert kith_run(h, DAY + dt.timedelta(days=1), incremental=True).stages["tag"][
        "redated_from"]
    assert outputs(h) == outputs(twin)
