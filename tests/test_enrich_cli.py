"""The enrichment end to end through the click CLI, on tests/fixtures/enrich/exports:
organisation from a work e-mail, roles, target paths led by the people who can hire you,
openings, introductions (never do-not-contact), companies (--add), plan --ics."""

from __future__ import annotations

import re
import shlex
import tomllib
import zipfile
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from exports_support import kith_run
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pipeline import schema
from pipeline.cli import main
from pipeline.worksheets.enrichment import company_rows

SRC = Path(__file__).parent / "fixtures" / "enrich" / "exports"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def kith(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def home(first_runs, monkeypatch) -> tuple[Path, Path]:
    """(kith.toml, out) of a home run once in this module, a fresh copy per test, working in
    the folder that run had (tests/home_copies.py)."""
    def make(work: Path) -> None:
        exports = work / "exports"
        exports.mkdir()
        with zipfile.ZipFile(exports / "Basic_LinkedInDataExport.zip", "w") as zf:
            for name in ("Connections.csv", "messages.csv", "Profile.csv", "Positions.csv"):
                zf.writestr(name, (SRC / name).read_bytes())
        (exports / "contacts.csv").write_bytes((SRC / "google.csv").read_bytes())
        (work / "targets.toml").write_text('[[target]]\ncompany = "Hooli"\n', "utf-8")
        config = work / "kith.toml"
        config.write_text('inputs = ["exports"]\nout = "out"\n[files]\n'
                          'targets = "targets.toml"\nnotes = "notes.csv"\n'
                          'decisions = "decisions.toml"\n', "utf-8")
        res = kith("run", "--config", str(config), "--as-of", "2025-06-02")
        assert res.exit_code == 0, res.output
        assert not EMAIL.search(res.stderr)  # logs never show addresses

    work = first_runs.fresh_in_cwd("hooli", make, monkeypatch)
    return work / "kith.toml", work / "out"


def test_people_tables_and_target_ranking(home):
    config, out = home
    people = pl.read_parquet(out / "people.parquet")
    by_name = {r["display_name"]: r for r in people.iter_rows(named=True)}
    assert by_name["Mo Mail"]["organization"] == "Hooli"
    assert by_name["Mo Mail"]["organization_source"] == "work e-mail domain hooli.com"
    assert by_name["Gina Gmail"]["organization"] is None
    assert (by_name["Max Manager"]["seniority"], by_name["Max Manager"]["function"]) == (
        "director", "data")
    res = kith("targets", "--config", str(config))
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("1."))
    assert "Max Manager" in lines[first]
    assert "can hire you: a director in your function (data)" in lines[first + 1]
    assert "Rita Recruiter" in lines[first + 2] and "a recruiter there" in lines[first + 3]
    openings = pl.read_parquet(out / "openings.parquet")
    assert openings["person_id"].to_list() == [by_name["Sal Sales"]["person_id"]]


def test_introductions_index_and_escaping(home):
    config, out = home
    assert kith("note", "Dana Seeker", "--need", "a data engineer", "--config",
                str(config)).exit_code == 0
    assert kith("note", "Nora Noreply", "--do-not-contact", "--config",
                str(config)).exit_code == 0
    assert kith("run", "--config", str(config), "--as-of", "2025-06-02").exit_code == 0
    res = kith("introductions", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert "1. Dana Seeker needs a data engineer -> Sam Data (Senior Data Engineer at Globex)" \
        in res.output
    assert "Nora" not in res.output
    sheets = out / "worksheets"
    index = (sheets / "index.html").read_text("utf-8")
    assert "Introductions you could make" in index and "Who mentioned openings recently" in index
    assert "Opportunity at Hooli" in index
    companies = (sheets / "companies.html").read_text("utf-8")
    assert "<script>alert" not in companies and "<b>Evil" not in companies
    assert "&lt;script&gt;alert" in companies
    assert "&lt;b&gt;Evil Corp&lt;/b&gt;" in companies
    csv = pl.read_csv(sheets / "introductions.csv")
    assert "Nora Noreply" not in csv["helper_name"].to_list()
    assert (sheets / "openings.csv").exists() and (sheets / "companies.csv").exists()


def test_companies_list_and_add(home):
    config, _ = home
    res = kith("companies", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Hooli: 5 now, 0 before")
    assert "[target: Hooli]" in res.output.splitlines()[0]
    assert kith("note", "Max Manager", "--do-not-contact", "--config",
                str(config)).exit_code == 0
    first = kith("companies", "--config", str(config)).output.splitlines()[0]
    assert "Max" not in first and "warmest not shown (do not contact)" in first
    res = kith("companies", "--add", 'Globex "Labs"', "--config", str(config))
    assert res.exit_code == 0, res.output
    raw = tomllib.loads((config.parent / "targets.toml").read_text("utf-8"))
    assert [t["company"] for t in raw["target"]] == ["Hooli", 'Globex "Labs"']
    res = kith("companies", "--add", "hooli", "--config", str(config))
    assert res.exit_code == 2 and "already in" in res.output


def test_plan_ics_and_drafted_links(home, tmp_path):
    config, out = home
    ics = tmp_path / "week.ics"
    res = kith("plan", "--ics", str(ics), "--config", str(config))
    assert res.exit_code == 0, res.output
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert events and all("UID" in e and "DTSTAMP" in e for e in events)
    assert len(events) == len([line for line in res.stdout.splitlines() if line[:3].strip()])
    bad = tmp_path / "drafts.toml"
    bad.write_text('[default]\nsubject = "{oops}"\nbody = ""\n', "utf-8")
    res = kith("plan", "--drafts", str(bad), "--config", str(config))
    assert res.exit_code == 2 and "unknown placeholder" in res.output


def test_commands_before_any_run_fail_with_one_sentence(tmp_path):
    config = tmp_path / "kith.toml"
    config.write_text('out = "out"\n', "utf-8")
    for args in (["plan"], ["introductions"], ["companies"]):
        res = kith(*args, "--config", str(config))
        assert res.exit_code == 1 and "run `kith run` first" in res.output, args


def test_init_copies_the_draft_templates_beside_the_targets(tmp_path):
    assert kith("init", str(tmp_path / "home")).exit_code == 0
    repo = Path(__file__).resolve().parents[1] / "configs"
    assert (tmp_path / "home" / "drafts.toml").read_text() == (repo / "drafts.toml").read_text()


@settings(deadline=None, max_examples=60)
@given(st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s))
def test_the_add_command_shown_for_a_company_gives_back_its_name_in_a_shell(name):
    frame = schema.conform(pl.DataFrame({"organization": [name]}), schema.COMPANIES)
    home = pl.DataFrame(schema={"person_id": pl.String, "href": pl.String})
    command = company_rows(frame, home)["add_command"][0]
    assert shlex.split(command) == ["kith", "companies", "--add", name]


def test_a_company_of_untagged_people_lists_no_empty_networks_part(tmp_path):
    """An address-book contact at ACME is in no network yet: the line ends after the warmest
    person (it ended "...(5); ")."""
    kith_run(tmp_path, {"contacts.csv": "First Name,Last Name,E-mail 1 - Value,Organization Name\n"
                                        "John,Smith,john@smith.example,ACME\n"})
    res = kith("companies", "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == ["ACME: 1 now, 0 before; warmest John Smith (5)"]
