"""An offer you noted outranks one shared title word, and "engineer" meets "engineering"
(user34's walk, user35). Fixtures: fictitious people frames as suggest() reads them."""

from __future__ import annotations

import polars as pl

from pipeline.enrich.introductions import suggest
from pipeline.enrich.roles import add_roles
from pipeline.normalize import orgs
from pipeline.textfmt import fmt


def _people(rows: list[tuple[str, str, float, str, str]]) -> pl.DataFrame:
    """(id, title, warmth, need, offer) -> the frame suggest() reads."""
    frame = pl.DataFrame(rows, schema=["person_id", "title", "warmth", "need", "offer"],
                         orient="row")
    frame = frame.with_columns(
        pl.col("person_id").str.to_titlecase().alias("name"),
        pl.lit("Globex").alias("organization"), pl.lit(False).alias("dnc"),
        pl.lit([], dtype=pl.List(pl.String)).alias("networks"))
    return add_roles(frame).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"),
        fmt("{} at {}", "title", "organization").alias("work"))


def test_the_offer_you_noted_outranks_a_shared_title_word():
    # user34: three warmer Data Scientists (function + the word "data": 3) filled the three
    # places and Nathan, whom you noted "knows data engineering hiring", was cut
    people = _people([
        ("william", "Product Manager", 40.0, "a data engineer for his team", ""),
        ("sci1", "Data Scientist", 60.0, "", ""),
        ("sci2", "Data Scientist", 55.0, "", ""),
        ("sci3", "Data Scientist", 50.0, "", ""),
        ("nathan", "Principal Engineer", 10.0, "", "knows data engineering hiring, can mentor"),
    ])
    found = suggest(people)
    assert found["helper_id"][0] == "nathan"
    assert found["reason"][0].startswith("you noted they offer: knows data engineering hiring")
    assert found.height == 3 and found["score"][0] > found["score"][1]


def test_engineer_and_engineering_are_one_word():
    people = _people([
        ("ana", "Product Manager", 40.0, "someone in data engineering", ""),
        ("sam", "Data Engineer", 10.0, "", ""),
        ("dee", "Data Scientist", 50.0, "", ""),
    ])
    found = suggest(people)
    # the Data Engineer shares "data" and "engineer(ing)" with the need: ahead of a warmer
    # Data Scientist who shares "data" only
    assert found["helper_id"].to_list()[:2] == ["sam", "dee"]
    assert found["score"][0] == found["score"][1] + 1


def test_an_offer_meets_a_need_through_a_word_ending():
    people = _people([
        ("ana", "Founder", 40.0, "help hiring engineers", ""),
        ("kim", "Teacher", 5.0, "", "interviews engineering candidates"),
    ])
    found = suggest(people)
    assert found["helper_id"].to_list() == ["kim"]
    assert found["reason"][0] == "you noted they offer: interviews engineering candidates"


def test_how_a_need_and_an_offer_are_said_is_no_shared_subject():
    # "knows" is in both: measured on test_enrich_introductions' networks with offers noted,
    # "someone who knows data science" met "knows good restaurants"
    people = _people([
        ("ana", "Founder", 40.0, "someone who knows data science", ""),
        ("kim", "Teacher", 5.0, "", "knows good restaurants, can cook"),
    ])
    assert suggest(people).height == 0
