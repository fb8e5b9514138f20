"""Person ids survive a kith upgrade that normalises names differently.

A record id is a hash of normalised keys. A newer kith that splits a name another way (rw22:
Korean names split after the family name) gives an unchanged export row a new record id; a
person with nothing else to overlap the last run then got a new id, and the user's note
stayed on an id marked gone. The upgrade is simulated by changing the record key (every record
id changes) and kith's build digest (so the refresh does not reuse the last run)."""

from __future__ import annotations

import polars as pl
import pytest
from exports_support import person_ids, run_home

from pipeline import build
from pipeline.notes import notes_file
from pipeline.stages import normalize as normalize_stage

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name\n"
          "유림,최,,,\n"
          "Ann,Lee,ann@a.example,+14155550100,Acme\n"
          "Bob,Ray,bob@b.example,,Beta\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Ray\r\nN:Ray;Bob;;;\r\n"
         "EMAIL:bob@b.example\r\nORG:Beta\r\nEND:VCARD\r\n")


def _record_ids(home) -> set[str]:
    return set(pl.read_parquet(home / "out" / "records.parquet")["record_id"])


def _upgrade(monkeypatch) -> None:
    key = normalize_stage._record_natural_key
    monkeypatch.setattr(normalize_stage, "_record_natural_key", lambda: key() + "|v2")
    monkeypatch.setattr(build, "digest", lambda: "an-upgraded-kith")


@pytest.fixture
def home(first_runs):
    """The two exports run once (run_home): made once per module, a fresh copy per test where
    it was made (tests/home_copies.py)."""
    def make(folder):
        exports = folder / "exports"
        exports.mkdir()
        (exports / "google.csv").write_text(GOOGLE, "utf-8")
        (exports / "phone.vcf").write_text(VCARD, "utf-8")
        run_home(folder, exports)

    return first_runs.fresh("home", make)


def test_every_person_keeps_their_id_and_notes_when_every_record_id_changes(home, monkeypatch):
    before = person_ids(home)
    old_records = _record_ids(home)
    path = home / "data" / "notes.csv"
    for name, pid in before.items():
        notes_file.set_note(path, pid, name, need=f"something for {name}")
    _upgrade(monkeypatch)
    after = run_home(home, home / "exports")
    assert not _record_ids(home) & old_records  # the upgrade did change every record id
    assert after == before
    notes = notes_file.load_notes(path)
    assert notes["kith_status"].to_list() == ["active"] * len(before)
    changes = pl.read_parquet(home / "out" / "changes.parquet")
    assert changes.filter(pl.col("change").is_in(["gone", "new", "merged", "split"])).height == 0


def test_a_row_whose_values_changed_is_not_carried(home, monkeypatch):
    """Only identical raw values carry an id: a row edited in the same upgrade (Bob's vCard
    gone, his Google row now another person) is a new record like any other."""
    before = person_ids(home)
    (home / "exports" / "phone.vcf").unlink()
    (home / "exports" / "google.csv").write_text(
        GOOGLE.replace("Bob,Ray,bob@b.example,,Beta", "Rob,Kay,,,Gamma"), "utf-8")
    _upgrade(monkeypatch)
    after = run_home(home, home / "exports")
    assert after["최유림"] == before["최유림"]
    assert after["Ann Lee"] == before["Ann Lee"]
    assert "Bob Ray" not in after
    assert after["Rob Kay"] not in before.values()


def test_a_fresh_run_is_not_touched(tmp_path):
    """With no previous run there is nothing to carry: ids are those of the records, as
    always (p_ of the person's smallest r_ record id)."""
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "google.csv").write_text(GOOGLE, "utf-8")
    ids = run_home(tmp_path, exports)
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    smallest = records.group_by("person_id").agg(pl.col("record_id").min())
    assert {r["person_id"]: "p_" + r["record_id"][2:] for r in smallest.iter_rows(named=True)} \
        == {pid: pid for pid in ids.values()}
