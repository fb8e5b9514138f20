"""The enrichment pages in a real headless Chromium (see tests/test_browser.py): they load
without console errors under the Content-Security-Policy, hostile names and messages are
text, and nobody marked do-not-contact is suggested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from test_browser import driver, open_page, sc  # noqa: F401 - the fixture is used by name

from pipeline import schema
from pipeline.worksheets.render import render

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def enriched(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("enriched")
    kwargs = sc.render_kwargs()
    kwargs["notes"] = kwargs["notes"].with_columns(
        pl.when(pl.col("person_id") == "p_ann").then(pl.lit("a recruiter at Globex"))
        .otherwise(pl.col("need")).alias("need"))
    openings = schema.conform(pl.DataFrame({
        "person_id": ["p_gia", "p_dnc", "p_xss", "p_olga"],
        "mention": ["opening", "opening", "opening", "looking"],
        "occurred_on": [dt.date(2026, 5, 20), dt.date(2026, 5, 21), dt.date(2026, 5, 1),
                        dt.date(2026, 5, 2)],
        "direction": ["incoming", "incoming", "incoming", "incoming"],
        "excerpt": ["We're hiring a PM", "Open role for you", f"Job: {HOSTILE}",
                    "I'm looking for a new job"],
        "interaction_id": ["i1", "i2", "i3", "i4"]}), schema.OPENINGS)
    companies = schema.conform(pl.DataFrame({
        "organization": ["Globex", f"<b>{HOSTILE}</b>"], "employer_key": ["globex", "x"],
        "people_now": [2, 1], "people_before": [0, 0], "warmest": [0.95, 0.3],
        "warmest_person_id": ["p_dnc", "p_xss"], "warmest_name": ["Dan Nolan", HOSTILE],
        "networks": [["business"], ["peer"]], "target": ["Globex", None]}), schema.COMPANIES)
    render(folder, page_size=500, openings=openings, companies=companies, **kwargs)
    return folder


def test_new_pages_load_without_console_errors(driver, enriched):  # noqa: F811
    for page in ("index.html", "introductions.html", "companies.html"):
        assert open_page(driver, enriched / page) == [], page


def test_introductions_and_openings_show_as_text_without_do_not_contact(driver,  # noqa: F811
                                                                         enriched):
    assert open_page(driver, enriched / "introductions.html") == []
    body = driver.find_element("tag name", "main").text
    assert "Ann Lee" in body and "Gia Lopez" in body and "a recruiter at Globex" in body
    assert "Dan Nolan" not in body  # do-not-contact: neither suggested nor listed
    assert f"Job: {HOSTILE}" in body  # the hostile excerpt is shown as text
    assert "Olga Ivánova" in body and "is looking for a role" in body
    assert len(driver.find_elements("tag name", "script")) == 1  # only the page's own


def test_index_sections(driver, enriched):  # noqa: F811
    assert open_page(driver, enriched / "index.html") == []
    headings = [h.text for h in driver.find_elements("tag name", "h2")]
    assert "Introductions you could make" in headings
    assert "Who mentioned openings recently" in headings
    main = driver.find_element("tag name", "main").text
    assert "Ann Lee needs a recruiter at Globex → Gia Lopez" in main
    assert "Open role for you" not in main  # Dan Nolan is do-not-contact
    assert "I'm looking for a new job" not in main  # only openings in this list


def test_companies_page_escapes_and_offers_the_add_command(driver, enriched):  # noqa: F811
    assert open_page(driver, enriched / "companies.html") == []
    cells = [c.text for c in driver.find_elements("css selector", "tbody td")]
    assert f"<b>{HOSTILE}</b>" in cells
    assert any(c.startswith("kith companies --add '<b>") for c in cells)
    assert len(driver.find_elements("tag name", "b")) == 0
    assert "Dan Nolan" not in driver.find_element("tag name", "main").text  # do-not-contact
