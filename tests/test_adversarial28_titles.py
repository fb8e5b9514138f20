"""Round 28 (docs/adversarial28.md), round 27's A4''': titles of past roles and titles that
say their holder is hiring. On main "Former CEO" at a target was an executive who "can hire
you", and "#hiring Data Engineers" was no hiring signal for a job seeker's introductions."""

from __future__ import annotations

import polars as pl
import pytest
from roles_support import cases
from roles_support import roles as _roles
from test_adversarial27_advice import run_with_target

from pipeline.enrich.openings import HIRING_TITLE


@pytest.mark.parametrize(("title", "seniority"), cases([
    ("Former CEO", "ic"),  # no level held now
    ("Ex-CEO, Board Advisor", "ic"),  # the current role after the separator is the job
    ("ehemaliger Geschäftsführer", "ic"),
    ("Frühere Geschäftsführerin", "ic"),
    ("Fruehere Geschaeftsfuehrerin", "ic"),  # umlauts written out (ue), as on a US keyboard
    ("Fruhere CEO", "ic"),  # ... or dropped, as kith's folding does
    ("Geschaeftsfuehrer", "executive"),
    ("Ancien directeur commercial", "ic"),
    ("Ex director de ventas", "ic"),
    ("Retired Nurse", "ic"),
    ("Former CEO - now Partner at Foo", "executive"),  # a current partner
    ("Ex-Googler, Director of Data", "director"),
    ("Executive Director", "executive"),  # "ex" is no word of it
    ("Exec Assistant", "ic"),
]))
def test_a_past_role_holds_no_level_now(title, seniority):
    assert _roles(title)[0] == seniority


def test_a_former_ceo_cannot_hire_you_and_a_hiring_title_is_a_signal(tmp_path):
    home = tmp_path
    run_with_target(home, "Globex", (
        "Cy,Ode,https://www.linkedin.com/in/cy-ode,,Globex,Former CEO,03 Mar 2024\n"
        "Di,Ray,https://www.linkedin.com/in/di-ray,,Globex,Head of Data,03 Mar 2024\n"
        "Hal,Ng,https://www.linkedin.com/in/hal-ng,,Google,Ex-Google | Open to work,"
        "04 Mar 2024\n"
        "Ida,Moe,https://www.linkedin.com/in/ida-moe,,Initech,#hiring Data Engineers,"
        "05 Mar 2024\n"
        "Jo,Pak,https://www.linkedin.com/in/jo-pak,,Umbrella,Hiring Manager,05 Mar 2024\n"
        "Kit,Poe,https://www.linkedin.com/in/kit-poe,,Globex,Chief Data Officer,05 Mar 2024\n"
        "Lu,Ma,https://www.linkedin.com/in/lu-ma,,Globex,Analyst,05 Mar 2024\n"
        "Mo,Li,https://www.linkedin.com/in/mo-li,,Globex,We're hiring! Data Engineers,"
        "05 Mar 2024\n"))
    paths = pl.read_parquet(home / "out" / "targets.parquet")
    reasons = dict(paths.select("display_name", "reason").iter_rows())
    assert "can hire you" in reasons["Di Ray"]
    assert "can hire you" not in reasons["Cy Ode"]
    assert "can hire you: an executive in your function (data)" in reasons["Kit Poe"]
    # a title saying they are hiring puts the path with those who can hire you (on main Mo
    # was ranked with everyone else, by warmth and name)
    assert reasons["Mo Li"].endswith("says they are hiring (We're hiring! Data Engineers)")
    ranks = dict(paths.select("display_name", "rank").iter_rows())
    assert ranks["Mo Li"] <= 3 and ranks["Lu Ma"] > 3
    # the hiring title is what an opening mentioned is to Hal's need; "Hiring Manager" is a job
    intros = pl.read_parquet(home / "out" / "introductions.parquet").filter(
        pl.col("seeker_name") == "Hal Ng")
    by_helper = dict(intros.select("helper_name", "reason").iter_rows())
    assert "says they are hiring (#hiring Data Engineers)" in by_helper["Ida Moe"]
    hiring = {n for n, r in by_helper.items() if "says they are hiring" in r}
    assert hiring == {"Ida Moe", "Mo Li"}, by_helper  # Jo Pak, a Hiring Manager, is no opening


@pytest.mark.parametrize(("title", "hiring"), [
    ("#hiring Data Engineers", True), ("#WeAreHiring | CTO", True),
    ("CTO at Acme | We're hiring!", True), ("Hiring: UX Researcher", True),
    ("Recruiter - hiring for Data roles", True), ("Talent Acquisition (Hiring)", True),
    ("Wir stellen ein!", True), ("Engineering Manager, hiring", True),
    ("Hiring Manager", False), ("Hiring Coordinator", False), ("Head of Hiring", False),
    ("Director of Hiring", False), ("Ex-Google | Open to work", False),
])
def test_a_title_that_says_they_are_hiring(title, hiring):
    assert pl.Series([title]).str.contains(HIRING_TITLE).item() is hiring
