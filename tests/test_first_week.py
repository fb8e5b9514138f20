"""README's "Your own contacts, and each week", followed as a new user does (user34).

A company added to targets.toml and a need noted after a run are not in that run's tables
yet: `kith targets` and `kith introductions` said "nobody in your network works or worked
there" and "note what people need" right after you had done so. They now say a run finds
them. Fixture: tests/fixtures/first_week (hand-made, fictitious)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from kith_home import first_home, kith

# `kith log` and `kith plan` read today: the day these tests were written for (conftest)
pytestmark = pytest.mark.usefixtures("written_on_2026_12_07")

FIXTURE = Path(__file__).parent / "fixtures" / "first_week"


@pytest.fixture
def home(first_runs) -> Path:
    """kith init, the exports put in, one run: the README's first steps."""
    return first_home(first_runs, [FIXTURE / "Connections.csv"], "2026-12-07")


def test_a_company_added_after_the_run_is_not_said_to_have_nobody(home):
    kith(home, "companies", "--add", "Globex")
    out = kith(home, "targets")
    assert "nobody in your network works or worked there" not in out
    assert "Globex: not looked for yet" in out and "`kith run`" in out
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "targets")
    assert "Globex: 2 path(s)" in out and "not looked for yet" not in out


def test_a_company_the_run_knew_with_nobody_there_still_says_so(home):
    kith(home, "companies", "--add", "Umbrella")
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "targets")
    assert "Umbrella: 0 path(s)" in out and "nobody in your network works or worked there" in out


def test_needs_noted_after_the_run_point_to_a_run(home):
    out = kith(home, "introductions")
    assert "note what people need" in out and "notes changed" not in out
    kith(home, "note", "Carla Mendheim", "--need", "a data engineer for her team")
    out = kith(home, "introductions")
    assert "note what people need" not in out
    assert "your notes changed since the last run; `kith run`" in out
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "introductions")
    assert "Carla Mendheim needs a data engineer for her team -> Anna Perlberg" in out
    assert "notes changed" not in out


def test_no_targets_points_to_the_users_own_file_not_kiths_clone(home):
    out = kith(home, "targets")
    assert "No targets yet" in out and "kith companies --add NAME" in out
    assert "configs/targets.toml" not in out  # a file in kith's clone, not in the user's home


def test_the_first_run_has_nothing_to_compare_with_not_nothing_changed(home):
    index = (home.parent / "out" / "worksheets" / "index.html").read_text("utf-8")
    assert "This is the first run" in index and "Nothing changed." not in index
    out = kith(home, "changes")
    assert "Nothing to compare with" in out and "No changes since the previous run" not in out
    kith(home, "note", "Carla Mendheim", "--need", "a data engineer")  # a later run: outreach
    kith(home, "run", "--as-of", "2026-12-08")
    index = (home.parent / "out" / "worksheets" / "index.html").read_text("utf-8")
    assert "Nothing changed." in index and "This is the first run" not in index
    assert "No changes since the previous run." in kith(home, "changes")


def test_a_follow_up_done_since_the_run_does_not_still_read_overdue(home):
    kith(home, "note", "Bruno Keswick", "--next", "send him my CV")  # a next step: due now
    kith(home, "run", "--as-of", "2026-12-08")
    line = next(x for x in kith(home, "plan").splitlines() if "Bruno Keswick" in x)
    assert "done for now" not in line and "at the last run" not in line
    kith(home, "log", "Bruno Keswick", "talked", "coffee")
    line = next(x for x in kith(home, "plan").splitlines() if "Bruno Keswick" in x)
    # the parenthesis is the run's reason: it says so beside "done for now"
    assert "done for now: next follow-up" in line and "(at the last run: " in line


def test_the_review_page_says_what_agreed_and_what_conflicted(home):
    shutil.copy(FIXTURE / "phone.vcf", home.parent / "exports" / "phone.vcf")
    kith(home, "run", "--as-of", "2026-12-08")
    page = (home.parent / "out" / "worksheets" / "review.html").read_text("utf-8")
    row = next(x for x in page.split("<tr") if "Anna Perlberg" in x)
    # as `kith review` and serve's Review page show it: the evidence to decide by
    assert "weight in the review band; agreed: given, family" in row
    assert "conflicted: <" not in row  # nothing conflicted: no empty label


def test_the_targets_page_counts_one_company_and_says_who_comes_first(home):
    kith(home, "companies", "--add", "Globex")
    kith(home, "run", "--as-of", "2026-12-08")
    page = (home.parent / "out" / "worksheets" / "targets.html").read_text("utf-8")
    assert "Targets (1 company)" in page and "1 companies" not in page
    # ranked as `kith targets` and README say: who can hire you first, not the warmest
    assert "warmest path first" not in page and "those who can hire you" in page


def test_serve_home_page_says_the_reason_of_a_done_follow_up_is_the_runs(home):
    import datetime as dt

    from serve_home import free_port, signed_in

    from pipeline import config

    kith(home, "note", "Bruno Keswick", "--next", "send him my CV")
    kith(home, "run", "--as-of", "2026-12-08")
    kith(home, "log", "Bruno Keswick", "talked", "coffee")
    with signed_in(config.load(home), free_port(), dt.date(2026, 12, 8)) as client:
        page = client.get("/").text
    item = next(x for x in page.split("<li") if "Bruno Keswick" in x)
    # never written to: the run's why says since when, not "overdue since" (plan38)
    assert "done for now" in item and "at the last run: no contact recorded since you" in item
