"""A Taiwanese referral chapter's member roster, its headers in Traditional Chinese (姓名, 行業職稱,
所屬公司, 公司網站) and its names of two to four Han characters (docs/realworld21.md, T8). The
whole file was rejected as "a list of names only": the trade column was not known as a title,
and a name written without spaces did not count as a whole name."""

from __future__ import annotations

from pathlib import Path

from tests.exports_support import kith_records

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "referral_roster_zh_tw.csv"


def test_roster_read_with_titles_companies_and_sites(tmp_path: Path) -> None:
    rec = kith_records(tmp_path, {"roster.csv": FIXTURE.read_text("utf-8")}).sort("source_row")
    assert rec["display_name"].to_list() == ["王大明", "陳小華", "林美玲", "張偉"]
    assert rec["title"].to_list()[:2] == ["茶葉批發零售", "室內設計"]
    assert rec["organization"].to_list()[1] == "華美設計有限公司"
    assert rec["urls"].to_list()[1] == ["https://design.example.tw"]


def test_one_word_labels_beside_a_title_are_still_no_names() -> None:
    """The Han rule is for names of two to four characters; a column of one-word Latin labels
    beside a title column is still no list of people."""
    import polars as pl
    import pytest

    from pipeline.formats.addressbook import contact_evidence
    from pipeline.formats.base import NotContacts

    frame = pl.DataFrame({"Name": ["Sales", "Support", "Billing"],
                          "Title": ["Team", "Team", "Team"]})
    with pytest.raises(NotContacts):
        contact_evidence(frame, {"full_name": ["Name"], "title": ["Title"]})
