"""Adversarial round 24 (docs/adversarial24.md) in a real headless Chromium: a notes row
edited in Excel (a follow-up date saved as 3/1/2027, a line break typed with Alt+Enter), then
one field changed and saved in kith serve. The browser itself drops what its inputs cannot
hold; every cell the user did not touch must stay as the spreadsheet wrote it."""

from __future__ import annotations

import polars as pl
import pytest
from serve_home import excel_saves_notes, notes_cells
from test_serve_browser import submit

from pipeline.notes import notes_file


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


def test_saving_the_offer_keeps_the_excel_date_and_line_break(driver, served, home):
    people = pl.read_parquet(home.out / "people.parquet").sort("person_id")
    pid = people["person_id"][0]
    header = list(notes_file.HEADER)
    # US Excel's save of 2027-03-01, and a line break typed with Alt+Enter
    excel_saves_notes(home, pid, follow_up="3/1/2027", next_step="call her\nthen send the deck")
    before = notes_cells(home, pid)

    driver.get(served.url(f"/person/{pid}"))
    offer = driver.find_element("css selector", "#notes input[name=offer]")
    offer.send_keys("an intro to the data team")
    submit(driver, lambda: driver.find_element("id", "save-notes"))
    assert driver.find_element("id", "message").text == "Notes saved."

    expected = list(before)
    expected[header.index("offer")] = "an intro to the data team"
    assert notes_cells(home, pid) == expected
    # the date input shows the date Excel wrote, as the one format it takes
    date = driver.find_element("css selector", "#notes input[name=follow_up]")
    assert date.get_attribute("value") == "2027-03-01"
