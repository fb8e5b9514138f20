"""kith serve driven by a real headless Chromium against a real uvicorn: a review decision
re-runs kith in the background and the page says when it is current; a note typed in the
form lands in notes.csv and survives a nightly refresh; Talked resets the follow-up, Snooze
moves it; a script typed into a note stays text. No console errors (a CSP violation is one).
"""

from __future__ import annotations

import datetime as dt
import time

import polars as pl
import pytest

from pipeline.notes import notes_file
from pipeline.run import run


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home("module")


def submit(driver, button) -> None:
    """Click a form's button and wait for the answer page (a click does not wait for the
    navigation it starts). `button` may be a function that finds it: the page's script can
    still be re-rendering a table when the test finds the button, so a button whose node left
    the document is found again (up to three times) instead of failing the test."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element("tag name", "html")
    for attempt in range(3):
        try:
            (button() if callable(button) else button).click()
            break
        except (StaleElementReferenceException, WebDriverException) as exc:
            gone = isinstance(exc, StaleElementReferenceException) or \
                "does not belong to the document" in str(exc)
            if not (callable(button) and gone) or attempt == 2:
                raise
    WebDriverWait(driver, 30).until(lambda d: _left_the_document(page))
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def _left_the_document(element) -> bool:
    """Whether the old page's element is gone (selenium's staleness_of). Chromium 156 answers
    a query of a node from the page it is replacing with "Node with given id does not belong
    to the document", an unknown error rather than a stale element (CI failed on it once)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]


def by_name(home, name: str) -> dict:
    people = pl.read_parquet(home.out / "people.parquet")
    return people.filter(pl.col("display_name") == name).row(0, named=True)


def wait_for(check, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("timed out")


def test_the_printed_address_opens_the_app_and_drops_the_token(driver, served):
    assert driver.current_url == served.url("/")
    assert "token" not in driver.current_url
    assert driver.find_element("tag name", "h1").text == "kith"
    assert errors(driver) == []


def test_every_page_loads_without_console_errors(driver, served, home):
    pid = by_name(home, "Lori Gregory")["person_id"]
    for path in ("/", "/review", f"/person/{pid}", "/search?q=lori", "/network/peer",
                 "/network/untagged", "/targets", "/reconnect", "/run"):
        driver.get(served.url(path))
        assert errors(driver) == [], path
        assert driver.execute_script("return document.scripts.length") == 1


def test_same_person_on_the_review_page_gives_one_person_after_the_background_run(
        driver, served, home):
    review = pl.read_parquet(home.out / "review.parquet")
    pair = review.filter(pl.col("reason").str.contains("review band")).row(0, named=True)
    before = pl.read_parquet(home.out / "people.parquet").height
    driver.get(served.url("/review"))
    section = driver.find_element("id", f"pair-{pair['record_id_l']}-{pair['record_id_r']}")
    # both people's records are on the page, side by side
    assert len(section.find_elements("css selector", ".sides > div")) == 2
    assert section.find_elements("css selector", ".record[id]")
    submit(driver, section.find_element("css selector", "button[value=same]"))
    # the banner says the run is going, then that the new outputs are current
    wait_for(lambda: driver.find_elements("css selector", "#run-status[data-status=done]"))
    assert "Up to date" in driver.find_element("id", "run-status").text
    records = pl.read_parquet(home.out / "records.parquet").filter(
        pl.col("record_id").is_in([pair["record_id_l"], pair["record_id_r"]]))
    assert records["person_id"].n_unique() == 1
    assert pl.read_parquet(home.out / "people.parquet").height == before - 1
    driver.get(served.url("/review"))
    assert not driver.find_elements(
        "id", f"pair-{pair['record_id_l']}-{pair['record_id_r']}")
    assert errors(driver) == []


def test_a_note_typed_in_the_form_is_in_notes_csv_and_survives_a_nightly_refresh(
        driver, served, home):
    pid = by_name(home, "Lori Gregory")["person_id"]
    served.kith.runner.wait(120)  # the review test's run: its page would reload over the form
    driver.get(served.url(f"/person/{pid}"))
    need = driver.find_element("css selector", "#notes input[name=need]")
    need.clear()
    need.send_keys("an intro to the data team")
    submit(driver, lambda: driver.find_element("id", "save-notes"))
    assert driver.find_element("id", "message").text == "Notes saved."
    row = notes_file.load_notes(home.files["notes"]).filter(pl.col("person_id") == pid)
    assert row["need"][0] == "an intro to the data team"
    served.kith.runner.wait(120)
    run(home, home.inputs, home.out)  # the nightly refresh
    row = notes_file.load_notes(home.files["notes"]).filter(pl.col("person_id") == pid)
    assert row["need"][0] == "an intro to the data team"
    driver.get(served.url(f"/person/{pid}"))
    value = driver.find_element("css selector", "#notes input[name=need]").get_attribute("value")
    assert value == "an intro to the data team"


def follow_up(driver) -> str:
    return driver.find_element("id", "follow-up").text


def test_talked_resets_the_follow_up_and_snooze_moves_it(driver, served, home):
    p = by_name(home, "Kenneth Smith")
    today = dt.date.today()
    driver.get(served.url(f"/person/{p['person_id']}"))
    assert "overdue" in follow_up(driver)
    driver.find_element("css selector", "#log input[name=text]").send_keys("long call")
    submit(driver, lambda: driver.find_element("id", "talked"))
    due = today + dt.timedelta(days=p["cadence_days"])
    assert follow_up(driver).startswith(due.isoformat())
    assert "long call" in driver.find_element("id", "ledger").text
    submit(driver, lambda: driver.find_element("id", "snooze"))
    assert follow_up(driver).startswith((due + dt.timedelta(days=7)).isoformat())
    assert driver.find_element("id", "message").text.startswith("Follow-up moved to")


def test_a_script_typed_into_a_note_is_shown_as_text(driver, served, home):
    from selenium.common.exceptions import NoAlertPresentException

    pid = by_name(home, "Kenneth Smith")["person_id"]
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    driver.get(served.url(f"/person/{pid}"))
    box = driver.find_element("css selector", "#notes input[name=offer]")
    box.clear()
    box.send_keys(hostile)
    submit(driver, lambda: driver.find_element("id", "save-notes"))
    shown = driver.find_element("css selector", "#notes input[name=offer]")
    assert shown.get_attribute("value") == hostile
    assert driver.execute_script("return document.scripts.length") == 1
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - the property read is the check
    assert errors(driver) == []
