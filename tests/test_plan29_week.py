"""Round 29 (docs/plan29.md): the week's plan a job seeker prints on Monday is still there on
Wednesday. On main the rotation's window started at (week x size) mod n, n being how many
people were due, so one Done and one typed date on Monday evening gave Tuesday a different
list (adversarial28, W14). Now the people a run of the plan's week showed are kept while they
are due; freed places are filled from the rotation, and a new week starts afresh."""

from __future__ import annotations

import html
import subprocess
import sys

import polars as pl
import pytest
from click.testing import CliRunner
from exports_support import this_tree_env
from serve_home import signed_in

from pipeline.cli import main
from pipeline.worksheets import plan as plan_mod

# `kith log` and `kith plan` read today: the day these tests were written for (conftest)
pytestmark = pytest.mark.usefixtures("written_on_2026_12_07")

FOLLOW_UP = plan_mod.TITLES["follow_up"]


def _home(sample_homes):
    """data/sample's home with four follow-ups a week: 22 people are due in the week of
    2026-12-07, so the rotation's window is what picks them."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    with open(folder / "kith.toml", "a", encoding="utf-8") as fh:
        fh.write("[plan]\nfollow_ups = 4\n")
    return cfg, ["--config", str(folder / "kith.toml")]


def _kith(conf, *args):
    res = CliRunner().invoke(main, [*args, *conf])
    assert res.exit_code == 0, res.output
    return res.output


def _plan(cfg, conf, as_of: str, *extra) -> pl.DataFrame:
    _kith(conf, "run", "--as-of", as_of, *extra)
    return pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)


def _follow_ups(plan: pl.DataFrame) -> list[str]:
    return plan.filter(pl.col("section") == FOLLOW_UP)["person_id"].to_list()


def test_a_week_of_nights_keeps_mondays_plan(sample_homes):
    cfg, conf = _home(sample_homes)
    monday = _follow_ups(_plan(cfg, conf, "2026-12-07"))
    assert len(monday) == 4
    people = pl.read_parquet(cfg.out / "people.parquet")
    # someone not due this week, not on Monday's list: a date typed for Thursday
    promised = people.filter(pl.col("follow_up_due").is_null()
                             | (pl.col("follow_up_due") > plan_mod.dt.date(2026, 12, 13)))
    promised = promised.filter(~pl.col("person_id").is_in(monday))["person_id"][0]
    done, still = monday[1], [p for p in monday if p != monday[1]]
    _kith(conf, "log", done, "talked", "coffee on Monday")
    _kith(conf, "note", promised, "--follow-up", "2026-12-10")

    tuesday_plan = _plan(cfg, conf, "2026-12-08")
    tuesday = _follow_ups(tuesday_plan)
    # the new promise first (a date you typed), then Monday's people in Monday's order
    assert tuesday == [promised, *still], (monday, tuesday)
    assert _follow_ups(_plan(cfg, conf, "2026-12-09")) == tuesday  # Wednesday
    # the same inputs and record, from scratch: the same plan
    assert _plan(cfg, conf, "2026-12-09", "--full").equals(_plan(cfg, conf, "2026-12-09"))

    # every reader of the plan shows Tuesday's people: kith plan, the worksheets' index,
    # serve's home page
    names = tuesday_plan.filter(pl.col("section") == FOLLOW_UP)["name"].to_list()
    listed = _kith(conf, "plan")
    index = html.unescape((cfg.out / "worksheets" / "index.html").read_text("utf-8"))
    with signed_in(cfg, 8765, plan_mod.dt.date(2026, 12, 9)) as client:
        home = html.unescape(client.get("/").text)
    for name in names:
        assert name in listed and name in index and name in home, name

    # next Monday: a new week, the rotation's own window (as a home with no record gives)
    next_monday = _plan(cfg, conf, "2026-12-14")
    (cfg.out / "current" / "state" / "plan_week.parquet").unlink()
    assert _plan(cfg, conf, "2026-12-14", "--full").equals(next_monday)
    assert _follow_ups(next_monday) != tuesday


def test_a_follow_up_names_the_referral_you_noted(sample_homes):
    """W17: `kith note X --referral "asked: ..."` on someone due. On main the follow-up said
    "Get in touch" while the target section read the same note as "Referral at X: asked;
    follow it through". Both say it the target section's way now, and someone with no path
    into a target gets the same words without the company."""
    cfg, conf = _home(sample_homes)
    targets = pl.read_csv(cfg.out / "worksheets" / "targets.csv", infer_schema=False)
    path = targets.filter(pl.col("rank") == "1").row(0, named=True)
    people = pl.read_parquet(cfg.out / "people.parquet")
    pathless = people.filter(~pl.col("person_id").is_in(targets["person_id"].implode())
                             & (pl.col("relationship") != "cold"))["person_id"][0]
    for pid, status in ((path["person_id"], "asked: 2026-12-08"), (pathless, "submitted")):
        _kith(conf, "note", pid, "--follow-up", "2026-12-08", "--referral", status)
    plan = _plan(cfg, conf, "2026-12-08").filter(pl.col("section") == FOLLOW_UP)
    action = dict(zip(plan["person_id"], plan["action"], strict=True))
    assert action[path["person_id"]] == (f"Referral at {path['target']}: asked: 2026-12-08; "
                                         "follow it through")
    assert action[pathless] == "Referral: submitted; follow it through"
    assert plan_mod.referral_action("asked", "Globex") == \
        "Referral at Globex: asked; follow it through"


def test_the_target_section_shows_each_targets_best_few(sample_homes):
    """Round 28's W1: two targets gave two people a week whatever `[plan] targets` said (one
    path per target). Now each target gives its best ceil(size / targets) paths, a rank at a
    time, and later ranks stand in for people an earlier section took."""
    cfg, conf = _home(sample_homes)
    folder = cfg.path.parent  # the home's folder
    with open(folder / "kith.toml", "a", encoding="utf-8") as fh:
        fh.write("targets = 6\n")
    plan = _plan(cfg, conf, "2026-12-07")
    shown = plan.filter(pl.col("section") == plan_mod.TITLES["target"])["person_id"].to_list()
    earlier = set(_follow_ups(plan))
    paths = pl.read_csv(cfg.out / "worksheets" / "targets.csv", infer_schema=False)
    assert paths["target"].n_unique() == 2 and paths.height > 6
    assert len(shown) == 6
    best = paths.filter(pl.col("rank").cast(pl.Int64) <= 3)
    assert set(best["person_id"]) - earlier <= set(shown)  # each target's best three
    for target in paths["target"].unique():  # both targets, not one path each
        assert len(set(paths.filter(pl.col("target") == target)["person_id"]) & set(shown)) >= 2
    # the rule on its own: 3 targets, 4 places: each target's best, then a second best
    frame = pl.DataFrame({"target": ["A", "A", "B", "B", "C"], "rank": [1, 2, 1, 2, 1],
                          "person_id": ["a1", "a2", "b1", "b2", "c1"],
                          "warmth_num": [1.0, 9.0, 5.0, 4.0, 3.0]})
    assert plan_mod.target_window(frame, 4, 0)["person_id"].to_list() == [
        "b1", "c1", "a1", "a2", "b2"]


def test_a_run_killed_before_publishing_leaves_the_weeks_record(sample_homes):
    """The week's record is written into the run's folder and published with it: a Tuesday
    run killed before it publishes leaves Monday's run (and its record) current, and the
    Tuesday run after it keeps Monday's people as an uninterrupted one does."""
    cfg, conf = _home(sample_homes)
    folder = cfg.path.parent  # the home's folder
    monday = _follow_ups(_plan(cfg, conf, "2026-12-07"))
    record = cfg.out / "current" / "state" / "plan_week.parquet"
    before = record.read_bytes()
    _kith(conf, "log", monday[0], "talked", "coffee on Monday")
    killed = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", "--as-of",
                             "2026-12-08", *conf], cwd=folder, capture_output=True,
                            text=True, env=this_tree_env(KITH_TEST_CRASH_AT="before-publish"))
    assert killed.returncode == -9, killed.stderr
    assert record.read_bytes() == before
    tuesday = _follow_ups(_plan(cfg, conf, "2026-12-08"))
    assert tuesday[:3] == monday[1:] and monday[0] not in tuesday and len(tuesday) == 4
