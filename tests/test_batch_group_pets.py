"""A batch group answers its owners' pet-form tests at once (grouped_dedupe.pets_apart,
pets.pets_ahead): pet_pair is one expression of ~1,500 nodes costing ~15 ms a query
however few its rows, asked several times in each owner's dedupe (the given level, the
given-name conflicts). Answers found ahead change no answer (pet_pair is a function of the
four values alone), the rows not found are tested as before, and a group's owners with pet
forms ("Eddy" / "Edward", "Herbie" / "Herbert") get exactly their solo runs' tables and
worksheets while their runs test none themselves."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_batch_group_dedupe import _assert_same_as_solo, _csv, _job, solo_runs

from pipeline import synth
from pipeline.batch import group, grouped_dedupe
from pipeline.dedupe import pets

NAMES = ["eddy", "edward", "eddie", "edmund", "herbie", "herbert", "abby", "abigail",
         "kylie", "kyle", "danny", "daniela", "hughie", "hugh", "norrie", "norman", "ann"]
ROW = st.tuples(st.sampled_from([*NAMES, None]), st.sampled_from([*NAMES, None]),
                st.booleans(), st.booleans())


def _rows(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String, "ka": pl.Boolean,
                                      "kb": pl.Boolean}, orient="row")


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, max_size=25), st.lists(ROW, max_size=25), st.booleans())
def test_answers_ahead_change_no_answer(asked, ahead, some_asked):
    """pet_hits and pet_answers with any answers ahead (some of the rows asked, others not,
    none) equal the test of every row."""
    rows = _rows(asked)
    known = _rows(ahead + (asked[::2] if some_asked else [])).unique()
    want = pets.pet_hits(rows)
    with pets.pets_ahead(pets.pet_table(known)):
        got = pets.pet_hits(rows)
        answers = pets.pet_answers(rows.unique())
    assert_frame_equal(got.to_frame(), want.to_frame())
    assert_frame_equal(answers, pets.pet_table(rows.unique()), check_row_order=False)
    assert pets.PETS_AHEAD.get() is None  # set for the block only


def test_answers_ahead_of_another_schema_are_not_read():
    """Answers whose columns are typed otherwise are passed over (each row tested)."""
    rows = _rows([("eddy", "edward", False, False)])
    other = pl.DataFrame({"a": [1], "b": [2], "ka": [False], "kb": [False], "hit": [False]})
    with pets.pets_ahead(other):
        assert pets.pet_answers(rows)["hit"].to_list() == [True]


@pytest.fixture(scope="module")
def owners(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pets") / "owners"
    # pet forms the nickname table lacks, on records sharing a phone or an e-mail
    _csv(base / "pets1", ["Herbie,Marsh,herb@marsh.org,(415) 555-0101,Marsh Co",
                          "Herbert,Marsh,herb@marsh.org,(415) 555-0101,Marsh Co",
                          "Norrie,Vale,,(415) 555-0102,",
                          "Norman,Vale,norman@vale.net,(415) 555-0102,"])
    _csv(base / "pets2", ["Eddy,Stone,ed@stone.io,(212) 555-0150,Stone LLC",
                          "Edward,Stone,ed@stone.io,,Stone LLC",
                          "Hughie,Dunn,hugh@dunn.com,(212) 555-0151,",
                          "Hugh,Dunn,hugh@dunn.com,(212) 555-0151,",
                          "Ferdy,Ross,fr@ross.com,(212) 555-0152,",
                          "Ferdinand,Ross,fr@ross.com,(212) 555-0152,"])
    with contextlib.redirect_stdout(io.StringIO()):
        synth.generate(40, 510, base / "syn")
    return base


@pytest.fixture(scope="module")
def solo(owners, tmp_path_factory) -> Path:
    return solo_runs(owners, tmp_path_factory.mktemp("solo"))


def test_a_group_tests_its_owners_pet_forms_once(owners, solo, tmp_path, monkeypatch):
    """The group tests pet forms once (its owners' runs find every row they ask among its
    answers), and every owner's tables, stage tables and worksheets are its solo run's."""
    calls: list[str] = []
    where = ["run"]
    table, ahead = pets.pet_table, grouped_dedupe.pets_apart

    def spy(rows):
        calls.append(where[0])
        return table(rows)

    def group_spy(*args):
        where[0] = "group"
        try:
            return ahead(*args)
        finally:
            where[0] = "run"

    monkeypatch.setattr(pets, "pet_table", spy)
    monkeypatch.setattr(grouped_dedupe, "pets_apart", group_spy)
    ids = ["pets1", "pets2", "syn"]
    root = tmp_path / "batch"
    results = group.run_group([_job(owners, root, oid) for oid in ids])
    assert {r["status"] for r in results.values()} == {"ok"}, results
    assert calls == ["group"]
    for oid in ids:
        _assert_same_as_solo(root, solo, oid)
    # alone, a run tests its own (and its pairs include pet forms)
    calls.clear()
    group.run_group([_job(owners, tmp_path / "alone", "pets1")])
    assert "run" in calls
