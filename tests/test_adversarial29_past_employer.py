"""Round 29 (docs/adversarial29.md, leftover (a)): "Ex-Google | Open to work" whose Company
column says Google. LinkedIn shows the member at Google because they kept it as the company
of the position they list as current; the title says they left. On main they were a path into
the target Google that "works at Google" (ahead of current employees by warmth), and the
introductions offered them for a need naming Google ("works at Google", +3)."""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner
from test_adversarial27_advice import run_with_target

from pipeline.cli import main
from pipeline.enrich.past_employer import left_their_employer
from pipeline.worksheets.plan import TITLES


@pytest.mark.parametrize(("title", "key", "left"), [
    ("Ex-Google | Open to work", "google", True),
    ("Former Googler", "google", True),
    ("Open to work | ex-Googlers", "google", True),
    ("ex-Meta", "meta platforms", True),  # the first word of a longer company name
    ("Retired from Cascade", "cascade", True),
    ("Formerly at Google", "google", True),
    ("ehemaliger Siemens-Mitarbeiter", "siemens", True),
    ("Ex-Amazonian", "amazon", True),
    ("Ex-CEO", "google", False),  # a past role, not a past employer
    ("Former Microsoft, now Data Engineer", "google", False),
    ("Executive Assistant", "google", False),
    ("Ex Vietnam veteran", "viet andes", False),  # "viet" is no whole word of the title
    ("Engineering Manager", "google", False),
    (None, "google", False),
    ("Ex-Google", None, False),
])
def test_a_title_that_says_they_left_their_company(title, key, left):
    got = left_their_employer(pl.Series([title], dtype=pl.String),
                              pl.Series([key], dtype=pl.String))
    assert got.to_list() == [left]


def test_a_former_employee_by_title_is_no_way_in(tmp_path):
    run_with_target(tmp_path, "Google", (
        "Hal,Ng,https://www.linkedin.com/in/hal-ng,,Google,Ex-Google | Open to work,03 Mar 2024\n"
        "Gina,Park,https://www.linkedin.com/in/gina-park,,Google,Former Googler,03 Mar 2024\n"
        "Rita,Oz,https://www.linkedin.com/in/rita-oz,,Google,Data Engineering Manager,"
        "03 Mar 2024\n"
        "Cy,Ode,https://www.linkedin.com/in/cy-ode,,Google,Ex-CEO,03 Mar 2024\n"
        "Jo,Li,https://www.linkedin.com/in/jo-li,,Initech,Open to work | hoping for Google,"
        "03 Mar 2024\n"))
    paths = pl.read_parquet(tmp_path / "out" / "targets.parquet")
    rel = dict(zip(paths["display_name"], paths["relation"], strict=True))
    assert {k: v for k, v in rel.items() if k != "Jo Li"} == {
        "Hal Ng": "worked_there", "Gina Park": "worked_there", "Rita Oz": "works_there",
        "Cy Ode": "works_there"}
    reason = dict(zip(paths["display_name"], paths["reason"], strict=True))
    assert reason["Hal Ng"].startswith("worked at Google (per LinkedIn)")
    assert "can hire you" not in reason["Hal Ng"] + reason["Gina Park"]
    assert paths.sort("rank")["display_name"][0] == "Rita Oz"
    intros = pl.read_parquet(tmp_path / "out" / "introductions.parquet")
    # Jo's title is a need naming Google: Rita works there, Gina left ("worked at Google"
    # alone scores below the bar)
    jo = intros.filter(pl.col("seeker_name") == "Jo Li")
    by_helper = dict(zip(jo["helper_name"], jo["reason"], strict=True))
    assert "works at Google" in by_helper["Rita Oz"]
    assert "Gina Park" not in by_helper
    # Hal's title is a need ("a new role (Ex-Google | Open to work)") that names the company
    # he left: no way back in through it
    hal = intros.filter(pl.col("seeker_name") == "Hal Ng")
    assert not hal.filter(pl.col("reason").str.contains("works at Google")).height
    # companies.html: Google has Rita and Cy now, Hal and Gina before
    firms = pl.read_parquet(tmp_path / "out" / "companies.parquet").filter(
        pl.col("target") == "Google")
    assert firms.select("people_now", "people_before").row(0) == (2, 2)


def test_the_plan_asks_a_former_employee_whom_they_know_not_for_a_referral(tmp_path):
    """The plan's target section said "Ask what they need, then ask for a referral at Google"
    to every path, a former employee too (adversarial29 P1)."""
    run_with_target(tmp_path, "Google", (
        "Gina,Park,https://www.linkedin.com/in/gina-park,,Google,Former Googler,03 Mar 2024\n"
        "Rita,Oz,https://www.linkedin.com/in/rita-oz,,Google,Data Engineering Manager,"
        "03 Mar 2024\n"
        "Al,Bo,https://www.linkedin.com/in/al-bo,,Google,Software Engineer,03 Mar 2024\n"))
    # no follow-up section, so that every path is in the target section
    conf = tmp_path / "kith.toml"
    conf.write_text(conf.read_text("utf-8") + "[plan]\nfollow_ups = 0\n", "utf-8")
    res = CliRunner().invoke(main, ["run", "--config", str(conf), "--as-of", "2026-12-06"])
    assert res.exit_code == 0, res.output
    plan = pl.read_csv(tmp_path / "out" / "worksheets" / "plan.csv", infer_schema=False)
    paths = plan.filter(pl.col("section") == TITLES["target"])
    action = dict(zip(paths["name"], paths["action"], strict=True))
    assert action["Gina Park"] == ("Ask what they need, then who they still know at Google "
                                   "and could introduce you to")
    # those who work there are asked for a referral, as before
    assert action["Rita Oz"] == action["Al Bo"] == (
        "Ask what they need, then ask for a referral at Google")


def test_a_hiring_title_is_not_read_as_a_job_in_an_introduction(tmp_path):
    """On main: "Hal Ng needs a new role ... -> Ida Moe: is a #hiring Software Engineers;
    says they are hiring (#hiring Software Engineers)"."""
    run_with_target(tmp_path, "Google", (
        "Hal,Ng,https://www.linkedin.com/in/hal-ng,,Initech,Software Engineer | Open to work,"
        "03 Mar 2024\n"
        "Ida,Moe,https://www.linkedin.com/in/ida-moe,,Cascade,#hiring Software Engineers,"
        "03 Mar 2024\n"))
    intros = pl.read_parquet(tmp_path / "out" / "introductions.parquet")
    reason = intros.filter(pl.col("helper_name") == "Ida Moe")["reason"][0]
    assert reason.startswith("works in engineering; says they are hiring (#hiring Software")
    assert "is a #hiring" not in reason
