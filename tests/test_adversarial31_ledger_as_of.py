"""Round 31 (docs/adversarial31.md, T13): the give/ask figures and their advice count only
the ledger entries dated up to the run's as-of date, as the follow-ups already did. On main a
give dated after the as-of (typed for next week, a year typo, or a run --as-of an earlier
day) counted at once: "offer help before your next ask" disappeared for a target path you had
only asked of. A re-dated night past the entry's date (only the as-of moved, the worksheets'
rows kept from the night before) counts it then. Fails on main."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner
from serve_home import AS_OF

from pipeline.cli import main
from pipeline.worksheets import plan as plan_mod


def _action(cfg, pid: str) -> str:
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    return plan.filter(pl.col("person_id") == pid)["action"][0]


def test_a_give_dated_after_the_as_of_counts_from_that_day(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    pid = plan.filter(pl.col("section") == plan_mod.TITLES["target"])["person_id"][0]
    later = AS_OF + dt.timedelta(days=2)
    for args in (["log", pid, "asked", "a referral", "--on", (AS_OF - dt.timedelta(days=3))
                  .isoformat()],
                 ["log", pid, "gave", "the deck", "--on", later.isoformat()],
                 ["run", "--as-of", AS_OF.isoformat()]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    assert _action(cfg, pid).startswith("Offer help first"), _action(cfg, pid)
    res = CliRunner().invoke(main, ["run", "--as-of", later.isoformat(), *conf])
    assert res.exit_code == 0, res.output
    assert not _action(cfg, pid).startswith("Offer help first"), _action(cfg, pid)
