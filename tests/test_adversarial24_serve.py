"""Adversarial round 24 (docs/adversarial24.md): what a person does in kith serve's note form
that must not lose what they, another tab, or their spreadsheet wrote.

The form is submitted as a browser submits it: `browser_form` reads the notes form from the
page the server sent, with the value sanitisation a browser applies (a text input drops line
breaks, a date input drops a value that is not YYYY-MM-DD, an unchecked box sends nothing)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import polars as pl
import pytest
from serve_home import excel_saves_notes, notes_cells, signed_in_restoring

from pipeline.notes import notes_file

PORT = 8766
TODAY = dt.date(2026, 12, 3)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


@pytest.fixture
def client(home):
    with signed_in_restoring(home, PORT, TODAY) as c:
        yield c


class _NotesForm(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside, self.fields = False, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "notes":
            self.inside = True
        elif tag == "input" and self.inside:
            kind, value = a.get("type", "text"), a.get("value") or ""
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[a["name"]] = value
                return
            if kind in ("text", "date"):
                value = value.replace("\r", "").replace("\n", "")  # HTML's sanitisation
            if kind == "date" and not ISO.match(value):
                value = ""
            self.fields[a["name"]] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def browser_form(client, pid: str) -> dict[str, str]:
    """What the browser would post from /person/PID's notes form, untouched."""
    page = client.get(f"/person/{pid}")
    assert page.status_code == 200
    parser = _NotesForm()
    parser.feed(page.text)
    assert "csrf" in parser.fields
    return parser.fields


def someone(home, n: int = 0) -> str:
    return pl.read_parquet(home.out / "people.parquet").sort("person_id")["person_id"][n]


def note_row(home, pid: str) -> dict:
    notes = notes_file.load_notes(home.files["notes"])
    return notes.filter(pl.col("person_id") == pid).row(0, named=True)


def test_a_stale_tab_does_not_undo_what_another_tab_saved(client, home):
    """Two tabs on one person: B saves a need and do-not-contact; A, opened before, then saves
    an offer. B's need and do-not-contact must stay (on main A's stale empty need and
    unticked box were written over them: the person could be contacted again)."""
    pid = someone(home)
    tab_a = browser_form(client, pid)
    tab_b = browser_form(client, pid)
    tab_b |= {"need": "a lawyer", "do_not_contact": "yes"}
    assert client.post(f"/person/{pid}/note", data=tab_b).status_code == 200
    tab_a["offer"] = "an intro to Ann"
    assert client.post(f"/person/{pid}/note", data=tab_a).status_code == 200
    row = note_row(home, pid)
    assert (row["need"], row["offer"], row["do_not_contact"]) == (
        "a lawyer", "an intro to Ann", True)


def test_saving_one_field_leaves_what_the_spreadsheet_wrote_in_the_others(client, home):
    """Cells typed in Excel that a browser form cannot carry as they are: a follow-up date in
    the locale's format, a line break in a cell (Alt+Enter), a need longer than serve's own
    bound. The user changes only the offer; every other cell stays byte for byte."""
    pid = someone(home, 1)
    long_need = "needs " + "x" * 5000
    notes_file.set_note(home.files["notes"], pid, "", need=long_need, next_step="call\nthen mail",
                        referred_by="Bob")
    header = list(notes_file.HEADER)
    excel_saves_notes(home, pid, follow_up="3/1/2027")  # US Excel's save of 2027-03-01
    before = notes_cells(home, pid)
    assert before[header.index("next_step")] == "call\nthen mail"
    form = browser_form(client, pid)
    form["offer"] = "coffee"
    assert client.post(f"/person/{pid}/note", data=form).status_code == 200
    after = notes_cells(home, pid)
    expected = list(before)
    expected[header.index("offer")] = "coffee"
    assert after == expected
    assert note_row(home, pid)["follow_up"] == dt.date(2027, 3, 1)


def test_a_field_changed_elsewhere_and_in_the_form_is_not_overwritten(client, home):
    """The page was shown; then the need was changed in notes.csv (a spreadsheet, or
    `kith note`); then the user typed another need in the form. Neither text is lost: the
    save is refused (409) with both texts on the page, and the file keeps the spreadsheet's."""
    pid = someone(home, 2)
    form = browser_form(client, pid)
    notes_file.set_note(home.files["notes"], pid, "", need="typed in Excel")
    form |= {"need": "typed in the browser", "offer": "lunch"}
    r = client.post(f"/person/{pid}/note", data=form)
    assert r.status_code == 409
    assert "typed in the browser" in r.text and "typed in Excel" in r.text
    row = note_row(home, pid)
    assert (row["need"], row["offer"]) == ("typed in Excel", "")
    # reloaded, the page shows the new need, and the save goes through
    form = browser_form(client, pid)
    assert form["need"] == "typed in Excel"
    form["offer"] = "lunch"
    assert client.post(f"/person/{pid}/note", data=form).status_code == 200
    assert note_row(home, pid)["offer"] == "lunch"


def test_a_form_without_the_shown_values_still_saves_what_it_names(client, home):
    """A form posted without the page's marks of what it showed (a script, an old page)
    still saves the fields it carries, compared with the file as before."""
    pid = someone(home, 3)
    r = client.post(f"/person/{pid}/note", data={"csrf": client.guard.csrf, "need": "a job"})
    assert r.status_code == 200
    assert note_row(home, pid)["need"] == "a job"


def test_a_huge_post_is_refused_before_it_is_read(client, home, tmp_path, monkeypatch):
    """A body over 1 MiB is refused (413) from its Content-Length, and a chunked body of no
    declared length (411): on main a 20 MB multipart part was spooled to a temporary file and
    the form answered 200. Nothing is written; the server answers the next request."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pid = someone(home, 4)
    before = home.files["notes"].read_bytes()
    r = client.post(f"/person/{pid}/note", data={"csrf": client.guard.csrf},
                    files={"need": ("need.txt", b"x" * (20 << 20))})
    assert r.status_code == 413
    assert list(tmp_path.iterdir()) == []

    def chunks():
        yield b"csrf=" + client.guard.csrf.encode()
        yield b"&need=" + b"y" * 1000

    r = client.post(f"/person/{pid}/note", content=chunks(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 411
    assert home.files["notes"].read_bytes() == before


def test_a_text_longer_than_serves_bound_is_refused_and_shown_back(client, home):
    """A note or ledger text over 2,000 characters typed in serve is refused with the text on
    the answer page, and nothing is written (on main both were cut to 2,000 and saved)."""
    pid = someone(home, 4)
    before = home.files["notes"].read_bytes()
    form = browser_form(client, pid)
    form["need"] = "a long need " + "n" * 3000
    r = client.post(f"/person/{pid}/note", data=form)
    assert r.status_code == 400 and "longer than 2,000 characters" in r.text
    assert "a long need " + "n" * 3000 in r.text
    assert home.files["notes"].read_bytes() == before
    ledger_file = home.files["notes"].with_name("ledger.csv")
    logged = ledger_file.read_bytes() if ledger_file.exists() else b""
    r = client.post(f"/person/{pid}/log", data={"csrf": client.guard.csrf, "kind": "gave",
                                                "text": "a long story " + "s" * 3000})
    assert r.status_code == 400 and "a long story " + "s" * 3000 in r.text
    assert (ledger_file.read_bytes() if ledger_file.exists() else b"") == logged


def test_a_note_for_someone_no_longer_in_the_outputs_is_shown_back_not_lost(client, home):
    """The page stayed open while a run merged the person away (their id is gone): the save
    cannot land, and the answer shows what was typed, so it can be copied (on main: only
    "No person ... in the current outputs", the text gone with the page)."""
    form = browser_form(client, someone(home, 5))
    form |= {"need": "a flat in Lisbon", "next_step": "call on Friday"}
    r = client.post("/person/p_0000000000000000/note", data=form)
    assert r.status_code == 404
    assert "No person p_0000000000000000" in r.text
    assert "need: \u201ca flat in Lisbon\u201d" in r.text
    assert "next step: \u201ccall on Friday\u201d" in r.text


def test_a_form_without_marks_leaves_the_fields_it_does_not_carry(client, home):
    """Round 31 (S2): a POST with the CSRF token and only some fields (a script, a bookmarklet,
    a form from an old page) wrote every field it did not carry as empty: need, offer, next
    step and do-not-contact were gone. Fails on main."""
    pid = someone(home, 4)
    notes_file.set_note(home.files["notes"], pid, "x", need="a flat", offer="my van",
                        next_step="call Sunday", do_not_contact=True)
    assert client.post(f"/person/{pid}/note", data={"csrf": client.guard.csrf}).status_code == 200
    row = note_row(home, pid)
    assert (row["need"], row["offer"], row["next_step"], row["do_not_contact"]) == (
        "a flat", "my van", "call Sunday", True)
    r = client.post(f"/person/{pid}/note", data={"csrf": client.guard.csrf, "need": "a house"})
    assert r.status_code == 200
    row = note_row(home, pid)
    assert (row["need"], row["offer"], row["next_step"], row["do_not_contact"]) == (
        "a house", "my van", "call Sunday", True)
