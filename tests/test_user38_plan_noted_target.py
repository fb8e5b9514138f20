"""A next step noted for someone the run's plan lists as a warm path into a target company is
in `kith plan` (and serve's home) at once, as a follow-up, in place of the run's "ask what they
need" item (docs/user38.md, week 1: "send CV" noted for the recruiter at Orchard Labs was not in
the plan). Fixture: tests/fixtures/user38/linkedin_w1 (fictitious). As test_plan_noted, the
run's as-of date is the day these tests were written, and `kith plan` reads today's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kith_home import first_home, kith
from serve_home import signed_in

from pipeline import config

FIX = Path(__file__).parent / "fixtures" / "user38" / "linkedin_w1"


@pytest.fixture
def home(first_runs) -> Path:
    return first_home(first_runs, sorted(FIX.iterdir()), "2026-12-07",
                      companies=("Orchard Labs",))


def _lines(out: str, name: str) -> list[str]:
    return [x for x in out.splitlines() if name in x]


def test_a_next_step_for_a_warm_path_is_a_follow_up_at_once(home):
    before = _lines(kith(home, "plan"), "Celine Moreau")
    assert len(before) == 1 and "Follow up" not in before[0]  # the run's warm-path item
    kith(home, "note", "Celine Moreau", "--next", "send CV for the data engineer role",
         "--follow-up", "2026-12-09")
    out = kith(home, "plan")
    mine = _lines(out, "Celine Moreau")
    assert len(mine) == 1, out  # once, in the first section that wants her
    assert "send CV for the data engineer role" in mine[0]
    assert "(noted since the last run: " in mine[0]
    assert out.splitlines()[0] == mine[0]  # your own promises first


def test_a_next_step_for_someone_the_plan_follows_up_replaces_the_runs_item(home):
    """README: "a next step ... you just noted is in the plan at once". Tobias was in the run's
    follow-ups ("Follow up"); the step noted since was not shown until the next run."""
    assert _lines(kith(home, "plan"), "Tobias Brandt")[0].endswith(
        "Tobias Brandt: Follow up  (due 2026-12-10; last contact 2026-10-11)")
    kith(home, "note", "Tobias Brandt", "--next", "thank him for the referral")
    mine = _lines(kith(home, "plan"), "Tobias Brandt")
    assert len(mine) == 1
    assert "Follow up: thank him for the referral  (noted since the last run: " in mine[0]
    # nothing noted since for the others: the run's items as they were
    assert "noted since" not in "".join(
        x for x in kith(home, "plan").splitlines() if "Tobias" not in x)


def test_serve_home_lists_the_noted_step_once(home):
    kith(home, "note", "Celine Moreau", "--next", "send CV for the data engineer role",
         "--follow-up", "2026-12-09")
    with signed_in(config.load(home), 8791, dt.date(2026, 12, 7)) as client:
        page = client.get("/").text
    assert page.count("Celine Moreau") == 1, page
    assert "send CV for the data engineer role" in page
