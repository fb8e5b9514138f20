"""When kith cannot tell a book's country it asks for `default_region`, and names the regions
under which most of the numbers are valid. A Hindi book's `98…` mobiles are valid in Brazil,
Kazakhstan, Mexico, Russia and the Philippines as well as India (realworld19, "Found and
left": the message once named only PH). The hint now says when most of the book's names are
written in one script and which countries write it (Devanagari: IN and NP; Hebrew: IL; Thai:
TH; ...), those of them that read the numbers listed first. A hint only: no number is read
without the user's `default_region` (script_region.book_script; region_hint.ask). The fixture is
written for kith: invented names, numbers valid in India and not in the US."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.normalize import region, script_region

HERE = Path(__file__).parent / "fixtures" / "addressbook"


def _book(names: list[str], numbers: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"source_file": ["book.csv"] * len(names), "full_name": names,
                         "phones": [[n] for n in numbers]},
                        schema={"source_file": pl.String, "full_name": pl.String,
                                "phones": pl.List(pl.String)})


def _hindi() -> tuple[list[str], list[str]]:
    rows = (HERE / "contacts_hindi_mobiles.csv").read_text("utf-8").splitlines()[1:]
    cells = [r.split(",") for r in rows]
    return [c[0] for c in cells], [c[1] for c in cells]


def test_a_hindi_book_is_told_its_script_and_india_first(tmp_path):
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    (home / "exports" / "contacts.csv").write_bytes((HERE / "contacts_hindi_mobiles.csv")
                                                     .read_bytes())
    (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "most of them are valid in IN, NP," in said
    assert "written in Devanagari script, as in IN and NP, and IN and NP read most" in said
    records = pl.read_parquet(home / "out" / "records.parquet")
    assert records.height == 24
    # a hint only: no national number is read without the user's default_region
    assert records["phones_e164"].list.len().sum() == 0


def test_the_same_numbers_under_latin_names_get_no_script_sentence():
    names, numbers = _hindi()
    choice = region.choose_apart("auto", _book([f"Ravi Kumar {i}" for i in range(len(names))],
                                               numbers)).folder
    assert choice.doubtful and "script" not in choice.reason
    assert "most of them are valid in IN," in choice.reason  # by count, then by code


def test_a_one_country_script_whose_country_reads_none_says_so():
    # Thai names (Thailand's script), Indian mobiles: TH reads none of them, and the hint
    # says so instead of naming Thailand as the answer
    names, numbers = _hindi()
    thai = [f"สมชาย ใจดี{i}" for i in range(len(numbers))]
    choice = region.choose_apart("auto", _book(thai, numbers)).folder
    assert choice.doubtful
    assert "written in Thai script, as in TH, none of which reads most" in choice.reason


def test_book_script_needs_half_of_the_names():
    def rows(names):
        return script_region.row_regions(pl.DataFrame({"source_file": ["f"] * len(names),
                                                        "full_name": names}))
    assert script_region.book_script(rows(["Γιώργος Παπαδόπουλος", "Ann Lee"])) == \
        ("Greek", ["GR"])
    assert script_region.book_script(rows(["김민준", "이서연", "Ann Lee"])) == ("Hangul", ["KR"])
    assert script_region.book_script(rows(["יוסף ישראל", "Ann Lee", "Bo Berg"])) is None
    assert script_region.book_script(rows(["राजेश कुमार", "অমিত দাস"])) is None  # half each
    assert script_region.book_script(rows(["李小龙", "山田太郎", "Ann Lee"])) == (
        "Han", ["CN", "HK", "JP", "MO", "SG", "TW"])
    assert script_region.book_script(rows(["山田 はなこ", "佐藤 ゆき"])) == ("Hiragana", ["JP"])
    # half of the book is enough, as for script_region.named
    assert script_region.book_script(rows(["ਹਰਪ੍ਰੀਤ ਸਿੰਘ", "Ann Lee"])) == ("Gurmukhi", ["IN"])
