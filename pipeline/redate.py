"""A refresh where only the as-of date moved (the nightly run over unchanged exports).

What the tag stage computes from the as-of date: which interactions count (those dated after
it have not happened yet), and from those the activity columns (warmth, its reason in words,
dormant), then what ranks people by warmth (target paths, each company's warmest person). The
rest (networks, openings, organisations filled from e-mail domains, roles) depends on the
linked interactions, not on the date. So when no interaction is dated between the two as-of
dates, the linked interactions are the ones the last tag stage kept (stages/tag/linked), and
only the activity columns, the target paths and the companies are recomputed, with the tag
stage's own functions; everything else is the current run's. Any doubt (no previous as-of, no
kept table, an interaction inside the window) and the tag stage runs in full. Companies are
re-ranked from who works where (kept too), so the million records are read only when there
are targets to find paths into.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.enrich import companies as companies_mod
from pipeline.outputs import Splice, read_stage_table
from pipeline.tagging import activity
from pipeline.tagging.stage import with_target_paths

log = logging.getLogger("kith")

# What the last full tag stage kept for the next re-dated night, beside its tables (relative to
# a run's folder): the interactions it linked, who works where (companies without warmth) and
# the owner's own cards; and, made from them, what no date moves: each linked person's
# interactions summarised (activity.summarise), each company's columns but the warmest person
# (companies.static_columns), each company's warmest among the people without a linked
# interaction (their warmth has no recency part: companies.warmest of their rows), and the
# members with one (whose warmth the date moves).
LINKED_TABLE = "stages/tag/linked"
MEMBERS_TABLE = "stages/tag/company_members"
OWN_CARDS_TABLE = "stages/tag/own_cards"
SUMMARY_TABLE = "stages/tag/linked_summary"
COMPANY_STATIC_TABLE = "stages/tag/company_static"
COMPANY_QUIET_TABLE = "stages/tag/company_quiet"
COMPANY_TOUCHED_TABLE = "stages/tag/company_touched"


@functools.cache
def kept_schemas() -> dict[str, dict]:
    """Each kept table's columns (the derived ones as their functions make them)."""
    rows = companies_mod.member_rows(
        schema.empty(companies_mod.MEMBERS),
        schema.empty({c: schema.PEOPLE[c] for c in ("person_id", "display_name", "warmth",
                                                    "networks")}))
    return {LINKED_TABLE: activity.LINKED, MEMBERS_TABLE: companies_mod.MEMBERS,
            OWN_CARDS_TABLE: {"person_id": pl.String},
            SUMMARY_TABLE: dict(activity.summarise(schema.empty(activity.LINKED)).schema),
            COMPANY_STATIC_TABLE: dict(companies_mod.static_columns(rows).schema),
            COMPANY_QUIET_TABLE: dict(companies_mod.warmest(rows).schema),
            COMPANY_TOUCHED_TABLE: companies_mod.MEMBERS}


def kept_tables(linked: pl.DataFrame, members: pl.DataFrame, own_cards: pl.Series,
                people: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The tables a full tag stage keeps for re-dating (kept_schemas), by their path in the
    run; `people`: the tag stage's people table."""
    rows = companies_mod.member_rows(members, people)
    touched = pl.col("person_id").is_in(linked["person_id"].unique().implode())
    # Group-bys give their groups in no fixed order; the files are sorted so that the same
    # inputs give the same bytes (bench/compare_homes.py found company_quiet differ).
    return {LINKED_TABLE: linked, MEMBERS_TABLE: members,
            OWN_CARDS_TABLE: own_cards.to_frame("person_id"),
            SUMMARY_TABLE: activity.summarise(linked).sort("person_id"),
            COMPANY_STATIC_TABLE: companies_mod.static_columns(rows).sort("employer_key"),
            COMPANY_QUIET_TABLE: companies_mod.warmest(rows.filter(~touched))
            .sort("employer_key"),
            COMPANY_TOUCHED_TABLE: members.filter(touched)}


def _cutoff(day: dt.date) -> dt.datetime:
    """activity.link's bound: interactions at or after it are later than `day`."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def window_is_quiet(interactions: Path, before: dt.date, now: dt.date) -> bool:
    """No interaction is dated between the two as-of dates (so both link the same ones)."""
    low, high = sorted((before, now))
    try:
        at = pl.read_parquet(interactions, columns=["occurred_at"])["occurred_at"]
    except (OSError, pl.exceptions.PolarsError):
        return False
    inside = (at >= _cutoff(low)) & (at < _cutoff(high))
    return not inside.fill_null(False).any()


def kept(out: Path) -> dict[str, pl.DataFrame] | None:
    """The kept tables of the current run (None: one is missing, unreadable or of another
    shape; the tag stage then runs in full)."""
    found = {}
    for rel, sch in kept_schemas().items():
        try:
            frame = pl.read_parquet(out / "current" / f"{rel}.parquet")
        except (OSError, pl.exceptions.PolarsError):
            return None
        if dict(frame.schema) != sch:
            return None
        found[rel] = frame
    return found


def previous_as_of(out: Path) -> dt.date | None:
    import json

    try:
        manifest = json.loads((out / "current" / "manifest.json").read_text("utf-8"))
        return dt.date.fromisoformat(manifest["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _same(frame: pl.DataFrame, before: pl.DataFrame) -> bool:
    return frame.schema == before.schema and frame.equals(before)


# The activity columns activity.activity_columns writes (and re-dating may change).
ACTIVITY = ("warmth", "warmth_reason", "first_connected", "last_interaction", "messages_sent",
            "messages_received", "reached_out_first", "follow_up_due", "cadence_days",
            "dormant")


# Every column of the people tables a re-dated night may change: the activity columns, the
# target paths, and what outreach writes from your notes and ledger (ledger.apply_to_people).
# The others (names, e-mails, networks, roles, provenance) are the current run's tag table's.
PEOPLE_DATED = (*ACTIVITY, "target_companies", "relationship")


# The people table's columns a re-dated night reads or writes: the activity columns and what
# they are made from, the target paths' and companies' inputs (tagging.targets._PEOPLE_COLUMNS,
# companies.member_rows), outreach's notes and ledger (ledger._APPLY_READS) and the
# worksheets' (rows.ROW_PEOPLE, the introductions', the drafts' greeting). The others (names as typed, e-mails,
# phones, LinkedIn, provenance: ~55 of the table's ~75 MB at a million people) are only
# copied, byte for byte, into the night's people tables (people_splice), so they are never
# read (parquet_splice.completed reads them should a table have to be written in full).
NIGHT_PEOPLE = ("person_id", "display_name", "given_name", "nickname", "organization", "org_key",
                "title", "labels", "sources", "organization_record", "connected_on", "networks", *ACTIVITY,
                "target_companies", "relationship", "seniority", "function",
                "organization_source")


def read_tag_table(path: Path, sch: dict) -> pl.DataFrame:
    """A tag stage table of the current run for a re-dated night: the people table with
    only NIGHT_PEOPLE (in the table's order), any other table whole."""
    if path.name != "people.parquet":
        return read_stage_table(path, sch)
    return read_stage_table(path, sch, columns=[c for c in sch if c in NIGHT_PEOPLE])


def people_splice(out: Path) -> Splice:
    """How a re-dated night writes a people table (tag's or outreach's): PEOPLE_DATED encoded,
    every other column's bytes copied from the current run's tag people table (both tables
    hold them unchanged; the person ids are compared to make sure the rows line up)."""
    return Splice(out / "current" / "stages" / "tag" / "people.parquet", PEOPLE_DATED,
                  check=("person_id",))


def _activity(people: pl.DataFrame, linked: pl.DataFrame, summary: pl.DataFrame, rules,
              as_of: dt.date) -> pl.DataFrame:
    """activity.activity_columns(people, ...) computed for the people with a linked
    interaction only. Everyone else's columns do not depend on the date (no recency; never
    "warm once" while the dormant rule asks for a message), so the current run's are kept:
    at a million records that is five people in six. `summary`: activity.summarise(linked)."""
    if rules.dormant.min_messages <= 0:
        return activity.activity_columns(people, linked, rules, as_of, summary)
    touched = people["person_id"].is_in(linked["person_id"].unique().implode())
    part = activity.activity_columns(people.filter(touched), linked, rules, as_of, summary)
    at = touched.arg_true()
    # Series.scatter writes in place: on copies, never on the current run's table
    return people.with_columns([people[c].clone().scatter(at, part[c]) for c in ACTIVITY])


def _companies(kept: dict[str, pl.DataFrame], people: pl.DataFrame, targets: list
               ) -> pl.DataFrame:
    """companies.from_members(members, people, targets) from what the full tag stage kept:
    only the members with a linked interaction (whose warmth the date moves) are ranked
    against each company's warmest among the others."""
    static = kept[COMPANY_STATIC_TABLE]
    if static.height == 0:
        return schema.empty(schema.COMPANIES)
    rows = companies_mod.member_rows(kept[COMPANY_TOUCHED_TABLE], people).select(
        kept[COMPANY_QUIET_TABLE].columns)
    warm = companies_mod.warmest(pl.concat([kept[COMPANY_QUIET_TABLE], rows]))
    return companies_mod.finish(static, warm, targets)


def redated(tag, kept: dict[str, pl.DataFrame], records, owner: pl.DataFrame, *, rules,
            targets: list, as_of: dt.date) -> tuple[dict[str, pl.DataFrame], dict, set[str]]:
    """The tag stage's tables for `as_of` from the current run's (`tag`) and what it kept
    (`kept`); the same as tagging.stage.tag computes from scratch. `records()`: the records,
    read only when there are targets to find paths into. Also returns the names of the tables
    that are the current run's unchanged (their files need not be written again)."""
    people = _activity(tag["people"], kept[LINKED_TABLE], kept[SUMMARY_TABLE], rules, as_of)
    # with_target_paths even without targets: its people frame is what outreach was measured
    # with (skipping it left the people table as read, and outreach then took ~1 s longer at
    # a million records)
    people, paths = with_target_paths(
        people, records() if targets else schema.empty(schema.RECORDS), owner, targets,
        kept[OWN_CARDS_TABLE]["person_id"], columns=people.columns)
    firms = _companies(kept, people, targets)
    stats = {"dormant": int(people["dormant"].sum()), "target_paths": paths.height}
    tables = {"people": people, "networks": tag["networks"], "targets": paths,
              "openings": tag["openings"], "companies": firms}
    unchanged = {"networks", "openings"} | {
        t for t in ("targets", "companies") if _same(tables[t], tag[t])}
    return tables, stats, unchanged
