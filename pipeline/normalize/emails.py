"""E-mail addresses: split, unwrap, light syntax check, and match keys.

Vectorised polars string work on the distinct values; no DNS and no email-validator. The check
only separates addresses from junk (Exchange X.500 DNs such as `/o=ExchangeLabs/ou=.../cn=jdoe`,
names typed into the e-mail field, `n/a`).

A value may hold several addresses (`a@x.com; b@y.com`, Google's ` ::: ` packing) or a display
name (`"Doe, Jane" <jane@x.com>`, `Jane <jane@x.com>`). When angle brackets hold an address, the
words around it without an `@` are the display name: neither an address nor junk.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize import distinct_apply, explode_rows, implode_rows

_GMAIL = ["gmail.com", "googlemail.com"]
# Control characters (U+0000-U+001F, U+007F) are no part of an address (RFC 5322): one read
# from a damaged export makes the token junk, kept in emails_invalid, not a key. Nor is the
# replacement character U+FFFD: it stands for bytes a decoder could not read (Ghost's test
# member `invalid2@email.com` + U+FFFD, docs/realworld37.md); a key with it matched nobody's,
# and two addresses that lost different letters in one place (m\ufffdller: müller, möller)
# would have had one key.
_BAD = r"@\s<>(),;:\"\[\]\\\x00-\x1f\x7f\x{FFFD}"
_SYNTAX = rf"^[^{_BAD}]+@[^{_BAD}.][^{_BAD}]*\.[^{_BAD}.]{{2,}}$"
# The simple check above still lets through dots in the wrong places.
_DOTS = r"\.\.|^\.|\.@|@.*-\.|@-"
# One plain, lower-case ASCII address with well-placed dots: valid and its own unwrapped form
# (so not starting with an apostrophe, which unwrap takes off: Excel's text marker, `'ann@…`,
# kept in a cell by exporters that guard against formulas).
_LABEL = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
_PLAIN = rf"^[a-z0-9_%+\-][a-z0-9_%+\-']*(?:\.[a-z0-9_%+\-']+)*@(?:{_LABEL}\.)+[a-z]{{2,}}$"
_V = pl.col("v")
# A whole e-mail address typed where a name goes (Google's `N:;addr@host;;;` for a contact
# saved under its address, a CRM row whose first name is the address): the domain is labels of
# letters, digits and hyphens ending in a top-level domain of two letters or more, so a
# nickname written with "@" for "a" ("S@rah..", "K@te.") is a name (docs/realworld16.md).
ADDRESS_AS_TEXT = r"^\s*[^\s@<>,;:()\[\]]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}\s*$"


def tokens(values: pl.Series) -> pl.Series:
    """Raw values -> List of the candidate addresses each contains (call on distinct values).
    NFKC: an address typed with a Japanese or Chinese input method in full-width mode
    (`ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ`) is the ASCII address it shows."""
    frame = values.to_frame("v").select(v=_V.str.normalize("NFKC").str.strip_chars())
    frame = frame.with_columns(
        unquoted=_V.str.replace_all(r'"[^"]*"', " ").str.replace_all(":::", " ")
    ).with_columns(
        # <...> groups and bare words between separators.
        parts=pl.col("unquoted").str.extract_all(r"<[^<>]*>|[^,;\s<>]+"),
        angle=pl.col("unquoted").str.contains(r"<[^<>]*@[^<>]*>"),
    )
    return frame.select(
        pl.when(~_V.str.contains("@")).then(_V.str.extract_all(r"(?s)^.+$"))  # [v] or []
        .when(pl.col("angle")).then(pl.col("parts").list.filter(pl.element().str.contains("@")))
        .otherwise(pl.col("parts"))
    ).to_series()


def without_scheme(value: pl.Expr) -> pl.Expr:
    """A value as shown, without a `mailto:` in front (a link's target pasted into a
    spreadsheet cell, docs/realworld24.md N1): a record named by its address showed the scheme."""
    return value.str.strip_chars().str.replace(r"(?i)^<?\s*mailto:\s*", "")


def unwrap(token: pl.Expr) -> pl.Expr:
    """`mailto:` scheme, brackets, quotes, trailing punctuation and format characters removed;
    lower case. A zero-width space, soft hyphen or bidi mark copied from a web page or a word
    processor into an address is invisible on screen and no part of it (no mail system takes
    it): kept, the address matched nobody's and a mail sent to it bounced."""
    return (
        token.str.replace_all(r"\p{Cf}", "")
        .str.replace(r"(?i)^\s*<?\s*mailto:", "")
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
    those spellings to one mailbox); other domains are kept as they are. Pass a column."""
    gmail = addr.str.ends_with("@gmail.com") | addr.str.ends_with("@googlemail.com")
    local = addr.str.replace(r"@[^@]*$", "").str.replace(r"\+.*$", "")
    local = local.str.replace_all(".", "", literal=True)
    return pl.when(gmail & (local.str.len_chars() > 0)).then(local + "@gmail.com").otherwise(addr)


def _keys(addr: pl.Series) -> pl.Series:
    """:func:`email_key` for valid addresses, computed only where the domain is Google's."""
    gmail = (addr.str.ends_with("@gmail.com") | addr.str.ends_with("@googlemail.com")).fill_null(
        False)
    if not gmail.any():
        return addr
    fixed = addr.filter(gmail).to_frame("a").select(email_key(pl.col("a"))).to_series()
    return addr.clone().scatter(gmail.arg_true(), fixed)  # scatter works in place


def _per_value(values: pl.Series) -> pl.DataFrame:
    """Distinct raw values -> frame(keys, invalid) of Lists, one row per value."""
    rows, toks = explode_rows(tokens(values))
    frame = toks.to_frame("t").with_columns(a=unwrap(pl.col("t")), t=pl.col("t").str.strip_chars())
    frame = frame.with_columns(ok=is_valid(pl.col("a"))).select(
        key=pl.when("ok").then(pl.col("a")),
        bad=pl.when(~pl.col("ok") & (pl.col("t").str.len_chars() > 0)).then(pl.col("t")),
    )
    n = values.len()
    return pl.DataFrame({
        "keys": implode_rows(rows, _keys(frame["key"]), n, dedupe=False),
        "invalid": implode_rows(rows, frame["bad"], n, dedupe=False),
        "addresses": implode_rows(rows, frame["key"], n, dedupe=False),
    })


# What _per_value read of the values normalize_emails gave it, in this process: the people
# stage asks for the addresses of the same values again (people.build, each owner of a batch
# after its group's normalize, where tokenising its ~30 unusual values cost ~3 ms an owner).
# A value's answer is fixed, so a remembered one is the one computing gives. Values of one
# call beyond _REMEMBER_MAX (a big run, once) are not remembered; full, the memory restarts.
_ADDRESSES: dict[str, list[str]] = {}
_REMEMBER_MAX = 50_000


def _per_value_remembered(values: pl.Series) -> pl.DataFrame:
    """_per_value, its addresses remembered for addresses()."""
    out = _per_value(values)
    if values.len() <= _REMEMBER_MAX:
        if len(_ADDRESSES) + values.len() > _REMEMBER_MAX:
            _ADDRESSES.clear()
        _ADDRESSES.update(zip(values.to_list(), out["addresses"].to_list(), strict=True))
    return out


def _addresses_of(values: pl.Series) -> pl.Series:
    """Distinct non-null raw values -> the List of addresses _per_value reads in each."""
    found = {v: _ADDRESSES.get(v) for v in values.to_list()}
    missing = [v for v, a in found.items() if a is None]
    if missing:
        fresh = _per_value_remembered(pl.Series(missing, dtype=pl.String))["addresses"]
        found.update(zip(missing, fresh.to_list(), strict=True))
    return pl.Series(list(found.values()), dtype=pl.List(pl.String))


def addresses(emails: pl.Series) -> pl.Series:
    """List[String] of raw values -> List of the valid addresses they hold, unwrapped and in
    lower case, de-duplicated in order: `Jane Doe <Jane@X.org>` -> jane@x.org, `mailto:a@x.org`
    -> a@x.org, `a@x.org; b@y.org` -> both. What a person's card lists and a mailto link takes
    (the match keys drop Gmail's dots; the raw values keep what the export wrote)."""
    rows, values = explode_rows(emails)
    plain = values.str.contains(_PLAIN).fill_null(False)  # its own address, as in normalize_emails
    element = pl.int_range(values.len(), dtype=pl.Int64, eager=True)
    found = pl.DataFrame({"e": element.filter(plain), "v": values.filter(plain)})
    other = ~plain & values.is_not_null()
    if other.any():
        slow = distinct_apply(values.filter(other), _addresses_of)
        at, vals = explode_rows(slow)
        found = pl.concat([found, pl.DataFrame({"e": element.filter(other).gather(at), "v": vals})]
                          ).sort("e", maintain_order=True)
    return implode_rows(rows.gather(found["e"]), found["v"], emails.len())


def normalize_emails(emails: pl.Series) -> pl.DataFrame:
    """List[String] of raw values -> frame(email_keys, emails_invalid), one row per input row.

    email_keys: the valid addresses' keys, de-duplicated in order. emails_invalid: the trimmed
    tokens that are not addresses. Empty lists (never null) when there is nothing.
    """
    rows, values = explode_rows(emails)
    n = emails.len()
    # Most values are one plain lower-case address: those skip tokenising, unwrapping and the
    # syntax check (the pattern implies all three); the rest go the long way, per distinct value.
    plain = values.str.contains(_PLAIN).fill_null(False)
    element = pl.int_range(values.len(), dtype=pl.Int64, eager=True)
    keys = pl.DataFrame({"e": element.filter(plain), "v": _keys(values.filter(plain))})
    invalid = pl.DataFrame({"e": [], "v": []}, schema={"e": pl.Int64, "v": pl.String})
    other = ~plain & values.is_not_null()
    if other.any():
        slow = distinct_apply(values.filter(other), _per_value_remembered)
        slow_element = element.filter(other)

        def flat(lists: pl.Series) -> pl.DataFrame:
            at, vals = explode_rows(lists)
            return pl.DataFrame({"e": slow_element.gather(at), "v": vals})

        # Back into element order (a stable sort keeps a value's own tokens in order).
        keys = pl.concat([keys, flat(slow["keys"])]).sort("e", maintain_order=True)
        invalid = flat(slow["invalid"])
    return pl.DataFrame({
        "email_keys": implode_rows(rows.gather(keys["e"]), keys["v"], n),
        "emails_invalid": implode_rows(rows.gather(invalid["e"]), invalid["v"], n),
    })


def emails_struct(emails: pl.Expr) -> pl.Expr:
    """Expression form of :func:`normalize_emails`: Struct(email_keys, emails_invalid)."""
    dtype = pl.Struct({"email_keys": pl.List(pl.String), "emails_invalid": pl.List(pl.String)})
    return emails.map_batches(lambda s: normalize_emails(s).to_struct(s.name), return_dtype=dtype)
