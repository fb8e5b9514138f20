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
from pipeline.normalize import (
    addresses,
    distinct_apply,
    emails,
    explode_rows,
    implode_rows,
    names,
    orgs,
    phones,
    raw_table,
    record_names,
    region,
    script_region,
    typed_names,
    urls,
)
from pipeline.normalize.dates import birthday, parse_date, parse_datetime

# Google's system groups and Android's default group say nothing about the person.
SYSTEM_LABELS = ["mycontacts", "my contacts", "starred"]
# Joins the parts of an id's key text. A control character: the name, slug and date parts
# never contain one (cleaning drops them), so parts cannot run into each other.
_SEP = "\x1f"


def _hex16(canonical: pl.Series) -> pl.Series:
    # hashlib, not polars' hash(): that one is not stable across polars versions. ~0.7 us a
    # row; every canonical key is distinct, so there is nothing to de-duplicate first.
    sha = hashlib.sha256
    out = [None if k is None else sha(k).hexdigest()[:16]
           for k in canonical.cast(pl.Binary).to_list()]
    return pl.Series(canonical.name, out, dtype=pl.String)


def _scoped(frame: pl.DataFrame, natural_key: pl.Expr, partition: list[str]) -> pl.Series:
    scope = [pl.col(c).cast(pl.String).fill_null("") for c in partition]
    return frame.select(pl.concat_str([*scope, natural_key], separator=_SEP)).to_series()


def stable_hex(
    frame: pl.DataFrame, natural_key: pl.Expr, partition: list[str],
    early: tuple[pl.Series, pl.Series] | None = None, scope: pl.Series | None = None,
) -> pl.Series:
    """16 hex chars of SHA-256 over the `partition` columns and `natural_key`, plus an
    occurrence number for the 2nd, 3rd... row with the same text, counted in
    (source_file, source_row) order. Independent of file paths except for that order.

    `early` = (text, hex) computed beforehand for some rows (null elsewhere) by
    :func:`_scoped` on the same columns: those rows' text is not built again, and their hash is
    reused unless an occurrence number changes it. Lets the work overlap something slower.

    `scope` (one value a row; several owners' rows in one frame): occurrences are counted
    within each scope value, so each scope's ids are those its rows alone would get.
    """
    if early is None:
        canonical = _scoped(frame, natural_key, partition)
    else:
        # Series.scatter works in place: never on the caller's Series.
        canonical, late = early[0].clone(), early[0].is_null()
        if late.any():
            rest = _scoped(frame.filter(late), natural_key, partition)
            canonical = canonical.scatter(late.arg_true(), rest)
    plain = canonical.clone()
    over = ["canonical"] if scope is None else ["canonical", "_scope"]
    dup = canonical.is_duplicated() if scope is None else pl.DataFrame(
        [canonical.alias("canonical"), scope.alias("_scope")]).is_duplicated()
    if dup.any():
        # The window sort is costly at a million rows; only the repeated keys need it.
        keyed = frame.select("source_file", "source_row").with_columns(canonical=canonical)
        if scope is not None:
            keyed = keyed.with_columns(_scope=scope)
        repeated = keyed.filter(dup).with_columns(
            occ=pl.int_range(pl.len()).over(over, order_by=["source_file", "source_row"])
        ).select(
            pl.when(pl.col("occ") > 0)
            .then(pl.col("canonical") + _SEP + "#" + pl.col("occ").cast(pl.String))
            .otherwise("canonical")
        ).to_series()
        canonical = canonical.scatter(dup.arg_true(), repeated)
    if early is None:
        return _hex16(canonical)
    hexes = early[1].clone()
    todo = (canonical != plain).fill_null(True) | hexes.is_null()
    if not todo.any():
        return hexes
    return hexes.scatter(todo.arg_true(), _hex16(canonical.filter(todo)))


def _clean_labels(values: pl.Series) -> pl.Series:
    frame = values.to_frame("v").select(
        v=pl.col("v").str.normalize("NFC").str.replace(r"^\s*\*\s*", "")
        .str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    )
    v = pl.col("v")
    return frame.select(pl.when((v.str.len_chars() > 0) & ~v.is_in(SYSTEM_LABELS)).then(v))[
        "v"]


def labels_clean(labels: pl.Series) -> pl.Series:
    """Labels without the `* ` marker and system labels, lower-cased, unique, sorted."""
    rows, values = explode_rows(labels)
    frame = pl.DataFrame({"r": rows, "v": distinct_apply(values, _clean_labels)}).sort("r", "v")
    return implode_rows(frame["r"], frame["v"], labels.len())


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


def normalize_records(contacts: pl.DataFrame, *, default_region: str = "auto",
                      second_region: str | None = None, rivals: tuple[str, ...] = (),
                      scope: pl.Series | None = None,
                      readings: list[tuple[str, str | None, tuple[str, ...]]] | None = None,
                      phone_scope: pl.Series | None = None) -> pl.DataFrame:
    """CONTACTS_RAW -> schema.RECORDS, one output row per input row, in input order.

    person_id is the record's own id for now (one person per record until dedupe).
    `default_region`: the region national phone numbers are read in, and `second_region`
    the one those it calls invalid are read in next, but not a number `rivals` read
    (region.RegionChoice.rivals); "auto" infers them from these contacts'
    numbers (pipeline.normalize.region). `scope`: see stable_hex (several owners' contacts at
    once, each getting the ids it would alone; the caller chose their regions). `readings`:
    with `scope`, each scope value's own (region, second, rivals), for owners whose numbers read
    differently (phones.PhoneJobApart), instead of `default_region` and `second_region`.
    `phone_scope`: each row's index into `readings` when it is not `scope` (files of one
    folder read apart: region.Readings.apart); the ids are counted as without it.
    """
    raw = raw_table(contacts, schema.CONTACTS_RAW)
    typed = typed_names.numbers_typed(raw)
    dialled = typed_names.numbers_named(raw, typed)
    raw = typed_names.names_without_addresses(
        raw.with_columns(typed_names.emails_named(raw, typed)))
    if readings is None and default_region.lower() == region.AUTO:
        if scope is not None:  # one owner's numbers must not move another's readings
            raise ValueError("several owners' contacts need each owner's region chosen first")
        written = script_region.row_regions(raw)
        choice = region.infer(dialled, scripts=script_region.named(written), name_rows=written)
        default_region, second_region, rivals = choice.reading
    # Phone parsing is the slow part (phonenumbers): start it in worker processes first and
    # do everything else while they run.
    job = (phones.PhoneJob(dialled, default_region, second_region, rivals) if readings is None
           else phones.PhoneJobApart(dialled, scope if phone_scope is None else phone_scope,
                                     readings))
    with job as phone_job:
        derived = raw.select(
            mail=emails.emails_struct(pl.col("emails")),
            org_key=orgs.org_key(pl.col("organization")),
            linkedin_slug=urls.first_linkedin_slug(pl.col("linkedin_url"), pl.col("urls")),
            bday=birthday(pl.col("birthday")),
            connected_on_date=parse_date(pl.col("connected_on")),
            labels_clean=pl.col("labels").map_batches(labels_clean, return_dtype=schema.LS),
            street_key=addresses.street_key(pl.col("street")),
            postcode_key=addresses.postcode_key(pl.col("postcode")),
        ).unnest("mail")
        name_cols = record_names.name_columns(raw, typed)
        partial = pl.concat([raw, name_cols, derived], how="horizontal")
        # Ids of rows whose natural key cannot involve a phone (a LinkedIn slug, or no phone
        # at all) are hashed now, while the workers parse.
        no_phone = (partial["linkedin_slug"].is_not_null()
                    | (dialled.list.len().fill_null(0) == 0))
        early = pl.repeat(None, partial.height, dtype=pl.String, eager=True).alias("early").scatter(
            no_phone.arg_true(),
            _scoped(partial.filter(no_phone).with_columns(phones_e164=pl.lit([], dtype=schema.LS)),
                    _record_natural_key(), ["source"]),
        )
        early_hex = _hex16(early)
        tel = phone_job.result()
    bday = pl.col("bday").struct
    out = pl.concat([partial, tel], how="horizontal").with_columns(
        birthday_year=bday.field("year"),
        birthday_month=bday.field("month"),
        birthday_day=bday.field("day"),
    )
    hex16 = stable_hex(out, _record_natural_key(), ["source"], early=(early, early_hex),
                       scope=scope)
    out = out.with_columns(record_id="r_" + hex16, person_id="p_" + hex16)
    return out.drop("bday").select(list(schema.RECORDS)).cast(schema.RECORDS)


def normalize_interactions(interactions: pl.DataFrame, scope: pl.Series | None = None
                           ) -> pl.DataFrame:
    """INTERACTIONS_RAW -> schema.INTERACTIONS (occurred_at in UTC, counterpart keys);
    `scope` as for normalize_records."""
    raw = raw_table(interactions, schema.INTERACTIONS_RAW)
    return with_interaction_ids(raw.with_columns(**interaction_columns()), scope)


def interaction_columns() -> dict[str, pl.Expr]:
    """An interaction's normalised columns but its id: each a function of the row's own raw
    values (pipeline.incremental.interactions reuses them row by row)."""
    c = pl.col
    return {"occurred_at": parse_datetime(c("occurred_raw")),
            "counterpart_slug": urls.linkedin_slug(c("counterpart_url")),
            "counterpart_key": names.full_name_key(c("counterpart_name"))}


def with_interaction_ids(frame: pl.DataFrame, scope: pl.Series | None = None) -> pl.DataFrame:
    """`frame` (raw columns and interaction_columns()) with interaction_id, as schema.INTERACTIONS.
    Not a function of the row alone: a repeated natural key gets an occurrence number."""
    c = pl.col
    # The canonical slug rather than the URL as written, so an export that spells profile
    # URLs differently keeps the ids; then the URL (e.g. a member URN), then the name.
    counterpart = pl.coalesce(
        "in:" + c("counterpart_slug"),
        c("counterpart_url").str.strip_chars().replace("", None),
        c("counterpart_name"),
    )
    # concat_str is null when any part is null: spell missing parts as "".
    natural = pl.concat_str(
        [e.fill_null("") for e in (c("kind"), c("direction"), c("occurred_raw"), counterpart,
                                   c("detail"))],
        separator=_SEP,
    )
    out = frame.with_columns(
        interaction_id="i_" + stable_hex(frame, natural, ["source"], scope=scope))
    return out.select(list(schema.INTERACTIONS)).cast(schema.INTERACTIONS)


def normalize_owner(owner: pl.DataFrame) -> pl.DataFrame:
    """OWNER_RAW -> schema.OWNER (org_key; started_on/finished_on, first of month for `Jun 2018`)."""
    raw = raw_table(owner, schema.OWNER_RAW)
    out = raw.with_columns(
        org_key=orgs.org_key(pl.col("organization")),
        started_on=parse_date(pl.col("started_raw")),
        finished_on=parse_date(pl.col("finished_raw")),
    )
    return out.select(list(schema.OWNER)).cast(schema.OWNER)
