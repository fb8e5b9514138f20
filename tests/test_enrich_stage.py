"""Enrichment inside the tag stage: roles and e-mail organisations on people, target paths
that put the people who can hire you first, the openings and companies tables."""

from __future__ import annotations

import datetime as dt

import polars as pl
from tagging_frames import inter, owner, rec, run_tag

from pipeline import schema
from pipeline.tagging.targets import Target, owner_functions

HOOLI = Target("Hooli")


def my_owner(title: str = "Senior Data Engineer") -> pl.DataFrame:
    own = owner(positions=[("Initech", "2020-01-01", None)])
    return own.with_columns(pl.when(pl.col("kind") == "position").then(pl.lit(title))
                            .otherwise(pl.col("title")).alias("title"))


def records():
    return [
        rec("warm", "Wendy Warm", "linkedin", org="Hooli", title="Barista", slug="wendy"),
        rec("mgr", "Max Manager", "linkedin", org="Hooli", title="Head of Data", slug="max"),
        rec("rec", "Rita Recruiter", "linkedin", org="Hooli", title="Technical Recruiter",
            slug="rita"),
        rec("sales", "Sal Sales", "linkedin", org="Hooli", title="VP Sales", slug="sal"),
        rec("mail", "Mo Mail", "google", emails=["mo@hooli.com"], title="Data Engineer"),
        rec("other", "Olli Other", "google", org="Hooli", emails=["olli@hooli.com"]),
        rec("gm", "Gina Gmail", "google", emails=["gina@gmail.com"]),
    ]


def talk():
    rows = [inter("message", "incoming", "2025-05-0" + str(d), "Wendy Warm", slug="wendy", n=d)
            for d in range(1, 8)]
    rows.append(inter("message", "incoming", "2025-05-20", "Sal Sales", slug="sal", n=99))
    texts = ["thanks!"] * 7 + ["We're hiring a data engineer on my team, interested?"]
    return [dict(r, detail=t) for r, t in zip(rows, texts, strict=True)]


def test_people_get_roles_and_an_organisation_from_a_work_domain_but_not_from_gmail():
    result = run_tag(records(), talk(), my_owner(), targets=[HOOLI])
    p = {r["person_id"]: r for r in result.people.iter_rows(named=True)}
    assert (p["p_mgr"]["seniority"], p["p_mgr"]["function"]) == ("director", "data")
    assert p["p_mail"]["organization"] == "Hooli"
    assert p["p_mail"]["organization_source"] == "work e-mail domain hooli.com"
    assert p["p_warm"]["organization_source"] == "record"
    assert p["p_gm"]["organization"] is None and p["p_gm"]["organization_source"] is None
    assert result.stats["organizations_from_email"] == 1


def test_paths_rank_hiring_managers_in_my_function_then_recruiters_then_warmth():
    result = run_tag(records(), talk(), my_owner(), targets=[HOOLI])
    rows = result.targets.filter(pl.col("target") == "Hooli").sort("rank")
    order = rows["person_id"].to_list()
    assert order[:2] == ["p_mgr", "p_rec"]
    assert order.index("p_warm") < order.index("p_other")  # then warmth, as before
    reason = dict(zip(rows["person_id"], rows["reason"], strict=True))
    assert reason["p_mgr"].endswith("can hire you: a director in your function (data)")
    assert reason["p_rec"].endswith("a recruiter there")
    assert "can hire" not in reason["p_sales"]  # a leader, but not in my function
    assert "works at Hooli (per work e-mail domain hooli.com)" in reason["p_mail"]


def test_owner_functions_come_from_current_positions_and_target_roles():
    assert owner_functions(my_owner(), []) == ("data",)
    assert owner_functions(my_owner("Chief Executive Officer"),
                           [Target("X", (), ("UX Designer",))]) == ("design",)
    assert owner_functions(owner(), []) == ()


def test_openings_and_companies_tables():
    result = run_tag(records(), talk(), my_owner(), targets=[HOOLI])
    openings = schema.conform(result.openings, schema.OPENINGS)
    assert openings["person_id"].to_list() == ["p_sales"]
    assert openings["occurred_on"].to_list() == [dt.date(2025, 5, 20)]
    firms = result.companies
    hooli = firms.filter(pl.col("organization") == "Hooli").row(0, named=True)
    assert hooli["people_now"] == 6 and hooli["target"] == "Hooli"
    assert hooli["warmest_person_id"] == "p_warm"
    assert "business" in hooli["networks"]
    assert list(firms.columns) == list(schema.COMPANIES)


def test_each_companys_warmest_is_its_warmest_member_ties_to_the_lowest_id():
    """companies.from_members: the warmest member per employer, a tie in warmth going to the
    lowest person id and a member of unknown warmth never beating a known one; the other
    columns count who works there now and before."""
    from pipeline.enrich.companies import MEMBERS, from_members

    found = pl.DataFrame({
        "person_id": ["p3", "p1", "p2", "p4", "p5", "p6", "p7"],
        "employer_key": ["acme", "acme", "acme", "init", "init", "glob", "glob"],
        "organization": ["Acme", "Acme", "ACME", "Initech", "Initech", "Globex", "Globex"],
        "now": [True, True, False, True, True, True, False]}, schema=MEMBERS)
    people = pl.DataFrame({
        "person_id": ["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
        "display_name": ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"],
        "warmth": [0.5, 0.9, 0.9, None, 0.1, None, None],
        "networks": [["peer"], [], ["business"], [], ["peer"], [], []]})
    firms = from_members(found, people, [])
    got = {r["employer_key"]: (r["warmest_person_id"], r["warmest_name"], r["warmest"],
                               r["people_now"], r["people_before"], r["organization"])
           for r in firms.iter_rows(named=True)}
    assert got == {"acme": ("p2", "Bo", 0.9, 2, 1, "Acme"),
                   "init": ("p5", "Ed", 0.1, 2, 0, "Initech"),
                   "glob": ("p6", "Flo", None, 1, 1, "Globex")}
    assert firms["employer_key"].to_list() == ["acme", "init", "glob"]
