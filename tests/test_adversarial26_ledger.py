"""Round 26: a ledger re-keyed by a kith from before kith_from existed cannot follow a split
back; the run says which entries to check instead of leaving them silently
(docs/adversarial26.md, round 25's leftover)."""

from __future__ import annotations

import contextlib
import json

import polars as pl
from click.testing import CliRunner
from exports_support import ann_and_annie, merge_ann_into_annie

from pipeline.cli import main
from pipeline.notes import ledger


def _run(home, exports) -> tuple[dict[str, str], str]:
    with contextlib.chdir(home):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(home / "out"),
                                        "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    people = pl.read_parquet(home / "out" / "people.parquet")
    return dict(zip(people["display_name"], people["person_id"], strict=True)), res.output


def _ledger_then_merge(tmp_path):
    """Ann and Annie apart, one ledger entry each, then a run that merges Ann into Annie:
    (exports folder, ledger path, Ann's id, Annie's id)."""
    exports = tmp_path / "exports"
    ann_and_annie(exports)
    ids, _ = _run(tmp_path, exports)
    ann, annie = ids["Ann Lee"], ids["Annie Lee-Smith"]
    path = tmp_path / "data" / "ledger.csv"
    path.write_text("date,person_id,name,kind,text\n"
                    f"2026-11-01,{ann},Ann Lee,asked,a flat\n"
                    f"2026-11-02,{annie},Annie Lee-Smith,gave,an intro\n", "utf-8")
    merge_ann_into_annie(exports)
    _run(tmp_path, exports)
    return exports, path, ann, annie


def _ledger_then_merge_copy(first_runs):
    """_ledger_then_merge's home, made once per module and copied where it was made for each
    test (tests/home_copies.py); the two ids of its first run are kept beside it."""
    ids = first_runs.base / "ledger-then-merge.json"

    def make(home):
        ids.write_text(json.dumps(_ledger_then_merge(home)[2:]), "utf-8")

    home = first_runs.fresh("ledger-then-merge", make)
    ann, annie = json.loads(ids.read_text("utf-8"))
    return home, home / "exports", home / "data" / "ledger.csv", ann, annie


def test_a_split_of_an_old_ledger_names_the_lines_to_check(first_runs):
    """Ann's entries were re-keyed to Annie by an old kith (no kith_from column: simulated by
    removing it after the merge). The split brings Ann back; kith cannot know which entries
    were hers, moves none, and says so: the lines and both ids (main: nothing said)."""
    home, exports, path, ann, annie = _ledger_then_merge_copy(first_runs)
    old = path.read_text("utf-8-sig").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in old) + "\n", "utf-8")
    assert "kith_from" not in path.read_text("utf-8")
    (exports / "c.csv").unlink()
    ids, output = _run(home, exports)
    assert ids["Ann Lee"] == ann
    assert f"{annie} was split (also {ann}): ledger.csv line(s) 2, 3 stay with {annie}" in (
        " ".join(output.split()))
    assert ledger.load_ledger(path)["person_id"].to_list() == [annie, annie]


def test_a_split_after_kith_from_says_nothing_about_entries_it_moved_back(first_runs):
    """With kith_from recorded, Ann's entry goes back; only Annie's own entry (logged for the
    person who was split) is named."""
    home, exports, path, ann, annie = _ledger_then_merge_copy(first_runs)
    (exports / "c.csv").unlink()
    _, output = _run(home, exports)
    assert ledger.load_ledger(path)["person_id"].to_list() == [ann, annie]
    assert f"ledger.csv line(s) 3 stay with {annie}" in " ".join(output.split())
