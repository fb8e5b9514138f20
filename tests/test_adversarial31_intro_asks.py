"""Round 31 (docs/adversarial31.md, T15; round 29's Left): an introduction's two asks,
double opt-in, as e-mail links where a person works on introductions. On main only `kith
introductions --messages` drafted them; introductions.html and `kith serve`'s Introductions
page had no link, so the user wrote both asks by hand. Now each open introduction has a
mailto: link to the one who can help first, then one to the one who needs it, drafted from
drafts.toml; neither quotes your notes about either person."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse

import polars as pl
import pytest
from serve_home import signed_in

PORT = 8771
TODAY = dt.date(2026, 12, 3)
SEEKER = "Kenneth Smith"
NEED = "a lawyer to read a contract; divorce pending, keep quiet"
SECRETS = ("divorce", "keep quiet")


@pytest.fixture(scope="module")
def home(sample_homes):
    return sample_homes.home_with_a_need("module", SEEKER, NEED)


def _mail(home) -> dict[str, str]:
    people = pl.read_parquet(home.out / "people.parquet")
    return {p: (m or [""])[0] for p, m in people.select("person_id", "emails").iter_rows()}


def _asks(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """introduction row (its text up to the links) -> [(class, address, decoded body)]."""
    out = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        links = re.findall(r'class="(ask-helper|ask-seeker)" href="mailto:([^"?]*)\?([^"]*)"', row)
        if links:
            text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(row)).split())
            out[text] = [(c, urllib.parse.unquote(a), urllib.parse.unquote(html.unescape(q)))
                         for c, a, q in links]
    return out


def _check(home, page: str) -> None:
    intros = pl.read_parquet(home.out / "introductions.parquet").filter(
        pl.col("status") == "open")
    assert intros.height == 2  # data/sample's two attorneys
    mail = _mail(home)
    found = _asks(page)
    flat = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(page)).split())
    # data/sample: Lori Gregory has an address, Amanda Brown and Kenneth Smith have none
    assert sorted(bool(mail[h]) for h in intros["helper_id"]) == [False, True]
    assert len(found) == 1, page
    for r in intros.iter_rows(named=True):
        row = next((links for text, links in found.items() if r["helper_name"] in text), [])
        sent = {c: (to, body) for c, to, body in row}
        if not mail[r["helper_id"]]:
            assert not sent and f"1. Ask {r['helper_name']} (no e-mail on record" in flat
            continue
        assert list(sent)[0] == "ask-helper"  # the one who can help is asked first
        to_helper, first = sent["ask-helper"]
        assert to_helper == mail[r["helper_id"]]
        assert "subject=Would you be open to an introduction?" in first
        assert f"I know {SEEKER}" in first and f"Hi {r['helper_name'].split()[0]}," in first
        assert not any(s in first for s in SECRETS)
        # Kenneth Smith has no e-mail address: his ask is text, not a link
        assert mail[r["seeker_id"]] == "" and "ask-seeker" not in sent
        assert f"2. Once they agree, ask {SEEKER} (no e-mail on record)" in flat
    # the page is yours: it still shows what you noted
    assert "divorce pending" in page


def test_introductions_html_has_both_asks_as_links(home):
    _check(home, (home.out / "worksheets" / "introductions.html").read_text("utf-8"))


def test_serve_introductions_page_has_both_asks_as_links(home):
    with signed_in(home, PORT, TODAY) as client:
        res = client.get("/introductions")
        assert res.status_code == 200
        _check(home, res.text)


def test_each_ask_goes_to_its_own_person_helper_first():
    from pipeline.enrich import drafts, intro_asks

    rows = [{"seeker_id": "p_s", "seeker_name": "Hal Ng", "helper_id": "p_h",
             "helper_name": "Rita Oz", "need": NEED}]
    intro_asks.add_links(rows, drafts.load(None), {"p_s": ("Hal", None), "p_h": ("Rita", None)},
                         {"p_s": "hal@example.com", "p_h": "rita@example.com"},
                         {"p_s": (NEED,)}, "Me")
    helper = urllib.parse.unquote(rows[0]["helper_mailto"])
    seeker = urllib.parse.unquote(rows[0]["seeker_mailto"])
    assert helper.startswith("mailto:rita@example.com?") and "Hi Rita," in helper
    assert "I know Hal Ng" in helper
    assert seeker.startswith("mailto:hal@example.com?") and "Hi Hal," in seeker
    assert "I think Rita Oz could help you" in seeker
    assert not any(s in helper + seeker for s in SECRETS)
