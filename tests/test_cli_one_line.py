"""What the commands print is one line per item, and tells people apart. Found by the
adversarial round 25 (docs/adversarial25.md p4, o6, and its "two Ann Lees"): a need typed
over two lines split `kith plan`'s numbered list, and an ambiguous name listed two "Ann Lee
(p_...)" a user could not tell apart without `kith explain`."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.textio import one_line

GOOGLE = ("First Name,Last Name,E-mail 1 - Value,Organization 1 - Name,Organization 1 - Title,"
          "Labels\n")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def kith(home: Path, *args: str):
    with contextlib.chdir(home):
        return CliRunner().invoke(main, list(args))


def _home(tmp_path: Path) -> Path:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "g.csv").write_text(
        GOOGLE + "Ann,Lee,ann1@a.example,Acme,Engineer,Friends\n"
        "Ann,Lee,ann2@b.example,Beta,,\nBob,Ray,bob@g.example,Gamma,Recruiter,Friends\n",
        "utf-8")
    (tmp_path / "kith.toml").write_text(
        'inputs = ["exports"]\nout = "out"\n[files]\nnotes = "notes.csv"\n', "utf-8")
    res = kith(tmp_path, "run", "--config", "kith.toml", "--as-of", "2026-12-06")
    assert res.exit_code == 0, res.output
    return tmp_path / "kith.toml"


def test_two_people_of_one_name_are_listed_with_what_tells_them_apart(first_runs):
    home = first_runs.fresh("home", _home)  # _home made once per module, copied where made
    config = home / "kith.toml"
    res = kith(home, "note", "Ann Lee", "--need", "x", "--config", str(config))
    assert res.exit_code == 2
    people = pl.read_parquet(home / "out" / "people.parquet")
    for pid, org in people.filter(pl.col("display_name") == "Ann Lee").select(
            "person_id", "organization").rows():
        assert f"Ann Lee ({pid}, {org}, from google)" in res.output
    assert not EMAIL.search(res.output)  # told apart without their addresses


def test_the_plan_prints_one_line_per_person(first_runs, monkeypatch):
    """A plan item whose texts hold line breaks (a name, an action, a reason) is one line."""
    from pipeline import cli_enrich

    home = first_runs.fresh("home", _home)
    config = home / "kith.toml"
    monkeypatch.setattr(cli_enrich, "plan_items", lambda out, templates, cfg=None: [
        {"name": "Bob\nRay", "action": "ask about\r\nthe role", "why": "needs\tan intro\n",
         "subject": "s", "body": "b"}])
    res = kith(home, "plan", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [" 1. Bob Ray: ask about the role  (needs an intro)"]


def test_one_line():
    assert one_line("a\n b\r\n\tc ") == "a b c"
    assert one_line(None) == ""


def test_init_where_a_file_stands_in_the_path_is_a_usage_error(tmp_path):
    (tmp_path / "afile").write_text("x", "utf-8")
    res = kith(tmp_path, "init", "afile/sub")
    assert res.exit_code == 2
    assert "cannot create the home folder afile/sub" in res.output
    assert "previous output" not in res.output


def test_a_run_ends_by_saying_where_the_worksheets_are(tmp_path):
    """The last line of `kith run` is where a person starts: the worksheets' index and how to
    work in them; a stage-1 `kith ingest` makes no worksheets and says none."""
    from click.testing import CliRunner

    from pipeline.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "contacts.csv").write_text(
        "Name,E-mail 1 - Value\nAda Lovelace,ada@example.org\n", "utf-8")
    out = tmp_path / "my out"
    res = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert last.startswith(f"kith: worksheets: {out / 'worksheets' / 'index.html'}")
    assert f"kith serve --out '{out}'" in last
    res = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--out", str(out)])
    assert res.exit_code == 0 and "worksheets:" not in res.output


def test_a_run_from_a_config_sends_serve_to_that_config(tmp_path, monkeypatch):
    """`kith serve` writes notes and decisions to the files its config names: after a run
    from ~/kith/kith.toml, `kith serve --out ~/kith/out` alone would read ./kith.toml or the
    built-in files of wherever the user stands, so the last line names the config instead."""
    from click.testing import CliRunner

    from pipeline.cli import main

    home = tmp_path / "my kith"
    (home / "exports").mkdir(parents=True)
    (home / "exports" / "contacts.csv").write_text(
        "Name,E-mail 1 - Value\nAda Lovelace,ada@example.org\n", "utf-8")
    (home / "kith.toml").write_text('inputs = ["exports"]\nout = "out"\n', "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cfg = str(home / "kith.toml")
    res = CliRunner().invoke(main, ["run", "--config", cfg])
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert f"kith serve --config '{cfg}'" in last
    assert "--out" not in last
    other = tmp_path / "other out"
    res = CliRunner().invoke(main, ["run", "--config", cfg, "--out", str(other)])
    assert res.exit_code == 0, res.output
    assert f"kith serve --config '{cfg}' --out '{other}'" in res.output.strip().splitlines()[-1]
