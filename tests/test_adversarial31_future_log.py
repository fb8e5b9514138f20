"""Round 31 (docs/adversarial31.md, T12): `kith log --on` a date after today. A run reads an
entry dated after its as-of as a plan, not as what happened (the follow-up stays due), but
`kith log` answered a talk typed 2027-03-01 instead of 2026-03-01 with "Next follow-up:
2027-04-30", a date kith would not keep. Now it says the date is after today and how kith
reads it. Fails on main."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main


def test_a_talk_logged_in_the_future_is_named_not_counted(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    pid = plan["person_id"][0]
    later = dt.date.today() + dt.timedelta(days=90)
    res = CliRunner().invoke(main, ["log", pid, "talked", "coffee", "--on", later.isoformat(),
                                    *conf])
    assert res.exit_code == 0, res.output
    assert f"{later} is after today: kith reads the entry as a plan" in res.output
    assert "Next follow-up" not in res.output
    # today's talk still gives the next follow-up
    res = CliRunner().invoke(main, ["log", pid, "talked", "coffee", *conf])
    assert res.exit_code == 0 and "after today" not in res.output, res.output
