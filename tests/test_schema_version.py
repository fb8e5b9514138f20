"""Every Parquet file kith writes carries the schema version; a stage table of another version
is rebuilt from the stage before it, with a message (never trusted, never a traceback)."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import schema
from pipeline.cli import main
from pipeline.outputs import table_version

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def kith(home: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--config", str(home / "kith.toml")])


@pytest.fixture
def home(first_runs, monkeypatch) -> Path:
    """A folder with a kith.toml and the run of data/sample: the run made once in this module,
    a fresh copy per test, working in the folder that run had (tests/home_copies.py)."""
    def make(work: Path) -> None:
        (work / "kith.toml").write_text('out = "out"\n', "utf-8")
        res = kith(work, "run", str(SAMPLE), "--as-of", "2025-12-01")
        assert res.exit_code == 0, res.output

    return first_runs.fresh_in_cwd("sample", make, monkeypatch)


def make_old(path: Path, version: str = "1") -> None:
    """Rewrite a table as an older kith would have (a new file: runs share files by links)."""
    frame = pl.read_parquet(path)
    tmp = path.with_name(path.name + ".old")
    frame.write_parquet(tmp, metadata={schema.VERSION_KEY: version})
    os.replace(tmp, path)


def test_every_table_carries_the_version(home):
    out = home / "out"
    files = [*out.glob("*.parquet"), *(out / "stages").rglob("*.parquet"),
             *(out / "state").glob("*.parquet")]
    assert len(files) > 20
    assert {table_version(p) for p in files} == {schema.SCHEMA_VERSION}


def test_an_old_stage_table_is_rebuilt_with_a_message(home):
    out = home / "out"
    before = pl.read_parquet(out / "people.parquet")
    make_old(out / "stages" / "normalize" / "records.parquet")
    res = kith(home, "dedupe", "--as-of", "2025-12-01")
    assert res.exit_code == 0, res.output
    assert "another kith version" in res.output and "normalize stage" in res.output
    assert table_version(out / "stages" / "normalize" / "records.parquet") == \
        schema.SCHEMA_VERSION
    after = pl.read_parquet(out / "people.parquet")
    assert after.drop("warmth", "warmth_reason").equals(before.drop("warmth", "warmth_reason"))


def test_an_old_ingest_table_needs_the_inputs(home):
    make_old(home / "out" / "stages" / "ingest" / "contacts.parquet", version="0")
    res = kith(home, "normalize")
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "kith run INPUT" in res.output
    (home / "kith.toml").write_text(f'inputs = ["{SAMPLE}"]\nout = "out"\n', "utf-8")
    res = kith(home, "normalize")
    assert res.exit_code == 0, res.output
    assert "ingest stage" in res.output


def test_a_damaged_stage_table_is_rebuilt(home):
    target = home / "out" / "stages" / "normalize" / "records.parquet"
    tmp = target.with_name("x.tmp")
    tmp.write_bytes(b"PAR1 garbage")
    os.replace(tmp, target)
    res = kith(home, "dedupe")
    assert res.exit_code == 0, res.output
    assert "Rebuilding it: this run starts at the normalize stage" in res.output
    assert pl.read_parquet(target).height > 0


def test_conform_of_a_conforming_frame_is_that_frame():
    """The shortcut for frames already in the schema's columns and types (no query) gives what
    the select of casts gives; a type that differs only in its parameters still casts."""
    import datetime as dt

    from polars.testing import assert_frame_equal

    frame = schema.conform(pl.DataFrame({"record_id": ["r_1"], "emails": [["a@x.org"]],
                                    "connected_on_date": [dt.date(2024, 1, 2)]}), schema.RECORDS)
    slow = frame.select(pl.col(c).cast(t) for c, t in schema.RECORDS.items())
    assert_frame_equal(schema.conform(frame, schema.RECORDS), slow)
    stamps = pl.DataFrame({"at": [dt.datetime(2024, 1, 2, 3, 4)]},
                          schema={"at": pl.Datetime("ms")})
    out = schema.conform(stamps, {"at": pl.Datetime("us", "UTC")})
    assert out.schema["at"] == pl.Datetime("us", "UTC")
    with pytest.raises(ValueError):
        schema.conform(frame.with_columns(pl.lit(1).alias("extra")), schema.RECORDS)
