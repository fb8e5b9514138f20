"""The worksheet tables kept for the next night, handed to the run's writer as they are made:
the same tables as before."""

from __future__ import annotations

import polars as pl


def test_kept_tables_go_to_the_writer_as_they_are_set():
    from types import SimpleNamespace

    from pipeline.stage_outreach import _Handed

    written: list[tuple[str, str, pl.DataFrame]] = []
    ctx = SimpleNamespace(write_early=lambda s, t, f: written.append((s, t, f)),
                          extra_written=set())
    a, b, c = (pl.DataFrame({"x": [i]}) for i in range(3))
    fresh = _Handed(ctx, {"stages/outreach/memo_rows": a})
    fresh |= {"stages/outreach/memo_lists": b}
    fresh.update({"state/other": c})  # not a stage table: written with the run's extras
    assert [(s, t) for s, t, _ in written] == [("outreach", "memo_rows"),
                                               ("outreach", "memo_lists")]
    assert written[0][2] is a and written[1][2] is b
    assert ctx.extra_written == {"stages/outreach/memo_rows", "stages/outreach/memo_lists"}
    assert dict(fresh) == {"stages/outreach/memo_rows": a, "stages/outreach/memo_lists": b,
                           "state/other": c}
