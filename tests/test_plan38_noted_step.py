"""A next step noted without a date makes the person due this week, in `kith plan` at once, in
the next run's plan, in a re-dated night as in a full run and on serve's home page; a step with
a follow-up date keeps its date; Done in serve clears the step (docs/plan38.md, user38's
proposal 1). And a tie never written to says since when, not "overdue since" (proposal 3).
Fixture: tests/fixtures/plan38/linkedin (fictitious). As test_plan_noted and
test_user38_plan_noted_target, the run's as-of date is the day these tests were written, and
`kith plan` reads today's date."""

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


@pytest.fixture
def home(first_runs) -> Path:
    return first_home(first_runs, sorted(FIX.iterdir()), "2026-12-07",
                      companies=("Quillfield Labs",))


def _line(out: str, name: str) -> str:
    mine = [x for x in out.splitlines() if name in x]
    assert len(mine) <= 1, out
    return mine[0] if mine else ""


def _out(cfg: Path) -> Path:
    return cfg.parent / "out"


def _plan(cfg: Path) -> pl.DataFrame:
    return pl.read_csv(_out(cfg) / "worksheets" / "plan.csv", infer_schema=False)


def _due(cfg: Path, name: str):
    people = pl.read_parquet(_out(cfg) / "people.parquet")
    return people.filter(pl.col("display_name") == name)["follow_up_due"].to_list()


def test_a_next_step_without_a_date_is_due_this_week(home):
    """Ines wrote back on 2026-11-21 ("send me your CV"): her cadence puts her follow-up in
    2027. The step noted without a date was in no plan, now or after the next run."""
    assert _line(kith(home, "plan"), "Ines Calloway") == ""
    kith(home, "note", "Ines Calloway", "--next", STEP)
    now = _line(kith(home, "plan"), "Ines Calloway")
    assert now.endswith(f"Ines Calloway: Follow up: {STEP}  (noted since the last run: due "
                        "2026-12-07; last contact 2026-11-21)"), now
    kith(home, "run", "--as-of", "2026-12-07")
    after = _line(kith(home, "plan"), "Ines Calloway")
    assert after.endswith(f"Ines Calloway: Follow up: {STEP}  (due 2026-12-07; last contact "
                          "2026-11-21)"), after
    with signed_in(config.load(home), 8793, dt.date(2026, 12, 7)) as client:
        page = client.get("/").text
    assert page.count("Ines Calloway") == 1 and STEP in page


def test_a_re_dated_night_and_a_full_run_agree(home):
    kith(home, "note", "Ines Calloway", "--next", STEP)
    kith(home, "run", "--as-of", "2026-12-14")  # the inputs unchanged: a re-dated night
    assert _due(home, "Ines Calloway") == [dt.date(2026, 12, 14)]
    night = _plan(home)
    kith(home, "run", "--as-of", "2026-12-14", "--full")
    assert _due(home, "Ines Calloway") == [dt.date(2026, 12, 14)]
    assert _plan(home).equals(night)
    assert STEP in "".join(night.filter(pl.col("name") == "Ines Calloway")["action"].to_list())


def test_a_step_with_a_follow_up_date_keeps_its_date(home):
    kith(home, "note", "Oskar Lind", "--next", "ask about the meetup", "--follow-up",
         "2026-12-30")
    assert _line(kith(home, "plan"), "Oskar Lind") == ""
    kith(home, "run", "--as-of", "2026-12-07")
    assert _due(home, "Oskar Lind") == [dt.date(2026, 12, 30)]
    assert _line(kith(home, "plan"), "Oskar Lind") == ""


def test_done_in_serve_clears_the_step_and_keeps_it_in_the_ledger(home):
    kith(home, "note", "Ines Calloway", "--next", STEP)
    kith(home, "run", "--as-of", "2026-12-07")
    pid = pl.read_parquet(_out(home) / "people.parquet").filter(
        pl.col("display_name") == "Ines Calloway")["person_id"][0]
    with signed_in(config.load(home), 8794, dt.date(2026, 12, 7)) as client:
        action = f"/person/{pid}/follow-up"
        form = page_form(client, pid, "", action) | {"action": "done"}
        assert client.post(action, data=form).status_code == 200
    notes = notes_file.load_notes(config.load(home).files["notes"])
    assert notes.filter(pl.col("person_id") == pid)["next_step"].to_list() in ([None], [""])
    talks = ledger.load_ledger(ledger.ledger_path(config.load(home).files["notes"]))
    assert talks.filter(pl.col("person_id") == pid)["text"].to_list() == [
        f"follow-up done: {STEP}"]
    assert "done for now: next follow-up 2027-" in _line(kith(home, "plan"), "Ines Calloway")
    kith(home, "run", "--as-of", "2026-12-14")
    assert _line(kith(home, "plan"), "Ines Calloway") == ""


def test_a_talk_logged_after_the_step_marks_it_done(home):
    """`kith log NAME talked` (as Talked in serve): the talk, the latest contact, is the step
    done; the plan says "done for now" and the next week's plan leaves her out."""
    kith(home, "note", "Ines Calloway", "--next", STEP)
    kith(home, "run", "--as-of", "2026-12-07")
    kith(home, "log", "Ines Calloway", "talked", "coffee, CV sent")
    assert "done for now: next follow-up 2027-" in _line(kith(home, "plan"), "Ines Calloway")
    kith(home, "run", "--as-of", "2026-12-14")
    assert _line(kith(home, "plan"), "Ines Calloway") == ""


def test_a_tie_never_written_to_says_since_when_not_overdue(home):
    """Marek, a connection at the target company since 2021-03-12, never written to: the plan
    said "overdue since 2021-05-11" (the cadence from the connection date). The ranking is
    unchanged: his follow-up date is still the connection date plus the cadence."""
    line = _line(kith(home, "plan"), "Marek Sobol")
    assert line.endswith("Marek Sobol: Get in touch  (no contact recorded since you connected "
                         "on 2021-03-12)"), line
    assert _due(home, "Marek Sobol") == [dt.date(2021, 5, 11)]
