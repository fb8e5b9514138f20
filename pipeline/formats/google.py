"""Google Contacts "Google CSV" exports: current (First Name ... Labels) and legacy (Gmail).

Both layouts end in repeating groups ("E-mail 2 - Value", "Address 1 - City", ...) whose
count depends on the exported contacts, and subset exports drop columns freely, so groups are
found by a regex on the header names, never by position (docs/formats.md §2.1-2.2). A `Value` cell
can pack several values joined by " ::: "; labels and groups use the same separator, and "* "
marks Google's system groups and the primary value.

Google's "Outlook CSV" export is an Outlook layout and is read by the address-book reader.
"""

from __future__ import annotations

import re

import polars as pl

from pipeline import schema
from pipeline.formats.base import CsvKind, Parsed
from pipeline.formats.csvexpr import (
    LS,
    NULL,
    Columns,
    cells_of,
    concat_lists,
    nothing_to_identify,
    reason_when,
    rejects_for,
    split_list,
    split_off,
)
from pipeline.normalize.emails import ADDRESS_AS_TEXT
from pipeline.textio import CsvTable

PRIORITY = 40
SEP = " ::: "
EMPTY_REASON = "Google contact with no name, organisation, e-mail or phone"

GROUP = re.compile(
    r"^(E-mail|Phone|Address|Relation|Website|Event|Custom Field|IM|Organization) (\d+) - (.+)$",
    re.IGNORECASE,
)
_LINKEDIN = r"(?i)linkedin\.com/(in|pub)/"
_NOT_PHONE = r"(?i)fax|pager"


def groups(header: list[str]) -> dict[str, list[dict[str, str]]]:
    """{"e-mail": [{"value": col, "label": col}, ...] ordered by N, ...}, keys lower-cased."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for col in header:
        m = GROUP.match(col.strip())
        if m:
            kind, n, field = m.group(1).lower(), int(m.group(2)), m.group(3).strip().lower()
            found.setdefault(kind, {}).setdefault(n, {}).setdefault(field, col)
    return {kind: [by_n[n] for n in sorted(by_n)] for kind, by_n in found.items()}


def _has_group_value(cells: frozenset[str]) -> bool:
    return any(GROUP.match(c) and c.endswith(("- value", "- formatted", "- name")) for c in cells)


def is_current(cells: frozenset[str], _base: str) -> bool:
    cells = cells_of(cells)
    if not {"first name", "last name"} <= cells:
        return False
    # "Labels", "File As" and the phonetic names exist only in Google's own layout; subset
    # exports (rolomind) keep at least one "X N - Value" group, which Outlook never writes.
    markers = {"labels", "file as", "phonetic first name"}
    return bool(cells & markers) or _has_group_value(cells)


def is_legacy(cells: frozenset[str], _base: str) -> bool:
    cells = cells_of(cells)
    if not {"name", "given name", "family name"} <= cells:
        return False
    return "group membership" in cells or _has_group_value(cells)


def _values(cols: list[dict[str, str]], skip_label: str | None = None) -> pl.Expr:
    """Every group's value cell, split on " ::: ", in group order; [] when none.

    `skip_label` drops a group's values on rows whose label/type matches it.
    """
    out = []
    for g in cols:
        if "value" not in g:
            continue
        values = split_list(pl.col(g["value"]), SEP)
        label = g.get("label") or g.get("type")
        if skip_label and label:
            skip = pl.col(label).str.contains(skip_label).fill_null(False)
            values = pl.when(skip).then(pl.lit([], dtype=LS)).otherwise(values)
        out.append(values)
    return concat_lists(out)


def _first_part(col: str) -> pl.Expr:
    """The first of several " ::: "-packed values: one address's city, not two."""
    return split_list(pl.col(col), SEP).list.first()


# Google's address sub-fields -> CONTACTS_RAW columns.
_ADDRESS_PARTS = {"city": "city", "region": "region", "country": "country",
                  "street": "street", "postal code": "postcode"}


def _address(addresses: list[dict[str, str]]) -> list[pl.Expr]:
    """City, region, country, street and postcode of the first address group that has a
    city, region or country (the group that says where)."""
    where = ("city", "region", "country")
    out = []
    for part, column in _ADDRESS_PARTS.items():
        expr = NULL
        for group in reversed(addresses):
            present = [_first_part(group[p]) for p in where if p in group]
            if not present or part not in group:
                continue
            has_any = pl.any_horizontal([e.is_not_null() for e in present])
            expr = pl.when(has_any).then(_first_part(group[part])).otherwise(expr)
        out.append(expr.alias(column))
    return out


def _labels(col: str | None) -> pl.Expr:
    if col is None:
        return pl.lit([], dtype=LS)
    # "* myContacts" -> "myContacts": the marker only says "system group"; the normalize stage
    # decides which system labels to drop.
    return split_list(pl.col(col), SEP).list.eval(
        pl.element().str.strip_prefix("* ").str.strip_chars()
    ).list.eval(pl.element().filter(pl.element() != ""))


def _org_field(c: Columns, orgs: list[dict[str, str]], flat: str, field: str) -> pl.Expr:
    """The current layout's flat "Organization Name" or the legacy first org group's field."""
    exprs = [c.get(flat)] if c.has(flat) else []
    exprs += [_first_part(g[field]) for g in orgs if field in g]
    return pl.coalesce(exprs) if exprs else NULL


_NAME_PARTS = ("given_name", "middle_name", "family_name")


def _address_pieces_dropped(frame: pl.DataFrame) -> pl.DataFrame:
    """A contact saved under an e-mail address: Google's export splits the address into name
    fields at its dots (`aalikc@gmail.com` -> Given `aalikc@gmail`, Family `com`;
    `a@profile.calendar.google.com` -> Given `a@profile. calendar.`, Additional `google.`,
    Family `com`; docs/realworld39b.md). Those pieces are no name: shown they read
    "aalikc@gmail com" and their keys matched names. They are dropped when one holds the "@",
    none is a whole address (a name beside an address stays), and joined again at dots they
    make the row's own address: its full name with the spaces taken out, or one of its
    e-mails. That address becomes the full name, as the contact was saved (normalize reads a
    full name that is an address as the row's e-mail, typed_names)."""
    # an empty part is no evidence either way (any_horizontal would carry its null)
    has_at = pl.any_horizontal(pl.col(p).str.contains("@", literal=True).fill_null(False)
                               for p in _NAME_PARTS)
    if not frame.select(has_at.any()).item():
        return frame  # the usual file: nothing to look at, no cost per row
    pieces = [pl.col(p).str.replace_all(r"\.\s+", ".").str.strip_chars().str.strip_chars(".")
              for p in _NAME_PARTS]
    joined = pl.concat_str([pl.when(x != "").then(x) for x in pieces], separator=".",
                           ignore_nulls=True)
    whole = pl.any_horizontal(pl.col(p).str.contains(ADDRESS_AS_TEXT).fill_null(False)
                              for p in _NAME_PARTS)
    own = (pl.col("full_name").str.replace_all(r"\s+", "").str.to_lowercase()
           == joined.str.to_lowercase()).fill_null(False) | pl.col("emails").list.eval(
        pl.element().str.to_lowercase()).list.contains(joined.str.to_lowercase()).fill_null(False)
    split = (has_at & ~whole & joined.str.contains(ADDRESS_AS_TEXT) & own).fill_null(False)
    return frame.with_columns(
        *[pl.when(split).then(NULL).otherwise(pl.col(p)).alias(p) for p in _NAME_PARTS],
        full_name=pl.when(split).then(joined).otherwise(pl.col("full_name")),
    )


def _parse(table: CsvTable, fmt: str) -> Parsed:
    c = Columns(table)
    g = groups(table.header)
    urls = _values(g.get("website", []))
    orgs = g.get("organization", [])
    legacy = fmt == "google_legacy"
    frame = table.frame.select(
        pl.lit("google").alias("source"),
        pl.lit(fmt).alias("source_format"),
        "source_row",
        # Legacy "Name" is the display name; the current layout has none, only "File As".
        (c.get("name") if legacy else c.get("file as")).alias("full_name"),
        c.get("name prefix").alias("name_prefix"),
        c.get("given name", "first name").alias("given_name"),
        c.get("additional name", "middle name").alias("middle_name"),
        c.get("family name", "last name").alias("family_name"),
        c.get("name suffix").alias("name_suffix"),
        c.get("nickname").alias("nickname"),
        _org_field(c, orgs, "organization name", "name").alias("organization"),
        _org_field(c, orgs, "organization department", "department").alias("department"),
        _org_field(c, orgs, "organization title", "title").alias("title"),
        _values(g.get("e-mail", [])).alias("emails"),
        # A fax or pager reaches no one in person, and a shared office fax would link
        # unrelated people in dedupe.
        _values(g.get("phone", []), _NOT_PHONE).alias("phones"),
        urls.alias("urls"),
        urls.list.eval(pl.element().filter(pl.element().str.contains(_LINKEDIN)))
        .list.first().alias("linkedin_url"),
        _labels(c.name("labels", "group membership")).alias("labels"),
        c.get("birthday").alias("birthday"),
        *_address(g.get("address", [])),
        c.get("notes").str.slice(0, schema.NOTES_MAX).alias("notes"),
    )
    frame = _address_pieces_dropped(frame)
    names = ("full_name", "given_name", "middle_name", "family_name", "nickname")
    empty = nothing_to_identify(*names, "organization")
    kept, bad = split_off(frame, reason_when(empty, EMPTY_REASON))
    return Parsed(
        rows_total=table.rows_total,
        contacts=schema.conform(kept, schema.CONTACTS_RAW),
        rejects=rejects_for(table, bad),
    )


def parse_current(table: CsvTable, _basename: str) -> Parsed:
    return _parse(table, "google_current")


def parse_legacy(table: CsvTable, _basename: str) -> Parsed:
    return _parse(table, "google_legacy")


KINDS: list[CsvKind] = [
    CsvKind("google_current", "google", is_current, parse_current, PRIORITY),
    CsvKind("google_legacy", "google", is_legacy, parse_legacy, PRIORITY),
]
