"""LinkedIn contact files: Connections.csv (every era) and Imported Contacts.csv (2018).

Connections headers drift (docs/formats.md §1.3): 2018 and 2021 have no URL, 2023+ put URL third,
third-party tools put it last, Excel re-saves lower-case "Connected on", use ";" and write NA,
and users delete columns. Columns are therefore found by name, and values are kept as the
exporter wrote them: dates, credentials in last names ("Smith, MBA") and percent-encoded
profile URLs are the normalize stage's business.

The pre-2015 Outlook-style LinkedIn export is read by the generic address-book reader.
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats import csvnames
from pipeline.formats.base import CsvKind, Parsed
from pipeline.formats.csvexpr import (
    Columns,
    cells_of,
    concat_lists,
    nothing_to_identify,
    one_list,
    reason_when,
    rejects_for,
    split_list,
    split_off,
)
from pipeline.textio import CsvTable

# Above the generic readers (address book 0-30): Connections also has "First Name"/"Company".
PRIORITY = 40

GHOST_REASON = "LinkedIn connection with no name, profile URL or e-mail (a deleted or hidden member)"
IMPORTED_EMPTY_REASON = "LinkedIn imported contact with no name, organisation, e-mail or phone"


def is_connections(cells: frozenset[str], _base: str) -> bool:
    # A tool that re-saved the file without the headers' spaces ("FirstName,...,ConnectedOn",
    # docs/realworld9.md L4) left it a Connections file all the same.
    cells = frozenset(c.replace(" ", "") for c in cells_of(cells))
    # "connected on" alone is too weak (any dated list); one person column makes it Connections.
    return "connectedon" in cells and bool(
        cells & {"firstname", "lastname", "company", "position", "url"}
    )


def parse_connections(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    email = c.get("email address", "e-mail address", "email", "emailaddress")
    frame = table.frame.select(
        pl.lit("linkedin").alias("source"),
        pl.lit("linkedin_connections").alias("source_format"),
        "source_row",
        c.get("first name", "firstname").alias("given_name"),
        c.get("last name", "lastname").alias("family_name"),
        c.get("url", "profile url", "profileurl").alias("linkedin_url"),
        one_list(email).alias("emails"),
        c.get("company").alias("organization"),
        c.get("position").alias("title"),
        c.get("connected on", "connectedon").alias("connected_on"),
    )
    # A deleted or hidden member leaves a row with a date (sometimes a company) and nothing
    # that could identify or reach the person: keeping it would only add an anonymous record.
    ghost = (
        pl.col("given_name").is_null()
        & pl.col("family_name").is_null()
        & pl.col("linkedin_url").is_null()
        & (pl.col("emails").list.len() == 0)
    )
    kept, bad = split_off(frame, reason_when(ghost, GHOST_REASON))
    # a First Name that holds the whole name ("Herton R. Tavares Costa" beside "Costa",
    # docs/realworld20.md S6) is cut as an address book's is
    kept = csvnames.without_repeated_family(kept)
    return Parsed(
        rows_total=table.rows_total,
        contacts=schema.conform(kept, schema.CONTACTS_RAW),
        rejects=rejects_for(table, bad),
    )


def is_imported_contacts(cells: frozenset[str], _base: str) -> bool:
    # 2018 "Imported Contacts.csv": the member's uploaded address book. "Companies" and
    # "Phone Numbers" (plural) do not occur together in any other contact CSV we know.
    return {"companies", "phone numbers", "email address"} <= cells


def parse_imported_contacts(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    frame = table.frame.select(
        pl.lit("linkedin").alias("source"),
        pl.lit("linkedin_imported_contacts").alias("source_format"),
        "source_row",
        c.get("full name").alias("full_name"),
        c.get("first name").alias("given_name"),
        c.get("last name").alias("family_name"),
        c.get("companies").alias("organization"),
        c.get("title").alias("title"),
        # Address-book uploads pack several values into one cell, comma-separated.
        split_list(c.get("email address"), ",").alias("emails"),
        split_list(c.get("phone numbers"), ",").alias("phones"),
        concat_lists(
            [split_list(c.get("sites"), ","), split_list(c.get("profiles"), ",")]
        ).alias("urls"),
        c.get("birthday").alias("birthday"),
    )
    empty = nothing_to_identify("full_name", "given_name", "family_name", "organization")
    kept, bad = split_off(frame, reason_when(empty, IMPORTED_EMPTY_REASON))
    return Parsed(
        rows_total=table.rows_total,
        contacts=schema.conform(kept, schema.CONTACTS_RAW),
        rejects=rejects_for(table, bad),
    )


KINDS: list[CsvKind] = [
    CsvKind("linkedin_connections", "linkedin", is_connections, parse_connections, PRIORITY),
    CsvKind(
        "linkedin_imported_contacts",
        "linkedin",
        is_imported_contacts,
        parse_imported_contacts,
        PRIORITY,
    ),
]
