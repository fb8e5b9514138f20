"""The worksheet tables kept for the next night, handed to the run's writer as they are made,
and the pairs table's levels as text by code: the same tables as before."""

from __future__ import annotations

import polars as pl
from dedupe_support import records

from pipeline import schema
from pipeline.dedupe.model import LEVEL
from pipeline.dedupe.stage import _levels_as_text, dedupe

BOOK = [
    {"given_key": "ann", "family_key": "lee", "emails": ["ann@x.org"], "org_key": "hooli"},
    {"given_key": "ann", "family_key": "lee", "emails": ["ann@x.org"], "city": "Oslo"},
    {"given_key": "anne", "family_key": "lee", "phones": ["+4712345678"]},
    {"given_key": "bo", "family_key": "berg", "phones": ["+4712345678"], "source": "linkedin"},
    {"given_key": "cy", "family_key": "dahl", "linkedin_slug": "cy-dahl"},
]


def test_levels_as_text_are_the_cast_strings():
    names = LEVEL.categories.to_list()
    frame = pl.DataFrame({
        "given_level": pl.Series([*names, None], dtype=LEVEL),
        "rule": pl.Series(["x"] * (len(names) + 1)),
    })
    out = _levels_as_text(frame)
    assert out.schema == {"given_level": pl.String, "rule": pl.String}
    assert out["given_level"].to_list() == [*names, None]
    assert out.equals(frame.with_columns(pl.col("given_level").cast(pl.String)))
    assert dict(dedupe(records(BOOK)).pairs.schema) == schema.PAIRS


def test_kept_tables_go_to_the_writer_as_they_are_set():
    from types import SimpleNamespace

    from pipeline.stage_runs import _Handed

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
