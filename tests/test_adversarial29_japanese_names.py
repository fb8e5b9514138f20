"""Round 29 (docs/adversarial29.md, leftover (c)): a Japanese book written in kanji alone. On
main its names were split as Chinese (田中守 -> 田 + 中守, 佐々木健 -> 佐 + 々木健), so the same
person typed "田中 守" on another card had a different family and given name; its
four-kanji names stayed whole (山田太郎). A list of the commonest Japanese family names
(cjk_names.JAPANESE_FAMILY) decides where they end. Fixture fictitious."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.normalize.names import parse_full_name_series
from tests.exports_support import kith_run

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def _parts(names: list[str], split_cjk: bool = True) -> list[tuple[str | None, str | None]]:
    parsed = parse_full_name_series(pl.Series(names, dtype=pl.String), split_cjk)
    return list(zip(parsed["family"].to_list(), parsed["given"].to_list(), strict=True))


def test_a_listed_japanese_family_name_ends_where_the_list_says():
    assert _parts(["田中守", "山田太郎", "佐々木健", "長谷川由紀子", "田中", "佐々木"]) == [
        ("田中", "守"), ("山田", "太郎"), ("佐々木", "健"), ("長谷川", "由紀子"),
        ("田中", None), ("佐々木", None)]
    # Chinese names as before: one family character, a compound, four whole
    assert _parts(["曾俊凱", "王伟", "歐陽娜娜", "陳林美玲", "林芳綾"]) == [
        ("曾", "俊凱"), ("王", "伟"), ("歐陽", "娜娜"), ("陳林美玲", None), ("林", "芳綾")]
    # in a book with kana (no Chinese split) the list still splits; others stay whole
    assert _parts(["田中守", "高田健"], split_cjk=False) == [("田中", "守"), ("高田健", None)]


def test_a_kanji_only_japanese_book_agrees_with_a_card_typed_with_a_space(tmp_path):
    kith_run(tmp_path, {"jp.csv": (HERE / "japanese_book_kanji_only.csv").read_bytes(),
                        "phone.csv": "Name,Phone,Company\n田中 守,+81 3 5555 0101,青葉商事\n"})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_file",
                                                                         "source_row")
    jp = records.filter(pl.col("source_file") == "jp.csv")
    assert jp["family_clean"].to_list() == ["田中", "山田", "佐々木", "長谷川", "曾", "高"]
    assert jp["given_clean"].to_list() == ["守", "太郎", "健", "由紀子", "俊凱", "田健"]
    assert jp["display_name"].to_list() == ["田中守", "山田太郎", "佐々木健", "長谷川由紀子",
                                             "曾俊凱", "高田健"]
    phone = records.filter(pl.col("source_file") == "phone.csv").row(0, named=True)
    first = jp.row(0, named=True)
    assert (phone["family_clean"], phone["given_clean"]) == ("田中", "守")
    assert first["name_key"] == phone["name_key"]
