"""Round 32 (docs/adversarial32.md): an international job seeker's target paths.

On main, "VP Eng" and "Sr. SWE" were function `other` (so a VP of engineering at a target was
no one who could hire a software engineer), and a recruiter at "Meta Platforms, Inc." was no
path into the target Meta at all: only "Meta" and its aliases matched, and "Platforms" is not
a legal form. Fixture written for kith: fictitious people."""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner
from roles_support import cases
from roles_support import roles as _roles
from test_adversarial27_advice import linkedin_zip

from pipeline.cli import main


@pytest.mark.parametrize(("title", "seniority", "function"), cases([
    ("Sr. SWE", "senior", "engineering"),
    ("Staff SWE, Infra", "senior", "engineering"),
    ("SWE II", "ic", "engineering"),
    ("Senior SDE", "senior", "engineering"),
    ("VP Eng", "vp", "engineering"),
    ("Eng Manager", "manager", "engineering"),
    ("Head of Eng.", "director", "engineering"),
    # guards: "Eng" only as a word of its own
    ("English Teacher", "ic", "education"),
    ("Swedish Teacher", "ic", "education"),
]))
def test_the_software_trade_s_abbreviations(title, seniority, function):
    assert _roles(title) == (seniority, function)


def _run(home, targets: str, connections: str) -> pl.DataFrame:
    (home / "in").mkdir()
    (home / "in" / "li.zip").write_bytes(linkedin_zip(
        "Spotify AB,Senior Software Engineer,,,Mar 2021,\n", connections))
    (home / "targets.toml").write_text(targets, "utf-8")
    (home / "kith.toml").write_text('inputs = ["in"]\nout = "out"\n[files]\n'
                                    'targets = "targets.toml"\n', "utf-8")
    res = CliRunner().invoke(main, ["run", "--config", str(home / "kith.toml"),
                                    "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    return pl.read_parquet(home / "out" / "targets.parquet")


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    home = tmp_path_factory.mktemp("targets32")
    return _run(home, '[[target]]\ncompany = "Meta"\n\n[[target]]\ncompany = "Booking.com"\n', (
        "Lucía,Pérez,https://www.linkedin.com/in/lp,,\"Meta Platforms, Inc.\","
        "Technical Recruiter,28 Oct 2025\n"
        "María José,García Fernández,https://www.linkedin.com/in/mjgf,,Meta,Sr. SWE,"
        "03 Mar 2024\n"
        "Jan,van der Berg,https://www.linkedin.com/in/jvdb,,Booking.com B.V.,VP Eng,"
        "20 Jun 2022\n"
        "Sofía,Hernández,https://www.linkedin.com/in/sh,,Metaplan GmbH,Engineering Manager,"
        "03 Feb 2025\n"))


def test_a_recruiter_at_meta_platforms_is_a_path_into_meta(paths):
    reasons = dict(paths.select("display_name", "reason").iter_rows())
    targets = dict(paths.select("display_name", "target").iter_rows())
    assert targets.get("Lucía Pérez") == "Meta"
    assert "works at Meta Platforms, Inc." in reasons["Lucía Pérez"]
    assert reasons["Lucía Pérez"].endswith("a recruiter there")
    assert "Sofía Hernández" not in targets  # Metaplan is another company


def test_a_vp_eng_at_a_target_can_hire_a_software_engineer(paths):
    reasons = dict(paths.select("display_name", "reason").iter_rows())
    assert "can hire you: a VP in your function (engineering)" in reasons["Jan van der Berg"]
    assert "can hire you" not in reasons["María José García Fernández"]  # a peer
