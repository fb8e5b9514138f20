"""A note typed for someone gone tonight is theirs, never a namesake's (adversarial round 30).

The Google CSV was taken out of the folder for a night; Dana Whitlow, only in it, was gone.
`kith note "Dana Whitlow" --next ...` matched the name fuzzily to Dora Whitlow (another
person, on the phone), wrote the note on Dora's row and replaced Dora's own next step;
`kith log` did the same with the ledger. A name as written is looked up first among the
people, then among the notes of people gone from the exports, and only then fuzzily."""

from __future__ import annotations

import polars as pl
from exports_support import kith_in_home, run_home

from pipeline.notes import ledger as ledger_mod
from pipeline.notes import notes_file

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name\n"
          "Dana,Whitlow,dana.w@example.net,Harbor Clinic\n")
PHONE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Whitlow;Dora;;;\r\nFN:Dora Whitlow\r\n"
         "EMAIL:dora.w@example.net\r\nORG:Harbor Clinic\r\nEND:VCARD\r\n")


def test_a_note_for_someone_gone_tonight_stays_theirs(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "google.csv").write_text(GOOGLE, "utf-8")
    (exports / "phone.vcf").write_text(PHONE, "utf-8")
    ids = run_home(tmp_path, exports)
    dana, dora = ids["Dana Whitlow"], ids["Dora Whitlow"]
    kith_in_home(tmp_path, "note", "Dora Whitlow", "--next", "ask about the night shifts")
    kith_in_home(tmp_path, "note", "Dana Whitlow", "--offer", "lend her the camping gear")
    (exports / "google.csv").unlink()  # taken out of the folder for a night
    assert "Dana Whitlow" not in run_home(tmp_path, exports)
    out = kith_in_home(tmp_path, "note", "Dana Whitlow", "--next", "return her thermos")
    assert dana in out and dora not in out
    kith_in_home(tmp_path, "log", "Dana Whitlow", "gave", "a lift")
    shown = kith_in_home(tmp_path, "note", "Dana Whitlow")
    assert "lend her the camping gear" in shown and "a lift" in shown
    notes = notes_file.load_notes(tmp_path / "data" / "notes.csv")
    by_id = {r["person_id"]: r for r in notes.iter_rows(named=True)}
    assert by_id[dora]["next_step"] == "ask about the night shifts"
    assert by_id[dana]["next_step"] == "return her thermos"
    ledger = ledger_mod.load_ledger(ledger_mod.ledger_path(tmp_path / "data" / "notes.csv"))
    assert ledger.filter(pl.col("text") == "a lift")["person_id"].to_list() == [dana]
    # a misspelt name of someone here is still found
    assert dora in kith_in_home(tmp_path, "note", "Dora Whitlo")
