"""A list of election candidates: "SMD,Candidate Name,Website,Social,Incumbent" (Washington DC's
neighborhood commissions, docs/realworld21.md T9). "Candidate" is a word in front of the field,
as "Attendee" and "Guest" are; the file was rejected as having no header kith knows."""

from __future__ import annotations

from pathlib import Path

from tests.exports_support import kith_records

ROSTER = ("SMD,Candidate Name,Website,Social,Incumbent\n"
          "4D02,Jordan Ellery,,https://sites.example.org/ellery-for-4d02,\n"
          "6D03,Gale Whitfield,,,\n"
          "1B07,Priya Natarajan,https://natarajan.example.org,,Y\n"
          "2A01,Marcus O. Bell,,,\n")


def test_candidate_names_read(tmp_path: Path) -> None:
    rec = kith_records(tmp_path, {"roster.csv": ROSTER}).sort("source_row")
    assert rec["display_name"].to_list() == [
        "Jordan Ellery", "Gale Whitfield", "Priya Natarajan", "Marcus O. Bell"]
    assert rec["urls"].to_list()[2] == ["https://natarajan.example.org"]


def test_candidate_qualifier() -> None:
    from pipeline.formats.csvheaders import column_map

    assert column_map(["Candidate Name", "Candidate Email", "Candidate Phone"]) == {
        "full_name": ["Candidate Name"], "emails": ["Candidate Email"],
        "phones": ["Candidate Phone"]}
