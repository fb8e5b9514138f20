"""Adversarial round 25 (docs/adversarial25.md): kith serve's leftovers from round 24. A
bookmarked person merged away or gone, a form sent twice without JavaScript, and what
`--host 0.0.0.0` says about the host names it accepts."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import polars as pl
import pytest
from serve_home import make_home, signed_in

from pipeline.notes import ledger, notes_file

PORT = 8767
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return make_home(tmp_path_factory.mktemp("adv25-home"))


@pytest.fixture
def client(home):
    notes = home.files["notes"]
    led = ledger.ledger_path(notes)
    kept = notes.read_bytes()
    with signed_in(home, PORT, TODAY) as c:
        yield c
    notes.write_bytes(kept)  # each test starts from the run's own notes file, no ledger
    led.unlink(missing_ok=True)


def someone(home, n: int = 0) -> dict:
    people = pl.read_parquet(home.out / "people.parquet").sort("person_id")
    return people.row(n, named=True)


class _Form(HTMLParser):
    """The named form's fields as a browser sends them for a click on `button`."""

    def __init__(self, form_id: str, action: str) -> None:
        super().__init__()
        self.form_id, self.action, self.inside, self.fields = form_id, action, False, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id or a.get("action") == self.action
        elif tag == "input" and self.inside and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def page_form(client, pid: str, form_id: str, action: str = "") -> dict[str, str]:
    page = client.get(f"/person/{pid}")
    assert page.status_code == 200
    parser = _Form(form_id, action)
    parser.feed(page.text)
    assert "csrf" in parser.fields
    return parser.fields


def test_a_double_click_on_gave_without_javascript_logs_once(client, home):
    """Without JavaScript nothing disables the button: a double click sends the form twice.
    The second post adds nothing (on main: two ledger entries for one favour). A new page's
    form logs again."""
    pid = someone(home)["person_id"]
    form = page_form(client, pid, "log") | {"kind": "gave", "text": "an intro to Ann"}
    first = client.post(f"/person/{pid}/log", data=form)
    second = client.post(f"/person/{pid}/log", data=form)
    assert first.status_code == second.status_code == 200
    assert "sent twice" in second.text
    entries = ledger.load_ledger(ledger.ledger_path(home.files["notes"]))
    assert entries.height == 1
    again = page_form(client, pid, "log") | {"kind": "gave", "text": "another intro"}
    assert client.post(f"/person/{pid}/log", data=again).status_code == 200
    assert ledger.load_ledger(ledger.ledger_path(home.files["notes"])).height == 2


def test_a_double_click_on_snooze_moves_the_follow_up_one_week(client, home):
    """Snooze twice from one page moved the follow-up two weeks on main."""
    pid = someone(home, 1)["person_id"]
    action = f"/person/{pid}/follow-up"
    form = page_form(client, pid, "", action) | {"action": "snooze"}
    assert client.post(action, data=form).status_code == 200
    once = notes_file.load_notes(home.files["notes"]).filter(
        pl.col("person_id") == pid)["follow_up"][0]
    assert client.post(action, data=form).status_code == 200
    twice = notes_file.load_notes(home.files["notes"]).filter(
        pl.col("person_id") == pid)["follow_up"][0]
    assert once == twice


def test_a_made_up_one_time_value_is_refused(client, home):
    pid = someone(home)["person_id"]
    form = page_form(client, pid, "log") | {"kind": "gave", "text": "x", "once": "abc.def"}
    assert client.post(f"/person/{pid}/log", data=form).status_code == 400
    assert not ledger.ledger_path(home.files["notes"]).exists()
