"""LinkedIn archive files about people the owner dealt with, and about the owner.

Interactions: Invitations, Endorsement_*_Info, Recommendations_* (messages live in
linkedin_messages). Owner: Profile, Positions, Education, Email Addresses, phone numbers.
Every other known archive member is listed in linkedin_known so it is skipped by name.
This module's KINDS is the whole LinkedIn activity registry (its own kinds plus those two).
"""

from __future__ import annotations

import polars as pl

from pipeline import schema
from pipeline.formats import linkedin_known, linkedin_messages
from pipeline.formats.base import CsvKind, Parsed, has_all
from pipeline.formats.csvexpr import (
    NULL,
    Columns,
    S,
    join_name,
    linkedin_url_only,
    reason_when,
    rejects_for,
    split_off,
)
from pipeline.textio import CsvTable

PRIORITY = 40

NO_COUNTERPART = "LinkedIn {kind} with no counterpart"
NO_DIRECTION = "LinkedIn invitation with no direction: which side is the other person is unknown"
EMPTY_PHONE = "empty phone number row"
EMPTY_EMAIL = "empty e-mail address row"


def _interactions(
    table: CsvTable, fmt: str, kind: str, frame: pl.DataFrame, reason: pl.Expr | None = None
) -> Parsed:
    """Conform interaction rows; rows naming nobody cannot be tied to a person: rejected."""
    nobody = pl.col("counterpart_name").is_null() & pl.col("counterpart_url").is_null()
    nobody_reason = reason_when(nobody, NO_COUNTERPART.format(kind=kind))
    reason = nobody_reason if reason is None else pl.coalesce(reason, nobody_reason)
    kept, bad = split_off(frame, reason)
    kept = kept.with_columns(
        pl.lit("linkedin").alias("source"),
        pl.lit(fmt).alias("source_format"),
        pl.lit(kind).alias("kind"),
    )
    return Parsed(
        rows_total=table.rows_total,
        interactions=schema.conform(kept, schema.INTERACTIONS_RAW),
        rejects=rejects_for(table, bad),
    )


def parse_invitations(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    d = c.get("direction").str.to_uppercase()
    incoming, outgoing = d == "INCOMING", d == "OUTGOING"
    # 2024-01 files carry urn:li:member ids in *ProfileUrn columns; 2024-06+ carry URLs.
    inviter = linkedin_url_only(c.get("inviterprofileurl", "inviterprofileurn"))
    invitee = linkedin_url_only(c.get("inviteeprofileurl", "inviteeprofileurn"))
    frame = table.frame.select(
        "source_row",
        pl.when(incoming).then(pl.lit("incoming")).when(outgoing).then(pl.lit("outgoing"))
        .otherwise(pl.lit("unknown")).alias("direction"),
        c.get("sent at", "date sent").alias("occurred_raw"),
        pl.when(incoming).then(c.get("from")).when(outgoing).then(c.get("to"))
        .otherwise(NULL).alias("counterpart_name"),
        pl.when(incoming).then(inviter).when(outgoing).then(invitee)
        .otherwise(NULL).alias("counterpart_url"),
        c.get("message").str.slice(0, 200).alias("detail"),
    )
    undirected = reason_when(pl.col("direction") == "unknown", NO_DIRECTION)
    return _interactions(table, "linkedin_invitations", "invitation", frame, undirected)


def _endorsement_parser(role: str, direction: str):
    def parse(table: CsvTable, _basename: str) -> Parsed:
        c = Columns(table)
        frame = table.frame.select(
            "source_row",
            pl.lit(direction).alias("direction"),
            c.get("endorsement date").alias("occurred_raw"),
            join_name(c.get(f"{role} first name"), c.get(f"{role} last name"))
            .alias("counterpart_name"),
            # 2024+ writes "www.linkedin.com/in/slug" without a scheme: kept as written, the
            # normalize stage canonicalises every LinkedIn URL form.
            linkedin_url_only(c.get(f"{role} public url")).alias("counterpart_url"),
            c.get("skill name").alias("detail"),
        )
        fmt = "linkedin_endorsements_" + ("received" if direction == "incoming" else "given")
        return _interactions(table, fmt, "endorsement", frame)

    return parse


def is_recommendations(cells: frozenset[str], _base: str) -> bool:
    return {"first name", "last name", "job title", "text", "creation date"} <= cells


def parse_recommendations(table: CsvTable, basename: str) -> Parsed:
    # Given and Received share one header: only the file name tells them apart, and a
    # renamed file is more likely a received one (the default the archive leads with).
    given = "given" in basename
    c = Columns(table)
    title, company = c.get("job title"), c.get("company")
    frame = table.frame.select(
        "source_row",
        pl.lit("outgoing" if given else "incoming").alias("direction"),
        c.get("creation date").alias("occurred_raw"),
        join_name(c.get("first name"), c.get("last name")).alias("counterpart_name"),
        NULL.alias("counterpart_url"),
        pl.when(title.is_not_null() & company.is_not_null())
        .then(pl.concat_str([title, pl.lit(" at "), company]))
        .otherwise(pl.coalesce(title, company))
        .alias("detail"),
    )
    fmt = "linkedin_recommendations_" + ("given" if given else "received")
    return _interactions(table, fmt, "recommendation", frame)


def _owner(table: CsvTable, frame: pl.DataFrame, reason: pl.Expr | None = None) -> Parsed:
    bad = pl.DataFrame(schema={"source_row": pl.Int64, "reason": S})
    if reason is not None:
        frame, bad = split_off(frame, reason)
    return Parsed(
        rows_total=table.rows_total,
        owner=schema.conform(frame, schema.OWNER_RAW),
        rejects=rejects_for(table, bad),
    )


def parse_profile(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    return _owner(table, table.frame.select(
        "source_row",
        pl.lit("profile").alias("kind"),
        c.get("first name").alias("first_name"),
        c.get("last name").alias("last_name"),
        c.get("headline").alias("headline"),
        c.get("geo location", "location").alias("location"),
    ))


def parse_positions(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    return _owner(table, table.frame.select(
        "source_row",
        pl.lit("position").alias("kind"),
        c.get("company name").alias("organization"),
        c.get("title").alias("title"),
        c.get("location").alias("location"),
        c.get("started on").alias("started_raw"),
        c.get("finished on").alias("finished_raw"),
    ))


def parse_education(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    return _owner(table, table.frame.select(
        "source_row",
        pl.lit("education").alias("kind"),
        c.get("school name").alias("organization"),
        c.get("degree name").alias("title"),
        c.get("start date", "started on").alias("started_raw"),
        c.get("end date", "finished on").alias("finished_raw"),
    ))


def parse_emails(table: CsvTable, _basename: str) -> Parsed:
    frame = table.frame.select(
        "source_row", pl.lit("email").alias("kind"),
        Columns(table).get("email address").alias("value"),
    )
    return _owner(table, frame, reason_when(pl.col("value").is_null(), EMPTY_EMAIL))


def parse_phones(table: CsvTable, _basename: str) -> Parsed:
    c = Columns(table)
    number, ext = c.get("number"), c.get("extension")
    # Some exports put the country code in "Extension" (+44 / 20 5550 0100): join them so the
    # number can be read internationally. Anything else there is a real extension: left out.
    value = (
        pl.when(number.is_not_null() & ext.str.starts_with("+") & ~number.str.starts_with("+"))
        .then(pl.concat_str([ext, pl.lit(" "), number]))
        .otherwise(number)
    )
    frame = table.frame.select("source_row", pl.lit("phone").alias("kind"), value.alias("value"))
    return _owner(table, frame, reason_when(pl.col("value").is_null(), EMPTY_PHONE))


def _kind(name: str, matches, parse) -> CsvKind:
    return CsvKind(name, "linkedin", matches, parse, PRIORITY)


def _any_of(*headers: tuple[str, ...]):
    sets = [frozenset(h) for h in headers]
    return lambda cells, _base: any(s <= cells for s in sets)


_OWN: list[CsvKind] = [
    # "Date Sent" instead of "Sent At": seen in a real user's folder beside the usual file.
    _kind("linkedin_invitations", _any_of(("from", "to", "sent at", "direction"),
                                          ("from", "to", "date sent", "direction")),
          parse_invitations),
    _kind(
        "linkedin_endorsements_received",
        has_all("endorsement date", "skill name", "endorser first name"),
        _endorsement_parser("endorser", "incoming"),
    ),
    _kind(
        "linkedin_endorsements_given",
        has_all("endorsement date", "skill name", "endorsee first name"),
        _endorsement_parser("endorsee", "outgoing"),
    ),
    _kind("linkedin_recommendations", is_recommendations, parse_recommendations),
    _kind("linkedin_profile", has_all("first name", "last name", "maiden name", "headline"),
          parse_profile),
    _kind("linkedin_positions", has_all("company name", "title", "started on", "finished on"),
          parse_positions),
    _kind("linkedin_education", has_all("school name", "degree name"), parse_education),
    _kind("linkedin_email_addresses", has_all("email address", "confirmed", "primary"),
          parse_emails),
    _kind(
        "linkedin_phone_numbers",
        _any_of(("extension", "number", "type"), ("number", "extension", "is_whatsapp_number")),
        parse_phones,
    ),
]

KINDS: list[CsvKind] = [*_OWN, *linkedin_messages.KINDS, *linkedin_known.KINDS]
