"""Organisation keys (golden table and properties)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.orgs import org_key


def keys(values: list) -> list:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(org_key(pl.col("v")))[
        "v"].to_list()


GOLDEN = [
    ("Acme, Inc.", "acme"),
    ("ACME Inc", "acme"),
    ("The Acme Company", "acme"),
    ("Acme L.L.C.", "acme"),
    ("Acme Holdings Co., Ltd.", "acme holdings"),
    ("Siemens AG", "siemens"),
    ("Müller GmbH & Co. KG", "muller"),
    ("Nokia Oyj", "nokia"),
    ("Volvo AB (publ)", "volvo"),
    ("Maersk A/S", "maersk"),
    ("Philips N.V.", "philips"),
    ("Booking B.V.", "booking"),
    ("Société Générale S.A.", "societe generale"),
    ("Ferrari S.p.A.", "ferrari"),
    ("Allegro Sp. z o.o.", "allegro"),
    ("Atlassian Pty Ltd", "atlassian"),
    ("Sony KK", "sony"),
    ("Ford Motor Company", "ford motor"),
    ("Company Town Books", "company town books"),  # "Company" only as a trailing legal word
    ("AT&T", "at and t"),
    ("Procter & Gamble", "procter and gamble"),
    ("Procter and Gamble", "procter and gamble"),
    ("AB", "ab"),  # nothing but a legal word: kept
    ("The Co", "co"),
    ("ØRSTED A/S", "orsted"),
    ("🚀 Rocket Labs Inc.", "rocket labs"),
    ("", None),
    ("   ", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "key"), GOLDEN)
def test_golden(raw, key):
    assert keys([raw]) == [key]


TEXT = st.lists(
    st.one_of(st.text(max_size=4), st.sampled_from(
        [" Inc.", " GmbH", ", Ltd", " & ", "The ", " Co.", " A/S", "Ørsted", " S.A.", "😀"])),
    max_size=8,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_org_key_is_idempotent_ascii_lowercase(values):
    once = keys(values)
    assert keys(once) == once
    for key in once:
        if key is not None:
            assert key.isascii() and key == key.lower() and "  " not in key
            assert all(c.isalnum() or c == " " for c in key) and key == key.strip()
