"""LinkedIn slugs (golden table and properties)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import urls as U


def slugs(values: list) -> list:
    return pl.DataFrame({"u": values}, schema={"u": pl.String}).select(
        U.linkedin_slug(pl.col("u")))["u"].to_list()


GOLDEN = [
    ("https://www.linkedin.com/in/jane-doe-1234", "jane-doe-1234"),
    ("linkedin.com/in/Jane-Doe-1234/", "jane-doe-1234"),
    ("www.linkedin.com/in/jane-doe-1234", "jane-doe-1234"),  # Endorsements: no scheme
    ("http://uk.linkedin.com/in/jane-doe-1234?trk=public_profile", "jane-doe-1234"),
    ("https://de.linkedin.com/in/jane-doe-1234/de", "jane-doe-1234"),
    ("https://www.linkedin.com/in/jane-doe-1234#experience", "jane-doe-1234"),
    ("https://www.linkedin.com/in/jane-doe-%C3%A51234", "jane-doe-å1234"),
    ("https://www.linkedin.com/in/J%C3%85NE", "jåne"),
    ("http\\://www.linkedin.com/in/jane", "jane"),  # vCard-escaped colon
    ("HTTPS://WWW.LINKEDIN.COM/IN/JANE", "jane"),
    ("  https://www.linkedin.com/in/jane  ", "jane"),
    ("https://www.linkedin.com/in/jane%20/", "jane"),
    ("https://www.linkedin.com/mwlite/in/jane", "jane"),
    ("http://www.linkedin.com/pub/jane-doe/12/345/678/", "pub/jane-doe/12/345/678"),
    ("http://www.linkedin.com/pub/Jane-Doe/12/345/678?x=1", "pub/jane-doe/12/345/678"),
    ("https://www.linkedin.com/in/", None),
    ("https://www.linkedin.com/company/acme", None),
    ("https://twitter.com/jane", None),
    ("https://notlinkedin.com.evil.io/in/jane", None),
    ("urn:li:member:123456", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("url", "slug"), GOLDEN)
def test_golden(url, slug):
    assert slugs([url]) == [slug]


def test_first_slug_prefers_explicit_url_then_first_profile_in_list():
    frame = pl.DataFrame({
        "url": [None, "https://www.linkedin.com/in/own", None, None],
        "urls": [["https://x.com/a", "linkedin.com/in/Bob/", "linkedin.com/in/second"],
                 ["linkedin.com/in/other"], [], None],
    }, schema={"url": pl.String, "urls": pl.List(pl.String)})
    out = frame.select(U.first_linkedin_slug(pl.col("url"), pl.col("urls"))).to_series()
    assert out.to_list() == ["bob", "own", None, None]


SLUG = st.text(min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(SLUG, min_size=1, max_size=6))
def test_slug_canonicalisation_round_trips(raw_slugs):
    """slug(url(slug(u))) == slug(u): the canonical slug is a fixpoint."""
    urls = ["https://www.linkedin.com/in/" + s for s in raw_slugs]
    once = slugs(urls)
    frame = pl.DataFrame({"s": once}, schema={"s": pl.String})
    again = slugs(frame.select(U.profile_url(pl.col("s"))).to_series().to_list())
    assert again == once
    for slug in once:
        if slug is not None:
            assert slug == slug.lower() and slug == slug.strip() and not slug.endswith("/")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), min_size=1, max_size=6))
def test_never_raises(values):
    assert len(slugs(values)) == len(values)
