"""Round 28 (docs/adversarial28.md): kith serve's home page shows this week's plan as you
work it. On main the plan was the last run's as it was: Done or Snooze came back to the same
item with its buttons (a second Done is a second talk in the ledger), and someone marked
do-not-contact since the run was still proposed. Driven in a real headless Chromium as
tests/test_serve_browser.py is, and through Starlette's TestClient."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from serve_home import signed_in
from test_serve_browser import errors, submit

from pipeline.notes import notes_file
from pipeline.worksheets import plan as plan_mod


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


def _follow_ups(home) -> list[dict]:
    plan = pl.read_csv(home.out / "worksheets" / "plan.csv", infer_schema=False)
    return plan.filter(pl.col("section") == plan_mod.TITLES["follow_up"]).to_dicts()


def _item(page: str, pid: str) -> str | None:
    """The plan's list item linking to `pid` (main's page has no id on it)."""
    m = re.search(rf'<li[^>]*><a href="/person/{pid}">.*?</li>', page, re.S)
    return m.group(0) if m else None


def test_done_and_do_not_contact_show_in_the_plan_at_once(driver, served, home):
    first, second = _follow_ups(home)[:2]
    driver.get(served.url("/"))
    submit(driver, lambda: driver.find_element(
        "css selector", f"#plan-{first['person_id']} button[value=done]"))
    item = driver.find_element("id", f"plan-{first['person_id']}")
    assert "done for now: next follow-up" in item.text
    assert not item.find_elements("tag name", "button")  # nothing to press twice
    notes_file.set_note(home.files["notes"], second["person_id"], second["name"],
                        do_not_contact=True)
    driver.get(served.url("/"))
    assert not driver.find_elements("id", f"plan-{second['person_id']}")
    assert "1 left out: marked do-not-contact" in driver.find_element("id", "plan-hidden").text
    assert errors(driver) == []


def test_snooze_on_the_plan_says_when_it_comes_back(sample_homes):
    cfg = sample_homes.home()
    item = _follow_ups(cfg)[0]
    pid = item["person_id"]
    today = dt.date(2026, 12, 1)
    with signed_in(cfg, 8765, today) as client:
        before = _item(client.get("/").text, pid)
        assert before is not None and 'value="snooze"' in before
        r = client.post(f"/person/{pid}/follow-up", data={"csrf": client.guard.csrf,
                                                          "action": "snooze", "back": "/"})
        assert r.status_code == 200
        after = _item(r.text, pid)
        assert after is not None and 'value="snooze"' not in after
        moved = (today + dt.timedelta(days=7)).isoformat()
        assert f"done for now: next follow-up {moved}" in after
