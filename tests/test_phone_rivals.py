"""A second reading leaves a national number as written when another region the book's `+`
numbers name reads it as someone's number too (phone_parse.personal_elsewhere,
region.RegionChoice.rivals; docs/phone35.md). gen6 at 200k records (docs/gen6.md, "phone
misreading"): a CRM file naming GB, NG and IN read its national numbers as US first, IN
second, and UK mobiles (`07997 648750`) and Nigerian ones (`0803 123 4567`) became +91 numbers
nobody has.

tests/fixtures/phone35/crm_mixed_national.csv is hand-made (fictitious names, example.com
mailboxes, constructed numbers in valid ranges): 30 US numbers, three `+` numbers each of IN,
GB and NG, then national forms: 7 UK mobiles `07400 1xxxxx` (valid Indian mobiles too), 7
Nigerian mobiles `080x 555 01xx` (Indian fixed lines or mobiles too), 8 Indian mobiles
`098201 2xxxx` (in GB only premium-rate numbers).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import phonenumbers
import polars as pl

from pipeline.normalize import region
from pipeline.normalize.phone_parse import personal_elsewhere
from pipeline.normalize.phones import PhoneJob
from tests.test_phone_region_files import US, codes, google_csv, kith_run

FIXTURE = Path(__file__).parent / "fixtures" / "phone35" / "crm_mixed_national.csv"
NAME = FIXTURE.name


def _numbers() -> list[str]:
    return pl.read_csv(FIXTURE, infer_schema=False)["phone"].to_list()


def _national(prefixes: tuple[str, ...]) -> list[str]:
    return [n for n in _numbers() if n.startswith(prefixes)]


UK, NG, IN = ("07",), ("080", "081"), ("098",)


def _kind(number: str, where: str) -> int | None:
    parsed = phonenumbers.parse(number, where)
    return phonenumbers.number_type(parsed) if phonenumbers.is_valid_number(parsed) else None


def test_the_fixture_holds_the_ambiguity():
    """The premise, from phonenumbers itself: each UK and Nigerian national number is also a
    valid Indian number; each Indian one is, in GB, only a premium-rate number."""
    kind = phonenumbers.PhoneNumberType
    assert len(_national(UK)) == 7 and len(_national(NG)) == 7 and len(_national(IN)) == 8
    for n in _national(UK):
        assert _kind(n, "GB") == kind.MOBILE and _kind(n, "IN") == kind.MOBILE
    for n in _national(NG):
        assert _kind(n, "NG") == kind.MOBILE and _kind(n, "IN") is not None
    for n in _national(IN):
        assert _kind(n, "IN") == kind.MOBILE and _kind(n, "GB") == kind.PREMIUM_RATE
        assert _kind(n, "NG") is None


def test_uk_and_nigerian_national_numbers_are_not_read_as_indian(tmp_path):
    """In a folder with a US Google CSV (read its own way, US only), the CRM file is read US
    first, IN second, with GB and NG as rivals: its Indian national numbers are read as +91,
    its UK and Nigerian ones stay as written (main read all 22 as +91)."""
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    google_csv(h / "exports" / "google.csv", US)
    shutil.copy(FIXTURE, h / "exports" / NAME)
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    res = kith_run(h)
    assert codes(h)[NAME] == {"+1": 30, "+91": 3 + 8, "+44": 3, "+234": 3, "invalid": 14}
    norm = res.stages["normalize"]
    assert norm["phone_region_files"] == {"google.csv": "US"}
    assert (norm["phone_region"], norm["phone_region_second"]) == ("US", "IN")
    assert norm["phone_region_reason"].endswith("those GB, NG read too stay as written")
    records = pl.read_parquet(h / "out" / "records.parquet").filter(
        pl.col("source_file").str.ends_with(NAME))
    kept = records["phones_invalid"].explode().drop_nulls().to_list()
    assert sorted(kept) == sorted(_national(UK) + _national(NG))  # as written
    read = records.filter(pl.col("phones").list.first().str.starts_with("098"))
    assert read["phones_e164"].list.first().str.starts_with("+9198201").all()


def test_the_reading_names_its_rivals_and_its_key_changes_with_them():
    """The rivals are chosen on the set of numbers (not their order) and are part of the
    reading's key, so a cache keyed on the reading (incremental.records) changes with them."""
    numbers = _numbers()
    lists = pl.Series([[n] for n in numbers], dtype=pl.List(pl.String))
    choice = region.infer(lists)
    assert (choice.region, choice.second, choice.rivals) == ("US", "IN", ("GB", "NG"))
    assert choice.key == "US>IN/GB,NG" and choice.reading == ("US", "IN", ("GB", "NG"))
    assert region.infer(lists.reverse()) == choice
    without = region.infer(pl.Series([[n] for n in numbers if not n.startswith("+234")],
                                     dtype=pl.List(pl.String)))
    assert without.key == "US>IN/GB"  # no `+234` number names NG any more
    files = pl.Series([NAME, "other.csv"])
    readings = region.Readings(region.RegionChoice("US", None, "test", True),
                               ((NAME, choice),))
    assert readings.apart(files)[1] == [("US", None, ()), ("US", "IN", ("GB", "NG"))]


def test_a_rival_reading_is_a_personal_number_and_a_wide_fixed_plan_does_not_contest_a_mobile():
    """Premium-rate numbers are nobody's: GB does not contest an Indian mobile written as
    `098201 2xxxx`. A rival's mobile contests a mobile (a UK `07400` mobile is an Indian one
    too), a rival's mobile contests a fixed line (a Nigerian `0803` mobile read in IN), but a
    rival's fixed line does not contest a mobile: Germany's plan reads a Nigerian mobile
    `0803 555 0101` as a fixed line (tests/test_phone_region_files.py, realworld15 F9)."""
    assert not personal_elsewhere("09820120000", "IN", ("GB", "NG"))
    assert personal_elsewhere("07400100000", "IN", ("GB",))
    assert personal_elsewhere("08035550100", "IN", ("NG",))
    assert not personal_elsewhere("08035550100", "NG", ("DE",))
    assert _kind("08035550100", "DE") == phonenumbers.PhoneNumberType.FIXED_LINE
    assert not personal_elsewhere("07400100000", "IN", ())


def test_the_second_reading_reads_only_what_it_alone_reads():
    """phones.PhoneJob with the rivals: the same numbers, US first and IN second."""
    national = _national(UK) + _national(NG) + _national(IN)
    phones = pl.Series([[n] for n in national], dtype=pl.List(pl.String))
    with PhoneJob(phones, "US", "IN") as job:
        alone = job.result()
    with PhoneJob(phones, "US", "IN", ("GB", "NG")) as job:
        rivals = job.result()
    assert alone["phones_e164"].list.len().sum() == 22  # main: all of them as +91
    assert rivals["phones_invalid"].explode().drop_nulls().to_list() == \
        _national(UK) + _national(NG)
    assert rivals["phones_e164"].explode().drop_nulls().str.starts_with("+91").sum() == 8
