"""Incremental dedupe (pipeline/incremental/dedupe.py) gives exactly the full run's tables: on
random address books and random edit scripts (records added, deleted and modified), with block
caps and the spelled-pairs cap made small so that edits push blocks and spellings across them;
and through `kith run` after about 1% of an export changed, against `kith run --full`."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import polars as pl
from click.testing import CliRunner
from dedupe_support import records
from hypothesis import given, settings
from hypothesis import strategies as st
from test_incremental_dedupe_invariants import book

from pipeline.cli import main
from pipeline.dedupe import blocking, stage, tables
from pipeline.incremental import dedupe as incremental

KITH = "test-build"
EMAILS = [[], ["home@x.org"], ["a.b@gmail.com"], ["nicolesmith@gmail.com"],
          ["zhangwei@x.org"], ["smithn@acme.com"], ["robertmaddox@gmail.com"]]
FIELDS = {"given_key": ["nicole", "nicholas", "wei", "j", None],
          "family_key": ["smith", "zhang", "maddox", None],
          "emails": EMAILS,
          "phones": [[], ["+14155550134"], ["+14155550199"]],
          "org_key": [None, "acme", "initech"],
          "city": [None, "London", "Leeds"],
          "postcode_key": [None, "ls1 4ap"],
          "source_file": ["f.csv", "g.vcf"]}
TABLES = ("records", "people", "pairs", "review", "state", "lineage")


@st.composite
def edits(draw, n: int):
    """A script over a book of n rows: (op, row, field, value) with op delete, modify, add
    (a copy of the row, the field changed), or move (the row's position in its file)."""
    ops = []
    for _ in range(draw(st.integers(1, 6))):
        field = draw(st.sampled_from(sorted(FIELDS)))
        ops.append((draw(st.sampled_from(["delete", "modify", "add", "move"])),
                    draw(st.integers(0, n - 1)), field, draw(st.sampled_from(FIELDS[field]))))
    return ops


def _frame(rows: list[dict]) -> pl.DataFrame:
    """Records with each row's own id (ids of added rows sort between the others')."""
    frame = records(rows)
    return frame.with_columns(
        pl.Series("record_id", [r["id"] for r in rows]),
        pl.Series("source_row", [r.get("row", i) for i, r in enumerate(rows)],
                  dtype=frame.schema["source_row"]))


def _apply(rows: list[dict], ops) -> tuple[list[dict], set[str]]:
    """The edited book and the ids of the rows no edit touched."""
    out = {r["id"]: dict(r) for r in rows}
    touched = set()
    for k, (op, i, field, value) in enumerate(ops):
        rid = rows[i]["id"]
        touched.add(rid)
        if op == "delete":
            out.pop(rid, None)
        elif op == "modify" and rid in out:
            out[rid][field] = value
        elif op == "move" and rid in out:
            out[rid]["row"] = 1000 + k
        elif op == "add":
            out[f"{rid}5{k}"] = {**rows[i], field: value, "id": f"{rid}5{k}"}
    return list(out.values()), {r["id"] for r in rows} - touched


def _caps(small: bool) -> contextlib.ExitStack:
    """Block caps of 3 and a spelled-pairs cap of 2 (small), else the real ones."""
    stack = contextlib.ExitStack()
    if small:
        rules = tuple(dataclasses.replace(r, cap=min(r.cap, 3)) for r in blocking.RULES)
        stack.enter_context(mock.patch.object(blocking, "RULES", rules))
        stack.enter_context(mock.patch.object(tables, "SPELLED_CAP", 2))
    return stack


def _assert_same(got: stage.DedupeResult, want: stage.DedupeResult) -> None:
    for name in TABLES:
        a, b = getattr(got, name), getattr(want, name)
        assert a.equals(b), name
    reuse = ("records_reused", "pairs_reused")
    assert {k: v for k, v in got.stats.items() if k not in reuse} == want.stats


@st.composite
def book_and_edits(draw):
    rows = draw(book())
    for i, row in enumerate(rows):
        row.update(id=f"r_{i:03d}0", emails=draw(st.sampled_from(EMAILS)),
                   source_file=draw(st.sampled_from(FIELDS["source_file"])))
    return rows, draw(edits(len(rows)))


@settings(max_examples=80, deadline=None)
@given(case=book_and_edits(), small=st.booleans())
def test_incremental_dedupe_equals_a_full_run(case, small):
    rows, ops = case
    after, untouched = _apply(rows, ops)
    with _caps(small):
        first = stage.dedupe(_frame(rows), kith=KITH)
        memo = incremental.from_tables(first.memo, KITH)
        assert memo is not None
        now = _frame(after) if after else _frame(rows).head(0)
        full = stage.dedupe(now, previous=first.state)
        incr = stage.dedupe(now, previous=first.state, memo=memo, kith=KITH)
    _assert_same(incr, full)
    # what the memo held was used: every untouched record's row (and a modified one whose
    # new values are its old ones)
    assert incr.stats["records_reused"] >= len(untouched)
    assert incr.stats["records_reused"] <= now.height


def test_a_memo_of_another_build_is_not_used():
    rows = [{"given_key": "nicole", "family_key": "smith", "id": "r_0010"},
            {"given_key": "nicole", "family_key": "smith", "id": "r_0020"}]
    first = stage.dedupe(_frame(rows), kith=KITH)
    assert incremental.from_tables(first.memo, "another-build") is None
    assert incremental.from_tables(first.memo, KITH) is not None
    assert stage.dedupe(_frame(rows)).memo == {}  # no build named: no memo to leave


def _edit_google_csv(path: Path) -> int:
    """About 1% of a Google CSV's rows each edited (family name), deleted, or copied with
    another organisation; returns how many rows were touched."""
    text = path.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], [r for r in rows[1:] if r]
    last, org = header.index("Last Name"), header.index("Organization Name")
    step = 100
    out, added = [], []
    for i, row in enumerate(body):
        if i % step == 1:
            continue  # deleted
        if i % step == 0:
            row = [*row[:last], row[last] + "son", *row[last + 1:]]
        if i % step == 2:
            added.append([*row[:org], "Globex", *row[org + 1:]])
        out.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *out, *added])
    path.write_text("\ufeff" + buf.getvalue(), "utf-8")
    return 3 * len(added)


def _kith(home: Path, day: str, *extra: str) -> dict:
    files = sorted(str(p) for p in (home / "ex").iterdir() if p.suffix in (".csv", ".vcf", ".zip"))
    res = CliRunner().invoke(main, ["run", *files, "--out", str(home / "out"), "--as-of", day,
                                    *extra])
    assert res.exit_code == 0, res.output
    return json.loads((home / "out" / "manifest.json").read_text())["stages"]["dedupe"]


def test_refresh_after_one_percent_changed_equals_a_full_run(tmp_path):
    """`kith run`, ~1% of the Google export's rows edited, deleted or added, `kith run` again:
    dedupe reuses the unchanged records' features and pairs' levels, and every table equals
    `kith run --full`'s on the same inputs and state."""
    subprocess.run([sys.executable, "-m", "pipeline.synth_spec", "--people", "600", "--seed",
                    "5", "--out", str(tmp_path / "ex")], check=True, capture_output=True)
    homes = [tmp_path / "incr", tmp_path / "full"]
    for h in homes:
        shutil.copytree(tmp_path / "ex", h / "ex")
        first = _kith(h, "2026-11-22")
        assert not first.get("memo_used")
        assert _edit_google_csv(h / "ex" / "contacts.csv") > 0
    inc = _kith(homes[0], "2026-11-23")
    full = _kith(homes[1], "2026-11-23", "--full")
    assert inc["memo_used"] and not full["memo_used"]
    assert inc["records_reused"] > 0 and inc["pairs_reused"] > 0
    assert "records_reused" not in full
    tables = [f"stages/dedupe/{t}.parquet" for t in ("records", "people", "pairs", "review",
                                                     "lineage")]
    tables += [p.name for p in (homes[1] / "out" / "current").glob("*.parquet")]
    tables += ["state/person_ids.parquet"]
    for rel in tables:
        a, b = (h / "out" / "current" / rel for h in homes)
        assert a.read_bytes() == b.read_bytes(), rel


def test_a_memo_with_a_forgotten_record_still_gives_the_full_run():
    """`kith forget` deletes a person's rows from every table of every run, the memo's feature
    rows included: the memo's pairs name records by the idx column kept in those rows, not by
    row position, so the rest still map to the right records."""
    rows = [{"given_key": g, "family_key": "smith", "id": f"r_{i:03d}0",
             "emails": [f"{g}smith@gmail.com"] if i % 2 else []}
            for i, g in enumerate(["nicole", "nicholas", "nicole", "wei", "nicole", "j"])]
    first = stage.dedupe(_frame(rows), kith=KITH)
    gone = "r_0010"
    tables = dict(first.memo)
    tables[incremental.FEATURES] = tables[incremental.FEATURES].filter(
        pl.col("record_id") != gone)
    memo = incremental.from_tables(tables, KITH)
    now = _frame([r for r in rows if r["id"] != gone])
    full = stage.dedupe(now, previous=first.state)
    incr = stage.dedupe(now, previous=first.state, memo=memo, kith=KITH)
    _assert_same(incr, full)
    assert incr.stats["records_reused"] == now.height and incr.stats["pairs_reused"] > 0
