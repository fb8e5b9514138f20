"""Telegram Desktop's "Export Telegram data" in JSON (`result.json`): its saved contacts.

The document is what Telegram Desktop's JsonWriter (export_output_json.cpp) writes: one object
whose first key is `about` (a sentence in the app's language), then one key per section the
user ticked. A section is an object `{"about": …, "list": […]}` (`contacts`,
`frequent_contacts`, `chats`, `left_chats`, `sessions`, `web_sessions`), or the owner's
`personal_information`, `profile_pictures`, `stories`, `other_data`.

Only `contacts.list` is the user's address book (the contacts saved in Telegram, most of them
synced from the phone's book). The writer gives each entry `first_name`, `last_name` and
`phone_number` (always all three, empty strings included) and `user_id` when the contact is
on Telegram, then `date` and `date_unixtime` (when the contact was added); a contact whose
name and number are gone (a deleted one) keeps only its two dates: a reject, never a person.
`personal_information` is the owner (like LinkedIn's Profile.csv): owner rows, never a
contact. `frequent_contacts` mixes people with inline bots and groups ranked by use: never
read. Chats are conversations, not contacts: the one-to-one chats' messages are interactions
(telegram_chats.py), as LinkedIn's messages are.

The file's rows, in this order: the entries of `contacts.list`, the owner (one row, when
`personal_information` is there), then the personal chats' messages.

Recognised on that structure only (`read`): a JSON file of any other shape, however many
names it lists, is not a Telegram export and stays skipped as JSON data.

Phone numbers: the writer passes every number through `formatPhone`, which puts a `+` before
any number that does not start with `0`, so a number the phone's book held without its country
code (`8 916 …` in Russia, `415 555 …` in the US) is written `+8916…`, `+4155…`. Such a `+`
is the writer's, not the user's: a number that is no valid international number as written is
given to kith without it, and read by kith's region rules like any number written without a
country code; a valid one is kept as written.
"""

from __future__ import annotations

import json
import re

from pipeline import schema
from pipeline.formats import telegram_chats
from pipeline.formats.base import Parsed, excerpt
from pipeline.normalize.phone_parse import parse_keys

FORMAT = "telegram_json"
SOURCE = "telegram"
SOURCE_FORMAT = "telegram_contacts"
DELETED_REASON = ("Telegram contact with only the date it was added (a deleted contact: no "
                  "name or phone number)")
NOTHING = ("A Telegram data export with no contact, owner or one-to-one chat to read (its "
           "other sections, such as group chats and sessions, are not contacts).")
CHAT_EXPORT = "A Telegram chat export (one chat's messages), not contacts."
NOTE = ("Telegram data export: its contacts list and one-to-one chats read (frequent contacts, "
        "group chats and channels are not).")

_CONTACT_KEYS = frozenset({"first_name", "last_name", "phone_number"})
_DATE_KEYS = frozenset({"date", "date_unixtime"})
# Sections the writer words as {"about": …, "list": […]}
_LIST_SECTIONS = ("contacts", "frequent_contacts", "chats", "left_chats", "sessions",
                  "web_sessions")
_OWNER_KEYS = frozenset({"user_id", "first_name", "last_name", "phone_number", "username",
                         "bio"})
# The writer escapes control characters other than \n \r \t as `\xNN` (SerializeString),
# which is no JSON escape; an odd number of backslashes before the x makes it one.
_X_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\x([0-9A-Fa-f]{2})")
# The writer's first lines: `about` (a sentence), then one of its sections. Evidence enough
# that a file whose JSON does not parse is a damaged export (a download that stopped), not
# some other JSON: that one is rejected, not skipped as JSON data.
_SECTIONS = (*_LIST_SECTIONS, "personal_information", "profile_pictures", "stories",
             "other_data")
_EXPORT_HEAD = re.compile(r'\A\ufeff?\s*\{\s*"about"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*"(?:'
                          + "|".join(_SECTIONS) + r')"\s*:')


class Damaged(str):
    """A reason that means: a Telegram export kith cannot read, rejected (not skipped)."""


def _load(text: str) -> object | None:
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json.loads(_X_ESCAPE.sub(r"\1\\u00\2", text))
    except ValueError:
        return None


def _section(value: object) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("about"), str)
            and isinstance(value.get("list"), list))


def _entry_shape(entry: object) -> bool:
    """An entry as the writer words it: the three contact fields, which it always writes
    (other keys beside them are let be: a later writer may add one), or the dates alone (a
    deleted contact)."""
    if not isinstance(entry, dict):
        return False
    return _CONTACT_KEYS <= entry.keys() or (bool(entry) and entry.keys() <= _DATE_KEYS)


def _is_export(doc: object) -> bool:
    """The writer's top level: `about` first, and at least one section in its shape."""
    if not isinstance(doc, dict) or not doc or next(iter(doc)) != "about":
        return False
    if not isinstance(doc["about"], str):
        return False
    owner = doc.get("personal_information")
    return (any(_section(doc.get(k)) for k in _LIST_SECTIONS)
            or (isinstance(owner, dict) and "user_id" in owner
                and owner.keys() <= _OWNER_KEYS))


def _is_chat_export(doc: object) -> bool:
    """One chat exported alone: {"name", "type", "id", "messages": […]} (onlySinglePeer)."""
    return (isinstance(doc, dict) and isinstance(doc.get("messages"), list)
            and isinstance(doc.get("type"), str) and "id" in doc
            and doc.keys() <= {"name", "type", "id", "messages"})


def read(text: str) -> tuple[str, str | None, Parsed | None] | None:
    """(format, reason, parsed) for a Telegram export, or None for any other JSON. A
    Telegram export with nothing kith reads gives a reason and no parsed rows."""
    doc = _load(text)
    if doc is None and _EXPORT_HEAD.match(text[:4096]):
        return FORMAT, _damaged(text), None
    if _is_chat_export(doc):
        return FORMAT, CHAT_EXPORT, None
    if not _is_export(doc):
        return None
    contacts = doc.get("contacts", {"about": "", "list": []})  # contacts not ticked
    if not _section(contacts) or not all(_entry_shape(e) for e in contacts["list"]):
        return None  # a `contacts` the writer does not write: not its document
    parsed = _parse(contacts["list"], doc.get("personal_information"),
                    telegram_chats.personal_messages(doc))
    if parsed.rows_total == 0:
        return FORMAT, NOTHING, None
    return FORMAT, None, parsed


def _damaged(text: str) -> Damaged:
    try:
        json.loads(text)
        where = ""
    except ValueError as exc:  # JSONDecodeError, which says where
        where = f" at line {getattr(exc, 'lineno', '?')}"
    return Damaged(f"A Telegram data export (result.json) that is cut short or damaged: its "
                   f"JSON does not parse{where}. Export it again from Telegram Desktop "
                   "(Settings > Advanced > Export Telegram data).")


def _text(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _phones(values: list[str]) -> dict[str, str]:
    """Each number as kith should read it: without the `+` the writer added to a number
    that is no valid international number (see the module's docstring)."""
    plus = sorted({v for v in values if v.startswith("+")})
    digits = ["+" + re.sub(r"\D", "", v) for v in plus]
    valid = parse_keys(digits, "US") if digits else []
    return {v: (v if e164 is not None else v[1:].lstrip())
            for v, e164 in zip(plus, valid, strict=True)}


def _parse(entries: list[dict], owner: object, messages: list[tuple[dict, dict]]) -> Parsed:
    contacts = schema.RowBuilder(schema.CONTACTS_RAW)
    rejects = schema.RowBuilder(schema.REJECTS)
    numbers = [p for e in entries if (p := _text(e, "phone_number"))]
    read_as = _phones(numbers)
    for index, entry in enumerate(entries):
        given, family = _text(entry, "first_name"), _text(entry, "last_name")
        phone = _text(entry, "phone_number")
        if given is None and family is None and phone is None:
            rejects.add(source_row=index, reason=DELETED_REASON,
                        excerpt=excerpt(json.dumps(entry, ensure_ascii=False)))
            continue
        contacts.add(
            source=SOURCE, source_format=SOURCE_FORMAT, source_row=index,
            given_name=given, family_name=family,
            phones=[read_as.get(phone, phone)] if phone else [],
            connected_on=_text(entry, "date"),
        )
    total = len(entries)
    owner_rows = schema.RowBuilder(schema.OWNER_RAW)
    if isinstance(owner, dict) and owner:
        # the owner is one more row, after the list's (rows are numbered in the list's order)
        owner_rows.add(source_row=total, kind="profile", first_name=_text(owner, "first_name"),
                       last_name=_text(owner, "last_name"))
        if (phone := _text(owner, "phone_number")) is not None:
            owner_rows.add(source_row=total, kind="phone", value=phone)
        total += 1
    talks = telegram_chats.interactions(messages, total, rejects)
    return Parsed(rows_total=total + len(messages), contacts=contacts.frame(),
                  interactions=talks, owner=owner_rows.frame(), rejects=rejects.frame(),
                  note=NOTE)
