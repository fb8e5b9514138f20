"""The pipeline as library functions: each stage reads and writes its tables under DIR.

The CLI is a thin layer over these. Stage tables live in DIR/stages/<stage>/ so any stage can
be re-run from the previous one's output (`kith normalize` re-runs stage 2 only).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline import __version__, cache, clock, redate, refresh, schema, user_writes
from pipeline import config as config_mod
from pipeline.config import Config
from pipeline.dedupe.ids import STATE_VERSION, load_state
from pipeline.derived_writes import submit
from pipeline.errors import Failed
from pipeline.notes import ledger
from pipeline.notes.notes_file import NotesError
from pipeline.outputs import Released, Staging, StaleTable, read_stage_table, run_lock, write_json
from pipeline.progress import Progress
from pipeline.stage_runs import (  # noqa: F401 - NoInputError, ORDER, from_stage, _parsed: public here too
    ORDER,
    RUNNERS,
    STAGE_TABLES,
    Context,
    NoInputError,
    _parsed,
    from_stage,
    rerank_review,
)

log = logging.getLogger("kith")


@dataclass
class RunReport:
    run_id: str
    out: Path
    counts: dict[str, int] = field(default_factory=dict)
    stages: dict[str, dict] = field(default_factory=dict)
    files: pl.DataFrame | None = None
    rejects: pl.DataFrame | None = None
    reused: bool = False  # nothing changed: the current run was kept as it is
    reused_stages: list[str] = field(default_factory=list)  # taken from the current run

    @property
    def n_rejects(self) -> int:
        return self.rejects.height if self.rejects is not None else 0


def _crash_point(where: str) -> None:
    """Fault-injection for the crash-safety tests: KITH_TEST_CRASH_AT=<where> kills the run."""
    if os.environ.get("KITH_TEST_CRASH_AT") == where:
        os.kill(os.getpid(), signal.SIGKILL)


def new_run_id() -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{now}-{secrets.token_hex(3)}"


def _manifest(report: RunReport, started: float, as_of: dt.date, inputs: list[Path],
              files: dict) -> dict:
    return {
        "kith_version": __version__,
        "schema_version": schema.SCHEMA_VERSION,
        "run_id": report.run_id,
        "started_at": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "as_of": as_of.isoformat(),
        "inputs": [str(p) for p in inputs],
        # the user's own files this run was made with (notes, ledger beside them, decisions,
        # ...): `kith note --out DIR` of a batch owner acts on the owner's, not on the working
        # folder's default (cli_base.read_config)
        config_mod.RUN_FILES: {k: str(Path(v).absolute()) for k, v in sorted(files.items())},
        "counts": report.counts,
        "stages": report.stages,
    }


# Tables no later stage reads, dropped once persisted: at a million records the raw contacts,
# both stages' records and the pairs are ~2 GiB that later stages would otherwise carry.
RELEASE_AFTER = {"normalize": (("ingest", "contacts"),),
                 "dedupe": (("normalize", "records"), ("dedupe", "pairs")),
                 "tag": (("dedupe", "records"), ("dedupe", "people"))}

# Output contract: DIR/<name>.parquet <- (stage, table).
PUBLISHED = {
    "records": ("dedupe", "records"),
    "people": ("outreach", "people"),
    "networks": ("tag", "networks"),
    "targets": ("tag", "targets"),
    "openings": ("tag", "openings"),
    "companies": ("tag", "companies"),
    "introductions": ("outreach", "introductions"),
    "pairs": ("dedupe", "pairs"),
    "review": ("dedupe", "review"),
    "changes": ("changes", "changes"),
    "interactions": ("normalize", "interactions"),
    "owner": ("normalize", "owner"),
    "rejects": ("ingest", "rejects"),
    "files": ("ingest", "files"),
}


# Top-level names in DIR that always point into the current run.
LINKS = (*(f"{name}.parquet" for name in PUBLISHED), "manifest.json", "stages", "state",
         "worksheets")


def _read_earlier_stages(ctx: Context, first: int) -> int:
    """Read the stage tables a partial run starts from. A table of another schema version is
    rebuilt: the run starts at its stage instead (the first stage needs the inputs)."""
    for i, name in enumerate(ORDER[:first]):
        try:
            ctx.tables[name] = refresh.StageTables(ctx.out / "stages" / name,
                                                   STAGE_TABLES[name], read_stage_table)
        except StaleTable as exc:
            if i == 0:
                ctx.inputs = ctx.inputs or ctx.cfg.inputs
                if not ctx.inputs:
                    raise Failed(f"{exc} Run `kith run INPUT...` to rebuild it from your "
                                 "exports.") from exc
            log.warning("%s Rebuilding it: this run starts at the %s stage.", exc, name)
            for stale in ORDER[i:first]:
                ctx.tables.pop(stale, None)
            return i
    return first


def _stages(ctx: Context, report: RunReport, first: int, last: int, incremental: bool,
            pause_before: frozenset[str] = frozenset()):
    """Stages first..last computed (earlier ones read back) and their tables written. A
    generator: before each stage named in `pause_before` it yields (name, ctx), so a caller
    running several owners can compute part of that stage for all of them at once and leave
    the result in ctx.ahead (pipeline/batch/group.py)."""
    staging, progress = ctx.staging, ctx.progress
    live = progress if isinstance(progress, Progress) else None
    # Stage tables are written in a background thread while later stages compute (the
    # Parquet writer releases the GIL). Ingest's tables wait for normalize: it may still
    # drop rows of people you asked kith to forget.
    with ThreadPoolExecutor(1, thread_name_prefix="kith-write") as writer:
        pending = []

        def early(stage: str, table: str, frame: pl.DataFrame) -> None:
            ctx.early[f"{stage}/{table}"] = frame
            pending.append(submit(writer, ctx, stage, table, frame))

        ctx.write_early = early

        def persist(stage: str, only: tuple[str, ...] | None = None) -> None:
            for t in ctx.tables[stage]:
                # `only` first: a reused stage's tables are read from disk when looked at
                # (refresh.StageTables), and a re-dated night persists dedupe's lineage alone
                if only is not None and t not in only:
                    continue
                if ctx.early.get(f"{stage}/{t}") is ctx.tables[stage][t]:
                    continue  # the stage started writing this very frame already
                if f"{stage}/{t}" in ctx.unchanged and staging.inherit and staging.path(
                        f"stages/{stage}/{t}.parquet").exists():
                    continue  # the current run's file, hard-linked into this run already
                pending.append(submit(writer, ctx, stage, t, ctx.tables[stage][t]))

        first = _read_earlier_stages(ctx, first)
        if first <= ORDER.index("dedupe"):  # a stale stage table put dedupe back in the run
            ctx.dedupe_reused = ctx.notes_in_sync = False
        if incremental and first > ORDER.index("dedupe") and not refresh.lineage_is_identity(
                ctx.out):
            _relineage(ctx, persist)
        if incremental and first > ORDER.index("dedupe") and refresh.queue_moved(
                ctx.out, ctx.fingerprint):
            rerank_review(ctx)
            persist("dedupe", only=("pairs", "review", "queue"))
        for name in ORDER[first: last + 1]:
            t0 = time.perf_counter()
            if ctx.on_stage is not None:
                ctx.on_stage(name)
            if name in pause_before:
                yield name, ctx
                t0 = time.perf_counter()
            if live:
                live.stage_started(name)
            produced = RUNNERS[name](ctx)
            ctx.tables[name] = produced
            info = {"seconds": round(time.perf_counter() - t0, 3),
                    "rows": {k: v.height for k, v in produced.items()}}
            if live:
                live.stage_done(name, info["rows"], info["seconds"])
            info.update(ctx.stats.get(name, {}))
            report.stages[name] = info
            _crash_point(f"after-{name}")
            if name == "normalize" and first == 0:
                persist("ingest")
            if name != "ingest" or last == 0:
                persist(name)
            if last == len(ORDER) - 1:  # the run publishes: its other files are written now too
                for rel in ctx.extra.keys() - ctx.extra_written:
                    pending.append(writer.submit(staging.table, ctx.extra[rel], f"{rel}.parquet"))
                    ctx.extra_written.add(rel)
            for stage, table in RELEASE_AFTER.get(name, ()):
                tables = ctx.tables.get(stage)
                if isinstance(tables, dict) and table in tables:  # computed, not read back
                    tables[table] = Released(tables[table].height)
                ctx.early.pop(f"{stage}/{table}", None)  # nor kept for the writer's check
        for fut in pending:
            fut.result()  # an OutputError from the writer surfaces here


def _relineage(ctx: Context, persist) -> None:
    """Dedupe taken from the current run: its lineage rebuilt against the current state, as
    recomputing dedupe would (every id maps to itself)."""
    staging = ctx.staging
    dd = ctx.tables["dedupe"]  # the other tables stay unread until used
    kept = refresh.kept_lineage(staging.dir)  # inherited from the current run
    if kept is not None:  # made by the run that computed dedupe, for this night
        staging.link(f"{refresh.NEXT_LINEAGE}.parquet", "stages/dedupe/lineage.parquet")
        dd.repoint("lineage", staging.path("stages/dedupe/lineage.parquet"))
    else:
        dd.replace("lineage", refresh.identity_lineage(
            load_state(ctx.out), dd.column("records", "person_id")))
        persist("dedupe", only=("lineage",))


def _reused(out: Path, report: RunReport) -> RunReport:
    """Nothing changed since the current run: it stays current, nothing is written."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    report.run_id, report.counts, report.reused = manifest["run_id"], manifest["counts"], True
    report.files = pl.read_parquet(out / "files.parquet")
    report.rejects = pl.read_parquet(out / "rejects.parquet")
    return report


def run(cfg: Config, inputs: list[Path], out: Path, *, as_of: dt.date | None = None,
        stages: tuple[str, ...] = ORDER, debug: bool = False, progress=None,
        ingest_workers: int | None = None, lock_wait: float = 0.0,
        incremental: bool = False, on_stage=None) -> RunReport:
    """Run `stages` (a contiguous tail or slice of ORDER); earlier stages are read back from
    DIR/stages. The output contract is published only when the last stage runs. `lock_wait`:
    seconds to wait for another run holding DIR (default: fail at once). `progress`: a
    pipeline.progress.Progress (a line per stage), or a (files done, total) callback.
    `incremental` (all stages asked for): stages whose inputs did not change since the current
    run are taken from it (pipeline.refresh); nothing changed: the current run stays.
    `on_stage(name)` is called as each stage starts (kith serve shows it), and with "publish"
    at the end."""
    return drive(run_steps(cfg, inputs, out, as_of=as_of, stages=stages, debug=debug,
                           progress=progress, ingest_workers=ingest_workers,
                           lock_wait=lock_wait, incremental=incremental, on_stage=on_stage))


def drive(steps):
    """A generator run to its end: its return value."""
    try:
        while True:
            next(steps)
    except StopIteration as stop:
        return stop.value


def run_steps(cfg: Config, inputs: list[Path], out: Path, *, as_of: dt.date | None = None,
              stages: tuple[str, ...] = ORDER, debug: bool = False, progress=None,
              ingest_workers: int | None = None, lock_wait: float = 0.0,
              incremental: bool = False, on_stage=None,
              pause_before: frozenset[str] = frozenset()):
    """`run` as a generator returning the RunReport: it yields (stage, ctx) before each stage
    in `pause_before` (a batch's group computes part of that stage for several owners at
    once, pipeline/batch/group.py), and nothing else."""
    as_of = as_of or clock.today()
    started = time.time()
    report = RunReport(new_run_id(), out)
    ctx = Context(cfg, inputs, out, as_of, debug, progress, ingest_workers=ingest_workers,
                  on_stage=on_stage)
    with run_lock(out, lock_wait):
        # a run killed between publish and notes, or whose notes write failed
        settled = user_writes.finish_previous(cfg, out)
        todo, fp = refresh.plan(cfg, inputs, out, as_of, tuple(stages), ORDER, incremental)
        if not todo:  # nothing changed
            return _reused(out, report)
        if not settled:  # publishing now would strand what the current run owes
            raise Failed(user_writes.owed_message(cfg.files.get("notes")))
        if tuple(stages) == ORDER:
            ctx.incremental, ctx.fingerprint = incremental, fp
            report.reused_stages = list(ORDER[:ORDER.index(todo[0])])
            ctx.dedupe_reused = incremental and "dedupe" in report.reused_stages
            ctx.notes_in_sync = ctx.dedupe_reused and refresh.notes_unchanged(out, fp)
            if incremental and refresh.only_as_of_moved(refresh.current_fingerprint(out), fp):
                ctx.redate_from = redate.previous_as_of(out)
        stages = todo
        first = min(ORDER.index(s) for s in stages)
        last = max(ORDER.index(s) for s in stages)
        with Staging(out, report.run_id, keep=cfg.keep_runs,
                     inherit=first > 0 or last < len(ORDER) - 1) as staging:
            ctx.staging = staging
            # an inherited fingerprint would describe the run this one replaces
            staging.path(refresh.FINGERPRINT).unlink(missing_ok=True)
            yield from _stages(ctx, report, first, last, incremental, pause_before)
            _publish(ctx, report, last, started)
            written = _write_user_files(ctx)
            if written:
                (staging.final / user_writes.PENDING).unlink(missing_ok=True)
            if fp is not None and written:
                # recorded last, from the files as this run left them: a run killed before
                # this point is simply recomputed next time
                end = _end_parts(ctx, fp)
                write_json({**fp, **end}, staging.final / refresh.FINGERPRINT)
                if ctx.notes is not None:  # what load_notes reads back from the file written
                    refresh.cache_notes(out, end["notes"], ctx.notes)
            if ctx.cache_keys is not None:
                cache.prune(out / "cache" / "ingest", ctx.cache_keys)
    return report


def _end_parts(ctx: Context, fp: dict) -> dict[str, str]:
    """The AT_END parts as this run leaves them. A run that wrote none of those files (no
    notes or ledger write, the id state hard-linked from the current run) leaves them as
    the fingerprint found them at its start: hashing a 600,000-person notes file again
    costs ~0.4 s. A file the user edited meanwhile then differs from the recorded digest,
    so the next run recomputes what reads it (hashing it now would hide that edit)."""
    if ctx.after_publish or "state/person_ids" in ctx.extra:
        return refresh.end_parts(ctx.cfg, ctx.staging.final / "state" / "person_ids.parquet")
    return {k: fp[k] for k in refresh.AT_END}


def _publish(ctx: Context, report: RunReport, last: int, started: float) -> None:
    staging = ctx.staging
    if "ingest" in ctx.tables:
        report.files = ctx.tables["ingest"]["files"]
        report.rejects = ctx.tables["ingest"]["rejects"]
    if last == len(ORDER) - 1:
        for target, (stage, table) in PUBLISHED.items():
            staging.link(f"stages/{stage}/{table}.parquet", f"{target}.parquet")
        for rel, frame in ctx.extra.items():
            if rel not in ctx.extra_written:
                staging.table(frame, f"{rel}.parquet")
        staging.json({"state_version": STATE_VERSION}, "state/state.json")
        report.counts = {k: _height(ctx.tables[s], t) for k, (s, t) in PUBLISHED.items()}
    manifest = _manifest(report, started, ctx.as_of, ctx.inputs, ctx.cfg.files)
    manifest["stages_run"] = [n for n in ORDER if n in report.stages]
    staging.json(manifest, "manifest.json")
    if ctx.after_publish:  # removed once they are written (pipeline/user_writes.py)
        staging.json({"run_id": report.run_id}, user_writes.PENDING)
    _crash_point("before-publish")
    if ctx.on_stage is not None:
        ctx.on_stage("publish")
    staging.publish(LINKS)
    _crash_point("after-publish")


def _height(tables, table: str) -> int:
    """A table's row count; a stage taken from the current run is not read for it (at a
    million records the pairs table is read only to be counted otherwise)."""
    return tables.height(table) if isinstance(tables, refresh.StageTables) else \
        tables[table].height


def _write_user_files(ctx: Context) -> bool:
    """The notes and ledger writes the run deferred until it was published; False if one
    failed (the next run tries again)."""
    ok = True
    for write_user_files in ctx.after_publish:
        try:
            write_user_files()
        except (NotesError, ledger.LedgerError) as exc:
            ok = False
            log.warning("the run is published, but your notes could not be updated "
                        "(%s); the next run tries again.", exc)
    return ok
