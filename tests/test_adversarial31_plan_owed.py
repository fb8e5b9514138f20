"""Round 31 (docs/adversarial31.md, T11): the plan's advice is give before ask. A path into a
target company whom you owe a favour (they gave you something, you gave nothing back) was
told "Ask what they need, then ask for a referral at X": the referral ask came first, and
they never reached "People you owe a favour" (a person appears once, in the first section
that wants them). Now the action says to return the favour first. Fails on main."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner
from serve_home import AS_OF

from pipeline.cli import main
from pipeline.worksheets import plan as plan_mod


def test_a_target_path_you_owe_is_told_to_return_the_favour_first(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    paths = plan.filter(pl.col("section") == plan_mod.TITLES["target"]).to_dicts()
    assert len(paths) >= 2
    owed, other = paths[0], paths[1]
    for args in (["log", owed["person_id"], "received", "a book", "--on", "2026-11-20"],
                 ["note", owed["person_id"], "--need", "a plumber, her sink leaks"],
                 ["run", "--as-of", AS_OF.isoformat()]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    actions = dict(zip(plan["person_id"], plan["action"], strict=True))
    assert actions[owed["person_id"]].startswith(
        "Return the favour first (a plumber, her sink leaks), then ask about ")
    assert actions[other["person_id"]].startswith("Ask what they need, then ")
    res = CliRunner().invoke(main, ["plan", *conf])
    line = next(x for x in res.output.splitlines() if f". {owed['name']}:" in x)
    assert "Return the favour first" in line and "referral" not in line.split("  (")[0]


def test_a_target_path_whose_need_you_noted_is_helped_first_not_asked_again(sample_homes):
    """T17: you asked, they told you, you noted it ("a mentor for her junior engineers"); the
    next morning the plan still said "Ask what they need, then ask for a referral at X"."""
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    path = plan.filter(pl.col("section") == plan_mod.TITLES["target"]).row(0, named=True)
    for args in (["note", path["person_id"], "--need", "a mentor for her junior engineers"],
                 ["run", "--as-of", AS_OF.isoformat()]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    action = plan.filter(pl.col("person_id") == path["person_id"])["action"][0]
    assert action.startswith("Help with what they need first (a mentor for her junior "
                             "engineers), then ask for a referral at "), action
