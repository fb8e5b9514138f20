"""Round 31 (T15): the Introductions page of `kith serve` in a real headless Chromium against
a real uvicorn. Each suggestion shows its double opt-in asks in order; the first is an e-mail
link to the one who can help, holding the drafted ask and none of your notes; someone with
no address gets the ask as text. No console errors (a CSP violation is one)."""

from __future__ import annotations

import urllib.parse

import polars as pl
import pytest
from test_serve_browser import errors, submit

NEED = "a lawyer to read a contract; divorce pending, keep quiet"


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home_with_a_need("module", need=NEED)


def test_the_asks_are_links_in_order_without_your_notes(driver, served, home):
    people = pl.read_parquet(home.out / "people.parquet")
    mail = {p: (m or [""])[0] for p, m in people.select("person_id", "emails").iter_rows()}
    intros = pl.read_parquet(home.out / "introductions.parquet").sort("rank")
    driver.get(served.url("/"))
    submit(driver, driver.find_element("link text", "Introductions"))
    linked = 0
    for r in intros.iter_rows(named=True):
        row = driver.find_element("id", r["introduction_id"])
        asks = row.find_element("css selector", "span.asks")
        assert asks.is_displayed()
        text = asks.text
        assert text.index(f"1. Ask {r['helper_name']}") < text.index(
            f"2. Once they agree, ask {r['seeker_name']}")
        links = asks.find_elements("css selector", "a.ask-helper")
        if not mail[r["helper_id"]]:
            assert not links and "no e-mail on record" in text
            continue
        href = urllib.parse.unquote(links[0].get_attribute("href"))
        assert href.startswith(f"mailto:{mail[r['helper_id']]}?subject=Would you be open")
        assert f"I know {r['seeker_name']}" in href
        assert "divorce" not in href and "keep quiet" not in href
        linked += 1
    assert linked == 1  # data/sample: one of the two attorneys has an address
    # the need you noted is on the page: it is yours
    assert "divorce pending" in driver.find_element("id", "introductions").text
    assert errors(driver) == []
