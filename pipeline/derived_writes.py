"""Stage tables written by copying the columns they share with an earlier stage's table.

A stage table whose rows are an earlier stage's table's rows, most columns unchanged (dedupe's
records are normalize's with person_id set, tag's people dedupe's with the tag columns filled,
outreach's people tag's with the notes and ledger columns), is written with only its changed
columns encoded: the others' bytes are copied from the earlier table's file, which the run's
writer (one thread, in order) wrote before (pipeline.parquet_splice, as a re-dated night's
people tables are). Encoding each of those three tables costs ~2 CPU-s at a million records.
Which columns changed is found by comparing the two frames in memory, in the writer's thread,
so the file holds the new frame's content whatever the stage did.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipeline.outputs import Splice, Staging

if TYPE_CHECKING:
    from pipeline.stage_runs import Context

# (stage, table) -> the earlier (stage, table) whose rows it has
DERIVED = {("dedupe", "records"): ("normalize", "records"), ("tag", "people"): ("dedupe", "people"),
           ("outreach", "people"): ("tag", "people")}


def derived_source(ctx: Context, stage: str, table: str, frame: pl.DataFrame
                   ) -> tuple[pl.DataFrame, Path] | None:
    """(stage, table)'s DERIVED source in this run: its frame (computed by this run, not read
    back; same columns and row count) and its file, which the run's writer writes before."""
    src = DERIVED.get((stage, table))
    tables = ctx.tables.get(src[0]) if src else None
    before = tables.get(src[1]) if isinstance(tables, dict) else None
    if not isinstance(before, pl.DataFrame) or before.schema != frame.schema \
            or before.height != frame.height or frame.height == 0:
        return None
    return before, ctx.staging.path(f"stages/{src[0]}/{src[1]}.parquet")


def derived_splice(frame: pl.DataFrame, before: pl.DataFrame, previous: Path) -> Splice | None:
    """How to write `frame` copying the columns equal to `before`'s (compared in memory, so
    the file's content is `frame`'s either way) from `before`'s file; None: in full."""
    fresh = tuple(c for c in frame.columns if not _equal(frame[c], before[c]))
    return Splice(previous, fresh) if len(fresh) < len(frame.columns) else None


def _equal(new: pl.Series, old: pl.Series) -> bool:
    """Value for value equal. A column the stage passed through holds the very memory of the
    earlier one, chunk by chunk: that is seen from the Arrow buffers' addresses at once, where
    comparing the values cost ~70 ms a column at a million rows (~8 CPU-s of a 1M run over the
    three tables). Any other column is compared by value."""
    try:
        new_layout, new_arrays = _layout(new)
        old_layout, old_arrays = _layout(old)
        # the arrays are alive while compared: a copy's freed address cannot come round again
        if new_layout == old_layout:
            return True
        del new_arrays, old_arrays
    except Exception:  # noqa: BLE001 - a type Arrow does not export as is: compare values
        pass
    return new.equals(old, null_equal=True)


def _layout(column: pl.Series) -> tuple[list, list]:
    """Per chunk: Arrow type, offset, length and every buffer's address (the dictionary's too);
    and the exported arrays, which keep those buffers alive."""
    layout, arrays = [], []
    for chunk in column.get_chunks():
        arr = chunk.to_arrow(compat_level=pl.CompatLevel.newest())
        buffers = list(arr.buffers())
        if hasattr(arr, "dictionary"):
            buffers += arr.dictionary.buffers()
        layout.append((str(arr.type), arr.offset, len(arr),
                       tuple(0 if buf is None else buf.address for buf in buffers)))
        arrays.append(arr)
    return layout, arrays


def _write_derived(staging: Staging, frame: pl.DataFrame, rel: str,
                   source: tuple[pl.DataFrame, Path]) -> None:
    """The writer thread's job: columns compared there, not in the stage's own thread."""
    staging.table(frame, rel, derived_splice(frame, *source))


def submit(writer, ctx: Context, stage: str, table: str, frame: pl.DataFrame):
    """(stage, table) handed to the run's writer: spliced as ctx.splice says (a re-dated
    night), else from its DERIVED source when there is one, else in full. A Future."""
    rel = f"stages/{stage}/{table}.parquet"
    splice = ctx.splice.get(f"{stage}/{table}")
    source = None if splice is not None else derived_source(ctx, stage, table, frame)
    if source is not None:
        return writer.submit(_write_derived, ctx.staging, frame, rel, source)
    return writer.submit(ctx.staging.table, frame, rel, splice)
