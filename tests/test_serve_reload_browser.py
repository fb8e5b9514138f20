"""kith serve while a background run is going, in a real headless Chromium: the page reloads
itself to show the run's progress, but never over what the user is typing (a reload would
throw the typed text away); once a form is edited the banner says reloading is paused."""

from __future__ import annotations

import threading
import time

import polars as pl
import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from test_serve_browser import by_name, errors, submit, wait_for

from pipeline.notes import notes_file


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


@pytest.fixture
def held_run(served):
    """A background run that stays 'running' until the test lets it go."""
    runner = served.kith.runner
    runner.wait(120)
    release = threading.Event()
    real = runner.run_fn

    def slow(*args, **kwargs):
        release.wait(60)
        return real(*args, **kwargs)

    runner.run_fn = slow
    runner.start()
    yield release
    release.set()
    runner.wait(120)
    runner.run_fn = real


def test_an_untouched_page_reloads_while_a_run_is_going(driver, served, home, held_run):
    pid = by_name(home, "Lori Gregory")["person_id"]
    driver.get(served.url(f"/person/{pid}"))
    assert driver.find_element("id", "run-status").get_attribute("data-status") == "running"
    driver.execute_script("window.kithMarker = 1;")
    wait_for(lambda: driver.execute_script("return window.kithMarker === undefined"), 20)
    held_run.set()
    wait_for(lambda: driver.find_elements("css selector", "#run-status[data-status=done]"))
    assert errors(driver) == []


def test_typing_pauses_the_reload_and_the_note_is_saved(driver, served, home, held_run):
    pid = by_name(home, "Kenneth Smith")["person_id"]
    driver.get(served.url(f"/person/{pid}"))
    need = _type_before_a_reload(driver, "a contact at the city library")
    driver.execute_script("window.kithMarker = 1;")
    time.sleep(5)  # two and a half reload periods
    assert driver.execute_script("return window.kithMarker") == 1  # same page, not reloaded
    assert need.get_attribute("value") == "a contact at the city library"
    assert "paused" in driver.find_element("id", "run-reload").text
    held_run.set()
    served.kith.runner.wait(120)
    submit(driver, lambda: driver.find_element("id", "save-notes"))
    assert driver.find_element("id", "message").text == "Notes saved."
    row = notes_file.load_notes(home.files["notes"]).filter(pl.col("person_id") == pid)
    assert row["need"][0] == "a contact at the city library"
    assert errors(driver) == []


def _type_before_a_reload(driver, text: str):
    """The need field, typed into. The page reloads every 2 s until something is typed: on a
    busy machine that can come between finding the field and typing (the field then belongs
    to the old page), so typing starts again on the new page; once typed, it must stay."""
    for _ in range(10):
        need = driver.find_element("css selector", "#notes input[name=need]")
        try:
            need.clear()
            need.send_keys(text)
            if need.get_attribute("value") == text:
                return need
        except WebDriverException as exc:  # chromedriver says it either way
            if not isinstance(exc, StaleElementReferenceException) and \
                    "does not belong to the document" not in str(exc):
                raise
    raise AssertionError("the page kept reloading before the field could be typed into")
