"""`kith note` and `kith log` through click, with a people table as `kith run` leaves it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline import schema
from pipeline.cli import main
from pipeline.notes.ledger import load_ledger


@pytest.fixture
def home(tmp_path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    people = schema.conform(pl.DataFrame({
        "person_id": ["p_ann", "p_jan1", "p_jan2", "p_bob"],
        "display_name": ["Ann Lee", "Jan Smith", "Jan Smith", "Bob Roe"],
        "cadence_days": [90, 30, 30, None],
    }), schema.PEOPLE)
    people.write_parquet(out / "people.parquet")
    return tmp_path


@pytest.fixture
def kith(home):
    """The real `kith` group, with a kith.toml in the home folder (notes in data/notes.csv)."""
    config = home / "kith.toml"
    config.write_text('out = "out"\n', "utf-8")
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [*args, "--config", str(config)], catch_exceptions=False)

    return invoke


def notes_rows(home) -> list[dict]:
    text = (home / "data" / "notes.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_note_writes_every_field(kith, home):
    res = kith("note", "ann lee", "--need", "a PM role", "--offer", "intro to Bob",
               "--next", "coffee", "--follow-up", "2026-03-01", "--referral", "outcome: offer",
               "--referred-by", "bob", "--do-not-contact")
    assert res.exit_code == 0, res.output
    assert "Noted for Ann Lee (p_ann)" in res.output
    row = notes_rows(home)[0]
    assert row["person_id"] == "p_ann" and row["name"] == "Ann Lee"
    assert (row["need"], row["offer"], row["next_step"]) == ("a PM role", "intro to Bob", "coffee")
    assert row["follow_up"] == "2026-03-01" and row["referral_status"] == "outcome: offer"
    assert row["referred_by"] == "Bob Roe (p_bob)" and row["do_not_contact"] == "yes"
    res = kith("note", "p_ann", "--need", "a staff role", "--contact-ok")
    assert "need was: a PM role" in res.output
    assert notes_rows(home)[0]["do_not_contact"] == "no"


def test_note_without_options_shows_notes_and_ledger(kith):
    kith("note", "Ann Lee", "--need", "a PM role")
    kith("log", "Ann Lee", "gave", "CV", "review", "--on", "2026-01-02")
    res = kith("note", "Ann Lee")
    assert res.exit_code == 0
    assert "need: a PM role" in res.output and "2026-01-02  gave     CV review" in res.output


def test_an_ambiguous_name_is_a_usage_error_listing_the_candidates(kith, home):
    res = kith("note", "Jan Smith", "--need", "x")
    assert res.exit_code == 2
    assert "p_jan1" in res.output and "p_jan2" in res.output
    assert not (home / "data" / "notes.csv").exists()
    res = kith("log", "jan smith", "talked", "lunch")
    assert res.exit_code == 2 and "p_jan1" in res.output
    res = kith("note", "Ann Lee", "--referred-by", "Jan Smith")
    assert res.exit_code == 2 and "--referred-by" in res.output
    assert kith("note", "p_jan2", "--need", "x").exit_code == 0  # an id decides


def test_unknown_person_and_bad_referral_are_usage_errors(kith):
    assert kith("note", "Zed Nobody", "--need", "x").exit_code == 2
    res = kith("note", "Ann Lee", "--referral", "maybe")
    assert res.exit_code == 2 and "asked, agreed, submitted, outcome" in res.output


def test_log_appends_and_advises(kith, home):
    res = kith("log", "Ann", "talked", "coffee at the meetup", "--on", "2026-02-01")
    assert res.exit_code == 0, res.output
    assert "Next follow-up: 2026-05-02 (every 90 days)." in res.output
    kith("note", "Ann Lee", "--follow-up", "2026-03-15")
    res = kith("log", "Ann", "talked", "again", "--on", "2026-02-03")
    assert "2026-03-15, which wins" in res.output
    res = kith("log", "Bob Roe", "asked", "for an intro")
    assert "offer help before your next ask" in res.output
    led = load_ledger(home / "data" / "ledger.csv")
    assert led["kind"].to_list() == ["talked", "talked", "asked"]
    assert led["date"].to_list()[:2] == [dt.date(2026, 2, 1), dt.date(2026, 2, 3)]
    assert led["date"][2] == dt.date.today()
    assert led["text"][0] == "coffee at the meetup"


def test_log_rejects_an_unknown_kind(kith):
    res = kith("log", "Ann Lee", "hugged", "x")
    assert res.exit_code == 2


def test_commands_need_a_previous_run(kith, home):
    (home / "out" / "people.parquet").unlink()
    res = kith("note", "Ann", "--need", "x")
    assert res.exit_code == 1 and "kith run" in res.output


def test_a_gone_person_can_still_be_named_by_id(kith, home):
    notes = home / "data" / "notes.csv"
    notes.parent.mkdir()
    notes.write_text("person_id,name,need,kith_status\np_gone,Old Friend,advice,gone\n", "utf-8")
    res = kith("note", "p_gone", "--next", "find their new address")
    assert res.exit_code == 0, res.output
    assert notes_rows(home)[0]["next_step"] == "find their new address"


