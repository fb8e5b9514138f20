"""A next step noted after a talk you logged is still to do (plan38's "left"): a logged talk
used to mark whatever step the notes held as done, so `kith log Ines talked "coffee"` then
`kith note Ines --next "send CV"` left the step out of the plan until her cadence came round.
Now a talk logged today (`kith log`, the log form in `kith serve`) clears the step it
completes from the notes and keeps it in the ledger entry; any step in the notes is to do.
Fixture: tests/fixtures/plan38/linkedin (fictitious); the day is pinned (KITH_TODAY)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from kith_home import first_home, kith
from serve_home import signed_in
from test_adversarial25_serve import page_form

from pipeline import config
from pipeline.notes import ledger, notes_file

# `kith log` and `kith plan` read today: the day these tests were written for (conftest)
pytestmark = pytest.mark.usefixtures("written_on_2026_12_07")

FIX = Path(__file__).parent / "fixtures" / "plan38" / "linkedin"
STEP = "send CV for the data role"
NAME = "Ines Calloway"


@pytest.fixture
def home(first_runs) -> Path:
    return first_home(first_runs, sorted(FIX.iterdir()), "2026-12-07")


def _line(out: str, name: str = NAME) -> str:
    mine = [x for x in out.splitlines() if name in x]
    assert len(mine) <= 1, out
    return mine[0] if mine else ""


def _steps(cfg: Path) -> list:
    notes = notes_file.load_notes(config.load(cfg).files["notes"])
    return notes.filter(pl.col("name") == NAME)["next_step"].to_list()


def _talks(cfg: Path) -> list[str]:
    entries = ledger.load_ledger(ledger.ledger_path(config.load(cfg).files["notes"]))
    return entries.filter(pl.col("kind") == "talked")["text"].to_list()


def test_a_step_noted_after_a_talk_is_in_the_plan(home):
    kith(home, "log", NAME, "talked", "coffee")
    assert _talks(home) == ["coffee"]  # no step was noted: nothing completed
    kith(home, "note", NAME, "--next", STEP)
    now = _line(kith(home, "plan"))
    assert f"Follow up: {STEP}" in now and "due 2026-12-07" in now, now
    kith(home, "run", "--as-of", "2026-12-07")
    after = _line(kith(home, "plan"))
    assert after.endswith(f"{NAME}: Follow up: {STEP}  (due 2026-12-07; last contact "
                          "2026-12-07)"), after


def test_a_talk_today_completes_the_step_and_says_so(home):
    kith(home, "note", NAME, "--next", STEP)
    kith(home, "run", "--as-of", "2026-12-07")
    out = kith(home, "log", NAME, "talked", "coffee")
    assert f"Next step done: {STEP} (cleared from your notes" in out
    assert _steps(home) in ([None], [""])
    assert _talks(home) == [f"coffee (next step done: {STEP})"]
    assert "done for now: next follow-up 2027-" in _line(kith(home, "plan"))
    # a message from a later export no longer brings the step back: it is gone from the notes
    kith(home, "run", "--as-of", "2026-12-14")
    assert _line(kith(home, "plan")) == ""


def test_a_talk_dated_before_today_leaves_the_step(home):
    kith(home, "note", NAME, "--next", STEP)
    out = kith(home, "log", NAME, "talked", "coffee", "--on", "2026-12-01")
    assert "Your noted next step stays" in out and "Next step done" not in out
    assert _steps(home) == [STEP] and _talks(home) == ["coffee"]
    line = _line(kith(home, "plan"))
    assert f"Follow up: {STEP}" in line and "last contact 2026-12-01" in line, line


def test_the_serve_log_form_completes_the_step(home):
    kith(home, "note", NAME, "--next", STEP)
    kith(home, "run", "--as-of", "2026-12-07")
    pid = pl.read_parquet(home.parent / "out" / "people.parquet").filter(
        pl.col("display_name") == NAME)["person_id"][0]
    with signed_in(config.load(home), 8795, dt.date(2026, 12, 7)) as client:
        form = page_form(client, pid, "log") | {"kind": "talked", "text": "a call"}
        page = client.post(f"/person/{pid}/log", data=form)
        assert page.status_code == 200 and f"Next step done: {STEP}" in page.text
        person = client.get(f"/person/{pid}").text  # the notes form shows the step gone
        assert 'name="next_step" value=""' in person and f"next step done: {STEP}" in person
    assert _steps(home) in ([None], [""])
    assert _talks(home) == [f"a call (next step done: {STEP})"]
    with signed_in(config.load(home), 8796, dt.date(2026, 12, 7)) as client:
        form = page_form(client, pid, "log") | {"kind": "gave", "text": "an article"}
        assert client.post(f"/person/{pid}/log", data=form).status_code == 200
    assert _talks(home) == [f"a call (next step done: {STEP})"]


def test_kith_today_must_be_a_date(home, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import main

    monkeypatch.setenv("KITH_TODAY", "next tuesday")
    r = CliRunner().invoke(main, ["plan", "--config", str(home)])
    assert r.exit_code != 0 and "KITH_TODAY='next tuesday' is not a date" in r.output
    assert "Traceback" not in r.output
