"""Chinese and Korean names written whole ("曾俊凱", "김민준") are split after the family name
(realworld21's "Found and left", T8; docs/realworld22.md (b); pipeline.normalize.cjk_names):
one Han character, or two for a compound family name (歐陽, 司馬); one Hangul syllable of three,
or two for 남궁, 황보, 제갈, 선우, 독고. Japanese names are not: a book whose names hold kana
keeps its kanji-only names whole. Fixtures written for kith (fictitious names)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize.names import join_display, parse_full_name_series
from tests.exports_support import kith_run

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def _parts(names: list[str]) -> list[tuple[str | None, str | None]]:
    parsed = parse_full_name_series(pl.Series(names, dtype=pl.String))
    return list(zip(parsed["family"].to_list(), parsed["given"].to_list(), strict=True))


def test_han_and_hangul_names_split_after_the_family_name():
    assert _parts(["曾俊凱", "王明", "歐陽娜娜", "司馬懿", "欧阳娜娜", "诸葛亮"]) == [
        ("曾", "俊凱"), ("王", "明"), ("歐陽", "娜娜"), ("司馬", "懿"), ("欧阳", "娜娜"),
        ("诸葛", "亮")]
    assert _parts(["김민준", "남궁민수", "황보민", "선우진"]) == [
        ("김", "민준"), ("남궁", "민수"), ("황보", "민"), ("선우", "진")]
    # left whole: four Han characters without a compound family name (陳林美玲: two family
    # names), a compound family name alone, one character, two Hangul syllables ("엄마",
    # Mum), a title in 님, five characters, kana. (山田太郎 is 山田 + 太郎 since round 29: a
    # listed Japanese family name, tests/test_adversarial29_japanese_names.py)
    for whole in ("陳林美玲", "歐陽", "李", "엄마", "선생님", "諸葛孔明先生", "はなこ"):
        assert _parts([whole]) == [(whole, None)], whole
    # with a space, CJK order as before
    assert _parts(["王 小明"]) == [("王", "小明")]


def test_a_roster_of_han_names_and_what_dedupe_makes_of_them(tmp_path):
    kith_run(tmp_path, {"roster.csv": (HERE / "roster_han_whole_names.csv").read_bytes(),
                        "people.csv": "Name,Email\nTseng Chun-kai,tseng.ck@example.com\n"})
    out = tmp_path / "out"
    records = pl.read_parquet(out / "records.parquet").sort("source_file", "source_row")
    han = records.filter(pl.col("source_file") == "roster.csv")
    assert han["given_clean"].to_list() == ["俊凱", "俊凱", "育騏", "芳綾", "娜娜", "伟"]
    assert han["family_clean"].to_list() == ["曾", "曾", "黃", "林", "歐陽", "王"]
    # shown as written: family and given together, no space
    assert han["display_name"].to_list() == ["曾俊凱", "曾俊凱", "黃育騏", "林芳綾", "歐陽娜娜",
                                             "王伟"]
    assert han["name_key"][0] == "junkai ceng"
    # "Tseng Chun-kai" (Wade-Giles, the Latin spelling Taiwan uses) meets no Han record
    tseng = records.filter(pl.col("full_name") == "Tseng Chun-kai")["person_id"][0]
    assert (records["person_id"] == tseng).sum() == 1
    assert records.height == 7


def test_a_book_with_kana_keeps_its_kanji_names_whole(tmp_path):
    kith_run(tmp_path, {"jp.csv": (HERE / "japanese_book_kana.csv").read_bytes(),
                        "roster.csv": (HERE / "roster_han_whole_names.csv").read_bytes()})
    out = tmp_path / "out"
    records = pl.read_parquet(out / "records.parquet").sort("source_file", "source_row")
    jp = records.filter(pl.col("source_file") == "jp.csv")
    # since round 29 a listed Japanese family name ends the family name in any book
    assert jp["family_clean"].to_list() == ["田中", "山田", "さとう"]
    assert jp["given_clean"].to_list() == ["守", "太郎", "ゆき"]
    # the Chinese roster beside it is still split: the rule is the file's
    roster = records.filter(pl.col("source_file") == "roster.csv")
    assert roster["family_clean"][0] == "曾"


@given(st.text(alphabet="曾黃林王歐陽司馬俊凱育騏芳綾娜伟明김민준남궁수엄마", min_size=1, max_size=6))
def test_split_names_display_as_written(name):
    parsed = parse_full_name_series(pl.Series([name], dtype=pl.String))
    shown = parsed.select(join_display(pl.col("given"), pl.col("middle"), pl.col("family")))
    assert shown.item() == name
