"""Introductions: precision at 10 on generated networks where the right matches are known.

The generator below knows nothing of the matcher: it draws people from families of real-world
titles (in four languages) and employers, writes needs in everyday words for one family or one
employer, and records which helpers are right by construction (same family, or works at the
employer named). Some right helpers are marked do-not-contact: suggesting one is wrong.
"""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.introductions import HELPERS_PER_NEED, KINDS, OPEN, introduction_id, suggest
from pipeline.enrich.roles import add_roles
from pipeline.normalize import orgs
from pipeline.textfmt import fmt

FAMILIES = {
    "data": (["Data Engineer", "Senior Data Engineer", "Ingénieure de données",
              "Datenanalyst", "Data Scientist"],
             ["a data engineer for a pipeline", "someone who knows data science",
              "a data analyst to look at churn"]),
    "legal": (["Attorney", "Rechtsanwältin", "Avocat", "Legal Counsel", "Abogada"],
              ["a lawyer to read a contract", "legal advice on a lease"]),
    "design": (["UX Designer", "Product Designer", "Graphiste", "Diseñadora gráfica"],
               ["a designer for a new logo", "a UX designer for an app"]),
    "finance": (["Accountant", "Steuerberater", "Comptable", "Contable"],
                ["an accountant for my tax return", "a tax advisor"]),
    "health": (["Registered Nurse", "Ärztin", "Médecin généraliste", "Pharmacist"],
               ["a doctor for a second opinion", "a nurse to talk to about the job"]),
}
OTHER_TITLES = ["Teacher", "Store Manager", "Chef de projet", "Vertriebsmitarbeiter",
                "Journalist", "Electrician", "Barista", "Consultant"]
ORGS = ["Hooli", "Globex", "Initech", "Umbrella", "Vandelay", "Soylent", "Tyrell", "Wonka",
        "Cyberdyne", "Aperture", "Stark Industries", "Wayne Enterprises"]


def generate(seed: int, n_people: int = 400, n_needs: int = 25):
    """people frame (as suggest() reads it) and the set of right (seeker, helper) pairs."""
    rng = random.Random(seed)
    rows = []
    for i in range(n_people):
        family = rng.choice([*FAMILIES, None, None])
        title = rng.choice(FAMILIES[family][0]) if family else rng.choice(OTHER_TITLES)
        rows.append({"person_id": f"p{i:04d}", "name": f"Person {i}", "title": title,
                     "organization": rng.choice(ORGS), "warmth": round(rng.random() * 80, 1),
                     "need": "", "offer": "", "dnc": rng.random() < 0.08,
                     "networks": [rng.choice(["peer", "business", "community"])],
                     "_family": family})
    seekers = rng.sample(range(n_people), n_needs)
    truth: set[tuple[str, str]] = set()
    for s in seekers:
        seeker = rows[s]
        seeker["dnc"] = False
        if rng.random() < 0.3:
            org = rng.choice(ORGS)
            seeker["need"] = f"an intro to someone at {org}"
            right = [r for r in rows if r["organization"] == org]
        else:
            family = rng.choice(list(FAMILIES))
            seeker["need"] = rng.choice(FAMILIES[family][1])
            right = [r for r in rows if r["_family"] == family]
        truth |= {(seeker["person_id"], r["person_id"]) for r in right
                  if not r["dnc"] and r is not seeker}
    frame = pl.DataFrame(rows).drop("_family")
    frame = add_roles(frame).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"),
        fmt("{} at {}", "title", "organization").alias("work"))
    return frame, truth


def precision_at_10(seed: int) -> float:
    people, truth = generate(seed)
    top = suggest(people).head(10)
    assert top.height == 10
    return sum((s, h) in truth for s, h in zip(top["seeker_id"], top["helper_id"],
                                               strict=True)) / 10


def test_precision_at_10_on_generated_networks():
    scores = [precision_at_10(seed) for seed in range(5)]
    assert sum(scores) / len(scores) >= 0.9, scores
    assert min(scores) >= 0.8, scores


@pytest.mark.parametrize("seed", range(3))
def test_never_suggests_anyone_marked_do_not_contact(seed):
    people, _ = generate(seed)
    dnc = set(people.filter(pl.col("dnc"))["person_id"])
    assert dnc
    # A do-not-contact person with a need is not a seeker either.
    people = people.with_columns(pl.when(pl.col("dnc")).then(pl.lit("a lawyer"))
                                 .otherwise(pl.col("need")).alias("need"))
    found = suggest(people)
    assert not (set(found["helper_id"]) | set(found["seeker_id"])) & dnc


def test_reasons_say_why_and_the_offer_note_counts():
    people = pl.DataFrame({
        "person_id": ["dana", "sam", "lee", "kim"],
        "name": ["Dana", "Sam", "Lee", "Kim"],
        "title": ["Product Manager", "Senior Data Engineer", "Barista", "Teacher"],
        "organization": ["Initech", "Hooli", "Cafe", "School"],
        "warmth": [40.0, 30.0, 10.0, 5.0],
        "need": ["a data engineer", "", "", ""],
        "offer": ["", "", "", "knows a data engineer at Globex"],
        "dnc": [False, False, False, False],
        "networks": [["peer"], ["peer"], ["community"], ["community"]],
        "last": ["", "2025-03-14", "", ""],
    })
    people = add_roles(people).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"),
        fmt("{} at {}", "title", "organization").alias("work"))
    found = suggest(people)
    assert found["helper_id"].to_list() == ["sam", "kim"]
    sam = found.row(0, named=True)
    assert sam["seeker_name"] == "Dana" and sam["rank"] == 1
    assert sam["reason"] == "is a Senior Data Engineer (peer; last contact 2025-03)"
    assert "you noted they offer: knows a data engineer" in found.row(1, named=True)["reason"]


def test_job_seekers_meet_people_who_mentioned_openings():
    people = pl.DataFrame({
        "person_id": ["a", "b", "c"], "name": ["Ana", "Ben", "Cy"],
        "title": ["Open to work | Backend Engineer", "Engineering Manager", "Barista"],
        "organization": [None, "Globex", "Cafe"], "warmth": [10.0, 20.0, 30.0],
        "need": ["", "", ""], "offer": ["", "", ""], "dnc": [False, False, False],
        "networks": [[], ["business"], []],
    })
    people = add_roles(people).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"), pl.lit("").alias("work"))
    import datetime as dt

    openings = pl.DataFrame({"person_id": ["c"], "occurred_on": [dt.date(2026, 5, 1)]})
    found = suggest(people, openings)
    helpers = dict(zip(found["helper_id"], found["reason"], strict=True))
    assert "mentioned an opening on 2026-05-01" in helpers["c"]
    assert "can hire: manager" in helpers["b"]
    assert set(found["seeker_id"]) == {"a"}


def test_someone_who_wrote_they_are_looking_becomes_a_seeker():
    people = pl.DataFrame({
        "person_id": ["a", "b"], "name": ["Ana", "Ben"],
        "title": ["Data Analyst", "Head of Data"], "organization": ["Initech", "Globex"],
        "warmth": [10.0, 20.0], "need": ["", ""], "offer": ["", ""], "dnc": [False, False],
        "networks": [[], ["business"]]})
    people = add_roles(people).with_columns(
        orgs.org_key(pl.col("organization")).alias("org_key"), pl.lit("").alias("work"))
    import datetime as dt

    looking = pl.DataFrame({"person_id": ["a"], "occurred_on": [dt.date(2026, 5, 2)]})
    assert suggest(people).height == 0
    found = suggest(people, looking=looking)
    row = found.row(0, named=True)
    assert (row["seeker_id"], row["helper_id"]) == ("a", "b")
    assert row["need"] == "a new role (Data Analyst) (wrote on 2026-05-02 that they are looking)"
    assert "can hire: director" in row["reason"]


def test_ids_are_stable_and_say_which_two_people_and_what_kind():
    people, _ = generate(1)
    a, b = suggest(people), suggest(people.sample(fraction=1.0, shuffle=True, seed=3))
    assert a["introduction_id"].to_list() == b["introduction_id"].to_list()
    assert a["introduction_id"].is_unique().all()
    row = a.row(0, named=True)
    assert row["introduction_id"] == introduction_id(row["seeker_id"], row["helper_id"],
                                                     row["kind"])
    assert row["kind"] in KINDS
    assert introduction_id("a", "b", "function") != introduction_id("a", "b", "organisation")


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 50), st.data())
def test_answered_suggestions_lose_their_rank_and_the_next_best_takes_their_place(seed, data):
    people, _ = generate(seed, n_people=150, n_needs=8)
    before = suggest(people)
    ids = before["introduction_id"].to_list()
    picked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    status = data.draw(st.lists(st.sampled_from(["accepted", "dismissed"]),
                                min_size=len(picked), max_size=len(picked)))
    closed = (before.filter(pl.col("introduction_id").is_in(picked))
              .select("introduction_id", "seeker_id")
              .join(pl.DataFrame({"introduction_id": picked, "status": status},
                                 schema={"introduction_id": pl.String, "status": pl.String}),
                    on="introduction_id"))
    after = suggest(people, closed=closed)
    shown = after.filter(pl.col("status") == OPEN)
    assert not set(shown["introduction_id"]) & set(picked)
    assert shown["rank"].to_list() == list(range(1, shown.height + 1))
    answered = after.filter(pl.col("status") != OPEN)
    assert set(answered["introduction_id"]) == set(picked)
    assert answered["rank"].null_count() == answered.height
    assert dict(zip(answered["introduction_id"], answered["status"], strict=True)) == \
        dict(zip(picked, status, strict=True))
    # each need still gets up to HELPERS_PER_NEED open helpers, the next best first
    per_need = shown.group_by("seeker_id").len()
    assert (per_need["len"] <= HELPERS_PER_NEED).all()
    dnc = set(people.filter(pl.col("dnc"))["person_id"])
    assert not (set(after["helper_id"]) | set(after["seeker_id"])) & dnc


def test_a_closed_suggestion_makes_room_for_the_next_helper_of_that_need(monkeypatch):
    people, _ = generate(2)
    monkeypatch.setattr("pipeline.enrich.introductions.HELPERS_PER_NEED", 50)
    every = suggest(people)
    monkeypatch.undo()
    counts = every.group_by("seeker_id").len()
    seeker = counts.filter(pl.col("len") > HELPERS_PER_NEED).sort("seeker_id")["seeker_id"][0]
    before = suggest(people).filter(pl.col("seeker_id") == seeker)
    assert before.height == HELPERS_PER_NEED
    closed = before.head(1).select("introduction_id", "seeker_id",
                                   pl.lit("dismissed").alias("status"))
    after = suggest(people, closed=closed).filter(pl.col("seeker_id") == seeker)
    shown = after.filter(pl.col("status") == OPEN)
    assert shown.height == HELPERS_PER_NEED  # still full
    new = set(shown["helper_id"]) - set(before["helper_id"])
    assert len(new) == 1 and new <= set(every.filter(pl.col("seeker_id") == seeker)["helper_id"])
    assert after.filter(pl.col("status") == "dismissed")["introduction_id"].to_list() == \
        closed["introduction_id"].to_list()
