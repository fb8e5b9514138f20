"""Answered introductions follow a merge (identity lineage), as the ledger does: the answer
given about a person who is then merged into another stays answered, in the run that sees the
merge and in every run after it."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from test_enrich_cli import home as home  # the fixture  # noqa: F401
from test_enrich_cli import kith
from test_enrich_introductions import generate

from pipeline.enrich import intro_decisions as decided
from pipeline.enrich.introductions import KINDS, OPEN, introduction_id, suggest

ON = dt.date(2026, 3, 2)


def _merge(people: pl.DataFrame, moves: dict[str, str]) -> pl.DataFrame:
    """people as dedupe leaves them when each key of `moves` is merged into a new id."""
    return people.with_columns(pl.col("person_id").replace(moves))


def test_answers_survive_a_merge_of_either_person_in_this_run_and_the_next(tmp_path,
                                                                          monkeypatch):
    # every helper of a need shown, so new ids (new tie-breaks) cannot hide a suggestion
    monkeypatch.setattr("pipeline.enrich.introductions.HELPERS_PER_NEED", 1000)
    notes_path = tmp_path / "notes.csv"
    people, _ = generate(4)
    before = suggest(people)
    accepted, dismissed = before.row(0, named=True), before.row(1, named=True)
    assert decided.accept(notes_path, accepted, ON)
    assert decided.dismiss(notes_path, dismissed, ON)
    # the seeker of one and the helper of the other get new ids in a merge
    new_1, new_2 = accepted["seeker_id"] + "_m", dismissed["helper_id"] + "_m"
    moves = {accepted["seeker_id"]: new_1, dismissed["helper_id"]: new_2}
    merged = _merge(people, moves)

    def status_of(closed: pl.DataFrame | None) -> dict[tuple[str, str], str]:
        out = suggest(merged, closed=closed)
        return {(s, h): st for s, h, st in out.select("seeker_id", "helper_id", "status").rows()}

    def moved(row: dict) -> tuple[str, str]:
        return tuple(moves.get(row[k], row[k]) for k in ("seeker_id", "helper_id"))

    accepted_pair, dismissed_pair = moved(accepted), moved(dismissed)
    # without lineage the answers are lost: the suggestions show as open again
    lost = status_of(decided.load_beside(notes_path))
    assert lost[accepted_pair] == OPEN and lost[dismissed_pair] == OPEN
    # the run that sees the merge moves them in memory
    kept = status_of(decided.load_beside(notes_path, moves))
    assert kept[accepted_pair] == "accepted" and kept[dismissed_pair] == "dismissed"
    # and, once published, on disk: the next run has no moves and still finds them
    decided.rekey(notes_path, moves)
    assert status_of(decided.load_beside(notes_path)) == kept
    on_disk = decided.load(decided.decisions_path(notes_path))
    assert set(on_disk["seeker_id"]) | set(on_disk["helper_id"]) >= {new_1, new_2}
    assert not (set(on_disk["seeker_id"]) | set(on_disk["helper_id"])) & set(moves)
    # a second rekey (a retried run) changes nothing
    text = decided.decisions_path(notes_path).read_text()
    decided.rekey(notes_path, moves)
    assert decided.decisions_path(notes_path).read_text() == text


def test_a_merge_that_joins_two_answers_keeps_the_acceptance(tmp_path):
    notes_path = tmp_path / "notes.csv"
    a = {"introduction_id": introduction_id("p_a", "p_h", "function"), "seeker_id": "p_a",
         "helper_id": "p_h", "seeker_name": "Ann", "helper_name": "Hal"}
    b = {**a, "introduction_id": introduction_id("p_b", "p_h", "function"), "seeker_id": "p_b",
         "seeker_name": "Ann B."}
    decided.dismiss(notes_path, a, ON)
    decided.accept(notes_path, b, ON)
    closed = decided.load_beside(notes_path, {"p_a": "p_b"})
    assert closed.select("introduction_id", "seeker_id", "status").rows() == [
        (introduction_id("p_b", "p_h", "function"), "p_b", "accepted")]


def test_a_hand_edited_id_that_no_kind_explains_is_left_as_it_is():
    closed = pl.DataFrame({"introduction_id": ["i_typed_by_hand"], "seeker_id": ["p_a"],
                           "helper_id": ["p_h"], "status": ["dismissed"],
                           "date": [ON]}, schema=decided.CLOSED)
    out = decided.rekeyed(closed, {"p_a": "p_z"})
    assert out["introduction_id"].to_list() == ["i_typed_by_hand"]
    assert out["seeker_id"].to_list() == ["p_z"]


IDS = [f"p{i}" for i in range(6)]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS), st.sampled_from(KINDS),
                          st.sampled_from(decided.DECISIONS)), max_size=12),
       st.dictionaries(st.sampled_from(IDS), st.sampled_from(["q1", "q2"]), max_size=4))
def test_rekeyed_ids_are_the_ids_kith_builds_for_the_surviving_people(answers, moves):
    closed = pl.DataFrame(
        {"introduction_id": [introduction_id(s, h, k) for s, h, k, _ in answers],
         "seeker_id": [s for s, *_ in answers], "helper_id": [h for _, h, *_ in answers],
         "status": [d for *_, d in answers], "date": [ON] * len(answers)},
        schema=decided.CLOSED).unique("introduction_id", keep="first", maintain_order=True)
    out = decided.rekeyed(closed, moves)
    expected: dict[str, set[str]] = {}
    for s, h, k, d in answers:
        expected.setdefault(introduction_id(moves.get(s, s), moves.get(h, h), k), set()).add(d)
    assert out["introduction_id"].is_unique().all()
    got = dict(zip(out["introduction_id"], out["status"], strict=True))
    kept = set(closed["introduction_id"])
    for s, h, k, _ in answers:
        if introduction_id(s, h, k) not in kept:
            continue
        new_id = introduction_id(moves.get(s, s), moves.get(h, h), k)
        assert new_id in got
    # an acceptance is never lost to a dismissal that a merge folds into the same id
    for new_id, status in got.items():
        if "accepted" in {closed.filter(pl.col("introduction_id") == i)["status"][0]
                          for i in closed["introduction_id"]
                          if decided.moved_id(i, *_pair(closed, i), moves) == new_id}:
            assert status == "accepted"
    assert not (set(out["seeker_id"]) | set(out["helper_id"])) & set(moves)


def _pair(closed: pl.DataFrame, intro_id: str) -> tuple[str, str]:
    row = closed.filter(pl.col("introduction_id") == intro_id).row(0, named=True)
    return row["seeker_id"], row["helper_id"]


def test_an_accepted_introduction_stays_accepted_after_kith_merge(home):
    """End to end: accept Dana -> Sam, then merge Sam with another record under the other's
    id; the re-run still shows the introduction as accepted, and the file follows the id."""
    config, out = home
    notes_path = config.parent / "notes.csv"
    assert kith("note", "Dana Seeker", "--need", "a data engineer", "--config",
                str(config)).exit_code == 0
    assert kith("run", "--config", str(config), "--as-of", "2025-06-02").exit_code == 0
    intros = pl.read_parquet(out / "introductions.parquet")
    row = intros.filter((pl.col("seeker_name") == "Dana Seeker")
                        & (pl.col("helper_name") == "Sam Data")).row(0, named=True)
    assert decided.accept(notes_path, row, ON)
    res = kith("merge", "Sam Data", "Mo Mail", "--out", str(out), "--config", str(config))
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(out / "people.parquet")
    new_id = people.filter(pl.col("display_name").is_in(["Sam Data", "Mo Mail"]))["person_id"]
    assert new_id.len() == 1 and row["helper_id"] not in set(people["person_id"])
    new_id = new_id[0]

    def dana_to_sam() -> str:
        intros = pl.read_parquet(out / "introductions.parquet")
        return intros.filter((pl.col("seeker_id") == row["seeker_id"])
                             & (pl.col("helper_id") == new_id))["status"].to_list()

    assert dana_to_sam() == ["accepted"]
    on_disk = decided.load(decided.decisions_path(notes_path))
    assert on_disk.select("introduction_id", "helper_id", "status").rows() == [
        (introduction_id(row["seeker_id"], new_id, row["kind"]), new_id, "accepted")]
    # a later run, with no merge in its lineage, still finds the answer
    assert kith("run", "--config", str(config), "--as-of", "2025-06-03").exit_code == 0
    assert dana_to_sam() == ["accepted"]
