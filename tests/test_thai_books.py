"""A Thai phone book (docs/realworld15.md, F1: a province's officials, Google vCard 3.0):
titles glued to the given name (นาย, นางสาว), police ranks before it, and national numbers
with not one written with +66. The names' script names Thailand as the region to read them in
(pipeline.normalize.script_region), as a +66 number would; titles and ranks are cut from the
name (pipeline.normalize.names). The fixtures are written for kith: invented names, numbers
constructed to be valid in Thailand and not in the US, never a real person's."""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.normalize import names, region, script_region

DAY = "2026-12-06"
GIVEN = ["สมชาย", "สมศรี", "ประเสริฐ", "วิภา", "อำนาจ", "สุดา", "ธนากร", "พิมพ์", "ชาญ", "มาลี"]
FAMILY = ["ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "ทองคำ", "สายทอง", "พรหมมา", "รักไทย"]
TITLES = ["นาย", "นางสาว", "นาง", ""]


def thai_mobile(i: int) -> str:
    return f"08{1 + i % 9}-{(123 + i * 37) % 900 + 100:03d}-{(4567 + i * 131) % 10000:04d}"


def thai_card(i: int, tel: str, given_name: str | None = None, family: str | None = None,
              extra: str = "") -> str:
    given_name = given_name or TITLES[i % 4] + GIVEN[i % len(GIVEN)]
    family = family or FAMILY[i % len(FAMILY)] + str(i // len(FAMILY) or "")
    return (f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{given_name};;;\r\n"
            f"FN:{given_name} {family}\r\nTEL;TYPE=CELL:{tel}\r\n{extra}END:VCARD\r\n")


def home(tmp_path: Path, cards: list[str], name: str = "contacts.vcf") -> Path:
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    (h / "exports" / name).write_text("".join(cards), "utf-8")
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    return h


def kith(h: Path) -> tuple[pl.DataFrame, str]:
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of", DAY])
    assert res.exit_code == 0, res.output
    return pl.read_parquet(h / "out" / "records.parquet"), res.output


def test_the_numbers_and_titles_fixture_is_what_it_says():
    for i in range(30):
        number = phonenumbers.parse(thai_mobile(i), "TH")
        assert phonenumbers.is_valid_number(number)
        assert not phonenumbers.is_valid_number(phonenumbers.parse(thai_mobile(i), "US"))


def test_a_thai_book_reads_its_numbers_in_thailand(tmp_path):
    """30 cards in Thai, national numbers only: main read them as US numbers (all invalid)
    and asked for default_region; the script names TH and the vote reads them there."""
    h = home(tmp_path, [thai_card(i, thai_mobile(i)) for i in range(30)])
    records, output = kith(h)
    e164 = records["phones_e164"].explode().drop_nulls()
    assert e164.len() == 30 and e164.str.starts_with("+66").all()
    assert records["phones_invalid"].list.len().sum() == 0
    assert "the country whose script most of the book's names are written in" in output
    # no number printed (the date and the output folder, e.g. .../pytest-308/..., are no numbers)
    said = output.replace(DAY, "").replace(str(h), "")
    assert "+66" not in said and "08" not in said


def test_one_name_in_a_script_is_not_the_books_country():
    """A British book without a +44, one friend written in katakana: Japan's plan reads
    British mobiles (070...) too, so a script that is not most of the names names nothing."""
    gb = [f"07400 1{n:05d}" for n in range(0, 3000, 97)]
    frame = pl.DataFrame({
        "source_file": ["uk.vcf"] * len(gb),
        "full_name": ["タナカ ユキ"] + [f"Given Family{i}" for i in range(1, len(gb))],
        "given_name": [None] * len(gb), "family_name": [None] * len(gb),
        "phones": [[n] for n in gb],
    }, schema_overrides={"given_name": pl.String, "family_name": pl.String})
    choice = region.choose_apart("auto", frame).folder
    assert choice.second != "JP" and choice.region != "JP"
    # and the same book with most names in katakana does try Japan (its numbers decide)
    many = frame.with_columns(full_name=pl.lit("タナカ ユキ"))
    assert script_region.script_regions(many) == ("JP",)
    assert script_region.script_regions(frame) == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["นาย", "นางสาว", "นาง", "คุณ", "ดร.", "พันตำรวจเอก", "พ.ต.อ.",
                                 " ", "สม", "ชาย", "า", "ิ", "ก", "เอก", "Dr. ", "Ann"]),
                min_size=1, max_size=6))
def test_cleaning_a_thai_given_name_twice_changes_nothing(parts):
    value = "".join(parts)
    once = pl.DataFrame({"v": [value]}).select(names.clean_given(pl.col("v")))["v"]
    twice = once.to_frame("v").select(names.clean_given(pl.col("v")))["v"]
    assert once.to_list() == twice.to_list()


def test_titles_and_ranks_are_cut_and_names_that_start_alike_are_kept():
    values = {"นายบุญส่ง": "บุญส่ง", "นางสาวนฤมล ": "นฤมล", "นางรัชนี": "รัชนี",
              "คุณสมชาย": "สมชาย", "พันตำรวจเอก ธนสิทธิ์": "ธนสิทธิ์", "พ.ต.อ.สมชาย": "สมชาย",
              "จ่าสิบเอก สมาน": "สมาน", "ดาบตำรวจสมาน": "สมาน",
              # names, not titles: Khunakorn, Ploy, Roikaew, Patchara; a title alone is kept
              "คุณากร": "คุณากร", "พลอย": "พลอย", "ร้อยแก้ว": "ร้อยแก้ว", "พัชรา": "พัชรา",
              "นาย": "นาย"}
    got = pl.DataFrame({"v": list(values)}).select(names.clean_given(pl.col("v")))["v"]
    assert dict(zip(values, got.to_list(), strict=True)) == values
    parsed = names.parse_full_name_series(pl.Series(["นางสาวนฤมล คงทน"]))
    assert parsed.row(0, named=True)["given"] == "นฤมล"


def test_two_colonels_of_one_station_are_two_people(tmp_path):
    """Two deputy commanders: the rank as their first given word, one title, one
    organisation, the station's switchboard on both and a mobile of their own. Compared with
    the rank as a given name they were one person (docs/realworld15.md, F1)."""
    extra = ("TEL;TYPE=WORK:074-611-613\r\nORG:ตำรวจภูธรจังหวัด\r\n"
             "TITLE:รองผู้บังคับการตำรวจภูธรจังหวัด\r\n")
    cards = [thai_card(i, thai_mobile(i)) for i in range(30)]
    cards += [thai_card(40, thai_mobile(40), "พันตำรวจเอก ธนสิทธิ์", "จงหวัง", extra),
              thai_card(41, thai_mobile(41), "พันตำรวจเอก ธรรมรัตน์", "ภิรมย์รักษ์", extra),
              # the same colonel again, in a card without his rank: one person with the first
              thai_card(42, thai_mobile(40), "ธนสิทธิ์", "จงหวัง")]
    records, _ = kith(home(tmp_path, cards))
    people = records.filter(pl.col("source_row") >= 30).sort("source_row")["person_id"]
    assert people[0] != people[1]
    assert people[0] == people[2]
    assert records["given_clean"].filter(records["source_row"] >= 30).to_list() == [
        "ธนสิทธิ์", "ธรรมรัตน์", "ธนสิทธิ์"]
