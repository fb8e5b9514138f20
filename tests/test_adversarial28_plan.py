"""Round 28 (docs/adversarial28.md): `kith plan` reads what you did since the run. On main it
printed the run's plan as it was: someone you marked do-not-contact since (in kith serve or
with `kith note`) was still proposed, with a drafted message and a calendar event, and
someone you talked to was still "overdue"."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner
from icalendar import Calendar

from pipeline.cli import main
from pipeline.worksheets import plan as plan_mod


def test_kith_plan_leaves_out_do_not_contact_and_says_what_is_done(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    first, second = plan.filter(
        pl.col("section") == plan_mod.TITLES["follow_up"]).head(2).to_dicts()
    for args in (["log", first["person_id"], "talked", "coffee"],
                 ["note", second["person_id"], "--do-not-contact"]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    ics = folder / "week.ics"
    res = CliRunner().invoke(main, ["plan", "--messages", "--ics", str(ics), *conf])
    assert res.exit_code == 0, res.output
    assert second["name"] not in res.output
    line = next(x for x in res.output.splitlines() if f". {first['name']}:" in x)
    assert "done for now: next follow-up" in line
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert not [e for e in events if second["name"] in str(e.get("SUMMARY"))]
    assert len(events) == plan.height - 1


def test_a_follow_up_snoozed_a_week_is_not_back_the_next_night(sample_homes):
    """Snooze a week on Monday writes next Monday as the follow-up date. On main the
    Tuesday run listed it first again ("due 2026-12-14 (your date)"): the plan took
    everything due within 7 days of the as-of. It comes back in next week's plan."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]

    def follow_ups(as_of: str) -> list[str]:
        res = CliRunner().invoke(main, ["run", *conf, "--as-of", as_of])
        assert res.exit_code == 0, res.output
        plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
        return plan.filter(pl.col("section") == plan_mod.TITLES["follow_up"])["person_id"].to_list()

    snoozed = follow_ups("2026-12-07")[0]
    res = CliRunner().invoke(main, ["note", snoozed, "--follow-up", "2026-12-14", *conf])
    assert res.exit_code == 0, res.output
    assert snoozed not in follow_ups("2026-12-08")
    assert snoozed not in follow_ups("2026-12-11")  # Friday: still this week
    assert follow_ups("2026-12-14")[0] == snoozed  # next Monday: your date, first


def test_the_week_a_plan_covers():
    monday = plan_mod.dt.date(2026, 12, 7)
    for days, end in ((0, "2026-12-13"), (3, "2026-12-13"), (5, "2026-12-20"), (6, "2026-12-20")):
        assert plan_mod.week_end(monday + plan_mod.dt.timedelta(days=days)).isoformat() == end
