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

from pipeline.enrich.introductions import suggest
from pipeline.enrich.roles import add_roles
from pipeline.normalize import orgs

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
        pl.format("{} at {}", "title", "organization").alias("work"))
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
        pl.format("{} at {}", "title", "organization").alias("work"))
    found = suggest(people)
    assert found["helper_id"].to_list() == ["sam", "kim"]
    sam = found.row(0, named=True)
    assert sam["seeker_name"] == "Dana" and sam["rank"] == 1
    assert sam["reason"] == "is a Senior Data Engineer (peer; you last talked 2025-03)"
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
