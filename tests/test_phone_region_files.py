"""default_region = "auto" chooses a reading of national numbers per file
(pipeline.normalize.region.choose_apart): a folder of phone books from several countries reads
each book as it reads alone; a file with too few numbers takes the folder's choice; an explicit
setting is used for every file; an incremental refresh re-normalises only the files whose
reading changed and equals a full run. docs/realworld9.md, "Per-file phone region". The
fixtures are written for kith (constructed numbers, no real person's)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import phonenumbers
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import config as config_mod
from pipeline.normalize import region
from pipeline.run import run

DAY = dt.date(2025, 3, 1)
US = [f"(415) 555-{n:04d}" for n in range(100, 130)]
# Chinese mobiles written as a phone formats them for North America (docs/realworld9.md, V2):
# area code 370 is unassigned, so in the US they are invalid; two written with +86 name CN
CN = [f"1-370-2{i:02d}-{(1000 + i * 37) % 10000:04d}" for i in range(30)] + [
    "+86 138 0013 8000", "+86 139 1234 5678"]
# Indian mobiles without the trunk 0 (exchange 01x: invalid in the US); two with +91
IN = [f"98201 2{(i * 97) % 10000:04d}" for i in range(30)] + ["+91 98200 12345",
                                                             "+91 99870 54321"]
GB = [f"07400 1{n:05d}" for n in range(0, 3000, 97)]


def google_csv(path: Path, numbers: list[str]) -> None:
    rows = ["First Name,Last Name,Phone 1 - Label,Phone 1 - Value"]
    rows += [f"Given{i},Family{i},Mobile,{n}" for i, n in enumerate(numbers)]
    path.write_text("\n".join(rows) + "\n", "utf-8")


def vcard(path: Path, numbers: list[str], version: str = "3.0") -> None:
    path.write_text("".join(
        f"BEGIN:VCARD\r\nVERSION:{version}\r\nN:Family{i};Given;;;\r\nFN:Given Family{i}\r\n"
        f"TEL;CELL:{n}\r\nEND:VCARD\r\n" for i, n in enumerate(numbers)), "utf-8")


def folder(tmp_path: Path, region_setting: str | None = None) -> Path:
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    google_csv(h / "exports" / "google.csv", US)
    vcard(h / "exports" / "cn.vcf", CN, "2.1")
    vcard(h / "exports" / "in.vcf", IN)
    setting = f'default_region = "{region_setting}"\n' if region_setting else ""
    (h / "kith.toml").write_text(f'inputs = ["exports"]\nout = "out"\n{setting}')
    return h


def kith_run(h: Path, incremental: bool = False):
    cfg = config_mod.load(h / "kith.toml")
    return run(cfg, cfg.inputs, cfg.out, as_of=DAY, incremental=incremental)


def codes(h: Path) -> dict[str, dict[str, int]]:
    """source file -> {country code of each E.164 reading, or "invalid": count}."""
    records = pl.read_parquet(h / "out" / "records.parquet")
    out: dict[str, dict[str, int]] = {}
    for row in records.iter_rows(named=True):
        counts = out.setdefault(Path(row["source_file"]).name, {})
        for e164 in row["phones_e164"]:
            cc = f"+{phonenumbers.parse(e164).country_code}"
            counts[cc] = counts.get(cc, 0) + 1
        if row["phones_invalid"]:
            counts["invalid"] = counts.get("invalid", 0) + len(row["phones_invalid"])
    return out


def test_each_book_in_a_folder_is_read_in_its_own_country(tmp_path):
    """A US Google CSV, a Chinese vCard and an Indian vCard in one folder: one reading for the
    folder (main) left the Chinese and Indian national numbers unread (or, with other books,
    read them as +1 or +91: docs/realworld9.md, "all 15")."""
    h = folder(tmp_path)
    res = kith_run(h)
    assert codes(h) == {"google.csv": {"+1": 30}, "cn.vcf": {"+86": 32},
                        "in.vcf": {"+91": 32}}
    norm = res.stages["normalize"]
    assert norm["phone_region_files"] == {"cn.vcf": "US>CN", "in.vcf": "US>IN"}
    manifest = json.loads((h / "out" / "manifest.json").read_text())
    assert manifest["stages"]["normalize"]["phone_region_files"] == norm["phone_region_files"]


def test_the_summary_names_the_files_read_apart(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    h = folder(tmp_path)
    res = CliRunner().invoke(main, ["run", "--config", str(h / "kith.toml"), "--as-of",
                                    DAY.isoformat()])
    assert res.exit_code == 0, res.output
    assert "2 files read under other regions: cn.vcf (US>CN), in.vcf (US>IN)" in res.output
    # file names and region codes, never a number (the output folder's path aside)
    assert "98201" not in res.output.replace(str(h), "")


def test_a_configured_region_is_every_files_region(tmp_path):
    h = folder(tmp_path, "US")
    res = kith_run(h)
    assert "phone_region_files" not in res.stages["normalize"]
    got = codes(h)
    assert got["google.csv"] == {"+1": 30}
    assert got["cn.vcf"] == {"+86": 2, "invalid": 30}  # the user said US
    assert not (h / "out" / "stages" / "normalize" / "phone_region.json").read_text().count(
        "files")


def test_a_file_with_few_numbers_takes_the_folders_reading(tmp_path):
    """Three British numbers in a CSV beside a British phone book: too few for a choice of
    their own (they would choose nothing: no +44 among them), so they are read as the
    folder's, GB second."""
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    vcard(h / "exports" / "gb.vcf", [*GB, "+44 20 7946 0958"])
    google_csv(h / "exports" / "few.csv", ["07400 200001", "07400 200098", "07400 200195"])
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    res = kith_run(h)
    assert res.stages["normalize"]["phone_region_second"] == "GB"
    assert "phone_region_files" not in res.stages["normalize"]
    assert codes(h)["few.csv"] == {"+44": 3}


# Thai mobiles written nationally: valid under Germany's wide plan too, under no region the
# folder names; Nigerian mobiles, a few of them (Airtel 0701/0902, MTN 0903) not valid in DE
TH = [f"08{d} {(i * 7919) % 1000:03d} {(i * 104729) % 10000:04d}"
      for i, d in enumerate([1, 2, 4, 5, 6, 9] * 5)]
NG = [f"{pre} {(i * 331) % 1000:03d} {(i * 7717) % 10000:04d}"
      for i, pre in enumerate(["0803", "0806", "0701", "0813", "0902", "0816", "0903",
                               "0805", "0807", "0810", "0814", "0909"])]


def test_a_book_read_its_own_way_does_not_choose_the_folders_reading(tmp_path):
    """docs/realworld15.md F9: a Thai book's national numbers (no region the folder names
    fits them, so the book reads none of them) outvoted everyone for Germany's wide plan,
    named by four +49 numbers of another file, and a small Nigerian file took that reading:
    +49 numbers nobody has. The folder's reading is now chosen on the numbers of the files
    that take it, with the regions every file names."""
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    vcard(h / "exports" / "th.vcf", TH)
    google_csv(h / "exports" / "abroad.csv", [
        "+49 30 1234561", "+49 30 1234562", "+49 30 1234563", "+49 89 1234564",
        "+234 803 555 0101", "+234 806 555 0102"])
    google_csv(h / "exports" / "naija.csv", NG)
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    res = kith_run(h)
    assert res.stages["normalize"]["phone_region_second"] == "NG"
    assert codes(h)["naija.csv"] == {"+234": len(NG)}
    assert "th.vcf" in res.stages["normalize"]["phone_region_files"]  # read its own way
    assert codes(h)["abroad.csv"] == {"+49": 4, "+234": 2}


def contacts(files: list[tuple[str, list[str]]]) -> pl.DataFrame:
    return pl.DataFrame({"source_file": [f for f, numbers in files for _ in numbers],
                         "phones": [[n] for _f, numbers in files for n in numbers]},
                        schema={"source_file": pl.String, "phones": pl.List(pl.String)})


BOOKS = {"us": US, "cn": CN, "in": IN, "gb": [*GB, "+44 20 7946 0958"],
         "few": ["07400 200001", "+1 415 555 0199"]}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(BOOKS)), min_size=1, max_size=4, unique=True),
       st.randoms(use_true_random=False))
def test_a_file_with_numbers_enough_reads_as_it_does_alone(books, rnd):
    """Whatever the other files of the folder and the row order, a file with FILE_MIN national
    numbers or more is read as `choose` reads it alone; the others as the folder is."""
    files = [(f"{b}.csv", BOOKS[b]) for b in books]
    frame = contacts(files)
    order = list(range(frame.height))
    rnd.shuffle(order)
    got = region.choose_apart("auto", frame[order])
    assert got == region.choose_apart("auto", frame)  # the rows' order does not matter
    keys = got.row_keys(pl.Series([f for f, _n in files]))
    for (name, numbers), key in zip(files, keys, strict=True):
        alone = region.choose("auto", pl.Series([[n] for n in numbers]))
        want = alone.key if len(books) == 1 or name != "few.csv" else got.folder.key
        assert key == want, name


def test_an_incremental_refresh_equals_full_when_one_files_region_flips(tmp_path):
    """The British book's only +44 number becomes a US one: that file's reading flips (GB
    second -> none: no region is named) and its rows are normalised again; the US file's rows
    are reused (read as US before, its own reading, and after, the folder's; main normalised
    every row again, the folder's choice having moved). The tables equal a full run's."""
    h = tmp_path / "home"
    (h / "exports").mkdir(parents=True)
    google_csv(h / "exports" / "us.csv", US)
    google_csv(h / "exports" / "gb.csv", [*GB, "+44 20 7946 0958"])
    (h / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n')
    first = kith_run(h, incremental=True)
    assert first.stages["normalize"]["phone_region_second"] == "GB"
    assert first.stages["normalize"]["phone_region_files"] == {"us.csv": "US"}
    google_csv(h / "exports" / "gb.csv", [*GB, "+1 415 555 0199"])
    twin = tmp_path / "twin"
    shutil.copytree(h, twin, symlinks=True)
    full = kith_run(twin, incremental=False)
    inc = kith_run(h, incremental=True)
    assert "phone_region_files" not in inc.stages["normalize"]
    assert inc.stages["normalize"]["phone_region_second"] is None
    assert inc.stages["normalize"]["records_reused"] == len(US)
    for key in ("phone_region", "phone_region_second", "phone_region_reason"):
        assert full.stages["normalize"][key] == inc.stages["normalize"][key]
    for table in ("records", "people", "pairs"):
        assert (h / "out" / f"{table}.parquet").read_bytes() == \
            (twin / "out" / f"{table}.parquet").read_bytes(), table


def test_a_batch_group_reads_each_owners_files_as_its_run_alone(tmp_path):
    """kith batch normalises a group's owners in one frame: an owner whose files read apart
    (US, CN, IN books) and one read as a whole (a UK book) each get their run alone's
    records."""
    from polars.testing import assert_frame_equal
    from test_batch_group import _jobs

    from pipeline.batch import group

    owners = tmp_path / "owners"
    for oid in ("mixed", "uk"):
        (owners / oid).mkdir(parents=True)
    google_csv(owners / "mixed" / "google.csv", US)
    vcard(owners / "mixed" / "cn.vcf", CN, "2.1")
    vcard(owners / "mixed" / "in.vcf", IN)
    google_csv(owners / "uk" / "contacts.csv", [*GB, "+44 20 7946 0958"])
    grouped = group.run_group(_jobs(owners, tmp_path / "grouped", ["mixed", "uk"]))
    alone = {oid: group.run_group(_jobs(owners, tmp_path / f"alone-{oid}", [oid]))[oid]
             for oid in ("mixed", "uk")}
    assert {r["status"] for r in [*grouped.values(), *alone.values()]} == {"ok"}
    for oid in ("mixed", "uk"):
        for table in ("records", "people"):
            got, want = (pl.read_parquet(root / table / f"owner_id={oid}" / "part-0.parquet")
                         for root in (tmp_path / "grouped", tmp_path / f"alone-{oid}"))
            assert_frame_equal(got, want)
    mixed = pl.read_parquet(tmp_path / "grouped" / "records" / "owner_id=mixed"
                            / "part-0.parquet")
    assert mixed["phones_e164"].explode().str.starts_with("+86").sum() == len(CN)
