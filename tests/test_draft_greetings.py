"""A drafted message greets a person as a person would: by their given name, written with
capitals when it was typed in one case ("JOHN" -> "John"), a household by both names, an East
Asian name whole, and nobody by an e-mail address ("Hi," when there is no name). The drafts
in the worksheets' e-mail links are signed with the user's name as `kith plan`'s are
(pipeline/enrich/drafts.py)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner
from exports_support import kith_run
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from pipeline.cli import main
from pipeline.enrich import drafts


@pytest.mark.parametrize(("given_name", "name", "greeting"), [
    ("JOHN", "JOHN SMITH", "John"),
    ("mary", "mary ann", "Mary"),
    ("JEAN-PAUL", "JEAN-PAUL O'NEIL", "Jean-Paul"),
    ("ANN & BOB", "ANN & BOB LEE", "Ann & Bob"),
    ("ŁUKASZ", "ŁUKASZ NOWAK", "Łukasz"),
    ("DeShawn", "DeShawn Jones", "DeShawn"),  # mixed case was meant: kept
    ("Ann & Bob", "Ann & Bob Lee", "Ann & Bob"),
    ("太郎", "山田太郎", "山田太郎"),  # addressed whole
    ("민준", "김민준", "김민준"),
    (None, "ann.bob@lee.example", ""),
    (None, "Acme Corp", ""),  # an organisation's card has no given name
    ("  ", "Jane Doe", ""),
    ("ann@lee.example", "ann@lee.example", ""),
])
def test_the_greeting(given_name, name, greeting):
    assert drafts.greeting_name(given_name, name) == greeting


def test_no_name_leaves_no_blank_before_the_comma():
    subject, body = drafts.draft(drafts.load(None), "follow_up",
                                 {"name": "ann.bob@lee.example", "given_name": None,
                                  "last_contact": "2026-01-01"})
    assert body.splitlines()[0] == "Hi,"
    assert subject == "Following up"
    assert "ann.bob" not in body
    _, body = drafts.draft(drafts.load(None), "follow_up",
                           {"name": "JOHN SMITH", "given_name": "JOHN", "my_name": "Miguel Davis"})
    assert body.splitlines()[0] == "Hi John,"
    assert body.splitlines()[-1] == "Miguel Davis"


def test_an_empty_placeholder_takes_only_the_blanks_before_it(tmp_path):
    own = tmp_path / "drafts.toml"
    own.write_text('[default]\nsubject = "Bonjour {first_name} !"\n'
                   'body = "Bonjour {first_name} !\\nÀ bientôt : {my_name}"\n', "utf-8")
    subject, body = drafts.draft(drafts.load(own), "x", {"name": "a@b.example"})
    # the user's own spacing before "!" and ":" stays; only the empty name's blank goes
    assert subject == "Bonjour !"
    assert body.splitlines() == ["Bonjour !", "À bientôt :"]


@given(st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=40)))
def test_a_greeting_is_never_an_address_and_never_leaves_a_gap(given_name, name):
    greeting = drafts.greeting_name(given_name, name)
    assert "@" not in greeting
    assert greeting == greeting.strip()
    _, body = drafts.draft(drafts.load(None), "default", {"name": name, "given_name": given_name})
    first = body.split("\n")[0]
    assert first == (f"Hi {greeting}," if greeting else "Hi,")
    assert all(line == line.rstrip() for line in body.split("\n"))


PROFILE = ("First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
           "Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
           "Miguel,Davis,,,,Engineer,,,,,,,\n")
CONTACTS = ("First Name,Last Name,E-mail 1 - Value\n"
            "JOHN,SMITH,john@smith.example\n"
            ",,ann.bob@lee.example\n"
            "Ann & Bob,Lee,annbob@lee.example\n"
            "太郎,山田,taro@yamada.example\n")


def _drafts_in(index: Path) -> dict[str, tuple[str, str]]:
    """address -> (first line, last line) of each e-mail link's drafted body."""
    out = {}
    html = index.read_text("utf-8").replace("&amp;", "&")
    for link in html.split('href="mailto:')[1:]:
        address, _, query = link.split('"')[0].partition("?")
        body = urllib.parse.parse_qs(query)["body"][0].split("\r\n")
        out[urllib.parse.unquote(address)] = (body[0], body[-1])
    return out


def test_worksheets_and_the_plan_greet_and_sign(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the notes file: ./data/notes.csv
    kith_run(tmp_path, {"contacts.csv": CONTACTS, "Profile.csv": PROFILE})
    out = str(tmp_path / "out")
    for who in ("JOHN SMITH", "ann.bob@lee.example", "Ann & Bob Lee", "山田太郎"):
        res = CliRunner().invoke(main, ["note", who, "--follow-up", "2026-12-07", "--out", out])
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", out,
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    assert _drafts_in(tmp_path / "out" / "worksheets" / "index.html") == {
        "john@smith.example": ("Hi John,", "Miguel Davis"),
        "ann.bob@lee.example": ("Hi,", "Miguel Davis"),
        "annbob@lee.example": ("Hi Ann & Bob,", "Miguel Davis"),
        "taro@yamada.example": ("Hi 山田太郎,", "Miguel Davis")}
    ics = tmp_path / "week.ics"
    res = CliRunner().invoke(main, ["plan", "--ics", str(ics), "--out", out])
    assert res.exit_code == 0, res.output
    texts = sorted(str(e["DESCRIPTION"]).split("\n\n")[2].split("\n")[0]
                   for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert texts == ["Hi Ann & Bob,", "Hi John,", "Hi 山田太郎,", "Hi,"]
    res = CliRunner().invoke(main, ["plan", "--messages", "--out", out])
    assert res.exit_code == 0, res.output
    shown = res.output.splitlines()
    assert sum(line.strip() == "Hi John," for line in shown) == 1
    assert sum(line.strip() == "Miguel Davis" for line in shown) == 4
    assert not any("@" in line for line in shown if line.startswith("      "))
