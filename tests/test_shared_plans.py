"""National numbers read in the plan of a region the book's `+` numbers name
(pipeline.normalize.shared_plans, docs/realworld18.md): a list from La Réunion whose islanders
are written `+262 692 …` reads its metropolitan guests' `06 …` numbers as French, and a French
book's `0692 …` numbers as Réunion's. On main, RE was the only region tried for the first and
its 33 national numbers stayed unread (docs/realworld17.md W9)."""

from pathlib import Path

import phonenumbers
import polars as pl
from exports_support import kith_run
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import region, shared_plans

FIXTURE = Path(__file__).parent / "fixtures" / "addressbook" / "guest_list_reunion_national_numbers.csv"
REUNION = ["+262 692 12 34 56", "+262 693 11 22 33", "+262 262 41 52 63", "+262 692 70 80 90"]
METROPOLE = ["06 12 34 56 78", "07 81 23 45 67", "06 45 67 89 01", "06 23 45 67 12",
             "07 56 34 12 90", "06 78 90 12 34", "04 72 10 20 30"]


def lists(values: list[str]) -> pl.Series:
    return pl.Series("phones", [[v] for v in values], dtype=pl.List(pl.String))


def test_a_reunion_books_national_numbers_read_in_frances_plan():
    choice = region.infer(lists(REUNION + METROPOLE))
    assert (choice.region, choice.second, choice.doubtful) == ("US", "FR", False)
    assert "national plan" in choice.reason and "06" not in choice.reason


def test_a_french_books_0692_numbers_read_as_reunions():
    """The other way round: metropolitan `+33` numbers name FR, and the islanders' numbers
    written `0692 …` are valid in RE (phonenumbers' metadata), not in FR."""
    book = ["+33 6 12 34 56 78", "+33 1 42 68 53 00", "0692 12 34 56", "0692 65 43 21",
            "0693 11 22 33", "0262 41 52 63", "0692 70 80 90"]
    choice = region.infer(lists(book))
    assert choice.second in ("RE", "YT") and choice.doubtful is False


def test_a_named_region_that_reads_them_keeps_them():
    """Companions are tried after the named regions: a French book stays French."""
    choice = region.infer(lists(["+33 1 42 68 53 00", *METROPOLE]))
    assert choice.second == "FR" and "a region of the numbers written with one" in choice.reason


def test_companions_come_from_the_calling_code_and_frances_plan():
    assert shared_plans.companions(["GB"]) == ["GG", "IM", "JE"]
    assert shared_plans.companions(["RE"]) == ["BL", "FR", "GF", "GP", "MF", "MQ", "PM", "YT"]
    assert shared_plans.companions(["CA"]) == []  # the NANP: read as US numbers first anyway
    assert shared_plans.companions(["DE"]) == []


@given(st.lists(st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)), max_size=5, unique=True))
def test_companions_are_new_regions_sharing_a_plan(named):
    got = shared_plans.companions(named)
    assert len(got) == len(set(got)) and not set(got) & set(named)
    for other in got:
        assert other in phonenumbers.SUPPORTED_REGIONS
        assert any(phonenumbers.country_code_for_region(other)
                   == phonenumbers.country_code_for_region(r) or
                   {other, r} <= set(shared_plans.FRENCH_PLAN) for r in named)


def test_kith_run_reads_the_reunion_lists_metropolitan_numbers(tmp_path):
    res = kith_run(tmp_path, {"invites.csv": FIXTURE.read_bytes()})
    records = pl.read_parquet(tmp_path / "out" / "records.parquet").sort("source_row")
    phones = records["phones_e164"].to_list()
    assert [p[0][:4] if p else None for p in phones] == ["+262"] * 5 + [
        "+336", "+337", "+336", "+336", "+337", "+336", "+334"]
    assert records.height == 12
    assert "default_region" not in res.output  # no question asked: the plan answered it
