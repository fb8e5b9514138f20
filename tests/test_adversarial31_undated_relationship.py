"""Round 31 (docs/adversarial31.md, T4'): a relationship with no date on record to count a
follow-up from: a friend's card in your address book under a label, never written to, with no
LinkedIn connection date, and a next step you noted ("return her ladder"). On main its
follow_up_due was empty, so it never came into the plan, though README says every relationship
comes round. 39 of 85 relationships in round 31's home had no date. Now one with a next step
noted is a first contact due on the as-of date; a label alone still gives none (a whole
address book of family and club cards would fill the follow-ups). Fails on main."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner
from serve_home import AS_OF

from pipeline.cli import main

NEXT = "return her ladder, she lent it in May"


def test_a_labelled_card_with_no_date_comes_round_as_a_first_contact(sample_homes):
    cfg = sample_homes.home()
    folder = cfg.path.parent  # the home's folder
    people = pl.read_parquet(cfg.out / "people.parquet")
    undated = people.filter(pl.col("relationship").str.starts_with("in your address book")
                            & pl.col("last_interaction").is_null()
                            & pl.col("linkedin_url").is_null()
                            & pl.col("emails").list.len().gt(0))
    assert undated.height >= 2
    who, other = undated.sort("person_id").head(2).iter_rows(named=True)
    conf = ["--config", str(folder / "kith.toml")]
    with (folder / "kith.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[plan]\nfollow_ups = 200\n")  # the whole rotation in one week
    for args in (["note", who["person_id"], "--next", NEXT],
                 ["run", "--as-of", AS_OF.isoformat()]):
        res = CliRunner().invoke(main, [*args, *conf])
        assert res.exit_code == 0, res.output
    people = pl.read_parquet(cfg.out / "people.parquet")
    row = people.filter(pl.col("person_id") == who["person_id"]).row(0, named=True)
    assert row["follow_up_due"] == AS_OF
    plan = pl.read_csv(cfg.out / "worksheets" / "plan.csv", infer_schema=False)
    item = plan.filter(pl.col("person_id") == who["person_id"]).row(0, named=True)
    assert item["action"] == f"Get in touch: {NEXT}"
    assert item["why"] == f"due {AS_OF}; no contact recorded"
    assert item["email"] == who["emails"][0]
    # the same kind of card with nothing noted: no follow-up, as before
    assert people.filter(pl.col("person_id") == other["person_id"])["follow_up_due"][0] is None
    assert other["person_id"] not in plan["person_id"].to_list()
