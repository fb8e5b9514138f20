"""What each stage of a run computes: the stage runners `run` calls in order, and the context
they share. Each runner takes the tables of the stages before it (ctx.tables) and returns its
own; run.py stages, persists and publishes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import changes as changes_mod
from pipeline import redate, refresh, schema
from pipeline.config import Config
from pipeline.dedupe import decisions as decisions_mod
from pipeline.dedupe import review as review_priority
from pipeline.dedupe.ids import carried_over, load_state
from pipeline.errors import Failed, is_internal
from pipeline.incremental import worksheet_rows
from pipeline.incremental.roles import known_roles
from pipeline.notes import ledger
from pipeline.notes.notes_file import load_notes
from pipeline.outputs import Splice, Staging, read_stage_table
from pipeline.stage_inputs import (  # noqa: F401 - NoInputError, _normalize: public here too
    INGEST_TABLES,
    NORMALIZE_TABLES,
    NoInputError,
    _normalize,
    _run_ingest,
    _run_normalize,
)
from pipeline.stage_outreach import run_outreach
from pipeline.tagging.rules import load_rules
from pipeline.tagging.stage import tag
from pipeline.tagging.targets import load_targets

log = logging.getLogger("kith")


# Stage name -> the tables it persists under DIR/stages/<stage>/ (and re-reads when skipped).
STAGE_TABLES: dict[str, dict[str, dict]] = {
    "ingest": INGEST_TABLES,
    "normalize": NORMALIZE_TABLES,
    "dedupe": {"records": schema.RECORDS, "people": schema.PEOPLE, "pairs": schema.PAIRS,
               "review": schema.REVIEW, "lineage": schema.LINEAGE, "queue": schema.QUEUE},
    "tag": {"people": schema.PEOPLE, "networks": schema.NETWORKS, "targets": schema.TARGETS,
            "openings": schema.OPENINGS, "companies": schema.COMPANIES},
    "changes": {"changes": changes_mod.CHANGES},
    "outreach": {"people": schema.PEOPLE, "introductions": schema.INTRODUCTIONS},
}


ORDER = tuple(STAGE_TABLES)


@dataclass
class Context:
    cfg: Config
    inputs: list[Path]
    out: Path
    as_of: dt.date
    debug: bool
    progress: object
    tables: dict[str, dict[str, pl.DataFrame]] = field(default_factory=dict)
    extra: dict[str, pl.DataFrame] = field(default_factory=dict)  # non-stage files to publish
    extra_written: set[str] = field(default_factory=set)  # those the stage writer wrote already
    stats: dict[str, dict] = field(default_factory=dict)  # per-stage figures for the manifest
    cache_keys: set[str] | None = None  # stage-1 cache entries this run used
    staging: Staging | None = None
    ingest_workers: int | None = None  # None: both cores when the input is large
    # Writes to the user's own files (notes, ledger), done only after the run is published.
    after_publish: list = field(default_factory=list)
    # Dedupe was reused and notes.csv is as the current run left it: syncing it again would
    # change nothing (same people, every id mapping to itself), so it is only read.
    notes_in_sync: bool = False
    dedupe_reused: bool = False  # an incremental run took dedupe (and before) from the current
    redate_from: dt.date | None = None  # only the as-of date moved, from this one (redate.py)
    notes: pl.DataFrame | None = None  # the notes as outreach read them (cached for the next run)
    # "stage/table" whose frame is the current run's table unchanged: the run's folder already
    # holds it (Staging(inherit=True) hard-links the current run's files), so it is not written
    unchanged: set[str] = field(default_factory=set)
    on_stage: object = None  # called with each stage's name as it starts, then "publish"
    # kith run without --full: a stage that runs again may reuse rows of the current run's
    # tables (pipeline.incremental); `fingerprint`: this run's, to check they were made alike
    incremental: bool = False
    fingerprint: dict | None = None
    tag_redated: bool = False  # the tag stage re-dated the current run's tables (redate.py)
    # re-dated with the same notes: outreach's reads of the current run, made during tag
    # (pipeline.incremental.worksheet_rows.Prefetch)
    prefetch: object = None
    # stage -> its core result computed beforehand, for several owners at once (a batch's
    # group: pipeline/batch/group.py); the stage runner takes it instead of computing it
    ahead: dict[str, dict] = field(default_factory=dict)
    # write_early(stage, table, frame): a stage starts writing one of its tables before it
    # ends (outreach's people, while the worksheets are made); `early`: "stage/table" -> the
    # frame being written, which is not written again when the stage ends
    write_early: object = None
    early: dict[str, pl.DataFrame] = field(default_factory=dict)
    # "stage/table" -> how to write it without encoding the columns that did not move (a
    # re-dated night's people tables: redate.people_splice)
    splice: dict[str, Splice] = field(default_factory=dict)
    # the owner's own cards (the tag stage's, or the current run's when tag did not run):
    # never a side of an introduction you could make (you do not introduce yourself)
    own_cards: pl.Series | None = None
    # the notes file as the last sync left it, read once for the run's review priority and its
    # changes ("back"); a tuple so that a file that is not there is remembered too
    notes_before_sync: tuple[pl.DataFrame | None] | None = None


def _notes_before_sync(ctx: Context) -> pl.DataFrame | None:
    """The notes file as the last run's sync left it, or None. A notes file kith cannot read
    costs only what is read from it before the outreach stage; that stage reports it."""
    if ctx.notes_before_sync is None:
        ctx.notes_before_sync = (_read_notes(ctx),)
    return ctx.notes_before_sync[0]


def _read_notes(ctx: Context) -> pl.DataFrame | None:
    # parsed once per content: the outreach stage of the last run cached it
    return refresh.read_notes(ctx.cfg, ctx.out)


def _review_priority(ctx: Context) -> review_priority.Priority:
    """What makes a review answer matter: your notes and your target companies (the same
    reading the run's fingerprint made, refresh.review_priority)."""
    return refresh.review_priority(ctx.cfg, _notes_before_sync(ctx))


def _run_dedupe(ctx: Context) -> dict[str, pl.DataFrame]:
    from pipeline.dedupe import job_change
    from pipeline.dedupe.pets import pets_ahead
    from pipeline.dedupe.stage import dedupe

    with pets_ahead(ctx.ahead.pop("dedupe_pets", None)):
        records = ctx.tables["normalize"]["records"]
        previous = carried_over(load_state(ctx.out), records,
                                ctx.out / "current" / "records.parquet")
        # yesterday's evidence of job changes (dedupe/job_change.py): the published run's
        history = job_change.load(ctx.out) if previous is not None else None
        result = dedupe(records, decisions_mod.load(ctx.cfg.files.get("decisions")),
                        previous, ctx.cfg.thresholds, _review_priority(ctx), history=history,
                        # built with other owners' records (kith batch)
                        feats=ctx.ahead.pop("dedupe_features", None),
                        block=ctx.ahead.pop("dedupe_blocked", None),
                        split=ctx.ahead.pop("dedupe_split", None),
                        loose=ctx.ahead.pop("dedupe_loose", None))
    ctx.extra["state/person_ids"] = result.state
    ctx.extra[job_change.FILE] = result.job_changes
    # whenever dedupe runs (kept or not, an inherited one would describe another state)
    ctx.extra[refresh.NEXT_LINEAGE] = refresh.next_lineage(result.state, result.records)
    ctx.stats["dedupe"] = result.stats
    # the pairs with their levels held as codes: written as text (outputs.write_parquet)
    return {"records": result.records, "people": result.people, "pairs": result.held_pairs,
            "review": result.review, "lineage": result.lineage, "queue": result.queue}


def rerank_review(ctx: Context) -> None:
    """Dedupe taken from the current run, whose review queue was ranked for other notes,
    targets or limit: the queue ranked again from the run's own tables (review.rerank), as
    a dedupe of the same records would rank it today."""
    dd = ctx.tables["dedupe"]
    pairs, review, queue = review_priority.rerank(
        dd["pairs"], dd["queue"], dd["records"], ctx.cfg.thresholds.review_limit,
        _review_priority(ctx))
    for name, frame in (("pairs", pairs), ("review", review), ("queue", queue)):
        dd.replace(name, frame)
    log.info("the review queue was ranked again for your notes, target companies and review "
             "limit, without weighing the pairs again.")


def _previous(out: Path, name: str, columns: list[str]) -> pl.DataFrame | None:
    """`columns` of a table of the run that is current before this one becomes current: the
    changes read 5 of the people table's ~40 columns and the interactions' ids alone (the
    whole tables were ~0.5 GiB read at a million records)."""
    path = out / f"{name}.parquet"
    try:
        return pl.read_parquet(path, columns=columns) if path.exists() else None
    except BaseException as exc:  # a damaged previous table only costs the comparison
        if not is_internal(exc):  # a library's panic counts too
            raise
        log.warning("the previous %s table is unreadable; changes are not reported.", name)
        return None


def _parsed(kind: str, path: Path | None):
    """The rules or targets file parsed, once per content in a process (a batch worker runs
    many owners with the same files; compiling the keyword rules costs ~0.3 s)."""
    return _parse_cached(kind, str(path) if path else None, refresh.file_digest(path))


@functools.lru_cache(maxsize=16)
def _parse_cached(kind: str, path: str | None, digest: str):
    p = Path(path) if path else None
    return load_rules(p) if kind == "rules" else tuple(load_targets(p))


def _ledger_quiet(ctx: Context) -> bool:
    """No ledger entry is dated between the kept run's as-of date and this one: the give/ask
    figures (ledger.reciprocity, counted up to the as-of date) are the kept run's, so the
    night may be re-dated (as redate.window_is_quiet for the exports' interactions)."""
    notes_path = ctx.cfg.files.get("notes")
    if notes_path is None:
        return True
    try:
        entries = ledger.load_ledger(ledger.ledger_path(notes_path))
    except ledger.LedgerError:
        return False  # computed in full; the outreach stage says what is wrong with it
    return not ledger.dated_between(entries, ctx.redate_from, ctx.as_of)


def _run_tag(ctx: Context) -> dict[str, pl.DataFrame]:
    dd, norm = ctx.tables["dedupe"], ctx.tables["normalize"]
    files = ctx.cfg.files
    ahead = ctx.ahead.pop("tag", None)  # computed with other owners' (kith batch)
    kept = redate.kept(ctx.out) if ctx.redate_from else None
    if kept is not None and redate.window_is_quiet(
            ctx.out / "stages" / "normalize" / "interactions.parquet", ctx.redate_from,
            ctx.as_of) and _ledger_quiet(ctx):
        # only the as-of date moved: the date-dependent columns of the current run's tables
        if ctx.notes_in_sync:  # what outreach reads from the current run, read meanwhile
            notes_path = ctx.cfg.files["notes"]
            ctx.prefetch = worksheet_rows.Prefetch(
                ctx.out / "current", lambda: refresh.cached_notes(ctx.out, notes_path,
                                                                   load_notes))
        # with the same notes, the people's columns a night only copies are not read
        # (redate.NIGHT_PEOPLE; outreach then needs no other: notes_in_sync)
        read = redate.read_tag_table if ctx.notes_in_sync else read_stage_table
        tables, stats, unchanged = redate.redated(
            refresh.StageTables(ctx.out / "stages" / "tag", STAGE_TABLES["tag"], read), kept,
            lambda: dd["records"], norm["owner"],
            rules=_parsed("rules", files.get("networks")),
            targets=list(_parsed("targets", files.get("targets"))), as_of=ctx.as_of)
        ctx.stats["tag"] = {**stats, "redated_from": ctx.redate_from.isoformat()}
        ctx.tag_redated = True
        ctx.unchanged |= {f"tag/{t}" for t in unchanged}
        ctx.splice["tag/people"] = redate.people_splice(ctx.out)
        ctx.own_cards = kept[redate.OWN_CARDS_TABLE]["person_id"]
        return tables
    known = known_roles(ctx.out, ctx.fingerprint) if ctx.incremental else None
    rules = _parsed("rules", files.get("networks"))
    if ahead and ahead.get("rules") is not rules:  # matched against other rules: not these
        ahead = {k: v for k, v in ahead.items() if k != "hits"}
    result = tag(dd["people"], dd["records"], norm["interactions"], norm["owner"],
                 rules=rules,
                 targets=list(_parsed("targets", files.get("targets"))),
                 decisions=decisions_mod.load(files.get("decisions")), as_of=ctx.as_of,
                 known_roles=known, ahead=ahead)
    ctx.stats["tag"] = {**result.stats,
                        "roles_known_titles": known.height if known is not None else 0}
    ctx.own_cards = result.own_cards
    # kept for a re-dated night (redate.kept_schemas), `kith run`'s and a batch owner's
    ctx.extra.update(redate.kept_tables(result.linked, result.company_members,
                                        result.own_cards, result.people))
    return {"people": result.people, "networks": result.networks, "targets": result.targets,
            "openings": result.openings, "companies": result.companies}


def _run_changes(ctx: Context) -> dict[str, pl.DataFrame]:
    dd = ctx.tables["dedupe"]
    previous = None
    if ctx.dedupe_reused:
        # the same people (ids, names, organisations, titles) and interactions as the current
        # run: comparing them with it finds nothing (tests/test_incremental.py checks)
        frame = schema.empty(changes_mod.CHANGES)
    else:
        notes = _notes_before_sync(ctx)
        gone = None if notes is None else notes.filter(
            pl.col("kith_status").str.starts_with("gone"))["person_id"]
        previous = _previous(ctx.out, "people", changes_mod.PEOPLE_READ)
        frame = changes_mod.compute(previous, ctx.tables["tag"]["people"], dd["lineage"],
                                    _previous(ctx.out, "interactions", ["interaction_id"]),
                                    ctx.tables["normalize"]["interactions"], gone)
    ctx.stats["changes"] = {k: int(v) for k, v in
                            frame.group_by("change").len().iter_rows()}
    if previous is None and not ctx.dedupe_reused:
        # nothing to compare with (a first run): not "nothing changed" (user34)
        ctx.stats["changes"]["no_previous_run"] = 1
    return {"changes": frame}


def from_stage(name: str) -> tuple[str, ...]:
    """That stage and every one after it."""
    return ORDER[ORDER.index(name):]


def _same_as_current(out: Path, stage: str, table: str, frame: pl.DataFrame) -> bool:
    """`frame` equals the current run's stage table (then its file is kept, not rewritten)."""
    try:
        before = read_stage_table(out / "current" / "stages" / stage / f"{table}.parquet",
                                  STAGE_TABLES[stage][table])
    except Failed:
        return False
    return before.schema == frame.schema and before.equals(frame)


RUNNERS = {"ingest": _run_ingest, "normalize": _run_normalize, "dedupe": _run_dedupe,
           "tag": _run_tag, "changes": _run_changes, "outreach": run_outreach}

