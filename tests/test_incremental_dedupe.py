"""Incremental dedupe (pipeline/dedupe/incremental.py): a refresh that takes the comparison
levels of unchanged pairs from the current run's tables gives exactly what a full dedupe of
the same records gives: pairs, people (ids), review, records, state and lineage. Books with
random edits, deletions and additions, under block caps and a spelled-pair cap made small
enough that a few records push blocks and spellings across them."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from dedupe_support import records
from exports_support import edit_connections
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.dedupe import blocking, incremental, tables
from pipeline.dedupe.stage import dedupe

GIVEN = ["anna", "ann", "korfaard", "wei", "john", "jon", None]
FAMILY = ["kabelham", "smith", "smyth", "zhang", None]
EMAILS = [[], ["kkabelham@x.org"], ["asmith@y.com"], ["info@acme.com"], ["jsmith@gmail.com"],
          ["wzhang@acme.com", "kabelhamk@z.net"]]


@st.composite
def row(draw) -> dict:
    r = {"given_key": draw(st.sampled_from(GIVEN)), "family_key": draw(st.sampled_from(FAMILY)),
         "emails": draw(st.sampled_from(EMAILS)),
         "phones": draw(st.sampled_from([[], ["+14155550134"], ["+14155550199"]])),
         "linkedin_slug": draw(st.sampled_from([None, None, "anna-smith", "wei-zhang"])),
         "org_key": draw(st.sampled_from([None, "acme", "initech"])),
         "city": draw(st.sampled_from([None, "London", "Leeds"])),
         "postcode_key": draw(st.sampled_from([None, "ls1 4ap"])),
         "source": draw(st.sampled_from(["google", "vcard"]))}
    if draw(st.booleans()):
        r.update(birthday_year=draw(st.sampled_from([1980, 1990])),
                 birthday_month=draw(st.sampled_from([1, 2])), birthday_day=2)
    return r


def book(rows: list[tuple[int, dict]]) -> pl.DataFrame:
    """Records with the given ids (their order is not the rows' order: idx renumbers)."""
    recs = records([r for _, r in rows])
    return recs.with_columns(pl.Series("record_id", [f"r_{i:05d}" for i, _ in rows]),
                             pl.Series("source_row", list(range(len(rows))), dtype=pl.Int64))


@st.composite
def night(draw) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the current run's records, the refresh's): some rows edited, deleted, added."""
    first = draw(st.lists(row(), min_size=4, max_size=22))
    ids = draw(st.lists(st.integers(0, 99_999), unique=True, min_size=len(first) + 8,
                        max_size=len(first) + 8))
    before = list(zip(ids, first, strict=False))
    after = []
    for rid, r in before:
        what = draw(st.sampled_from(["keep", "keep", "keep", "edit", "delete"]))
        if what == "edit":
            field = draw(st.sampled_from(["given_key", "family_key", "emails", "city", "org_key"]))
            r = {**r, field: draw(row())[field]}
        if what != "delete":
            after.append((rid, r))
    after += [(rid, draw(row())) for rid in ids[len(first):][:draw(st.integers(0, 8))]]
    return book(before), book(after)


def small_caps(mp: pytest.MonkeyPatch) -> None:
    """Caps a handful of records cross (blocks, spelled pairs); every record may change."""
    mp.setattr(blocking, "RULES", tuple(dataclasses.replace(r, cap=3) for r in blocking.RULES))
    mp.setattr(blocking, "LOOSE_RULES",
               tuple(dataclasses.replace(r, cap=3) for r in blocking.LOOSE_RULES))
    mp.setattr(tables, "SPELLED_CAP", 2)
    mp.setattr(incremental, "MAX_CHANGED", 1.0)


def previous_tables(result) -> incremental.Previous:
    return incremental.Previous(result.levels,
                                result.records.select("record_id", *incremental.SOURCES))


@settings(max_examples=80, deadline=None)
@given(books=night(), loose=st.booleans())
def test_incremental_dedupe_equals_a_full_dedupe(books, loose):
    before, after = books
    with pytest.MonkeyPatch.context() as mp:
        small_caps(mp)
        if not loose:  # the loose rules' budget crossed both ways
            mp.setattr(blocking, "PAIR_BUDGET", 6)
        current = dedupe(before)
        prev = previous_tables(current)
        used = {}

        def known(recs, feats):
            used["levels"], _ = incremental.known_levels(prev, recs)
            return used["levels"]

        inc = dedupe(after, previous=current.state, known=known)
        full = dedupe(after, previous=current.state)
    for name in ("pairs", "people", "review", "records", "state", "lineage"):
        assert getattr(inc, name).equals(getattr(full, name)), name
    levels = used["levels"]
    assert levels.reused + levels.fresh >= full.pairs.height


def test_an_unchanged_book_reuses_every_pair():
    rows = [(i, {"given_key": "anna", "family_key": "smith", "emails": ["asmith@y.com"],
                 "source": "google" if i % 2 else "vcard"}) for i in range(6)]
    current = dedupe(book(rows))
    prev = previous_tables(current)
    used = {}

    def known(recs, feats):
        used["levels"], _ = incremental.known_levels(prev, recs)
        return used["levels"]

    again = dedupe(book(rows), previous=current.state, known=known)
    assert again.pairs.equals(current.pairs) and again.people.equals(current.people)
    # (a book of copies is scored twice: stage.score_pairs)
    assert used["levels"].fresh == 0 and used["levels"].reused >= current.pairs.height > 0


def test_too_many_changes_fall_back():
    rows = [(i, {"given_key": "anna", "family_key": "smith"}) for i in range(6)]
    current = dedupe(book(rows))
    edited = book([(i, {**r, "city": "Leeds"}) for i, r in rows])
    levels, why = incremental.known_levels(previous_tables(current), edited)
    assert levels is None and "6 of 6 records" in why


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_kith_run_twice_equals_kith_run_full(exports, tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "MAX_CHANGED", 0.5)  # a book of 11 records
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(exports), "--out", str(out)]).exit_code == 0
    edit_connections(exports, "Initech", "Globex")
    twin = tmp_path / "twin"
    shutil.copytree(tmp_path / "out", twin, symlinks=True)
    assert runner.invoke(main, ["run", str(exports), "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["run", str(exports), "--out", str(twin), "--full"]
                         ).exit_code == 0
    used = _manifest(out)["stages"]["dedupe"]["incremental"]
    assert used["pairs_reused"] > 0 and used["records_changed"] > 0, used
    assert "incremental" not in _manifest(twin)["stages"]["dedupe"]
    for name in ("records", "people", "pairs", "review"):
        assert pl.read_parquet(out / f"{name}.parquet").equals(
            pl.read_parquet(twin / f"{name}.parquet")), name
    for rel in ("stages/dedupe/lineage.parquet", "state/person_ids.parquet"):
        assert pl.read_parquet(out / "current" / rel).equals(
            pl.read_parquet(twin / "current" / rel)), rel


def test_fallbacks_are_logged_with_their_reason(exports, tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "MAX_CHANGED", 0.5)  # a book of 11 records
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(exports), "--out", str(out)]).exit_code == 0
    fp = json.loads((out / "current" / "fingerprint.json").read_text())
    assert incremental.load(out, fp, fp)[0] is not None
    assert "thresholds" in incremental.load(out, fp, {**fp, "thresholds": "x"})[1]
    assert "kith" in incremental.load(out, fp, {**fp, "kith": "x"})[1]
    assert "decisions" in incremental.load(out, fp, {**fp, "decisions": "x"})[1]
    (out / "current" / f"{incremental.KEPT}.parquet").unlink()
    assert "unreadable" in incremental.load(out, fp, fp)[1]
    edit_connections(exports, "Initech", "Globex")
    res = runner.invoke(main, ["run", str(exports), "--out", str(out), "-v"])
    assert res.exit_code == 0
    assert "dedupe runs in full: the current run's dedupe tables are unreadable" in res.stderr
    assert "unreadable" in _manifest(out)["stages"]["dedupe"]["incremental"]["full"]
    # that run kept its levels again: the next refresh is incremental
    edit_connections(exports, "Globex", "Initech")
    assert runner.invoke(main, ["run", str(exports), "--out", str(out)]).exit_code == 0
    assert _manifest(out)["stages"]["dedupe"]["incremental"].get("pairs_reused")
