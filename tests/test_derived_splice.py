"""A run's stage tables whose rows are an earlier stage's (dedupe's records are normalize's with
person ids, tag's people dedupe's with the tag columns) are written with only the columns
that changed encoded, the others copied from the earlier file (run.DERIVED): every table
holds what a full write of it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from test_incremental import DAY, home, kith_run

from pipeline import derived_writes, parquet_splice
from pipeline.outputs import Released


def tables(h: Path) -> dict[str, pl.DataFrame]:
    current = (h / "out" / "current").resolve()
    return {str(p.relative_to(current)): pl.read_parquet(p)
            for p in sorted(current.rglob("*.parquet"))}


def test_derived_tables_are_spliced_and_hold_a_full_write(exports, tmp_path, monkeypatch):
    calls = []
    real = parquet_splice.write_spliced

    def watched(frame, path, previous, fresh, *args, **kwargs):
        ok = real(frame, path, previous, fresh, *args, **kwargs)
        calls.append((f"{path.parent.name}/{path.name}", previous.parent.name, tuple(fresh), ok))
        return ok

    monkeypatch.setattr(parquet_splice, "write_spliced", watched)
    h = home(tmp_path, exports)
    twin = tmp_path / "twin"
    shutil.copytree(h, twin)
    kith_run(h, DAY, incremental=False)
    by_table = {c[0]: c for c in calls}
    assert set(by_table) == {"dedupe/records.parquet", "tag/people.parquet",
                             "outreach/people.parquet"}
    assert by_table["dedupe/records.parquet"][1:] == ("normalize", ("person_id",), True)
    tag = by_table["tag/people.parquet"]
    assert tag[1] == "dedupe" and tag[3] and "networks" in tag[2]
    assert "person_id" not in tag[2] and "display_name" not in tag[2]
    outreach = by_table["outreach/people.parquet"]
    assert outreach[1] == "tag" and outreach[3] and "person_id" not in outreach[2]
    monkeypatch.setattr(derived_writes, "DERIVED", {})  # the same run, every table written in full
    calls.clear()
    kith_run(twin, DAY, incremental=False)
    assert calls == []
    mine, full = tables(h), tables(twin)
    assert mine.keys() == full.keys()
    for rel, frame in mine.items():
        assert frame.schema == full[rel].schema and frame.equals(full[rel]), rel


class _Ctx:
    def __init__(self, tables: dict, staging_dir: Path) -> None:
        self.tables = tables
        self.staging = type("S", (), {"path": lambda _self, rel: staging_dir / rel})()


def test_derived_splice_names_exactly_the_changed_columns(tmp_path):
    before = pl.DataFrame({"record_id": ["a", "b", "c"], "person_id": ["a", "b", "c"],
                           "emails": [["x"], None, []], "n": [1, None, 3]})
    after = before.with_columns(person_id=pl.Series(["a", "a", "c"]))
    ctx = _Ctx({"normalize": {"records": before}}, tmp_path)
    frame, path = derived_writes.derived_source(ctx, "dedupe", "records", after)
    assert frame is before and path == tmp_path / "stages" / "normalize" / "records.parquet"
    assert derived_writes.derived_splice(after, frame, path).fresh == ("person_id",)
    # null in one, a value in the other: changed
    changed = after.with_columns(n=pl.Series([1, 2, 3]))
    assert derived_writes.derived_splice(changed, frame, path).fresh == ("person_id", "n")
    # nothing in common: written in full
    other = before.with_columns(pl.all().reverse())
    assert derived_writes.derived_splice(other, frame, path) is None


def test_no_derived_source_without_the_source_frame(tmp_path):
    frame = pl.DataFrame({"record_id": ["a", "b"], "person_id": ["a", "b"]})
    for tables in ({},  # the earlier stage was not computed
                   {"normalize": object()},  # read back from disk (refresh.StageTables)
                   {"normalize": {"records": Released(2)}},  # dropped once written
                   {"normalize": {"records": frame.head(1)}},  # other rows
                   {"normalize": {"records": frame.rename({"person_id": "other"})}}):
        assert derived_writes.derived_source(_Ctx(tables, tmp_path), "dedupe", "records",
                                             frame) is None
    empty = {"normalize": {"records": frame.clear()}}  # no rows: nothing to save
    assert derived_writes.derived_source(_Ctx(empty, tmp_path), "dedupe", "records",
                                         frame.clear()) is None
    # a table without a source is written in full
    assert derived_writes.derived_source(_Ctx({"normalize": {"records": frame}}, tmp_path),
                                         "tag", "networks", frame) is None
