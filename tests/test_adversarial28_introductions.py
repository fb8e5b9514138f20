"""Round 28 (docs/adversarial28.md): `kith introductions` shows what kith serve shows. On main
it printed the run's introductions.csv as it was: a suggestion accepted in kith serve (and
logged as given) was still listed as open, and so was one with a person marked
do-not-contact since the run, until the next run."""

from __future__ import annotations

import datetime as dt

import polars as pl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich import intro_decisions


def _listed(conf: list[str]) -> list[str]:
    res = CliRunner().invoke(main, ["introductions", *conf])
    assert res.exit_code == 0, res.output
    return [line for line in res.output.splitlines() if " needs " in line]


def test_answers_and_do_not_contact_since_the_run_are_applied(sample_homes):
    cfg = sample_homes.home_with_a_need("test")
    folder = cfg.path.parent  # the home's folder
    conf = ["--config", str(folder / "kith.toml")]
    intros = pl.read_parquet(cfg.out / "introductions.parquet").sort("rank").to_dicts()
    assert len(intros) == 2 and len(_listed(conf)) == 2
    # Accept in kith serve calls this: the decision and the ledger's `gave`
    intro_decisions.accept(cfg.files["notes"], intros[0], dt.date(2026, 12, 1))
    listed = _listed(conf)
    assert len(listed) == 1 and intros[1]["helper_name"] in listed[0]
    assert listed[0].lstrip().startswith("1. ")
    res = CliRunner().invoke(main, ["note", intros[1]["helper_id"], "--do-not-contact", *conf])
    assert res.exit_code == 0, res.output
    assert _listed(conf) == []
    res = CliRunner().invoke(main, ["introductions", *conf])
    assert "No open introductions" in res.output
