"""Social-profile columns of a generic CSV (`social`, `LinkedIn`, `Profile`, `Twitter`): their
web addresses are the person's URLs, a LinkedIn profile among them the person's profile.

A conference's attendee list (docs/realworld17.md W3) heads one column `social` and writes in
it what each attendee gave: a LinkedIn profile URL, a home page, a Twitter handle, a sentence.
kith read none of it (the run's log named the column), so the three LinkedIn profiles there,
the key dedupe trusts most after an e-mail, were lost. What such a column holds is the
person's own addresses on the web, but not only addresses: a handle (`@jdoe`) names an
account on a site the cell does not say, and a sentence is no address. So only the web
addresses in a cell are read, each one as written (`https://…`, `www.…`, or a host with a
path, `linkedin.com/in/jdoe`), into `urls`, where the address-book reader takes the first
LinkedIn profile URL as `linkedin_url` (the dedupe key `profile`) as for a `Web Page`
column. The rest of a cell is not guessed into an address: a row whose cell holds more than
its addresses is counted in the run's log line of unread columns (csvnames.unread_columns).
"""

from __future__ import annotations

import polars as pl

# A web address inside a cell: a scheme or `www.`, or a dotted host followed by a path, or a
# host alone as the whole cell (a host inside a sentence may be a company's name or an
# e-mail's domain, so there it needs the path). Ends before a space, a separator or a closing
# bracket; a sentence's full stop is not part of it.
WEB_ADDRESS = (r"(?i)(?:https?://|www\.)[^\s,;<>()\[\]\"']+[^\s,;<>()\[\]\"'.!?]"
               r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s,;<>()\[\]\"']*[^\s,;<>()\[\]\"'.!?]"
               r"|^\s*(?:[a-z0-9-]+\.)+[a-z]{2,}\s*$")

# A value that is one web address as a whole (a vCard's URL or social profile): a scheme
# (`https:`, Apple's `x-apple:`), `www.`, or a dotted host ending in letters (or an IPv4 host),
# alone or before a path, port or query. Nextcloud's `X-SOCIALPROFILE;TYPE=twitter:johndoe` or
# `john.doe.123` is a handle on a site the value does not name, and Horde's `URL:MyURL` a
# placeholder: no address (docs/realworld39.md A16, A01), as a handle in a social column is none.
WEB_VALUE = (r"(?i)^\s*(?:[a-z][a-z0-9+.\-]*\\?:|www\."
             r"|(?:(?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?:[/:?#]|\s*$))")


def addresses(col: str) -> pl.Expr:
    """The web addresses in a social column's cells (a List[String]; empty when none)."""
    found = pl.col(col).str.extract_all(WEB_ADDRESS).list.eval(pl.element().str.strip_chars())
    return found.fill_null(pl.lit([], dtype=pl.List(pl.String)))


def rest_unread(col: str) -> pl.Expr:
    """True where a cell holds more than its web addresses (a handle, a sentence): the rows
    the log line counts for this column."""
    rest = pl.col(col).str.replace_all(WEB_ADDRESS, "").str.replace_all(r"[\s,;|/]+", "")
    return (rest.str.len_chars() > 0).fill_null(False)
