"""Small stage tables for the tagging tests, built by hand (no exports, no dedupe).

A test support module (not a test file): the tagging tests import the builders from here;
tests/test_tagging_frames.py checks that they give frames of the stage schemas.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipeline import schema
from pipeline.normalize import orgs
from pipeline.tagging import load_rules, tag

AS_OF = dt.date(2025, 6, 30)
JOB_ORDER = ["linkedin", "google", "vcard", "outlook", "thunderbird", "csv"]


def rec(person: str, name: str, source: str = "google", *, fmt: str | None = None,
        org: str | None = None, title: str | None = None, emails=(), phones=(), labels=(),
        slug: str | None = None, connected: dt.date | None = None,
        record: str | None = None) -> dict:
    """One record of person `person` (the suffix of its person id)."""
    formats = {"linkedin": "linkedin_connections", "google": "google_current",
               "vcard": "vcard_30", "outlook": "outlook_en"}
    return {
        "record_id": record or f"r_{person}_{source}_{len(name)}",
        "person_id": f"p_{person}", "source": source,
        "source_format": fmt or formats.get(source, source), "source_file": f"{source}.csv",
        "source_row": 0, "display_name": name, "full_name": name,
        "name_key": " ".join(name.lower().split()), "organization": org, "title": title,
        "emails": list(emails), "email_keys": [e.lower() for e in emails],
        "phones_e164": list(phones), "labels": list(labels),
        "labels_clean": sorted(x.lower() for x in labels), "linkedin_slug": slug,
        "connected_on_date": connected,
    }


def records(rows: list[dict]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={k: schema.RECORDS[k] for k in rows[0]})
    frame = frame.with_columns(orgs.org_key(pl.col("organization")).alias("org_key"))
    return schema.conform(frame, schema.RECORDS)


def people(recs: pl.DataFrame) -> pl.DataFrame:
    """One row per person: organisation and title from LinkedIn first, as dedupe does."""
    rank = pl.col("source").replace_strict(JOB_ORDER, list(range(len(JOB_ORDER))), default=99)
    has = pl.col("organization").is_not_null()
    key = pl.struct((~has).alias("m"), rank.alias("r"), pl.col("record_id"))
    out = recs.sort("record_id").group_by("person_id", maintain_order=True).agg(
        pl.col("display_name").first(),
        pl.col("organization").sort_by(key).first(),
        pl.col("org_key").sort_by(key).first(),
        pl.col("title").sort_by(key).first(),
        pl.when(has).then(pl.col("record_id")).sort_by(key).first().alias("organization_record"),
        pl.col("linkedin_slug").drop_nulls().first(),
        pl.col("source").unique().sort().alias("sources"),
        pl.col("record_id").sort().alias("record_ids"),
        pl.len().cast(pl.Int64).alias("record_count"),
        pl.col("connected_on_date").min().alias("connected_on"),
    )
    return schema.conform(out, schema.PEOPLE).sort("person_id")


def inter(kind: str, direction: str, when: str | None, name: str | None = None,
          slug: str | None = None, key: str | None = None, n: int = 0) -> dict:
    """One interaction; `when` is an ISO date (noon UTC) or None."""
    at = dt.datetime.fromisoformat(when + "T12:00:00+00:00") if when else None
    return {"interaction_id": f"i_{kind}_{slug or name}_{when}_{n}", "source": "linkedin",
            "source_format": f"linkedin_{kind}s", "kind": kind, "direction": direction,
            "occurred_at": at, "counterpart_name": name, "counterpart_slug": slug,
            "counterpart_key": key if key is not None else (name.lower() if name else None)}


def interactions(rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return schema.empty(schema.INTERACTIONS)
    return schema.conform(pl.DataFrame(rows, schema={k: schema.INTERACTIONS[k] for k in rows[0]}),
                          schema.INTERACTIONS)


def owner(first: str = "Olive", last: str = "Owner", positions=(), emails=()) -> pl.DataFrame:
    """positions: (organisation, started ISO, finished ISO or None)."""
    rows = [{"kind": "profile", "first_name": first, "last_name": last, "source_row": 0}]
    for i, (org, start, end) in enumerate(positions):
        rows.append({"kind": "position", "organization": org, "source_row": i,
                     "started_on": dt.date.fromisoformat(start),
                     "finished_on": dt.date.fromisoformat(end) if end else None})
    for i, e in enumerate(emails):
        rows.append({"kind": "email", "value": e, "source_row": i})
    frame = pl.DataFrame(rows, schema={k: schema.OWNER[k] for k in
                                       ("kind", "first_name", "last_name", "source_row",
                                        "organization", "started_on", "finished_on", "value")})
    frame = frame.with_columns(orgs.org_key(pl.col("organization")).alias("org_key"))
    return schema.conform(frame, schema.OWNER)


def run_tag(recs, inters=(), own=None, *, rules=None, targets=(), decisions=(), as_of=AS_OF):
    r = records(recs) if isinstance(recs, list) else recs
    return tag(people(r), r, interactions(list(inters)), own if own is not None else owner(),
               rules=rules or load_rules(None), targets=list(targets),
               decisions=list(decisions), as_of=as_of)


def nets(result, person: str) -> list[str]:
    row = result.people.filter(pl.col("person_id") == f"p_{person}")
    return row["networks"][0].to_list()


def reasons(result, person: str) -> dict[str, str]:
    rows = result.networks.filter(pl.col("person_id") == f"p_{person}")
    return {r: why for r, why in zip(rows["rule"], rows["reason"], strict=True)}
