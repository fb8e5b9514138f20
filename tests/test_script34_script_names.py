"""A name a phone book holds in its own script meets the Latin spelling LinkedIn holds
(docs/script34.md; docs/gen5.md F1). On main anyascii keyed 박 "bag", 佐藤 "zuoteng", さとう
"satou" and محمد حسن "mhmd hsn", so no such pair was ever a candidate without a shared e-mail
address or number.

Expected before running (fixtures tests/fixtures/script34, fictitious): LinkedIn's Minjun Park,
Jieun Lee and Yuki Sato are each one person with the phone book's 박민준, 이지은 and 佐藤 ゆうき
(same organisation each), and Dongwoo Choi with 최동우; Mohammed Hassan and محمد حسن are a candidate pair whose names agree
exactly (merged or in the review queue: Mohammed is a common name, and name and organisation
are all they share); محمد حسين (Hussein, same organisation) stays someone else; 林芳 and Fang
Lin were one person on main already and stay so.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.dedupe.arabic_names import with_latin_spellings
from pipeline.normalize.names import family_parts, given_parts, parse_full_name_series
from pipeline.normalize.script_keys import consonant_skeleton, spelling_distance
from tests.exports_support import kith_run

HERE = Path(__file__).parent / "fixtures" / "script34"


def _keys(names: list[str]) -> list[tuple[str | None, str | None]]:
    parsed = parse_full_name_series(pl.Series(names, dtype=pl.String))
    return list(zip(parsed["given_key"].to_list(), parsed["family_key"].to_list(), strict=True))


def test_korean_and_japanese_family_names_are_keyed_by_their_latin_spelling():
    assert _keys(["김민준", "박 서연", "이지은", "佐藤大輔", "山田太郎", "さとう だいすけ"]) == [
        ("minjun", "kim"), ("seoyeon", "park"), ("jieun", "lee"), ("dafu", "sato"),
        ("tailang", "yamada"), ("daisuke", "sato")]
    # Chinese names as before (林 is Lin, not the Japanese Hayashi: not listed)
    assert _keys(["李娜", "林芳", "王小明"]) == [("na", "li"), ("fang", "lin"),
                                           ("xiaoming", "wang")]


def test_the_structured_fields_use_the_same_rule():
    frame = pl.DataFrame({"f": ["박", "佐藤", "さとう", "Park", "Bag", "林"],
                          "g": ["민준", "ゆうき", "りょう", "Ryou", "Yuuki", "しょうた"]})
    out = frame.select(family_parts(pl.col("f")).struct.field("key").alias("f"),
                       given_parts(pl.col("g")).struct.field("key").alias("g"))
    assert out["f"].to_list() == ["park", "sato", "sato", "park", "bag", "lin"]
    # a kana name's written-out long vowels go (ゆうき -> yuki), its small ゃゅょ join the
    # syllable before (りょう -> ryo, not riyou); Latin spellings are untouched
    assert out["g"].to_list() == ["minjun", "yuki", "ryo", "ryou", "yuuki", "shota"]


def test_korean_given_names_use_the_usual_spelling_of_a_few_syllables():
    # anyascii writes 동우 "dongu", 지현 "jihyeon"; people write Dongwoo, Jihyun. The other
    # syllables keep the Revised Romanisation most young Koreans write (Minjun, Seoyeon).
    assert _keys(["최동우", "박 지현", "김민준", "서연"]) == [
        ("dongwoo", "choi"), ("jihyun", "park"), ("minjun", "kim"), (None, "seoyeon")]  # two syllables: whole
    out = pl.DataFrame({"g": ["상훈", "민-영", "Dongu"]}).select(
        given_parts(pl.col("g")).struct.field("key"))
    assert out["key"].to_list() == ["sanghoon", "min young", "dongu"]


def test_consonant_skeleton_and_long_vowels():
    for arabic, latin in (("mhmd", "mohammed"), ("mhmd", "muhammad"), ("hsn", "hassan"),
                          ("bdllh", "abdullah"), ("lkhtyb", "al khatib"), ("ftmh", "fatimah"),
                          ("trq", "tarek"), ("mhmwd", "mahmoud"), ("hsyn", "hussein")):
        assert consonant_skeleton(arabic) == consonant_skeleton(latin), (arabic, latin)
        assert spelling_distance(arabic, latin) == 0, (arabic, latin)
    # Arabic writes the long vowel: Hussein (حسين) is no spelling of Hassan, Mahmoud not Mohamed
    assert spelling_distance("hsyn", "hassan") is None
    assert spelling_distance("mhmwd", "mohamed") is None
    # a long vowel the Latin writes where Arabic writes none fits, farther: محمد is Mohamed first
    assert spelling_distance("mhmd", "mahmoud") == 1
    assert spelling_distance("mhmd", "omar") is None


def test_only_arabic_script_records_take_a_latin_spelling():
    f = pl.DataFrame({
        "display_name": ["محمد حسن", "Mohammed Hassan", "Muhammad Hasan", "Muhammad Hasan",
                         "Mhmd Hsn", "محمد حسين", "علي عمر", "Eli Moore"],
        "given_key": ["mhmd", "mohammed", "muhammad", "muhammad", "mhmd", "mhmd", "ly", "eli"],
        "family_key": ["hsn", "hassan", "hasan", "hasan", "hsn", "hsyn", "mr", "moore"]})
    out = with_latin_spellings(f, [])
    assert out.select("given_key", "family_key").rows() == [
        ("muhammad", "hasan"),  # the spelling two records carry
        ("mohammed", "hassan"), ("muhammad", "hasan"), ("muhammad", "hasan"),
        ("mhmd", "hsn"),  # a Latin record keeps its keys
        ("mhmd", "hsyn"),  # no Latin spelling writes Hussein's long vowel
        ("ly", "mr"),  # three consonants: too short to take Eli Moore's spelling
        ("eli", "moore")]


def test_phone_book_script_names_join_their_linkedin_rows(tmp_path):
    kith_run(tmp_path, {"Connections.csv": (HERE / "Connections.csv").read_bytes(),
                        "phone.vcf": (HERE / "phone.vcf").read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet")
    person = dict(records.select("display_name", "person_id").iter_rows())
    for latin, script in (("Minjun Park", "박민준"), ("Jieun Lee", "이지은"),
                          ("Yuki Sato", "佐藤ゆうき"), ("Fang Lin", "林芳"),
                          ("Dongwoo Choi", "최동우")):
        assert person[latin] == person[script], (latin, script)
    record = dict(records.select("display_name", "record_id").iter_rows())
    pairs = pl.read_parquet(tmp_path / "out" / "pairs.parquet")
    ids = {record["Mohammed Hassan"], record["محمد حسن"]}
    arabic = pairs.filter(pl.col("record_id_l").is_in(ids) & pl.col("record_id_r").is_in(ids))
    assert arabic.select("given_level", "family_level").rows() == [("exact", "exact")]
    assert arabic["outcome"].to_list()[0] in ("merge", "review")
    assert person["محمد حسين"] != person["Mohammed Hassan"]
