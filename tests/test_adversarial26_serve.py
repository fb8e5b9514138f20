"""Round 26 (docs/adversarial26.md): kith serve across a restart, and bound to every
interface. A page opened before a restart and sent after is answered "out of date, reload"
with nothing written and the typed text shown; Done never logs a talk twice; `--host 0.0.0.0`
takes a LAN browser's IP address as Host, never a DNS name."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest
from click.testing import CliRunner
from serve_home import signed_in_restoring
from starlette.testclient import TestClient
from test_adversarial25_serve import page_form, someone

from pipeline.cli import main
from pipeline.notes import ledger, notes_file
from pipeline.serve.app import create_app
from pipeline.serve.security import Guard

PORT = 8771
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


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


def _every_interface_client(home) -> TestClient:
    guard = Guard(PORT, extra_host="0.0.0.0")
    app = create_app(home, home.out, guard, today=lambda: TODAY)
    c = TestClient(app, base_url=f"http://192.168.1.23:{PORT}")
    c.guard = guard
    return c


def test_every_interface_takes_the_lan_address_as_host(home):
    """`--host 0.0.0.0`: a browser on another computer sends Host: <this computer's LAN
    address>; on main every such request was refused (DNS rebinding protection)."""
    c = _every_interface_client(home)
    assert c.get(f"/?token={c.guard.token}").status_code == 200
    pid = someone(home)["person_id"]
    assert c.get(f"/person/{pid}").status_code == 200
    v6 = TestClient(c.app, base_url=f"http://[fe80::1]:{PORT}")
    assert v6.get(f"/?token={c.guard.token}").status_code == 200


@pytest.mark.parametrize("host", [f"evil.example:{PORT}", f"192.168.1.23.nip.io:{PORT}",
                                  "192.168.1.23", "192.168.1.23:1", f"fe80::1:{PORT}",
                                  f"0x7f.1:{PORT}", f"[192.168.1.23]:{PORT}"])
def test_every_interface_still_refuses_dns_names_and_other_ports(home, host):
    c = _every_interface_client(home)
    r = c.get(f"/?token={c.guard.token}", headers={"host": host})
    assert r.status_code == 403
    assert "DNS rebinding" in r.text


def test_every_interface_still_needs_the_token_and_its_own_origin(home):
    c = _every_interface_client(home)
    assert c.get("/").status_code == 403  # no token, no cookie
    c.get(f"/?token={c.guard.token}")
    pid = someone(home)["person_id"]
    form = page_form(c, pid, "log") | {"kind": "gave", "text": "x"}
    r = c.post(f"/person/{pid}/log", data=form, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = c.post(f"/person/{pid}/log", data=form, headers={"origin": "http://192.168.1.99:"
                                                                   f"{PORT}"})
    assert r.status_code == 403  # another address than the one the page came from
    assert not ledger.ledger_path(home.files["notes"]).exists()


def test_a_loopback_server_refuses_an_address_host(home):
    guard = Guard(PORT)
    app = create_app(home, home.out, guard, today=lambda: TODAY)
    c = TestClient(app, base_url=f"http://192.168.1.23:{PORT}")
    assert c.get(f"/?token={guard.token}").status_code == 403


def test_serve_on_every_address_says_a_lan_browser_may_use_an_address(home, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    r = CliRunner().invoke(main, ["serve", "--config", str(home.path), "--port", "8772",
                                  "--host", "0.0.0.0"])
    assert r.exit_code == 0, r.output
    assert "and any IP address" in r.output
    assert "a DNS name other than these is refused" in r.output
    assert re.search(r"from another, http://\S+:8772/ with the same \?token=", r.output)
