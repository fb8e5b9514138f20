"""`kith plan` reads the notes file as it is now (user34, user35): a next step or a follow-up
date noted right after a run was in the plan only after the next run. `kith plan` writes
neither the notes nor the ledger. Fixture: tests/fixtures/first_week (hand-made, fictitious)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kith_home import first_home, kith

FIXTURE = Path(__file__).parent / "fixtures" / "first_week"


@pytest.fixture
def home(first_runs) -> Path:
    return first_home(first_runs, [FIXTURE / "Connections.csv"], "2026-12-07")


def _line(out: str, name: str) -> str | None:
    return next((x for x in out.splitlines() if name in x), None)


def test_a_next_step_noted_after_the_run_is_in_the_plan_at_once(home):
    assert _line(kith(home, "plan"), "Bruno Keswick") is None  # nothing due at the run
    kith(home, "note", "Bruno Keswick", "--next", "send him my CV")
    notes = (home.parent / "notes.csv").read_bytes()
    line = _line(kith(home, "plan"), "Bruno Keswick")
    assert line is not None and "Get in touch: send him my CV" in line
    assert "(noted since the last run: " in line  # then the run's words: "overdue since .."
    # read, not written: the notes are as `kith note` left them, and no ledger appeared
    assert (home.parent / "notes.csv").read_bytes() == notes
    assert not list(home.parent.glob("ledger*"))
    kith(home, "run", "--as-of", "2026-12-07")
    out = kith(home, "plan")
    assert out.count("Bruno Keswick") == 1  # the run's item now, not twice
    assert "noted since the last run" not in _line(out, "Bruno Keswick")


def test_a_follow_up_date_noted_after_the_run_is_in_the_plan_and_the_calendar(home, tmp_path):
    kith(home, "note", "Anna Perlberg", "--follow-up", "2026-12-09")
    kith(home, "note", "Bruno Keswick", "--follow-up", "2099-01-04")  # not this week
    out = kith(home, "plan", "--ics", str(tmp_path / "plan.ics"))
    line = _line(out, "Anna Perlberg")
    assert line is not None and "(noted since the last run: " in line
    assert "2026-12-09 (your date)" in line  # "due" on the day, "overdue since" after it
    assert _line(out, "Bruno Keswick") is None
    ics = (tmp_path / "plan.ics").read_text("utf-8")
    assert "SUMMARY:Get in touch: Anna Perlberg" in ics


def test_someone_marked_do_not_contact_is_not_added(home):
    kith(home, "note", "Bruno Keswick", "--next", "send him my CV", "--do-not-contact")
    assert _line(kith(home, "plan"), "Bruno Keswick") is None
