"""The worksheets in a real headless Chromium: no console errors (a CSP violation is one),
search, filters and sorting work, hostile names are text, phone and print layouts hold.

Uses Debian's chromium and chromium-driver through Selenium with the system driver; Selenium
must never download one (SE_OFFLINE=1, explicit Service path). Without a browser the tests
skip, unless KITH_REQUIRE_BROWSER is set (CI): then they fail.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from browser_support import chromium, require_browser

from pipeline.worksheets.render import render

_spec = importlib.util.spec_from_file_location(
    "ws_scenario_browser", Path(__file__).parent / "fixtures" / "worksheets" / "scenario.py")
sc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sc)


def test_a_missing_browser_skips_or_fails_as_configured(monkeypatch):
    monkeypatch.delenv("KITH_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no headless browser"):
        require_browser("/usr/bin/chromium is not installed")
    monkeypatch.setenv("KITH_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="KITH_REQUIRE_BROWSER is set"):
        require_browser("/usr/bin/chromium is not installed")
    require_browser(None)  # present: nothing happens


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    drv = chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Every list on one page (filters and sorting see the whole network)."""
    folder = tmp_path_factory.mktemp("site")
    render(folder, page_size=500, **sc.render_kwargs())
    return folder


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("paged")
    render(folder, page_size=4, **sc.render_kwargs())
    return folder


def open_page(driver, path: Path) -> list[dict]:
    """Load `path` and return its console errors (warnings are not failures)."""
    driver.get(path.as_uri())
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]


def visible_cards(driver) -> list:
    return [e for e in driver.find_elements("css selector", "[data-list] > *") if e.is_displayed()]


def test_every_page_loads_without_console_errors_and_runs_its_script(driver, site, paged):
    for folder in (site, paged):
        for page in sorted(folder.glob("*.html")):
            assert open_page(driver, page) == [], page.name
            # the script ran (its hash matched the CSP): it un-hides the search tools
            tools = driver.find_elements("id", "tools")
            assert not tools or tools[0].is_displayed(), page.name


def test_a_script_that_does_not_match_the_hash_is_blocked_and_reported(driver, site, tmp_path):
    """The negative control: a changed inline script violates the CSP, the browser refuses
    it and logs an error, so the console check above would catch a hash mismatch."""
    tampered = tmp_path / "peer.html"
    tampered.write_text((site / "peer.html").read_text("utf-8")
                        .replace('"use strict";', '"use strict"; ', 1), "utf-8")
    errors = open_page(driver, tampered)
    assert any("Content Security Policy" in e["message"] for e in errors)
    assert not driver.find_element("id", "tools").is_displayed()


def test_hostile_name_renders_as_text(driver, site):
    assert open_page(driver, site / "peer.html") == []
    heading = driver.find_element("css selector", "#p_xss h3")
    assert heading.text == sc.XSS
    assert driver.execute_script("return document.scripts.length") == 1
    org = driver.find_element("css selector", "#p_xss dd").text
    assert sc.ATTR in org
    assert driver.execute_script(
        "return document.querySelectorAll('[onmouseover], img, b').length") == 0
    from selenium.common.exceptions import NoAlertPresentException
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - the property read is the check


def test_search_filters_the_cards(driver, site):
    open_page(driver, site / "peer.html")
    total = len(visible_cards(driver))
    box = driver.find_element("id", "q")
    box.send_keys("ann lee")
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_ann"]
    assert driver.find_element("id", "count").text == f"1 of {total} shown"
    box.clear()
    box.send_keys("INITECH")  # case-insensitive, over the whole card text
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_ann"]
    box.clear()
    box.send_keys("lee initech")  # every word must match, anywhere in the card
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_ann"]
    box.clear()
    box.send_keys("ivanova")
    assert visible_cards(driver) == []  # Olga is in community, not on the peer page
    box.clear()
    box.send_keys(" ")
    assert len(visible_cards(driver)) == total
    open_page(driver, site / "community.html")
    driver.find_element("id", "q").send_keys("IVANOVA")  # case and accents folded
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_olga"]


def test_tag_filters_combine(driver, site):
    open_page(driver, site / "peer.html")
    driver.find_element("css selector", 'input[data-tag="dnc"]').click()
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_dnc"]
    driver.find_element("css selector", 'input[data-tag="overdue"]').click()
    assert [c.get_attribute("id") for c in visible_cards(driver)] == ["p_dnc"]
    driver.find_element("css selector", 'input[data-tag="dnc"]').click()
    assert sorted(c.get_attribute("id") for c in visible_cards(driver)) == ["p_ann", "p_dnc"]


def test_sorting_reorders_the_cards(driver, site):
    from selenium.webdriver.support.select import Select

    open_page(driver, site / "peer.html")
    names = [c.find_element("tag name", "h3").text for c in visible_cards(driver)]
    assert names[-3:] == ["Peer 07", "Peer 08", "Peer 09"]  # default: by name
    Select(driver.find_element("id", "sort")).select_by_value("warmth:desc:num")
    warmth = [c.get_attribute("data-warmth") for c in visible_cards(driver)]
    numbers = [float(w) for w in warmth if w]
    assert numbers == sorted(numbers, reverse=True) and warmth[0] == "0.95"
    assert warmth == [w for w in warmth if w] + [w for w in warmth if not w]  # blanks last
    Select(driver.find_element("id", "sort")).select_by_value("due:asc")
    due = [c.get_attribute("data-due") for c in visible_cards(driver)]
    assert due[:2] == ["2026-05-20", "2026-05-28"]
    Select(driver.find_element("id", "sort")).select_by_value("name:asc")
    assert [c.find_element("tag name", "h3").text
            for c in visible_cards(driver)][-1] == "Peer 09"


def test_targets_table_sorts_within_each_company(driver, tmp_path):
    import polars as pl
    from selenium.webdriver.support.select import Select

    from pipeline import schema

    kwargs = sc.render_kwargs()
    more = schema.conform(pl.DataFrame({  # a second path into Globex, so order shows
        "target": ["Globex"], "person_id": ["p_ann"], "display_name": ["Ann Lee"],
        "relation": ["worked_there"], "organization": ["Initech"], "title": ["Engineer"],
        "warmth": [0.9], "rank": [3], "reason": ["worked at Globex"]}), schema.TARGETS)
    kwargs["targets"] = pl.concat([kwargs["targets"], more])
    render(tmp_path, page_size=500, **kwargs)
    assert open_page(driver, tmp_path / "targets.html") == []
    Select(driver.find_element("id", "sort")).select_by_value("name:asc")
    tables = driver.find_elements("css selector", "table.rows")
    assert len(tables) == 2  # Globex, Initech: grouping survives the sort
    by_table = [[r.get_attribute("data-name") for r in t.find_elements("css selector", "tbody tr")]
                for t in tables]
    assert max(len(keys) for keys in by_table) >= 2, by_table
    assert all(keys == sorted(keys) for keys in by_table), by_table  # each company's rows
    Select(driver.find_element("id", "sort")).select_by_value("warmth:desc:num")
    for table in driver.find_elements("css selector", "table.rows"):
        warmth = [float(r.get_attribute("data-warmth"))
                  for r in table.find_elements("css selector", "tbody tr")]
        assert warmth == sorted(warmth, reverse=True), warmth


def test_usable_without_javascript(driver, site):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get((site / "peer.html").as_uri())
        assert not driver.find_element("id", "tools").is_displayed()
        people = sc.people()
        n_peer = people.filter(people["networks"].list.contains("peer")).height
        assert len(visible_cards(driver)) == n_peer
        assert driver.find_element("css selector", "#p_ann a[href^='mailto:']").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_pager_links_navigate(driver, paged):
    assert open_page(driver, paged / "peer.html") == []
    driver.find_element("css selector", "a[rel=next]").click()
    assert driver.current_url.endswith("/peer-2.html")
    assert driver.find_element("css selector", "a[rel=prev]").get_attribute("href").endswith(
        "/peer.html")


@pytest.mark.parametrize("page", ["index.html", "peer.html", "targets.html", "review.html",
                                  "reconnect.html"])
def test_phone_width_has_no_sideways_scrolling(driver, site, page):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        assert open_page(driver, site / page) == []
        over = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth")
        assert over <= 1, f"{page} is {over}px wider than a phone"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_print_layout_has_writing_lines_and_no_controls(driver, site):
    open_page(driver, site / "peer.html")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element("id", "tools").is_displayed()
        assert not driver.find_element("css selector", "header nav").is_displayed()
        assert driver.find_element("css selector", "#p_ann .write").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not driver.find_element("css selector", "#p_ann .write").is_displayed()
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_screenshot(driver, site, tmp_path):
    assert open_page(driver, site / "index.html") == []
    shot = tmp_path / "index.png"
    assert driver.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    open_page(driver, site / "peer.html")
    driver.find_element("id", "q").send_keys("script")
    peer = tmp_path / "peer-search.png"
    driver.save_screenshot(str(peer))
    assert peer.read_bytes().startswith(b"\x89PNG")
    keep = os.environ.get("KITH_SCREENSHOT_DIR")  # for a human to look at, on request
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for p in (shot, peer):
            shutil.copy(p, Path(keep) / p.name)
