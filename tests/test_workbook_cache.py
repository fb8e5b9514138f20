"""A workbook's sheets are converted to CSV once: a refresh in which another file changed finds
each sheet's parsed entry from the workbook's hash (cache.sheet_key), without openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pipeline import cache
from pipeline.formats import workbook
from pipeline.inputs import Limits
from pipeline.stages.ingest import ingest

HEADER = ["First Name", "Last Name", "Email", "Company"]
ROWS = [["Ann", "Lee", "ann@example.org", "Acme"], ["Bo", "Chen", "bo@example.com", "Initech"]]


def _book(path: Path, rows: list[list]) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Contacts"
    for row in [HEADER, *rows]:
        wb.active.append(row)
    wb.create_sheet("Sheet2")
    wb.save(path)


def _folder(tmp_path: Path, rows: list[list], csv_line: str) -> Path:
    exports = tmp_path / "exports"
    exports.mkdir(exist_ok=True)
    _book(exports / "crm.xlsx", rows)
    (exports / "google.csv").write_text(f"First Name,Last Name,E-mail 1 - Value\n{csv_line}\n",
                                        "utf-8")
    return exports


def _ingest(exports: Path, cache_dir: Path):
    result = ingest([exports], [], Limits(), cache_dir=cache_dir)
    return result, sorted(result.files.select("path", "sha256", "status", "reason").rows())


def _counting_conversions(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = workbook.sheet_csv

    def counted(members, sheet):
        calls.append(sheet)
        return real(members, sheet)

    monkeypatch.setattr(workbook, "sheet_csv", counted)
    return calls


def test_a_refresh_does_not_convert_an_unchanged_workbook_again(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    exports = _folder(tmp_path, ROWS, "Cy,Dahl,cy@example.net")
    first, first_files = _ingest(exports, cache_dir)
    assert len(list(cache_dir.glob("sheet-*"))) == 2  # one note per sheet, the empty one too

    (exports / "google.csv").write_text("First Name,Last Name\nDi,Eng\n", "utf-8")
    calls = _counting_conversions(monkeypatch)
    second, second_files = _ingest(exports, cache_dir)
    assert calls == []
    sheets = [f for f in second_files if f[0].startswith("crm.xlsx!")]
    assert sheets == [f for f in first_files if f[0].startswith("crm.xlsx!")]
    assert [s[2] for s in sheets] == ["ingested", "skipped"]
    from_book = second.contacts.filter(second.contacts["source_file"] == "crm.xlsx!Contacts")
    assert from_book.sort("source_row")["given_name"].to_list() == ["Ann", "Bo"]
    # the notes the run used are what cache.prune keeps
    cache.prune(cache_dir, second.cache_keys)
    assert len(list(cache_dir.glob("sheet-*"))) == 2
    assert {k for k in second.cache_keys if k.startswith("sheet-")} == {
        p.name for p in cache_dir.glob("sheet-*")}


def test_a_changed_workbook_is_converted_again(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    exports = _folder(tmp_path, ROWS, "Cy,Dahl,cy@example.net")
    _ingest(exports, cache_dir)
    _book(exports / "crm.xlsx", [*ROWS, ["Ed", "Fox", "ed@example.com", "Hooli"]])
    calls = _counting_conversions(monkeypatch)
    second, _ = _ingest(exports, cache_dir)
    assert sorted(calls) == ["Contacts", "Sheet2"]
    from_book = second.contacts.filter(second.contacts["source_file"] == "crm.xlsx!Contacts")
    assert from_book.sort("source_row")["given_name"].to_list() == ["Ann", "Bo", "Ed"]
    cache.prune(cache_dir, second.cache_keys)
    assert len(list(cache_dir.glob("sheet-*"))) == 2  # the old workbook's notes are gone


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"sha256": "ab", "size": 3}',
                                    b'{"sha256": null}'])
def test_a_damaged_note_is_a_conversion_not_a_wrong_answer(tmp_path, monkeypatch, damage):
    cache_dir = tmp_path / "cache"
    exports = _folder(tmp_path, ROWS, "Cy,Dahl,cy@example.net")
    _, first_files = _ingest(exports, cache_dir)
    for note in cache_dir.glob("sheet-*"):
        note.write_bytes(damage)
    calls = _counting_conversions(monkeypatch)
    _, second_files = _ingest(exports, cache_dir)
    assert sorted(calls) == ["Contacts", "Sheet2"]
    assert second_files == first_files


def test_a_note_whose_entry_is_gone_is_a_conversion(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    exports = _folder(tmp_path, ROWS, "Cy,Dahl,cy@example.net")
    _, first_files = _ingest(exports, cache_dir)
    for entry in cache_dir.iterdir():
        if entry.is_dir():
            for part in entry.iterdir():
                part.unlink()
            entry.rmdir()
    calls = _counting_conversions(monkeypatch)
    _, second_files = _ingest(exports, cache_dir)
    assert sorted(calls) == ["Contacts", "Sheet2"]
    assert second_files == first_files
