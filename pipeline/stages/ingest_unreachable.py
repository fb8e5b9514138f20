"""Contact rows whose only value is an e-mail address that is not one: rejects, not people.

A subscriber list's `albert.a.dum` or `Bob.Something@adv` (Curated's export, docs/realworld37.md
G02), with no name and nothing else, became a person shown by the junk: nobody can find, name
or reach them, and the worksheets listed them as contacts. A row with a valid address alone
stays a contact (an address identifies someone); a row with anything else besides the junk (a
name, an organisation, a phone, an address, a note) stays too. Every reader's rows pass here
(`ingest._result`), so one rule covers CSV, vCard, LDIF and headerless lists alike.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats.base import Parsed
from pipeline.normalize import emails

REASON = ("Contact row whose only value is an e-mail address that is not a valid address (no "
          "name, organisation, phone or other field): nobody to find or reach.")

# Fields that describe or reach someone besides the e-mail addresses. Labels are not among them:
# a list's tags (Mailchimp's TAGS) say where the row came from, not who it is.
_TEXT = ("name_prefix", "given_name", "middle_name", "family_name", "name_suffix", "nickname",
         "organization", "department", "title", "linkedin_url", "birthday", "connected_on",
         "city", "region", "country", "notes", "street", "postcode")
_LISTS = ("phones", "urls")


def _blank(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.strip_chars() == ""


def _candidates(contacts: pl.DataFrame) -> pl.Expr:
    """Rows with e-mail values and nothing else; the full name may be one of those values (a
    vCard with neither FN nor N is shown by its first address, vcard_props._display_fallback)."""
    nothing = [_blank(c) for c in _TEXT] + [pl.col(c).list.len().fill_null(0) == 0 for c in _LISTS]
    full = pl.col("full_name").fill_null("").str.strip_chars()
    named_by_mail = pl.col("emails").list.eval(pl.element().str.strip_chars()).list.contains(full)
    return (pl.all_horizontal(nothing) & (pl.col("emails").list.len().fill_null(0) > 0)
            & ((full == "") | named_by_mail.fill_null(False)))


def reject_unreachable(parsed: Parsed) -> None:
    """Moves the rows of `parsed.contacts` whose only values are invalid e-mail addresses to
    `parsed.rejects` (file, row, REASON, the values as excerpt). In place; most files have none."""
    contacts = parsed.contacts
    if not contacts.height or "emails" not in contacts.columns:
        return
    at = contacts.select(_candidates(contacts)).to_series().fill_null(False)
    if not at.any():
        return
    rows = at.arg_true()
    found = emails.addresses(contacts["emails"].gather(rows))
    junk = pl.Series(at.len() * [False])
    junk.scatter(rows.filter(found.list.len() == 0), True)
    if not junk.any():
        return
    bad = contacts.filter(junk)
    rejects = bad.select(
        "source_file", "source_row", reason=pl.lit(REASON),
        excerpt=pl.col("emails").list.join(", ").str.slice(0, schema.EXCERPT_MAX))
    parsed.contacts = contacts.filter(~junk)
    parsed.rejects = pl.concat([schema.conform(parsed.rejects, schema.REJECTS),
                                schema.conform(rejects, schema.REJECTS)])
