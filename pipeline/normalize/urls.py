"""LinkedIn profile slugs: the cross-source key for people LinkedIn knows.

Sources write one profile as `https://www.linkedin.com/in/jane-doe-1234`, `linkedin.com/in/
Jane-Doe-1234/`, `http://uk.linkedin.com/in/jane-doe-1234?trk=x`, `www.linkedin.com/in/...`
(Endorsements, no scheme) or with a percent-encoded UTF-8 slug (`%C3%A5` = `å`). All give the
same slug: percent-decoded, NFC, lower case, no query/fragment/trailing slash. Legacy public
URLs `/pub/jane-doe/12/345/678` keep their whole path as `pub/jane-doe/12/345/678`.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import polars as pl

from pipeline.normalize import on_unique

# Any scheme or none (also vCard's escaped "http\://"), any subdomain (www, uk, de, m),
# optional mobile/app prefixes before /in/.
_PROFILE = (
    r"(?i)^\s*(?:[a-z][a-z0-9+.\-]*\\?://)?(?:[a-z0-9\-]+\.)*linkedin\.com(?::\d+)?"
    r"(?:/(?:mwlite|comm|m))?/(?:in/(?P<slug>[^/?#\s]+)|(?P<pub>pub/[^?#\s]+?))/*(?:[?#].*)?\s*$"
)
# /in/<slug> may carry more path segments (/in/jane/de, /in/jane/details/skills): keep the
# first. Matched without the end anchor so those tails are allowed.
_PROFILE_IN = (
    r"(?i)^\s*(?:[a-z][a-z0-9+.\-]*\\?://)?(?:[a-z0-9\-]+\.)*linkedin\.com(?::\d+)?"
    r"(?:/(?:mwlite|comm|m))?/in/([^/?#\s]+)"
)


def raw_slug(e: pl.Expr) -> pl.Expr:
    """The slug as written in a LinkedIn profile URL (not yet decoded or lower-cased)."""
    pub = e.str.extract_groups(_PROFILE).struct.field("pub")
    return pl.coalesce(e.str.extract(_PROFILE_IN, 1), pub)


def _unquote_all(text: str) -> str:
    # Decode to a fixpoint so a slug is stable under canonicalisation ("%2541" -> "%41" -> "A").
    for _ in range(5):
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    return text


def _decode(distinct: pl.Series) -> pl.Series:
    has_pct = distinct.filter(distinct.str.contains("%")).unique()
    if has_pct.len():
        decoded = pl.Series([_unquote_all(v) for v in has_pct.to_list()], dtype=pl.String)
        distinct = distinct.replace(has_pct, decoded)
    slug = (
        distinct.str.to_lowercase()
        .str.normalize("NFC")
        .str.strip_chars()
        .str.strip_chars_end("/")
    )
    return slug.replace("", None)


def canonical_slug(raw: pl.Expr) -> pl.Expr:
    """Percent-decode, NFC, lower-case and trim raw slugs; runs on distinct values."""
    return on_unique(raw, _decode, pl.String)


def linkedin_slug(url: pl.Expr) -> pl.Expr:
    """Canonical slug of one URL column (`linkedin_url`, `counterpart_url`), else null."""
    return canonical_slug(raw_slug(url))


def first_linkedin_slug(url: pl.Expr, urls: pl.Expr) -> pl.Expr:
    """Slug from the explicit `url` column, else from the first LinkedIn profile in `urls`."""
    from_list = urls.list.eval(raw_slug(pl.element())).list.drop_nulls().list.first()
    return canonical_slug(pl.coalesce(raw_slug(url), from_list))


def _url_of(slug: str) -> str:
    if slug.startswith("pub/"):
        return "https://www.linkedin.com/" + quote(slug, safe="/")
    return "https://www.linkedin.com/in/" + quote(slug, safe="")


def profile_url(slug: pl.Expr) -> pl.Expr:
    """The canonical profile URL of a slug (percent-encoded; for reports and round trips)."""
    return on_unique(
        slug, lambda d: pl.Series([_url_of(v) for v in d.to_list()], dtype=pl.String), pl.String
    )
