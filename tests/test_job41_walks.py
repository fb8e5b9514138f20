"""Issue 12: a person whose job changed in one export split in two the next night. Two user
walks met it with their first job-changer (docs/user40.md: Karim Haddad, LinkedIn says Coveo,
his iPhone card and a meetup list still Lightspeed; docs/user39.md: Sabine Schmidt-Rössler,
Outlook says she moved, LinkedIn not yet). Compared afresh the pair falls into review; but
the previous run merged the same source record, and only its organisation and title changed
since: a job change (dedupe/job_change.py, docs/job41.md). The walks' own fixtures, run
through the CLI on two days."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main

FIX = Path(__file__).parent / "fixtures"
JOB_REASON = "job change: was merged on {}, only organisation/title changed"


def _kith(*args: str, today: str) -> str:
    res = CliRunner().invoke(main, list(args), catch_exceptions=False,
                             env={"KITH_TODAY": today})
    assert res.exit_code == 0, res.output
    return res.output


def _sections(changes: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+) \(\d+\):\n((?:  .*\n)*)", changes, re.M))


def _persons(out: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(out / "people.parquet").filter(
        pl.col("display_name").str.starts_with(name))


def _pairs_of(out: Path, person_id: str) -> pl.DataFrame:
    """The pairs table's rows of one person's records, with the other side inside it."""
    ids = pl.read_parquet(out / "records.parquet").filter(pl.col("person_id") == person_id)[
        "record_id"].implode()
    return pl.read_parquet(out / "pairs.parquet").filter(
        pl.col("record_id_l").is_in(ids) & pl.col("record_id_r").is_in(ids))


@pytest.fixture(scope="module")
def karim(tmp_path_factory) -> Path:
    """Camille's home (user40): Monday's run, Tuesday's LinkedIn zip beside the old one and
    Tuesday's run."""
    folder = tmp_path_factory.mktemp("job41-karim") / "home"
    _kith("init", str(folder), today="2026-12-07")
    shutil.copytree(FIX / "user40" / "week1", folder / "exports", dirs_exist_ok=True)
    cfg = str(folder / "kith.toml")
    _kith("run", "--config", cfg, "--as-of", "2026-12-07", today="2026-12-07")
    assert _persons(folder / "out", "Karim Haddad").height == 1
    shutil.copy(next(iter((FIX / "user40" / "week2").glob("*.zip"))), folder / "exports")
    _kith("run", "--config", cfg, "--as-of", "2026-12-08", today="2026-12-08")
    return folder


def test_karim_stays_one_person_at_his_new_employer(karim):
    out = karim / "out"
    people = _persons(out, "Karim Haddad")
    assert people.height == 1
    assert people.row(0, named=True)["organization"] == "Coveo"
    assert people.row(0, named=True)["record_count"] == 3  # iPhone card, LinkedIn, meetup
    pairs = _pairs_of(out, people["person_id"][0])
    job = pairs.filter(pl.col("reason") == JOB_REASON.format("2026-12-07"))
    # LinkedIn's record with the iPhone card and with the meetup list: under the merge
    # threshold by weight, joined by yesterday's evidence
    assert job.height == 2
    assert (job["weight"] < 2.5).all() and (job["outcome"] == "merge").all()
    assert (job["clustered"] == "together").all()
    review = pl.read_parquet(out / "review.parquet")
    assert not review.filter(pl.col("name_l").str.contains("Karim")
                             | pl.col("name_r").str.contains("Karim")).height


def test_kith_changes_lists_his_job_change_not_a_split(karim):
    changes = _kith("changes", "--config", str(karim / "kith.toml"), today="2026-12-08")
    sections = _sections(changes)
    assert "Karim Haddad: moved from Lightspeed to Coveo" in sections["job"]
    assert "split" not in sections
    assert "Léa Morin: new in your exports" in sections["new"]


def test_the_next_day_over_the_same_exports_keeps_him_and_the_date(karim, tmp_path):
    """Wednesday, nothing new: the pair is carried with the day it was last merged by
    weight (both by the night and by `kith run --full`)."""
    for how in ((), ("--full",)):
        home = tmp_path / ("full" if how else "night")
        shutil.copytree(karim, home, symlinks=True)
        cfg = str(home / "kith.toml")
        _kith("run", "--config", cfg, "--as-of", "2026-12-09", *how, today="2026-12-09")
        people = _persons(home / "out", "Karim Haddad")
        assert people.height == 1, how
        reasons = _pairs_of(home / "out", people["person_id"][0])["reason"].to_list()
        assert reasons.count(JOB_REASON.format("2026-12-07")) == 2, how


def test_her_split_of_him_wins_over_the_job_change(karim, tmp_path):
    """kith split takes LinkedIn's record out: the user's decision, kept on the next run."""
    home = tmp_path / "home"
    shutil.copytree(karim, home, symlinks=True)
    cfg = str(home / "kith.toml")
    out = home / "out"
    pid = _persons(out, "Karim Haddad")["person_id"][0]
    linkedin = pl.read_parquet(out / "records.parquet").filter(
        (pl.col("person_id") == pid) & (pl.col("source") == "linkedin"))["record_id"][0]
    _kith("split", pid, linkedin, "--config", cfg, today="2026-12-08")
    assert _persons(out, "Karim Haddad").height == 2
    _kith("run", "--config", cfg, "--as-of", "2026-12-09", today="2026-12-09")
    assert _persons(out, "Karim Haddad").height == 2
    assert not pl.read_parquet(out / "pairs.parquet")["reason"].str.starts_with(
        "job change").any()


@pytest.fixture(scope="module")
def sabine(tmp_path_factory) -> Path:
    """Katrin's exports (user39): week 1, then Outlook's Kontakte.CSV of week 2 (Sabine at
    Caresync GmbH; LinkedIn still says the clinic)."""
    home = tmp_path_factory.mktemp("job41-sabine")
    exports, out = home / "exports", home / "out"
    shutil.copytree(FIX / "user39" / "week1", exports)
    for as_of in ("2026-12-07", "2026-12-14"):
        res = CliRunner().invoke(main, ["run", str(exports), "--out", str(out), "--as-of",
                                        as_of], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        if as_of == "2026-12-07":
            assert _persons(out, "Sabine").height == 1
        shutil.copy(FIX / "user39" / "week2" / "Kontakte.CSV", exports / "Kontakte.CSV")
    return out


def test_sabine_stays_one_person_and_her_outlook_employer_is_the_newer(sabine):
    people = _persons(sabine, "Sabine")
    assert people.height == 1
    row = people.row(0, named=True)
    # LinkedIn's employer usually wins; here the record that changed is the newer truth
    assert row["organization"] == "Caresync GmbH"
    reasons = _pairs_of(sabine, row["person_id"])["reason"].to_list()
    assert JOB_REASON.format("2026-12-07") in reasons


def test_kith_changes_lists_her_job_and_no_split_or_new_sabine(sabine):
    res = CliRunner().invoke(main, ["changes", "--out", str(sabine)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    sections = _sections(res.output)
    assert "moved from Klinikum Am Spreebogen to Caresync GmbH" in sections["job"]
    assert "split" not in sections
    assert "Schmidt-R" not in sections["new"]
