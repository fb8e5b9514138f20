"""A field written in several languages, one column each ("nameEn,nameKo", "name_en", "Name
(EN)"): a Korean conference's people table (docs/realworld21.md, T7). No column was read as
the name: the rows without an e-mail were rejected, the others shown by their address."""

from __future__ import annotations

from pathlib import Path

from tests.exports_support import kith_records

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "conference_people_bilingual.csv"


def test_bilingual_name_columns(tmp_path: Path) -> None:
    rec = kith_records(tmp_path, {"participants.csv": FIXTURE.read_text("utf-8")})
    assert rec.height == 6  # every row a person, none rejected
    assert rec.sort("source_row")["display_name"].to_list() == [
        "Minji Han", "Seojun Park", "Hana Yoon", "Jiho Lim", "Minji Han", "Taeyang Choi"]


def test_language_tags() -> None:
    from pipeline.formats.csvheaders import column_map, language_stem

    assert [language_stem(h) for h in ("nameEn", "name_ko", "Name (EN)", "Vorname DE")] == [
        "name", "name", "Name", "Vorname"]
    # no language: a word, an id, a number
    assert [language_stem(h) for h in ("Name", "Company ID", "Phone No", "cityOf",
                                       "Street Nr")] == [None] * 5
    cmap = column_map(["nameEn", "nameKo", "email", "Company ID", "companyEn"])
    assert cmap == {"full_name": ["nameEn", "nameKo"], "emails": ["email"],
                    "organization": ["companyEn"]}
