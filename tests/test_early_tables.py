"""Stage tables handed to the run's writer before their stage ends (tag's people, the kept
worksheet tables), and the dedupe fast paths (pair gathers as one query, levels as text by
code): the same tables as before."""

from __future__ import annotations

import polars as pl
from dedupe_support import records
from tagging_frames import AS_OF, interactions, owner, people, rec, run_tag
from tagging_frames import records as tag_records

from pipeline import schema
from pipeline.dedupe import features
from pipeline.dedupe.model import LEVEL
from pipeline.dedupe.stage import _levels_as_text, dedupe
from pipeline.dedupe.tables import with_sides
from pipeline.tagging import load_rules, tag

BOOK = [
    {"given_key": "ann", "family_key": "lee", "emails": ["ann@x.org"], "org_key": "hooli"},
    {"given_key": "ann", "family_key": "lee", "emails": ["ann@x.org"], "city": "Oslo"},
    {"given_key": "anne", "family_key": "lee", "phones": ["+4712345678"]},
    {"given_key": "bo", "family_key": "berg", "phones": ["+4712345678"], "source": "linkedin"},
    {"given_key": "cy", "family_key": "dahl", "linkedin_slug": "cy-dahl"},
]


def test_tag_hands_over_its_final_people():
    rows = [rec("a", "Al Y", "linkedin", slug="al"), rec("b", "Bo Z", labels=["Gym"])]
    seen: dict[str, pl.DataFrame] = {}
    result = run_tag(tag_records(rows))
    r = tag_records(rows)
    early = tag(people(r), r, interactions([]), owner(), rules=load_rules(None), targets=[],
                decisions=[], as_of=AS_OF, early=lambda n, f: seen.setdefault(n, f))
    assert list(seen) == ["people"] and seen["people"] is early.people
    assert early.people.equals(result.people)


def test_pair_sides_gathered_by_position_in_pair_order():
    feats = features.build(records(BOOK))
    pairs = pl.DataFrame({"l": [0, 0, 3, 1], "r": [1, 2, 4, 4]},
                         schema={"l": pl.UInt32, "r": pl.UInt32})
    out = with_sides(pairs, feats, ["idx", "given_key", "email_keys", "birthday_year"])
    assert out.columns == ["l", "r", "given_key_l", "email_keys_l", "birthday_year_l",
                           "given_key_r", "email_keys_r", "birthday_year_r"]
    for side in "lr":
        for col in ("given_key", "email_keys", "birthday_year"):
            assert out[f"{col}_{side}"].to_list() == feats[col].gather(pairs[side]).to_list()
    assert with_sides(pairs.head(0), feats, ["idx", "given_key"]).height == 0


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
