"""A run holds dedupe's pairs with their 14 levels as Enum codes until the writer has written
them, as the text schema.PAIRS says (mem39: the levels as text were ~1.1 GiB of a
million-record run's peak). What is written does not change: write_parquet writes a coded
column as the very bytes of the frame cast to text first."""

from __future__ import annotations

import polars as pl
import pyarrow.parquet as pq
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.run as run_mod
from pipeline import outputs, schema
from pipeline.cli import main
from pipeline.dedupe.model import LEVEL

WORDS = ["exact", "different", "jw_high", "null", "nickname"]
LEVELS = [f"{f}_level" for f in schema.COMPARISON_FIELDS]


@st.composite
def coded_frames(draw) -> pl.DataFrame:
    n = draw(st.integers(0, 40))
    text = st.lists(st.one_of(st.none(), st.sampled_from(WORDS)), min_size=n, max_size=n)
    free = st.lists(st.one_of(st.none(), st.text(max_size=30)), min_size=n, max_size=n)
    return pl.DataFrame({
        "level": pl.Series(draw(text), dtype=pl.Enum(WORDS)),
        "reason": pl.Series(draw(free), dtype=pl.Categorical),
        "plain": pl.Series(draw(free), dtype=pl.String),
        "weight": pl.Series(draw(st.lists(st.floats(-40, 40), min_size=n, max_size=n)),
                            dtype=pl.Float64),
    })


@settings(max_examples=40, deadline=None)
@given(frame=coded_frames(), group=st.integers(1, 9), pieces=st.integers(1, 4))
def test_a_coded_column_is_written_as_its_text(tmp_path_factory, frame, group, pieces):
    folder = tmp_path_factory.mktemp("coded")
    # in several in-memory chunks, as a concatenation of a run's parts lies
    step = max(1, frame.height // pieces)
    chunked = pl.concat([frame.slice(at, step) for at in range(0, frame.height, step)]
                        or [frame], rechunk=False)
    as_text = frame.with_columns(pl.col("level", "reason").cast(pl.String))
    kept = outputs.ROW_GROUP_ROWS
    outputs.ROW_GROUP_ROWS = group  # many row groups from a few rows
    try:
        outputs.write_parquet(chunked, folder / "coded.parquet")
        outputs.write_parquet(as_text, folder / "text.parquet")
    finally:
        outputs.ROW_GROUP_ROWS = kept
    assert (folder / "coded.parquet").read_bytes() == (folder / "text.parquet").read_bytes()
    back = pl.read_parquet(folder / "coded.parquet")
    assert back.schema["level"] == pl.String and back.schema["reason"] == pl.String
    assert back.equals(as_text, null_equal=True)


def test_the_run_hands_the_writer_coded_levels_and_publishes_text(exports, tmp_path,
                                                                   monkeypatch):
    handed = {}
    submit = run_mod.submit

    def spy(writer, ctx, stage, table, frame):
        handed[(stage, table)] = frame
        return submit(writer, ctx, stage, table, frame)

    monkeypatch.setattr(run_mod, "submit", spy)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["run", str(exports), "--out", str(out),
                                  "--as-of", "2025-11-01", "-q"])
    assert r.exit_code == 0, r.output
    held = handed[("dedupe", "pairs")]
    assert held.height > 0
    assert all(held.schema[c] == LEVEL for c in LEVELS)
    assert {c: t for c, t in held.schema.items() if c not in LEVELS} == {
        c: t for c, t in schema.PAIRS.items() if c not in LEVELS}
    written = pl.read_parquet(out / "pairs.parquet")
    assert dict(written.schema) == schema.PAIRS
    assert written.equals(schema.conform(held, schema.PAIRS), null_equal=True)
    # the bytes of the table as the run wrote it before (levels cast to text in memory)
    outputs.write_parquet(schema.conform(held, schema.PAIRS), tmp_path / "text.parquet")
    assert (out / "pairs.parquet").read_bytes() == (tmp_path / "text.parquet").read_bytes()
    assert pq.read_schema(out / "pairs.parquet").field("given_level").type in (
        "string", "large_string")
