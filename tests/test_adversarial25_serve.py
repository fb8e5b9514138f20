"""Adversarial round 25 (docs/adversarial25.md): kith serve's leftovers from round 24. A
bookmarked person merged away or gone, a form sent twice without JavaScript, and what
`--host 0.0.0.0` says about the host names it accepts."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import polars as pl
import pytest
from click.testing import CliRunner
from serve_home import signed_in_restoring

from pipeline.cli import main
from pipeline.notes import ledger, notes_file

PORT = 8767
TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


@pytest.fixture
def client(home):
    with signed_in_restoring(home, PORT, TODAY) as c:
        yield c


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


def test_a_bookmarked_merged_away_person_opens_the_survivor(client, home):
    """A run merged p_gone into a person: the notes row moved to the survivor flagged "merged
    from p_gone: review". The bookmark /person/p_gone opens the survivor (404 on main)."""
    survivor = someone(home)
    notes_file.set_note(home.files["notes"], survivor["person_id"], "", need="a lawyer")
    _flag(home, survivor["person_id"], "merged from p_0123456789abcdef: review")
    r = client.get("/person/p_0123456789abcdef", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"/person/{survivor['person_id']}?m=")
    page = client.get("/person/p_0123456789abcdef")
    assert page.status_code == 200 and "was merged into this person" in page.text


def test_a_merged_away_person_named_only_by_the_ledger_opens_the_survivor(client, home):
    survivor = someone(home, 2)["person_id"]
    ledger.ledger_path(home.files["notes"]).write_text(
        "date,person_id,name,kind,text,kith_from\n"
        f"2026-11-01,{survivor},Ann,gave,an intro,p_00000000000000aa\n", "utf-8")
    r = client.get("/person/p_00000000000000aa", follow_redirects=False)
    assert r.status_code == 303 and f"/person/{survivor}?" in r.headers["location"]


def test_a_gone_person_shows_what_the_notes_and_ledger_keep(client, home):
    """Someone no longer in the exports: notes.csv and ledger.csv keep their rows. The page
    says they are gone and shows those (main: a bare "No person" 404)."""
    gone = "p_00000000000000ff"
    notes_file.set_note(home.files["notes"], gone, "Dana Old", need="a flat <b>in</b> Lisbon",
                        do_not_contact=True)
    ledger.append_entry(ledger.ledger_path(home.files["notes"]), gone, "Dana Old", "asked",
                        "a reference", TODAY)
    r = client.get(f"/person/{gone}")
    assert r.status_code == 404
    assert "is not in the current outputs" in r.text
    assert "a flat &lt;b&gt;in&lt;/b&gt; Lisbon" in r.text and "a reference" in r.text
    assert 'id="gone-dnc"' in r.text
    nobody = client.get("/person/p_00000000000000ee")
    assert nobody.status_code == 404 and 'id="nothing-kept"' in nobody.text


def _flag(home, pid: str, flag: str) -> None:
    from pipeline.notes.userfile import update

    def edit(table):
        for row in table.rows:
            if table.get(row, "person_id") == pid:
                table.set(row, "kith_flag", flag)
        return True

    update(home.files["notes"], notes_file.HEADER, edit)


def test_serve_on_every_address_names_the_host_names_it_accepts(home, monkeypatch):
    """`--host 0.0.0.0` lists the names it accepts (DNS rebinding protection). Since round 26
    it also takes any IP address as Host (a LAN browser's; see test_adversarial26_serve), and
    the printed address says what another computer opens."""
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    port = 8768
    r = CliRunner().invoke(main, ["serve", "--config", str(home.path), "--port", str(port),
                                  "--host", "0.0.0.0"])
    assert r.exit_code == 0, r.output
    accepted = f"0.0.0.0:{port}, 127.0.0.1:{port}, localhost:{port}, [::1]:{port}"
    assert f"only these host names are accepted (DNS rebinding protection): {accepted}" in (
        r.output)
    assert re.search(rf"http://127\.0\.0\.1:{port}/\?token=\S+\n\(on this computer; from "
                     rf"another, http://\S+:{port}/ with the same", r.output)


def test_a_host_name_in_capitals_is_accepted_as_browsers_send_it(home, monkeypatch):
    """Browsers send the Host header in lower case: `--host MyLaptop.local` refused every
    request on main."""
    from pipeline.serve.security import Guard

    guard = Guard(8769, extra_host="MyLaptop.LOCAL")
    assert "mylaptop.local:8769" in guard.hosts
    assert Guard(8769, extra_host="::").hosts >= {"[::]:8769"}
