"""Round 28 (docs/adversarial28.md), round 27's A7': the name your own address book calls a
person by is how a drafted message greets them. William Gates, "Bill" in your Google card's
Nickname column, was greeted "Hi William," on main (LinkedIn's name). people.nickname holds it
(pipeline/dedupe/goes_by.py), only when it is another form of the given name."""

from __future__ import annotations

import io
import urllib.parse
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.dedupe.goes_by import stands_for
from pipeline.enrich import drafts

CONNECTIONS = ("Notes:\n\"When exporting your connection data...\"\n\n"
               "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
               "William,Gates,https://www.linkedin.com/in/wgates,bill@gates.example,Cascade,"
               "Chair,01 Jan 2020\n"
               "Alexander,Poe,https://www.linkedin.com/in/apoe,alex@poe.example,Globex,"
               "Engineer,01 Jan 2020\n"
               "Robert,Kay,https://www.linkedin.com/in/rkay,rob@kay.example,Initech,"
               "Analyst,01 Jan 2020\n"
               "Susan,Hill,https://www.linkedin.com/in/shill,sue@hill.example,Hooli,"
               "Designer,01 Jan 2020\n")
# Google: a Nickname column (Bill), a nickname that is no name for him (Robert), a card typed
# with the short name itself (Bill Nye) beside a phone card of his formal name
GOOGLE = ("First Name,Last Name,Nickname,E-mail 1 - Value\n"
          "William,Gates,Bill,bill@gates.example\n"
          "Robert,Kay,Boss from work,rob@kay.example\n"
          "Bill,Nye,,nye@nye.example\n")
# a phone: "Alex" alone (no family name), vCard NICKNAME, the formal name of Bill Nye
PHONE = ("BEGIN:VCARD\nVERSION:3.0\nFN:Alex\nN:;Alex;;;\nEMAIL:alex@poe.example\nEND:VCARD\n"
         "BEGIN:VCARD\nVERSION:3.0\nFN:Susan Hill\nN:Hill;Susan;;;\nNICKNAME:Sue\n"
         "EMAIL:sue@hill.example\nEND:VCARD\n"
         "BEGIN:VCARD\nVERSION:3.0\nFN:William Nye\nN:Nye;William;;;\nEMAIL:nye@nye.example\n"
         "END:VCARD\n")
GREETINGS = {"William Gates": "Hi Bill,", "Alexander Poe": "Hi Alex,", "Susan Hill": "Hi Sue,",
             "Robert Kay": "Hi Robert,", "Bill Nye": "Hi Bill,"}


def _home(tmp_path: Path) -> list[str]:
    (tmp_path / "in").mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Connections.csv", CONNECTIONS)
    (tmp_path / "in" / "linkedin.zip").write_bytes(buf.getvalue())
    (tmp_path / "in" / "google.csv").write_text(GOOGLE, "utf-8")
    (tmp_path / "in" / "phone.vcf").write_text(PHONE, "utf-8")
    (tmp_path / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    return ["--config", str(tmp_path / "kith.toml")]


def _run(cfg: list[str], as_of: str) -> None:
    res = CliRunner().invoke(main, ["run", *cfg, "--as-of", as_of])
    assert res.exit_code == 0, res.output


def _first(first_runs, monkeypatch) -> tuple[Path, list[str]]:
    """_home run once on 2026-12-06: made once per module, a fresh copy per test where it was
    made, the test working in the run's working folder (its data/notes.csv: the config names
    no notes file; tests/home_copies.py). (the home's folder, its --config arguments)"""
    home = first_runs.fresh_in_cwd("home", lambda folder: _run(_home(folder), "2026-12-06"),
                                   monkeypatch)
    return home, ["--config", str(home / "kith.toml")]


def _index_greetings(tmp_path: Path) -> set[str]:
    """The first line of every drafted message in the index's e-mail links."""
    html = (tmp_path / "out" / "worksheets" / "index.html").read_text("utf-8")
    bodies = [urllib.parse.unquote(part.split("&")[0].split('"')[0])
              for part in html.split("body=")[1:]]
    return {b.splitlines()[0] for b in bodies}


def test_your_address_books_nickname_greets_in_every_draft(first_runs, monkeypatch):
    home, cfg = _first(first_runs, monkeypatch)
    people = pl.read_parquet(home / "out" / "people.parquet")
    got = dict(people.select("display_name", "nickname").iter_rows())
    assert got == {"William Gates": "Bill", "Alexander Poe": "Alex", "Susan Hill": "Sue",
                   "Robert Kay": None, "Bill Nye": None}
    for name in GREETINGS:  # a date typed: each is in the plan
        assert CliRunner().invoke(main, ["note", name, "--follow-up", "2026-12-05", *cfg]
                                  ).exit_code == 0
    _run(cfg, "2026-12-06")
    res = CliRunner().invoke(main, ["plan", "--messages", *cfg])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    for name, hi in GREETINGS.items():
        at = next(i for i, line in enumerate(lines) if f". {name}:" in line)
        assert lines[at + 3].strip() == hi, (name, lines[at:at + 4])
    assert _index_greetings(home) == set(GREETINGS.values())
    # the next night, re-dated from the kept tables (redate.NIGHT_PEOPLE), greets the same
    _run(cfg, "2026-12-07")
    assert _index_greetings(home) == set(GREETINGS.values())
    # a run published by a kith before the column (schema 6): `kith plan` greets as before
    path = home / "out" / "people.parquet"
    pl.read_parquet(path).drop("nickname").write_parquet(path)
    res = CliRunner().invoke(main, ["plan", "--messages", *cfg])
    assert res.exit_code == 0, res.output
    assert "Hi William," in res.output


@pytest.mark.parametrize(("given", "name", "nickname", "greeting"), [
    ("William", "William Gates", "Bill", "Bill"),
    ("William", "William Gates", "BILL", "Bill"),  # typed in one case
    ("William", "William Gates", None, "William"),
    ("Jean", "Jean Luc", "Jean-Luc", "Jean-Luc"),
    ("太郎", "山田太郎", "Taro", "山田太郎"),  # an East Asian name is still greeted whole
    ("William", "William Gates", "Boss from work", "William"),  # not a name: never used
])
def test_the_greeting_with_a_nickname(given, name, nickname, greeting):
    assert drafts.greeting_name(given, name, nickname) == greeting


@pytest.mark.parametrize(("short", "given", "ok"), [
    ("Bill", "William", True), ("William", "Bill", False),  # the formal name is no nickname
    ("Alex", "Alexander", True), ("Sue", "Susan", True), ("Mom", "William", False),
    ("Bob", "William", False), ("Mary", "Mary Ann", False), ("Al", "Albert", True),
    ("Jo", "Joanna", True), ("Ma", "Matthew", False),  # two letters: the table says
])
def test_what_stands_for_a_given_name(short, given, ok):
    assert stands_for(short, given) is ok


def test_nicknames_read_by_run_or_by_search_agree():
    """goes_by reads each record's person's given name by position when records and people
    are sorted (as people.build has them), else by search: both give the same."""
    from pipeline.dedupe.goes_by import nicknames
    from pipeline.dedupe.people import NAME_ORDER, _rank

    recs = pl.DataFrame({
        "person_id": ["p1", "p1", "p2", "p2", "p3"],
        "record_id": ["r1", "r2", "r3", "r4", "r5"],
        "source": ["linkedin", "google", "linkedin", "vcard", "google"],
        "given_clean": ["William", "William", "Alexander", "Alex", "Susan"],
        "nickname": [None, "Bill, Billy", None, None, "Mom"]})  # a vCard's list: its first
    people = pl.DataFrame({"person_id": ["p1", "p2", "p3"],
                           "given_name": ["William", "Alexander", "Susan"]})
    by_run = nicknames(people, recs, _rank(NAME_ORDER)).to_list()
    assert by_run == ["Bill", "Alex", None]
    shuffled = people.reverse()
    assert nicknames(shuffled, recs, _rank(NAME_ORDER)).to_list() == by_run[::-1]


@pytest.mark.parametrize("fmt", ["vcf", "csv"])
def test_an_export_keeps_the_nickname_and_greets_by_it_read_back(first_runs, monkeypatch,
                                                                fmt):
    """`kith export` wrote William Gates without the Bill your Google card has (no NICKNAME,
    an empty Nickname column); read back alone, the export greeted him "Hi William,"."""
    home, cfg = _first(first_runs, monkeypatch)
    res = CliRunner().invoke(main, ["export", "--format", fmt, *cfg])
    assert res.exit_code == 0, res.output
    exported = home / "out" / "export" / f"people.{fmt}"
    text = exported.read_text("utf-8")
    assert ("NICKNAME:Bill" in text) if fmt == "vcf" else (",Bill," in text)
    again = home / "again"
    (again / "in").mkdir(parents=True)
    (again / "in" / exported.name).write_bytes(exported.read_bytes())
    (again / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n', "utf-8")
    _run(["--config", str(again / "kith.toml")], "2026-12-06")
    people = pl.read_parquet(again / "out" / "people.parquet")
    bill = people.filter(pl.col("display_name") == "William Gates").row(0, named=True)
    assert drafts.greeting_name(bill["given_name"], bill["display_name"],
                                bill["nickname"]) == "Bill"
