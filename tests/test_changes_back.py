"""A person who comes back to the exports with your notes kept is "back", not "new".

A Google CSV taken out of the folder for a night makes its people gone; notes.csv keeps the
rows you typed something in, marked gone. When the file comes back, so do their ids, notes
and ledger; `kith changes` and the worksheets' "what changed" listed them as "new in your
exports" (adversarial round 30, E11'). A returning person without notes of yours has no row
kept, so kith cannot tell them from someone new: they stay "new"."""

from __future__ import annotations

import polars as pl
from exports_support import kith_in_home, run_home

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name\n"
          "Dana,Whitlow,dana.w@example.net,Harbor Clinic\n"
          "Ravi,Menon,ravi.m@example.net,Northwind\n")
PHONE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Whitlow;Dora;;;\r\nFN:Dora Whitlow\r\n"
         "EMAIL:dora.w@example.net\r\nEND:VCARD\r\n")


def test_a_person_back_with_your_notes_is_back_not_new(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "google.csv").write_text(GOOGLE, "utf-8")
    (exports / "phone.vcf").write_text(PHONE, "utf-8")
    ids = run_home(tmp_path, exports)
    kith_in_home(tmp_path, "note", "Dana Whitlow", "--need", "a sponsor for her visa")
    (exports / "google.csv").unlink()
    run_home(tmp_path, exports)
    (exports / "google.csv").write_text(GOOGLE, "utf-8")  # put back
    assert run_home(tmp_path, exports) == ids
    changes = pl.read_parquet(tmp_path / "out" / "changes.parquet")
    kinds = dict(zip(changes["person_id"], changes["change"], strict=True))
    assert kinds == {ids["Dana Whitlow"]: "back", ids["Ravi Menon"]: "new"}
    shown = kith_in_home(tmp_path, "changes")
    assert "back (1):\n  Dana Whitlow: back in your exports; your notes on them are kept" in shown
    assert "new (1):\n  Ravi Menon: new in your exports" in shown
    page = (tmp_path / "out" / "worksheets" / "index.html").read_text("utf-8")
    assert "Back in your exports" in page
