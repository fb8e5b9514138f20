"""`kith changes` says when a kind of export is missing (adversarial round 30).

The user took the Google CSV out of the folder for a night. `kith changes` listed 32 people
"gone", a "job" change (an employer that came from the Google card) and a merge, with nothing
saying why. It now opens with the export that is missing. Fictitious people."""

from __future__ import annotations

import shutil

from exports_support import kith_in_home, run_home

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name\n"
          "Dana,Whitlow,dana.w@example.net,Harbor Clinic\n"
          "Tom,Brisk,tom.brisk@example.net,Harbor Clinic\n")
PHONE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Whitlow;Dora;;;\r\nFN:Dora Whitlow\r\n"
         "EMAIL:dora.w@example.net\r\nEND:VCARD\r\n")


def test_changes_names_the_export_missing_tonight(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "contacts.csv").write_text(GOOGLE, "utf-8")
    (exports / "phone.vcf").write_text(PHONE, "utf-8")
    run_home(tmp_path, exports)
    shutil.move(exports / "contacts.csv", tmp_path / "contacts.csv")
    run_home(tmp_path, exports)
    out = kith_in_home(tmp_path, "changes")
    first = out.splitlines()[0]
    assert first.startswith("missing: contacts.csv") and "2 contacts" in first
    assert "Dana Whitlow: no longer in your exports" in out
    shutil.move(tmp_path / "contacts.csv", exports / "contacts.csv")
    run_home(tmp_path, exports)
    assert "missing" not in kith_in_home(tmp_path, "changes")


def test_a_re_download_under_another_name_is_not_missing(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "contacts.csv").write_text(GOOGLE, "utf-8")
    run_home(tmp_path, exports)
    (exports / "contacts.csv").rename(exports / "contacts (1).csv")
    (exports / "phone.vcf").write_text(PHONE, "utf-8")
    run_home(tmp_path, exports)
    assert "missing" not in kith_in_home(tmp_path, "changes")
