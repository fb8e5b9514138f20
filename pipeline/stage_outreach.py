"""The last stage's runner: the user's notes and ledger meet the data and the worksheets are
written. stage_runs.RUNNERS calls it with the run's Context; the notes sync and the
introductions answered are written to the user's files only once the run is published.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import polars as pl

from pipeline import redate, refresh, user_writes
from pipeline.config import Config
from pipeline.enrich import drafts as drafts_mod
from pipeline.enrich import intro_decisions
from pipeline.incremental import worksheet_csv, worksheet_rows
from pipeline.notes import ledger, ledger_keys
from pipeline.notes.notes_file import identity_moves, load_notes, plan_sync
from pipeline.worksheets import plan_week
from pipeline.worksheets.render import render

if TYPE_CHECKING:
    from pipeline.stage_runs import Context

log = logging.getLogger("kith")


def _drafts(cfg: Config) -> dict | None:
    """The user's message templates (drafts.toml beside the targets file), else built-in."""
    targets = cfg.files.get("targets")
    try:
        return drafts_mod.load(targets.parent / "drafts.toml" if targets else None)
    except drafts_mod.DraftError as exc:
        log.warning("%s The built-in message templates are used.", exc)
        return None


def _own_cards(ctx: Context) -> pl.Series | None:
    """Context.own_cards; when the tag stage did not run, the current run's kept table (none
    in a run from before it was kept, or a batch owner's: then nobody is left out)."""
    if ctx.own_cards is not None:
        return ctx.own_cards
    path = ctx.out / "current" / f"{redate.OWN_CARDS_TABLE}.parquet"
    try:
        return pl.read_parquet(path, columns=["person_id"])["person_id"]
    except (OSError, pl.exceptions.PolarsError):
        return None


def run_outreach(ctx: Context) -> dict[str, pl.DataFrame]:
    """The user's notes and ledger meet the data; the worksheets are written."""
    from pipeline.stage_runs import _parsed, _same_as_current  # stage_runs imports this module

    tg, dd = ctx.tables["tag"], ctx.tables["dedupe"]
    notes_path = ctx.cfg.files["notes"]
    # The user's files are computed here and written only once the run is published.
    memo = worksheet_rows.Memo()
    pending = None  # the notes sync, when the notes are not in sync
    if ctx.prefetch is not None:  # re-dated, with the same notes (read during the tag stage)
        memo, notes = ctx.prefetch.result()
    elif ctx.notes_in_sync:
        notes = refresh.cached_notes(ctx.out, notes_path, load_notes)
    else:
        pending = plan_sync(notes_path, tg["people"], dd["lineage"])  # NotesError: exit 2
        notes = pending.notes
        ctx.stats["outreach"] = {"notes_rows_kept": pending.rows_kept}
    ctx.notes = notes
    try:
        led = ledger.load_ledger(ledger.ledger_path(notes_path))
    except ledger.LedgerError as exc:
        log.warning("the ledger could not be read (%s); worksheets show no ledger.", exc)
        led = ledger.empty_ledger()
    # dedupe reused: every id maps to itself, nobody was merged away
    moves, splits = ({}, {}) if ctx.dedupe_reused else identity_moves(tg["people"],
                                                                       dd["lineage"])
    led = ledger_keys.rekeyed(led, moves, splits)
    for message in ledger_keys.unsure_after_split(led, splits):
        log.warning(message)
    # the notes sync and answered introductions following a merge, on disk once published
    ctx.after_publish.extend(user_writes.deferred(notes_path, pending, moves))
    people = ledger.apply_to_people(tg["people"], notes, led, ctx.as_of,
                                    _parsed("rules", ctx.cfg.files.get("networks")).dormant)
    if ctx.tag_redated:  # the columns no date moves are the current run's tag table's
        ctx.splice["outreach/people"] = redate.people_splice(ctx.out)
    if ctx.write_early is not None:  # 74 MB at a million records, written meanwhile
        ctx.write_early("outreach", "people", people)
    folder = ctx.staging.directory("worksheets")
    # re-dated, with the same notes: the rows' parts that do not move with the date are the
    # current run's (pipeline.incremental.worksheet_rows)
    if ctx.tag_redated and ctx.notes_in_sync and ctx.prefetch is None:
        memo = worksheet_rows.load(ctx.out / "current")
        memo.csv_previous = worksheet_csv.load(ctx.out / "current")
    if memo is not None and ctx.write_early is not None:
        # kept tables go to the writer as the worksheets make them
        memo.fresh = _Handed(ctx, memo.fresh)
    keep: dict[str, pl.DataFrame] = {}
    written = render(folder, people=people, networks=tg["networks"], targets=tg["targets"],
                     review=dd["review"], notes=notes, reciprocity=ledger.reciprocity(led, ctx.as_of),
                     changes=ctx.tables["changes"]["changes"],
                     first_run=bool(ctx.stats.get("changes", {}).get("no_previous_run")),
                     openings=tg["openings"], companies=tg["companies"],
                     drafts=_drafts(ctx.cfg),
                     refreshed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                     as_of=ctx.as_of, plan_sizes=ctx.cfg.plan,
                     intro_closed=intro_decisions.load_beside(notes_path, moves), keep=keep,
                     intro_exclude=_own_cards(ctx),
                     memo=memo, sender=drafts_mod.sender_name(ctx.tables["normalize"]["owner"]),
                     plan_kept=plan_week.kept(ctx.out / "current", ctx.as_of),
                     plan_shown=plan_week.shown(ctx.out / "current"))
    # who this plan shows, kept through its week by the next runs (a batch's owner too), and
    # when each was last shown, for the rotation of the weeks after
    ctx.extra[plan_week.REL] = keep["plan_week"]
    ctx.extra[plan_week.SHOWN_REL] = keep["plan_shown"]
    ctx.stats["outreach"] = {**ctx.stats.get("outreach", {}), "worksheet_files": len(written),
                             "prefetched": ctx.prefetch is not None}
    if memo is not None:
        ctx.extra.update(memo.fresh)  # kept for the next re-dated night
        ctx.stats["outreach"].update(rows_from_memo=memo.used,
                                     csv_rows_encoded=memo.csv_rows_encoded,
                                     csv_files_spliced=memo.csv_spliced)
    if ctx.dedupe_reused and _same_as_current(ctx.out, "outreach", "introductions",
                                              keep["introductions"]):
        ctx.unchanged.add("outreach/introductions")
    return {"people": people, "introductions": keep["introductions"]}


class _Handed(dict):
    """A run's tables kept for the next night (memo.fresh, "stages/<stage>/<table>" -> frame),
    each handed to the run's writer as it is set: ~2 s of encoding at a million people that
    otherwise waited for the worksheets to finish."""

    def __init__(self, ctx: Context, tables: dict[str, pl.DataFrame]) -> None:
        super().__init__()
        self.ctx = ctx
        self.update(tables)

    def __setitem__(self, rel: str, frame: pl.DataFrame) -> None:
        super().__setitem__(rel, frame)
        parts = rel.split("/")
        if len(parts) == 3 and parts[0] == "stages":
            self.ctx.write_early(parts[1], parts[2], frame)
            self.ctx.extra_written.add(rel)

    def update(self, *args, **kwargs) -> None:
        for rel, frame in dict(*args, **kwargs).items():
            self[rel] = frame

    def __ior__(self, other):
        self.update(other)
        return self
