"""Phone numbers and e-mail addresses typed into a name field.

A contact saved on a phone under its number, or a CRM list whose first name is the address:
the name fields keep what was typed (and show it), and the number or address is read,
compared and shown as the row's own phone or e-mail.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize.emails import ADDRESS_AS_TEXT

# A name field holding only a phone number: a contact saved on a phone under its number
# (docs/realworld7.md C1: `9818962667` as the first name). 7+ digits, no letter.
_NUMBER_AS_NAME = r"^\+?[\d\s().\-/]*$"


def _number_as_name(column: str) -> pl.Expr:
    """The column's value, trimmed, where it is only a phone number; else null."""
    c = pl.col(column)
    return pl.when(c.str.contains(_NUMBER_AS_NAME) & (c.str.count_matches(r"\d") >= 7)
                   ).then(c.str.strip_chars())


# A name field holding only an e-mail address (emails.ADDRESS_AS_TEXT): a CRM list or a
# phone's contact saved under the address (docs/realworld14.md: HubSpot rows whose first name
# is the address). With no e-mail column filled, the address was in no e-mail list: never
# compared, never shown.
def _email_as_name(column: str) -> pl.Expr:
    """The column's value, trimmed, where it is only an e-mail address, or the address of a
    name written with its address (NAMED_ADDRESS); else null."""
    c = pl.col(column)
    return pl.coalesce(pl.when(c.str.contains(ADDRESS_AS_TEXT)).then(c.str.strip_chars()),
                       *(c.str.extract(p, 2) for p in NAMED_ADDRESS))


# A name field holding a name and its address: a mail header's `Dora Lee <dora@mail.example>`
# (a card saved from a message; `"Lee, Dora" <…>` quoted) or a nickname and the address typed
# after it, `nizammp3    nizammp3@gmail.com` (docs/realworld39b.md S4, in Family Name). Shown
# whole, the person was "Dora <dora@mail.example>" with no e-mail. The name is the part before
# the address (an empty part leaves no name); the address is the row's e-mail
# (_email_as_name), so nothing of the field is lost. The name part holds no "@": two
# addresses are no name.
_ADDRESS = ADDRESS_AS_TEXT.removeprefix(r"^\s*").removesuffix(r"\s*$")
NAMED_ADDRESS = (r'^\s*"?([^"<>@]*?)"?\s*<\s*(' + _ADDRESS + r")\s*>\s*$",
                 r"^\s*([^<>@]*?\S)\s+(" + _ADDRESS + r")\s*$")
_NAMED_FIELDS = ("full_name", "given_name", "family_name")


def names_without_addresses(raw: pl.DataFrame) -> pl.DataFrame:
    """`raw` with each name field that is a name written with its address (NAMED_ADDRESS)
    cut to the name. The address is the row's e-mail already (emails_named)."""
    present = [c for c in _NAMED_FIELDS if c in raw.columns]
    at = pl.any_horizontal(pl.col(c).str.contains("@", literal=True) for c in present)
    some = raw.select(at.fill_null(False)).to_series()
    if not some.any():  # most books: no "@" in a name field
        return raw
    rows = some.arg_true()
    cut = raw[rows].select(
        pl.coalesce(*(pl.col(c).str.extract(p, 1) for p in NAMED_ADDRESS), pl.col(c))
        .str.strip_chars().replace("", None).alias(c) for c in present)
    return raw.with_columns(raw[c].scatter(rows, cut[c]) for c in present)


def numbers_typed(raw: pl.DataFrame) -> pl.DataFrame:
    """`number` and `full_number`: the given and the full name, trimmed, where each is only a
    phone number (_NUMBER_AS_NAME); `typed_email`: the first of the given, full and family
    name that is only an e-mail address (ADDRESS_AS_TEXT); else null."""
    typed = raw.select(number=_number_as_name("given_name"),
                       full_number=_number_as_name("full_name"))
    at = pl.any_horizontal(pl.col(c).str.contains("@", literal=True)
                           for c in ("given_name", "full_name", "family_name"))
    some = raw.select(at.fill_null(False)).to_series()
    email = pl.repeat(None, raw.height, dtype=pl.String, eager=True).alias("typed_email")
    if some.any():  # the pattern over every row would cost ~0.1 s at a million records
        rows = some.arg_true()
        found = raw[rows].select(pl.coalesce(
            _email_as_name("given_name"), _email_as_name("full_name"),
            _email_as_name("family_name"))).to_series()
        email = email.scatter(rows, found)
    return typed.with_columns(email)


def emails_named(raw: pl.DataFrame, typed: pl.DataFrame) -> pl.Series:
    """The e-mails column with each row's e-mail typed as its name (`typed`, numbers_typed)
    added when the row does not list it: it is the row's e-mail, read, compared and shown as
    one. The name fields keep what was typed."""
    frame = pl.concat([raw.select("emails"), typed.select("typed_email")], how="horizontal")
    if frame["typed_email"].null_count() == frame.height:
        return raw["emails"]
    listed = pl.col("emails").fill_null([])
    add = (pl.col("typed_email").is_not_null()
           & ~listed.list.eval(pl.element().str.to_lowercase())
           .list.contains(pl.col("typed_email").str.to_lowercase()))
    return frame.select(pl.when(add).then(listed.list.concat(pl.col("typed_email")))
                        .otherwise(pl.col("emails")).alias("emails"))["emails"]


def numbers_named(raw: pl.DataFrame, typed: pl.DataFrame) -> pl.Series:
    """The phones column with, for each row whose given or full name is only a phone number
    (`typed`, from numbers_typed), that number added when the row does not list it: it is
    read and compared as the row's phone (names.given_parts gives it no name key). The name
    fields keep what was typed."""
    frame = pl.concat([raw.select(pl.col("phones").fill_null([])),
                       typed.select(named=pl.coalesce("number", "full_number"))], how="horizontal")
    if frame["named"].null_count() == frame.height:
        return raw["phones"]
    add = pl.col("named").is_not_null() & ~pl.col("phones").list.contains(pl.col("named"))
    return frame.select(pl.when(add).then(pl.col("phones").list.concat(pl.col("named")))
                        .otherwise(pl.col("phones")).alias("phones"))["phones"]
