"""Round 26: `kith forget` leaves no trace of the person in another person's rows: the
ledger's kith_from chain and the notes' review flags name former ids (docs/adversarial26.md)."""

from __future__ import annotations

import contextlib

from click.testing import CliRunner
from exports_support import ann_and_annie
from exports_support import run_home as _run

from pipeline.cli import main


def test_forget_removes_the_person_from_other_rows_chains_and_flags(tmp_path):
    """Ann's entry and notes row sit on Annie's id, re-keyed by a merge (Ann's export was
    later removed and restored, so no split took them back): the entry's kith_from starts
    with Ann's id, the row is flagged "merged from <Ann>: review". Forgetting Ann removes
    them (they were logged for her); Annie's own entry re-keyed through Ann (C -> Ann ->
    Annie) keeps its text and loses Ann's id from its chain, and Annie's flag about the
    merge names no id. On main every one of those cells kept Ann's id."""
    exports = tmp_path / "exports"
    ann_and_annie(exports)
    ids = _run(tmp_path, exports)
    ann, annie = ids["Ann Lee"], ids["Annie Lee-Smith"]
    data = tmp_path / "data"
    (data / "ledger.csv").write_text(
        "date,person_id,name,kind,text,kith_from\n"
        f"2026-11-01,{annie},Ann Lee,asked,a flat in Lisbon,{ann}\n"
        f"2026-11-02,{annie},Annie Lee-Smith,gave,an intro,\n"
        f"2026-11-03,{annie},Annie Lee-Smith,talked,coffee,p_00000000000000c0; {ann}\n"
        f"2026-11-04,{ann},Ann Lee,talked,lunch,\n", "utf-8")
    notes = (data / "notes.csv").read_text("utf-8-sig").splitlines()
    header = notes[0].split(",")
    flag = header.index("kith_flag")

    def row(pid: str, name: str, need: str, flags: str) -> str:
        cells = [""] * len(header)
        cells[0], cells[1], cells[header.index("need")], cells[flag] = pid, name, need, flags
        return ",".join(cells)

    (data / "notes.csv").write_text("\n".join([
        notes[0],
        row(annie, "Annie Lee-Smith", "a job in Porto", f"merged with {ann}: review"),
        row(annie, "Annie Lee-Smith", "a flat in Lisbon", f"merged from {ann}: review"),
    ]) + "\n", "utf-8")
    with contextlib.chdir(tmp_path):
        res = CliRunner().invoke(main, ["forget", ann, "--yes", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    for name in ("ledger.csv", "notes.csv"):
        text = (data / name).read_text("utf-8-sig")
        assert ann not in text, name
        assert "Lisbon" not in text and "lunch" not in text
    ledger_text = (data / "ledger.csv").read_text("utf-8-sig")
    assert "an intro" in ledger_text
    assert "coffee,p_00000000000000c0\n" in ledger_text
    notes_text = (data / "notes.csv").read_text("utf-8-sig")
    assert "a job in Porto" in notes_text
    assert "merged with a forgotten person: review" in notes_text
