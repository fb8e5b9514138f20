"""LDIF address books: Thunderbird's "Export -> LDIF" (RFC 2849 text, `mozillaAbPersonAlpha`).

Thunderbird offered LDIF and CSV as its export formats until vCard arrived in version 102, and
LDIF is the one that keeps every field; old Thunderbird and Netscape/Mozilla users have such
files. An entry is a `dn:` line and its attributes, entries separated by blank lines; a line
starting with one space continues the previous one; `name:: value` is base64 (any non-ASCII
value), `name:< url` points outside the file (a photo: not read). Attribute names are
case-insensitive, and old Mozilla builds wrote `xmozilla...` where newer ones write
`mozilla...`. Mailing lists (`groupOfNames`) are no person: rejected with a reason.

A directory server's dump (OpenLDAP, 389-DS, ApacheDS: `inetOrgPerson` people) is LDIF too, and
holds entries that are the directory's own structure: its schema (`metaSchema`,
`metaAttributeType`), the domain, organisational units, groups and roles. Read as cards they
became people named "microsoft" and "Cognito_Admin" (docs/realworld18.md, X2): an entry whose
object classes name no person class is rejected with a reason. And a dump cut at its top starts
inside an entry, without that entry's `dn:` line (X3): the file is still LDIF, and the entry
is rejected with a reason, not dropped unsaid.
"""

from __future__ import annotations

import base64
import binascii
import re

import polars as pl

from pipeline import schema
from pipeline.formats.base import Parsed

SOURCE_FORMAT = "thunderbird_ldif"
EMPTY_REASON = "LDIF entry with no name, organisation, e-mail or phone"
LIST_REASON = "LDIF mailing list (groupOfNames), not a person"
STRUCTURE_REASON = ("LDIF entry of the directory's own structure (a schema, domain, unit, group "
                    "or role: no person object class), not a person")
NO_DN_REASON = "LDIF entry without its dn: line (the file starts inside an entry)"
# Object classes of people and their accounts: Thunderbird's, RFC 4519/2798's, Active
# Directory's `user` and `contact`, posix accounts; any class whose name says person
# (`tunaPerson`, `evolutionPerson`, `residentialPerson`).
_PERSON_CLASSES = frozenset({"user", "contact", "account", "posixaccount", "shadowaccount",
                             "inetuser"})
_HEAD = 50  # lines looked at to recognise the format
_ATTR = re.compile(r"^([A-Za-z][\w.-]*)(?:;[^:]*)?:(:|<)?[ ]?(.*)$")

# attribute (lower case) -> CONTACTS_RAW column, for single values (the first one wins)
_ONE = {
    "cn": "full_name", "givenname": "given_name", "sn": "family_name",
    "mozillanickname": "nickname", "xmozillanickname": "nickname",
    "o": "organization", "ou": "department", "title": "title", "description": "notes",
}
_EMAILS = ("mail", "mozillasecondemail", "xmozillasecondemail")
# `facsimiletelephonenumber` and `pager` (Thunderbird writes both) are not the person's numbers:
# an office fax is shared by colleagues' entries, as the vCard and CSV readers know
_PHONES = ("telephonenumber", "homephone", "mobile")
_URLS = ("mozillaworkurl", "workurl", "mozillahomeurl", "homeurl")
# work address first (Thunderbird's default card side), else home
_ADDRESSES = (
    {"street": ("street", "mozillaworkstreet2"), "city": ("l",), "region": ("st",),
     "postcode": ("postalcode",), "country": ("c",)},
    {"street": ("mozillahomestreet", "mozillahomestreet2"), "city": ("mozillahomelocalityname",),
     "region": ("mozillahomestate",), "postcode": ("mozillahomepostalcode",),
     "country": ("mozillahomecountryname",)},
)


def looks_like_ldif(text: str) -> bool:
    """An LDIF file opens (after comments and an optional `version: 1`) with a `dn:` line,
    and an `objectclass:` line follows in its first entries."""
    head = text[:65536].split("\n", _HEAD)[:_HEAD]  # a slice: no copy of a large file's text
    lines = [ln for ln in head if ln.strip() and not ln.startswith("#")]
    if lines and lines[0].lower().startswith("version:"):
        lines = lines[1:]
    if not lines or not any(ln.lower().startswith("objectclass:") for ln in lines):
        return False
    # a dump cut at its top opens with an entry's attribute lines; its next entry has a dn
    return lines[0].lower().startswith("dn:") or (
        _ATTR.match(lines[0]) is not None and any(ln.lower().startswith("dn:") for ln in lines))


def _entries(text: str) -> list[list[str]]:
    """Unfolded attribute lines of each entry, in file order (a `dn:` line first, but for
    an entry the file starts inside of)."""
    entries: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.startswith(" ") and current:
            current[-1] += line[1:]
        elif not line.strip():
            if current:
                entries.append(current)
            current = []
        elif not line.startswith("#"):
            current.append(line)
    if current:
        entries.append(current)
    # RFC 2849's `version: 1` line stands alone before the first entry
    return [e for e in entries if not (len(e) == 1 and e[0].lower().startswith("version:"))
            and not _search_summary(e)]


# ldapsearch's own lines between and after the entries it prints: a search reference
# (`ref: ldap://...`) and the result summary (`search: 2`, `result: 0 Success`). A directory
# dumped with `ldapsearch > users.ldif` ends with the summary (SOGo's test directory,
# docs/rw40.md): read as an entry it was rejected as one "without its dn: line (the file starts
# inside an entry)", at the file's end. Neither is an entry, nor anyone's record.
_SUMMARY = re.compile(r"^(?:search|result|matcheddn|text|ref|control):", re.IGNORECASE)


def _search_summary(entry: list[str]) -> bool:
    """Whether an entry without a dn is ldapsearch's summary or a search reference."""
    return (not entry[0].lower().startswith("dn:")
            and all(_SUMMARY.match(line) for line in entry)
            and any(line.lower().startswith(("result:", "ref:")) for line in entry))


def _value(kind: str | None, raw: str) -> str | None:
    if kind == "<":
        return None  # a URL to outside the file (jpegPhoto): nothing to read here
    if kind == ":":
        try:
            raw = base64.b64decode(raw.strip(), validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None
    value = raw.strip()
    return value or None


def _attributes(entry: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in entry[1:]:
        m = _ATTR.match(line)
        if m is None:
            continue
        value = _value(m.group(2), m.group(3))
        if value is not None:
            found.setdefault(m.group(1).lower(), []).append(value)
    return found


def _row(found: dict[str, list[str]]) -> dict:
    row: dict = {"source": "thunderbird", "source_format": SOURCE_FORMAT}
    for attr, col in _ONE.items():
        if col not in row and attr in found:
            row[col] = found[attr][0]
    row["emails"] = [v for a in _EMAILS for v in found.get(a, [])]
    row["phones"] = [v for a in _PHONES for v in found.get(a, [])]
    row["urls"] = [v for a in _URLS for v in found.get(a, [])]
    for side in _ADDRESSES:
        got = {col: ", ".join(v for a in attrs for v in found.get(a, [])) or None
               for col, attrs in side.items()}
        if any(got.values()):
            row.update(got)
            break
    y, m, d = (found.get(k, [None])[0] for k in ("birthyear", "birthmonth", "birthday"))
    if m and d and m.isdigit() and d.isdigit():
        row["birthday"] = (f"{y}-{int(m):02d}-{int(d):02d}" if y and y.isdigit()
                           else f"--{int(m):02d}-{int(d):02d}")
    return row


def parse_ldif(text: str) -> Parsed:
    contacts = schema.RowBuilder(schema.CONTACTS_RAW)
    rejects = schema.RowBuilder(schema.REJECTS)
    entries = _entries(text)
    for index, entry in enumerate(entries):
        found = _attributes(entry)
        classes = {c.lower() for c in found.get("objectclass", [])}
        row = _row(found)
        reason = None
        if not entry[0].lower().startswith("dn:"):
            reason = NO_DN_REASON
        elif "groupofnames" in classes:
            reason = LIST_REASON
        elif classes and not any("person" in c or c in _PERSON_CLASSES for c in classes):
            reason = STRUCTURE_REASON
        elif not any(row.get(k) for k in ("full_name", "given_name", "family_name",
                                          "organization", "emails", "phones")):
            reason = EMPTY_REASON
        if reason is None:
            contacts.add(source_row=index, **row)
        else:
            excerpt = "\n".join(entry)[: schema.EXCERPT_MAX]
            rejects.add(source_row=index, reason=reason, excerpt=excerpt)
    return Parsed(rows_total=len(entries), contacts=contacts.frame(),
                  rejects=rejects.frame().with_columns(pl.col("source_row").cast(pl.Int64)))
