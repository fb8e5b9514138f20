"""An employer known by two names has one organisation key (pipeline/data/org_aliases.csv): a
LinkedIn profile shows today's name, an old card the name the person gave then or an
abbreviation. gen6 (docs/gen6.md) found `phuong nguyen | msft` and `... | microsoft`, `andrzej
wrobel | meta` and `... | facebook` kept apart as a job change; a target "Meta" found nobody
whose card says Facebook; a need "a role at Facebook" nobody at Meta."""

from __future__ import annotations

import polars as pl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.normalize.orgs import ALIASES, org_key_series


@pytest.mark.parametrize(("one", "other"), [
    ("Facebook", "Meta Platforms, Inc."),
    ("Facebook, Inc.", "Meta"),
    ("MSFT", "Microsoft Corporation"),
    ("Amazon.com, Inc.", "Amazon"),
    ("AWS", "Amazon Web Services (AWS)"),
    ("Tata Consultancy Services Limited", "TCS"),
    ("Ernst & Young LLP", "EY"),
    ("PricewaterhouseCoopers LLP", "PwC"),
    ("J.P. Morgan", "JPMorgan Chase & Co."),
    ("P&G", "Procter & Gamble"),
    ("International Business Machines Corporation", "IBM"),
])
def test_two_names_of_one_employer_share_a_key(one, other):
    keys = org_key_series(pl.Series([one, other])).to_list()
    assert keys[0] == keys[1]


@pytest.mark.parametrize(("name", "key"), [
    ("Chase", "chase"), ("HP", "hp"), ("Hewlett Packard Enterprise", "hewlett packard enterprise"),
    ("X", "x"), ("GS", "gs"), ("Amazon", "amazon"), ("Metaswitch", "metaswitch"),
    ("Acme Ltd", "acme"), ("Ge Wang", "ge wang")])
def test_other_names_keep_their_own_key(name, key):
    assert org_key_series(pl.Series([name]))[0] == key


def test_every_alias_points_to_a_key_that_is_no_alias():
    assert not set(ALIASES.values()) & set(ALIASES)
    # the table's keys are written as organisation keys are, so they can ever match
    assert all(k == org_key_series(pl.Series([k]))[0] or k in ALIASES for k in ALIASES)


def test_a_card_at_facebook_and_a_contact_at_meta_agree_on_the_organisation(tmp_path):
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "phone.csv").write_text(
        "first_name,last_name,company,email\nAnn,Holt,Facebook,\nBo,Ng,Acme,bo@acme.test\n",
        encoding="utf-8")
    (exports / "crm.csv").write_text(
        "First Name,Last Name,Company\nAnn,Holt,\"Meta Platforms, Inc.\"\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(exports), "--out", str(out), "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    recs = pl.read_parquet(out / "records.parquet")
    assert set(recs.filter(pl.col("family_name") == "Holt")["org_key"]) == {"meta"}
    pairs = pl.read_parquet(out / "pairs.parquet")
    holt = recs.filter(pl.col("family_name") == "Holt")["record_id"].to_list()
    pair = pairs.filter(pl.col("record_id_l").is_in(holt) & pl.col("record_id_r").is_in(holt))
    assert pair["org_level"].to_list() == ["exact"]
    # the organisation shown is each record's own, as written
    assert sorted(recs.filter(pl.col("family_name") == "Holt")["organization"]) == [
        "Facebook", "Meta Platforms, Inc."]


def test_a_target_finds_people_under_its_other_name(tmp_path):
    runner = CliRunner()
    home = tmp_path / "h"
    assert runner.invoke(main, ["init", str(home)]).exit_code == 0
    (home / "exports" / "phone.csv").write_text(
        "first_name,last_name,company\nAnn,Holt,Facebook\nBo,Ng,Acme\n", encoding="utf-8")
    (home / "targets.toml").write_text('[[target]]\ncompany = "Meta"\n', encoding="utf-8")
    result = runner.invoke(main, ["run", "--config", str(home / "kith.toml"), "-q"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shown = runner.invoke(main, ["targets", "--config", str(home / "kith.toml")])
    assert "Ann Holt" in shown.output and "Bo Ng" not in shown.output


def test_a_need_naming_the_old_name_finds_people_at_the_new_one():
    from pipeline.enrich.introductions import suggest
    from pipeline.enrich.roles import add_roles
    from pipeline.textfmt import fmt

    people = pl.DataFrame(
        [("ana", "Product Manager", 40.0, "an intro to someone at Facebook", "", "Acme"),
         ("kim", "Software Engineer", 5.0, "", "", "Meta Platforms, Inc."),
         ("lee", "Software Engineer", 50.0, "", "", "Globex")],
        schema=["person_id", "title", "warmth", "need", "offer", "organization"], orient="row")
    people = add_roles(people.with_columns(
        pl.col("person_id").str.to_titlecase().alias("name"), pl.lit(False).alias("dnc"),
        pl.lit([], dtype=pl.List(pl.String)).alias("networks"))).with_columns(
        pl.col("organization").map_batches(org_key_series).alias("org_key"),
        fmt("{} at {}", "title", "organization").alias("work"))
    found = suggest(people)
    assert found["helper_id"].to_list()[:1] == ["kim"]
    assert "Meta" in found["reason"][0]
