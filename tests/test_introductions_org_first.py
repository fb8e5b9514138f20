"""The company a need names is the way in (user36): "a project manager role at Kaiser
Permanente" listed project managers at other firms (function 2 + two title words) above the
people who work at Kaiser (3). Anyone who works there now comes first; someone whose title
says they left it does not."""

from __future__ import annotations

import polars as pl

from pipeline.enrich.introductions import suggest
from pipeline.enrich.roles import add_roles
from pipeline.normalize import orgs
from pipeline.textfmt import fmt


def _people(rows: list[tuple[str, str, str, float, str]]) -> pl.DataFrame:
    """(id, title, organisation, warmth, need) -> the frame suggest() reads."""
    frame = pl.DataFrame(rows, schema=["person_id", "title", "organization", "warmth", "need"],
                         orient="row")
    frame = frame.with_columns(
        pl.col("person_id").str.to_titlecase().alias("name"), pl.lit("").alias("offer"),
        pl.lit(False).alias("dnc"), pl.lit([], dtype=pl.List(pl.String)).alias("networks"))
    return add_roles(frame).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"),
        fmt("{} at {}", "title", "organization").alias("work"))


def test_people_at_the_company_a_need_names_come_before_the_function_elsewhere():
    people = _people([
        ("ana", "Nurse", "Acme Clinic", 40.0, "a project manager role at Kaiser Permanente"),
        ("pm1", "Senior Project Manager", "Globex", 80.0, ""),
        ("pm2", "Project Manager", "Initech", 70.0, ""),
        ("k1", "Registered Nurse", "Kaiser Permanente", 10.0, ""),
        ("k2", "Pharmacist", "Kaiser Permanente", 5.0, ""),
        ("ex", "Ex-Kaiser Permanente | Open to work", "Kaiser Permanente", 90.0, ""),
    ])
    found = suggest(people).filter(pl.col("seeker_id") == "ana")
    assert found["helper_id"].to_list()[:2] == ["k1", "k2"]
    assert found["reason"][0].startswith("works at Kaiser Permanente")
    assert "ex" not in found["helper_id"].to_list()[:2]
