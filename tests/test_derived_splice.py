"""A run's stage tables whose rows are an earlier stage's (dedupe's records are normalize's with
person ids, tag's people dedupe's with the tag columns) are written with only the columns
that changed encoded, the others copied from the earlier file (run.DERIVED): every table
holds what a full write of it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
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


def _frames_of_every_kind() -> pl.DataFrame:
    chunk = pl.DataFrame({
        "s": ["a", None, "ccc" * 10], "i": [1, None, 3], "l": [["x"], None, []],
        "st": [{"k": 1}, None, {"k": 3}], "c": pl.Series(["u", "v", "u"], dtype=pl.Categorical),
        "e": pl.Series(["p", "q", None], dtype=pl.Enum(["p", "q"])), "d": [None, 1.5, 2.0]})
    return pl.concat([chunk, chunk.reverse()], rechunk=False)  # two chunks a column


def test_a_passed_through_column_is_equal_without_comparing_values(monkeypatch):
    before = _frames_of_every_kind()
    compared = []
    real = pl.Series.equals

    def counted(self, other, **kwargs):
        compared.append(self.name)
        return real(self, other, **kwargs)

    monkeypatch.setattr(pl.Series, "equals", counted)
    passed = before.with_columns(pl.lit(1).alias("new"))
    assert all(derived_writes._equal(passed[c], before[c]) for c in before.columns)
    # seen from the buffers alone; Arrow exports a struct's and a categorical's as copies,
    # so those two are compared by value (right, only slower)
    assert set(compared) <= {"st", "c"} and {"s", "i", "l", "e", "d"}.isdisjoint(compared)
    # the same values in other memory: compared, and equal
    copied = before.select(pl.all().reverse().reverse())
    assert all(derived_writes._equal(copied[c], before[c]) for c in before.columns)
    # a slice of the same memory at another offset is not the column
    shifted = pl.concat([before.slice(1), before.slice(0, 1)], rechunk=False)
    assert not any(derived_writes._equal(shifted[c], before[c]) for c in ("s", "i", "l", "st"))


@given(st.lists(st.one_of(st.none(), st.text(max_size=5)), min_size=1, max_size=30),
       st.integers(0, 29), st.text(max_size=5))
@settings(max_examples=60, deadline=None)
def test_equal_is_value_equality(values, at, replacement):
    """Whatever the memory, _equal says what Series.equals says."""
    before = pl.DataFrame({"v": values})
    edited = list(values)
    edited[at % len(values)] = replacement
    for after in (before, pl.DataFrame({"v": edited}), before.with_columns(pl.col("v")),
                  pl.DataFrame({"v": list(values)})):
        assert derived_writes._equal(after["v"], before["v"]) == after["v"].equals(
            before["v"], null_equal=True)
