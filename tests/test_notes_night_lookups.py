"""A night's notes sync looks up only what its changed rows need (pipeline.notes.quiet_rows.Names):
the names of the few people whose rows are not quiet, and the index of unique names only when a
row has no person_id to adopt. The file it writes is the one a sync looking up everyone writes
(tests/test_notes_quiet_rows.py checks that over Hypothesis books)."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline import schema
from pipeline.notes import notes_file, userfile
from pipeline.notes.notes_file import commit_sync, plan_sync

NO_LINEAGE = schema.empty(schema.LINEAGE)


def _people(n: int, renamed: dict[int, str] | None = None) -> pl.DataFrame:
    names = [f"Person {i:04d}" for i in range(n)]
    for i, name in (renamed or {}).items():
        names[i] = name
    return pl.DataFrame({"person_id": [f"p_{i:04d}" for i in range(n)], "display_name": names})


def _first_night(tmp_path):
    path = tmp_path / "notes.csv"
    commit_sync(plan_sync(path, _people(500), NO_LINEAGE))
    return path


def test_a_night_looks_up_only_the_changed_peoples_names(tmp_path, monkeypatch):
    path = _first_night(tmp_path)

    def no_index(people):
        raise AssertionError("every row has a person_id: no index of names is needed")

    monkeypatch.setattr(notes_file, "_unique_names", no_index)
    pending = plan_sync(path, _people(500, {7: "Seven Renamed", 42: "Forty Two"}), NO_LINEAGE)
    assert pending.rows_kept == 498
    assert pending.names_built == 2
    text = pending.prepared.table.text()
    assert "p_0007,Seven Renamed," in text and "p_0042,Forty Two," in text
    assert "Person 0007" not in text


def test_a_row_without_an_id_still_adopts_one_by_name(tmp_path):
    path = _first_night(tmp_path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(",Person 0003 ,,,,,,,,,,\n,Nobody Known,,,,,,,,,,\n")
    pending = plan_sync(path, _people(500, {9: "Nine Renamed"}), NO_LINEAGE)
    adopted = [r for r in pending.prepared.table.rows if r[1].strip() == "Person 0003"]
    assert [r[0] for r in adopted] == ["p_0003", "p_0003"]
    unknown = [r for r in pending.prepared.table.rows if r[1] == "Nobody Known"]
    assert [r[0] for r in unknown] == [""]
    # the adopted id was not foreseen: its name came from every person's
    assert pending.names_built == 1 + 500


@pytest.mark.parametrize("lines, kept", [
    ("a,b\n,\n1,\n,,\n,2\n\n", [["1", ""], ["", "2"]]),
    ("a;b\n;\n ;\n", [[" ", ""]]),
])
def test_blank_rows_are_dropped_and_the_rest_kept(lines, kept):
    assert userfile.parse(lines.encode(), ("a", "b")).rows == kept
