"""A consultant's first month with kith's acting and helping features (docs/user36.md): what
the walk found wrong, each on the hand-made fixture tests/fixtures/user36 (fictitious)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from kith_home import first_home, kith
from serve_home import signed_in

from pipeline import config
from pipeline.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "user36"
AS_OF = "2026-12-07"


@pytest.fixture
def home(first_runs) -> Path:
    return first_home(first_runs,
                      [f for f in sorted(FIXTURE.iterdir()) if f.name != "README.md"], AS_OF)


def _line(out: str, name: str) -> str:
    return next((x for x in out.splitlines() if name in x), "")


def test_search_finds_a_card_by_its_number_written_with_the_extension(home):
    # the card says "+1 415-555-0142 ext. 3375"; kith keeps +14155550142 (E.164 has no
    # extension), and the number copied from the card found nobody
    with signed_in(config.load(home), 8765, dt.date(2026, 12, 7)) as client:
        for q in ("+1 415-555-0142 ext. 3375", "(415) 555-0142 x3375", "415-555-0142 ext 3375",
                  "+1 415-555-0142"):
            page = client.get("/search", params={"q": q}).text
            assert "Quinn Ledger" in page and "1 found" in page, q
        assert "0 found" in client.get("/search", params={"q": "(415) 555-0199 ext. 3375"}).text
        # the search box says numbers are searched
        assert "phone number" in client.get("/search").text


def test_a_lookup_by_the_number_with_its_extension_finds_the_person(home):
    # `kith note` and the other lookups said "No person matches '+1 415-555-0142 ext. 3375'"
    for q in ("+1 415-555-0142 ext. 3375", "(415) 555-0142 x3375", "415 555 0142"):
        assert kith(home, "note", q).startswith("Quinn Ledger (p_"), q
    r = CliRunner().invoke(main, ["note", "+1 415-555-0199 ext. 3375", "--config", str(home)])
    assert r.exit_code == 2 and "No person matches" in r.output


def test_a_dormant_tie_whose_need_you_noted_is_told_to_help_with_it(home):
    # the plan's reconnect item said "ask what they are working on and what they need" of
    # someone whose need you had just noted (the target section stopped asking in round 31).
    # In the walk the follow-ups due outnumbered the section, so the noted tie came through
    # the reconnect section; here the follow-up section shows nobody to the same effect.
    text = home.read_text("utf-8")
    assert "follow_ups = 10" in text
    home.write_text(text.replace("follow_ups = 10", "follow_ups = 0"), "utf-8")
    kith(home, "note", "Ines Marlow", "--need", "a program manager role at a bank")
    kith(home, "run", "--as-of", AS_OF)
    ics = home.parent / "week.ics"
    line = _line(kith(home, "plan", "--ics", str(ics)), "Ines Marlow")
    assert "Reconnect" in line, line
    assert "ask what they" not in line
    assert "a program manager role at a bank" in line
    # the calendar keeps the verb, never the note (README "Your notes are yours")
    text = ics.read_text("utf-8")
    assert "SUMMARY:Reconnect: help with what they need: Ines Marlow" in text
    assert "program manager role" not in text


def test_kith_dormant_leaves_out_a_tie_you_talked_to_since_the_run(home):
    assert "Ines Marlow" in kith(home, "dormant")
    with signed_in(config.load(home), 8765, dt.date(2026, 12, 7)) as client:
        assert "Ines Marlow" in client.get("/reconnect").text
    kith(home, "log", "Ines Marlow", "talked", "coffee", "--on", AS_OF)
    # the plan says "done for now" of her; `kith dormant` still listed her as quiet since March
    assert "Ines Marlow" not in kith(home, "dormant")
    assert "done for now" in _line(kith(home, "plan"), "Ines Marlow")
    with signed_in(config.load(home), 8765, dt.date(2026, 12, 7)) as client:
        assert "Ines Marlow" not in client.get("/reconnect").text  # serve's list alike
    kith(home, "run", "--as-of", AS_OF)
    assert "Ines Marlow" not in kith(home, "dormant")


def test_an_introduction_says_you_talked_only_when_you_did(home):
    # Oren only sent an invitation; "you last talked 2026-07" claimed a conversation
    kith(home, "note", "Pia Castell", "--need", "a data engineer for her team")
    kith(home, "run", "--as-of", AS_OF)
    out = kith(home, "introductions")
    line = " ".join(out.split())
    assert "Oren Fairweather" in line, out
    assert "talked" not in line
    assert "last contact 2026-07" in line
    intro = pl.read_parquet(home.parent / "out" / "introductions.parquet")
    assert not intro["reason"].str.contains("talked").any()


def test_adding_a_target_known_by_another_name_says_under_which(home):
    # targets.toml says Meta; `kith companies --add Facebook` said "'Facebook' is already in
    # targets.toml", a file in which the word Facebook is nowhere
    (home.parent / "targets.toml").write_text('[[target]]\ncompany = "Meta"\n', "utf-8")
    r = CliRunner().invoke(main, ["companies", "--add", "Facebook", "--config", str(home)])
    assert r.exit_code == 2
    assert "'Facebook' is already in" in r.output and "as 'Meta'" in r.output, r.output
    r = CliRunner().invoke(main, ["companies", "--add", "meta", "--config", str(home)])
    assert r.exit_code == 2 and "already in" in r.output and "as 'Meta'" not in r.output
