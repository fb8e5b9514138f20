"""LinkedIn profile slugs: the cross-source key for people LinkedIn knows.

Sources write one profile as `https://www.linkedin.com/in/jane-doe-1234`, `linkedin.com/in/
Jane-Doe-1234/`, `http://uk.linkedin.com/in/jane-doe-1234?trk=x`, `www.linkedin.com/in/...`
(Endorsements, no scheme) or with a percent-encoded UTF-8 slug (`%C3%A5` = `å`). All give the
same slug: percent-decoded, NFC, lower case, no query/fragment/trailing slash. Legacy public
URLs `/pub/jane-doe/12/345/678` keep their whole path as `pub/jane-doe/12/345/678`.

Connections.csv writes every URL as `https://www.linkedin.com/in/<slug>` and most slugs are
plain `[a-z0-9-]`, so those take a prefix-strip fast path; only the rest meet the regexes
(capture groups cost ~2 us a value in polars, ten times a plain `contains`).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import polars as pl

from pipeline.normalize import distinct_apply, explode_rows, implode_rows, on_unique

_FAST_PREFIX = "https://www.linkedin.com/in/"
# Any scheme or none (also vCard's escaped "http\://"), any subdomain (www, uk, de, m),
# optional mobile/app prefixes before /in/. Checked without captures, then the slug is cut
# out with replaces.
_HOST = r"(?i)^\s*(?:[a-z][a-z0-9+.\-]*\\?://)?(?:[a-z0-9\-]+\.)*linkedin\.com(?::\d+)?/"
_IN_PREFIX = r"(?i)^.*?linkedin\.com(?::\d+)?(?:/(?:mwlite|comm|m))?/in/"
_PUB_PREFIX = r"(?i)^.*?linkedin\.com(?::\d+)?(?:/(?:mwlite|comm|m))?/(pub/)"


def _unquote_all(text: str) -> str:
    # Decode to a fixpoint so a slug is stable under canonicalisation ("%2541" -> "%41" -> "a").
    for _ in range(5):
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    return text


def _decode(distinct: pl.Series) -> pl.Series:
    return pl.Series([_unquote_all(v) for v in distinct.to_list()], dtype=pl.String)


def _slow_slugs(urls: pl.Series) -> pl.Series:
    """Canonical slugs of URLs off the fast path (call on a small subset)."""
    frame = urls.to_frame("u").with_columns(
        host=pl.col("u").str.contains(_HOST),
        is_in=pl.col("u").str.contains(_IN_PREFIX),
        is_pub=pl.col("u").str.contains(_PUB_PREFIX),
    )
    u = pl.col("u")
    frame = frame.select(
        slug=pl.when(pl.col("host") & pl.col("is_in"))
        # /in/<slug> may be followed by more segments (/in/jane/de, /in/jane/details): first one.
        .then(u.str.replace(_IN_PREFIX, "").str.replace(r"[/?#\s\p{Cc}].*$", ""))
        .when(pl.col("host") & pl.col("is_pub"))
        .then(u.str.replace(_PUB_PREFIX, "$1").str.replace(r"[?#\s\p{Cc}].*$", ""))
    )
    slug = frame["slug"].clone()  # scatter below works in place
    has_pct = slug.str.contains("%", literal=True).fill_null(False)
    if has_pct.any():
        slug = slug.scatter(has_pct.arg_true(), distinct_apply(slug.filter(has_pct), _decode))
    # Decoding can bring back control characters ("%1F"), which no real slug has.
    slug = (
        slug.str.replace_all(r"\p{Cc}", "")
        .str.to_lowercase()
        .str.normalize("NFC")
        .str.replace_all(r"^\s+|[\s/]+$", "")
    )
    return slug.replace("", None)


def slug_series(urls: pl.Series) -> pl.Series:
    """Canonical LinkedIn slug of each URL (any String Series), null when not a profile URL."""
    fast = urls.str.strip_prefix(_FAST_PREFIX)
    is_fast = (fast.str.len_bytes() < urls.str.len_bytes()) & fast.str.contains(r"^[a-z0-9\-_]+$")
    is_fast = is_fast.fill_null(False)
    out = fast.set(~is_fast, None)
    slow = ~is_fast & urls.str.contains("(?i)linkedin").fill_null(False)
    if slow.any():
        out = out.scatter(slow.arg_true(), _slow_slugs(urls.filter(slow)))
    return out


def linkedin_slug(url: pl.Expr) -> pl.Expr:
    """Canonical slug of one URL column (`linkedin_url`, `counterpart_url`), else null."""
    return url.map_batches(slug_series, return_dtype=pl.String)


def first_slug(urls: pl.Series) -> pl.Series:
    """List[String] of URLs -> the canonical slug of the first LinkedIn profile URL per row."""
    rows, values = explode_rows(urls)
    return implode_rows(rows, slug_series(values), urls.len(), dedupe=False).list.first()


def first_linkedin_slug(url: pl.Expr, urls: pl.Expr) -> pl.Expr:
    """Slug from the explicit `url` column, else from the first LinkedIn profile in `urls`."""
    return pl.coalesce(linkedin_slug(url), urls.map_batches(first_slug, return_dtype=pl.String))


def _url_of(slug: str) -> str:
    if slug.startswith("pub/"):
        return "https://www.linkedin.com/" + quote(slug, safe="/")
    return "https://www.linkedin.com/in/" + quote(slug, safe="")


def profile_url(slug: pl.Expr) -> pl.Expr:
    """The canonical profile URL of a slug (percent-encoded; for reports and round trips)."""
    return on_unique(
        slug, lambda d: pl.Series([_url_of(v) for v in d.to_list()], dtype=pl.String), pl.String
    )
