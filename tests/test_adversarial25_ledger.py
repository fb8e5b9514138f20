"""Adversarial round 25 (docs/adversarial25.md): the ledger follows a split back, as the
notes do (round 24's c2 left the ledger behind)."""

from __future__ import annotations

from exports_support import ann_and_annie, merge_ann_into_annie
from exports_support import run_home as _run

from pipeline.notes import ledger, ledger_keys, notes_file


def test_a_split_that_brings_a_merged_person_back_takes_their_ledger_entries_back(tmp_path):
    """Ann's ledger entries were re-keyed to Annie when a new export merged them. The export
    is removed and the split brings Ann back: her entries go back to her id (on main they
    stayed on Annie's, so Annie's reciprocity counted what Ann was given). Annie's own entry
    stays hers, and no cell the user typed changes."""
    exports = tmp_path / "exports"
    ann_and_annie(exports)
    ids = _run(tmp_path, exports)
    ann, annie = ids["Ann Lee"], ids["Annie Lee-Smith"]
    notes = tmp_path / "data" / "notes.csv"
    path = ledger.ledger_path(notes)
    path.write_text("date,person_id,name,kind,text,my column\n"
                    f"2026-11-01,{ann},Ann Lee,asked,\"a flat, Lisbon\",x\n"
                    f"2026-11-02,{annie},Annie Lee-Smith,gave,an intro,y\n"
                    f"2026-11-03,{ann},Ann Lee,talked,coffee,z\n", "utf-8")
    merge_ann_into_annie(exports)
    assert ann not in _run(tmp_path, exports).values()  # merged into Annie
    merged = ledger.load_ledger(path)
    assert merged["person_id"].to_list() == [annie, annie, annie]
    kept = path.read_bytes()
    _run(tmp_path, exports)  # nothing changes who is who: the file is not touched
    assert path.read_bytes() == kept
    (exports / "c.csv").unlink()
    assert _run(tmp_path, exports)["Ann Lee"] == ann  # the split brings her id back
    back = ledger.load_ledger(path)
    assert back["person_id"].to_list() == [ann, annie, ann]
    assert merged[ledger.FROM].to_list() == [ann, "", ann]  # where they were re-keyed from
    assert back["text"].to_list() == ["a flat, Lisbon", "an intro", "coffee"]
    assert back[ledger.FROM].to_list() == ["", "", ""]
    lines = path.read_text("utf-8-sig").splitlines()
    assert lines[0] == "date,person_id,name,kind,text,my column,kith_from"
    assert [line.split(",")[-2] for line in lines[1:]] == ["x", "y", "z"]


def test_follow_takes_an_entry_back_through_a_chain_of_merges():
    """A merged into B, then B into C: the entry remembers both. C splitting B back takes it
    to B (A's records went with B); B splitting A back then takes it home."""
    pid, came = ledger_keys.follow("A", "", {"A": "B"}, {})
    assert (pid, came) == ("B", "A")
    pid, came = ledger_keys.follow(pid, came, {"B": "C"}, {})
    assert (pid, came) == ("C", "A; B")
    assert ledger_keys.follow(pid, came, {}, {"C": ["B"]}) == ("B", "A")
    assert ledger_keys.follow("B", "A", {}, {"B": ["A"]}) == ("A", "")
    assert ledger_keys.follow("C", "A; B", {}, {"C": ["X"]}) == ("C", "A; B")  # not theirs
    assert notes_file.identity_moves  # the lineage maps the run gives the ledger
