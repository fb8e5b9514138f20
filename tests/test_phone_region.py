"""default_region = "auto" (pipeline.normalize.region): national phone numbers are read in the
region most of them are valid in, US unless the numbers say otherwise; the choice depends on
the set of numbers only, is shown to the user, and a refresh reuses normalised rows only when
it chose the same region."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import phonenumbers
import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import config as config_mod
from pipeline.cli import main
from pipeline.normalize import phones, region
from pipeline.normalize.phone_parse import plausible_national
from pipeline.run import run
from pipeline.stages.normalize import normalize_records

DAY = dt.date(2025, 3, 1)
US = [f"(415) 555-{n:04d}" for n in range(100, 160)] + [f"212.555.{n:04d}" for n in range(40)]
GB = ([f"07400 1{n:05d}" for n in range(0, 6000, 97)]
      + [f"0161 496 {n:04d}" for n in range(0, 400, 13)])
DE = [f"030 {n:07d}" for n in range(1000000, 1060000, 997)] + [
    f"089 {n:07d}" for n in range(2000000, 2020000, 991)]


def lists(values: list[str]) -> pl.Series:
    return pl.Series("phones", [[v] for v in values], dtype=pl.List(pl.String))


def test_us_numbers_need_no_second_reading():
    choice = region.infer(lists(US))
    assert (choice.region, choice.second, choice.inferred) == ("US", None, True)
    assert "valid in US" in choice.reason and choice.key == "US"


def test_uk_national_numbers_read_as_gb_when_the_book_names_gb():
    choice = region.infer(lists(GB + ["+44 20 7946 0958"]))
    assert (choice.region, choice.second, choice.key) == ("US", "GB", "US>GB")
    assert "valid in GB" in choice.reason


def test_german_numbers_read_as_de_when_the_book_names_de():
    assert region.infer(lists(DE + ["+49 30 1234567", "+1 415 555 0134"])).second == "DE"


def test_indian_mobiles_written_without_the_trunk_zero_read_as_in():
    """Indians write mobiles as ten digits (`98330 19416`), not with the trunk 0 that IN's
    national format shows; and a book saved by a spreadsheet holds floats (`9.18384E+11`)
    that are no numbers. Neither may keep the book's numbers unread (docs/realworld7.md: a
    real Google CSV where both did)."""
    mobiles = [f"98{n:03d} {n * 37 % 100000:05d}" for n in range(100, 160)]
    floats = [f"9.1{n}E+11" for n in range(7000, 7060)]
    book = lists([*mobiles, *floats, "+91 98330 19416"])
    choice = region.infer(book)
    assert choice.second == "IN", choice.reason
    contacts = pl.DataFrame({"source": ["google_csv"] * book.len(),
                             "source_file": ["c.csv"] * book.len(),
                             "source_row": list(range(book.len())),
                             "given_name": [f"P{i}" for i in range(book.len())],
                             "phones": book})
    got = normalize_records(contacts)
    read = got["phones_e164"].list.first().to_list()
    for raw, e164 in zip(mobiles, read, strict=False):
        assert e164 == "+91" + raw.replace(" ", ""), raw
    assert got["phones_e164"].list.len().to_list()[60:120] == [0] * 60  # floats: no number


def test_numbers_valid_in_both_go_to_the_side_with_more_numbers_of_its_own():
    """An Indian book reads an Indian mobile that is a valid US number too as Indian; an
    American book with a few Indian friends keeps it American; US numbers in the Indian book
    that are no Indian numbers stay American."""
    ambiguous = "9007184321"  # an Indian mobile, and a valid US number (+1 900)
    indian_only = [f"98{n:03d} {n * 37 % 100000:05d}" for n in range(100, 140)]
    indian_only = [k for k in indian_only
                   if not phonenumbers.is_valid_number(phonenumbers.parse(k, "US"))]
    us = [f"(415) 555-{n:04d}" for n in range(100, 110)]
    indian = region.infer(lists([*indian_only, *us, ambiguous, "+91 98330 19416"]))
    assert (indian.region, indian.second, indian.key) == ("IN", "US", "IN>US"), indian.reason
    with phones.PhoneJob(lists([ambiguous, us[0], indian_only[0]]), indian.region,
                         indian.second) as job:
        out = job.result()
    assert out["phones_e164"].to_list() == [["+919007184321"], ["+14155550100"],
                                            ["+91" + indian_only[0].replace(" ", "")]]
    american = region.infer(lists([*US, *indian_only[:15], ambiguous, "+91 98330 19416"]))
    assert (american.region, american.second) == ("US", "IN"), american.reason
    with phones.PhoneJob(lists([ambiguous]), american.region, american.second) as job:
        out = job.result()
    assert out["phones_e164"].to_list() == [["+19007184321"]]


def test_a_handful_of_foreign_numbers_choose_no_region():
    """A US book with a few numbers from London, Berlin and Beijing written nationally (as
    pipeline.synth's million-record book has, 15 of 400 sampled): China's plan accepts
    London's `020 ...` numbers, and the vote went to it. Fewer than 1 in 10 needing a second
    reading choose none: those numbers stay as written, unread."""
    foreign = ["020 7133 0771", "020 8433 3056", "07760 657192", "0176 1575 2168",
               "130 6154 5158", "185 8124 3777"]
    book = [*US, *[f"(650) 555-{n:04d}" for n in range(100, 180)], *foreign,
            "+86 130 6154 5159", "+44 20 7946 0958"]
    choice = region.infer(lists(book))
    assert choice.second is None and "too few" in choice.reason, choice.reason
    with phones.PhoneJob(lists(foreign[:1]), choice.region, choice.second) as job:
        assert job.result()["phones_e164"].to_list() == [[]]


def test_a_fixed_line_without_the_trunk_zero_gets_no_second_reading():
    """Germany's plan accepts `555 555 1111` as a fixed line once a 0 is put in front; a
    number without the 0 is read in the second region only when it is a mobile there."""
    from pipeline.normalize.phone_parse import national_in
    assert not national_in("5555551111", "DE")
    assert national_in("15112345678", "DE")  # a German mobile, its 0 left out
    assert national_in("05555551111", "DE")


def test_without_a_named_region_kith_keeps_us_and_asks():
    """German numbers and no +49 anywhere: several regions would call them valid, so kith
    does not guess."""
    choice = region.infer(lists(DE))
    assert choice.second is None and "set default_region" in choice.reason


def test_a_mixed_book_keeps_its_us_numbers():
    """US and German numbers together (as on the shared corpus): Germany's plan accepts the
    ten-digit US numbers too, but only numbers US calls invalid get the German reading."""
    contacts = pl.DataFrame({"source": ["google_csv"] * 4, "source_file": ["c.csv"] * 4,
                             "source_row": [0, 1, 2, 3], "given_name": list("ABCD"),
                             "phones": [["(415) 555-0134"], ["030 1234567"], ["089 1234567"],
                                        ["+49 40 1234567"]]})
    got = normalize_records(contacts)["phones_e164"].to_list()
    assert got == [["+14155550134"], ["+49301234567"], ["+49891234567"], ["+49401234567"]]


def test_the_most_fitting_named_region_wins():
    """+49 numbers are the most frequent, but UK landlines (0161 ...) are not valid German
    numbers; GB, named less often, is taken."""
    landlines = [f"0161 496 {n:04d}" for n in range(0, 4000, 17)]
    got = region.infer(lists(landlines + ["+49 30 1234567", "+49 89 1234567", "+44 20 7946 0958"]))
    assert got.second == "GB"


def test_only_international_numbers_need_nothing():
    choice = region.infer(lists(["+44 20 7946 0958", "+49 30 1234567"]))
    assert choice.second is None and "set default_region" not in choice.reason


def test_international_numbers_without_their_plus_are_no_national_numbers():
    """A WhatsApp tool's export stores numbers as country code and number without `+`
    (docs/realworld7.md C5): they are read as such and do not make the book's numbers look
    valid nowhere; a book of them and Indian ten-digit mobiles reads the mobiles as Indian,
    named by the numbers with their country code even without a `+`."""
    plusless = [f"91 98{n:03d} {n * 37 % 100000:05d}" for n in range(100, 160)]
    choice = region.infer(lists(plusless))
    assert choice.second is None and not choice.doubtful, choice.reason
    mobiles = [f"97{n:03d} {n * 41 % 100000:05d}" for n in range(100, 160)]
    assert region.infer(lists(mobiles)).key == "US"  # nothing names India
    assert region.infer(lists(plusless + mobiles)).key == "IN>US"


def test_kith_run_reads_a_book_of_numbers_without_plus(tmp_path):
    h = home(tmp_path, [f"886 9{n:02d} 345 678" for n in range(12, 40)])
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    assert "not valid in US" not in res.output
    records = pl.read_parquet(h / "out" / "records.parquet")
    numbers = records["phones_e164"].explode().drop_nulls()
    assert numbers.len() == 28 and numbers.str.starts_with("+886").all()


def test_no_numbers_at_all_keep_us():
    choice = region.infer(pl.Series("phones", [[], None], dtype=pl.List(pl.String)))
    assert (choice.region, choice.second) == ("US", None)


def test_short_numbers_do_not_vote():
    """Extensions and short codes are valid somewhere (AT) but say nothing of the region."""
    choice = region.infer(lists([f"12{n:03d}" for n in range(200)] + US[:3] + ["+43 1 234567"]))
    assert choice.second is None and "all 3 sampled" in choice.reason


def test_a_named_region_without_a_trunk_prefix():
    """Norwegian numbers have no trunk prefix 0; the book's own +47 number names NO."""
    numbers = [f"99{n:06d}" for n in range(0, 900_000, 4_500)] + ["+47 22 12 34 56"]
    assert region.infer(lists(numbers)).second == "NO"


def test_a_configured_region_is_used_as_it_is():
    assert region.choose("GB", lists(US)) == region.RegionChoice("GB", None, "default_region "
                                                                 "in kith.toml", False)
    assert region.choose("auto", lists([*GB, "+44 20 7946 0958"])).second == "GB"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(US + GB + DE + ["+44 20 7946 0958", "", "n/a"]),
                min_size=1, max_size=300), st.randoms(use_true_random=False))
def test_the_choice_depends_on_the_set_of_numbers_only(values, rnd):
    """Order, repetition and how the numbers fall into contacts do not move the choice."""
    shuffled = values * 2
    rnd.shuffle(shuffled)
    grouped = pl.Series("phones", [shuffled[i:i + 3] for i in range(0, len(shuffled), 3)],
                        dtype=pl.List(pl.String))
    assert region.infer(grouped) == region.infer(lists(sorted(set(values))))


def test_config_accepts_auto_and_defaults_to_it(tmp_path):
    (tmp_path / "a.toml").write_text('default_region = "Auto"\n')
    (tmp_path / "b.toml").write_text('inputs = ["x"]\n')
    (tmp_path / "c.toml").write_text('default_region = "gb"\n')
    assert config_mod.load(tmp_path / "a.toml").default_region == "auto"
    assert config_mod.load(tmp_path / "b.toml").default_region == "auto"
    assert config_mod.load(tmp_path / "c.toml").default_region == "GB"


def test_normalize_records_infers_for_auto():
    contacts = pl.DataFrame({"source": ["google_csv"] * 3, "source_file": ["c.csv"] * 3,
                             "source_row": [0, 1, 2], "given_name": ["A", "B", "C"],
                             "phones": [[GB[0]], [GB[1]], [GB[2], "+44 20 7946 0958"]]})
    got = normalize_records(contacts, default_region="auto")
    assert got["phones_e164"].to_list() == [["+447400100000"], ["+447400100097"],
                                            ["+447400100194", "+442079460958"]]
    assert normalize_records(contacts, default_region="US")["phones_e164"].to_list() == [
        [], [], ["+442079460958"]]


def google_csv(path: Path, numbers: list[str]) -> None:
    rows = ["First Name,Last Name,Phone 1 - Label,Phone 1 - Value"]
    rows += [f"Given{i},Family{i},Mobile,{n}" for i, n in enumerate(numbers)]
    path.write_text("\n".join(rows) + "\n", "utf-8")


def home(tmp_path: Path, numbers: list[str]) -> Path:
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    google_csv(h / "exports" / "contacts.csv", numbers)
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    return h


def test_kith_run_reads_a_uk_book_as_gb_and_says_so(tmp_path):
    h = home(tmp_path, [*GB[:39], "+44 20 7946 0958"])
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    assert "that are not valid in US read as GB" in res.output
    # the reason names counts, never a number (the output folder's path aside: pytest-NNN)
    assert "07400" not in res.output.replace(str(h), "")
    phones = pl.read_parquet(h / "out" / "records.parquet")["phones_e164"].explode()
    assert phones.str.starts_with("+44").all() and phones.len() == 40
    manifest = json.loads((h / "out" / "manifest.json").read_text())
    assert manifest["stages"]["normalize"]["phone_region_second"] == "GB"


def test_us_book_says_nothing_about_the_region(tmp_path):
    h = home(tmp_path, US[:20])
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    assert "country code" not in res.output


def kith_run(h: Path, incremental: bool):
    cfg = config_mod.load(h / "kith.toml")
    return run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=incremental)


@pytest.mark.parametrize("tipped", [False, True])
def test_refresh_reuses_rows_only_under_the_same_region(first_runs, monkeypatch, tmp_path,
                                                       tipped):
    """A refresh whose edit tips the readings (the only +44 number becomes a US one, so no
    region is named) normalises every row again; one that keeps them reuses the unchanged
    rows. Either way the tables equal a full run's."""
    def first_run(folder: Path) -> None:  # made once per module, copied in place per case
        first = kith_run(home(folder, [*GB[:29], "+44 20 7946 0958"]), incremental=True)
        assert first.stages["normalize"]["phone_region_second"] == "GB"

    # in the run's working folder: the config names no notes file (data/notes.csv there)
    h = first_runs.fresh_in_cwd("uk-book", first_run, monkeypatch) / "home"
    last = US[0] if tipped else "+44 20 7946 0958"
    google_csv(h / "exports" / "contacts.csv", [*GB[:29], last, *GB[30:35]])
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    full = kith_run(twin, incremental=False)
    inc = kith_run(h, incremental=True)
    assert inc.stages["normalize"]["phone_region_second"] == (None if tipped else "GB")
    assert inc.stages["normalize"]["records_reused"] == (0 if tipped else 30)
    # tipped: 34 British national numbers and no region named, so none is read as a US
    # number (region.NONE), not even the one US number: a UK book writes +1 for those
    assert inc.stages["normalize"]["phone_region"] == ("ZZ" if tipped else "US")
    assert full.stages["normalize"]["phone_region_second"] == \
        inc.stages["normalize"]["phone_region_second"]
    for table in ("records", "people", "pairs"):
        assert (h / "out" / f"{table}.parquet").read_bytes() == \
            (twin / "out" / f"{table}.parquet").read_bytes(), table


def example_book(code: str) -> list[str]:
    """National numbers of one region built from phonenumbers' example mobile and fixed-line
    numbers (last four digits varied, invalid variants dropped), plus the example mobile
    written with its country code, as a phone's address book mixes both."""
    out = []
    for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
        example = phonenumbers.example_number_for_type(code, kind)
        digits = "".join(c for c in phonenumbers.format_number(
            example, phonenumbers.PhoneNumberFormat.NATIONAL) if c.isdigit())
        for i in range(60):
            number = digits[:-4] + f"{(int(digits[-4:]) + i * 37) % 10000:04d}"
            if phonenumbers.is_valid_number(phonenumbers.parse(number, code)):
                out.append(number)
    mobile = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.MOBILE)
    return [*out, phonenumbers.format_number(mobile, phonenumbers.PhoneNumberFormat.E164)]


@pytest.mark.parametrize("code", ["GB", "DE", "FR", "IN", "AU", "BD", "ES", "IT", "NL", "BR",
                                  "MX", "PK", "VN", "NG", "ZA", "JP", "SE", "CH", "AT", "BE",
                                  "PL", "IE", "NZ", "US"])
def test_each_regions_book_is_read_in_its_region(code):
    """Every number of the book gets the E.164 of its own region, and placeholders
    (phonenumbers' own examples are runs: `01 23 45 67 89`) get none. Numbers valid in the US
    as well (Italian mobiles) read as the region's when the book holds more numbers only
    the region can read than numbers only the US can (here: all of them), else as US."""
    book = example_book(code)
    swapped = region.infer(lists(book)).region == code
    contacts = pl.DataFrame({"source": ["google_csv"] * len(book),
                             "source_file": ["c.csv"] * len(book),
                             "source_row": list(range(len(book))),
                             "given_name": [f"P{i}" for i in range(len(book))],
                             "phones": [[n] for n in book]})
    got = normalize_records(contacts)["phones_e164"].to_list()
    for number, e164 in zip(book, got, strict=True):
        own = phonenumbers.format_number(phonenumbers.parse(number, code),
                                         phonenumbers.PhoneNumberFormat.E164)
        us = phonenumbers.parse(number, "US")
        national = not number.startswith("+")
        if national and phonenumbers.is_valid_number(us) and not swapped:
            want = [phonenumbers.format_number(us, phonenumbers.PhoneNumberFormat.E164)]
        elif national and not plausible_national("".join(filter(str.isdigit, number))):
            want = []
        else:
            want = [own]
        assert e164 == want, number


def test_a_canadian_book_needs_no_second_reading():
    """CA shares +1 with US: every valid Canadian number is read the same under US."""
    book = example_book("CA")
    assert region.infer(lists(book)).second is None
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(n, "US")) for n in book)


def test_kith_run_asks_for_the_region_when_most_numbers_are_valid_nowhere(tmp_path):
    h = home(tmp_path, DE[:20])  # German numbers, no +49 anywhere
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    assert "most phone numbers without a country code are not valid in US" in res.output
    assert "set default_region" in res.output and "030" not in res.output.replace(str(h), "")


def _example_keys() -> list[str]:
    """Pre-keys of every region's example numbers (each type), written nationally and with
    the country code, a few altered, and +1 and placeholder-like keys."""
    from pipeline.normalize.phones import prekeys

    raw = []
    types = [getattr(phonenumbers.PhoneNumberType, t) for t in
             ("FIXED_LINE", "MOBILE", "TOLL_FREE", "VOIP", "PAGER", "UAN")]
    for rc in sorted(phonenumbers.SUPPORTED_REGIONS):
        for t in types:
            ex = phonenumbers.example_number_for_type(rc, t)
            if ex is None:
                continue
            for fmt in (phonenumbers.PhoneNumberFormat.NATIONAL,
                        phonenumbers.PhoneNumberFormat.E164):
                text = phonenumbers.format_number(ex, fmt)
                raw += [text, text[:-1], text + "7", text[:-2] + "00"]
    raw += ["+1 415 555 0134", "+1 800 555 0100", "+12", "+1 242 357 1234", "+7 912 345 6789",
            "+0 123 456 789", "+999 123", "4155550134", "14155550134", "0000000000"]
    keys = prekeys(pl.Series(raw, dtype=pl.String))["key"].drop_nulls().unique().sort()
    return keys.to_list()


def test_the_choice_asks_phonenumbers_only_what_nanp_does_not_settle():
    """The numbers the choice counts as invalid in US are exactly phonenumbers' own, though
    it skips phonenumbers for those nanp's shortcut settles as valid."""
    from pipeline.normalize.phone_parse import parse_keys

    national = [k for k in _example_keys() if not k.startswith("+")]
    national += [f"415555{n:04d}" for n in range(0, 10000, 37)]
    expected = [k for k, e in zip(national, parse_keys(national, "US"), strict=True)
                if e is None]
    assert 100 < len(expected) < len(national) - 200
    assert region._invalid_in_first(national) == expected
    assert region._invalid_in_first([]) == []


def test_asking_for_default_region_names_the_countries_the_numbers_fit():
    """docs/realworld12.md R1/R2, realworld13.md part 1c: Kazakh numbers written `8-7xx-…`
    and nothing with a country code. kith cannot tell the country (the same numbers are valid
    in several), and only said "set default_region in kith.toml": which value was left to the
    user. The reason now names the regions they fit, KZ among them, as a hint it never
    applies, and the reason holds no number."""
    numbers = [f"8-70{i % 8}-555-{i:02d}-{i:02d}" for i in range(1, 13)]
    choice = region.infer(lists(numbers))
    assert choice.region == region.FIRST and choice.second is None and choice.doubtful
    assert "KZ" in choice.reason and 'set default_region = "<its code>" in kith.toml' in \
        choice.reason
    assert "555" not in choice.reason
    assert region.choose("KZ", lists(numbers)).region == "KZ"


# A Brazilian book: area codes 61-69 and 81-89 followed by a mobile's 9 make numbers that are
# valid Thai (+66) or other countries' numbers once a `+` is put before them (session 31, from
# rw30's Brazilian LinkedIn/Google files: `(66) 99222-1146` was read as +66 99222 1146).
BR_OWN = [f"+55 11 9{n:04d}-{n * 7 % 10000:04d}" for n in range(8100, 8130)]
# every one of them is another country's number with a `+` (+66 Thailand, +62 Indonesia, +81
# Japan, +84 Vietnam): no national number was left to vote for Brazil
BR_PLUSLESS = ["66992221146", "(66) 99222-1147", "(62) 98123-4567", "(81) 99876-5432",
               "(84) 99123-4567"]


def test_a_book_s_own_region_reads_its_numbers_before_a_plus_reading():
    keys = ["".join(c for c in n if c.isdigit()) for n in BR_PLUSLESS]
    assert all(phones.without_plus(keys))  # what they were read as (and are, with no +55)
    choice = region.infer(lists([*BR_OWN, *BR_PLUSLESS]))
    assert choice.second == "BR" or choice.region == "BR", choice.reason
    with phones.PhoneJob(lists(BR_PLUSLESS), choice.region, choice.second) as job:
        read = job.result()["phones_e164"].explode().to_list()
    assert all(e.startswith("+55") for e in read), read
    # a number no region of the book reads stays what its `+` makes it: a Thai mobile
    # written without `+` (66 + 8 + 8 digits is no Brazilian number)
    thai = "66812345678"
    choice = region.infer(lists([*BR_OWN, *BR_PLUSLESS, thai]))
    with phones.PhoneJob(lists([thai]), choice.region, choice.second) as job:
        assert job.result()["phones_e164"].to_list() == [["+66812345678"]]


def test_kith_run_reads_a_brazilian_book_as_brazilian(tmp_path):
    h = home(tmp_path, [*BR_OWN[:6], *BR_PLUSLESS])
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    numbers = pl.read_parquet(h / "out" / "records.parquet")["phones_e164"].explode()
    assert numbers.drop_nulls().len() == 11 and numbers.str.starts_with("+55").all(), numbers
