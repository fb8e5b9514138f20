"""Stage 2 (normalize): CONTACTS_RAW -> RECORDS, INTERACTIONS_RAW -> INTERACTIONS, OWNER_RAW ->
OWNER. Pure frame -> frame functions; the column logic lives in :mod:`pipeline.normalize`.

Ids are stable across runs: a SHA-256 over the source and the row's natural key (never the
file path, which carries LinkedIn's download date), with an occurrence number when one source
holds the same natural key more than once, counted in (source_file, source_row) order.
"""

from __future__ import annotations

import hashlib

import polars as pl

from pipeline import schema
from pipeline.normalize import emails, fold_key, names, on_unique_expr, orgs, phones, urls
from pipeline.normalize.dates import birthday, parse_date, parse_datetime

# Google's system groups and Android's default group say nothing about the person.
SYSTEM_LABELS = ["mycontacts", "my contacts", "starred"]
_SEP = "\x1f"  # joins key parts; cannot occur in trimmed exporter text that matters


def _hex16(canonical: pl.Series) -> pl.Series:
    # hashlib, not polars' hash(): the latter is not stable across polars versions. ~0.6 us a
    # row, and every canonical key is distinct, so there is nothing to de-duplicate first.
    out = [hashlib.sha256(k.encode()).hexdigest()[:16] for k in canonical.to_list()]
    return pl.Series(canonical.name, out, dtype=pl.String)


def stable_hex(natural_key: pl.Expr, partition: list[str]) -> pl.Expr:
    """16 hex chars of SHA-256 over `natural_key` plus its occurrence number within
    `partition` ∪ natural_key, counted in (source_file, source_row) order."""
    occurrence = pl.int_range(pl.len()).over(
        [*partition, natural_key], order_by=["source_file", "source_row"]
    )
    suffix = pl.when(occurrence > 0).then(_SEP + "#" + occurrence.cast(pl.String)).otherwise(
        pl.lit("")
    )
    return (natural_key + suffix).map_batches(_hex16, return_dtype=pl.String)


def _labels(labels: pl.Expr) -> pl.Expr:
    el = pl.element().str.normalize("NFC").str.replace(r"^\s*\*\s*", "")
    el = el.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    kept = el.filter((el.str.len_chars() > 0) & ~el.is_in(SYSTEM_LABELS))
    return labels.list.eval(kept.unique()).list.sort()


def _empty_list(col: str) -> pl.Expr:
    # List outputs are never null: an absent input list is an empty list.
    return pl.col(col).fill_null(pl.lit([], dtype=schema.LS))


def _names(frame: pl.DataFrame) -> pl.DataFrame:
    """display_name, given_clean, family_clean and the three name keys."""
    S = pl.String
    parts = frame.select(
        given=on_unique_expr(pl.col("given_name"), names.clean_given, S),
        middle=on_unique_expr(pl.col("middle_name"), names.clean_other, S),
        family=on_unique_expr(pl.col("family_name"), names.clean_family, S),
        parsed=on_unique_expr(pl.col("full_name"), names.parse_full_name, names.PARTS),
        full=on_unique_expr(pl.col("full_name"), names.clean_other, S),
        nick=on_unique_expr(pl.col("nickname"), names.clean_other, S),
        org=pl.col("organization").str.strip_chars().replace("", None),
        email=pl.col("emails").list.first().str.strip_chars().replace("", None),
        phone=pl.col("phones").list.first().str.strip_chars().replace("", None),
    )
    # Structured fields first; the full name is parsed only when both given and family are empty.
    structured = pl.col("given").is_not_null() | pl.col("family").is_not_null()
    parsed = pl.col("parsed").struct

    def pick(own: str, field: str) -> pl.Expr:
        return pl.when(structured).then(pl.col(own)).otherwise(parsed.field(field))

    out = parts.select(
        given_clean=pick("given", "given"),
        middle_clean=pick("middle", "middle"),
        family_clean=pick("family", "family"),
        full=pl.col("full"), nick=pl.col("nick"), org=pl.col("org"),
        email=pl.col("email"), phone=pl.col("phone"),
    ).with_columns(
        given_key=fold_key(pl.col("given_clean")),
        family_key=fold_key(pl.col("family_clean")),
    )
    return out.select(
        # Fallbacks as formats.md §4.4 recommends: name, nickname, organisation, e-mail, phone.
        display_name=pl.coalesce(
            names.join_display(pl.col("given_clean"), pl.col("middle_clean"),
                               pl.col("family_clean")),
            "full", "nick", "org", "email", "phone",
        ),
        given_clean=pl.col("given_clean"),
        family_clean=pl.col("family_clean"),
        name_key=names.name_key(pl.col("given_key"), pl.col("family_key")),
        given_key=pl.col("given_key"),
        family_key=pl.col("family_key"),
    )


def _record_natural_key() -> pl.Expr:
    """LinkedIn slug if known; else name + first e-mail + first phone + organisation; for rows
    with none of those (LinkedIn "ghost" connections) the display name and Connected On."""
    c = pl.col
    filled = pl.concat_str(
        [c("name_key").fill_null(""), c("email_keys").list.first().fill_null(""),
         c("phones_e164").list.first().fill_null(""), c("org_key").fill_null("")],
        separator=_SEP,
    )
    empty = _SEP * 3
    return (
        pl.when(c("linkedin_slug").is_not_null()).then("in" + _SEP + c("linkedin_slug"))
        .when(filled != empty).then("k" + _SEP + filled)
        .otherwise("x" + _SEP + c("display_name").fill_null("") + _SEP
                   + c("connected_on").fill_null(""))
    )


def normalize_records(contacts: pl.DataFrame, *, default_region: str = "US") -> pl.DataFrame:
    """CONTACTS_RAW -> schema.RECORDS, one output row per input row, in input order.

    person_id is the record's own id for now (one person per record until dedupe).
    """
    raw = schema.conform(contacts, schema.CONTACTS_RAW)
    derived = raw.select(
        email_keys=emails.email_keys(pl.col("emails")),
        emails_invalid=emails.emails_invalid(pl.col("emails")),
        phones=phones.phones(pl.col("phones"), default_region),
        org_key=orgs.org_key(pl.col("organization")),
        linkedin_slug=urls.first_linkedin_slug(pl.col("linkedin_url"), pl.col("urls")),
        bday=birthday(pl.col("birthday")),
        connected_on_date=parse_date(pl.col("connected_on")),
        labels_clean=_labels(pl.col("labels")),
    ).unnest("phones")
    bday = pl.col("bday").struct
    lists = ("email_keys", "emails_invalid", "phones_e164", "phone_extensions",
             "phones_invalid", "labels_clean")
    out = pl.concat([raw, _names(raw), derived], how="horizontal").with_columns(
        [_empty_list(c) for c in lists],
        birthday_year=bday.field("year"),
        birthday_month=bday.field("month"),
        birthday_day=bday.field("day"),
    )
    hex16 = stable_hex(_record_natural_key(), ["source"])
    out = out.with_columns(record_id="r_" + hex16, person_id="p_" + hex16)
    return out.drop("bday").select(list(schema.RECORDS)).cast(schema.RECORDS)


def normalize_interactions(interactions: pl.DataFrame) -> pl.DataFrame:
    """INTERACTIONS_RAW -> schema.INTERACTIONS (occurred_at in UTC, counterpart keys)."""
    raw = schema.conform(interactions, schema.INTERACTIONS_RAW)
    c = pl.col
    counterpart = pl.coalesce(
        c("counterpart_url").str.strip_chars().replace("", None), c("counterpart_name")
    )
    # concat_str is null when any part is null: spell missing parts as "".
    natural = pl.concat_str(
        [e.fill_null("") for e in (c("source"), c("kind"), c("direction"), c("occurred_raw"),
                                   counterpart, c("detail"))],
        separator=_SEP,
    )
    out = raw.with_columns(
        interaction_id="i_" + stable_hex(natural, ["source"]),
        occurred_at=parse_datetime(c("occurred_raw")),
        counterpart_slug=urls.linkedin_slug(c("counterpart_url")),
        counterpart_key=names.full_name_key(c("counterpart_name")),
    )
    return out.select(list(schema.INTERACTIONS)).cast(schema.INTERACTIONS)


def normalize_owner(owner: pl.DataFrame) -> pl.DataFrame:
    """OWNER_RAW -> schema.OWNER (org_key; started_on/finished_on, first of month for `Jun 2018`)."""
    raw = schema.conform(owner, schema.OWNER_RAW)
    out = raw.with_columns(
        org_key=orgs.org_key(pl.col("organization")),
        started_on=parse_date(pl.col("started_raw")),
        finished_on=parse_date(pl.col("finished_raw")),
    )
    return out.select(list(schema.OWNER)).cast(schema.OWNER)
