"""E-mail addresses: split, unwrap, light syntax check, and match keys.

Everything is vectorised inside `list.eval` (no Python per value). There is no DNS and no
email-validator: the check only separates addresses from junk (Exchange X.500 DNs such as
`/o=ExchangeLabs/ou=.../cn=jdoe`, names typed into the e-mail field, `n/a`).

A value may hold several addresses (`a@x.com; b@y.com`, Google's ` ::: ` packing) or a display
name (`"Doe, Jane" <jane@x.com>`, `Jane <jane@x.com>`). When angle brackets hold an address only
those addresses count, so the name around them is neither an address nor junk.
"""

from __future__ import annotations

import polars as pl

_GMAIL = ["gmail.com", "googlemail.com"]
_BAD = r"@\s<>(),;:\"\[\]\\"
_SYNTAX = rf"^[^{_BAD}]+@[^{_BAD}.][^{_BAD}]*\.[^{_BAD}.]{{2,}}$"
# The simple check above still lets through dots in the wrong places.
_DOTS = r"\.\.|^\.|\.@|@.*-\.|@-"


def _tokens(value: pl.Expr) -> pl.Expr:
    """One raw value -> the list of candidate addresses it contains."""
    value = value.str.normalize("NFC").str.strip_chars()
    unquoted = value.str.replace_all(r'"[^"]*"', " ").str.replace_all(":::", " ")
    # <...> groups and bare words; with an <address> present the bare words without an @
    # are the display name around it.
    parts = unquoted.str.extract_all(r"<[^<>]*>|[^,;\s<>]+")
    with_at = parts.list.filter(pl.element().str.contains("@"))
    whole = value.str.extract_all(r"(?s)^.+$")  # [value], or [] when empty
    return (
        pl.when(~value.str.contains("@")).then(whole)
        .when(unquoted.str.contains(r"<[^<>]*@[^<>]*>")).then(with_at)
        .otherwise(parts)
    )


def _unwrap(token: pl.Expr) -> pl.Expr:
    """`mailto:` scheme, brackets, quotes and trailing punctuation removed; lower case."""
    return (
        token.str.replace(r"(?i)^\s*<?\s*mailto:", "")
        .str.strip_chars(" \t<>()[]'\"")
        .str.strip_chars_end(".,;:")
        .str.to_lowercase()
    )


def is_valid(addr: pl.Expr) -> pl.Expr:
    """Light syntax check on an unwrapped address: one @, a dot in the domain, no spaces."""
    return addr.str.contains(_SYNTAX) & ~addr.str.contains(_DOTS)


def email_key(addr: pl.Expr) -> pl.Expr:
    """Match key of a valid, lower-case address: for gmail.com/googlemail.com the dots and the
    `+tag` of the local part are dropped and the domain becomes gmail.com (Google delivers all
    those spellings to one mailbox); other domains are kept as they are."""
    local = addr.str.extract(r"^(.*)@")
    domain = addr.str.extract(r"@([^@]*)$")
    gmail_local = local.str.replace(r"\+.*$", "").str.replace_all(".", "", literal=True)
    folded = pl.when(gmail_local.str.len_chars() > 0).then(gmail_local + "@gmail.com")
    return pl.when(domain.is_in(_GMAIL)).then(folded.otherwise(addr)).otherwise(addr)


def _candidates(emails: pl.Expr) -> pl.Expr:
    return emails.list.eval(_tokens(pl.element()).explode(empty_as_null=False, keep_nulls=False))


def email_keys(emails: pl.Expr) -> pl.Expr:
    """List[String] of raw values -> de-duplicated match keys of the valid addresses, in order."""
    addr = _unwrap(pl.element())
    return _candidates(emails).list.eval(
        email_key(addr).filter(is_valid(addr)).unique(maintain_order=True)
    )


def emails_invalid(emails: pl.Expr) -> pl.Expr:
    """List[String] of raw values -> the (trimmed) tokens that are not e-mail addresses."""
    token = pl.element().str.strip_chars()
    return _candidates(emails).list.eval(
        token.filter(~is_valid(_unwrap(pl.element())) & (token.str.len_chars() > 0))
        .unique(maintain_order=True)
    )
