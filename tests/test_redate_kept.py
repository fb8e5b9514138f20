"""A re-dated night's companies and activity columns from what the full tag stage kept
(pipeline/redate.py: kept_tables) equal what the general functions compute from scratch, on
random address books: members at a few employers, linked interactions for some people, ties
in warmth, people missing from the people table, with and without targets."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest

from pipeline import redate, schema
from pipeline.enrich import companies as companies_mod
from pipeline.normalize import orgs
from pipeline.tagging import activity, keywords
from pipeline.tagging.targets import Target

ORGS = ["Hooli", "Initech", "Initech Inc.", "ACME", "Globex", "Umbrella Corp"]


def _ekeys() -> dict[str, str]:
    frame = pl.DataFrame({"organization": ORGS}).with_columns(
        employer_key=keywords.employer_key(orgs.org_key(pl.col("organization"))))
    return dict(frame.iter_rows())


def _book(seed: int):
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(rng.randint(1, 40))]
    people = pl.DataFrame({
        "person_id": ids,
        "display_name": [rng.choice(["Al", "Bea", "Cy", None]) for _ in ids],
        "warmth": [rng.choice([None, 0.0, 5.0, 5.0, 12.5, 30.0]) for _ in ids],
        "networks": [rng.sample(["peer", "business", "community"], rng.randint(0, 2))
                     for _ in ids],
    }, schema={c: schema.PEOPLE[c] for c in ("person_id", "display_name", "warmth",
                                             "networks")})
    ekeys = _ekeys()
    rows = []
    for pid in [*ids, "gone1", "gone2"]:  # members the people table no longer holds
        for org in rng.sample(ORGS, rng.randint(0, 3)):
            rows.append((pid, ekeys[org], org, rng.random() < 0.5))
    members = pl.DataFrame(rows, schema=companies_mod.MEMBERS, orient="row").unique(
        ["person_id", "employer_key"], keep="first", maintain_order=True)
    linked_ids = rng.sample(ids, rng.randint(0, len(ids)))
    at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    linked = pl.DataFrame(
        [(f"i{n}", pid, rng.choice(["message", "endorsement", "invitation"]),
          rng.choice(["incoming", "outgoing"]), at + dt.timedelta(days=rng.randint(0, 300)))
         for n, pid in enumerate(linked_ids * 2)], schema=activity.LINKED, orient="row")
    return rng, people, members, linked


@pytest.mark.parametrize("seed", range(40))
def test_companies_from_the_kept_tables_equal_from_members(seed):
    rng, people, members, linked = _book(seed)
    kept = redate.kept_tables(linked, members, pl.Series([], dtype=pl.String), people)
    for rel, frame in kept.items():
        assert dict(frame.schema) == redate.kept_schemas()[rel], rel
    # group-bys give groups in no fixed order: the kept files are sorted, so that the same
    # inputs write the same bytes
    for rel, key in ((redate.SUMMARY_TABLE, "person_id"),
                     (redate.COMPANY_STATIC_TABLE, "employer_key"),
                     (redate.COMPANY_QUIET_TABLE, "employer_key")):
        assert kept[rel][key].is_sorted(), rel
    # a later night: the date moved the warmth of the people with a linked interaction only
    touched = people["person_id"].is_in(linked["person_id"].implode())
    later = people.with_columns(warmth=pl.when(touched).then(
        pl.Series([rng.choice([None, 1.0, 5.0, 30.0, 99.0]) for _ in range(people.height)]))
        .otherwise(pl.col("warmth")))
    for targets in ([], [Target("Initech", aliases=("ACME",))]):
        want = companies_mod.from_members(members, later, targets)
        got = redate._companies(kept, later, targets)
        assert got.schema == want.schema
        assert got.equals(want), (seed, targets)


@pytest.mark.parametrize("seed", range(10))
def test_the_kept_summary_gives_the_same_activity_columns(seed):
    _, people, _, linked = _book(seed)
    ids = people["person_id"]
    full = schema.empty(schema.PEOPLE).join(pl.DataFrame({"person_id": ids}), on="person_id",
                                            how="right").select(list(schema.PEOPLE))
    full = full.with_columns(sources=pl.lit(["linkedin"], dtype=schema.LS),
                             networks=pl.lit([], dtype=schema.LS))
    kept = redate.kept_tables(linked, schema.empty(companies_mod.MEMBERS),
                              pl.Series([], dtype=pl.String), people)
    from pipeline.tagging.rules import load_rules

    rules = load_rules(None)
    current = activity.activity_columns(full, linked, rules, dt.date(2025, 10, 31))
    for day in (dt.date(2025, 11, 1), dt.date(2026, 6, 30)):
        want = activity.activity_columns(full, linked, rules, day)
        got = activity.activity_columns(full, linked, rules, day, kept[redate.SUMMARY_TABLE])
        assert got.equals(want)
        # the night re-dates the current run's table from the kept summary
        night = redate._activity(current, linked, kept[redate.SUMMARY_TABLE], rules, day)
        assert night.equals(want)
