"""A number left as written (phone35: a UK mobile in a book read "US, then India" is an Indian
number too, so it is not read) still links the cards that hold it, by its digits: the same
dial string in one person's book is the same number. Placeholders and short numbers do not."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from pipeline.dedupe.unread_phones import with_unread
from tests.test_phone_region_files import US, google_csv, kith_run

FIXTURE = Path(__file__).parent / "fixtures" / "phone35" / "crm_mixed_national.csv"


def test_unread_numbers_are_keyed_by_their_digits_and_placeholders_are_not():
    frame = pl.DataFrame(
        {"phones_e164": [["+14155550101"], [], [], []],
         "phones_invalid": [["07400 100000"], ["07400-100000", "22222222", "12345678"],
                            ["555 01"], []]},
        schema={"phones_e164": pl.List(pl.String), "phones_invalid": pl.List(pl.String)})
    keys = frame.select(with_unread(frame))["phones_e164"].to_list()
    assert keys == [["+14155550101", "#07400100000"], ["#07400100000"], [], []]


def test_two_cards_with_one_unread_number_share_a_phone(tmp_path):
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    google_csv(h / "exports" / "google.csv", US)
    shutil.copy(FIXTURE, h / "exports" / FIXTURE.name)  # Given40 Family40: 07400 100000
    (h / "exports" / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Family40;G.;;;\r\nFN:G. Family40\r\n"
        "TEL;TYPE=CELL:07400-100000\r\nEND:VCARD\r\n", encoding="utf-8")
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    kith_run(h)
    records = pl.read_parquet(h / "out" / "records.parquet").filter(
        pl.col("family_name") == "Family40")
    assert records.height == 2
    assert records["phones_e164"].list.len().to_list() == [0, 0]  # left as written, both
    ids = records["record_id"].to_list()
    pairs = pl.read_parquet(h / "out" / "pairs.parquet").filter(
        pl.col("record_id_l").is_in(ids) & pl.col("record_id_r").is_in(ids))
    assert pairs["phone_level"].to_list() == ["exact"]  # one number, on these two cards only
    assert records["person_id"].n_unique() == 1
