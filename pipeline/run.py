"""The pipeline as library functions: each stage reads and writes its tables under DIR.

The CLI is a thin layer over these. Stage tables live in DIR/stages/<stage>/ so any stage can
be re-run from the previous one's output (`kith normalize` re-runs stage 2 only).
"""

from __future__ import annotations

import datetime as dt
import functools
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

from pipeline import __version__, cache, refresh, schema, suppress
from pipeline import changes as changes_mod
from pipeline.config import Config
from pipeline.dedupe import decisions as decisions_mod
from pipeline.dedupe import review as review_priority
from pipeline.dedupe.ids import STATE_VERSION, load_state
from pipeline.dedupe.stage import dedupe
from pipeline.enrich import drafts as drafts_mod
from pipeline.enrich import intro_decisions
from pipeline.errors import Failed
from pipeline.notes import ledger
from pipeline.notes.notes_file import NotesError, commit_sync, load_notes, merged_ids, plan_sync
from pipeline.outputs import Staging, StaleTable, read_stage_table, run_lock, write_json
from pipeline.progress import Progress
from pipeline.stages.ingest import IngestResult, ingest
from pipeline.stages.normalize import normalize_interactions, normalize_owner, normalize_records
from pipeline.tagging.rules import load_rules
from pipeline.tagging.stage import tag
from pipeline.tagging.targets import load_targets
from pipeline.worksheets.render import render

log = logging.getLogger("kith")

INGEST_TABLES = {
    "contacts": schema.CONTACTS_RAW,
    "interactions": schema.INTERACTIONS_RAW,
    "owner": schema.OWNER_RAW,
    "rejects": schema.REJECTS,
    "files": schema.FILES,
}


NORMALIZE_TABLES = {
    "records": schema.RECORDS,
    "interactions": schema.INTERACTIONS,
    "owner": schema.OWNER,
}


class NoInputError(Failed):
    """Nothing usable was found in the inputs (exit code 1)."""


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


def _stage_ingest(cfg: Config, inputs: list[Path], out: Path, debug: bool, progress,
                  workers: int | None = None) -> IngestResult:
    res = ingest(inputs, exclude=[out, *cfg.own_files()], limits=cfg.limits, workers=workers,
                 fallback_encoding=cfg.fallback_encoding, debug=debug, progress=progress,
                 cache_dir=out / "cache" / "ingest")
    if res.files.height == 0:
        raise NoInputError("No input files were found.")
    if res.files.filter(pl.col("status") == "ingested").height == 0:
        raise NoInputError("None of the input files is a contact export kith can read "
                           "(see the reasons above).")
    return res


def _normalize(cfg: Config, contacts, interactions, owner) -> dict[str, pl.DataFrame]:
    return {
        "records": normalize_records(contacts, default_region=cfg.default_region),
        "interactions": normalize_interactions(interactions),
        "owner": normalize_owner(owner),
    }


def _manifest(report: RunReport, started: float, as_of: dt.date, inputs: list[Path]) -> dict:
    return {
        "kith_version": __version__,
        "schema_version": schema.SCHEMA_VERSION,
        "run_id": report.run_id,
        "started_at": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "as_of": as_of.isoformat(),
        "inputs": [str(p) for p in inputs],
        "counts": report.counts,
        "stages": report.stages,
    }


# Stage name -> the tables it persists under DIR/stages/<stage>/ (and re-reads when skipped).
STAGE_TABLES: dict[str, dict[str, dict]] = {
    "ingest": INGEST_TABLES,
    "normalize": NORMALIZE_TABLES,
    "dedupe": {"records": schema.RECORDS, "people": schema.PEOPLE, "pairs": schema.PAIRS,
               "review": schema.REVIEW, "lineage": schema.LINEAGE},
    "tag": {"people": schema.PEOPLE, "networks": schema.NETWORKS, "targets": schema.TARGETS,
            "openings": schema.OPENINGS, "companies": schema.COMPANIES},
    "changes": {"changes": changes_mod.CHANGES},
    "outreach": {"people": schema.PEOPLE, "introductions": schema.INTRODUCTIONS},
}
ORDER = tuple(STAGE_TABLES)

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
    on_stage: object = None  # called with each stage's name as it starts, then "publish"


def _run_ingest(ctx: Context) -> dict[str, pl.DataFrame]:
    files_cb = ctx.progress.files if isinstance(ctx.progress, Progress) else ctx.progress
    res = _stage_ingest(ctx.cfg, ctx.inputs, ctx.out, ctx.debug, files_cb, ctx.ingest_workers)
    ctx.stats["ingest"] = {"files_parsed": res.files.height - res.cache_hits,
                           "files_from_cache": res.cache_hits}
    ctx.cache_keys = res.cache_keys
    return {"contacts": res.contacts, "interactions": res.interactions, "owner": res.owner,
            "rejects": res.rejects, "files": res.files}


def _run_normalize(ctx: Context) -> dict[str, pl.DataFrame]:
    ing = ctx.tables["ingest"]
    norm = _normalize(ctx.cfg, ing["contacts"], ing["interactions"], ing["owner"])
    digests = suppress.load(ctx.cfg.files.get("suppress"))
    ing, norm, n = suppress.apply(ing, norm, digests)
    ctx.tables["ingest"] = ing
    if n:
        ctx.stats["normalize"] = {"forgotten_rows": n}
    return norm


def _review_priority(ctx: Context) -> review_priority.Priority:
    """What makes a review answer matter: your notes and your target companies. A notes file
    kith cannot read costs only the ranking here; the outreach stage reports it."""
    notes = None
    path = ctx.cfg.files.get("notes")
    if path is not None and Path(path).exists():
        try:
            notes = load_notes(Path(path))
        except NotesError:
            notes = None
    names = [n for t in load_targets(ctx.cfg.files.get("targets")) for n in (t.company, *t.aliases)]
    return review_priority.priority_from(notes, names)


def _run_dedupe(ctx: Context) -> dict[str, pl.DataFrame]:
    result = dedupe(ctx.tables["normalize"]["records"],
                    decisions_mod.load(ctx.cfg.files.get("decisions")),
                    load_state(ctx.out), ctx.cfg.thresholds, _review_priority(ctx))
    ctx.extra["state/person_ids"] = result.state
    ctx.stats["dedupe"] = result.stats
    return {"records": result.records, "people": result.people, "pairs": result.pairs,
            "review": result.review, "lineage": result.lineage}


def _previous(out: Path, name: str) -> pl.DataFrame | None:
    """A table of the run that is current before this one becomes current."""
    path = out / f"{name}.parquet"
    try:
        return pl.read_parquet(path) if path.exists() else None
    except Exception:  # noqa: BLE001 - a damaged previous table only costs the comparison
        log.warning("kith: the previous %s table is unreadable; changes are not reported.", name)
        return None


def _parsed(kind: str, path: Path | None):
    """The rules or targets file parsed, once per content in a process (a batch worker runs
    many owners with the same files; compiling the keyword rules costs ~0.3 s)."""
    return _parse_cached(kind, str(path) if path else None, refresh.file_digest(path))


@functools.lru_cache(maxsize=16)
def _parse_cached(kind: str, path: str | None, digest: str):
    p = Path(path) if path else None
    return load_rules(p) if kind == "rules" else tuple(load_targets(p))


def _run_tag(ctx: Context) -> dict[str, pl.DataFrame]:
    dd, norm = ctx.tables["dedupe"], ctx.tables["normalize"]
    files = ctx.cfg.files
    result = tag(dd["people"], dd["records"], norm["interactions"], norm["owner"],
                 rules=_parsed("rules", files.get("networks")),
                 targets=list(_parsed("targets", files.get("targets"))),
                 decisions=decisions_mod.load(files.get("decisions")), as_of=ctx.as_of)
    ctx.stats["tag"] = result.stats
    return {"people": result.people, "networks": result.networks, "targets": result.targets,
            "openings": result.openings, "companies": result.companies}


def _run_changes(ctx: Context) -> dict[str, pl.DataFrame]:
    dd = ctx.tables["dedupe"]
    if ctx.dedupe_reused:
        # the same people (ids, names, organisations, titles) and interactions as the current
        # run: comparing them with it finds nothing (tests/test_incremental.py checks)
        frame = schema.empty(changes_mod.CHANGES)
    else:
        frame = changes_mod.compute(_previous(ctx.out, "people"), ctx.tables["tag"]["people"],
                                    dd["lineage"], _previous(ctx.out, "interactions"),
                                    ctx.tables["normalize"]["interactions"])
    ctx.stats["changes"] = {k: int(v) for k, v in
                            frame.group_by("change").len().iter_rows()}
    return {"changes": frame}


def from_stage(name: str) -> tuple[str, ...]:
    """That stage and every one after it."""
    return ORDER[ORDER.index(name):]


def _drafts(cfg: Config) -> dict | None:
    """The user's message templates (drafts.toml beside the targets file), else built-in."""
    targets = cfg.files.get("targets")
    try:
        return drafts_mod.load(targets.parent / "drafts.toml" if targets else None)
    except drafts_mod.DraftError as exc:
        log.warning("kith: %s The built-in message templates are used.", exc)
        return None


def _run_outreach(ctx: Context) -> dict[str, pl.DataFrame]:
    """The user's notes and ledger meet the data; the worksheets are written."""
    tg, dd = ctx.tables["tag"], ctx.tables["dedupe"]
    notes_path = ctx.cfg.files["notes"]
    # The user's files are computed here and written only once the run is published.
    if ctx.notes_in_sync:
        notes = load_notes(notes_path)
    else:
        pending = plan_sync(notes_path, tg["people"], dd["lineage"])  # NotesError: exit 2
        notes = pending.notes
        ctx.after_publish.append(lambda: commit_sync(pending))
    try:
        led = ledger.load_ledger(ledger.ledger_path(notes_path))
    except ledger.LedgerError as exc:
        log.warning("kith: the ledger could not be read (%s); worksheets show no ledger.", exc)
        led = ledger.empty_ledger()
    led = ledger.rekeyed(led, merged_ids(tg["people"], dd["lineage"]))
    people = ledger.apply_to_people(tg["people"], notes, led, ctx.as_of,
                                    _parsed("rules", ctx.cfg.files.get("networks")).dormant)
    folder = ctx.staging.directory("worksheets")
    keep: dict[str, pl.DataFrame] = {}
    written = render(folder, people=people, networks=tg["networks"], targets=tg["targets"],
                     review=dd["review"], notes=notes, reciprocity=ledger.reciprocity(led),
                     changes=ctx.tables["changes"]["changes"],
                     openings=tg["openings"], companies=tg["companies"],
                     drafts=_drafts(ctx.cfg),
                     refreshed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                     as_of=ctx.as_of, plan_sizes=ctx.cfg.plan,
                     intro_closed=intro_decisions.load_beside(notes_path), keep=keep)
    ctx.stats["outreach"] = {"worksheet_files": len(written)}
    return {"people": people, "introductions": keep["introductions"]}


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
            log.warning("kith: %s Rebuilding it: this run starts at the %s stage.", exc, name)
            for stale in ORDER[i:first]:
                ctx.tables.pop(stale, None)
            return i
    return first


RUNNERS = {"ingest": _run_ingest, "normalize": _run_normalize, "dedupe": _run_dedupe,
           "tag": _run_tag, "changes": _run_changes, "outreach": _run_outreach}


def _stages(ctx: Context, report: RunReport, first: int, last: int, incremental: bool) -> None:
    """Stages first..last computed (earlier ones read back) and their tables written."""
    staging, progress = ctx.staging, ctx.progress
    live = progress if isinstance(progress, Progress) else None
    # Stage tables are written in a background thread while later stages compute (the
    # Parquet writer releases the GIL). Ingest's tables wait for normalize: it may still
    # drop rows of people you asked kith to forget.
    with ThreadPoolExecutor(1, thread_name_prefix="kith-write") as writer:
        pending = []

        def persist(stage: str, only: tuple[str, ...] | None = None) -> None:
            for t in ctx.tables[stage]:
                if only is None or t in only:
                    pending.append(writer.submit(staging.table, ctx.tables[stage][t],
                                                 f"stages/{stage}/{t}.parquet"))

        first = _read_earlier_stages(ctx, first)
        if first <= ORDER.index("dedupe"):  # a stale stage table put dedupe back in the run
            ctx.dedupe_reused = ctx.notes_in_sync = False
        if incremental and first > ORDER.index("dedupe"):
            # dedupe taken from the current run: its lineage is rebuilt against the current
            # state, as recomputing dedupe would (every id maps to itself)
            dd = dict(ctx.tables["dedupe"].items())
            dd["lineage"] = refresh.identity_lineage(load_state(ctx.out), dd["records"])
            ctx.tables["dedupe"] = dd
            persist("dedupe", only=("lineage",))
        for name in ORDER[first: last + 1]:
            t0 = time.perf_counter()
            if ctx.on_stage is not None:
                ctx.on_stage(name)
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
        for fut in pending:
            fut.result()  # an OutputError from the writer surfaces here


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
    as_of = as_of or dt.date.today()
    started = time.time()
    report = RunReport(new_run_id(), out)
    ctx = Context(cfg, inputs, out, as_of, debug, progress, ingest_workers=ingest_workers,
                  on_stage=on_stage)
    with run_lock(out, lock_wait):
        todo, fp = refresh.plan(cfg, inputs, out, as_of, tuple(stages), ORDER, incremental)
        if not todo:  # nothing changed
            return _reused(out, report)
        if tuple(stages) == ORDER:
            report.reused_stages = list(ORDER[:ORDER.index(todo[0])])
            ctx.dedupe_reused = incremental and "dedupe" in report.reused_stages
            ctx.notes_in_sync = ctx.dedupe_reused and refresh.notes_unchanged(out, fp)
        stages = todo
        first = min(ORDER.index(s) for s in stages)
        last = max(ORDER.index(s) for s in stages)
        with Staging(out, report.run_id, keep=cfg.keep_runs,
                     inherit=first > 0 or last < len(ORDER) - 1) as staging:
            ctx.staging = staging
            # an inherited fingerprint would describe the run this one replaces
            staging.path(refresh.FINGERPRINT).unlink(missing_ok=True)
            _stages(ctx, report, first, last, incremental)
            _publish(ctx, report, last, started)
            if fp is not None and _write_user_files(ctx):
                # recorded last, from the files as this run left them: a run killed before
                # this point is simply recomputed next time
                write_json({**fp, **refresh.end_parts(cfg, staging.final / "state" /
                                                      "person_ids.parquet")},
                           staging.final / refresh.FINGERPRINT)
            if ctx.cache_keys is not None:
                cache.prune(out / "cache" / "ingest", ctx.cache_keys)
    return report


def _publish(ctx: Context, report: RunReport, last: int, started: float) -> None:
    staging = ctx.staging
    if "ingest" in ctx.tables:
        report.files = ctx.tables["ingest"]["files"]
        report.rejects = ctx.tables["ingest"]["rejects"]
    if last == len(ORDER) - 1:
        for target, (stage, table) in PUBLISHED.items():
            staging.link(f"stages/{stage}/{table}.parquet", f"{target}.parquet")
        for rel, frame in ctx.extra.items():
            staging.table(frame, f"{rel}.parquet")
        staging.json({"state_version": STATE_VERSION}, "state/state.json")
        report.counts = {k: ctx.tables[s][t].height for k, (s, t) in PUBLISHED.items()}
    manifest = _manifest(report, started, ctx.as_of, ctx.inputs)
    manifest["stages_run"] = [n for n in ORDER if n in report.stages]
    staging.json(manifest, "manifest.json")
    _crash_point("before-publish")
    if ctx.on_stage is not None:
        ctx.on_stage("publish")
    staging.publish(LINKS)
    _crash_point("after-publish")


def _write_user_files(ctx: Context) -> bool:
    """The notes and ledger writes the run deferred until it was published; False if one
    failed (the next run tries again)."""
    ok = True
    for write_user_files in ctx.after_publish:
        try:
            write_user_files()
        except (NotesError, ledger.LedgerError) as exc:
            ok = False
            log.warning("kith: the run is published, but your notes could not be updated "
                        "(%s); the next run tries again.", exc)
    return ok
