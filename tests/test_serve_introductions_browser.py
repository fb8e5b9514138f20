"""Introductions in kith serve, in a real headless Chromium against a real uvicorn: Accept
logs the introduction in the ledger (seen on the person page), the suggestion leaves the open
list, and no console errors (a CSP violation is one)."""

from __future__ import annotations

import polars as pl
import pytest
from test_serve_browser import errors, submit

from pipeline.notes import ledger as ledger_mod


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home_with_a_need("module")


def test_accept_logs_the_introduction_on_the_person_page(driver, served, home):
    intros = pl.read_parquet(home.out / "introductions.parquet").sort("rank")
    best = intros.row(0, named=True)
    driver.get(served.url("/"))
    submit(driver, driver.find_element("link text", "Introductions"))
    row = driver.find_element("id", best["introduction_id"])
    assert best["helper_name"] in row.text and best["need"] in row.text
    submit(driver, lambda: driver.find_element("id", best["introduction_id"])
           .find_element("css selector", "button.accept"))
    assert "Logged: you gave Kenneth Smith an introduction to " + best["helper_name"] \
        in driver.find_element("id", "message").text
    assert not driver.find_elements("id", best["introduction_id"])  # answered, not open
    assert f"{best['helper_name']}: accepted" in driver.find_element("id", "answered").text
    # the person who needed help: the ledger entry is on their page
    driver.get(served.url(f"/person/{best['seeker_id']}"))
    ledger = driver.find_element("id", "ledger").text
    assert f"gave introduced to {best['helper_name']}" in ledger
    entries = ledger_mod.load_ledger(ledger_mod.ledger_path(home.files["notes"]))
    assert entries.filter(pl.col("kind") == "gave").height == 1
    assert errors(driver) == []
