"""Adversarial round 25 (docs/adversarial25.md): kith serve's leftovers from round 24. A
bookmarked person merged away or gone, a form sent twice without JavaScript, and what
`--host 0.0.0.0` says about the host names it accepts."""

from __future__ import annotations

import datetime as dt

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
