"""Round 26 (docs/adversarial26.md): kith serve across a restart. A page opened before a
restart and sent after is answered "out of date, reload" with nothing written and the typed
text shown; Done never logs a talk twice."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from serve_home import make_home, signed_in_restoring
from starlette.testclient import TestClient
from test_adversarial25_serve import page_form, someone

from pipeline.notes import ledger, notes_file
from pipeline.serve.app import create_app
from pipeline.serve.security import Guard

PORT = 8771
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return make_home(tmp_path_factory.mktemp("adv26-home"))


@pytest.fixture
def client(home):
    with signed_in_restoring(home, PORT, TODAY) as c:
        yield c


def _relaunch(home, client) -> TestClient:
    """A second launch of kith serve on the same port (new token), reached by the same
    browser: its cookie jar still holds the first launch's cookie."""
    guard = Guard(PORT)
    app = create_app(home, home.out, guard, today=lambda: TODAY)
    again = TestClient(app, base_url=f"http://127.0.0.1:{PORT}")
    again.cookies = client.cookies
    again.guard = guard
    return again


def _ledger_rows(home) -> int:
    return ledger.load_ledger(ledger.ledger_path(home.files["notes"])).height


def test_a_form_sent_after_a_restart_says_the_page_is_out_of_date(client, home):
    """The browser still has the first launch's cookie: the answer says the page is out of
    date and what to do (on main: "open the address kith serve printed", nothing about the
    page or whether anything was saved)."""
    pid = someone(home)["person_id"]
    form = page_form(client, pid, "log") | {"kind": "gave", "text": "an intro"}
    again = _relaunch(home, client)
    r = again.post(f"/person/{pid}/log", data=form)
    assert r.status_code == 403
    assert "out of date" in r.text and "reload" in r.text and "nothing was saved" in r.text
    assert _ledger_rows(home) == 0


def test_an_old_page_sent_after_signing_in_again_shows_what_was_typed(client, home):
    """The user opened the new address in another tab, then sent a notes form from the page
    opened before the restart: refused as out of date, and the need typed is shown back (on
    main: "no valid CSRF token", the text gone)."""
    pid = someone(home, 2)["person_id"]
    form = page_form(client, pid, "notes") | {"need": "a plumber in Leeds"}
    again = _relaunch(home, client)
    assert again.get(f"/?token={again.guard.token}").status_code == 200
    r = again.post(f"/person/{pid}/note", data=form)
    assert r.status_code == 403
    assert "out of date" in r.text and "reload" in r.text.lower()
    assert "a plumber in Leeds" in r.text
    notes = notes_file.load_notes(home.files["notes"]).filter(pl.col("person_id") == pid)
    assert "a plumber in Leeds" not in (notes["need"].to_list() if notes.height else [])


def test_done_whose_date_clearing_fails_logs_the_talk_once(client, home, monkeypatch):
    """Done logs a talk, then clears the typed follow-up date. When the second write failed
    the one-time value was released, and sending the form again logged the talk twice."""
    from pipeline.serve import actions

    pid = someone(home, 1)["person_id"]
    notes_file.set_note(home.files["notes"], pid, "", follow_up=dt.date(2026, 12, 1))
    action = f"/person/{pid}/follow-up"
    form = page_form(client, pid, "", action) | {"action": "done"}
    real = actions._set_note

    def failing(k, p, name, values):
        if values == {"follow_up": ""}:
            raise OSError(28, "No space left on device")
        return real(k, p, name, values)

    monkeypatch.setattr(actions, "_set_note", failing)
    first = client.post(action, data=form)
    assert first.status_code == 200
    assert "not cleared" in first.text
    second = client.post(action, data=form)
    assert second.status_code == 200
    talks = ledger.load_ledger(ledger.ledger_path(home.files["notes"])).filter(
        pl.col("kind") == "talked")
    assert talks.height == 1
