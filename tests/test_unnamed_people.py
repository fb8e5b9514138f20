"""A card whose only "name" is a phone number or an e-mail address (user34, user35).

An iPhone card saved from a call has `FN:+1 (415) 555-0196` and nothing else to call the
person by; kith showed the number as the name in `kith introductions` (stdout), the worksheets
and notes.csv's name column. It is shown as "(no name; phone ending 96)" now, and ids, notes
and the export are as they were. Fixture: tests/fixtures/user35 (hand-made, fictitious: 555-01xx
numbers and example.com)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.normalize.unnamed import shown_name, typed_contact

FIXTURE = Path(__file__).parent / "fixtures" / "user35"
PHONE, EMAIL = "(no name; phone ending 96)", "(no name; e-mail at example.com)"


def kith(config: Path, *args: str) -> str:
    r = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert r.exit_code == 0, r.output
    return r.output


def _home(tmp_path: Path, name: str = "home") -> Path:
    folder = tmp_path / name
    r = CliRunner().invoke(main, ["init", str(folder)])
    assert r.exit_code == 0, r.output
    for f in ("Connections.csv", "iCloud vCards.vcf"):
        shutil.copy(FIXTURE / f, folder / "exports" / f)
    config = folder / "kith.toml"
    kith(config, "run", "--as-of", "2026-12-07")
    return config


@pytest.fixture
def home(first_runs) -> Path:
    """_home's home, made once per module: a fresh copy per test where it was made
    (tests/home_copies.py)."""
    return first_runs.fresh("home", _home) / "home" / "kith.toml"


def _no_number_or_address(text: str) -> None:
    for secret in ("555-0196", "5550196", "quill.reader"):
        assert secret not in text


def test_introductions_do_not_print_a_number_as_a_helpers_name(home):
    kith(home, "note", "Carla Mendheim", "--need", "a data engineer for her team")
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "introductions")
    assert f"-> {PHONE} (Data Engineer at Globex)" in out
    assert f"-> {EMAIL} (Data Analyst at Initech)" in out
    _no_number_or_address(out)
    _no_number_or_address(kith(home, "introductions", "--messages"))
    page = (home.parent / "out" / "worksheets" / "introductions.html").read_text("utf-8")
    # names are shown in <bdi>; the mailto: link to write to them is the worksheet's
    names = re.findall(r"<bdi>(.*?)</bdi>", page)
    assert PHONE in names
    _no_number_or_address(" ".join(names))


def test_notes_and_lists_name_the_card_without_its_number(home):
    names = pl.read_csv(home.parent / "notes.csv")["name"].to_list()
    assert PHONE in names and EMAIL in names
    assert not any("555" in n or "@" in n for n in names)
    # the number and the address still find the person (as the name did before)
    out = kith(home, "note", "+1 (415) 555-0196", "--next", "ask about the Globex team")
    assert out.startswith(f"Noted for {PHONE} (p_")
    out = kith(home, "networks", "Quill.Reader@example.com")
    assert out.startswith(f"{EMAIL}  (p_")
    _no_number_or_address(out)
    # and so does the name shown
    assert kith(home, "networks", PHONE).startswith(f"{PHONE}  (p_")
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "plan")
    assert f"{PHONE}: " in out
    _no_number_or_address(out)
    untagged = (home.parent / "out" / "worksheets" / "untagged.html").read_text("utf-8")
    assert PHONE in untagged and EMAIL in untagged


def test_the_placeholder_changes_no_id(tmp_path, monkeypatch):
    """Person and record ids, and so notes and ledger keys, are what they were when the number
    was the name: the name is made after the ids, from nothing they are made of."""
    new = _home(tmp_path, "new")
    with monkeypatch.context() as m:
        m.setattr("pipeline.dedupe.people.shown_name", lambda name: name)
        old = _home(tmp_path, "old")
    tables = {}
    for config in (new, old):
        out = config.parent / "out"
        tables[config] = (
            pl.read_parquet(out / "people.parquet").select("person_id", "record_ids")
            .sort("person_id"),
            pl.read_csv(config.parent / "notes.csv")["person_id"].sort().to_list())
    assert tables[new][0].equals(tables[old][0])
    assert tables[new][1] == tables[old][1]
    shown = pl.read_parquet(old.parent / "out" / "people.parquet")["display_name"].to_list()
    assert "+1 (415) 555-0196" in shown  # the old way, for the comparison to mean something


def test_the_export_writes_the_number_back_not_the_placeholder(home):
    target = home.parent / "people.vcf"
    kith(home, "export", "--format", "vcf", "--output", str(target))
    text = target.read_text("utf-8")
    assert "FN:+14155550196" in text and "FN:quill.reader@example.com" in text
    assert "no name" not in text


@pytest.mark.parametrize(("name", "shown"), [
    ("+1 (415) 555-0196", PHONE), ("06 12 34 56 96", PHONE), ("0049/30-1234596", PHONE),
    ("quill.reader@example.com", EMAIL), (" Quill@Example.COM ", EMAIL),
    ("3M", "3M"), ("Studio 54", "Studio 54"), ("Agent 007", "Agent 007"),
    ("12345", "12345"), ("Ann Lee", "Ann Lee"), ("Ann (ann@example.com)", "Ann (ann@example.com)"),
    ("(no name)", "(no name)"), (None, None),
])
def test_only_a_number_or_an_address_is_replaced(name, shown):
    got = pl.select(shown_name(pl.lit(name, dtype=pl.String))).item()
    assert got == shown


def test_typed_contact_reads_what_shown_name_replaces():
    assert typed_contact("+1 (415) 555-0196") == ("phone", "14155550196")
    assert typed_contact("Quill@Example.com") == ("email", "quill@example.com")
    assert typed_contact("Ann Lee") is None and typed_contact("12345") is None


def test_a_table_from_before_the_placeholder_does_not_print_the_number(tmp_path, monkeypatch):
    """The previous run's people table, written by a kith that showed the number as the name:
    `kith changes` names someone gone from it with the placeholder too."""
    with monkeypatch.context() as m:
        m.setattr("pipeline.dedupe.people.shown_name", lambda name: name)
        home = _home(tmp_path)
    (home.parent / "exports" / "iCloud vCards.vcf").unlink()
    kith(home, "run", "--as-of", "2026-12-08")
    out = kith(home, "changes")
    assert PHONE in out and EMAIL in out
    _no_number_or_address(out)
