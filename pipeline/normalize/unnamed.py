"""The name kith shows for a person whose only "name" is a phone number or an e-mail address.

An iPhone card saved from a call has no name: its FN is the number ("+33 6 12 34 56 96"), and a
card saved from a mail has the address. kith used it as the person's name, so `kith
introductions` printed "... -> +33 6 12 ..." on stdout and every worksheet listed the number,
while kith never prints phone numbers or e-mail addresses in its logs and lists (user34). Such a
person is shown as "(no name; phone ending 96)" or "(no name; e-mail at example.com)": enough to
tell two of them apart and find the card, no number or address. The records keep what was
typed (`kith explain` shows them, as it shows phones), so a search by the number still finds
the person; ids and notes are keyed on person ids and normalised keys, not on this name.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline.textfmt import fmt

# Only digits and a phone's punctuation, at least six digits: "+1 (415) 555-0196",
# "06 12 34 56 96", "0049/30-1234567". No letter: "3M" or "Studio 54" are names.
_PHONE_ONLY = r"^\+?[\d\s().\-/]+$"
_MIN_DIGITS = 6
_EMAIL_ONLY = r"^[^\s@]+@([^\s@]+\.[^\s@]+)$"
_PREFIX = "(no name; "
# an extension after a number, as cards write it ("+1 214-371-1079 ext. 3375", "x12"), is not
# in the number kith keeps (E.164 has none; records keep it in phone_extensions): a lookup by
# the number copied from the card found nobody (user36). Cut after seven or more digits only:
# "2x4" stays as typed.
_EXTENSION = re.compile(r"(\+?\d[\d()\-./ ]*\d)\s*,?\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\b",
                        re.IGNORECASE)


def without_extension(text: str) -> str:
    """`text` with the extension after a phone number taken out (the number kept as typed)."""
    def cut(m: re.Match) -> str:
        number = m.group(1)
        return number if len(re.sub(r"\D", "", number)) >= 7 else m.group(0)
    return _EXTENSION.sub(cut, text)


def shown_name(name: pl.Expr) -> pl.Expr:
    """`name`, or the placeholder when it is only a phone number or only an e-mail address."""
    text = name.str.strip_chars()
    digits = text.str.replace_all(r"\D", "")
    phone = (text.str.contains(_PHONE_ONLY) & (digits.str.len_chars() >= _MIN_DIGITS)).fill_null(
        False)
    domain = text.str.extract(_EMAIL_ONLY, 1).str.to_lowercase()
    return (pl.when(phone).then(fmt(_PREFIX + "phone ending {})", digits.str.slice(-2)))
            .when(domain.is_not_null()).then(fmt(_PREFIX + "e-mail at {})", domain))
            .otherwise(name))


def is_placeholder(name: str | None) -> bool:
    """A name shown_name made (the export writes the person's own value back instead)."""
    return bool(name) and name.startswith(_PREFIX)


def typed_contact(text: str) -> tuple[str, str] | None:
    """("phone", its digits) or ("email", the address in lower case) when `text` is only a
    phone number or an e-mail address, as shown_name reads it; else None. `kith note
    "+1 (415) 555-0196"` found the person named so before the name became "(no name; ...)":
    lookup now finds them by the number itself (pipeline.lookup)."""
    text = without_extension(text.strip())
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(_PHONE_ONLY, text) and len(digits) >= _MIN_DIGITS:
        return "phone", digits
    if re.fullmatch(_EMAIL_ONLY, text):
        return "email", text.lower()
    return None
