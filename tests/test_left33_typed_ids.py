"""An id the user typed with spaces around it or in capitals is still the id kith wrote
(notes, ledger, decisions, the command line, serve); any other text matches nothing."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import polars as pl
from starlette.requests import Request

from pipeline import schema
from pipeline.dedupe import decisions
from pipeline.enrich import intro_decisions
from pipeline.lookup import LookupError_, find_person
from pipeline.notes import ledger, ledger_keys
from pipeline.notes.notes_file import load_notes, set_note, sync_notes
from pipeline.serve import pages

FIX = Path(__file__).parent / "fixtures" / "left33"
ANA, BO = "p_7130adca9d1afc44", "p_00000000000000aa"


def _people() -> pl.DataFrame:
    frame = pl.DataFrame({"person_id": [ANA, BO], "display_name": ["Ana Example", "Bo Example"]})
    return schema.conform(frame, schema.PEOPLE)


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_the_rule_folds_only_ids_of_the_shape_kith_writes():
    from pipeline.notes.cells import typed_id  # (here: main has no such rule to import)

    assert typed_id("  P_7130ADCA9D1AFC44 ") == ANA
    assert typed_id("R_7130ADCA9D1AFC44") == "r_7130adca9d1afc44"
    # one digit short, one too many, a name: only trimmed, so they match nothing kith wrote
    assert typed_id(" P_7130ADCA9D1AFC4 ") == "P_7130ADCA9D1AFC4"
    assert typed_id("p_7130adca9d1afc44x") == "p_7130adca9d1afc44x"
    assert typed_id(" Ana Example ") == "Ana Example"


def test_a_notes_row_whose_id_was_typed_in_capitals_with_spaces_stays_with_its_person(tmp_path):
    notes = tmp_path / "notes.csv"
    shutil.copy(FIX / "notes_typed_ids.csv", notes)
    frame = sync_notes(notes, _people(), schema.empty(schema.LINEAGE))
    ana = frame.filter(pl.col("person_id") == ANA)
    # on main: the row was "gone" and Ana got a new blank row (her need detached)
    assert ana["need"].to_list() == ["a PM role in Berlin"]
    assert ana["kith_status"].to_list() == ["active"]
    rows = _rows(notes)
    assert [r["person_id"] for r in rows].count(ANA) == 1  # written as kith's, not doubled
    assert len(rows) == 3
    # one digit short: not an id kith wrote, kept (nothing lost) and marked gone
    short = [r for r in rows if r["need"] == "not an id kith wrote"]
    assert short[0]["person_id"] == "P_7130ADCA9D1AFC4"
    assert short[0]["kith_status"].startswith("gone")


def test_load_notes_and_kith_note_find_the_typed_row_without_a_sync(tmp_path):
    notes = tmp_path / "notes.csv"
    shutil.copy(FIX / "notes_typed_ids.csv", notes)
    assert load_notes(notes).filter(pl.col("person_id") == ANA)["need"].to_list() == [
        "a PM role in Berlin"]
    set_note(notes, ANA, "Ana Example", offer="a reference")
    ana = [r for r in _rows(notes) if r["person_id"] == ANA]
    assert len(ana) == 1  # the typed row, not a second one
    assert (ana[0]["need"], ana[0]["offer"]) == ("a PM role in Berlin", "a reference")


def test_a_ledger_entry_whose_id_was_typed_in_capitals_counts(tmp_path):
    path = tmp_path / "ledger.csv"
    shutil.copy(FIX / "ledger_typed_ids.csv", path)
    frame = ledger.load_ledger(path)
    assert frame["person_id"].to_list() == [ANA, "p_7130adca9d1afc44x"]
    moved = tmp_path / "moved.csv"
    shutil.copy(path, moved)
    ledger_keys.rekey(moved, {ANA: BO})
    assert [r["person_id"] for r in _rows(moved)] == [BO, "p_7130adca9d1afc44x"]


def test_an_id_typed_in_capitals_on_the_command_line_finds_the_person():
    assert find_person(_people(), " P_7130ADCA9D1AFC44 ")["person_id"] == ANA
    try:
        find_person(_people(), "P_7130ADCA9D1AFC4")
    except LookupError_ as exc:
        assert "No person" in str(exc)
    else:
        raise AssertionError("a near id matched a person")


def test_a_decision_naming_a_record_in_capitals_resolves():
    features = pl.DataFrame({"idx": [0, 1], "record_id": ["r_7130adca9d1afc44",
                                                          "r_00000000000000aa"]})
    assert decisions.resolve(features, "record:R_7130ADCA9D1AFC44") == [0]
    assert decisions.resolve(features, "record:R_7130ADCA9D1AFC4") == []


def test_an_introduction_answer_typed_in_capitals_is_read(tmp_path):
    path = tmp_path / "introduction_decisions.csv"
    path.write_text("date,introduction_id,decision,seeker_id,seeker_name,helper_id,helper_name\n"
                    "2026-11-02, I_00000000000000AB ,accepted,P_7130ADCA9D1AFC44,Ana Example,"
                    "p_00000000000000aa,Bo Example\n", "utf-8")
    row = intro_decisions.load(path).row(0, named=True)
    assert (row["introduction_id"], row["seeker_id"]) == ("i_00000000000000ab", ANA)


def test_serve_sends_a_typed_person_address_to_kiths_own():
    scope = {"type": "http", "method": "GET", "path": "/person/P_7130ADCA9D1AFC44",
             "path_params": {"pid": "P_7130ADCA9D1AFC44"}, "headers": [], "query_string": b""}
    response = pages.person(Request(scope))
    assert response.status_code == 303
    assert response.headers["location"] == f"/person/{ANA}"
