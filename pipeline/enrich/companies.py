"""Companies in your network: every organisation your people work at now or worked at
before (an older record's value), with how many, how warm the warmest is, and their networks,
so you find companies to target that you had not listed. `add_target` appends one to
targets.toml (checked by the same parser that reads it)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from pipeline import schema
from pipeline.enrich.past_employer import left_their_employer
from pipeline.tagging import keywords
from pipeline.tagging.rules import RulesError, read_toml
from pipeline.tagging.targets import _keys, parse_targets, target_named

# Who works or worked where (person_id, employer_key, organization, now): companies() without
# the warmth, which is all an as-of refresh changes (pipeline/redate.py keeps it per run).
MEMBERS = {"person_id": pl.String, "employer_key": pl.String, "organization": pl.String,
           "now": pl.Boolean}


def members(people: pl.DataFrame, records: pl.DataFrame,
            exclude: pl.Series | None = None) -> pl.DataFrame:
    """MEMBERS rows: each person's current employer (people) and the earlier ones their other
    records name. `exclude`: the owner's own cards."""
    # the three columns first: an eager filter gathers every column of its frame (people
    # ~40, records ~60: 0.5 GiB and ~1 s at a million records)
    people = people.select("person_id", "org_key", "organization", "title")
    records = records.select("person_id", "org_key", "organization")
    if exclude is not None and exclude.len():
        people = people.filter(~pl.col("person_id").is_in(exclude.implode()))
        records = records.filter(~pl.col("person_id").is_in(exclude.implode()))
    ekey = keywords.employer_key(pl.col("org_key")).alias("employer_key")
    now = people.filter(pl.col("org_key").is_not_null()).with_columns(ekey)
    # "Ex-Google | Open to work" at Google: there before, not now (past_employer)
    now = now.select("person_id", "employer_key", "organization",
                     (~left_their_employer(now["title"], now["employer_key"])).alias("now"))
    before = (records.filter(pl.col("org_key").is_not_null())
              .select("person_id", ekey, "organization", pl.lit(False).alias("now"))
              .join(now.select("person_id", "employer_key"), on=["person_id", "employer_key"],
                    how="anti")
              .unique(["person_id", "employer_key"], keep="first", maintain_order=True))
    both = pl.concat([now, before])  # "Self-employed", "Confidential": no company
    return schema.conform(both.filter(~keywords.no_employer(pl.col("employer_key"))), MEMBERS)


def companies(people: pl.DataFrame, records: pl.DataFrame, targets: list,
              exclude: pl.Series | None = None) -> pl.DataFrame:
    """schema.COMPANIES rows, most people first. `exclude`: the owner's own cards."""
    return from_members(members(people, records, exclude), people, targets)


def from_members(found: pl.DataFrame, people: pl.DataFrame, targets: list) -> pl.DataFrame:
    """schema.COMPANIES from members() rows and the people table (their warmth)."""
    rows = member_rows(found, people)
    if rows.height == 0:
        return schema.empty(schema.COMPANIES)
    return finish(static_columns(rows), warmest(rows), targets)


def member_rows(found: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """members() rows with the person's name, warmth and networks (people not in `people`
    left out)."""
    return found.join(
        people.select("person_id", "display_name", "warmth", "networks"), on="person_id")


def warmest(rows: pl.DataFrame) -> pl.DataFrame:
    """Each employer's warmest person (ties: the lowest id) of member_rows (or of rows with
    employer_key, warmth, person_id and display_name): employer_key, warmth, person_id,
    display_name. Ranked within each employer: sorting all members by employer, warmth and id
    cost three times as much at a million records."""
    return (rows.group_by("employer_key")
            .agg(pl.col("warmth", "person_id", "display_name")
                 .sort_by(["warmth", "person_id"], descending=[True, False], nulls_last=True)
                 .first()))


def static_columns(rows: pl.DataFrame) -> pl.DataFrame:
    """What no warmth moves, per employer: its name, how many people now and before, their
    networks."""
    names = (rows.group_by("employer_key", "organization").agg(pl.len().alias("n"))
             .sort(["employer_key", "n", "organization"], descending=[False, True, False])
             .unique("employer_key", keep="first", maintain_order=True)
             .select("employer_key", "organization"))
    agg = rows.group_by("employer_key").agg(
        pl.col("person_id").filter(pl.col("now")).n_unique().alias("people_now"),
        pl.col("person_id").filter(~pl.col("now")).n_unique().alias("people_before"),
        pl.col("networks").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls()
        .unique().sort().alias("networks"))
    return agg.join(names, on="employer_key")


def finish(static: pl.DataFrame, warm: pl.DataFrame, targets: list) -> pl.DataFrame:
    """schema.COMPANIES from static_columns() and warmest(), most people first."""
    warm = warm.select("employer_key", pl.col("warmth").alias("warmest"),
                       pl.col("person_id").alias("warmest_person_id"),
                       pl.col("display_name").alias("warmest_name"))
    out = static.join(warm, on="employer_key")
    if targets:
        out = out.join(_keys(targets).rename({"ekey": "employer_key"}), on="employer_key",
                       how="left")
    out = schema.conform(out, schema.COMPANIES)
    return out.with_columns((pl.col("people_now") + pl.col("people_before")).alias("_n")).sort(
        ["_n", "warmest", "organization"], descending=[True, True, False],
        nulls_last=True).drop("_n")


class TargetExists(Exception):
    """The company is already a target (or the name of one)."""


def add_target(path: Path, company: str) -> None:
    """Append `[[target]] company = NAME` to the targets file (created if missing), after
    checking that the file with it still parses; the file is otherwise left as written."""
    company = company.strip()
    if not company:
        raise RulesError("the company name is empty.")
    text = path.read_text("utf-8") if path.exists() else ""
    # A JSON string is a valid TOML basic string (quotes, backslashes, controls escaped).
    block = f"\n[[target]]\ncompany = {json.dumps(company, ensure_ascii=False)}\n"
    new = text + ("" if text.endswith("\n") or not text else "\n") + block
    import tomllib

    try:
        raw = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path} is not valid TOML ({exc}).") from exc
    try:
        parse_targets(raw, path)
    except RulesError as exc:
        if "listed twice" in str(exc) or "also a name of" in str(exc):
            # "'Facebook' is already in targets.toml" of a file that says only Meta left the
            # user looking for a line that is not there (user36)
            owner = target_named(parse_targets(tomllib.loads(text), path), company)
            known = (f", as {owner!r} (one employer's two names)"
                     if owner and owner.casefold() != company.casefold() else "")
            raise TargetExists(f"{company!r} is already in {path}{known}.") from exc
        raise
    if path.exists():
        read_toml(path)  # the file as it is must be readable too
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(new, "utf-8")
    tmp.replace(path)
